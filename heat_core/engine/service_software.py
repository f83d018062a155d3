"""Software configs and deployments: what servers should run, and what
their agents (os-collect-config, heat-config hooks) report back.

A software config is immutable once created; a deployment puts a config on a
server (``server_id``) with ``input_values``, and the agent updates it with
its status and ``output_values``.  Everything is per tenant: another
tenant's config or deployment is not found.  The dicts returned are Heat's
wire format (``heat.engine.api.format_software_config/deployment``).
"""

from __future__ import annotations

import json

from sqlalchemy import and_, delete, func, insert, select, update

from heat_core.config import CONF
from heat_core.db import models as m
from heat_core.engine import wire
from heat_core.engine.context import RequestContext
from heat_core.errors import HeatError

C = m.SoftwareConfig.__table__
D = m.SoftwareDeployment.__table__

#: the types an input or output may declare (Heat's software_config_io)
IO_TYPES = ('String', 'Number', 'CommaDelimitedList', 'Json', 'Boolean')
#: what a deployment's status may be
DEPLOYMENT_STATUSES = ('IN_PROGRESS', 'COMPLETE', 'FAILED')
#: the outputs every deployment reports besides the config's own
STANDARD_OUTPUTS = ('deploy_stdout', 'deploy_stderr', 'deploy_status_code')


class SoftwareNotFound(HeatError):
    code = 'NotFound'
    http_status = 404


class SoftwareInvalid(HeatError):
    code = 'HTTPBadRequest'
    http_status = 400


class SoftwareConfigInUse(HeatError):
    code = 'InvalidRestrictedAction'
    http_status = 409


class SoftwareLimitExceeded(HeatError):
    code = 'RequestLimitExceeded'
    http_status = 400


# -- checking what callers give ---------------------------------------------------------

def _optional_text(name: str, value, max_length: int = 255) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SoftwareInvalid('%s must be a string' % name)
    if len(value) > max_length:
        raise SoftwareInvalid('%s is longer than %d characters' % (name, max_length))
    return value


def _optional_map(name: str, value) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SoftwareInvalid('%s must be a map' % name)
    return value


