"""Reading a stack's parts: DescribeStackEvents, DescribeStackResource(s),
ListStackResources, GetTemplate, ValidateTemplate, GetTemplateSummary,
SignalResource, ListExports, ListImports."""

from __future__ import annotations

import json

from heat_api.cfn import errors
from heat_api.cfn import params as p
from heat_api.cfn import views as v
from heat_api.cfn.actions import action
from heat_core.errors import HeatError


def _types(call, row: dict) -> dict:
    try:
        return {r['resource_name']: r['resource_type']
                for r in call.service.list_resources(call.ctx, row['id'])}
    except HeatError:
        return {}


@action('DescribeStackEvents')
def describe_stack_events(call):
    name = call.params.stack_name()
    row = call.stack_row(name)
    events = call.engine('list_events', row['id'], sort_dir='desc', _name=name)
    types = _types(call, row)
    items, token = p.page(events, call.params, call.page_size)
    return {'StackEvents': [v.event(row, e, types) for e in items], 'NextToken': token}


def _authorize_stack_user(call, row: dict, resource_name: str) -> None:
    """A stack user may read only what its policies allow."""
    if not call.caller.is_stack_user:
        return
    allowed = False
    try:
        allowed = call.service.resource_access_allowed(
            call.ctx, row['id'], call.caller.access_key, resource_name)
    except HeatError:
        allowed = False
    if not allowed:
        raise errors.CfnError('AccessDenied', 'User: %s is not authorized to access resource '
                              '%s of stack %s' % (call.caller.user, resource_name,
                                                  row['name']), 403)


@action('DescribeStackResource', stack_user=True)
def describe_stack_resource(call):
    name = call.params.stack_name()
    logical = call.params.required('LogicalResourceId')
    row = call.stack_row(name)
    _authorize_stack_user(call, row, logical)
    r = call.engine('show_resource', row['id'], logical, _name=name)
    metadata = call.engine('resource_metadata', row['id'], logical, _name=name)
    detail = v.resource(row, r, detail=True)
    detail['Metadata'] = json.dumps(metadata if metadata is not None else {})
    detail['DriftInformation'] = {'StackResourceDriftStatus': 'NOT_CHECKED'}
    return {'StackResourceDetail': detail}


def _stack_of_physical(call, physical_id: str) -> dict:
    for summary in call.engine('list_stacks'):
        try:
            found = call.service.list_resources(call.ctx, summary['id'],
                                                filters={'physical_resource_id': physical_id})
        except HeatError:
            continue
        if found:
            return call.service.identify(call.ctx, summary['id'])
    raise errors.validation('Stack for %s does not exist' % physical_id)


@action('DescribeStackResources', stack_user=True)
def describe_stack_resources(call):
    prm = call.params
    name, physical = prm.get('StackName'), prm.get('PhysicalResourceId')
    if name and physical:
        raise errors.validation('Cannot specify both StackName and PhysicalResourceId')
    if not name and not physical:
        raise errors.validation('You must specify either StackName or PhysicalResourceId')
    row = call.stack_row(name) if name else _stack_of_physical(call, physical)
    logical = prm.get('LogicalResourceId')
    resources = call.engine('list_resources', row['id'], _name=name)
    out = []
    for r in resources:
        if logical and r['resource_name'] != logical:
            continue
        if call.caller.is_stack_user:
            try:
                _authorize_stack_user(call, row, r['resource_name'])
            except errors.CfnError:
                continue
        out.append(v.resource(row, r))
    return {'StackResources': out}


@action('ListStackResources')
def list_stack_resources(call):
    name = call.params.stack_name()
    row = call.stack_row(name)
    resources = call.engine('list_resources', row['id'], _name=name)
    items, token = p.page(resources, call.params, call.page_size)
    return {'StackResourceSummaries': [v.resource_summary(r) for r in items],
            'NextToken': token}


