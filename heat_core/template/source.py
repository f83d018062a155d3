"""Reading template and environment text into data, with positions.

Parsing is done by the json module or libyaml (PyYAML's C parser, with the
data built straight from its events by :mod:`.fastyaml`, falling back to
PyYAML's loader for anything unusual), fast and without position
bookkeeping.  Positions are only needed when there is something to report,
so :meth:`Document.locate` indexes them on first use.
"""

from __future__ import annotations

import json

import yaml

from heat_core.errors import Issues
from heat_core.template import fastyaml

try:  # libyaml is in PyYAML's wheels; fall back to pure Python if missing
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

# CloudFormation's YAML short forms: tag -> the long function name.
SHORT_FORMS = {
    'Ref': 'Ref', 'Condition': 'Condition',
    'GetAtt': 'Fn::GetAtt', 'Sub': 'Fn::Sub', 'Join': 'Fn::Join',
    'Select': 'Fn::Select', 'Split': 'Fn::Split', 'If': 'Fn::If',
    'Equals': 'Fn::Equals', 'And': 'Fn::And', 'Or': 'Fn::Or', 'Not': 'Fn::Not',
    'FindInMap': 'Fn::FindInMap', 'Base64': 'Fn::Base64', 'Cidr': 'Fn::Cidr',
    'GetAZs': 'Fn::GetAZs', 'ImportValue': 'Fn::ImportValue',
    'Length': 'Fn::Length', 'ToJsonString': 'Fn::ToJsonString',
    'ForEach': 'Fn::ForEach', 'Transform': 'Fn::Transform',
}


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class _Loader(_BaseLoader):
    """Safe loader: dates stay strings (Heat's version keys), duplicate keys
    are errors, and CloudFormation's !Tags become function maps."""


def _construct_str(loader, node):
    return loader.construct_scalar(node)


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    mapping = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, 'found an unhashable key', key_node.start_mark) from None
        if key in mapping:
            raise DuplicateKey(None, None, 'duplicate key "%s"' % key, key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _short_form(fn_name):
    def construct(loader, node):
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
            if fn_name == 'Fn::GetAtt' and isinstance(value, str):
                value = value.split('.', 1) if '.' in value else [value]
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = _construct_mapping(loader, node, deep=True)
        return {fn_name: value}
    return construct


_Loader.add_constructor('tag:yaml.org,2002:timestamp', _construct_str)
_Loader.add_constructor('tag:yaml.org,2002:map', _construct_mapping)
for _tag, _fn in SHORT_FORMS.items():
    _Loader.add_constructor('!' + _tag, _short_form(_fn))


class _Composer(_BaseLoader):
    """Composes nodes only (for positions); accepts any tag."""


class SyntaxProblem(Exception):
    def __init__(self, message, line, column):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class Document:
    """One parsed file: its name, text and data, and positions on demand."""

    def __init__(self, name: str | None, text: str, data=None):
        self.name = name
        self.text = text
        self.data = data
        self._index = None

    @classmethod
    def parse(cls, text, name: str | None = None, issues: Issues | None = None):
        """Parse JSON or YAML text.  On a syntax error record it in
        ``issues`` (with line and column) and return a document whose data
        is None."""
        if isinstance(text, bytes):
            text = text.decode('utf-8', errors='replace')
        doc = cls(name, text)
        try:
            doc.data = _load(text)
        except SyntaxProblem as exc:
            if issues is None:
                raise
            from heat_core.errors import Issue
            issues.items.append(Issue((), exc.message, source=doc,
                                      line=exc.line, column=exc.column))
        return doc

    # -- positions -------------------------------------------------------
    def _positions(self) -> dict:
        """``{path: (line, column)}`` of every node, from one pass over the
        parser's events (cheaper than composing a node tree)."""
        if self._index is None:
            try:
                self._index = _index_positions(self.text.replace('\t', ' '))
            except yaml.YAMLError:
                self._index = {}
        return self._index

    def locate(self, path) -> tuple[int, int]:
        """1-based (line, column) of the deepest node found along ``path``."""
        index = self._positions()
        path = tuple(path)
        for end in range(len(path), -1, -1):
            found = index.get(path[:end])
            if found is not None:
                return found
        return 1, 1


def _index_positions(text: str) -> dict:
    out = {}
    frames = []        # [is_mapping, key or next index, expecting a key]
    path = []
    scalar, mstart, sstart, alias = (yaml.ScalarEvent, yaml.MappingStartEvent,
                                     yaml.SequenceStartEvent, yaml.AliasEvent)
    mend, send = yaml.MappingEndEvent, yaml.SequenceEndEvent
    for ev in yaml.parse(text, Loader=_Composer):
        kind = type(ev)
        if kind is scalar or kind is mstart or kind is sstart or kind is alias:
            if frames:
                top = frames[-1]
                if top[0]:
                    if top[2]:
                        top[1] = ev.value if kind is scalar else None
                        top[2] = False
                        if kind is scalar or kind is alias:
                            continue
                        # a complex key: index nothing below it
                        frames.append([kind is mstart, 0, kind is mstart])
                        path.append(None)
                        continue
                    top[2] = True
                    here = tuple(path) + (top[1],)
                else:
                    here = tuple(path) + (top[1],)
                    top[1] += 1
            else:
                here = ()
            mark = ev.start_mark
            out.setdefault(here, (mark.line + 1, mark.column + 1))
            if kind is mstart or kind is sstart:
                if frames:
                    path.append(here[-1])
                frames.append([kind is mstart, None if kind is mstart else 0, True])
        elif kind is mend or kind is send:
            frames.pop()
            if frames and path:
                path.pop()
    return out


def _load(text: str):
    stripped = text.lstrip()
    if stripped.startswith('{'):
        try:
            return json.loads(text, object_pairs_hook=_json_object)
        except json.JSONDecodeError as exc:
            raise SyntaxProblem('JSON syntax error: %s' % exc.msg, exc.lineno,
                                exc.colno) from None
        except _JsonDuplicate as exc:
            # json gives no position: find the second occurrence in the text.
            line, col = _find_key(text, exc.key)
            raise SyntaxProblem('duplicate key "%s"' % exc.key, line, col) from None
    try:
        return fastyaml.load(text, SHORT_FORMS)
    except fastyaml.Fallback:
        pass
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or 'syntax error'
        context = (' %s' % exc.context) if exc.context and not isinstance(exc, DuplicateKey) else ''
        return _raise(('YAML syntax error: ' if not isinstance(exc, DuplicateKey) else '')
                      + problem + context,
                      (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1)
    except yaml.YAMLError as exc:
        return _raise('YAML syntax error: %s' % exc, 1, 1)
    except RecursionError:
        return _raise('document is nested too deeply', 1, 1)


def _raise(message, line, column):
    raise SyntaxProblem(message, line, column)


class _JsonDuplicate(Exception):
    def __init__(self, key):
        self.key = key


def _json_object(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _JsonDuplicate(key)
        result[key] = value
    return result


def _find_key(text, key):
    needle = json.dumps(key)
    first = text.find(needle)
    second = text.find(needle, first + 1) if first >= 0 else -1
    pos = second if second >= 0 else max(first, 0)
    line = text.count('\n', 0, pos) + 1
    return line, pos - (text.rfind('\n', 0, pos) + 1) + 1
