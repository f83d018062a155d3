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


def load_config(config_files: list[str] | None = None) -> None:
    """Load ``config_files`` (default: ``HEAT_CONFIG_FILE``, several
    separated by ``os.pathsep``)."""
    from heat_core import config
    if config_files is None:
        env = os.environ.get('HEAT_CONFIG_FILE', '')
        config_files = [f for f in env.split(os.pathsep) if f]
    config.load([], config_files=config_files)


class LazyApplication:
    """A WSGI callable that builds its application with ``factory`` on the
    first request (after the fork), once, whatever the threads."""

    def __init__(self, factory):
        self._factory = factory
        self._app = None
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self._app is None:
            with self._lock:
                if self._app is None:
                    self._app = self._factory()
        return self._app(environ, start_response)


def create_app(config_files: list[str] | None = None):
    """The REST API application, configured from ``config_files`` (default:
    ``HEAT_CONFIG_FILE``)."""
    load_config(config_files)
    from heat_api.openstack.app import setup_app
    return setup_app()


#: the process's application, built on the first request
application = LazyApplication(create_app)
