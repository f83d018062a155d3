"""Stack update: bring a stack's resources from what they are to what a new
template says, and roll back to the previous template when that fails.

The walk follows the new template's dependency graph.  Per resource:

* a new name is created;
* nothing changed (properties and metadata): nothing happens, no events;
* changed: the resource's ``needs_replacement(new_definition, new_props)``
  decides between an update in place (``handle_update(new_definition,
  prop_diff)`` then ``check_update_complete``) and a replacement;
* a changed type, a resource marked unhealthy (``needs_replace`` or
  ``CHECK_FAILED``) or one whose last action failed (other than an update,
  which is retried in place with every property) is replaced;
* with ``converge`` (Heat's "observe on reality"), the cloud is asked first:
  a resource whose check (``handle_check``, as ``stack check`` runs it)
  fails, say its server was deleted behind Heat's back, is replaced even
  when the template did not change it.

A replacement creates a new resource row under the same name; the old one
is *superseded* (its row's ``replaced_by``) and kept until the walk has
ended.  After a successful walk it is deleted, honouring its
UpdateReplacePolicy; a rollback swaps it back in instead of creating yet
another resource.  Resources only in the old template are deleted after the
walk, in reverse dependency order of the old graph.

A rollback is the same machinery, run from the state the failed update left
towards the previous template and parameters.
"""

from __future__ import annotations

import json
import logging
import threading
import time

from heat_core.engine import actions, operations
from heat_core.engine import status as st
from heat_core.engine.resource_set import ResourceSet, from_rows
from heat_core.engine.update_control import UpdateControl
from heat_core.resources.runtime import Properties, UpdateReplace
from heat_core.template import functions as fn

CREATE, UPDATE, REPLACE, UNCHANGED = 'create', 'update', 'replace', 'unchanged'

LOG = logging.getLogger('heat.engine')


def _plain(value):
    """``value`` as the database gives it back (JSON), for comparisons."""
    return json.loads(json.dumps(value, default=str))


def _policy_word(tree, scope, default: str = actions.DELETE_POLICY) -> str:
    if tree is None:
        return default
    try:
        value = str(fn.resolve(tree, scope))
    except Exception:  # noqa: BLE001 - validated before; fall back to the default
        return default
    for known in (actions.RETAIN, actions.DELETE_POLICY, actions.SNAPSHOT):
        if value.lower() == known.lower():
            return known
    return default


def replace_policy(stack, res) -> str:
    """The UpdateReplacePolicy for a superseded resource: the one the
    stack's template gives its name, else its own, else Delete."""
    defn = stack.template.resources.get(res.name)
    if defn is not None and defn.update_replace_policy is not None:
        return _policy_word(defn.update_replace_policy, stack.scope)
    return _policy_word(res.t.update_replace_policy, res.stack.scope)


def _metadata(res):
    """The resolved metadata (None if unknown)."""
    try:
        return _plain(fn.resolve(res.t.metadata, res.stack.scope))
    except Exception:  # noqa: BLE001 - unknown metadata compares as None
        return None


def _stored(res) -> dict:
    """The properties a resource was last created or updated with."""
    if res.stored_properties is not None:
        return _plain(res.stored_properties)
    try:
        return _plain(res.resolve_properties())
    except Exception:  # noqa: BLE001 - unknown: every property counts as changed
        return {}


def _always_updated(res) -> bool:
    """Whether a stack update updates ``res`` even when nothing about it
    changed: a resource whose ``update_always`` is set (a nested stack)
    once its physical resource (the child stack) exists."""
    return bool(getattr(res, 'update_always', False)) and res.resource_id is not None


def _reset(res) -> None:
    """Back to a resource that does not exist yet."""
    res.row_id = res.resource_id = res.stored_properties = None
    res._properties = res.metadata_data = None
    res.action, res.status, res.status_reason = st.INIT, st.COMPLETE, ''
    res.data, res.attributes_data, res.needs_replace = {}, {}, False


