"""The CloudFormation Query API for WSGI servers (gunicorn's threaded
workers), as :mod:`heat_api.wsgi` serves the REST API::

    HEAT_CONFIG_FILE=/etc/heat/heat.conf \\
    gunicorn --worker-class gthread --workers 2 --threads 8 \\
             --bind 127.0.0.1:8000 heat_api.cfn.wsgi:application

The same rules apply: one application per worker, built after the fork;
``heat-manage db_sync`` first and a ``heat-engine`` alongside.
"""

from __future__ import annotations

from heat_api.wsgi import LazyApplication, load_config


def create_app(config_files: list[str] | None = None):
    """The CloudFormation Query API application, configured from
    ``config_files`` (default: ``HEAT_CONFIG_FILE``)."""
    load_config(config_files)
    from heat_api.cfn.app import setup_app
    return setup_app()


#: the process's application, built on the first request
application = LazyApplication(create_app)
