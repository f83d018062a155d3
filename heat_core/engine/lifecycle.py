"""Stack actions besides create, update and delete: suspend, resume, check,
adopt and abandon, and resource signals.

Each action records ``<ACTION>_IN_PROGRESS`` for the stack, runs the
resource action over the dependency graph (suspend dependents first,
the others dependencies first) and ends ``COMPLETE`` or ``FAILED`` with
Heat's reasons (``Stack SUSPEND completed successfully``, ``Resource SUSPEND
failed: <name>: <why>``).  Resources record their own states and events as
in :mod:`heat_core.engine.actions`.
"""

from __future__ import annotations

import json
import threading

from heat_core.engine import actions, hooks, operations
from heat_core.engine import status as st
from heat_core.errors import HeatError
from heat_core.resources import signals
from heat_core.resources.runtime import ResourceFailure, SignalNotSupported
from heat_core.template import dependencies as deps

SIGNAL = 'SIGNAL'
#: a resource in one of these actions refuses signals (as Heat)
NO_SIGNAL_ACTIONS = (st.SUSPEND, st.DELETE)


class SignalRefused(HeatError):
    """The resource is being suspended or deleted."""
    code = 'NotSupported'


# -- the stack-wide walk ---------------------------------------------------------------
def _run(stack, store, action: str, perform, reverse: bool = False,
         timeout_mins=None, keep_going: bool = False,
         started: bool = False) -> tuple[str, dict]:
    """Record the stack's IN_PROGRESS, run ``perform(res, deadline)`` for
    every resource in dependency order and record the end.  With
    ``keep_going`` a failure does not stop the others (check looks at
    everything).  Returns the final status word and the failures."""
    deadline = operations._deadline(timeout_mins)
    if not started:     # (else recorded by the service, see operations.record_start)
        operations.record_start(stack, store, action)
    graph = stack.graph()
    failed: dict = {}
    lock = threading.Lock()

    def one(name):
        try:
            perform(stack.resources[name], deadline)
        except Exception as exc:
            if not keep_going:
                raise
            with lock:
                failed[name] = exc

    from heat_core.engine.walker import Walker  # taskflow: only when a walk runs
    failed.update(Walker(action, operations._reverse(graph) if reverse else graph, one,
                         None, deadline).run())
    if failed:
        reason = operations._failure_reason(action, failed)
        store.stack_state(stack.id, stack.name, action, st.FAILED, reason)
        return '%s_FAILED' % action, failed
    store.stack_state(stack.id, stack.name, action, st.COMPLETE,
                      'Stack %s completed successfully' % action)
    return '%s_COMPLETE' % action, failed


def _handled(res, action: str, deadline, handler=None) -> None:
    """``action`` for one resource: IN_PROGRESS, the handlers, then
    COMPLETE or FAILED with the reason."""
    actions.set_state(res, action, st.IN_PROGRESS, 'state changed')
    try:
        if handler is not None:
            handler()
        else:
            actions.run_handlers(res, action, deadline)
    except Exception as exc:
        actions.set_state(res, action, st.FAILED, actions.reason_of(exc))
        raise
    actions.set_state(res, action, st.COMPLETE, 'state changed')


def _invalid(res, action: str) -> ResourceFailure:
    return ResourceFailure('State %s invalid for %s' % (st.word(res.action, res.status),
                                                         action.lower()))


# -- suspend / resume ------------------------------------------------------------------
def suspend(stack, store, timeout_mins=None, started: bool = False) -> str:
    """Suspend every resource, dependents first.  Resources never created
    and those already suspended are left alone."""
    def perform(res, deadline):
        if res.action == st.INIT or (res.action, res.status) == (st.SUSPEND, st.COMPLETE):
            return
        if res.action == st.DELETE or (res.action != st.SUSPEND and res.status != st.COMPLETE):
            err = _invalid(res, st.SUSPEND)
            actions.set_state(res, st.SUSPEND, st.FAILED, str(err))
            raise err
        _handled(res, st.SUSPEND, deadline)
    return _run(stack, store, st.SUSPEND, perform, reverse=True, timeout_mins=timeout_mins,
                started=started)[0]


