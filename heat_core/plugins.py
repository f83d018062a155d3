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

from stevedore import ExtensionManager

TEMPLATES = 'heat.templates'
FUNCTIONS = 'heat.functions'
RESOURCES = 'heat.resources'
CONSTRAINTS = 'heat.constraints'
CLOUDS = 'heat.clouds'


@functools.lru_cache(maxsize=None)
def load(namespace: str) -> dict:
    """``{entry point name: plugin}`` for a namespace (broken plugins are
    skipped with a log message by stevedore)."""
    mgr = ExtensionManager(namespace, invoke_on_load=False, on_load_failure_callback=_log_failure)
    return {ext.name: ext.plugin for ext in mgr}


def _log_failure(manager, entrypoint, exc):
    import logging
    logging.getLogger(__name__).warning('Could not load plugin %s from %s: %s',
                                        entrypoint.name, manager.namespace, exc)


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
