"""Cloud backends: the interface (:mod:`heat_core.clouds.base`) and the
loading of the configured one.

``get_cloud()`` returns the backend named by ``[DEFAULT] default_cloud``
(``sim`` unless configured), created once per process and shared: the
simulated cloud keeps its state in it.
"""

from __future__ import annotations

from heat_core import plugins
from heat_core.clouds.base import (
    KINDS,
    Cloud,
    CloudError,
    CloudObject,
    DuplicateResource,
    UnknownCloud,
)
from heat_core.config import CONF
from heat_core.errors import did_you_mean

__all__ = ['KINDS', 'Cloud', 'CloudError', 'CloudObject', 'DuplicateResource', 'UnknownCloud',
           'get_cloud', 'reset']

_CLOUDS: dict[str, Cloud] = {}


def get_cloud(name: str | None = None) -> Cloud:
    """The cloud backend called ``name`` (default: ``CONF.default_cloud``).

    Raises :class:`UnknownCloud` naming the installed backends when there
    is no such ``heat.clouds`` plugin.
    """
    name = name or CONF.default_cloud
    cloud = _CLOUDS.get(name)
    if cloud is None:
        cls = plugins.cloud_class(name)
        if cls is None:
            known = sorted(plugins.load(plugins.CLOUDS))
            raise UnknownCloud('Unknown cloud "%s"%s (default_cloud); installed clouds: %s' % (
                name, did_you_mean(name, known), ', '.join(known) or 'none'))
        cloud = _CLOUDS[name] = cls()
    return cloud


def reset() -> None:
    """Forget created clouds (tests that need a fresh simulated cloud)."""
    _CLOUDS.clear()
