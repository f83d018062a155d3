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
"""

from __future__ import annotations

import copy
import queue
import threading
import time
from typing import Callable

import futurist
from taskflow import engines, task
from taskflow.patterns import unordered_flow
from taskflow.persistence import base as tf_persistence
from taskflow.types import failure as tf_failure

CHUNK = 100
_executor_lock = threading.Lock()
_executor = None
_runners = None


def shared_executors():
    """(task executor, flow runner pool): created once per process."""
    global _executor, _runners
    with _executor_lock:
        if _executor is None:
            _executor = futurist.ThreadPoolExecutor(max_workers=512)
            _runners = futurist.ThreadPoolExecutor(max_workers=64)
    return _executor, _runners


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


class ActionTask(task.Task):
    """One resource action (create, delete, update, ...) as a task."""

    _arg_mappings: dict = {}

    def _build_arg_mapping(self, executor, requires=None, rebind=None, auto_extract=True,
                           ignore_list=None):
        # Every ActionTask has the same signatures; taskflow would inspect
        # them again for each of the thousands of tasks of a big stack.
        key = (executor.__name__, tuple(requires or ()), tuple(rebind or ()), auto_extract,
               tuple(ignore_list or ()))
        found = self._arg_mappings.get(key)
        if found is None:
            found = self._arg_mappings[key] = super()._build_arg_mapping(
                executor, requires, rebind, auto_extract, ignore_list)
        return tuple(copy.copy(part) for part in found)

    def __init__(self, walker: 'Walker', resource_name: str):
        super().__init__(name='%s:%s' % (walker.action, resource_name))
        self.walker = walker
        self.resource_name = resource_name

    def execute(self):
        self.walker.perform(self.resource_name)

    def revert(self, result=None, **kwargs):
        if isinstance(result, tf_failure.Failure):
            self.walker.undo_failed(self.resource_name)


class Walker:
    """Walk ``graph`` ({name: deps}) running ``perform(name)`` for each
    resource once its dependencies are done.

    ``perform`` raises to fail a resource; ``undo_failed(name)`` is called
    for a failed one (it must honour the operation's rollback setting).
    After a failure no new resource starts; resources in flight finish.
    """

    def __init__(self, action: str, graph: dict, perform: Callable[[str], None],
                 undo_failed: Callable[[str], None] | None = None,
                 deadline: float | None = None):
        self.action = action
        self.graph = {n: set(d) for n, d in graph.items()}
        self.perform_fn = perform
        self.undo_fn = undo_failed
        self.deadline = deadline
        self.done: set = set()
        self.failed: dict = {}
        self.cancelled = threading.Event()
        self._events: queue.Queue = queue.Queue()

    # -- called from tasks ------------------------------------------------------
    def perform(self, name: str) -> None:
        try:
            self.perform_fn(name)
        except BaseException as exc:
            self._events.put(('failed', name, exc))
            raise
        self._events.put(('done', name, None))

    def undo_failed(self, name: str) -> None:
        if self.undo_fn is not None:
            self.undo_fn(name)

    def time_left(self) -> float | None:
        return None if self.deadline is None else self.deadline - time.monotonic()

    # -- the walk ---------------------------------------------------------------
    def run(self) -> dict:
        """Run to the end; returns ``{failed resource: exception}``."""
        executor, runners = shared_executors()
        waiting = {n: len(d) for n, d in self.graph.items()}
        dependents: dict = {n: [] for n in self.graph}
        for name, deps in self.graph.items():
            for dep in deps:
                dependents[dep].append(name)
        ready = [n for n, count in waiting.items() if count == 0]
        flows_running = 0
        while True:
            if ready and not self.failed and not self.cancelled.is_set():
                for i in range(0, len(ready), CHUNK):
                    flows_running += 1
                    runners.submit(self._run_flow, ready[i:i + CHUNK], executor)
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
        return self.failed

    def _run_flow(self, names: list, executor) -> None:
        try:
            flow = unordered_flow.Flow('%s-%s' % (self.action, names[0]))
            for name in names:
                flow.add(ActionTask(self, name))
            engine = engines.load(flow, engine='parallel', executor=executor,
                                  backend=_NULL_BACKEND)
            try:
                engine.run()
            except BaseException:  # noqa: BLE001 - failures were reported by perform()
                pass
        finally:
            self._events.put(('flow-end', None, None))

    @property
    def not_started(self) -> set:
        return set(self.graph) - self.done - set(self.failed)