class StackUpdate:
    """One walk from ``current`` (a :class:`ResourceSet`) to ``target`` (a
    :class:`~heat_core.engine.stack.Stack` of the new template), then the
    deletion of what the target does not have (:meth:`cleanup`).
    ``rollback``: this walk undoes a failed update."""

    def __init__(self, current: ResourceSet, target, deadline: float | None = None,
                 cancelled: threading.Event | None = None, rollback: bool = False,
                 converge: bool = False):
        self.current = current
        self.target = target
        self.store = target.store
        self.deadline = deadline
        self.cancelled = cancelled or threading.Event()
        self.rollback = rollback
        self.converge = converge
        #: name -> why its check failed (None: the cloud has it as recorded)
        self.observed: dict[str, str | None] = {}
        self.live = dict(current.live)
        self.superseded = list(current.superseded)
        self._lock = threading.Lock()

    # -- deciding --------------------------------------------------------------------
    def decide(self, name: str) -> tuple:
        """``(kind, current resource, new properties)`` for one resource of
        the target; raises when the new properties cannot be resolved."""
        new = self.target.resources[name]
        cur = self.live.get(name)
        if cur is None or cur.action == st.INIT:
            return CREATE, cur, None
        props = new.resolve_properties()
        if self._must_replace(cur, new) or self._gone_in_reality(name, cur):
            return REPLACE, cur, props
        before, after = _stored(cur), _plain(props)
        retry = cur.action == st.UPDATE and cur.status != st.COMPLETE
        if not retry and before == after and _metadata(cur) == _metadata(new):
            # a nested stack is always updated: its template or files may
            # have changed, and its own resources decide (as in Heat)
            return (UPDATE if _always_updated(cur) else UNCHANGED), cur, props
        if retry or before != after:
            cur._properties = Properties(before)
            if cur.needs_replacement(new.t, props):
                return REPLACE, cur, props
        return UPDATE, cur, props

    @staticmethod
    def _must_replace(cur, new) -> bool:
        if cur.type_name != new.type_name or type(cur) is not type(new) or cur.needs_replace:
            return True
        if cur.status == st.COMPLETE or cur.action == st.UPDATE:
            return False
        # a failed (or interrupted) action other than an update leaves the
        # resource in an unknown state: replace it (CHECK_FAILED included),
        # unless it is a nested stack that exists: updating the child lets
        # its resources decide (mark-unhealthy set needs_replace above)
        return not _always_updated(cur)

    def _gone_in_reality(self, name: str, cur) -> bool:
        """With ``converge``: whether the resource's check fails (asked
        once per resource).  A nested stack is not checked: it is updated
        anyway, and its child's update converges its own resources."""
        if not self.converge or _always_updated(cur):
            return False
        if name not in self.observed:
            self.observed[name] = observe(cur, self.deadline)
            if self.observed[name] is not None:
                LOG.debug('Stack %s: %s is replaced, its check failed: %s',
                         self.target.id, name, self.observed[name])
        return self.observed[name] is not None

    # -- acting -------------------------------------------------------------------------
    def perform(self, name: str) -> None:
        """Bring one resource to its target definition."""
        new = self.target.resources[name]
        try:
            kind, cur, props = self.decide(name)
        except Exception as exc:
            cur = self.live.get(name)
            if cur is None:
                raise
            self._take_over(new, cur)
            actions.set_state(new, st.UPDATE, st.FAILED, actions.reason_of(exc))
            raise
        if kind == CREATE:
            self._create(new, cur)
        elif kind == UNCHANGED:
            self._take_over(new, cur)
            new._properties = props
        elif kind == UPDATE:
            self._update(new, cur, props)
        else:
            self._replace(new, cur, props)

    def _take_over(self, new, cur) -> None:
        """``new`` (of the target) becomes the object of ``cur``'s resource."""
        for attr in ('row_id', 'resource_id', 'action', 'status', 'status_reason',
                     'needs_replace', 'stored_properties', 'metadata_data'):
            setattr(new, attr, getattr(cur, attr))
        new.data, new.attributes_data = dict(cur.data), dict(cur.attributes_data)
        with self._lock:
            self.live[new.name] = new

    def _create(self, new, cur=None) -> None:
        if cur is not None and cur.row_id is not None:
            new.row_id = cur.row_id          # a row never created: reuse it
            if cur.type_name != new.type_name:
                self.store.update_resource(new.row_id, type=new.type_name)
        else:
            new.row_id = self._add_row(new)
        with self._lock:
            self.live[new.name] = new
        actions.create(new, self.deadline)
        new.stored_properties = _plain(new.properties)

    def _add_row(self, new) -> int:
        return self.store.add_resources(self.target.id, [(new.name, new.type_name)])[new.name]

    def _update(self, new, cur, props) -> None:
        before = _stored(cur)
        retry = cur.action == st.UPDATE and cur.status != st.COMPLETE
        after = _plain(props)
        diff = {k: props.get(k) for k in set(before) | set(after)
                if retry or before.get(k) != after.get(k)}
        self._take_over(new, cur)
        new._properties = Properties(before)
        actions.set_state(new, st.UPDATE, st.IN_PROGRESS, 'state changed')
        try:
            actions.run_handlers(new, st.UPDATE, self.deadline, new.t, diff)
        except UpdateReplace:
            # the plugin wants a new resource after all: the old one is as it was
            self.store.update_resource(cur.row_id, action=cur.action, status=cur.status,
                                       status_reason=cur.status_reason, data=dict(cur.data))
            with self._lock:
                self.live[new.name] = cur
            _reset(new)
            self._replace(new, cur, props)
            return
        except Exception as exc:
            actions.set_state(new, st.UPDATE, st.FAILED, actions.reason_of(exc))
            raise
        new._properties = props
        new.stored_properties = after
        actions.set_state(new, st.UPDATE, st.COMPLETE, 'state changed', properties_data=after)

    def _replace(self, new, cur, props) -> None:
        old = self._swap_candidate(new, props)
        if old is not None:
            # a resource replaced earlier matches the target: take it back
            self._take_over(new, old)
            new._properties = props
            self.store.update_resource(old.row_id, replaced_by=None)
            self.store.update_resource(cur.row_id, replaced_by=old.row_id)
            with self._lock:
                self.superseded.remove(old)
                self.superseded.append(cur)
            return
        row_id = self._add_row(new)
        self.store.update_resource(row_id, replaces=cur.row_id)
        self.store.update_resource(cur.row_id, replaced_by=row_id)
        new.row_id = row_id
        with self._lock:
            self.superseded.append(cur)
            self.live[new.name] = new
        actions.create(new, self.deadline)
        new.stored_properties = _plain(new.properties)

    def _swap_candidate(self, new, props):
        wanted = _plain(props)
        with self._lock:
            candidates = [r for r in self.superseded if r.name == new.name]
        for old in reversed(candidates):
            if (old.status == st.COMPLETE and old.action not in (st.INIT, st.DELETE)
                    and not old.needs_replace and old.type_name == new.type_name
                    and type(old) is type(new) and _stored(old) == wanted):
                return old
        return None

    # -- the walks ---------------------------------------------------------------------
    def run(self) -> dict:
        """Walk the target's graph; returns ``{failed resource: exception}``."""
        from heat_core.engine.walker import Walker  # taskflow: only when a walk runs
        walker = Walker(st.UPDATE, self.target.graph(), self.perform, None, self.deadline)
        walker.cancelled = self.cancelled
        return walker.run()

    def cleanup(self) -> dict:
        """Delete the resources the target does not have and the superseded
        ones, in reverse order of the old graph.  In a rollback these were
        made by the failed update: superseded ones are deleted whatever their
        UpdateReplacePolicy, and RetainExceptOnCreate deletes."""
        doomed = {}
        for name, res in self.live.items():
            if name not in self.target.resources:
                doomed[name] = (res, None, 'DeletionPolicy')
        for res in self.superseded:
            policy = actions.DELETE_POLICY if self.rollback else replace_policy(self.target, res)
            doomed['%s#%s' % (res.name, res.row_id)] = (res, policy, 'UpdateReplacePolicy')

        def perform(key):
            res, policy, policy_name = doomed[key]
            if res.action == st.INIT and res.row_id is not None:
                self.store.delete_resource(res.row_id)     # never created
            else:
                actions.delete(res, self.deadline, self.rollback, policy, policy_name)
            with self._lock:
                if self.live.get(res.name) is res:
                    del self.live[res.name]
                if res in self.superseded:
                    self.superseded.remove(res)

        graph = deletion_graph(doomed, self.current.graph)
        try:
            from heat_core.engine.walker import Walker
            return Walker(st.DELETE, graph, perform, None, self.deadline).run()
        finally:
            self.store.purge_deleted_resources(self.target.id)

    def state(self) -> ResourceSet:
        """The resources as this walk left them (where a rollback starts)."""
        graph = dict(self.current.graph)
        graph.update(self.target.graph())
        with self._lock:
            return ResourceSet(dict(self.live), list(self.superseded), graph)

    # -- preview ----------------------------------------------------------------------
    def preview(self) -> dict:
        """``{added, deleted, replaced, updated, unchanged}``: resource names
        (the target's resources take the current state, nothing is written)."""
        out = {'added': [], 'deleted': [], 'replaced': [], 'updated': [], 'unchanged': []}
        kinds = {CREATE: 'added', REPLACE: 'replaced', UPDATE: 'updated',
                 UNCHANGED: 'unchanged'}
        for name, new in self.target.resources.items():
            cur = self.live.get(name)
            if cur is not None and cur.action != st.INIT and not self._must_replace(cur, new):
                for attr in ('resource_id', 'action', 'status'):
                    setattr(new, attr, getattr(cur, attr))
                new.data, new.attributes_data = dict(cur.data), dict(cur.attributes_data)
        for name in self.target.resources:
            try:
                kind = kinds[self.decide(name)[0]]
            except Exception:  # noqa: BLE001 - unknown new properties: an update
                kind = 'updated'
            out[kind].append(name)
        out['deleted'] = [n for n in self.live if n not in self.target.resources]
        return out


