"""Stack operations: each walks the dependency graph with a Walker and
records the stack's state transitions."""

from __future__ import annotations

import time

from heat_core.engine import actions
from heat_core.engine import status as st

ON_FAILURE_ROLLBACK, ON_FAILURE_DELETE, ON_FAILURE_NOTHING = 'ROLLBACK', 'DELETE', 'DO_NOTHING'


def on_failure_word(disable_rollback: bool | None, on_failure: str | None) -> str:
    """What a create does on failure: CloudFormation's OnFailure word
    (ROLLBACK, DELETE, DO_NOTHING), from the request's ``on_failure`` or
    ``disable_rollback``; rollback unless the request says otherwise.
    Raises InvalidRequest for an unknown word or a contradiction."""
    from heat_core.engine.listing import InvalidRequest
    words = (ON_FAILURE_ROLLBACK, ON_FAILURE_DELETE, ON_FAILURE_NOTHING)
    if on_failure is None or on_failure == '':
        return ON_FAILURE_NOTHING if disable_rollback else ON_FAILURE_ROLLBACK
    if on_failure not in words:
        raise InvalidRequest('OnFailure must be one of %s, not "%s"' % (', '.join(words),
                                                                       on_failure))
    if disable_rollback is not None and bool(disable_rollback) != (
            on_failure == ON_FAILURE_NOTHING):
        raise InvalidRequest('disable_rollback and OnFailure contradict each other '
                             '(disable_rollback=%s, OnFailure=%s): give one of them'
                             % (bool(disable_rollback), on_failure))
    return on_failure


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

    def start(name):
        actions.start_create(stack.resources[name])

    def perform(name):
        actions.create(stack.resources[name], deadline, started=True)

    def undo(name):
        # The failed resource cleans up what it half-made when rolling back.
        if on_failure != ON_FAILURE_NOTHING:
            try:
                actions.delete(stack.resources[name], rollback_of_create=True)
            except Exception:  # noqa: BLE001 - the rollback walk retries it
                pass

    from heat_core.engine.walker import Walker  # taskflow: only when a walk runs
    walker = Walker(st.CREATE, stack.graph(), perform, undo, deadline, start=start)
    failed = walker.run()
    if not failed:
        outputs = stack.outputs()
        store.update_stack(stack.id, outputs=_storable_outputs(outputs))
        from heat_core.engine.service_nested import record_stack_exports
        clash = record_stack_exports(stack, store, outputs)   # another stack has the name
        if clash is None:
            store.stack_state(stack.id, stack.name, st.CREATE, st.COMPLETE,
                              'Stack CREATE completed successfully')
            return 'CREATE_COMPLETE'
    reason = _failure_reason(st.CREATE, failed) if failed else clash
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


def resume_rollback(stack, store, on_failure: str = ON_FAILURE_ROLLBACK,
                    start: bool = False) -> str:
    """Finish a create rollback interrupted by an engine failure (``start``:
    the engine died after CREATE_FAILED, before the rollback began)."""
    if start:
        store.stack_state(stack.id, stack.name, st.ROLLBACK, st.IN_PROGRESS,
                          'Stack ROLLBACK started after an engine failure')
    return _finish_rollback(stack, store, on_failure)


def fail_interrupted(stack, store, action: str) -> str:
    """An operation that cannot be resumed is failed."""
    fail_rows(store, store.get_stack(stack.id), 'Engine went down during stack %s' % action)
    return '%s_FAILED' % action


def fail_rows(store, row: dict, reason: str) -> None:
    """Fail the stack of ``row`` in its current action, and first each of
    its resources still IN_PROGRESS (nothing is left looking busy)."""
    for r in store.resources(row['id']):
        if r['status'] == st.IN_PROGRESS:
            store.resource_state(r['id'], row['id'], r['name'], r['type'],
                                 r['physical_resource_id'], r['action'], st.FAILED, reason)
    store.stack_state(row['id'], row['name'], row['action'], st.FAILED, reason)


def _delete_resources(stack, deadline=None, rollback_of_create=False) -> dict:
    graph = _reverse(stack.graph())
    never_created = [res for res in stack.resources.values() if res.action == st.INIT]

    def perform(name):
        actions.delete(stack.resources[name], deadline, rollback_of_create)

    try:
        from heat_core.engine.walker import Walker
        return Walker(st.DELETE, graph, perform, None, deadline).run()
    finally:
        if stack.store is not None:
            stack.store.purge_deleted_resources(stack.id)
            # their deletion changed no state that the purge could see
            for res in never_created:
                if res.row_id is not None and (res.action, res.status) == (st.DELETE,
                                                                           st.COMPLETE):
                    stack.store.delete_resource(res.row_id)


def record_start(stack, store, action: str) -> None:
    """The stack's ``<action>_IN_PROGRESS``.  A service records it before
    the request that asked for the operation is answered (its thread then
    runs it with ``started``): a client asking right after the answer sees
    the operation, not the state before it."""
    store.stack_state(stack.id, stack.name, action, st.IN_PROGRESS, 'Stack %s started' % action)


def delete(stack, store, timeout_mins=None, started: bool = False) -> str:
    """Delete every resource in reverse dependency order (``started``: the
    stack's DELETE_IN_PROGRESS is recorded already, see :func:`record_start`)."""
    deadline = _deadline(timeout_mins)
    if not started:
        record_start(stack, store, st.DELETE)
    from heat_core.engine.update import delete_superseded  # resources an update replaced
    failed = delete_superseded(stack, deadline) or _delete_resources(stack, deadline)
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
