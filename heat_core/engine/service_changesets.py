"""CloudFormation change sets, and template cost estimates.

A change set is a template and parameters proposed for a stack, stored with
the resource changes executing it would make (:mod:`heat_core.engine.changes`,
computed when it is created; nothing in the cloud is touched).  Type UPDATE
is computed against an existing stack with the update's own decisions; type
CREATE makes a stack in REVIEW_IN_PROGRESS that has no resources, and lists
every resource as Add.  Executing one runs the create or update exactly as
``create_stack``/``update_stack`` would.

Statuses follow CloudFormation: ``status`` CREATE_COMPLETE, or FAILED when
there is nothing to change; ``execution_status`` AVAILABLE, UNAVAILABLE,
EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED or OBSOLETE (the stack
changed since: another change set was executed, or the stack was updated).
A change set names its stack by name, id or ARN; it is found by its id (or
an ARN ending in it) or by its name together with its stack's.
"""

from __future__ import annotations

import logging
import re
import threading

from sqlalchemy import delete, insert, select, update

from heat_core import config
from heat_core.config import CONF
from heat_core.db import models as m
from heat_core.engine import changes as chg
from heat_core.engine import operations
from heat_core.engine import status as st
from heat_core.engine.context import RequestContext
from heat_core.engine.resource_set import from_rows
from heat_core.engine.stack import Stack
from heat_core.engine.wire import iso, text_of
from heat_core.errors import HeatError, Issues, TemplateInvalid
from heat_core.template import loader, validation
from heat_core.template.parameters import MASK

LOG = logging.getLogger('heat.engine')

C = m.ChangeSet.__table__

CREATE, UPDATE = 'CREATE', 'UPDATE'
CREATE_COMPLETE, FAILED = 'CREATE_COMPLETE', 'FAILED'
AVAILABLE, UNAVAILABLE, OBSOLETE = 'AVAILABLE', 'UNAVAILABLE', 'OBSOLETE'
EXECUTE_IN_PROGRESS, EXECUTE_COMPLETE, EXECUTE_FAILED = (
    'EXECUTE_IN_PROGRESS', 'EXECUTE_COMPLETE', 'EXECUTE_FAILED')
NO_CHANGES = ("The submitted information didn't contain changes. Submit different "
              "information to create a change set.")
REVIEW_REASON = 'User Initiated'
#: what a stack in REVIEW_IN_PROGRESS holds until a change set creates it
EMPTY_TEMPLATE = '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}'
CAPABILITIES = ('CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND')
NAME_RE = re.compile(r'^[a-zA-Z][-a-zA-Z0-9]*$')
STACK_NAME_RE = re.compile(r'^[a-zA-Z][a-zA-Z0-9_.-]{0,254}$')
MAX_NAME, MAX_DESCRIPTION = 128, 1024


class ChangeSetNotFound(HeatError):
    code = 'ChangeSetNotFound'
    http_status = 404


class ChangeSetExists(HeatError):
    code = 'AlreadyExistsException'


class InvalidChangeSetStatus(HeatError):
    code = 'InvalidChangeSetStatus'


class InsufficientCapabilities(HeatError):
    code = 'InsufficientCapabilitiesException'


class ChangeSetInvalid(HeatError):
    code = 'ValidationError'


