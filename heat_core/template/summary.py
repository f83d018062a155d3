"""What a template declares, in the shapes the APIs answer with.

``validate_summary`` is the body of OpenStack Heat's ``POST /validate``
(``heat template validate``): the description, every parameter with its
type (Heat's CloudFormation spelling for every format: ``String``,
``Number``, ``CommaDelimitedList``, ``Json``, ``Boolean``) and constraints
as CFN keys, and the parameter groups.  ``template_summary`` is the body of
CloudFormation's ``GetTemplateSummary``.  NoEcho / hidden values are
masked in both.
"""

from __future__ import annotations

import json
from typing import Any

from heat_core import constraints as c
from heat_core.template import functions as fn
from heat_core.template.parameters import MASK

# Types whose resources need CAPABILITY_IAM (CAPABILITY_NAMED_IAM when named).
IAM_PREFIX = 'AWS::IAM::'
#: the property that gives a resource of each IAM type a custom name: only
#: these make CAPABILITY_NAMED_IAM necessary (an AccessKey's UserName names
#: the user it belongs to, not the key)
IAM_NAME_PROPERTIES = {'AWS::IAM::User': 'UserName', 'AWS::IAM::Role': 'RoleName',
                       'AWS::IAM::Group': 'GroupName',
                       'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
                       'AWS::IAM::InstanceProfile': 'InstanceProfileName'}


def iam_capability(resources) -> tuple[str | None, list[str]]:
    """``(capability, IAM types)`` of ``[(type, properties)]``: None when
    there is no IAM resource, ``CAPABILITY_NAMED_IAM`` when one has a custom
    name, else ``CAPABILITY_IAM``."""
    types, named = [], False
    for rtype, props in resources:
        if not (isinstance(rtype, str) and rtype.startswith(IAM_PREFIX)):
            continue
        if rtype not in types:
            types.append(rtype)
        key = IAM_NAME_PROPERTIES.get(rtype)
        named = named or (key is not None and isinstance(props, dict) and key in props)
    if not types:
        return None, types
    return ('CAPABILITY_NAMED_IAM' if named else 'CAPABILITY_IAM'), types


def validate_summary(template, values: dict | None = None, show_nested: bool = False) -> dict:
    """Heat's validate response for ``template`` (as validated).

    ``values`` are parameter values given with the request (they are
    reported as ``Value``, after the environment's ``parameters``); the
    environment's ``parameter_defaults`` replace declared defaults, as in
    Heat.  ``show_nested`` adds ``NestedParameters``: the same summary of
    each provider template a resource uses, with the values its properties
    give (plain values only), under the resource's name.
    """
    env = template.env
    given = {k: v for k, v in env.parameters.items() if k in template.parameters}
    given.update({k: v for k, v in (values or {}).items() if k in template.parameters})
    params = {}
    for name, p in template.parameters.items():
        if p.pseudo:
            continue
        params[name] = _validate_parameter(p, given.get(name),
                                           env.parameter_defaults.get(name))
    result = {'Description': template.description or '', 'Parameters': params}
    if template.parameter_groups:
        result['ParameterGroups'] = template.parameter_groups
    if show_nested:
        nested = {}
        for name, (type_name, provider) in sorted(
                template.__dict__.get('nested_templates', {}).items()):
            if provider is None:
                continue
            props = template.resources[name].properties
            plain = {k: v for k, v in props.items() if not fn.contains_function(v)} \
                if isinstance(props, dict) else {}
            summary = validate_summary(provider, plain, show_nested=True)
            summary['Type'] = type_name
            nested[name] = summary
        if nested:
            result['NestedParameters'] = nested
    return result


def _validate_parameter(p, value, env_default) -> dict:
    out = {
        'Type': p.type,
        'Description': p.description or '',
        'NoEcho': 'true' if p.no_echo else 'false',
        'Label': p.label or p.name,
    }
    default = env_default if env_default is not None else p.default
    if default is not None:
        out['Default'] = p.shown(default)
    if value is not None and value != '':
        out['Value'] = p.shown(value)
    if p.tags:
        out['Tags'] = list(p.tags)
    descriptions = [p.constraint_description] if p.constraint_description else []
    for k in p.constraints:
        out.update(_constraint_keys(k))
        if k.description and k.description not in descriptions:
            descriptions.append(k.description)
    if descriptions:
        out['ConstraintDescription'] = ' '.join(descriptions)
    return out


def _constraint_keys(k) -> dict:
    """CFN keys of one constraint, as Heat names them."""
    if isinstance(k, c.Length):
        return _bounds(k, 'MinLength', 'MaxLength')
    if isinstance(k, c.Range):
        return _bounds(k, 'MinValue', 'MaxValue')
    if isinstance(k, c.Modulo):
        return {'Step': k.step, 'Offset': k.offset}
    if isinstance(k, c.AllowedValues):
        return {'AllowedValues': list(k.values)}
    if isinstance(k, c.AllowedPattern):
        return {'AllowedPattern': k.pattern}
    if isinstance(k, c.CustomConstraint):
        return {'CustomConstraint': k.name}
    return {}


def _bounds(k, low_key, high_key) -> dict:
    out = {}
    if k.min is not None:
        out[low_key] = k.min
    if k.max is not None:
        out[high_key] = k.max
    return out


def template_summary(template) -> dict:
    """CloudFormation's GetTemplateSummary response for ``template``."""
    params = []
    for name, p in template.parameters.items():
        if p.pseudo:
            continue
        entry: dict[str, Any] = {'ParameterKey': name}
        if p.default is not None:
            entry['DefaultValue'] = MASK if p.no_echo else _as_text(p.default)
        entry['ParameterType'] = p.type
        entry['NoEcho'] = bool(p.no_echo)
        entry['Description'] = p.description or ''
        allowed = [v for k in p.constraints if isinstance(k, c.AllowedValues) for v in k.values]
        entry['ParameterConstraints'] = {'AllowedValues': [_as_text(v) for v in allowed]} \
            if allowed else {}
        params.append(entry)
    types = []
    for defn in template.resources.values():
        if isinstance(defn.type, str) and defn.type not in types:
            types.append(defn.type)
    out: dict[str, Any] = {'Parameters': params}
    if template.description:
        out['Description'] = template.description
    capabilities, reason = _capabilities(template)
    if capabilities:
        out['Capabilities'] = capabilities
        out['CapabilitiesReason'] = reason
    out['ResourceTypes'] = types
    out['Version'] = template.version
    if template.metadata is not None:
        out['Metadata'] = json.dumps(template.metadata, sort_keys=True)
    out['DeclaredTransforms'] = list(template.transforms)
    return out


def _capabilities(template) -> tuple[list, str]:
    """The capabilities a stack of this template must acknowledge, and why."""
    cap, iam = iam_capability((d.type, d.properties) for d in template.resources.values())
    caps = []
    reason = ''
    if cap:
        caps.append(cap)
        reason = 'The following resource(s) require capabilities: [%s]' % ', '.join(iam)
    if template.transforms:
        caps.append('CAPABILITY_AUTO_EXPAND')
        reason = reason or 'The template declares transforms: [%s]' % ', '.join(
            template.transforms)
    return caps, reason


def _as_text(value) -> str:
    """A parameter value as CloudFormation shows it: always a string."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ','.join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)
