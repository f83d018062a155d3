"""Stack actions: CreateStack, UpdateStack, DeleteStack, DescribeStacks,
ListStacks, CancelUpdateStack, ContinueUpdateRollback."""

from __future__ import annotations

import json

from heat_api.cfn import errors, tokens
from heat_api.cfn import params as p
from heat_api.cfn import views as v
from heat_api.cfn.actions import action
from heat_core.errors import HeatError

ON_FAILURE = ('DO_NOTHING', 'ROLLBACK', 'DELETE')
CAPABILITIES = ('CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND')

#: ListStacks' StackStatusFilter values (AWS's list, plus Heat's own actions)
STATUSES = tuple('%s_%s' % (a, s) for a in (
    'CREATE', 'ROLLBACK', 'DELETE', 'UPDATE', 'UPDATE_ROLLBACK', 'IMPORT', 'IMPORT_ROLLBACK',
    'SUSPEND', 'RESUME', 'CHECK', 'ADOPT') for s in ('IN_PROGRESS', 'FAILED', 'COMPLETE')) + (
    'REVIEW_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
    'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS')


def given_capabilities(params: p.Params) -> list[str]:
    caps = params.members('Capabilities')
    for cap in caps:
        if cap not in CAPABILITIES:
            raise errors.validation("1 validation error detected: Value '[%s]' at "
                                    "'capabilities' failed to satisfy constraint: Member must "
                                    "satisfy constraint: [Member must satisfy enum value set: "
                                    "[%s]]" % (cap[:64], ', '.join(CAPABILITIES)))
    return caps


def check_capabilities(call, text: str, name: str | None) -> None:
    """Refuse a template with IAM resources (or transforms) unless the
    request acknowledges the capabilities, as CloudFormation does."""
    from heat_core.errors import Issues
    from heat_core.template.source import Document
    data = Document.parse(text, name or 'template', Issues()).data
    if not isinstance(data, dict):
        return
    given = set(given_capabilities(call.params))
    missing = []
    for cap in v.required_capabilities(data):
        if cap == 'CAPABILITY_IAM' and 'CAPABILITY_NAMED_IAM' in given:
            continue
        if cap not in given:
            missing.append(cap)
    if missing:
        raise errors.CfnError('InsufficientCapabilitiesException',
                              'Requires capabilities : [%s]' % ', '.join(missing))


def _parsed(text: str, name: str | None):
    from heat_core.errors import Issues
    from heat_core.template.source import Document
    return Document.parse(text, name or 'template', Issues()).data


def _rollback(params: p.Params) -> tuple[bool | None, str | None]:
    disable = params.boolean('DisableRollback')
    on_failure = params.choice('OnFailure', ON_FAILURE)
    if disable is not None and on_failure is not None:
        raise errors.validation('You can specify either DisableRollback or OnFailure, but '
                                'not both.')
    return disable, on_failure


@action('CreateStack')
def create_stack(call):
    prm = call.params
    name = p.new_stack_name(prm.required('StackName'))
    token = prm.get('ClientRequestToken')
    if token:
        done = tokens.find(call, 'CreateStack', token)
        if done is not None:
            return {'StackId': done}
    text, url = p.template_text(prm)
    disable, on_failure = _rollback(prm)
    timeout = prm.integer('TimeoutInMinutes', minimum=1)
    tags = p.heat_tags(p.tags(prm))
    values = {}
    for entry in p.stack_parameters(prm):
        if entry['use_previous']:
            raise errors.validation('Invalid input for parameter key %s. Cannot specify '
                                    'usePreviousValue as true for non-existing parameter.'
                                    % entry['key'])
        values[entry['key']] = entry['value']
    check_capabilities(call, text, url)
    ident = call.engine('create_stack', name, text, params=values, template_name=url,
                        timeout_mins=timeout, disable_rollback=disable, on_failure=on_failure,
                        tags=tags, capabilities=given_capabilities(prm))
    stack_id = v.arn(ident['tenant'], ident['stack_name'], ident['stack_id'])
    if token:
        tokens.record(call, 'CreateStack', token, ident['stack_id'], stack_id)
    return {'StackId': stack_id}


