"""Runs one resource action over a dependency graph with taskflow.

Every resource action is a taskflow task (``execute`` does the action,
``revert`` undoes what a failed action half-made).  Taskflow's costs grow
quadratically with flow size and a flow only returns when all its tasks are
done, so the graph is not handed to taskflow whole: this walker keeps the
graph and, whenever resources become ready, runs them as a small unordered
flow (at most ``CHUNK`` tasks) on one long-lived shared executor.  A
resource whose dependencies finish starts at once, whatever else is still
running.

Completed resources are not reverted inside their flow: undoing them must
happen in reverse dependency order across the whole stack, which is the
rollback operation's job (see :mod:`heat_core.engine.operations`).

A resource that is a nested stack runs its child's walk in its own thread
and waits for it, and the child's resources need threads too: with one
bounded pool, a tree wider or deeper than the pool would leave every
thread waiting for children that cannot start.  So the pools are per
nesting level: a walk started from a thread of level ``n`` runs its flows
on the pools of level ``n + 1``.  Waits then only ever go one level down,
and the deepest level (``max_nested_stack_depth``) waits for no one, so
every level ends.  Threads are started on demand: a level costs nothing
until a stack that deep runs.
"""

from __future__ import annotations

import queue
import threading
import time
import weakref
from concurrent import futures
from typing import Callable

from heat_core.engine import deferred

deferred.defer()    # before taskflow: what it imports for paths Heat does not take

from oslo_utils import uuidutils  # noqa: E402
from taskflow import storage as tf_storage  # noqa: E402
from taskflow import task  # noqa: E402
from taskflow.engines.action_engine import engine as tf_engine  # noqa: E402
from taskflow.patterns import unordered_flow  # noqa: E402
from taskflow.persistence import base as tf_persistence  # noqa: E402
from taskflow.persistence import models as tf_models  # noqa: E402
from taskflow.types import failure as tf_failure  # noqa: E402
from taskflow.utils import misc as tf_misc  # noqa: E402

CHUNK = 16
#: threads per pool (two pools per nesting level): bounds the resources of
#: one level in progress at once
POOL_SIZE = 512
_executor_lock = threading.Lock()
#: nesting level -> (task executor, flow runner pool)
_pools: dict = {}
#: ``level``: the nesting level of the walk whose task runs in this thread
_thread_level = threading.local()


def shared_executors(level: int = 0):
    """(task executor, flow runner pool) of a nesting level: created once
    per process, on first use.

    The standard library's pools reuse an idle thread before starting
    another (futurist's start one per submission up to the maximum: 512
    threads and their memory for a 1000-resource stack) and let the
    process exit at once (futurist's idle threads wake only once a
    second to notice the exit).  A resource action occupies a thread for
    as long as it runs, so the maximum bounds the resources in progress."""
    pools = _pools.get(level)
    if pools is None:
        with _executor_lock:
            pools = _pools.get(level)
            if pools is None:
                suffix = '-%d' % level if level else ''
                pools = _pools[level] = (
                    futures.ThreadPoolExecutor(POOL_SIZE,
                                               thread_name_prefix='resource-action' + suffix),
                    futures.ThreadPoolExecutor(POOL_SIZE, thread_name_prefix='flow' + suffix))
    return pools


#: task executor -> threads started ahead for it (they stay in the pool)
_prestarted: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: seconds a walk waits at most for the threads it starts ahead
PRESTART_WAIT = 0.25


def prestart(executor, count: int) -> None:
    """Have ``count`` threads (at most POOL_SIZE, counting those started
    ahead before) in a task executor before a walk hands it that many
    resources at once.

    The pool starts a thread whenever a task arrives and none is idle, and
    resources that wait (a cloud object being built) keep theirs: a stack
    of many independent resources needs about one thread each, which the
    flows would otherwise start one by one while the resources already
    started compete with them for the interpreter (each start then costs
    about twice as much).  Started here, from one thread, they wait until
    all are up and then sit idle for the tasks.  A pool busy with other
    walks' resources is not waited for beyond PRESTART_WAIT."""
    with _executor_lock:
        have = _prestarted.get(executor, 0)
        count = min(count, POOL_SIZE) - have
        if count <= 0:
            return
        _prestarted[executor] = have + count
    up = threading.Semaphore(0)
    go = threading.Event()

    def park():
        up.release()
        go.wait()

    try:
        for _ in range(count):
            executor.submit(park)
        end = time.monotonic() + PRESTART_WAIT
        for _ in range(count):
            if not up.acquire(timeout=max(0.0, end - time.monotonic())):
                break
    except RuntimeError:
        pass        # the pool is shut down: the interpreter is exiting
    finally:
        go.set()