def resume(stack, store, timeout_mins=None, started: bool = False) -> str:
    """Resume every suspended resource, dependencies first (a resume that
    failed half way may be run again)."""
    def perform(res, deadline):
        if res.action == st.INIT or (res.action, res.status) == (st.RESUME, st.COMPLETE):
            return
        if (res.action, res.status) not in ((st.SUSPEND, st.COMPLETE), (st.RESUME, st.FAILED)):
            err = _invalid(res, st.RESUME)
            actions.set_state(res, st.RESUME, st.FAILED, str(err))
            raise err
        _handled(res, st.RESUME, deadline)
    return _run(stack, store, st.RESUME, perform, timeout_mins=timeout_mins,
                started=started)[0]


# -- check -----------------------------------------------------------------------------
def check(stack, store, timeout_mins=None, started: bool = False) -> str:
    """Ask every resource whether it still is as recorded (its
    ``handle_check``); every resource is checked even when one fails."""
    def perform(res, deadline):
        if res.action == st.INIT:
            reason = 'Can not check %s, resource not created yet.' % res.name
            actions.set_state(res, st.CHECK, st.FAILED, reason)
            raise ResourceFailure(reason)

        def handler():
            cookie = res.handle_check()
            poll = getattr(res, 'check_check_complete', None)
            if poll is not None:
                while not poll(cookie):
                    _pause(res, deadline)
        _handled(res, st.CHECK, deadline, handler)
    return _run(stack, store, st.CHECK, perform, timeout_mins=timeout_mins,
                keep_going=True, started=started)[0]


def _pause(res, deadline) -> None:
    import time
    if deadline is not None and time.monotonic() > deadline:
        raise actions.ActionTimeout('CHECK timed out')
    time.sleep(min(0.05, res.poll_interval))


# -- adopt -----------------------------------------------------------------------------
def adopt(stack, store, adopt_data: dict, timeout_mins=None,
          on_failure: str = operations.ON_FAILURE_ROLLBACK) -> str:
    """Record existing cloud resources as the stack's, without creating
    anything: each resource takes the ``resource_id``, ``resource_data`` and
    ``metadata`` of its entry in ``adopt_data['resources']`` (a plugin may
    also define ``handle_adopt(entry)``).  A failed adopt rolls back (the
    adopted resources are deleted) unless ``on_failure`` says otherwise,
    as in Heat."""
    entries = adopt_data.get('resources') or {}

    def perform(res, deadline):
        entry = entries.get(res.name) or {}
        extra: dict = {}

        def handler():
            if not entry.get('resource_id'):
                raise ResourceFailure('Resource ID was not provided.')
            res._properties = None
            extra['properties_data'] = actions._storable(res.properties)
            res.data = dict(entry.get('resource_data') or {})
            res.resource_id = str(entry['resource_id'])
            res.metadata_data = entry.get('metadata') or None
            hook = getattr(res, 'handle_adopt', None)
            if callable(hook):
                hook(entry)
        actions.set_state(res, st.ADOPT, st.IN_PROGRESS, 'state changed')
        try:
            handler()
        except Exception as exc:
            actions.set_state(res, st.ADOPT, st.FAILED, actions.reason_of(exc))
            raise
        actions.set_state(res, st.ADOPT, st.COMPLETE, 'state changed', data=dict(res.data),
                          rsrc_metadata=res.metadata_data, **extra)

    status, failed = _run(stack, store, st.ADOPT, perform, timeout_mins=timeout_mins)
    if not failed:
        store.update_stack(stack.id, outputs=operations._storable_outputs(stack.outputs()))
        return status
    if on_failure == operations.ON_FAILURE_NOTHING:
        return status
    row = store.get_stack(stack.id)
    store.stack_state(stack.id, stack.name, st.ROLLBACK, st.IN_PROGRESS, row['status_reason'])
    return operations._finish_rollback(stack, store, on_failure)


# -- abandon / export ------------------------------------------------------------------
def abandon_data(store, row: dict, stack, env_texts: list, template: dict, files: dict
                 ) -> dict:
    """What Heat's abandon and export return: enough to adopt the stack
    again.  The environment keeps the parameter values as given, NoEcho
    ones included (adopt needs them); treat abandon data as a secret."""
    from heat_core.engine import wire
    resources = {}
    live = stack.resources if stack is not None else {}
    for r in store.resources(row['id']):
        if r.get('replaced_by') is not None or r['action'] == st.INIT:
            continue
        res = live.get(r['name'])
        metadata = r['rsrc_metadata']
        if metadata is None and res is not None:
            try:
                metadata = res.metadata()
            except Exception:  # noqa: BLE001 - metadata that cannot be resolved is left out
                metadata = None
        resources[r['name']] = {
            'name': r['name'], 'resource_id': r['physical_resource_id'], 'type': r['type'],
            'action': r['action'], 'status': r['status'],
            'metadata': metadata if metadata is not None else {},
            'resource_data': dict(r['data'] or {}),
        }
    return {
        'id': row['id'], 'name': row['name'], 'action': row['action'],
        'status': row['status'], 'template': template,
        'environment': wire.user_environment(env_texts, row['parameters']),
        'files': dict(files or {}), 'resources': resources,
        'project_id': row['tenant'], 'stack_user_project_id': row['tenant'],
        'tags': row['tags'] or None,
    }