def observe(res, deadline: float | None = None) -> str | None:
    """Why the cloud no longer has ``res`` as recorded (its
    ``handle_check``, then ``check_check_complete`` when it has one,
    raised), or None.  Nothing is written: the resource keeps its state."""
    try:
        cookie = res.handle_check()
        poll = getattr(res, 'check_check_complete', None)
        while poll is not None and not poll(cookie):
            if deadline is not None and time.monotonic() > deadline:
                return 'CHECK timed out'
            time.sleep(min(0.05, res.poll_interval))
    except Exception as exc:  # noqa: BLE001 - a failed check is the answer
        return actions.reason_of(exc)
    return None


def deletion_graph(doomed: dict, graph: dict) -> dict:
    """Dependents-first graph of the ``doomed`` keys (``{key: (resource,
    ...)}``) from the dependencies ``graph`` of their names."""
    keys_of: dict = {}
    for key, entry in doomed.items():
        keys_of.setdefault(entry[0].name, []).append(key)
    out = {key: set() for key in doomed}
    for key, entry in doomed.items():
        for name, deps in graph.items():
            if entry[0].name in deps:
                out[key].update(k for k in keys_of.get(name, ()) if k != key)
    return out


# -- stack operations --------------------------------------------------------------------

def update(target, current: ResourceSet, row: dict, control: UpdateControl, load_stack,
           timeout_mins=None) -> str:
    """Update the stack ``row`` (already UPDATE_IN_PROGRESS, its new
    template stored, the old one in ``prev_raw_template_id``) from
    ``current`` to ``target``.  On failure or cancellation it rolls back to
    ``load_stack(template_id, params)`` of the previous template, unless
    rollback is disabled (or the cancel asked for none).  A target whose
    ``converge`` is set (Heat's ``stack.converge``) replaces the resources
    whose check fails (see the module doc).  Returns the final stack status
    word."""
    store = target.store
    deadline = operations._deadline(timeout_mins)
    converge = bool(getattr(target, 'converge', False))
    op = StackUpdate(current, target, deadline, control.cancelled, converge=converge)
    failed = op.run()
    clash = None
    if not failed and not control.cancelled.is_set():
        failed = op.cleanup()
        if not failed:
            clash = _record_outputs(target, check_imports=True)
            if clash is None:
                store.stack_state(target.id, target.name, st.UPDATE, st.COMPLETE,
                                  'Stack UPDATE completed successfully')
                return 'UPDATE_COMPLETE'
    if control.cancelled.is_set():
        reason, rollback = 'Stack UPDATE cancelled', control.rollback
    else:
        reason = clash or operations._failure_reason(st.UPDATE, failed)
        if deadline is not None and time.monotonic() > deadline:
            reason = 'Update timed out: ' + reason
        rollback = not row['disable_rollback']
    store.stack_state(target.id, target.name, st.UPDATE, st.FAILED, reason)
    if not rollback or row['prev_raw_template_id'] is None:
        return 'UPDATE_FAILED'
    store.stack_state(target.id, target.name, st.ROLLBACK, st.IN_PROGRESS, reason)
    previous = load_stack(row['prev_raw_template_id'], row['prev_parameters'] or {})
    return roll_back(previous, op.state(), row, timeout_mins)


