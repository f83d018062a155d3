"""Stack engine timings and memory, each case on a fresh SQLite database.

    python benchmarks/bench_engine.py [--runs N] [--only NAME ...]

Resources talk to no cloud (zero simulated latency): ``OS::Heat::None``
costs only the engine's own work, ``OS::Heat::TestResource`` with
``wait_secs`` adds a known wait.  A create or delete is timed from the
service call to the end of the operation (validation, loading, every state
change and event written), in-process, as the median of N runs after a
warm-up (plugins loaded, as in a running engine).  Peak RSS is measured in
a child process that only creates the 1000-resource stack, on a database
migrated beforehand.

Prints numbers only, each with its targets ("must" / "goal") and OpenStack
Heat 27's figure for the same case.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HOT = 'heat_template_version: 2018-08-31\nresources:\n'

# name: (what, must, goal, Heat 27, unit)
CASES = {
    'create_1000': ('1000 independent OS::Heat::None, create', 2.0, 1.0, 11.4, 's'),
    'delete_1000': ('1000 independent OS::Heat::None, delete', 2.0, 1.0, 7.0, 's'),
    'chain_200': ('200-resource DependsOn chain of OS::Heat::None, create', 0.8, 0.3, 201, 's'),
    'wait_20': ('20 independent TestResources, wait_secs 1, create', 1.3, None, 2.2, 's'),
    'wait_200': ('200 independent TestResources, wait_secs 1, create', 1.3, None, None, 's'),
    'chain_5x1s': ('5-deep chain of TestResources, wait_secs 1, create', 5.2, None, 6.1, 's'),
    'rss_1000': ('peak RSS of a process creating 1000 resources', 120, None, 411, 'MiB'),
}


def independent(count: int, rtype: str = 'OS::Heat::None', props: str = '') -> str:
    body = ', properties: {%s}' % props if props else ''
    return HOT + ''.join('  r%d: {type: %s%s}\n' % (i, rtype, body) for i in range(count))


def chain(count: int, rtype: str = 'OS::Heat::None', props: str = '') -> str:
    body = ', properties: {%s}' % props if props else ''
    lines = ['  r0: {type: %s%s}\n' % (rtype, body)]
    lines += ['  r%d: {type: %s%s, depends_on: r%d}\n' % (i, rtype, body, i - 1)
              for i in range(1, count)]
    return HOT + ''.join(lines)


class Fresh:
    """An engine service on a new SQLite file in a temporary directory
    (``tmp``: an existing directory whose database is migrated already)."""

    def __init__(self, tmp: str | None = None):
        self.tmp = tmp

    def __enter__(self):
        from heat_core import config
        from heat_core.db import api
        from heat_core.engine.context import RequestContext
        from heat_core.engine.service import EngineService
        from heat_core.engine.store import Store
        migrated = self.tmp is not None
        self.tmp = self.tmp or tempfile.mkdtemp(prefix='heat-bench-')
        os.environ['XDG_DATA_HOME'] = self.tmp
        config.load([])
        self.url = 'sqlite:///' + os.path.join(self.tmp, 'heat.sqlite')
        if not migrated:
            api.db_sync(self.url)
        self.service = EngineService(Store(self.url))
        self.service.start()
        self.ctx = RequestContext(tenant='bench', user='bench')
        return self

    def create(self, template: str, name: str = 'bench') -> float:
        started = time.perf_counter()
        ident = self.service.create_stack(self.ctx, name, template, wait=True)
        took = time.perf_counter() - started
        self._check(ident['stack_id'], 'CREATE_COMPLETE')
        return took

    def delete(self, name: str = 'bench') -> float:
        stack_id = self.service.identify(self.ctx, name)['id']
        started = time.perf_counter()
        self.service.delete_stack(self.ctx, name, wait=True)
        took = time.perf_counter() - started
        self._check(stack_id, 'DELETE_COMPLETE')
        return took

    def _check(self, stack_id: str, expected: str) -> None:
        row = self.service.store.get_stack(stack_id)
        got = '%s_%s' % (row['action'], row['status'])
        if got != expected:
            raise SystemExit('benchmark stack ended %s (%s), not %s'
                             % (got, row['status_reason'], expected))

    def __exit__(self, *exc):
        from heat_core.db import api
        self.service.stop()
        api.get_engine(self.url).dispose()
        api._engines.pop(self.url, None)
        shutil.rmtree(self.tmp, True)


def warm_up() -> None:
    """A long-running engine has its plugins and code loaded: do it once
    before timing anything (the first create of a process pays ~0.25 s)."""
    with Fresh() as f:
        f.create(HOT + '  a: {type: OS::Heat::None}\n'
                 '  b: {type: OS::Heat::TestResource, properties: {wait_secs: 0.01}}\n'
                 '  c: {type: OS::Heat::TestResource, depends_on: b}\n')
        f.delete()


def run_case(name: str) -> float:
    with Fresh() as f:
        if name == 'create_1000':
            return f.create(independent(1000))
        if name == 'delete_1000':
            f.create(independent(1000))
            return f.delete()
        if name == 'chain_200':
            return f.create(chain(200))
        if name == 'wait_20':
            return f.create(independent(20, 'OS::Heat::TestResource', 'wait_secs: 1'))
        if name == 'wait_200':
            return f.create(independent(200, 'OS::Heat::TestResource', 'wait_secs: 1'))
        if name == 'chain_5x1s':
            return f.create(chain(5, 'OS::Heat::TestResource', 'wait_secs: 1'))
    raise ValueError(name)


def peak_rss_kib() -> int:
    """This process's peak RSS.  Linux's VmHWM belongs to the process's own
    memory; ``ru_maxrss`` would also count the parent's peak, which a
    child started with vfork inherits through exec."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def rss_child(tmp: str) -> None:
    """In a child process: create 1000 resources, print peak RSS (MiB)."""
    with Fresh(tmp) as f:
        f.create(independent(1000))
        peak_kib = peak_rss_kib()
    print(json.dumps({'rss_mib': peak_kib / 1024}))


