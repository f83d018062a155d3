"""Modules that taskflow imports but Heat's flows never use, loaded on first
use instead of with taskflow.

Taskflow imports, at module level, what its worker-based engines, jobboards,
persistence backends and failure (de)serialisation need: jsonschema (through
``taskflow.utils.schema_utils``, for ``Failure.validate``), psutil (through
``oslo_utils.netutils``, for backend URIs) and oslo.serialization's JSON and
msgpack helpers (for stored and transported atoms).  Heat runs its flows in
process with a persistence backend that keeps nothing (see
:mod:`heat_core.engine.walker`), so none of them runs; importing them was a
fifth of taskflow's import, paid by every ``heat stack create`` in local
mode before its first resource starts.

:func:`defer` puts a stand-in for each into ``sys.modules`` (and on its
package), unless it is imported already: ``import x`` and ``from pkg import
x`` then give the stand-in, and reading any attribute of it imports the real
module (once, under a lock: the standard library's ``LazyLoader`` is not
thread-safe before Python 3.12) and makes the stand-in a copy of it.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

#: what taskflow imports for paths Heat does not take
TASKFLOW_UNUSED = (
    'taskflow.utils.schema_utils',     # jsonschema: Failure.validate, worker protocol
    'oslo_utils.netutils',             # psutil: taskflow.utils.misc.parse_uri
    'oslo_serialization.jsonutils',    # taskflow.utils.misc.decode_json
    'oslo_serialization.msgpackutils',  # taskflow.utils.misc.decode_msgpack
)

_lock = threading.RLock()


class _StandIn(types.ModuleType):
    """Holds the place of a module not imported yet."""

    def __getattr__(self, attr: str):
        # only called for what the stand-in does not have: everything, until
        # the real module is loaded and copied in
        return getattr(_load(self), attr)


def _load(stand_in: _StandIn) -> types.ModuleType:
    name = stand_in.__name__
    with _lock:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
            try:
                real = importlib.import_module(name)
            except BaseException:
                sys.modules.setdefault(name, stand_in)
                raise
            # holders of the stand-in (``from pkg import x``) see the real
            # module's names from now on, without coming here again
            stand_in.__dict__.update(real.__dict__)
        return sys.modules[name]


def defer(names=TASKFLOW_UNUSED) -> None:
    """Put a stand-in in place of each module of ``names`` that is not
    imported yet (and exists)."""
    with _lock:
        for name in names:
            if name in sys.modules:
                continue
            parent, _, child = name.rpartition('.')
            try:
                if importlib.util.find_spec(name) is None:
                    continue
            except (ImportError, ValueError):
                continue
            stand_in = _StandIn(name)
            sys.modules[name] = stand_in
            if parent:
                setattr(sys.modules[parent], child, stand_in)
