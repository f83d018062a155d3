"""Cloud backends: the interface (:mod:`heat_core.clouds.base`) and the
loading of the configured one.

``get_cloud()`` returns the backend named by ``[DEFAULT] default_cloud``
(``sim`` unless configured), created once per process and database and
shared: the simulated cloud keeps its state in that database.
"""

from __future__ import annotations

import threading

from heat_core import plugins
from heat_core.clouds.base import (
    KINDS,
    BadRequest,
    Cloud,
    CloudError,
    CloudObject,
    Conflict,
    DuplicateResource,
    NotFound,
    NotSupported,
    QuotaExceeded,
    UnknownCloud,
    ignore_not_found,
)
from heat_core.config import CONF
from heat_core.errors import did_you_mean

__all__ = ['KINDS', 'BadRequest', 'Cloud', 'CloudError', 'CloudObject', 'Conflict',
           'DuplicateResource', 'NotFound', 'NotSupported', 'QuotaExceeded', 'UnknownCloud',
           'get_cloud', 'ignore_not_found', 'reset']

_CLOUDS: dict[tuple, Cloud] = {}
_LOCK = threading.Lock()


def get_cloud(name: str | None = None, engine=None) -> Cloud:
    """The cloud backend called ``name`` (default: ``CONF.default_cloud``).

    ``engine``: the SQLAlchemy engine of the Heat database the caller works
    on (the engine service passes its store's), so that the simulated cloud
    lives in the same database; without it the cloud follows ``[database]
    connection``.  Raises :class:`UnknownCloud` naming the installed
    backends when there is no such ``heat.clouds`` plugin.
    """
    name = name or CONF.default_cloud
    key = (name, None if engine is None else id(engine))
    with _LOCK:
        cloud = _CLOUDS.get(key)
        if cloud is None:
            cls = plugins.cloud_class(name)
            if cls is None:
                known = sorted(plugins.load(plugins.CLOUDS))
                raise UnknownCloud('Unknown cloud "%s"%s (default_cloud); installed clouds: %s'
                                   % (name, did_you_mean(name, known), ', '.join(known) or 'none'))
            from_config = getattr(cls, 'from_config', None)
            cloud = from_config(engine=engine) if from_config else cls()
            _CLOUDS[key] = cloud
    return cloud


def reset() -> None:
    """Forget created clouds (tests that need a fresh simulated cloud)."""
    with _LOCK:
        _CLOUDS.clear()