class ChangeSetMixin:
    """Change set calls of :class:`~heat_core.engine.service.EngineService`
    (see the module doc)."""

    # -- create ------------------------------------------------------------------------
    def create_change_set(self, ctx: RequestContext, stack_name: str, change_set_name: str,
                          template: str | None = None, params: dict | None = None,
                          use_previous_template: bool = False, change_set_type: str = UPDATE,
                          description: str | None = None, tags: list | None = None,
                          capabilities: list | None = None, client_token: str | None = None,
                          files: dict | None = None, env_texts: list | None = None,
                          use_previous_values=()) -> dict:
        """Record a change set and its changes; returns ``{id, stack_id,
        change_set_name}``.  ``use_previous_values``: names of parameters
        that keep the stack's current values (CloudFormation's
        UsePreviousValue).  Bad input raises before anything is written."""
        _check_request(change_set_name, change_set_type, description, template,
                       use_previous_template, capabilities)
        if change_set_type == CREATE:
            row = self._review_stack(ctx, stack_name, change_set_name)
        else:
            row = self._stack_to_change(ctx, stack_name)
        if row is not None:
            existing = self._change_set_named(row['id'], change_set_name)
            if existing is not None:
                if client_token and existing['client_token'] == client_token:
                    return _created(existing)   # the same request again
                raise ChangeSetExists('ChangeSet %s already exists' % change_set_name)
        if change_set_type == CREATE:
            inputs = (template, None, dict(files or {}), list(env_texts or []),
                      dict(params or {}))
            target = self._create_target(ctx, row, stack_name, inputs)
            found = chg.added(target)
        else:
            values = {n: v for n, v in (row['parameters'] or {}).items()
                      if n in set(use_previous_values or ())}
            values.update(params or {})
            inputs = self._update_inputs(row, template, values, files, env_texts, None,
                                         use_previous_template, ())
            if use_previous_template:   # CloudFormation keeps no values unless asked
                inputs = inputs[:4] + (values,)
            target = self._update_target(ctx, row, inputs)
            current = self._load(row)
            found = chg.compute(from_rows(current, self.store.resources(row['id'])),
                                target, current.param_values)
        _check_capabilities(target, capabilities)
        if row is None:
            row = self._add_review_stack(ctx, stack_name)
        text, name, files, envs, values = inputs
        tid = self.store.add_template(text, name, files, envs)
        status, reason = (CREATE_COMPLETE, '') if found else (FAILED, NO_CHANGES)
        cs = dict(id=m.new_id(), name=change_set_name, stack_id=row['id'], tenant=ctx.tenant,
                  change_set_type=change_set_type, raw_template_id=tid,
                  stack_template_id=row['raw_template_id'], parameters=values,
                  description=description, tags=list(tags or []),
                  capabilities=list(capabilities or []), client_token=client_token,
                  status=status, status_reason=reason,
                  execution_status=AVAILABLE if found else UNAVAILABLE, changes=found,
                  created_at=m.utcnow())
        with self.store._write() as c:
            c.execute(insert(C).values(**cs))
        return _created(cs)

    def _review_stack(self, ctx, stack_name: str, change_set_name: str) -> dict | None:
        """The REVIEW_IN_PROGRESS stack a CREATE change set adds to (None: a
        new one is needed); any other live stack of that name is refused."""
        if not isinstance(stack_name, str) or not STACK_NAME_RE.match(stack_name):
            raise ChangeSetInvalid('Invalid stack name %r: it must start with a letter and '
                                   'contain only letters, digits and "_-." (at most 255)'
                                   % (stack_name,))
        rows = self.store.find_stacks(tenant=ctx.tenant, name=stack_name)
        if not rows:
            return None
        if (rows[0]['action'], rows[0]['status']) != (st.REVIEW, st.IN_PROGRESS):
            raise ChangeSetInvalid('Stack [%s] already exists and cannot be created again '
                                   'with the changeSet [%s].' % (stack_name, change_set_name))
        return rows[0]

    def _stack_to_change(self, ctx, stack_name: str) -> dict:
        """The stack an UPDATE change set is for: it exists and may be updated."""
        row = self._change_set_stack(ctx, stack_name)
        if row is None:
            raise ChangeSetInvalid('Stack [%s] does not exist' % stack_name)
        if row['action'] == st.REVIEW or row['status'] == st.IN_PROGRESS:
            raise ChangeSetInvalid('Stack:%s is in %s state and can not be updated.' % (
                row['id'], st.word(row['action'], row['status'])))
        from heat_core.engine.service_update import _check_updatable
        _check_updatable(row)
        return row

    def _create_target(self, ctx, row, stack_name: str, inputs) -> Stack:
        """The stack a CREATE change set would make (validated)."""
        text, name, files, envs, values = inputs
        self._check_stack_limit(ctx, row)
        loaded = self.validate_template(ctx, text, name, envs, files, values)
        if loaded.issues:
            raise TemplateInvalid(loaded.issues)
        self._check_exports(ctx, loaded, values)
        typed = validation.parameter_values(loaded.template, values, Issues(), None,
                                            check_values=False)
        return Stack(row['id'] if row else m.new_id(), stack_name, ctx.tenant,
                     loaded.template, typed, self.cloud)

    def _check_stack_limit(self, ctx, row) -> None:
        limit = CONF.max_stacks_per_tenant
        if row is None and limit >= 0 and self.store.count_stacks(ctx.tenant) >= limit:
            from heat_core.engine.service import LimitExceeded
            raise LimitExceeded('You have reached the maximum stacks per tenant, %d. Please '
                                'delete some stacks.' % limit)

    def _add_review_stack(self, ctx, stack_name: str) -> dict:
        """A new stack in REVIEW_IN_PROGRESS, with no resources."""
        tid = self.store.add_template(EMPTY_TEMPLATE, None, {}, [])
        stack_id = self.store.add_stack(name=stack_name, tenant=ctx.tenant, username=ctx.user,
                                        raw_template_id=tid, action=st.REVIEW,
                                        status=st.IN_PROGRESS, status_reason=REVIEW_REASON)
        self.store.stack_state(stack_id, stack_name, st.REVIEW, st.IN_PROGRESS, REVIEW_REASON,
                               updated_at=None)
        return self.store.get_stack(stack_id)

    # -- reads -------------------------------------------------------------------------
    def describe_change_set(self, ctx: RequestContext, change_set_name_or_id: str,
                            stack_name: str | None = None) -> dict:
        """A change set with its parameters (NoEcho masked) and changes."""
        cs, row = self._find_change_set(ctx, change_set_name_or_id, stack_name)
        out = _summary(cs, row)
        raw = self.store.get_template(cs['raw_template_id'])
        out.update(parameters=_shown_parameters(raw, cs['parameters']),
                   tags=list(cs['tags'] or []), capabilities=list(cs['capabilities'] or []),
                   change_set_type=cs['change_set_type'],
                   changes=[dict(c) for c in cs['changes'] or []])
        return out

    def list_change_sets(self, ctx: RequestContext, stack_name: str) -> list[dict]:
        """Summaries of a stack's change sets, oldest first."""
        row = self._change_set_stack(ctx, stack_name)
        if row is None:
            raise ChangeSetInvalid('Stack [%s] does not exist' % stack_name)
        with self.store.engine.connect() as c:
            rows = c.execute(select(C).where(C.c.stack_id == row['id'])
                             .order_by(C.c.created_at, C.c.id)).mappings().all()
        return [_summary(self._refresh(dict(cs), row), row) for cs in rows]

    # -- execute and delete ------------------------------------------------------------
    def execute_change_set(self, ctx: RequestContext, change_set_name_or_id: str,
                           stack_name: str | None = None, disable_rollback: bool | None = None,
                           wait: bool = False) -> None:
        """Create or update the stack as the change set says; the stack's
        other change sets become OBSOLETE.  Only an AVAILABLE change set can
        be executed."""
        cs, row = self._find_change_set(ctx, change_set_name_or_id, stack_name)
        if cs['execution_status'] != AVAILABLE:
            raise InvalidChangeSetStatus(
                'ChangeSet [%s] cannot be executed in its current execution status of [%s]'
                % (cs['id'], cs['execution_status']))
        with self.store._write() as c:
            claimed = c.execute(update(C).where(C.c.id == cs['id'],
                                                C.c.execution_status == AVAILABLE)
                                .values(execution_status=EXECUTE_IN_PROGRESS,
                                        executed_at=m.utcnow())).rowcount
        if not claimed:
            raise InvalidChangeSetStatus('ChangeSet [%s] is already being executed' % cs['id'])
        raw = self.store.get_template(cs['raw_template_id'])
        try:
            if cs['change_set_type'] == CREATE:
                self._execute_create(ctx, row, cs, raw, disable_rollback, wait)
            else:
                self.update_stack(ctx, row['id'], raw['template'], dict(cs['parameters']),
                                  raw['files'], [tuple(e) for e in raw['environment']],
                                  raw['template_name'], tags=list(cs['tags']) or None,
                                  disable_rollback=disable_rollback,
                                  capabilities=list(cs['capabilities'] or []), wait=wait)
        except BaseException:
            self._set_execution(cs['id'], AVAILABLE, executed_at=None)
            raise
        with self.store._write() as c:
            c.execute(update(C).where(C.c.stack_id == row['id'], C.c.id != cs['id'],
                                      C.c.execution_status == AVAILABLE)
                      .values(execution_status=OBSOLETE))
        self._record_outcome(cs['id'], row['id'], wait)

    def _execute_create(self, ctx, row, cs, raw, disable_rollback, wait) -> None:
        """Create the REVIEW_IN_PROGRESS stack as ``create_stack`` would."""
        if (row['action'], row['status']) != (st.REVIEW, st.IN_PROGRESS):
            raise InvalidChangeSetStatus('Stack [%s] is in %s state: it can no longer be '
                                         'created.' % (row['name'], st.word(row['action'],
                                                                           row['status'])))
        envs = [tuple(e) for e in raw['environment']]
        params = dict(cs['parameters'] or {})
        loaded = self.validate_template(ctx, raw['template'], raw['template_name'], envs,
                                        raw['files'], params)
        if loaded.issues:
            raise TemplateInvalid(loaded.issues)
        self._check_exports(ctx, loaded, params)
        on_failure = 'DO_NOTHING' if disable_rollback else 'ROLLBACK'
        timeout = config.stack_action_timeout_mins()
        self._lock_stack(row['id'], row['name'])
        try:
            self.store.update_stack(
                row['id'], raw_template_id=cs['raw_template_id'], parameters=params,
                tags=list(cs['tags'] or []), disable_rollback=on_failure != 'ROLLBACK',
                capabilities=list(cs['capabilities'] or []),
                on_failure=on_failure, action=st.CREATE, status=st.IN_PROGRESS,
                status_reason='Stack CREATE started')
            row = self.store.get_stack(row['id'])
            stack = self._load(row, loaded=loaded)
            rows = self.store.add_resources(row['id'], [(n, r.type_name)
                                                        for n, r in stack.resources.items()])
            for name, rid in rows.items():
                stack.resources[name].row_id = rid
        except BaseException:
            self.liveness.release(row['id'])
            raise
        self._start(row['id'], lambda: operations.create(stack, self.store, timeout,
                                                         on_failure), wait, locked=True)

    def delete_change_set(self, ctx: RequestContext, change_set_name_or_id: str,
                          stack_name: str | None = None) -> None:
        """Forget a change set (not one being executed).  A stack in
        REVIEW_IN_PROGRESS stays, as in CloudFormation, even without change
        sets: delete it with ``delete_stack``."""
        cs, _ = self._find_change_set(ctx, change_set_name_or_id, stack_name)
        if cs['execution_status'] == EXECUTE_IN_PROGRESS:
            raise InvalidChangeSetStatus(
                'Cannot delete ChangeSet [%s] in execution status %s'
                % (cs['id'], EXECUTE_IN_PROGRESS))
        with self.store._write() as c:
            c.execute(delete(C).where(C.c.id == cs['id']))

    # -- lookup and state --------------------------------------------------------------
    def _change_set_stack(self, ctx, name_or_id: str) -> dict | None:
        """A live stack of the tenant by name, id or ARN (None if there is none)."""
        from heat_core.engine.service import StackNotFound
        if not isinstance(name_or_id, str) or not name_or_id:
            return None
        if name_or_id.startswith('arn:'):
            name_or_id = name_or_id.rstrip('/').rsplit('/', 1)[-1]
        try:
            return self.identify(ctx, name_or_id)
        except StackNotFound:
            return None

    def _change_set_named(self, stack_id: str, name: str) -> dict | None:
        with self.store.engine.connect() as c:
            found = c.execute(select(C).where(C.c.stack_id == stack_id, C.c.name == name)
                              ).mappings().first()
        return dict(found) if found else None

    def _find_change_set(self, ctx, name_or_id: str, stack_name: str | None) -> tuple:
        """``(change set row, stack row)``, state brought up to date;
        ChangeSetNotFound for one of another tenant or of a deleted stack."""
        if not isinstance(name_or_id, str) or not name_or_id:
            raise ChangeSetInvalid('ChangeSetName must be a change set name or ARN')
        cs = None
        wanted = name_or_id
        if name_or_id.startswith('arn:'):
            wanted = name_or_id.rstrip('/').rsplit('/', 1)[-1]
        if name_or_id.startswith('arn:') or (stack_name is None and _looks_like_id(wanted)):
            with self.store.engine.connect() as c:
                found = c.execute(select(C).where(C.c.id == wanted, C.c.tenant == ctx.tenant)
                                  ).mappings().first()
            cs = dict(found) if found else None
        elif stack_name is None:
            raise ChangeSetInvalid('StackName must be specified if ChangeSetName is not '
                                   'specified as an ARN.')
        else:
            row = self._change_set_stack(ctx, stack_name)
            cs = self._change_set_named(row['id'], name_or_id) if row else None
            if cs is None and _looks_like_id(name_or_id):
                return self._find_change_set(ctx, name_or_id, None)
        row = self.store.get_stack(cs['stack_id']) if cs else None
        if cs is None or row is None or row['deleted_at'] is not None or \
                row['tenant'] != ctx.tenant:
            raise ChangeSetNotFound('ChangeSet [%s] does not exist' % name_or_id)
        return self._refresh(cs, row), row

    def _refresh(self, cs: dict, row: dict) -> dict:
        """Bring the execution status up to date with the stack: OBSOLETE
        once the stack has another template; the outcome of an execution
        whose recording was lost (its engine died)."""
        state = cs['execution_status']
        new = state
        if state == AVAILABLE and row['raw_template_id'] != cs['stack_template_id']:
            new = OBSOLETE
        elif state == EXECUTE_IN_PROGRESS and cs['executed_at'] is not None and \
                row['updated_at'] is not None and row['updated_at'] >= cs['executed_at'] and \
                row['status'] != st.IN_PROGRESS and not self._busy(row['id']):
            new = _outcome(row)
        if new != state:
            self._set_execution(cs['id'], new)
            cs = dict(cs, execution_status=new)
        return cs

    def _busy(self, stack_id: str) -> bool:
        thread = self._threads.get(stack_id)
        holder = self.liveness.holder(stack_id)
        return (thread is not None and thread.is_alive()) or (
            holder is not None and self.liveness.is_alive(holder))

    def _set_execution(self, cs_id: str, state: str, **extra) -> None:
        with self.store._write() as c:
            c.execute(update(C).where(C.c.id == cs_id).values(execution_status=state, **extra))

    def _record_outcome(self, cs_id: str, stack_id: str, wait: bool) -> None:
        """Record EXECUTE_COMPLETE or EXECUTE_FAILED when the operation ends
        (now, when it ran in this call)."""
        def record():
            try:
                row = self.store.get_stack(stack_id)
                if row is not None:
                    with self.store._write() as c:
                        c.execute(update(C).where(C.c.id == cs_id,
                                                  C.c.execution_status == EXECUTE_IN_PROGRESS)
                                  .values(execution_status=_outcome(row)))
            except Exception:  # noqa: BLE001 - describe derives it from the stack instead
                LOG.exception('Change set %s: cannot record its outcome', cs_id)
        thread = self._threads.get(stack_id)
        if wait or thread is None:
            record()
            return

        def watch():
            thread.join()
            record()
        threading.Thread(target=watch, name='change-set-%s' % cs_id, daemon=True).start()

    # -- estimates ---------------------------------------------------------------------
    def estimate_template_cost(self, ctx: RequestContext, template: str,
                               params: dict | None = None, files: dict | None = None,
                               env_texts: list | None = None) -> dict:
        """The monthly cost of a template's resources from the operator's
        price table (see :mod:`heat_core.engine.estimate`); an invalid
        template raises TemplateInvalid."""
        from heat_core.engine import estimate
        loaded = self.validate_template(ctx, template, None, env_texts, files, params)
        if loaded.issues:
            raise TemplateInvalid(loaded.issues)
        return estimate.estimate(loaded.template, dict(params or {}), self.cloud)


