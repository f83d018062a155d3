"""What reading a stack may keep between requests: parsed templates.

Showing a stack used to parse its stored template, rebuild the default
environment and resolve its parameter values on every request, which was
most of the cost of ``GET /stacks/{name}/{id}``.  None of that changes
while the stack keeps its template: a raw template row is never changed
(an update stores a new one and points the stack at it), so a parsed
template is kept under the row's id.  The row's ``created_at`` is part of
the key as well, so that an id handed out again after a purge (SQLite may
reuse the highest rowid) can never find another template's entry; the
operator settings that shape parsing (``environment_dir`` and the
``[resources]`` type policy) are part of it too.  The global environment
directory is read when a template is first parsed, as Heat reads it when
the engine starts.

Nothing here depends on who asks: the caller has already found the stack
row in the caller's tenant, and the entries are keyed by that row's
immutable ids.  Every cache is a bounded LRU; each engine service (one
database) has its own :class:`ReadCache`.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any, Callable, NamedTuple

#: parsed templates kept per engine service
TEMPLATES_MAX = 256
#: parameter values (and the secrets among them) kept per engine service
VALUES_MAX = 2048


class LRUCache:
    """A thread-safe mapping that keeps the ``maxsize`` entries used last.

    :meth:`get_or_build` builds a missing entry outside the lock (two
    threads may both build it; the first one stored wins) so that a slow
    build never blocks readers of other entries."""

    def __init__(self, maxsize: int):
        if maxsize < 1:
            raise ValueError('maxsize must be at least 1')
        self.maxsize = maxsize
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key) -> bool:
        return key in self._data

    def get_or_build(self, key, build: Callable[[], Any]) -> Any:
        with self._lock:
            try:
                value = self._data[key]
            except KeyError:
                self.misses += 1
            else:
                self._data.move_to_end(key)
                self.hits += 1
                return value
        value = build()
        with self._lock:
            value = self._data.setdefault(key, value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class ParsedTemplate(NamedTuple):
    """A stored template as the read paths use it: the template (None when
    it cannot be read) and the resource type registry of its environment."""
    template: Any
    registry: Any


class Values(NamedTuple):
    """A stack's parameter values for its template, and the secrets
    (NoEcho values) among them."""
    values: dict
    secrets: Any


def settings_key() -> tuple:
    """The operator settings a parsed template depends on."""
    from heat_core.config import CONF
    policy = CONF.resources
    return (CONF.environment_dir, tuple(policy.enabled_types), tuple(policy.disabled_types))


def parameters_key(parameters: dict | None) -> str:
    """A stack's given parameter values as a cache key."""
    return json.dumps(parameters or {}, sort_keys=True, default=str)


class ReadCache:
    """Parsed templates and parameter values of one database's stacks."""

    def __init__(self, templates_max: int = TEMPLATES_MAX, values_max: int = VALUES_MAX):
        self.templates = LRUCache(templates_max)
        self.values = LRUCache(values_max)

    def stack_view(self, raw_template_id: int, stamp, parameters: dict | None,
                   load_raw: Callable[[], dict], params_key: str | None = None) -> tuple:
        """``(ParsedTemplate, Values)`` of a stack: its raw template row's id
        and ``stamp`` (the row's ``created_at``), its given ``parameters``
        (``params_key``: the same as a key, when the caller has one);
        ``load_raw()`` gives the raw template row when it must be parsed.
        The values are shared: callers copy before changing them."""
        settings = settings_key()
        if params_key is None:
            params_key = parameters_key(parameters)

        def build() -> tuple:
            parsed = self.template((raw_template_id, stamp, settings), load_raw)
            return parsed, parameter_values(parsed.template, parameters)
        return self.values.get_or_build((raw_template_id, stamp, settings, params_key), build)

    def keep(self, raw_template_id: int, stamp, template) -> None:
        """Keep ``template``, parsed from the raw template row
        ``raw_template_id`` (created at ``stamp``) by whoever stored that
        row, so that the row is not parsed again for reading."""
        self.templates.get_or_build((raw_template_id, stamp, settings_key()),
                                    lambda: parsed_template(template))

    def template(self, key: tuple, load_raw: Callable[[], dict]) -> ParsedTemplate:
        """The parsed template under ``key``; ``load_raw()`` gives the raw
        template row when it has to be parsed."""
        return self.templates.get_or_build(key, lambda: parse(load_raw()))


def parameter_values(tmpl, parameters: dict | None) -> Values:
    """Typed parameter values (and secrets) of given ``parameters``."""
    from heat_core.engine.wire import Secrets
    from heat_core.errors import Issues
    from heat_core.template import validation
    values = validation.parameter_values(tmpl, parameters or {}, Issues(), None,
                                         check_values=False) if tmpl else {}
    return Values(values, Secrets.of(tmpl, values, parameters))


def parse(raw: dict) -> ParsedTemplate:
    """Parse a raw template row (template, name, environment files, files)."""
    from heat_core.template import loader
    return parsed_template(loader.load(
        raw['template'], raw['template_name'], [tuple(e) for e in raw['environment'] or []],
        raw['files']).template)


def parsed_template(tmpl) -> ParsedTemplate:
    """A loaded template (None: it could not be read) with its environment's
    type registry."""
    from heat_core.resources.registry import TypeRegistry
    return ParsedTemplate(tmpl, TypeRegistry(tmpl.env) if tmpl is not None else None)
