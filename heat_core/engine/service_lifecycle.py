"""Other stack actions: preview, suspend, resume, check, abandon, adopt, export
and resource signals (the operations are in :mod:`heat_core.engine.lifecycle`)."""

from __future__ import annotations

import datetime
import json

from heat_core import config
from heat_core.config import CONF
from heat_core.engine import lifecycle, operations, wire
from heat_core.engine import status as st
from heat_core.engine.context import RequestContext
from heat_core.errors import Issues, TemplateInvalid
from heat_core.template import validation
from heat_core.template.source import Document


class LifecycleMixin:
    """Calls of :class:`~heat_core.engine.service.EngineService` (see the module doc)."""

    # -- preview -------------------------------------------------------------------------
    def preview_stack(self, ctx: RequestContext, stack_name: str, template: str,
                      params: dict | None = None, files: dict | None = None,
                      env_texts: list | None = None, template_name: str | None = None,
                      timeout_mins: int | None = None, disable_rollback: bool | None = None,
                      on_failure: str | None = None, tags: list | None = None,
                      **_ignored) -> dict:
        """Heat's preview body: the stack as it would be created, with
        ``resources`` (resolved ``properties``, ``attributes``, ``required_by``
        ...).  Nothing is written."""
        from heat_core.engine.service import LimitExceeded, StackExists
        from heat_core.engine.service_reads import _attributes, _required_by
        from heat_core.engine.stack import Stack
        if self.store.find_stacks(tenant=ctx.tenant, name=stack_name):
            raise StackExists('The Stack (%s) already exists.' % stack_name)
        limit = CONF.max_stacks_per_tenant
        if limit >= 0 and self.store.count_stacks(ctx.tenant) >= limit:
            raise LimitExceeded('You have reached the maximum stacks per tenant, %d. Please '
                                'delete some stacks.' % limit)
        loaded = self.validate_template(ctx, template, template_name, env_texts, files, params)
        if loaded.issues:
            raise TemplateInvalid(loaded.issues)
        tmpl = loaded.template
        values = validation.parameter_values(tmpl, params, Issues(), None, check_values=False)
        stack = Stack('None', stack_name, ctx.tenant, tmpl, values, self.cloud)
        row = {'id': None, 'name': stack_name, 'tenant': ctx.tenant}
        secrets = wire.Secrets.of(tmpl, values, params)
        now = wire.iso(datetime.datetime.now(datetime.timezone.utc))
        required_by = _required_by(tmpl)
        stack_identity = wire.identity({'name': stack_name, 'id': 'None', 'tenant': ctx.tenant})
        resources = []
        for name, res in stack.resources.items():
            resources.append(secrets.scrub_fields({
                'attributes': _attributes(res), 'creation_time': now,
                'description': res.t.description if isinstance(res.t.description, str) else '',
                'metadata': _quietly(res.metadata) or {},
                'physical_resource_id': '', 'properties': _quietly(lambda r=res: dict(
                    r.properties)) or {},
                'required_by': required_by.get(name, []),
                'resource_action': st.INIT, 'resource_status': st.COMPLETE,
                'resource_status_reason': '',
                'resource_identity': dict(stack_identity, path='/resources/%s' % name),
                'resource_name': name, 'resource_type': res.type_name,
                'stack_identity': stack_identity, 'stack_name': stack_name,
                'updated_time': now,
            }))
        description = tmpl.description if isinstance(tmpl.description, str) else ''
        return {
            'id': 'None', 'links': [wire.link('%s/stacks/%s/None' % (ctx.tenant, stack_name))],
            'stack_name': stack_name, 'description': description,
            'template_description': description,
            'parameters': wire.shown_parameters(tmpl, row, values),
            'creation_time': now, 'updated_time': None, 'deletion_time': None,
            'disable_rollback': _on_failure(disable_rollback, on_failure) != 'ROLLBACK',
            'timeout_mins': timeout_mins, 'stack_owner': ctx.user, 'parent': None,
            'stack_user_project_id': ctx.tenant, 'tags': list(tags) if tags else None,
            'capabilities': [], 'notification_topics': [], 'resources': resources,
        }

    # -- suspend / resume / check ---------------------------------------------------------
    def suspend_stack(self, ctx: RequestContext, name_or_id: str, wait: bool = False) -> None:
        """SUSPEND the stack and its resources (dependents first); a stack
        already SUSPEND_COMPLETE is left as it is."""
        self._stack_action(ctx, name_or_id, st.SUSPEND, lifecycle.suspend, wait)

    def resume_stack(self, ctx: RequestContext, name_or_id: str, wait: bool = False) -> None:
        """RESUME a suspended stack (dependencies first); a stack already
        RESUME_COMPLETE is left as it is."""
        self._stack_action(ctx, name_or_id, st.RESUME, lifecycle.resume, wait)

    def check_stack(self, ctx: RequestContext, name_or_id: str, wait: bool = False) -> None:
        """CHECK every resource against the cloud (``handle_check``)."""
        self._stack_action(ctx, name_or_id, st.CHECK, lifecycle.check, wait)

    def _stack_action(self, ctx, name_or_id, action, operation, wait) -> None:
        row = self.identify(ctx, name_or_id)
        self._check_idle(row)
        if action != st.CHECK and (row['action'], row['status']) == (action, st.COMPLETE):
            return
        stack = self._load(row)
        timeout = row['timeout'] or config.stack_action_timeout_mins()
        self._lock_stack(row['id'], row['name'])
        try:
            operations.record_start(stack, self.store, action)
        except BaseException:
            self.liveness.release(row['id'])
            raise
        self._start(row['id'], lambda: operation(stack, self.store, timeout, started=True),
                    wait, locked=True)

    # -- abandon / export / adopt -----------------------------------------------------------
    def abandon_stack(self, ctx: RequestContext, name_or_id: str) -> dict:
        """Heat's abandon data (see :meth:`export_stack`); then the stack
        and the stacks nested in it are removed (DELETE_COMPLETE) while
        their cloud resources are left alone."""
        row = self.identify(ctx, name_or_id)
        self._check_idle(row)
        stack, data = self._abandon_data(row)
        nested = self.nested_rows(row['id'], CONF.max_nested_stack_depth + 1)
        graph = stack.graph() if stack is not None else {}

        def work():
            for child in reversed(nested):
                lifecycle.abandon(self.store, child, self._graph_of(child))
            lifecycle.abandon(self.store, row, graph)
        self._start(row['id'], work, wait=True)
        return data

    def export_stack(self, ctx: RequestContext, name_or_id: str) -> dict:
        """The abandon data, nothing removed: ``{id, name, action, status,
        template, environment, files, resources: {name: {name, resource_id,
        type, action, status, metadata, resource_data}}, project_id,
        stack_user_project_id, tags}``.  The environment's parameters are
        the values given, NoEcho ones included: adopt needs them."""
        return self._abandon_data(self.identify(ctx, name_or_id))[1]

    def _abandon_data(self, row: dict):
        raw = self.store.get_template(row['raw_template_id'])
        try:
            stack = self._load(row)
        except Exception:  # noqa: BLE001 - the data is still worth having
            stack = None
        template = Document.parse(raw['template'], raw['template_name'], Issues()).data
        return stack, lifecycle.abandon_data(
            self.store, row, stack, [tuple(e) for e in raw['environment']],
            template if isinstance(template, dict) else {}, raw['files'])

    def _graph_of(self, row: dict) -> dict:
        try:
            return self._load(row).graph()
        except Exception:  # noqa: BLE001 - abandon in any order then
            return {}

    def _adopt_inputs(self, adopt_data, template, params, env_texts, files):
        """Create arguments for an adopt: the template, environment and files
        of the adopt data unless given; its parameter values overridden by
        ``params``."""
        if adopt_data is None:
            return template, params, env_texts, files
        data = lifecycle.parse_adopt_data(adopt_data)
        if not template:
            template = json.dumps(data.get('template') or {})
        env = dict(data.get('environment') or {})
        merged = dict(env.pop('parameters', None) or {})
        merged.update(params or {})
        env_texts = ([(json.dumps(env), 'adopt-environment.json')] if env else []) + list(
            env_texts or [])
        files = {**(data.get('files') or {}), **(files or {})}
        return template, merged, env_texts, files

    def _adopt_work(self, stack, adopt_data, timeout_mins, on_failure):
        """The operation of a create with adopt data (see :func:`lifecycle.adopt`)."""
        data = lifecycle.parse_adopt_data(adopt_data)
        return lambda: lifecycle.adopt(stack, self.store, data, timeout_mins, on_failure)

    # -- signals -----------------------------------------------------------------------------
    def signal_resource(self, ctx: RequestContext, name_or_id: str, resource_name: str,
                        details=None) -> None:
        """Send ``details`` to the resource's ``handle_signal`` now (signals
        are not held back by the stack's lock: wait conditions are signalled
        while the stack is being created); records a SIGNAL event."""
        from heat_core.engine.service_reads import ResourceNotFound
        row = self.identify(ctx, name_or_id)
        stack = self._load(row)
        res = stack.resources.get(resource_name)
        if res is None or res.row_id is None:
            raise ResourceNotFound('The Resource (%s) could not be found in Stack %s.'
                                   % (resource_name, row['name']))
        lifecycle.signal(stack, self.store, res, details)

    def check_signal_key(self, ctx: RequestContext, name_or_id: str, resource_name: str,
                         access_key: str, matches) -> bool | None:
        """Whether a request signed with ``access_key`` is signed right
        (``matches(secret)``) when the key is the resource's own (the key of
        a wait condition handle's pre-signed URL: its ``signal_credential``);
        None when it is not.  The secret never leaves the engine."""
        from heat_core.engine.service_reads import ResourceNotFound
        row = self.identify(ctx, name_or_id)
        res = self._load(row).resources.get(resource_name)
        if res is None or res.row_id is None:
            raise ResourceNotFound('The Resource (%s) could not be found in Stack %s.'
                                   % (resource_name, row['name']))
        credential = getattr(res, 'signal_credential', None)
        secret = credential(access_key) if callable(credential) else None
        return None if secret is None else bool(matches(secret))


def _quietly(fn):
    try:
        return fn()
    except Exception:  # noqa: BLE001 - a preview shows None for what is not known yet
        return None


def _on_failure(disable_rollback, on_failure) -> str:
    from heat_core.engine.operations import on_failure_word
    return on_failure_word(disable_rollback, on_failure)
