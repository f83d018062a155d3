"""Stack operations: each walks the dependency graph with a Walker and
records the stack's state transitions."""

from __future__ import annotations

import time

from heat_core.engine import actions
from heat_core.engine import status as st
from heat_core.engine.walker import Walker

ON_FAILURE_ROLLBACK, ON_FAILURE_DELETE, ON_FAILURE_NOTHING = 'ROLLBACK', 'DELETE', 'DO_NOTHING'


def _deadline(timeout_mins) -> float | None:
    return time.monotonic() + timeout_mins * 60 if timeout_mins else None


def _reverse(graph: dict) -> dict:
    """Dependents-first graph: a resource waits for those depending on it."""
    out = {n: set() for n in graph}
    for name, deps in graph.items():
        for dep in deps:
            if dep in out:
                out[dep].add(name)
    return out


def _failure_reason(action: str, failed: dict) -> str:
    name, exc = sorted(failed.items())[0]
    reason = 'Resource %s failed: %s: %s' % (action, name, actions.reason_of(exc))
    if len(failed) > 1:
        reason += ' (and %d more: %s)' % (len(failed) - 1, ', '.join(sorted(failed)[1:]))
    return reason


def create(stack, store, timeout_mins=None, on_failure: str = ON_FAILURE_ROLLBACK,
           resumed: bool = False) -> str:
    """Create every resource; on failure roll back (delete what was made)
    or leave it, per ``on_failure``.  Returns the final stack status word.
    ``resumed``: another engine died during this create; resources already
    CREATE_COMPLETE are kept and the rest (re)created."""
    deadline = _deadline(timeout_mins)
    store.stack_state(stack.id, stack.name, st.CREATE, st.IN_PROGRESS,
                      'Stack CREATE resumed after an engine failure' if resumed
                      else 'Stack CREATE started')

    def perform(name):
        actions.create(stack.resources[name], deadline)

    def undo(name):
        # The failed resource cleans up what it half-made when rolling back.
        if on_failure != ON_FAILURE_NOTHING:
            try:
                actions.delete(stack.resources[name], rollback_of_create=True)
            except Exception:  # noqa: BLE001 - the rollback walk retries it
                pass

    walker = Walker(st.CREATE, stack.graph(), perform, undo, deadline)
    failed = walker.run()
    if not failed:
        outputs = stack.outputs()
        store.update_stack(stack.id, outputs=_storable_outputs(outputs))
        store.stack_state(stack.id, stack.name, st.CREATE, st.COMPLETE,
                          'Stack CREATE completed successfully')
        return 'CREATE_COMPLETE'
    reason = _failure_reason(st.CREATE, failed)
    if deadline is not None and time.monotonic() > deadline:
        reason = 'Create timed out: ' + reason
    store.stack_state(stack.id, stack.name, st.CREATE, st.FAILED, reason)
    if on_failure == ON_FAILURE_NOTHING:
        return 'CREATE_FAILED'
    store.stack_state(stack.id, stack.name, st.ROLLBACK, st.IN_PROGRESS, reason)
    return _finish_rollback(stack, store, on_failure)


def _finish_rollback(stack, store, on_failure=ON_FAILURE_ROLLBACK) -> str:
    rb_failed = _delete_resources(stack, rollback_of_create=True)
    if rb_failed:
        store.stack_state(stack.id, stack.name, st.ROLLBACK, st.FAILED,
                          _failure_reason(st.DELETE, rb_failed))
        return 'ROLLBACK_FAILED'
    store.stack_state(stack.id, stack.name, st.ROLLBACK, st.COMPLETE,
                      'Stack ROLLBACK completed successfully')
    if on_failure == ON_FAILURE_DELETE:
        return delete(stack, store)
    return 'ROLLBACK_COMPLETE'


def resume_rollback(stack, store) -> str:
    """Finish a create rollback interrupted by an engine failure."""
    return _finish_rollback(stack, store)


def fail_interrupted(stack, store, action: str) -> str:
    """An operation that cannot be resumed is failed."""
    store.stack_state(stack.id, stack.name, action, st.FAILED,
                      'Engine went down during stack %s' % action)
    return '%s_FAILED' % action


def _delete_resources(stack, deadline=None, rollback_of_create=False) -> dict:
    graph = _reverse(stack.graph())

    def perform(name):
        actions.delete(stack.resources[name], deadline, rollback_of_create)

    try:
        return Walker(st.DELETE, graph, perform, None, deadline).run()
    finally:
        if stack.store is not None:
            stack.store.purge_deleted_resources(stack.id)


def delete(stack, store, timeout_mins=None) -> str:
    """Delete every resource in reverse dependency order."""
    deadline = _deadline(timeout_mins)
    store.stack_state(stack.id, stack.name, st.DELETE, st.IN_PROGRESS, 'Stack DELETE started')
    failed = _delete_resources(stack, deadline)
    if failed:
        store.stack_state(stack.id, stack.name, st.DELETE, st.FAILED,
                          _failure_reason(st.DELETE, failed))
        return 'DELETE_FAILED'
    from heat_core.db.models import utcnow
    store.stack_state(stack.id, stack.name, st.DELETE, st.COMPLETE,
                      'Stack DELETE completed successfully', deleted_at=utcnow())
    return 'DELETE_COMPLETE'


def _storable_outputs(outputs: dict) -> dict:
    import json
    out = {}
    for k, v in outputs.items():
        try:
            json.dumps(v)
            out[k] = v
        except (TypeError, ValueError):
            out[k] = {**v, 'value': str(v.get('value'))}
    return out
