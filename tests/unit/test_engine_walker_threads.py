"""walker.prestart: the threads of a wave of resources are started ahead,
from the walk's thread, without ever waiting long for a busy pool."""

import threading
import time
from concurrent import futures

import testtools

from heat_core.engine import walker


class PrestartTest(testtools.TestCase):

    def pool(self, size=64):
        pool = futures.ThreadPoolExecutor(size)
        self.addCleanup(pool.shutdown, wait=True)
        return pool

    def threads_of(self, pool) -> int:
        # the pool has no public count: its threads carry its name prefix
        return sum(1 for t in threading.enumerate()
                   if t.name.startswith(pool._thread_name_prefix))

    def test_starts_the_threads_once_and_leaves_them_idle(self):
        pool = self.pool()
        walker.prestart(pool, 20)
        self.assertEqual(20, self.threads_of(pool))
        walker.prestart(pool, 15)           # as many were started ahead already
        walker.prestart(pool, 20)
        self.assertEqual(20, self.threads_of(pool))
        # the tasks of a wave then find idle threads (once the parked ones
        # have gone back to the pool): none is added
        time.sleep(0.2)
        release = threading.Event()
        self.addCleanup(release.set)
        started = [pool.submit(release.wait) for _ in range(20)]
        self.assertEqual(20, self.threads_of(pool))
        release.set()
        futures.wait(started)

    def test_at_most_the_pool_size(self):
        self.patch(walker, 'POOL_SIZE', 8)
        pool = self.pool(8)
        walker.prestart(pool, 50)
        self.assertEqual(8, self.threads_of(pool))

    def test_a_busy_pool_is_not_waited_for(self):
        pool = self.pool(4)
        release = threading.Event()
        busy = [pool.submit(release.wait) for _ in range(4)]
        self.addCleanup(release.set)
        started = time.monotonic()
        walker.prestart(pool, 4)
        self.assertLess(time.monotonic() - started, walker.PRESTART_WAIT + 1.0)
        release.set()
        futures.wait(busy)
        # the queued stand-ins of threads ran and ended at once
        done = pool.submit(lambda: 'ran')
        self.assertEqual('ran', done.result(timeout=5))

    def test_a_walk_of_many_waiting_resources_starts_them_all(self):
        self.patch(walker, '_pools', {})
        self.addCleanup(lambda: [p.shutdown(wait=False) for pair in walker._pools.values()
                                 for p in pair])
        names = ['r%d' % i for i in range(3 * walker.CHUNK)]
        running = set()
        lock = threading.Lock()
        all_in = threading.Event()

        def perform(name):
            with lock:
                running.add(name)
                if len(running) == len(names):
                    all_in.set()
            # every resource waits until all run at once: one thread each
            if not all_in.wait(10):
                raise RuntimeError('not all resources ran at once')

        failed = walker.Walker('CREATE', {n: () for n in names}, perform).run()
        self.assertEqual({}, failed)
        self.assertEqual(set(names), running)
        executor, _ = walker.shared_executors(0)
        self.assertGreaterEqual(self.threads_of(executor), len(names))


class WalkerStartTest(testtools.TestCase):
    """``start(name)``: an operation's first state change for a resource,
    made in the walk's own thread just before its flow is handed out."""

    def test_start_runs_in_the_walks_thread_before_perform(self):
        seen = []
        walk_thread = threading.get_ident()
        lock = threading.Lock()

        def start(name):
            with lock:
                seen.append(('start', name, threading.get_ident() == walk_thread))

        def perform(name):
            with lock:
                seen.append(('perform', name, threading.get_ident() == walk_thread))

        graph = {'a': (), 'b': ('a',), 'c': ('a',)}
        self.assertEqual({}, walker.Walker('CREATE', graph, perform, start=start).run())
        starts = [(n, here) for kind, n, here in seen if kind == 'start']
        self.assertEqual([('a', True), ('b', True), ('c', True)], sorted(starts))
        self.assertTrue(all(not here for kind, _, here in seen if kind == 'perform'))
        for name in graph:
            self.assertLess(seen.index(('start', name, True)),
                            [i for i, e in enumerate(seen) if e[:2] == ('perform', name)][0])
        # a dependent starts only once what it depends on has been performed
        self.assertLess([i for i, e in enumerate(seen) if e[:2] == ('perform', 'a')][0],
                        seen.index(('start', 'b', True)))

    def test_a_failed_start_fails_the_resource_and_nothing_more_starts(self):
        performed = []

        def start(name):
            if name == 'b':
                raise RuntimeError('database gone')

        failed = walker.Walker('CREATE', {'a': (), 'b': ('a',), 'c': ('b',)},
                               performed.append, start=start).run()
        self.assertEqual(['b'], list(failed))
        self.assertEqual('database gone', str(failed['b']))
        self.assertEqual(['a'], performed)

    def test_those_started_before_a_failed_start_still_run(self):
        performed = []
        started = []
        lock = threading.Lock()

        def start(name):
            if name == 'r3':
                raise RuntimeError('database gone')
            started.append(name)

        def perform(name):
            with lock:
                performed.append(name)

        names = ['r%d' % i for i in range(6)]
        failed = walker.Walker('CREATE', {n: () for n in names}, perform, start=start).run()
        self.assertEqual(['r3'], list(failed))
        self.assertEqual(['r0', 'r1', 'r2'], started)
        self.assertEqual(['r0', 'r1', 'r2'], sorted(performed))