def _bool(where: str, key: str, value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ('true', 'false'):
        return value.lower() == 'true'
    raise SoftwareInvalid('%s: "%s" must be a boolean, not %r' % (where, key, value))


def _io_list(kind: str, items, allowed: dict) -> list:
    """The ``inputs``/``outputs`` of a config as Heat stores them: each an
    object with a ``name``, ``type`` defaulting to String, optional keys kept
    only when given (``allowed``: key -> checker)."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise SoftwareInvalid('Software Config I/O Schema must be in a list (%s)' % kind)
    result = []
    for index, item in enumerate(items):
        where = '%s[%d]' % (kind, index)
        if not isinstance(item, dict):
            raise SoftwareInvalid('Software Config I/O Schema must be a dict (%s)' % where)
        unknown = sorted(set(item) - set(allowed) - {'name', 'type'})
        if unknown:
            raise SoftwareInvalid('%s: Unknown Property %s' % (where, ', '.join(unknown)))
        name = item.get('name')
        if not isinstance(name, str) or not name:
            raise SoftwareInvalid('%s: Property name not assigned' % where)
        io_type = item.get('type', 'String')
        if io_type is None:
            io_type = 'String'
        if io_type not in IO_TYPES:
            raise SoftwareInvalid('%s: "%s" is not an allowed value %s' % (
                where, io_type, list(IO_TYPES)))
        entry = {'name': name, 'type': io_type}
        for key, check in allowed.items():
            if item.get(key) is not None:
                entry[key] = check(where, key, item[key])
        result.append(entry)
    return result


def _description(where: str, key: str, value) -> str:
    if not isinstance(value, str):
        raise SoftwareInvalid('%s: "%s" must be a string' % (where, key))
    return value


def _any(where: str, key: str, value):
    return value


def _default_fits(io_type: str, value) -> bool:
    """Whether an input's default is a value of its type (as Heat converts
    parameter values: numbers and booleans may be given as strings)."""
    if io_type == 'Number':
        if isinstance(value, bool):
            return False
        if isinstance(value, (int, float)):
            return True
        try:
            float(value)
        except (TypeError, ValueError):
            return False
        return True
    if io_type == 'Boolean':
        return isinstance(value, bool) or str(value).lower() in (
            'true', 'false', 't', 'f', 'yes', 'no', 'y', 'n', 'on', 'off', '1', '0')
    if io_type == 'CommaDelimitedList':
        return isinstance(value, (str, list))
    if io_type == 'Json':
        if isinstance(value, str):
            try:
                value = json.loads(value) if value else {}
            except ValueError:
                return False
        return isinstance(value, (dict, list))
    return isinstance(value, (str, int, float, bool))


def _inputs(items) -> list:
    inputs = _io_list('inputs', items, {'description': _description, 'default': _any,
                                        'replace_on_change': _bool, 'value': _any})
    for index, entry in enumerate(inputs):
        # '' was the default of every type once: Heat still takes it
        if 'default' in entry and entry['default'] != '' and \
                not _default_fits(entry['type'], entry['default']):
            raise SoftwareInvalid('inputs[%d]: the default %r is not a valid %s' % (
                index, entry['default'], entry['type']))
        if entry.get('replace_on_change') is False:
            del entry['replace_on_change']   # Heat keeps it only when true
    return inputs


def _outputs(items) -> list:
    outputs = _io_list('outputs', items, {'description': _description,
                                          'error_output': _bool})
    for entry in outputs:
        entry.setdefault('error_output', False)
    return outputs


def _status(value) -> str | None:
    if value is None:
        return None
    if value not in DEPLOYMENT_STATUSES:
        raise SoftwareInvalid('Invalid deployment status "%s": must be one of %s' % (
            value, ', '.join(DEPLOYMENT_STATUSES)))
    return value


# -- wire format -------------------------------------------------------------------

def format_config(row, detail: bool = True, project: bool = False) -> dict:
    """A config row as Heat's API shows it."""
    result = {'id': row['id'], 'name': row['name'], 'group': row['group'],
              'creation_time': wire.iso(row['created_at'])}
    if detail:
        inner = row['config'] or {}
        result.update(config=inner.get('config'), inputs=inner.get('inputs') or [],
                      outputs=inner.get('outputs') or [], options=inner.get('options') or {})
    if project:
        result['project'] = row['tenant']
    return result


def format_deployment(row) -> dict:
    """A deployment row as Heat's API shows it."""
    result = {'id': row['id'], 'config_id': row['config_id'], 'server_id': row['server_id'],
              'input_values': row['input_values'], 'output_values': row['output_values'],
              'action': row['action'], 'status': row['status'],
              'status_reason': row['status_reason'],
              'creation_time': wire.iso(row['created_at'])}
    if row['updated_at'] is not None:
        result['updated_time'] = wire.iso(row['updated_at'])
    return result


def deployed_config(config_row, input_values: dict | None) -> dict:
    """What a server is told to run: the config with each input's ``value``
    taken from the deployment's ``input_values`` (else the input's default),
    and values for undeclared inputs added as String inputs, the way Heat's
    deployment resource derives a config."""
    result = format_config(config_row)
    values = dict(input_values or {})
    inputs = []
    for item in result['inputs']:
        item = dict(item)
        if item['name'] in values:
            item['value'] = values.pop(item['name'])
        elif 'value' not in item:
            item['value'] = item.get('default')
        inputs.append(item)
    inputs.extend({'name': name, 'type': 'String', 'value': value}
                  for name, value in values.items())
    result['inputs'] = inputs
    return result


# -- the store side, shared with the software config resource types ---------------------