class _NullConnection(tf_persistence.Connection):
    """Keeps nothing: our own tables are the source of truth, and
    taskflow's in-memory backend alone costs ~0.35 ms per task (locks,
    retries and copies on every state change)."""

    def __init__(self, backend):
        self._backend = backend

    @property
    def backend(self):
        return self._backend

    def close(self):
        pass

    def upgrade(self):
        pass

    def validate(self):
        pass

    def clear_all(self):
        pass

    def destroy_logbook(self, book_uuid):
        pass

    def update_atom_details(self, atom_detail):
        return atom_detail

    def update_flow_details(self, flow_detail):
        return flow_detail

    def save_logbook(self, book):
        return book

    def get_logbook(self, book_uuid, lazy=False):
        raise KeyError(book_uuid)

    def get_logbooks(self, lazy=False):
        return iter(())

    def get_flows_for_book(self, book_uuid, lazy=False):
        return iter(())

    def get_flow_details(self, fd_uuid, lazy=False):
        raise KeyError(fd_uuid)

    def get_atom_details(self, ad_uuid):
        raise KeyError(ad_uuid)

    def get_atoms_for_flow(self, fd_uuid):
        return iter(())


class NullBackend(tf_persistence.Backend):
    """A taskflow persistence backend that persists nothing."""

    def __init__(self):
        super().__init__({})

    def get_connection(self):
        return _NullConnection(self)

    def close(self):
        pass


_NULL_BACKEND = NullBackend()


class _OneLock:
    """``read_lock()`` and ``write_lock()`` of a fasteners ReaderWriterLock
    as one re-entrant lock: a flow's storage is used by its engine's thread
    alone, so readers never wait for each other, and the reader-writer
    bookkeeping cost more than anything it protects."""

    def __init__(self):
        self._lock = threading.RLock()

    def read_lock(self):
        return self._lock

    write_lock = read_lock


