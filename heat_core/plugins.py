"""stevedore registries for every plugin namespace, loaded once per process.

Namespaces:
``heat.templates``   template format classes, named ``<version key>.<version>``
``heat.functions``   intrinsic functions (the class says its name and versions)
``heat.resources``   resource types, named by type (``AWS::EC2::Instance``)
``heat.constraints`` custom constraints (``nova.flavor``)
``heat.clouds``      cloud backends (``sim``, ``openstack``)
"""

from __future__ import annotations

import functools
import threading
from collections.abc import MutableMapping

TEMPLATES = 'heat.templates'
FUNCTIONS = 'heat.functions'
RESOURCES = 'heat.resources'
CONSTRAINTS = 'heat.constraints'
CLOUDS = 'heat.clouds'


def entry_points(namespace: str) -> list:
    """The installed entry points of ``namespace``, not loaded.  stevedore
    keeps a cache of them (a few ms instead of reading every installed
    distribution's metadata); importlib.metadata is the fallback should
    that private cache change.  (``heat_cli.main`` reads its commands the
    same way without importing this module: its remote mode loads nothing
    of heat_core.)"""
    try:
        from stevedore import _cache
        return list(_cache._c.get_group_all(namespace))
    except Exception:  # noqa: BLE001 - private API; any change → the slow path
        import importlib.metadata
        return list(importlib.metadata.entry_points(group=namespace))


class Plugins(MutableMapping):
    """``{entry point name: plugin}`` of a namespace, each plugin imported
    when it is first looked up (``[name]``, ``get``, ``in``); iterating
    imports them all.  A create of a stack that uses two resource types
    imports those two families, not every plugin package installed.

    A plugin that fails to import is left out, with a log message (as
    stevedore does); the order is the entry points' order."""

    def __init__(self, namespace: str, eps):
        self.namespace = namespace
        self._pending = {}
        for ep in eps:
            self._pending[ep.name] = ep
        self._names = list(self._pending)
        self._loaded: dict = {}
        self._lock = threading.Lock()

    def _import(self, name: str) -> None:
        # Not under the lock: a plugin module may look plugins up while it
        # is imported (the import system keeps a module from loading twice).
        ep = self._pending.get(name)
        if ep is None:
            return
        try:
            plugin = ep.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin is left out
            with self._lock:
                if self._pending.pop(name, None) is not None:
                    _log_failure(self.namespace, ep, exc)
            return
        with self._lock:
            if self._pending.pop(name, None) is not None:
                self._loaded[name] = plugin

    def __getitem__(self, name: str):
        if name in self._pending:
            self._import(name)
        return self._loaded[name]

    def __contains__(self, name) -> bool:
        if name in self._pending:
            self._import(name)
        return name in self._loaded

    def __iter__(self):
        for name in list(self._pending):
            self._import(name)
        return iter([n for n in self._names if n in self._loaded])

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __setitem__(self, name: str, plugin) -> None:
        with self._lock:
            self._pending.pop(name, None)
            if name not in self._names:
                self._names.append(name)
            self._loaded[name] = plugin

    def __delitem__(self, name: str) -> None:
        with self._lock:
            self._pending.pop(name, None)
            del self._loaded[name]


@functools.lru_cache(maxsize=None)
def load(namespace: str) -> Plugins:
    """The plugins of a namespace (one mapping per process)."""
    return Plugins(namespace, entry_points(namespace))


def _log_failure(namespace: str, entrypoint, exc: Exception) -> None:
    import logging
    logging.getLogger(__name__).warning('Could not load plugin %s from %s: %s',
                                        entrypoint.name, namespace, exc)


def template_classes() -> dict:
    return load(TEMPLATES)


def function_classes() -> list:
    return list(load(FUNCTIONS).values())


def resource_classes() -> dict:
    return load(RESOURCES)


def constraint_plugin(name: str):
    return load(CONSTRAINTS).get(name)


def cloud_class(name: str):
    return load(CLOUDS).get(name)


def reset() -> None:
    """Forget loaded plugins (tests that install plugins at run time)."""
    load.cache_clear()
