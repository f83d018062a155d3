"""Stack updates: full and patch updates, their previews, update rollback, cancel update,
continue rollback and marking resources unhealthy.

The operation itself (the walk, replacements, rollback) is
:mod:`heat_core.engine.update`; this module checks requests, stores the new
template (the old one stays in ``prev_raw_template_id``, its parameters in
``prev_parameters``, for the rollback) and starts the work.
"""

from __future__ import annotations

import logging
import math

from heat_core import config
from heat_core.engine import actions, update_control
from heat_core.engine import status as st
from heat_core.engine import update as upd
from heat_core.engine.context import RequestContext
from heat_core.engine.nested import NestedStackResource
from heat_core.engine.resource_set import from_rows
from heat_core.engine.stack import Stack
from heat_core.errors import HeatError, Issues, TemplateInvalid
from heat_core.template import functions as fn
from heat_core.template import loader, validation
from heat_core.template.scope import StaticScope

LOG = logging.getLogger('heat.engine')

MARK_REASON = 'state changed by resource_mark_unhealthy api'


class ImmutableParameterModified(HeatError):
    code = 'ImmutableParameterModified'


class NotSupported(HeatError):
    code = 'NotSupported'


class InvalidRequest(HeatError):
    code = 'Invalid'


class EventSendFailed(HeatError):
    """Heat's error when the engine running a stack's operation cannot be
    reached (it died, or the operation has just ended)."""
    code = 'EventSendFailed'
    http_status = 500


class ResourceNotFound(HeatError):
    code = 'EntityNotFound'
    http_status = 404


