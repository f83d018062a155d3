"""The engine's answers (Heat's wire dicts) in CloudFormation's shapes."""

from __future__ import annotations

import json

from heat_api.cfn import params as p
from heat_core.template.parameters import MASK

#: how CloudFormation shows a NoEcho parameter
CFN_MASK = '****'
STACK_TYPE = 'AWS::CloudFormation::Stack'


def arn(tenant: str, name: str, stack_id: str) -> str:
    """A stack's id as CloudFormation gives it (Heat's ARN form, as the
    engine's ``AWS::StackId``)."""
    return 'arn:openstack:heat::%s:stacks/%s/%s' % (tenant, name, stack_id)


def row_arn(row: dict) -> str:
    return arn(row['tenant'], row['name'], row['id'])


def stack_id_of(name_or_arn: str) -> str:
    """The engine's name-or-id for a StackName parameter (a name, an id or
    an ARN ``arn:...:stacks/NAME/ID``)."""
    if name_or_arn.startswith('arn:') and ':stacks/' in name_or_arn:
        return name_or_arn.rsplit('/', 1)[-1]
    return name_or_arn


def stack_status(row: dict) -> str:
    """Heat's status word, with a rollback of an update named as
    CloudFormation names it (UPDATE_ROLLBACK_*)."""
    from heat_core.engine.update import is_update_rollback
    word = '%s_%s' % (row['action'], row['status'])
    if is_update_rollback(row):
        return 'UPDATE_' + word
    return word


def text(value) -> str:
    """An output or parameter value as CloudFormation's strings."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ','.join(text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return '' if value is None else str(value)


def required_capabilities(template: dict) -> list[str]:
    """The capabilities a template needs acknowledged (IAM resources:
    CAPABILITY_IAM, or CAPABILITY_NAMED_IAM when they are named)."""
    from heat_core.template.summary import iam_capability
    resources = template.get('Resources') or template.get('resources') or {}
    cap, _types = iam_capability(
        (d.get('Type') or d.get('type'), d.get('Properties') or d.get('properties'))
        for d in (resources.values() if isinstance(resources, dict) else ())
        if isinstance(d, dict))
    caps = [cap] if cap else []
    if template.get('Transform'):
        caps.append('CAPABILITY_AUTO_EXPAND')
    return caps


def parameters(shown: dict) -> list[dict]:
    """A stack's parameters without the pseudo ones; NoEcho as ``****``."""
    return [{'ParameterKey': k, 'ParameterValue': CFN_MASK if v == MASK else text(v)}
            for k, v in (shown or {}).items() if '::' not in k]


def stack(row: dict, shown: dict, capabilities: list) -> dict:
    """A member of DescribeStacks."""
    out = {
        'StackId': row_arn(row),
        'StackName': row['name'],
        'Description': shown.get('description') or None,
        'Parameters': parameters(shown.get('parameters')),
        'CreationTime': shown.get('creation_time'),
        'DeletionTime': shown.get('deletion_time'),
        'LastUpdatedTime': shown.get('updated_time'),
        'RollbackConfiguration': {},
        'StackStatus': stack_status(row),
        'StackStatusReason': shown.get('stack_status_reason') or None,
        'DisableRollback': bool(row['disable_rollback']),
        'NotificationARNs': [],
        'TimeoutInMinutes': row.get('timeout'),
        'Capabilities': capabilities,
        'Outputs': [{'OutputKey': o['output_key'], 'OutputValue': text(o.get('output_value')),
                     'Description': o.get('description')}
                    for o in shown.get('outputs') or ()],
        'Tags': p.cfn_tags(row.get('tags')),
        'EnableTerminationProtection': False,
        'DriftInformation': {'StackDriftStatus': 'NOT_CHECKED'},
    }
    return out


def stack_summary(row: dict, summary: dict) -> dict:
    """A member of ListStacks."""
    return {
        'StackId': row_arn(row),
        'StackName': row['name'],
        'CreationTime': summary.get('creation_time'),
        'LastUpdatedTime': summary.get('updated_time'),
        'DeletionTime': summary.get('deletion_time'),
        'StackStatus': stack_status(row),
        'StackStatusReason': summary.get('stack_status_reason') or None,
        'DriftInformation': {'StackDriftStatus': 'NOT_CHECKED'},
    }


def event(row: dict, e: dict, types: dict) -> dict:
    """A member of DescribeStackEvents."""
    is_stack = e['resource_name'] == row['name'] and e['resource_name'] not in types
    physical = row_arn(row) if is_stack else (e.get('physical_resource_id') or None)
    return {
        'StackId': row_arn(row),
        'EventId': e['id'],
        'StackName': row['name'],
        'LogicalResourceId': e['resource_name'],
        'PhysicalResourceId': physical,
        'ResourceType': STACK_TYPE if is_stack else types.get(e['resource_name']),
        'Timestamp': e['event_time'],
        'ResourceStatus': e['resource_status'],
        'ResourceStatusReason': e.get('resource_status_reason') or None,
    }


def resource(row: dict, r: dict, detail: bool = False) -> dict:
    """A member of DescribeStackResources (``detail``: the
    StackResourceDetail of DescribeStackResource, without Metadata)."""
    out = {
        'StackName': row['name'],
        'StackId': row_arn(row),
        'LogicalResourceId': r['logical_resource_id'],
        'PhysicalResourceId': r.get('physical_resource_id') or None,
        'ResourceType': r['resource_type'],
    }
    out['LastUpdatedTimestamp' if detail else 'Timestamp'] = r.get('updated_time')
    out.update({
        'ResourceStatus': r['resource_status'],
        'ResourceStatusReason': r.get('resource_status_reason') or None,
        'Description': r.get('description') or None,
    })
    return out


def resource_summary(r: dict) -> dict:
    """A member of ListStackResources."""
    return {
        'LogicalResourceId': r['logical_resource_id'],
        'PhysicalResourceId': r.get('physical_resource_id') or None,
        'ResourceType': r['resource_type'],
        'LastUpdatedTimestamp': r.get('updated_time'),
        'ResourceStatus': r['resource_status'],
        'ResourceStatusReason': r.get('resource_status_reason') or None,
        'DriftInformation': {'StackResourceDriftStatus': 'NOT_CHECKED'},
    }
