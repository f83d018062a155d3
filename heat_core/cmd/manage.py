"""``heat-manage``: database and operator tasks.

    heat-manage [--config-file F] db_sync

Logs go to stderr; commands that print results print them on stdout.
"""

from __future__ import annotations

import argparse
import logging
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog='heat-manage', description=__doc__.split('\n')[0])
    parser.add_argument('--config-file', action='append', default=[],
                        help='configuration file (repeatable)')
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('db_sync', help='bring the database to the current schema')
    sub.add_parser('db_version', help='print the schema revision of the database')
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format='%(levelname)s %(name)s: %(message)s')
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
    except Exception as exc:  # noqa: BLE001 - one line, no traceback, for operators
        print('heat-manage: error: %s' % (str(exc).splitlines()[0] if str(exc) else exc),
              file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
