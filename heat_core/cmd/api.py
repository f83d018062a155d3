"""``heat-api``, ``heat-api-cfn`` and ``heat-all``: the APIs as processes.

    heat-api [--config-file F]   the REST API ([heat_api] bind_host:bind_port,
                                 default 127.0.0.1:8004); operations run on
                                 threads of this process
    heat-api-cfn [--config-file F]  the CloudFormation Query API
                                 ([heat_api_cfn] bind_host:bind_port, default
                                 127.0.0.1:8000), signed with EC2 keys
    heat-all [--config-file F]   the REST API, the CloudFormation API (each on
                                 its own port) and the engine service in one
                                 process: brings the database schema up to
                                 date first and takes over stacks whose
                                 engine died, like heat-engine

All serve with the embedded threaded HTTP server (:mod:`heat_api.server`),
one process, no forked workers; by default on the SQLite file under
``$XDG_DATA_HOME/heat/`` that the ``heat`` CLI's local mode uses.  Tokens
come from ``heat-manage bootstrap``.  SIGTERM/SIGINT stop accepting
requests, then wait for running operations.  For production, gunicorn's
threaded workers can serve :mod:`heat_api.wsgi` instead.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

LOG = logging.getLogger('heat.api')


def _setup(prog: str, argv: list[str] | None):
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split('\n')[0])
    parser.add_argument('--config-file', action='append', default=[],
                        help='configuration file (repeatable)')
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from oslo_config import cfg

    from heat_core import config
    try:
        config.load([], config_files=args.config_file)
    except cfg.Error as exc:
        parser.exit(2, '%s: error: %s\n' % (prog, exc))
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format='%(asctime)s %(levelname)s %(name)s: %(message)s')
    logging.getLogger('alembic').setLevel(logging.WARNING)
    return config.CONF


def _apps(conf, service, apis) -> list:
    """``(name, WSGI app, config group)`` of each API to serve."""
    out = []
    for api in apis:
        if api == 'rest':
            from heat_api.openstack.app import setup_app
            out.append(('REST API', setup_app(service), conf.heat_api))
        else:
            from heat_api.cfn.app import setup_app as setup_cfn
            out.append(('CloudFormation API', setup_cfn(service), conf.heat_api_cfn))
    return out


def _serve(conf, service, background=None, apis=('rest',)) -> int:
    """Serve the APIs (``rest``: [heat_api], ``cfn``: [heat_api_cfn]), each
    with its own server in this process, until SIGTERM/SIGINT."""
    from heat_api.server import Server
    servers = []
    for name, app, group in _apps(conf, service, apis):
        try:
            servers.append(Server(app, group.bind_host, group.bind_port,
                                  conf.heat_api.threads))
        except OSError as exc:
            LOG.error('Cannot listen on %s:%s for the %s: %s', group.bind_host,
                      group.bind_port, name, exc)
            for server in servers:
                server.shutdown()
            return 1

    def stop(signum, _frame):
        LOG.info('Signal %d: stopping', signum)
        # servers are stopped from another thread: the main loop runs on this one
        for server in servers:
            threading.Thread(target=server.shutdown, daemon=True).start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    for server in servers[1:]:
        server.start()
    servers[0].serve_forever()
    for server in servers[1:]:
        server.shutdown()
    if background is not None:
        background()
    service.stop()
    LOG.info('Stopped')
    return 0


def _warn_without_identity(conf) -> None:
    if conf.auth.strategy != 'embedded':
        return
    from sqlalchemy import func, select

    from heat_core.identity.store import PROJECT, IdentityStore
    try:
        with IdentityStore().engine.connect() as c:
            projects = c.execute(select(func.count()).select_from(PROJECT)).scalar_one()
    except Exception:  # noqa: BLE001 - no schema yet: say the same thing
        projects = 0
    if not projects:
        LOG.warning('The identity store is empty: run "heat-manage bootstrap --project NAME '
                    '--user NAME" for a token')


def api_main(argv: list[str] | None = None) -> int:
    """``heat-api``."""
    conf = _setup('heat-api', argv)
    from heat_core.engine.service import EngineService
    _warn_without_identity(conf)
    return _serve(conf, EngineService())


def cfn_main(argv: list[str] | None = None) -> int:
    """``heat-api-cfn``."""
    conf = _setup('heat-api-cfn', argv)
    from heat_core.engine.service import EngineService
    _warn_without_identity(conf)
    return _serve(conf, EngineService(), apis=('cfn',))


def all_main(argv: list[str] | None = None) -> int:
    """``heat-all``: REST API + engine (with crash recovery) in one process."""
    conf = _setup('heat-all', argv)
    from heat_core.db import api
    api.db_sync()
    from heat_core.engine import runner
    from heat_core.engine.service import EngineService
    _warn_without_identity(conf)
    service = EngineService()
    service.start()
    stop = threading.Event()
    recovery = threading.Thread(target=runner.serve, args=(service, stop), name='recovery',
                                daemon=True)
    recovery.start()

    def stop_recovery():
        stop.set()
        recovery.join()
    LOG.info('heat-all %s started', service.liveness.id)
    return _serve(conf, service, stop_recovery, apis=('rest', 'cfn'))


if __name__ == '__main__':
    sys.exit(all_main())
