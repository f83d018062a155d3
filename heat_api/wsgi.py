"""The REST API v1 for WSGI servers (production: gunicorn's threaded workers).

::

    HEAT_CONFIG_FILE=/etc/heat/heat.conf \\
    gunicorn --worker-class gthread --workers 2 --threads 8 \\
             --bind 127.0.0.1:8004 heat_api.wsgi:application

Every worker process builds its own application (and engine service) on
its first request, after the fork, from the configuration files in
``HEAT_CONFIG_FILE`` (several separated by ``os.pathsep``).  Run
``heat-manage db_sync`` before starting, and a ``heat-engine`` next to
the workers: operations run on worker threads, and heat-engine takes over
those of a worker that is killed or recycled (gunicorn's ``--timeout`` and
``--max-requests``).  Do not use ``--preload``: database connections must
not cross the fork.
"""

from __future__ import annotations

import os
import threading

_app = None
_lock = threading.Lock()


def create_app(config_files: list[str] | None = None):
    """The WSGI application, configured from ``config_files`` (default:
    ``HEAT_CONFIG_FILE``)."""
    from heat_core import config
    if config_files is None:
        env = os.environ.get('HEAT_CONFIG_FILE', '')
        config_files = [f for f in env.split(os.pathsep) if f]
    config.load([], config_files=config_files)
    from heat_api.openstack.app import setup_app
    return setup_app()


def application(environ, start_response):
    """The process's application, built on the first request."""
    global _app
    if _app is None:
        with _lock:
            if _app is None:
                _app = create_app()
    return _app(environ, start_response)
