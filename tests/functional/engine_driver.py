"""An engine process for crash and concurrency tests.

    python -m tests.functional.engine_driver --config-file heat.conf PLAN.json [--go-file F]

``PLAN.json`` is a list of operations ``{"op": "create" | "delete" | "update",
"stack": name, "template": text, "disable_rollback": bool}``.  The driver
builds an :class:`~heat_core.engine.service.EngineService` on the database
of the configuration file, prints ``ready``, waits for ``--go-file`` to
exist (when given), starts every operation at once (each on its stack's
thread, as the service does) and prints one line per operation::

    started STACK STACK_ID
    refused STACK ERROR_CODE MESSAGE

then ``all-started``, and ``done`` once every operation has ended.  Tests
kill it with SIGKILL somewhere in between.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time


def _say(*words) -> None:
    sys.stdout.write(' '.join(str(w) for w in words) + '\n')
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--config-file', required=True)
    parser.add_argument('--go-file', help='start the operations once this file exists')
    parser.add_argument('plan', help='JSON file: the operations to run')
    args = parser.parse_args(argv)

    from heat_core import config
    config.load(['--config-file', args.config_file])
    from heat_core.engine.context import RequestContext
    from heat_core.engine.service import EngineService
    from heat_core.errors import HeatError

    with open(args.plan) as f:
        plan = json.load(f)
    service = EngineService()
    service.start()
    ctx = RequestContext(tenant='crash', user='crash')
    _say('ready')
    while args.go_file and not os.path.exists(args.go_file):
        time.sleep(0.001)

    running = []
    for item in plan:
        try:
            if item['op'] == 'create':
                ident = service.create_stack(
                    ctx, item['stack'], item['template'], template_name='t.yaml',
                    disable_rollback=item.get('disable_rollback', False))
                stack_id = ident['stack_id']
            else:
                stack_id = service.identify(ctx, item['stack'])['id']
                if item['op'] == 'delete':
                    service.delete_stack(ctx, stack_id)
                else:
                    service.update_stack(ctx, stack_id, item['template'],
                                         template_name='t.yaml')
        except HeatError as exc:
            _say('refused', item['stack'], getattr(exc, 'code', type(exc).__name__),
                 str(exc).replace('\n', ' '))
            continue
        running.append(stack_id)
        _say('started', item['stack'], stack_id)
    _say('all-started')
    for stack_id in running:
        service.wait(stack_id)
    service.stop()
    _say('done')
    return 0


if __name__ == '__main__':
    sys.exit(main())