def measure_rss() -> float:
    """The database is migrated here, before the child starts (as
    ``heat-manage db_sync`` does before engines start): the child is an
    engine creating a stack, not a schema migration (alembic alone is
    ~10 MiB)."""
    from heat_core.db import api
    tmp = tempfile.mkdtemp(prefix='heat-bench-')
    try:
        url = 'sqlite:///' + os.path.join(tmp, 'heat.sqlite')
        api.db_sync(url)
        api.get_engine(url).dispose()
        out = subprocess.run([sys.executable, os.path.abspath(__file__), '--rss-child', tmp],
                             check=True, capture_output=True, text=True).stdout
    finally:
        shutil.rmtree(tmp, True)
    return json.loads(out.strip().splitlines()[-1])['rss_mib']


def fmt(value, unit: str) -> str:
    if value is None:
        return '-'
    return '%.3g %s' % (value, unit) if unit == 's' else '%.0f %s' % (value, unit)


def verdict(value: float, must, goal) -> str:
    if must is not None and value > must:
        return 'MISSED'
    if goal is not None and value > goal:
        return 'ok (goal missed)'
    return 'ok'


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=3, help='runs per case (median shown)')
    parser.add_argument('--only', nargs='*', choices=sorted(CASES), help='cases to run')
    parser.add_argument('--rss-child', metavar='DIR', help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rss_child:
        rss_child(args.rss_child)
        return 0
    import logging
    logging.basicConfig(level=logging.ERROR)
    warm_up()
    print('%-58s %9s %7s %7s %9s  %s' % ('case', 'measured', 'must', 'goal', 'Heat 27', ''))
    for name in args.only or CASES:
        what, must, goal, heat, unit = CASES[name]
        if name == 'rss_1000':
            value = measure_rss()
            runs = [value]
        else:
            runs = [run_case(name) for _ in range(args.runs)]
            value = statistics.median(runs)
        print('%-58s %9s %7s %7s %9s  %s%s' % (
            what, fmt(value, unit), fmt(must, unit), fmt(goal, unit), fmt(heat, unit),
            verdict(value, must, goal),
            '' if len(runs) == 1 else '  (runs: %s)' % ', '.join('%.3f' % r for r in runs)),
            flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