@action('UpdateStack')
def update_stack(call):
    prm = call.params
    name = prm.stack_name()
    row = call.stack_row(name, include_deleted=False)
    token = prm.get('ClientRequestToken')
    if token:
        done = tokens.find(call, 'UpdateStack', token, row['id'])
        if done is not None:
            return {'StackId': done}
    text, url = p.template_text(prm, allow_previous=True)
    timeout = prm.integer('TimeoutInMinutes', minimum=1)
    disable = prm.boolean('DisableRollback')
    tags = p.heat_tags(p.tags(prm))
    previous = set(row['parameters'] or {})
    values, keep = {}, set()
    for entry in p.stack_parameters(prm):
        if entry['use_previous']:
            if entry['key'] not in previous:
                raise errors.validation('Invalid input for parameter key %s. Cannot specify '
                                        'usePreviousValue as true for a parameter that has '
                                        'not been specified previously.' % entry['key'])
            keep.add(entry['key'])
        else:
            values[entry['key']] = entry['value']
    current = call.engine('get_template', row['id'], _name=name)
    if text is None:
        check_capabilities(call, json.dumps(current), None)
    else:
        check_capabilities(call, text, url)
    wanted = dict(values, **{k: row['parameters'][k] for k in keep})
    if (text is None or _parsed(text, url) == current) and wanted == dict(
            row['parameters'] or {}) and (tags is None or tags == list(row['tags'] or [])):
        raise errors.validation('No updates are to be performed.')
    # CloudFormation: a parameter not given takes its default, unless
    # UsePreviousValue says to keep it
    clear = sorted(previous - keep - set(values))
    ident = call.engine('update_stack', row['id'], template=text, params=values,
                        template_name=url, existing=True, clear_parameters=clear,
                        timeout_mins=timeout, disable_rollback=disable, tags=tags,
                        capabilities=given_capabilities(prm), _name=name)
    stack_id = v.arn(ident['tenant'], ident['stack_name'], ident['stack_id'])
    if token:
        tokens.record(call, 'UpdateStack', token, row['id'], stack_id)
    return {'StackId': stack_id}


@action('DeleteStack')
def delete_stack(call):
    name = call.params.stack_name()
    try:
        row = call.stack_row(name)
    except errors.CfnError:
        return None             # AWS: deleting a stack that does not exist succeeds
    if row['deleted_at'] is not None or (row['action'], row['status']) == ('DELETE',
                                                                           'COMPLETE'):
        return None
    if (row['action'], row['status']) == ('DELETE', 'IN_PROGRESS'):
        return None             # a retried delete
    call.engine('delete_stack', row['id'], _name=name)
    return None


def describe(call, row: dict) -> dict:
    shown = call.engine('show_stack', row['id'], _name=row['name'])
    capabilities = row.get('capabilities')
    if capabilities is None:
        # a stack from before they were kept (or made by the REST API):
        # those its template needs, which a create had to acknowledge
        try:
            template = call.service.get_template(call.ctx, row['id'])
        except HeatError:
            template = {}
        capabilities = v.required_capabilities(template)
    return v.stack(row, shown, list(capabilities))


@action('DescribeStacks')
def describe_stacks(call):
    name = call.params.get('StackName')
    if name:
        return {'Stacks': [describe(call, call.stack_row(name))]}
    rows = call.engine('list_stacks')
    items, token = p.page(rows, call.params, call.page_size)
    stacks = []
    for summary in items:
        try:
            row = call.service.identify(call.ctx, summary['id'], include_deleted=True)
        except HeatError:
            continue            # deleted meanwhile
        stacks.append(describe(call, row))
    return {'Stacks': stacks, 'NextToken': token}


@action('ListStacks')
def list_stacks(call):
    wanted = call.params.members('StackStatusFilter')
    for status in wanted:
        if status not in STATUSES:
            raise errors.validation("1 validation error detected: Value '[%s]' at "
                                    "'stackStatusFilter' failed to satisfy constraint: Member "
                                    "must satisfy enum value set" % status[:64])
    rows = call.engine('list_stacks', show_deleted=True)
    out = []
    for summary in rows:
        try:
            row = call.service.identify(call.ctx, summary['id'], include_deleted=True)
        except HeatError:
            continue
        item = v.stack_summary(row, summary)
        if wanted and item['StackStatus'] not in wanted:
            continue
        out.append(item)
    items, token = p.page(out, call.params, call.page_size)
    return {'StackSummaries': items, 'NextToken': token}


@action('CancelUpdateStack')
def cancel_update_stack(call):
    name = call.params.stack_name()
    row = call.stack_row(name, include_deleted=False)
    if (row['action'], row['status']) != ('UPDATE', 'IN_PROGRESS'):
        raise errors.validation('CancelUpdateStack cannot be called from current stack '
                                'status')
    call.engine('cancel_update', row['id'], rollback=True, _name=name)
    return None


@action('ContinueUpdateRollback')
def continue_update_rollback(call):
    name = call.params.stack_name()
    row = call.stack_row(name, include_deleted=False)
    if v.stack_status(row) != 'UPDATE_ROLLBACK_FAILED':
        raise errors.validation('Stack %s is in %s state and can not continue update '
                                'rollback.' % (row['name'], v.stack_status(row)))
    call.engine('continue_update_rollback', row['id'], _name=name)
    return None