class _LeanStorage(tf_storage.Storage):
    """Taskflow's storage minus what only real persistence needs.

    With :class:`NullBackend` a save cannot fail, so the connection per
    save, the retry wrapper around it and the copy of the atom detail that
    is saved (kept so that a failed save leaves the original untouched) are
    pure overhead: together about a third of taskflow's time per task.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._lock = _OneLock()

    def _with_connection(self, functor, *args, **kwargs):
        return functor(None, *args, **kwargs)

    @staticmethod
    def _save_atom_detail(conn, original_atom_detail, atom_detail):
        return original_atom_detail.update(atom_detail)

    @staticmethod
    def _save_flow_detail(conn, original_flow_detail, flow_detail):
        return original_flow_detail.update(flow_detail)

    def _atomdetail_by_name(self, atom_name, expected_type=None, clone=False):
        return super()._atomdetail_by_name(atom_name, expected_type, clone=False)


class _LeanStorageMixin:
    @tf_misc.cachedproperty
    def storage(self):
        def scope_fetcher(atom_name):
            return self._runtime.fetch_scopes_for(atom_name) if self._compiled else None
        return _LeanStorage(self._flow_detail, backend=self._backend,
                            scope_fetcher=scope_fetcher)


class _ParallelEngine(_LeanStorageMixin, tf_engine.ParallelActionEngine):
    """Tasks on the shared executor."""


class _SerialEngine(_LeanStorageMixin, tf_engine.SerialActionEngine):
    """The task in the calling thread: for a flow of one task, which
    spares a thread hand-over per resource in a dependency chain."""


def _load_engine(flow, executor):
    detail = tf_models.FlowDetail(flow.name, uuidutils.generate_uuid())
    if len(flow) == 1:
        return _SerialEngine(flow, detail, _NULL_BACKEND, {})
    return _ParallelEngine(flow, detail, _NULL_BACKEND, {'executor': executor})


class ActionTask(task.Task):
    """One resource action (create, delete, update, ...) as a task."""

    _arg_mappings: dict = {}

    def _build_arg_mapping(self, executor, requires=None, rebind=None, auto_extract=True,
                           ignore_list=None):
        # Every ActionTask has the same signatures; taskflow would inspect
        # them again for each of the thousands of tasks of a big stack.  The
        # mappings are shared: taskflow only reads them.
        key = (executor.__name__, tuple(requires or ()), tuple(rebind or ()), auto_extract,
               tuple(ignore_list or ()))
        found = self._arg_mappings.get(key)
        if found is None:
            found = self._arg_mappings[key] = super()._build_arg_mapping(
                executor, requires, rebind, auto_extract, ignore_list)
        return found

    def __init__(self, walker: 'Walker', resource_name: str):
        super().__init__(name='%s:%s' % (walker.action, resource_name))
        self.walker = walker
        self.resource_name = resource_name

    def execute(self):
        _thread_level.level = self.walker.level   # a nested stack's walk goes one deeper
        self.walker.perform(self.resource_name)

    def revert(self, result=None, **kwargs):
        if isinstance(result, tf_failure.Failure):
            _thread_level.level = self.walker.level
            self.walker.undo_failed(self.resource_name)


class EngineStopping(Exception):
    """The process began to exit during a walk: the operation stops where it
    is, its stack stays IN_PROGRESS and locked by this engine, and another
    engine resumes it once this one is found dead."""


def _exiting() -> bool:
    """Whether the interpreter is exiting (the thread pools then refuse work)."""
    from concurrent.futures import thread
    return bool(getattr(thread, '_shutdown', False))


class Walker:
    """Walk ``graph`` ({name: deps}) running ``perform(name)`` for each
    resource once its dependencies are done.

    ``perform`` raises to fail a resource; ``undo_failed(name)`` is called
    for a failed one (it must honour the operation's rollback setting).
    After a failure no new resource starts; resources in flight finish.
    """

    def __init__(self, action: str, graph: dict, perform: Callable[[str], None],
                 undo_failed: Callable[[str], None] | None = None,
                 deadline: float | None = None,
                 start: Callable[[str], None] | None = None):
        self.action = action
        self.graph = {n: set(d) for n, d in graph.items()}
        self.perform_fn = perform
        self.undo_fn = undo_failed
        self.start_fn = start
        self.deadline = deadline
        #: nesting level: one below the walk whose task started this one
        #: (0 in any other thread)
        self.level = getattr(_thread_level, 'level', -1) + 1
        self.done: set = set()
        self.failed: dict = {}
        self.cancelled = threading.Event()
        self._events: queue.Queue = queue.Queue()
        self._reported: set = set()
        self._stopping = False

    # -- called from tasks ------------------------------------------------------
    def perform(self, name: str) -> None:
        try:
            self.perform_fn(name)
        except BaseException as exc:
            self._reported.add(name)
            self._events.put(('failed', name, exc))
            raise
        self._reported.add(name)
        self._events.put(('done', name, None))

    def undo_failed(self, name: str) -> None:
        if self.undo_fn is not None:
            self.undo_fn(name)

    def time_left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    # -- the walk ---------------------------------------------------------------
    def run(self) -> dict:
        """Run to the end; returns ``{failed resource: exception}``.
        Raises EngineStopping when the process began to exit meanwhile."""
        executor, runners = shared_executors(self.level)
        waiting = {n: len(d) for n, d in self.graph.items()}
        dependents: dict = {n: [] for n in self.graph}
        for name, deps in self.graph.items():
            for dep in deps:
                dependents[dep].append(name)
        ready = [n for n, count in waiting.items() if count == 0]
        if len(ready) > CHUNK:
            prestart(executor, len(ready))
        flows_running = 0
        while True:
            if ready and not self.failed and not self.cancelled.is_set() and \
                    not self._stopping:
                for i in range(0, len(ready), CHUNK):
                    chunk = self._start(ready[i:i + CHUNK])
                    if chunk:
                        try:
                            runners.submit(self._run_flow, chunk, executor)
                        except RuntimeError:
                            if not _exiting():
                                raise
                            self._stopping = True
                            break
                        flows_running += 1
                    if self.failed:
                        break
                ready = []
            if flows_running == 0:
                break
            kind, name, exc = self._events.get()
            if kind == 'flow-end':
                flows_running -= 1
            elif kind == 'done':
                self.done.add(name)
                for dependent in dependents[name]:
                    waiting[dependent] -= 1
                    if waiting[dependent] == 0:
                        ready.append(dependent)
            elif kind == 'failed':
                self.failed[name] = exc
            elif kind == 'stopping':
                self._stopping = True
        if self._stopping:
            raise EngineStopping('the process is exiting')
        return self.failed

    def _start(self, names: list) -> list:
        """``start(name)`` for each of ``names``, in the walk's own thread,
        just before their flow is handed to the pools; returns those
        started.  An operation makes each resource's first state change
        there: one after another, each of those transactions costs a fifth
        of what it costs when a wave of resources' threads make them all at
        once.  When one fails, that resource fails, those started before it
        still run (they are in progress) and nothing more starts."""
        if self.start_fn is None:
            return names
        for i, name in enumerate(names):
            try:
                self.start_fn(name)
            except Exception as exc:  # noqa: BLE001 - the resource fails, the walk ends
                self._reported.add(name)
                self.failed[name] = exc
                return names[:i]
        return names

    def _run_flow(self, names: list, executor) -> None:
        try:
            flow = unordered_flow.Flow('%s-%s' % (self.action, names[0]))
            for name in names:
                flow.add(ActionTask(self, name))
            engine = _load_engine(flow, executor)
            try:
                engine.run()
            except BaseException as exc:  # noqa: BLE001 - failures are reported by perform()
                # ... unless taskflow itself failed: its tasks never ran
                for name in names:
                    if name not in self._reported:
                        self._events.put(('stopping', name, exc) if _exiting()
                                         else ('failed', name, exc))
        finally:
            self._events.put(('flow-end', None, None))

    @property
    def not_started(self) -> set:
        return set(self.graph) - self.done - set(self.failed)