def abandon(store, row: dict, graph: dict | None = None) -> str:
    """Forget the stack without touching its cloud resources: each
    resource goes DELETE_IN_PROGRESS → DELETE_COMPLETE ("Resource
    abandoned"), dependents first, and the stack ends DELETE_COMPLETE."""
    from heat_core.db.models import utcnow
    store.stack_state(row['id'], row['name'], st.DELETE, st.IN_PROGRESS,
                      'Stack DELETE started')
    rows = {r['name']: r for r in store.resources(row['id'])}
    order = []
    try:
        for level in reversed(deps.topological_levels(
                {n: set(d) & set(rows) for n, d in (graph or {}).items() if n in rows})):
            order.extend(level)
    except ValueError:
        order = []
    order += sorted(n for n in rows if n not in order)
    for name in order:
        r = rows[name]
        if r['action'] != st.INIT and r.get('replaced_by') is None:
            for status, reason in ((st.IN_PROGRESS, 'state changed'),
                                   (st.COMPLETE, 'Resource abandoned')):
                store.resource_state(r['id'], row['id'], name, r['type'],
                                     r['physical_resource_id'], st.DELETE, status, reason)
        store.delete_resource(r['id'])
    store.stack_state(row['id'], row['name'], st.DELETE, st.COMPLETE,
                      'Stack DELETE completed successfully', deleted_at=utcnow())
    return 'DELETE_COMPLETE'


# -- signals ---------------------------------------------------------------------------
def signal(stack, store, res, details=None) -> None:
    """Hand ``details`` to the resource's ``handle_signal`` and record a
    ``SIGNAL_<status>`` event with Heat's reason text.  ``{"unset_hook":
    "<hook>"}`` clears a pending hook instead (any resource, also one
    paused before its delete)."""
    if hooks.is_unset_request(details):
        hooks.clear(res, details['unset_hook'])
        return
    if res.action in NO_SIGNAL_ACTIONS:
        store.add_event(stack.id, res.name, res.type_name, res.resource_id, res.action,
                        res.status, 'Cannot signal resource during %s' % res.action)
        raise SignalRefused('Signal resource during %s is not supported.' % res.action)
    try:
        if signals.awaits_creation_signals(res):    # CreationPolicy ResourceSignal
            result = signals.record(res, details)
        else:
            result = res.handle_signal(details)
    except (SignalNotSupported, ResourceFailure, signals.SignalInvalid):
        raise
    except Exception as exc:
        raise ResourceFailure('Signal to %s failed: %s' % (res.name, actions.reason_of(exc))
                              ) from exc
    reason = 'Signal: %s' % result if result else details_text(details)
    store.add_event(stack.id, res.name, res.type_name, res.resource_id, SIGNAL, res.status,
                    reason)


def details_text(details) -> str:
    """Heat's event reason for signal details it does not know better."""
    if details is None:
        return 'No signal details provided'
    if isinstance(details, str):
        return details
    if isinstance(details, dict):
        if all(k in details for k in ('previous', 'current', 'reason')):
            return 'alarm state changed from %(previous)s to %(current)s (%(reason)s)' % details
        if 'state' in details:
            return 'alarm state changed to %(state)s' % details
    return 'Unknown'


def parse_adopt_data(adopt_data) -> dict:
    """Adopt data as given to create (a dict, or its JSON/YAML text)."""
    if isinstance(adopt_data, (str, bytes)):
        try:
            adopt_data = json.loads(adopt_data)
        except ValueError:
            import yaml
            try:
                adopt_data = yaml.safe_load(adopt_data)
            except yaml.YAMLError as exc:
                raise HeatError('Invalid adopt data: %s' % exc) from None
    if not isinstance(adopt_data, dict):
        raise HeatError('Invalid adopt data: it must be a map')
    if not isinstance(adopt_data.get('resources', {}), dict):
        raise HeatError('Invalid adopt data: "resources" must be a map of resource names')
    return adopt_data