# -- helpers -------------------------------------------------------------------------------
def _check_request(name, kind, description, template, use_previous, capabilities) -> None:
    if not isinstance(name, str) or len(name) > MAX_NAME or not NAME_RE.match(name):
        raise ChangeSetInvalid(
            'Invalid change set name %r: it must start with a letter, contain only letters, '
            'digits and hyphens, and be at most %d characters long' % (name, MAX_NAME))
    if kind not in (CREATE, UPDATE):
        raise ChangeSetInvalid('ChangeSetType %r is not supported: use CREATE or UPDATE'
                               % (kind,))
    if description is not None and (not isinstance(description, str)
                                    or len(description) > MAX_DESCRIPTION):
        raise ChangeSetInvalid('Description must be text of at most %d characters'
                               % MAX_DESCRIPTION)
    if use_previous and kind == CREATE:
        raise ChangeSetInvalid('UsePreviousTemplate can only be used with a change set of '
                               'type UPDATE')
    if use_previous and template is not None:
        raise ChangeSetInvalid('Specify either a template or UsePreviousTemplate, not both')
    if not use_previous and template is None:
        raise ChangeSetInvalid('Either Template URL or Template Body must be specified.')
    unknown = [c for c in capabilities or () if c not in CAPABILITIES]
    if unknown:
        raise ChangeSetInvalid('Unknown capabilities %s: the known ones are %s'
                               % (', '.join(map(str, unknown)), ', '.join(CAPABILITIES)))


