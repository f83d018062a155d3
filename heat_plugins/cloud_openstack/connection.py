"""One openstacksdk ``Connection`` per cloud and region, made on first use.

Building a Connection (reading clouds.yaml, preparing the keystoneauth
session) costs about 0.2 s with the imports, and the session keeps the
token and the discovered endpoints and API versions: every backend object
of a process shares one per ``(cloud, region)``.
"""

from __future__ import annotations

import os
import threading

from heat_core.clouds.errors import CloudError

_CONNECTIONS: dict[tuple, object] = {}
_LOCK = threading.Lock()


def connect(cloud: str | None = None, region_name: str | None = None):
    """The process's Connection to ``cloud`` (a clouds.yaml entry; None:
    ``OS_CLOUD`` or the ``OS_*`` environment) in ``region_name`` (None: the
    cloud's own)."""
    # a child process makes its own (a session must not cross a fork)
    key = (os.getpid(), cloud, region_name)
    with _LOCK:
        conn = _CONNECTIONS.get(key)
        if conn is None:
            conn = _CONNECTIONS[key] = _make(cloud, region_name)
    return conn


def _make(cloud, region_name):
    import openstack
    from keystoneauth1 import exceptions as ksa
    from openstack import exceptions as sdk

    try:
        return openstack.connect(cloud=cloud, region_name=region_name, app_name='heat')
    except (sdk.SDKException, ksa.ClientException) as exc:
        where = 'cloud "%s"' % cloud if cloud else 'the OS_CLOUD / OS_* environment'
        raise CloudError('Cannot configure OpenStack from %s ([cloud_openstack] cloud, '
                         'clouds.yaml): %s' % (where, exc)) from exc


def reset() -> None:
    """Forget the Connections made (tests, a changed configuration)."""
    with _LOCK:
        _CONNECTIONS.clear()