@action('GetTemplate')
def get_template(call):
    name = call.params.stack_name()
    row = call.stack_row(name)
    # AWS answers the body verbatim (YAML stays YAML, comments and all)
    text = call.engine('get_template_text', row['id'], _name=name)
    return {'TemplateBody': text,
            'StagesAvailable': ['Original', 'Processed']}


def _load(call, text: str, name: str | None):
    """The template validated (parameter values not needed); its errors as
    a ValidationError."""
    loaded = call.engine('validate_template', text, template_name=name)
    errs = loaded.issues.errors if loaded.issues else []
    if errs:
        raise errors.validation('Template format error: %s' % '; '.join(
            _issue_text(i) for i in errs[:10]))
    return loaded


def _issue_text(issue) -> str:
    from heat_core.errors import format_path
    path = format_path(issue.path) if issue.path else ''
    return '%s: %s' % (path, issue.message) if path else issue.message


@action('ValidateTemplate')
def validate_template(call):
    text, url = p.template_text(call.params)
    loaded = _load(call, text, url)
    from heat_core.template.summary import template_summary
    summary = template_summary(loaded.template)
    return {
        'Parameters': [{'ParameterKey': prm['ParameterKey'],
                        'DefaultValue': prm.get('DefaultValue'),
                        'NoEcho': prm['NoEcho'],
                        'Description': prm.get('Description')}
                       for prm in summary['Parameters']],
        'Description': summary.get('Description'),
        'Capabilities': summary.get('Capabilities', []),
        'CapabilitiesReason': summary.get('CapabilitiesReason'),
        'DeclaredTransforms': summary.get('DeclaredTransforms', []),
    }


@action('GetTemplateSummary')
def get_template_summary(call):
    prm = call.params
    if prm.get('StackName'):
        if prm.get('TemplateBody') or prm.get('TemplateURL'):
            raise errors.validation('Specify exactly one of StackName, TemplateBody or '
                                    'TemplateURL.')
        row = call.stack_row(prm.get('StackName'))
        text = call.engine('get_template_text', row['id'])
        url = None
    else:
        text, url = p.template_text(prm)
    loaded = _load(call, text, url)
    from heat_core.template.summary import template_summary
    summary = template_summary(loaded.template)
    for entry in summary['Parameters']:
        if entry.get('DefaultValue') is not None and entry.get('NoEcho'):
            entry['DefaultValue'] = v.CFN_MASK
    return summary


@action('SignalResource')
def signal_resource(call):
    prm = call.params
    name = prm.stack_name()
    logical = prm.required('LogicalResourceId')
    unique_id = prm.required('UniqueId')
    status = prm.choice('Status', ('SUCCESS', 'FAILURE'))
    if status is None:
        raise errors.missing('Status')
    row = call.stack_row(name, include_deleted=False)
    call.engine('signal_resource', row['id'], logical,
                details={'UniqueId': unique_id, 'Status': status,
                         'Reason': 'Signal %s received' % status, 'Data': None},
                _name=name)
    return None


@action('ListExports')
def list_exports(call):
    exports = call.engine('list_exports')
    items, token = p.page(exports, call.params, call.page_size)
    return {'Exports': [{'ExportingStackId': e['ExportingStackId'], 'Name': e['Name'],
                         'Value': v.text(e['Value'])} for e in items], 'NextToken': token}


@action('ListImports')
def list_imports(call):
    name = call.params.required('ExportName')
    try:
        stacks = call.service.list_imports(call.ctx, name)
    except HeatError as exc:
        if getattr(exc, 'code', None) != 'EntityNotFound':
            raise errors.from_heat(exc) from None
        stacks = []
    if not stacks:
        # AWS's answer for an export nobody imports, and for one that does not exist
        raise errors.validation("Export '%s' is not imported by any stack." % name)
    items, token = p.page(stacks, call.params, call.page_size)
    return {'Imports': items, 'NextToken': token}
