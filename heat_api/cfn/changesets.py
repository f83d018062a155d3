"""Change sets (CreateChangeSet, DescribeChangeSet, ExecuteChangeSet,
DeleteChangeSet, ListChangeSets) and EstimateTemplateCost: the engine
computes; this module reads the request and renders CloudFormation's
shapes."""

from __future__ import annotations

from heat_api.cfn import errors
from heat_api.cfn import params as p
from heat_api.cfn import views as v
from heat_api.cfn.actions import action
from heat_api.cfn.stacks import check_capabilities, given_capabilities


def change_set_arn(tenant: str, name: str, change_set_id: str) -> str:
    return 'arn:openstack:heat::%s:changeSet/%s/%s' % (tenant, name, change_set_id)


def _stack_arn(call, stack_id: str, fallback_name: str) -> str:
    try:
        return v.row_arn(call.service.identify(call.ctx, stack_id, include_deleted=True))
    except Exception:  # noqa: BLE001 - the stack went away: an ARN from what is known
        return v.arn(call.ctx.tenant, fallback_name, stack_id)


def _names(call) -> tuple[str, str | None]:
    """``(change set name or id, stack name or None)``."""
    return call.params.required('ChangeSetName'), call.params.get('StackName')


@action('CreateChangeSet')
def create_change_set(call):
    prm = call.params
    stack_name = prm.stack_name()
    name = prm.required('ChangeSetName')
    kind = prm.choice('ChangeSetType', ('CREATE', 'UPDATE', 'IMPORT')) or 'UPDATE'
    if kind == 'IMPORT':
        raise errors.validation('ChangeSetType IMPORT is not supported.')
    text, url = p.template_text(prm, allow_previous=True)
    values, keep = {}, []
    for entry in p.stack_parameters(prm):
        if entry['use_previous']:
            keep.append(entry['key'])
        else:
            values[entry['key']] = entry['value']
    if text is not None:
        check_capabilities(call, text, url)
    key = v.stack_id_of(stack_name) if kind == 'UPDATE' else stack_name
    if kind == 'CREATE':
        p.new_stack_name(stack_name)
    out = call.engine('create_change_set', key, name, template=text, params=values,
                      use_previous_template=text is None, change_set_type=kind,
                      description=prm.get('Description'),
                      tags=p.heat_tags(p.tags(prm)), capabilities=given_capabilities(prm),
                      client_token=prm.get('ClientToken'), use_previous_values=keep,
                      _name=stack_name)
    return {'Id': change_set_arn(call.ctx.tenant, out['change_set_name'], out['id']),
            'StackId': _stack_arn(call, out['stack_id'], stack_name)}


def _change(c: dict) -> dict:
    replacement = c.get('replacement')
    if isinstance(replacement, bool):
        replacement = 'True' if replacement else 'False'
    details = []
    for d in c.get('details') or ():
        target = d.get('target') or {}
        details.append({
            'Target': {'Attribute': target.get('attribute'), 'Name': target.get('name'),
                       'RequiresRecreation': target.get('requires_recreation')},
            'Evaluation': d.get('evaluation'),
            'ChangeSource': d.get('change_source'),
            'CausingEntity': d.get('causing_entity'),
        })
    return {'Type': 'Resource', 'ResourceChange': {
        'Action': c.get('action'),
        'LogicalResourceId': c.get('logical_resource_id'),
        'PhysicalResourceId': c.get('physical_resource_id') or None,
        'ResourceType': c.get('resource_type'),
        'Replacement': replacement if c.get('action') == 'Modify' else None,
        'Scope': list(c.get('scope') or []),
        'Details': details,
    }}


@action('DescribeChangeSet')
def describe_change_set(call):
    name, stack_name = _names(call)
    cs = call.engine('describe_change_set', name,
                     stack_name=v.stack_id_of(stack_name) if stack_name else None)
    stack_arn = _stack_arn(call, cs['stack_id'], cs['stack_name'])
    changes = [_change(c) for c in cs.get('changes') or ()]
    items, token = p.page(changes, call.params, call.page_size)
    return {
        'ChangeSetName': cs['change_set_name'],
        'ChangeSetId': change_set_arn(call.ctx.tenant, cs['change_set_name'],
                                      cs['change_set_id']),
        'StackId': stack_arn,
        'StackName': cs['stack_name'],
        'Description': cs.get('description'),
        'Parameters': v.parameters(cs.get('parameters')),
        'CreationTime': cs.get('creation_time'),
        'ExecutionStatus': cs.get('execution_status'),
        'Status': cs.get('status'),
        'StatusReason': cs.get('status_reason'),
        'NotificationARNs': [],
        'RollbackConfiguration': {},
        'Capabilities': list(cs.get('capabilities') or []),
        'Tags': p.cfn_tags(cs.get('tags')),
        'Changes': items,
        'NextToken': token,
        'IncludeNestedStacks': False,
    }


@action('ExecuteChangeSet')
def execute_change_set(call):
    name, stack_name = _names(call)
    disable = call.params.boolean('DisableRollback')
    call.engine('execute_change_set', name,
                stack_name=v.stack_id_of(stack_name) if stack_name else None,
                disable_rollback=disable)
    return {}


@action('DeleteChangeSet')
def delete_change_set(call):
    name, stack_name = _names(call)
    call.engine('delete_change_set', name,
                stack_name=v.stack_id_of(stack_name) if stack_name else None)
    return {}


@action('ListChangeSets')
def list_change_sets(call):
    stack_name = call.params.stack_name()
    summaries = call.engine('list_change_sets', v.stack_id_of(stack_name), _name=stack_name)
    items, token = p.page(summaries, call.params, call.page_size)
    return {'Summaries': [{
        'StackId': _stack_arn(call, s['stack_id'], s['stack_name']),
        'StackName': s['stack_name'],
        'ChangeSetId': change_set_arn(call.ctx.tenant, s['change_set_name'],
                                      s['change_set_id']),
        'ChangeSetName': s['change_set_name'],
        'ExecutionStatus': s.get('execution_status'),
        'Status': s.get('status'),
        'StatusReason': s.get('status_reason'),
        'CreationTime': s.get('creation_time'),
        'Description': s.get('description'),
        'IncludeNestedStacks': False,
    } for s in items], 'NextToken': token}


@action('EstimateTemplateCost')
def estimate_template_cost(call):
    text, url = p.template_text(call.params)
    values = {e['key']: e['value'] for e in p.stack_parameters(call.params)}
    estimate = call.engine('estimate_template_cost', text, params=values)
    return {'Url': estimate['url']}
