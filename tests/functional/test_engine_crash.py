"""Engines killed with SIGKILL in the middle of operations, and engines racing.

A driver process (:mod:`tests.functional.engine_driver`) runs creates,
updates and deletes of stacks of OS::Heat::TestResource and is killed at a
seeded random moment; then a ``heat-engine`` is started on the same
database.  Within 10 s of its start every operation must have ended as it
would have without the crash, no resource may be left IN_PROGRESS, and
nothing may have been made twice or leaked.

"Made twice" and "leaked" are judged on what TestResource records in its
ledger (``HEAT_TEST_RESOURCE_LEDGER``: the objects a real resource would
make and delete in a cloud).  A resource row may be asked to make its
object more than once (a create resumed after a crash runs again); it must
then be the same object (same physical id), never a second one; and every
object still alive must belong to a resource row of its stack.  The event
log must show one CREATE_COMPLETE per resource.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import sqlalchemy as sa

from heat_core.db import models as m
from heat_core.engine.store import Store
from tests import base

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = int(os.environ.get('HEAT_CRASH_SEED', '1382320'))   # Heat's stuck-stack bug
RECOVERY_LIMIT = 10.0

STACK_CREATE_STATES = {'ok': 'CREATE_COMPLETE', 'fail': 'ROLLBACK_COMPLETE',
                       'fail-kept': 'CREATE_FAILED'}


def template(kind: str, value: str = 'one') -> str:
    """A diamond of TestResources (~1 s to create); ``fail*`` adds one that
    fails after 0.3 s, once the first two exist."""
    lines = [
        'heat_template_version: 2018-08-31',
        'resources:',
        '  first: {type: OS::Heat::TestResource, properties: {value: %s, wait_secs: 0.2,'
        ' action_wait_secs: {delete: 0.1}}}' % value,
        '  second:',
        '    type: OS::Heat::TestResource',
        '    properties: {value: {get_attr: [first, output]}, wait_secs: 0.2}',
    ]
    for i in range(4):
        lines.append('  wide%d: {type: OS::Heat::TestResource, depends_on: second, '
                     'properties: {value: w%d-%s, wait_secs: 0.3, update_replace: %s, '
                     'action_wait_secs: {delete: 0.2}}}' % (i, i, value, str(i % 2 == 0).lower()))
    lines.append('  last: {type: OS::Heat::TestResource, depends_on: [wide0, wide1, wide2, '
                 'wide3], properties: {wait_secs: 0.1}}')
    if kind.startswith('fail'):
        lines.append('  bad: {type: OS::Heat::TestResource, depends_on: second, '
                     'properties: {fail: true, wait_secs: 0.3}}')
    return '\n'.join(lines) + '\n'


def engine_command() -> list:
    here = os.path.join(os.path.dirname(sys.executable), 'heat-engine')
    if os.path.exists(here):
        return [here]
    found = shutil.which('heat-engine')
    return [found] if found else [sys.executable, '-m', 'heat_core.engine.runner']


class Process:
    """A child process whose stdout lines are read on a thread."""

    def __init__(self, args: list, env: dict, log_path: str):
        self.log_path = log_path
        self._log = open(log_path, 'ab')
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                     stderr=self._log, text=True)
        self.lines: queue.Queue = queue.Queue()
        self.seen: list = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip('\n'))
        self.lines.put(None)

    def wait_for(self, word: str, timeout: float = 30.0) -> list:
        """Lines up to and including the first that starts with ``word``."""
        out = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError('no %r from %s within %s s (log: %s)' % (
                    word, self.proc.args, timeout, self.log())) from None
            if line is None:
                raise AssertionError('%s ended before %r (log: %s)' % (
                    self.proc.args, word, self.log()))
            out.append(line)
            self.seen.append(line)
            if line.split(' ', 1)[0] == word:
                return out

    def drain(self) -> list:
        """Every line printed so far (after the process ended)."""
        self.proc.wait(30)
        while True:
            line = self.lines.get(timeout=30)
            if line is None:
                return self.seen
            self.seen.append(line)

    def wait_until_serving(self, timeout: float = 30.0) -> None:
        """Until heat-engine has logged that it started (and so handles SIGTERM)."""
        deadline = time.monotonic() + timeout
        while ' started' not in self.log():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError('heat-engine did not start: %s' % self.log())
            time.sleep(0.02)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def terminate(self, timeout: float = 15.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError('%s ignored SIGTERM for %s s' % (
                self.proc.args, timeout)) from None

    def log(self) -> str:
        self._log.flush()
        with open(self.log_path, errors='replace') as f:
            return f.read()[-4000:]

    def close(self) -> None:
        self.kill()
        self.proc.stdout.close()
        self._log.close()


class EngineProcessTest(base.TestCase):
    """Engine processes on one database (SQLite file or PostgreSQL)."""

    backend = 'sqlite'

    def setUp(self):
        super().setUp()
        self.url = base.DatabaseFixture(self, self.backend).setUp()
        self.tmp = tempfile.mkdtemp(prefix='heat-crash-')
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.conf = os.path.join(self.tmp, 'heat.conf')
        with open(self.conf, 'w') as f:
            f.write('[database]\nconnection = %s\n' % self.url)
        self.ledger = os.path.join(self.tmp, 'ledger.jsonl')
        self.env = dict(os.environ, XDG_DATA_HOME=self.tmp, HEAT_TEST_RESOURCE_LEDGER=self.ledger,
                        PYTHONPATH=os.pathsep.join(filter(None, [ROOT,
                                                                 os.environ.get('PYTHONPATH')])))
        self.store = Store(self.url)
        self._count = 0

    # -- processes ---------------------------------------------------------------------
    def _process(self, args: list, name: str) -> Process:
        self._count += 1
        proc = Process(args, self.env, os.path.join(self.tmp, '%s-%d.log' % (name, self._count)))
        self.addCleanup(proc.close)
        return proc

    def driver(self, plan: list, go_file: str | None = None) -> Process:
        self._count += 1
        path = os.path.join(self.tmp, 'plan-%d.json' % self._count)
        with open(path, 'w') as f:
            json.dump(plan, f)
        args = [sys.executable, '-m', 'tests.functional.engine_driver',
                '--config-file', self.conf, path]
        if go_file:
            args += ['--go-file', go_file]
        return self._process(args, 'driver')

    def heat_engine(self) -> Process:
        return self._process(engine_command() + ['--config-file', self.conf], 'heat-engine')

    # -- database ----------------------------------------------------------------------
    def stack(self, name: str) -> dict | None:
        rows = self.store.find_stacks(tenant='crash', name=name, include_deleted=True)
        return rows[0] if rows else None

    def busy(self) -> list:
        """What still looks in progress: stacks IN_PROGRESS and stack locks."""
        out = ['%s %s_%s' % (r['name'], r['action'], r['status']) for r in
               self.store.find_stacks(include_deleted=True, status='IN_PROGRESS')]
        with self.store.engine.connect() as c:
            out += ['lock %s' % r[0] for r in c.execute(
                sa.select(m.StackLock.__table__.c.stack_id))]
        return out

    def wait_settled(self, engine: Process, started: float) -> float:
        """Seconds from ``started`` until nothing is in progress."""
        while True:
            busy = self.busy()
            took = time.monotonic() - started
            if not busy:
                return took
            if took > RECOVERY_LIMIT:
                self.fail('still in progress %.1f s after heat-engine started: %s\n'
                          'heat-engine log:\n%s' % (took, busy, engine.log()))
            time.sleep(0.05)

    def engines_left(self, *alive) -> list:
        """The pids of the registered engines, once they are ``alive`` (or
        after DEAD_AFTER + 3 s: a dead engine holding no lock is forgotten
        once it is found dead)."""
        from heat_core.engine.liveness import DEAD_AFTER
        deadline = time.monotonic() + DEAD_AFTER + 3
        while True:
            with self.store.engine.connect() as c:
                pids = sorted(r[0] for r in c.execute(sa.select(m.Engine.__table__.c.pid)))
            if pids == sorted(alive) or time.monotonic() > deadline:
                return pids
            time.sleep(0.05)

    def stack_events(self, stack_id: str, action: str) -> int:
        """How many stack-level events of ``action`` the stack has."""
        return sum(1 for e in self.store.events(stack_id)
                   if e['resource_type'] == 'OS::Heat::Stack' and e['action'] == action)

    def ledger_entries(self) -> list:
        if not os.path.exists(self.ledger):
            return []
        with open(self.ledger) as f:
            return [json.loads(line) for line in f]

    # -- checks ------------------------------------------------------------------------
    def check_resources(self, names: list, replaced: set) -> None:
        """No resource IN_PROGRESS, nothing made twice, nothing leaked, one
        CREATE_COMPLETE event per resource."""
        made = collections.defaultdict(set)     # (stack, row) -> physical ids
        alive: dict = {}
        for e in self.ledger_entries():
            if e['op'] == 'create':
                made[(e['stack'], e['row'])].add(e['id'])
                alive[e['id']] = e
            else:
                alive.pop(e['id'], None)
        twice = {k: v for k, v in made.items() if len(v) > 1}
        self.assertEqual({}, twice, 'resources made twice (stack, row): ids')
        with self.store.engine.connect() as c:
            busy = c.execute(sa.select(m.Resource.__table__.c.name).where(
                m.Resource.__table__.c.status == 'IN_PROGRESS')).all()
        self.assertEqual([], busy, 'resources left IN_PROGRESS')
        for name in names:
            row = self.stack(name)
            if row is None:
                continue
            resources = self.store.resources(row['id'])
            known = {r['physical_resource_id'] for r in resources}
            leaked = sorted('%s (%s)' % (e['resource'], i) for i, e in alive.items()
                            if e['stack'] == row['id'] and i not in known)
            self.assertEqual([], leaked, 'objects of %s with no resource row' % name)
            if row['status'] == 'COMPLETE' and row['action'] in ('CREATE', 'UPDATE'):
                phantom = sorted(r['name'] for r in resources if r['replaced_by'] is None
                                 and r['physical_resource_id'] not in alive)
                self.assertEqual([], phantom, 'resources of %s whose object is gone' % name)
            if name in replaced:
                continue
            completes = collections.Counter(
                e['resource_name'] for e in self.store.events(row['id'])
                if (e['action'], e['status']) == ('CREATE', 'COMPLETE')
                and e['resource_type'] != 'OS::Heat::Stack')
            self.assertEqual([], [n for n, count in completes.items() if count > 1],
                             'resources of %s with more than one CREATE_COMPLETE' % name)
            if (row['action'], row['status']) == ('CREATE', 'COMPLETE'):
                self.assertEqual({r['name'] for r in resources}, set(completes))


class EngineCrashTest(EngineProcessTest):
    """SIGKILL in the middle of operations; ``heat-engine`` finishes them."""

    def _round(self, rng: random.Random, plan: list, expected: dict, replaced: set) -> dict:
        # an update or delete the driver was killed before beginning leaves
        # the stack as it was
        before = {}
        for item in plan:
            row = self.stack(item['stack'])
            if item['op'] != 'create' and row is not None:
                before[item['stack']] = ('%s_%s' % (row['action'], row['status']),
                                         self.stack_events(row['id'], item['op'].upper()))
        driver = self.driver(plan)
        driver.wait_for('ready')
        delay = rng.uniform(0.1, 1.3)
        time.sleep(delay)
        driver.kill()
        started = time.monotonic()
        engine = self.heat_engine()
        took = self.wait_settled(engine, started)
        engine.wait_until_serving()
        self.assertEqual([engine.proc.pid], self.engines_left(engine.proc.pid),
                         'the dead engine is not forgotten')
        self.assertEqual(0, engine.terminate(), engine.log())
        self.assertEqual([], self.engines_left(), 'heat-engine did not deregister')
        plan_ops = {item['stack']: item['op'] for item in plan}
        for name, allowed in expected.items():
            row = self.stack(name)
            if row is None:
                continue   # killed before the create began
            if name in before and before[name][1] == self.stack_events(
                    row['id'], plan_ops[name].upper()):
                allowed = {before[name][0]}
            self.assertIn('%s_%s' % (row['action'], row['status']), allowed,
                          '%s (%s); driver said %s; heat-engine log:\n%s' % (
                              name, row['status_reason'], driver.seen, engine.log()))
        self.check_resources(list(expected), replaced)
        return {'killed_after': round(delay, 2), 'recovered_in': round(took, 2)}

    def test_killed_operations_are_finished_by_another_engine(self):
        """Round 1 creates three stacks; round 2 creates three more while it
        updates (when the engine has updates) and deletes those of round 1."""
        from heat_core.engine.service import EngineService
        rng = random.Random('%s-%s' % (SEED, self.backend))
        report = []
        replaced: set = set()
        for n in (1, 2):
            kinds = {'ok%d' % n: 'ok', 'fail%d' % n: 'fail', 'kept%d' % n: 'fail-kept'}
            plan = [{'op': 'create', 'stack': s, 'template': template(kind),
                     'disable_rollback': kind == 'fail-kept'} for s, kind in kinds.items()]
            expected = {s: {STACK_CREATE_STATES[k]} for s, k in kinds.items()}
            if n == 2:
                for name in ('kept1', 'fail1'):
                    if self.stack(name) is not None:
                        plan.append({'op': 'delete', 'stack': name})
                        expected[name] = {'DELETE_COMPLETE'}
                ok1 = self.stack('ok1')
                if ok1 is not None and hasattr(EngineService, 'update_stack'):
                    plan.append({'op': 'update', 'stack': 'ok1',
                                 'template': template('ok', 'two')})
                    expected['ok1'] = {'UPDATE_COMPLETE', 'ROLLBACK_COMPLETE',
                                       '%s_%s' % (ok1['action'], ok1['status'])}
                    replaced.add('ok1')
                elif ok1 is not None:
                    plan.append({'op': 'delete', 'stack': 'ok1'})
                    expected['ok1'] = {'DELETE_COMPLETE'}
            report.append(self._round(rng, plan, expected, replaced))
        self.addDetail('rounds', _text(json.dumps(report)))


class EngineRaceTest(EngineProcessTest):
    """Two engine processes asked to operate on one stack at the same moment."""

    def test_only_one_operation_runs_on_a_stack(self):
        from heat_core.engine.service import EngineService
        names = ['race1', 'race2']
        setup = self.driver([{'op': 'create', 'stack': s, 'template': template('ok')}
                             for s in names])
        setup.wait_for('done')
        go = os.path.join(self.tmp, 'go')
        plans = [[{'op': 'delete', 'stack': s} for s in names],
                 [{'op': 'delete', 'stack': s} for s in reversed(names)]]
        if hasattr(EngineService, 'update_stack'):
            plans[1][0] = {'op': 'update', 'stack': names[1], 'template': template('ok', 'two')}
        drivers = [self.driver(plan, go) for plan in plans]
        for d in drivers:
            d.wait_for('ready')
        open(go, 'w').close()
        said = [line.split(' ', 3) for d in drivers for line in d.wait_for('done')]
        for name in names:
            started = [w for w in said if w[0] == 'started' and w[1] == name]
            refused = [w for w in said if w[0] == 'refused' and w[1] == name]
            self.assertEqual((1, 1), (len(started), len(refused)), said)
            self.assertEqual('ActionInProgress', refused[0][2], said)
            row = self.stack(name)
            events = self.store.events(row['id'])
            stack_starts = [e for e in events if e['resource_type'] == 'OS::Heat::Stack'
                            and e['status'] == 'IN_PROGRESS' and e['action'] != 'CREATE']
            self.assertEqual(1, len(stack_starts), [(e['action'], e['status']) for e in events])
            self.assertNotIn('IN_PROGRESS', row['status'])
        self.assertEqual([], self.busy())
        self.check_resources(names, set(names))


class RecoveryTest(base.EngineTestCase):
    """What a dead engine leaves between two state changes, recovered
    in-process (the engine's death is a stale heartbeat)."""

    def dead_engine_holds(self, stack_id: str) -> str:
        import datetime
        engine_id = m.new_id()
        long_ago = m.utcnow() - datetime.timedelta(minutes=1)
        with self.service.store.engine.begin() as c:
            c.execute(sa.insert(m.Engine.__table__).values(
                id=engine_id, host='gone', pid=0, started_at=long_ago, heartbeat_at=long_ago))
            c.execute(sa.insert(m.StackLock.__table__).values(
                stack_id=stack_id, engine_id=engine_id, created_at=long_ago))
        return engine_id

    def engines(self) -> list:
        with self.service.store.engine.connect() as c:
            return [r[0] for r in c.execute(sa.select(m.Engine.__table__.c.id))]

    def test_lock_of_a_stack_never_written_is_released(self):
        dead = self.dead_engine_holds(m.new_id())
        self.assertEqual([], self.service.recover(wait=True))
        with self.service.store.engine.connect() as c:
            self.assertEqual([], c.execute(sa.select(m.StackLock.__table__)).all())
        self.assertNotIn(dead, self.engines())

    def test_create_failed_before_its_rollback_began_is_rolled_back(self):
        row = self.create(template('fail'), disable_rollback=True)
        self.service.store.update_stack(row['id'], on_failure='ROLLBACK',
                                        disable_rollback=False)
        self.dead_engine_holds(row['id'])
        self.assertEqual([row['id']], self.service.recover(wait=True))
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual({}, self.resource_statuses())

    def test_stack_in_progress_without_resource_rows_is_created(self):
        """The engine died after writing the stack, before its resources."""
        row = self.create(template('ok'))
        for r in self.service.store.resources(row['id']):
            self.service.store.delete_resource(r['id'])
        self.service.store.update_stack(row['id'], status='IN_PROGRESS')
        self.dead_engine_holds(row['id'])
        self.assertEqual([row['id']], self.service.recover(wait=True))
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.assertEqual({'CREATE_COMPLETE'}, set(self.resource_statuses().values()))
        self.assertEqual(7, len(self.resource_statuses()))

    def test_a_live_engines_stack_is_left_alone(self):
        from heat_core.engine.liveness import EngineLiveness
        row = self.create(template('ok'))
        other = EngineLiveness(self.service.store.engine)
        other.start()
        self.addCleanup(other.stop)
        other.acquire(row['id'])
        self.service.store.update_stack(row['id'], status='IN_PROGRESS')
        self.assertEqual([], self.service.recover(wait=True))
        self.assertEqual(other.id, self.service.liveness.holder(row['id']))

    def test_nothing_is_left_in_progress_by_an_operation_that_cannot_resume(self):
        row = self.create(template('ok'))
        first = self.service.store.resources(row['id'])[0]
        self.service.store.update_resource(first['id'], action='SUSPEND', status='IN_PROGRESS')
        self.service.store.update_stack(row['id'], action='SUSPEND', status='IN_PROGRESS')
        self.dead_engine_holds(row['id'])
        self.service.recover(wait=True)
        self.assertNotIn('IN_PROGRESS', self.status())
        self.assertNotIn('IN_PROGRESS', ' '.join(self.resource_statuses().values()))


class PostgreSQLEngineCrashTest(EngineCrashTest):
    backend = 'postgresql'


class PostgreSQLEngineRaceTest(EngineRaceTest):
    backend = 'postgresql'


def _text(value: str):
    from testtools.content import text_content
    return text_content(value)