def store_config(store, tenant: str, name=None, group=None, config=None, inputs=None,
                 outputs=None, options=None, config_id: str | None = None,
                 check_limit: bool = True) -> dict:
    """Check and record a config of ``tenant`` (``config_id``: the id to
    give it; recording an id that exists already changes nothing, so a
    resource handler may run again); returns it in Heat's wire format."""
    values = {'id': config_id or m.new_id(), 'name': _optional_text('name', name),
              'group': _optional_text('group', group), 'tenant': tenant,
              'created_at': m.utcnow(),
              'config': {'config': config, 'inputs': _inputs(inputs),
                         'outputs': _outputs(outputs),
                         'options': _optional_map('options', options) or {}}}
    limit = CONF.max_software_configs_per_tenant
    with store._write() as c:
        existing = c.execute(select(C).where(C.c.id == values['id'])).mappings().first()
        if existing is not None:
            return format_config(existing)
        if check_limit and limit >= 0 and c.execute(
                select(func.count()).select_from(C).where(C.c.tenant == tenant)
        ).scalar_one() >= limit:
            raise SoftwareLimitExceeded(
                'You have reached the maximum software configs per tenant, %d. Please '
                'delete some configs.' % limit)
        c.execute(insert(C).values(**values))
    return format_config(values)


def remove_config(store, tenant: str, config_id: str) -> bool:
    """Delete a config of ``tenant`` unless a deployment uses it (409);
    False when there was none."""
    with store._write() as c:
        used = c.execute(select(D.c.id).where(D.c.config_id == config_id).limit(1)).first()
        if used is not None:
            raise SoftwareConfigInUse('Software config with id %s can not be deleted as '
                                      'it is referenced.' % config_id)
        gone = c.execute(delete(C).where(and_(C.c.id == config_id, C.c.tenant == tenant)))
    return bool(gone.rowcount)