class UpdateMixin:
    """Calls of :class:`~heat_core.engine.service.EngineService` (see the module doc)."""

    # -- update ------------------------------------------------------------------------
    def update_stack(self, ctx: RequestContext, name_or_id: str, template: str | None = None,
                     params: dict | None = None, files: dict | None = None,
                     env_texts: list | None = None, template_name: str | None = None,
                     existing: bool = False, clear_parameters=(), timeout_mins: int | None = None,
                     disable_rollback: bool | None = None, tags: list | None = None,
                     wait: bool = False, capabilities: list | None = None,
                     converge: bool = False) -> dict:
        """Update a stack to a new template (``existing=True``: PATCH the
        stored template, parameters and environment); returns its identity.
        ``capabilities`` (CloudFormation's, as acknowledged) replace the
        stored ones when given.  ``converge`` (Heat's "observe on reality"):
        each resource is checked against the cloud first, and one whose
        check fails is replaced even when the template did not change it.
        An invalid template or a changed immutable parameter raises before
        anything is written."""
        row = self.identify(ctx, name_or_id)
        self._check_idle(row)
        _check_updatable(row)
        inputs = self._update_inputs(row, template, params, files, env_texts, template_name,
                                     existing, clear_parameters)
        target = self._update_target(ctx, row, inputs)
        self.start()
        self.liveness.acquire(row['id'], row['name'])
        try:
            current = from_rows(self._load(row), self.store.resources(row['id']))
            text, name, files, envs, values = inputs
            tid = self.store.add_template(text, name, files, envs)
            changes = dict(raw_template_id=tid, prev_raw_template_id=row['raw_template_id'],
                           parameters=values, prev_parameters=dict(row['parameters'] or {}))
            if timeout_mins is not None:
                changes['timeout'] = max(1, math.ceil(timeout_mins))   # whole minutes
            if disable_rollback is not None:
                changes['disable_rollback'] = bool(disable_rollback)
            if tags is not None:
                changes['tags'] = list(tags)
            if capabilities is not None:
                changes['capabilities'] = list(capabilities)
            self.store.update_stack(row['id'], **changes)
            self.store.stack_state(row['id'], row['name'], st.UPDATE, st.IN_PROGRESS,
                                   'Stack UPDATE started')
            row = self.store.get_stack(row['id'])
            target.converge = bool(converge)
            engine_id = self.liveness.id
            control = update_control.RUNNING[row['id']] = update_control.UpdateControl(
                lambda: self.store.cancel_requested(row['id'], engine_id))
        except BaseException:
            self.liveness.release(row['id'])
            raise

        def work():
            try:
                upd.update(target, current, row, control, self._stack_for_update(row),
                           timeout_mins or _timeout(row))
            except Exception as exc:  # noqa: BLE001 - recorded in the stack's state
                self._fail_unexpected(row, exc)
            finally:
                update_control.RUNNING.pop(row['id'], None)
        self._start(row['id'], work, wait, locked=True)
        return self.identity(row)

    def preview_update(self, ctx: RequestContext, name_or_id: str, template: str | None = None,
                       params: dict | None = None, files: dict | None = None,
                       env_texts: list | None = None, template_name: str | None = None,
                       existing: bool = False, clear_parameters=(), converge: bool = False,
                       show_nested: bool = False, **_ignored) -> dict:
        """What an update would do: ``{added, deleted, replaced, updated,
        unchanged}``, each a list of resource dicts; nothing is written.
        ``converge``: resources whose check against the cloud fails count as
        replaced (the checks only read).  ``show_nested``: the resources of
        nested stacks are in the same lists, with their ``stack_name`` and
        ``parent_resource`` (as Heat's: an updated nested stack is previewed
        as an update of its own, the resources of an added nested stack are
        added, those of a deleted or replaced one deleted)."""
        row = self.identify(ctx, name_or_id)
        inputs = self._update_inputs(row, template, params, files, env_texts, template_name,
                                     existing, clear_parameters)
        target = self._update_target(ctx, row, inputs)
        out: dict = {'added': [], 'deleted': [], 'replaced': [], 'updated': [], 'unchanged': []}
        self._preview_stack(row, target, bool(converge), bool(show_nested), out)
        return out

    def _preview_stack(self, row: dict, target: Stack, converge: bool, show_nested: bool,
                       out: dict, parent_resource: str | None = None) -> None:
        """Add the preview of one stack's update (``row``, to ``target``) to ``out``."""
        rows = self.store.resources(row['id'])
        current = from_rows(self._load(row), rows)
        names = upd.StackUpdate(current, target, converge=converge).preview()
        by_id = {r['id']: r for r in rows}
        nested = {} if parent_resource is None else {
            'stack_name': row['name'], 'stack_id': row['id'], 'parent_resource': parent_resource}

        def shown(name, kind):
            res = current.live.get(name)
            r = by_id.get(res.row_id) if res is not None else None
            if kind == 'added' or r is None:
                return _new_resource(target.resources[name], row['name'], row['id'],
                                     parent_resource)
            entry = dict(self.format_resource(row, r), resource_action=r['action'], **nested)
            if kind != 'deleted':
                entry['resource_type'] = target.resources[name].type_name
            return entry
        for kind, found in names.items():
            out[kind].extend(shown(n, kind) for n in found)
        if not show_nested:
            return
        for name in names['deleted'] + names['replaced']:
            child = _child_row(current.live.get(name))
            if child is not None:
                self._preview_gone(child, name, out)
        for name in names['added'] + names['replaced']:
            self._preview_new(row, target.resources[name], out)
        for name in names['updated']:
            cur, new = current.live.get(name), target.resources[name]
            child = _child_row(cur)
            if child is None or not isinstance(new, NestedStackResource):
                continue
            try:
                child_target = _child_target(new, row, child)
            except Exception:  # noqa: BLE001 - the update itself reports why
                LOG.debug('No preview of the nested stack of %s', name, exc_info=True)
                continue
            self._preview_stack(child, child_target, converge, True, out, name)

    def _preview_gone(self, row: dict, parent_resource: str, out: dict) -> None:
        """The resources of the nested stack ``row`` as deleted, with its own nested ones."""
        rows = self.store.resources(row['id'])
        current = from_rows(self._load(row), rows)
        by_id = {r['id']: r for r in rows}
        for name, res in current.live.items():
            r = by_id[res.row_id]
            out['deleted'].append(dict(self.format_resource(row, r), resource_action=r['action'],
                                       stack_name=row['name'], stack_id=row['id'],
                                       parent_resource=parent_resource))
            child = _child_row(res)
            if child is not None:
                self._preview_gone(child, name, out)

    def _preview_new(self, parent: dict, res, out: dict) -> None:
        """The resources of the nested stack a new resource ``res`` would make, as added."""
        if not isinstance(res, NestedStackResource):
            return
        try:
            text, template_name, params, files, env_texts, tmpl, values = res._prepare_child(parent)
        except Exception:  # noqa: BLE001 - the update itself reports why
            LOG.debug('No preview of the nested stack of %s', res.name, exc_info=True)
            return
        name = res.physical_resource_name()
        child = Stack(None, name, parent['tenant'], tmpl, values, self.cloud, store=self.store)
        res._set_facade(child)
        for new in child.resources.values():
            out['added'].append(_new_resource(new, name, '', res.name))
            self._preview_new(parent, new, out)

    def _update_inputs(self, row, template, params, files, env_texts, template_name, existing,
                       clear_parameters) -> tuple:
        """``(template text, template name, files, environment texts,
        parameters)`` of an update; PATCH merges the given ones into the
        stored ones (given parameters win, ``clear_parameters`` drops)."""
        if not existing:
            if template is None:
                raise InvalidRequest('A stack update needs a template (or existing=True to '
                                     'reuse the stored one)')
            return (template, template_name, dict(files or {}), list(env_texts or []),
                    dict(params or {}))
        raw = self.store.get_template(row['raw_template_id'])
        if template is None:
            template, template_name = raw['template'], template_name or raw['template_name']
        values = {k: v for k, v in (row['parameters'] or {}).items()
                  if k not in set(clear_parameters or ())}
        values.update(params or {})
        envs = [tuple(e) for e in raw['environment'] or []] + list(env_texts or [])
        return template, template_name, {**(raw['files'] or {}), **(files or {})}, envs, values

    def _update_target(self, ctx, row, inputs) -> Stack:
        """The stack of the new template; raises TemplateInvalid or
        ImmutableParameterModified."""
        text, name, files, envs, values = inputs
        loaded = self.validate_template(ctx, text, name, envs, files, values,
                                        require_values=True)
        if loaded.issues:
            raise TemplateInvalid(loaded.issues)
        new_values = validation.parameter_values(loaded.template, values, Issues(), None,
                                                 check_values=False)
        old, old_values = self._template_values(row['raw_template_id'], row['parameters'] or {})
        changed = [n for n, p in old.parameters.items()
                   if p.immutable and not p.pseudo and n in loaded.template.parameters
                   and old_values.get(n) != new_values.get(n)]
        if changed:
            raise ImmutableParameterModified(
                'The following parameters are immutable and may not be updated: %s'
                % ', '.join(changed))
        target = Stack(row['id'], row['name'], row['tenant'], loaded.template, new_values,
                       self.cloud, store=self.store)
        _check_exports_kept(self.store, row, target)
        return target

    def _template_values(self, template_id: int, params: dict) -> tuple:
        """``(template, parameter values)`` of a stored template."""
        raw = self.store.get_template(template_id)
        loaded = loader.load(raw['template'], raw['template_name'],
                             [tuple(e) for e in raw['environment']], raw['files'])
        return loaded.template, validation.parameter_values(
            loaded.template, params, Issues(), None, check_values=False)

    def _stack_from(self, row: dict, template_id: int, params: dict) -> Stack:
        """A stack of a stored template and parameters, without resource state."""
        template, values = self._template_values(template_id, params)
        return Stack(row['id'], row['name'], row['tenant'], template, values, self.cloud,
                     store=self.store)

    def _stack_for_update(self, row):
        return lambda template_id, params: self._stack_from(row, template_id, params)

    # -- cancel, rollback, recovery ----------------------------------------------------
    def cancel_update(self, ctx: RequestContext, name_or_id: str, rollback: bool = True) -> None:
        """Stop an update in progress, in this engine process or another
        one: no new resource starts, those in flight finish; then it rolls
        back (or, with ``rollback=False``, stays UPDATE_FAILED 'Stack UPDATE
        cancelled')."""
        row = self.identify(ctx, name_or_id)
        if (row['action'], row['status']) != (st.UPDATE, st.IN_PROGRESS):
            raise NotSupported('Cancelling update when stack is %s is not supported.'
                               % st.word(row['action'], row['status']))
        holder = self.liveness.holder(row['id'])
        control = update_control.RUNNING.get(row['id'])
        if holder == self.liveness.id and control is not None:
            control.cancel(rollback)
            return
        # run by another engine: leave the request on its stack lock, where
        # the update looks between resource steps (Heat sends the message to
        # the engine holding the lock)
        if holder is None or not self.liveness.is_alive(holder) or \
                self.store.request_cancel(row['id'], rollback) != holder:
            raise EventSendFailed('Failed to send message to stack (%s) on other engine (%s)'
                                  % (row['name'], holder))

    def continue_update_rollback(self, ctx: RequestContext, name_or_id: str,
                                 wait: bool = False) -> None:
        """Retry the rollback of an update that failed (ROLLBACK_FAILED)."""
        row = self.identify(ctx, name_or_id)
        self._check_idle(row)
        if row['status'] != st.FAILED or not upd.is_update_rollback(row):
            raise NotSupported('Continuing an update rollback when stack is %s is not '
                               'supported.' % st.word(row['action'], row['status']))
        self.start()
        self.liveness.acquire(row['id'], row['name'])
        try:
            self.store.stack_state(row['id'], row['name'], st.ROLLBACK, st.IN_PROGRESS,
                                   'Stack ROLLBACK continued')
        except BaseException:
            self.liveness.release(row['id'])
            raise

        def work():
            try:
                self._roll_back_stored(row)
            except Exception as exc:  # noqa: BLE001 - recorded in the stack's state
                self._fail_unexpected(row, exc)
        self._start(row['id'], work, wait, locked=True)

    def resume_update(self, row: dict) -> str:
        """After an engine died during an update (or its rollback): fail the
        update and roll back to the previous template (unless rollback is
        disabled)."""
        if row['action'] == st.UPDATE:
            reason = 'Engine went down during stack UPDATE'
            self.store.stack_state(row['id'], row['name'], st.UPDATE, st.FAILED, reason)
            if row['disable_rollback'] or row['prev_raw_template_id'] is None:
                return 'UPDATE_FAILED'
            self.store.stack_state(row['id'], row['name'], st.ROLLBACK, st.IN_PROGRESS, reason)
        return self._roll_back_stored(row)

    def _fail_unexpected(self, row: dict, exc: Exception) -> None:
        """An update or rollback broke off with an error of the engine: its
        stack must not stay IN_PROGRESS."""
        LOG.exception('Stack %s: update or rollback failed', row['id'])
        now = self.store.get_stack(row['id'])
        if now is not None and now['status'] == st.IN_PROGRESS:
            self.store.stack_state(row['id'], row['name'], now['action'], st.FAILED,
                                   'Stack %s failed: %s' % (now['action'],
                                                            actions.reason_of(exc)))

    def _roll_back_stored(self, row: dict) -> str:
        """Roll back to the previous template from the state in the database."""
        row = self.store.get_stack(row['id'])
        current = from_rows(self._load(row), self.store.resources(row['id']))
        previous = self._stack_from(row, row['prev_raw_template_id'],
                                    row['prev_parameters'] or {})
        return upd.roll_back(previous, current, row, _timeout(row))

    # -- resource health ---------------------------------------------------------------
    def mark_unhealthy(self, ctx: RequestContext, name_or_id: str, resource_name: str,
                       unhealthy: bool = True, reason: str = '') -> None:
        """Heat's PATCH resource: an unhealthy resource is CHECK_FAILED with
        ``reason`` and is replaced by the next update; marking a
        CHECK_FAILED resource healthy makes it CHECK_COMPLETE."""
        if not isinstance(unhealthy, bool):
            raise InvalidRequest('mark_unhealthy is not a boolean')
        row = self.identify(ctx, name_or_id)
        self._check_idle(row)
        r = self._find_resource_row(row, resource_name)
        reason = reason or MARK_REASON
        args = (r['id'], row['id'], r['name'], r['type'], r['physical_resource_id'])
        if unhealthy:
            if r['action'] == st.DELETE:
                return
            self.store.resource_state(*args, st.CHECK, st.FAILED, reason, needs_replace=True)
        elif (r['action'], r['status']) == (st.CHECK, st.FAILED):
            self.store.resource_state(*args, st.CHECK, st.COMPLETE, reason, needs_replace=False)
        elif r['needs_replace']:
            self.store.update_resource(r['id'], needs_replace=False)

    def _find_resource_row(self, row: dict, resource_name: str) -> dict:
        """The current row of a resource, by name or physical id."""
        rows = [r for r in self.store.resources(row['id']) if r['replaced_by'] is None]
        for key in ('name', 'physical_resource_id'):
            found = [r for r in rows if r[key] == resource_name]
            if found:
                return found[-1]
        raise ResourceNotFound('The Resource (%s) could not be found.' % resource_name)


