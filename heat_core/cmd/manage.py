"""``heat-manage``: database and operator tasks.

    heat-manage [--config-file F] db_sync
    heat-manage [--config-file F] cloud list [--type TYPE]
    heat-manage [--config-file F] bootstrap --project NAME --user NAME [--password P]

Logs go to stderr; commands that print results print them on stdout.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog='heat-manage', description=__doc__.split('\n')[0])
    parser.add_argument('--config-file', action='append', default=[],
                        help='configuration file (repeatable)')
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('db_sync', help='bring the database to the current schema')
    sub.add_parser('db_version', help='print the schema revision of the database')
    cloud = sub.add_parser('cloud', help='the simulated cloud').add_subparsers(
        dest='cloud_command', required=True)
    listing = cloud.add_parser('list', help='print the live objects of the cloud (servers, '
                               'volumes, ...) as one JSON list')
    listing.add_argument('--type', help='only objects of this type (server, volume, '
                         'floating_ip, security_group, port, container, user, ...)')
    boot = sub.add_parser(
        'bootstrap', help='create a project and a user with a role in it (idempotent) in '
        'the embedded identity store; print a JSON document with the project id, a new '
        'token and the user\'s EC2 key pair')
    boot.add_argument('--project', required=True, help='project name')
    boot.add_argument('--project-id', help='id of the project when it is created (default: '
                      'a new UUID); "local" is the project of the heat CLI\'s local mode')
    boot.add_argument('--user', required=True, help='user name')
    boot.add_argument('--password', help='the user\'s password (set or replaced); without '
                      'it the user authenticates with tokens only')
    boot.add_argument('--role', default='admin', help='role of the user in the project '
                      '(default: admin)')
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format='%(levelname)s %(name)s: %(message)s')
    logging.getLogger('alembic').setLevel(logging.WARNING)
    from heat_core import config
    config.load([], config_files=args.config_file)
    from heat_core.db import api
    try:
        if args.command == 'db_sync':
            api.db_sync()
            logging.getLogger('heat.manage').info('Database schema is at %s',
                                                  api.current_revision())
        elif args.command == 'db_version':
            print(api.current_revision())
        elif args.command == 'cloud':
            print(_cloud_list(args.type))
        elif args.command == 'bootstrap':
            print(json.dumps(_bootstrap(args)))
    except Exception as exc:  # noqa: BLE001 - one line, no traceback, for operators
        print('heat-manage: error: %s' % (str(exc).splitlines()[0] if str(exc) else exc),
              file=sys.stderr)
        return 1
    return 0


def _bootstrap(args) -> dict:
    from heat_core.db import api
    from heat_core.identity.store import IdentityStore
    api.db_sync()
    store = IdentityStore()
    if args.project_id:
        store.ensure_project(args.project, project_id=args.project_id)
    result = store.bootstrap(args.project, args.user, args.password, args.role)
    logging.getLogger('heat.manage').info('User %s has role %s in project %s (%s)', args.user,
                                          args.role, args.project, result['project_id'])
    return result



def _cloud_list(kind: str | None) -> str:
    """The live objects of the configured cloud (on Heat's database) as JSON."""
    import json as _json

    from heat_core.clouds import get_cloud
    from heat_core.clouds.base import LIVE_KINDS
    from heat_core.db import api
    if kind is not None and kind not in LIVE_KINDS + ('object',):
        raise ValueError('Unknown type "%s"; one of %s' % (kind, ', '.join(LIVE_KINDS)))
    cloud = get_cloud(engine=api.get_engine())
    return _json.dumps([dict(o) for o in cloud.live_objects(kind)], sort_keys=True)

if __name__ == '__main__':
    sys.exit(main())