class SoftwareMixin:
    """Calls of :class:`~heat_core.engine.service.EngineService` (see the module doc)."""

    # -- configs ------------------------------------------------------------------------
    def _config_row(self, ctx: RequestContext, config_id: str) -> dict:
        with self.store.engine.connect() as c:
            row = c.execute(select(C).where(and_(C.c.id == str(config_id),
                                                 C.c.tenant == ctx.tenant))).mappings().first()
        if row is None:
            raise SoftwareNotFound('Software config with id %s not found' % config_id)
        return dict(row)

    def create_software_config(self, ctx: RequestContext, name: str | None = None,
                               group: str | None = None, config=None,
                               inputs: list | None = None, outputs: list | None = None,
                               options: dict | None = None) -> dict:
        """Record a config (``config`` any JSON: a script's text, or a map
        for structured configs); returns it."""
        return store_config(self.store, ctx.tenant, name, group, config, inputs, outputs,
                            options, check_limit=not ctx.is_admin)

    def show_software_config(self, ctx: RequestContext, config_id: str) -> dict:
        return format_config(self._config_row(ctx, config_id))

    def list_software_configs(self, ctx: RequestContext, limit: int | None = None,
                              marker: str | None = None) -> list:
        """The tenant's configs (summaries), oldest first; ``marker``: the id
        of the last config of the previous page."""
        query = select(C).where(C.c.tenant == ctx.tenant)
        if marker:
            after = self._config_row(ctx, marker)
            query = query.where((C.c.created_at > after['created_at']) | and_(
                C.c.created_at == after['created_at'], C.c.id > after['id']))
        query = query.order_by(C.c.created_at, C.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self.store.engine.connect() as c:
            rows = c.execute(query).mappings().all()
        return [format_config(r, detail=False, project=ctx.is_admin) for r in rows]

    def delete_software_config(self, ctx: RequestContext, config_id: str) -> None:
        """Delete a config no deployment uses (else 409, as Heat)."""
        self._config_row(ctx, config_id)
        remove_config(self.store, ctx.tenant, config_id)

    # -- deployments ------------------------------------------------------------------
    def _deployment_row(self, ctx: RequestContext, deployment_id: str) -> dict:
        with self.store.engine.connect() as c:
            row = c.execute(select(D).where(D.c.id == str(deployment_id))).mappings().first()
        if row is None or ctx.tenant not in (row['tenant'], row['stack_user_project_id']):
            raise SoftwareNotFound('Deployment with id %s not found' % deployment_id)
        return dict(row)

    def create_software_deployment(self, ctx: RequestContext, server_id: str,
                                   config_id: str, input_values: dict | None = None,
                                   action: str | None = None, status: str | None = None,
                                   status_reason: str | None = None,
                                   stack_user_project_id: str | None = None,
                                   deployment_id: str | None = None) -> dict:
        """Deploy one of the tenant's configs to a server; returns the
        deployment."""
        if not server_id or not isinstance(server_id, str):
            raise SoftwareInvalid('server_id must be specified')
        if not config_id or not isinstance(config_id, str):
            raise SoftwareInvalid('config_id must be specified')
        self._config_row(ctx, config_id)
        values = {'id': _optional_text('id', deployment_id, 36) or m.new_id(),
                  'config_id': config_id,
                  'server_id': _optional_text('server_id', server_id),
                  'input_values': _optional_map('input_values', input_values) or {},
                  'output_values': None, 'action': _optional_text('action', action),
                  'status': _status(status),
                  'status_reason': _optional_text('status_reason', status_reason, 65535),
                  'tenant': ctx.tenant,
                  'stack_user_project_id': _optional_text('stack_user_project_id',
                                                          stack_user_project_id, 64),
                  'created_at': m.utcnow(), 'updated_at': None}
        limit = CONF.max_software_deployments_per_tenant
        with self.store._write() as c:
            if limit >= 0 and not ctx.is_admin and c.execute(
                    select(func.count()).select_from(D).where(D.c.tenant == ctx.tenant)
            ).scalar_one() >= limit:
                raise SoftwareLimitExceeded(
                    'You have reached the maximum software deployments per tenant, %d. '
                    'Please delete some deployments.' % limit)
            if c.execute(select(D.c.id).where(D.c.id == values['id'])).first() is not None:
                raise SoftwareInvalid('A deployment with id %s already exists' % values['id'])
            c.execute(insert(D).values(**values))
        self._push_deployments(ctx, values['server_id'])
        return format_deployment(values)

    def show_software_deployment(self, ctx: RequestContext, deployment_id: str) -> dict:
        return format_deployment(self._deployment_row(ctx, deployment_id))

    def list_software_deployments(self, ctx: RequestContext,
                                  server_id: str | None = None) -> list:
        """The tenant's deployments, oldest first (optionally of one server)."""
        query = select(D).where((D.c.tenant == ctx.tenant) |
                                (D.c.stack_user_project_id == ctx.tenant))
        if server_id:
            query = query.where(D.c.server_id == server_id)
        with self.store.engine.connect() as c:
            rows = c.execute(query.order_by(D.c.created_at, D.c.id)).mappings().all()
        return [format_deployment(r) for r in rows]

    def update_software_deployment(self, ctx: RequestContext, deployment_id: str,
                                   config_id: str | None = None,
                                   input_values: dict | None = None,
                                   output_values: dict | None = None,
                                   action: str | None = None, status: str | None = None,
                                   status_reason: str | None = None) -> dict:
        """Change what is given (a server's agent reports ``status``
        COMPLETE or FAILED with its ``output_values``); returns the
        deployment."""
        row = self._deployment_row(ctx, deployment_id)
        changes = {}
        if config_id:
            if not isinstance(config_id, str):
                raise SoftwareInvalid('config_id must be a string')
            self._config_row(ctx, config_id)
            changes['config_id'] = config_id
        if input_values:
            changes['input_values'] = _optional_map('input_values', input_values)
        if output_values:
            changes['output_values'] = _optional_map('output_values', output_values)
        if action:
            changes['action'] = _optional_text('action', action)
        if status:
            changes['status'] = _status(status)
        if status_reason:
            changes['status_reason'] = _optional_text('status_reason', status_reason, 65535)
        changes['updated_at'] = m.utcnow()
        with self.store._write() as c:
            c.execute(update(D).where(D.c.id == row['id']).values(**changes))
        row.update(changes)
        if 'config_id' in changes:
            # the server's metadata lists its deployments' configs
            self._push_deployments(ctx, row['server_id'])
        return format_deployment(row)

    def signal_software_deployment(self, ctx: RequestContext, deployment_id: str,
                                   details: dict | None) -> str | None:
        """What a heat-config hook reports (``deploy_stdout``,
        ``deploy_stderr``, ``deploy_status_code`` and the config's outputs)
        turned into the deployment's outcome, as Heat does; ignored unless
        the deployment is IN_PROGRESS.  Returns the event reason."""
        row = self._deployment_row(ctx, deployment_id)
        if row['status'] != 'IN_PROGRESS':
            return None
        details = _optional_map('details', details) or {}
        config = self._config_row(ctx, row['config_id'])['config'] or {}
        outputs = dict(row['output_values'] or {})
        reasons = {}
        code = details.get('deploy_status_code')
        failed = bool(code) and str(code) != '0'
        if failed:
            reasons['deploy_status_code'] = ('Deployment exited with non-zero status '
                                             'code: %s' % code)
        for output in config.get('outputs') or []:
            key = output['name']
            if key in details:
                outputs[key] = details[key]
                if output.get('error_output'):
                    failed = True
                    reasons[key] = details[key]
        for key in STANDARD_OUTPUTS:
            outputs[key] = details.get(key)
        if failed:
            self.update_software_deployment(
                ctx, row['id'], output_values=outputs, status='FAILED',
                status_reason=', '.join('%s : %s' % (k, v) for k, v in reasons.items()))
            return 'deployment %s failed%s' % (row['id'], ' (%s)' % code if code else '')
        self.update_software_deployment(ctx, row['id'], output_values=outputs,
                                        status='COMPLETE', status_reason='Outputs received')
        return 'deployment %s succeeded' % row['id']

    def delete_software_deployment(self, ctx: RequestContext, deployment_id: str) -> None:
        row = self._deployment_row(ctx, deployment_id)
        with self.store._write() as c:
            c.execute(delete(D).where(D.c.id == row['id']))
        self._push_deployments(ctx, row['server_id'])

    def metadata_software_deployments(self, ctx: RequestContext, server_id: str) -> list:
        """The configs deployed to a server, each with its deployment's
        input values, sorted by config name: what the server's agent runs."""
        if not server_id:
            raise SoftwareInvalid('server_id must be specified')
        query = select(D, C.c.name.label('c_name'), C.c.group.label('c_group'),
                       C.c.config.label('c_config'), C.c.tenant.label('c_tenant'),
                       C.c.created_at.label('c_created_at')).join(
            C, C.c.id == D.c.config_id).where(
            ((D.c.tenant == ctx.tenant) | (D.c.stack_user_project_id == ctx.tenant)) &
            (D.c.server_id == server_id)).order_by(D.c.created_at, D.c.id)
        with self.store.engine.connect() as c:
            rows = c.execute(query).mappings().all()
        found = []
        for r in rows:
            config_row = {'id': r['config_id'], 'name': r['c_name'], 'group': r['c_group'],
                          'config': r['c_config'], 'tenant': r['c_tenant'],
                          'created_at': r['c_created_at']}
            found.append(deployed_config(config_row, r['input_values']))
        return sorted(found, key=lambda item: item['name'] or '')

    def _push_deployments(self, ctx: RequestContext, server_id: str) -> None:
        """Keep ``deployments`` in the metadata of the tenant's server
        resources whose physical id is ``server_id`` (where Heat's polling
        agents read it)."""
        R, S = m.Resource.__table__, m.Stack.__table__
        with self.store.engine.connect() as c:
            targets = c.execute(select(R.c.id, R.c.rsrc_metadata).join(
                S, S.c.id == R.c.stack_id).where(
                (R.c.physical_resource_id == server_id) & (S.c.tenant == ctx.tenant) &
                S.c.deleted_at.is_(None) & (R.c.action != 'DELETE'))).all()
        if not targets:
            return
        deployments = self.metadata_software_deployments(ctx, server_id)
        with self.store._write() as c:
            for row_id, metadata in targets:
                c.execute(update(R).where(R.c.id == row_id).values(
                    rsrc_metadata=dict(metadata or {}, deployments=deployments)))