def _new_resource(res, stack_name: str, stack_id: str, parent_resource: str | None) -> dict:
    """A resource an update would create, as the preview shows it."""
    out = {'resource_name': res.name, 'logical_resource_id': res.name,
           'physical_resource_id': '', 'resource_type': res.type_name,
           'resource_action': st.INIT, 'resource_status': 'INIT_COMPLETE',
           'resource_status_reason': '', 'stack_name': stack_name, 'stack_id': stack_id}
    if parent_resource is not None:
        out['parent_resource'] = parent_resource
    return out


def _child_row(res) -> dict | None:
    """The stack row of a live nested stack resource's child, or None."""
    if not isinstance(res, NestedStackResource) or not res.resource_id:
        return None
    row = res.child_row()
    return row if row is not None and row['deleted_at'] is None else None


def _child_target(res, parent: dict, child: dict) -> Stack:
    """The Stack the update of the nested stack resource ``res`` (of the
    new template) would bring its existing ``child`` to."""
    res.resource_id = child['id']
    _t, _n, _p, _f, _e, tmpl, values = res._prepare_child(parent, child['id'])
    target = Stack(child['id'], child['name'], child['tenant'], tmpl, values, res.stack.cloud,
                   store=res.stack.store)
    res._set_facade(target)
    return target


def _check_updatable(row: dict) -> None:
    if row['action'] == st.REVIEW:
        raise NotSupported('Stack %s is in REVIEW_IN_PROGRESS state and can not be updated: '
                           'execute one of its change sets (or delete it).' % row['name'])
    if row['action'] == st.SUSPEND:
        raise NotSupported('Updating a stack when it is suspended is not supported.')
    if row['action'] == st.DELETE:
        raise NotSupported('Updating a stack when it is deleting is not supported.')


def _check_exports_kept(store, row: dict, target) -> None:
    """Refuse (ExportInUse) to remove or change an export another stack
    imports, as far as the new values are known before the update."""
    from heat_core.engine.service_nested import check_exports_change
    scope = StaticScope(target.template, target.param_values, stack_name=row['name'],
                        stack_id=row['id'], project_id=row['tenant'])
    exports = {}
    for out in target.template.outputs.values():
        if out.export_name is None:
            continue
        name = fn.try_resolve(out.export_name, scope)
        if not isinstance(name, str):
            return      # an export name known only at run time: cannot tell
        exports[name] = fn.try_resolve(out.value, scope)
    check_exports_change(store, row['id'], exports)


def _timeout(row: dict) -> int:
    return row['timeout'] or config.stack_action_timeout_mins()