def _record_outputs(stack, check_imports: bool = False) -> str | None:
    """Store the stack's outputs and exports; returns why they cannot be
    (another stack exports a name, or, with ``check_imports``, imports an
    export that changed or went away), or None."""
    from heat_core.engine import service_nested as sn
    outputs = stack.outputs()
    if check_imports:
        try:
            sn.check_exports_change(stack.store, stack.id, sn.exports_of(outputs))
        except sn.ExportInUse as exc:
            return str(exc)
    stack.store.update_stack(stack.id, outputs=operations._storable_outputs(outputs))
    return sn.record_stack_exports(stack, stack.store, outputs)


def roll_back(previous, current: ResourceSet, row: dict, timeout_mins=None) -> str:
    """Bring the stack (ROLLBACK_IN_PROGRESS) back to ``previous``, the
    stack of its previous template and parameters; on success that becomes
    its template again.  Returns the final stack status word."""
    store = previous.store
    op = StackUpdate(current, previous, operations._deadline(timeout_mins), rollback=True)
    failed = op.run() or op.cleanup()
    if failed:
        store.stack_state(previous.id, previous.name, st.ROLLBACK, st.FAILED,
                          operations._failure_reason(st.ROLLBACK, failed))
        return 'ROLLBACK_FAILED'
    # the failed template becomes the previous one (see is_update_rollback)
    store.update_stack(previous.id, raw_template_id=row['prev_raw_template_id'],
                       parameters=dict(row['prev_parameters'] or {}),
                       prev_raw_template_id=row['raw_template_id'],
                       prev_parameters=dict(row['parameters'] or {}))
    _record_outputs(previous)
    store.stack_state(previous.id, previous.name, st.ROLLBACK, st.COMPLETE,
                      'Stack ROLLBACK completed successfully')
    return 'ROLLBACK_COMPLETE'


def is_update_rollback(row: dict) -> bool:
    """Whether a stack's ROLLBACK_* state is the rollback of an update
    (CloudFormation's UPDATE_ROLLBACK_*) rather than of its create: only an
    update stores a previous template."""
    return row['action'] == st.ROLLBACK and row['prev_raw_template_id'] is not None


def delete_superseded(stack, deadline: float | None = None) -> dict:
    """Delete the resources updates replaced but kept (a stack delete runs
    this first), honouring UpdateReplacePolicy; returns the failures."""
    rows = [r for r in stack.store.resources(stack.id) if r['replaced_by'] is not None]
    if not rows:
        return {}
    return StackUpdate(from_rows(stack, rows), stack, deadline).cleanup()
