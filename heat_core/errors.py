"""Errors Heat reports to users.

Validation never stops at the first problem: it records :class:`Issue` s in
an :class:`Issues` list, each with the path inside the document it concerns
(``('Resources', 'WebServer', 'Properties', 'ImageId')``) and the source it
came from, so that it can be shown as ``FILE:LINE:COL: PATH: message``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Iterator

ERROR = 'error'
WARNING = 'warning'

Path = tuple


def format_path(path: Iterable) -> str:
    """``('Resources', 'A', 'Properties', 'List', 0)`` -> ``Resources.A.Properties.List[0]``."""
    out = ''
    for part in path:
        if isinstance(part, int):
            out += '[%d]' % part
        else:
            out += ('.' if out else '') + str(part)
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean "X"?)' suffix naming the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return ' (did you mean "%s"?)' % close[0] if close else ''


@dataclass
class Issue:
    """One problem found in a template, environment or parameter value."""
    path: Path
    message: str
    level: str = ERROR
    source: object = None          # a Document (or None: the main template)
    line: int | None = None
    column: int | None = None

    @property
    def file(self) -> str:
        return getattr(self.source, 'name', None) or '<template>'

    def as_dict(self) -> dict:
        return {'file': self.file, 'line': self.line, 'column': self.column,
                'path': format_path(self.path), 'level': self.level,
                'message': self.message}

    def __str__(self) -> str:
        loc = self.file
        if self.line is not None:
            loc += ':%d:%d' % (self.line, self.column or 1)
        where = format_path(self.path)
        prefix = '' if self.level == ERROR else 'warning: '
        return '%s: %s%s' % (loc, (where + ': ') if where else '', prefix + self.message)


@dataclass
class Issues:
    """Problems collected while validating; errors and warnings kept apart."""
    source: object = None
    items: list[Issue] = field(default_factory=list)

    def error(self, path: Path, message: str, source: object = None) -> None:
        self.items.append(Issue(tuple(path), message, ERROR, source or self.source))

    def warning(self, path: Path, message: str, source: object = None) -> None:
        self.items.append(Issue(tuple(path), message, WARNING, source or self.source))

    def extend(self, other: 'Issues') -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.items if i.level == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.items if i.level == WARNING]

    def __bool__(self) -> bool:
        return any(i.level == ERROR for i in self.items)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.items)

    def locate(self) -> 'Issues':
        """Fill in line and column of every issue from its source document,
        then sort them by file and position (deduplicated)."""
        seen = set()
        unique = []
        for issue in self.items:
            src = issue.source
            if issue.line is None and src is not None and hasattr(src, 'locate'):
                issue.line, issue.column = src.locate(issue.path)
            key = (issue.file, issue.line, issue.column, issue.path, issue.message, issue.level)
            if key not in seen:
                seen.add(key)
                unique.append(issue)
        unique.sort(key=lambda i: (i.level != ERROR, i.file, i.line or 0, i.column or 0))
        self.items = unique
        return self


class HeatError(Exception):
    """Base of errors shown to users; ``str()`` is the whole message."""
    code = 'HeatError'
    http_status = 400

    def __init__(self, message: str = ''):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class TemplateInvalid(HeatError):
    """A template (or its environment/parameters) failed validation."""
    code = 'StackValidationFailed'

    def __init__(self, issues: Issues):
        self.issues = issues
        errors = issues.errors
        text = '\n'.join(str(i) for i in errors) or 'template is invalid'
        super().__init__(text)


class NotFound(HeatError):
    code = 'NotFound'
    http_status = 404


class InvalidTemplateReference(HeatError):
    """A function referred to something the template does not define."""


class Unresolved(Exception):
    """A value cannot be computed yet (e.g. a resource attribute before the
    resource exists); validation treats the value as unknown."""
