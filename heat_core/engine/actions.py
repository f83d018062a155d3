"""One resource action: state, events and the plugin's handlers.

Each function records ``<ACTION>_IN_PROGRESS``, runs the plugin's
``handle_<action>`` / ``check_<action>_complete`` pair, and records
``COMPLETE`` or ``FAILED`` with the reason (each state change one
transaction plus one event).
"""

from __future__ import annotations

import time

from heat_core.engine import hooks
from heat_core.engine import status as st
from heat_core.errors import Unresolved
from heat_core.resources import signals
from heat_core.resources.runtime import ResourceFailure
from heat_core.template import functions as fn

RETAIN, DELETE_POLICY, SNAPSHOT, RETAIN_EXCEPT_ON_CREATE = (
    'Retain', 'Delete', 'Snapshot', 'RetainExceptOnCreate')


class ActionTimeout(ResourceFailure):
    pass


def reason_of(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, (ResourceFailure, Unresolved)):
        return text
    return '%s: %s' % (type(exc).__name__, text)


def set_state(res, action: str, status: str, reason: str = '', **extra) -> None:
    res.action, res.status, res.status_reason = action, status, reason
    store = res.stack.store
    if store is not None and res.row_id is not None:
        store.resource_state(res.row_id, res.stack.id, res.name, res.type_name,
                             res.resource_id, action, status, reason, **extra)


def run_handlers(res, action: str, deadline: float | None, *args) -> None:
    """``handle_<action>(*args)`` then poll ``check_<action>_complete``;
    a ``pre-<action>`` / ``post-<action>`` hook the environment sets on the
    resource pauses it before / after (see :mod:`heat_core.engine.hooks`)."""
    verb = action.lower()
    hooks.pause(res, action, deadline, hooks.PRE)
    cookie = getattr(res, 'handle_' + verb)(*args)
    check = getattr(res, 'check_%s_complete' % verb)
    delay = 0.001
    while not check(cookie):
        if deadline is not None and time.monotonic() > deadline:
            raise ActionTimeout('%s timed out' % action)
        time.sleep(delay)
        delay = min(delay * 2, res.poll_interval)
    hooks.pause(res, action, deadline, hooks.POST)


def start_create(res) -> None:
    """A create's first state change (CREATE_IN_PROGRESS), unless the
    resource was created already (before an engine failure)."""
    if not (res.action == st.CREATE and res.status == st.COMPLETE):
        set_state(res, st.CREATE, st.IN_PROGRESS, 'state changed')


def create(res, deadline: float | None = None, started: bool = False) -> None:
    """Create ``res``; ``started``: :func:`start_create` was called for it."""
    if res.action == st.CREATE and res.status == st.COMPLETE:
        return  # done before an engine failure: keep it
    if not started:
        start_create(res)
    try:
        res._properties = None
        props = res.properties
        run_handlers(res, st.CREATE, deadline)
        # CreationPolicy ResourceSignal: created once enough signals came
        signals.await_creation_signals(res, deadline)
    except Exception as exc:
        set_state(res, st.CREATE, st.FAILED, reason_of(exc))
        raise
    set_state(res, st.CREATE, st.COMPLETE, 'state changed',
              properties_data=_storable(props))


def deletion_policy(res) -> str:
    policy = res.t.deletion_policy
    if policy is None:
        return DELETE_POLICY
    try:
        value = fn.resolve(policy, res.stack.scope)
    except Exception:  # noqa: BLE001 - validated at create; fall back to deleting
        return DELETE_POLICY
    value = str(value)
    for known in (RETAIN, DELETE_POLICY, SNAPSHOT, RETAIN_EXCEPT_ON_CREATE):
        if value.lower() == known.lower():
            return known
    return DELETE_POLICY


def delete(res, deadline: float | None = None, rollback_of_create: bool = False,
           policy: str | None = None, policy_name: str = 'DeletionPolicy') -> None:
    """Delete (or retain / snapshot, by DeletionPolicy, or by ``policy``:
    a stack update passes a replaced resource's UpdateReplacePolicy)."""
    if res.action == st.INIT or (res.action == st.DELETE and res.status == st.COMPLETE):
        _forget(res)
        return
    policy = policy or deletion_policy(res)
    if policy == RETAIN_EXCEPT_ON_CREATE:
        policy = DELETE_POLICY if rollback_of_create else RETAIN
    set_state(res, st.DELETE, st.IN_PROGRESS, 'state changed')
    if policy == RETAIN:
        set_state(res, st.DELETE, st.COMPLETE, 'Resource retained (%s Retain)' % policy_name)
        _forget(res)
        return
    try:
        if policy == SNAPSHOT:
            run_handlers(res, 'SNAPSHOT_DELETE', deadline)
        else:
            run_handlers(res, st.DELETE, deadline)
    except Exception as exc:
        set_state(res, st.DELETE, st.FAILED, reason_of(exc))
        raise
    set_state(res, st.DELETE, st.COMPLETE, 'state changed')
    _forget(res)


def _forget(res) -> None:
    """The resource is gone; its row is purged when the operation ends
    (one statement for all, see Store.purge_deleted_resources)."""
    res.action, res.status = st.DELETE, st.COMPLETE


def _storable(props) -> dict:
    import json
    try:
        json.dumps(props)
        return dict(props)
    except (TypeError, ValueError):
        return {k: str(v) for k, v in props.items()}