def _check_capabilities(target, capabilities) -> None:
    """CloudFormation's acknowledgement that a template makes IAM resources."""
    iam = [n for n, r in target.resources.items() if r.type_name.startswith('AWS::IAM::')]
    given = set(capabilities or ())
    if iam and not given & {'CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'}:
        raise InsufficientCapabilities('Requires capabilities : [CAPABILITY_IAM] (IAM '
                                       'resources: %s)' % ', '.join(sorted(iam)))


def _looks_like_id(value: str) -> bool:
    return bool(re.match(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
                         value))


def _created(cs: dict) -> dict:
    return {'id': cs['id'], 'stack_id': cs['stack_id'], 'change_set_name': cs['name']}


def _outcome(row: dict) -> str:
    """The execution status a finished create or update left."""
    if row['status'] == st.IN_PROGRESS:
        return EXECUTE_IN_PROGRESS
    if row['status'] == st.COMPLETE and row['action'] in (st.CREATE, st.UPDATE):
        return EXECUTE_COMPLETE
    return EXECUTE_FAILED


def _summary(cs: dict, row: dict) -> dict:
    return {'change_set_id': cs['id'], 'change_set_name': cs['name'],
            'stack_id': row['id'], 'stack_name': row['name'], 'status': cs['status'],
            'status_reason': cs['status_reason'] or None,
            'execution_status': cs['execution_status'],
            'creation_time': iso(cs['created_at']), 'description': cs['description']}


def _shown_parameters(raw: dict, given: dict) -> dict:
    """The change set's template parameters and their values (given or
    default), as text; NoEcho ones masked."""
    loaded = loader.load(raw['template'], raw['template_name'],
                         [tuple(e) for e in raw['environment']], raw['files'])
    tmpl = loaded.template
    if tmpl is None:
        return {}
    values = validation.parameter_values(tmpl, given, Issues(), None, check_values=False)
    return {name: MASK if p.no_echo else text_of(values[name])
            for name, p in tmpl.parameters.items() if not p.pseudo and name in values}
