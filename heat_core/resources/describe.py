"""Resource types described for users, in OpenStack Heat's wire shapes.

:func:`resource_schema` is the body of Heat's
``GET /v1/{tenant}/resource_types/{type}`` (``heat resource-type-show``);
:func:`generate_template` is that of ``.../resource_types/{type}/template``
(``heat resource-type-template``): a template with one resource of the type,
a parameter per property and an output per attribute, to start a provider
template from.
"""

from __future__ import annotations

from heat_core.resources import schema as sch
from heat_core.resources.schema import SupportStatus

# -- resource_schema -------------------------------------------------------------


def _listed(status) -> bool:
    return getattr(status, 'status', status) != SupportStatus.HIDDEN


def resource_schema(type_name: str, cls, with_description: bool = True) -> dict:
    """``{resource_type, properties, attributes, support_status[,
    description]}`` of a resource type plugin class.

    Hidden or unimplemented properties and hidden attributes are left out,
    as Heat does; ``show`` (every resource has it) is included.
    """
    properties = {name: schema.to_dict() for name, schema in cls.properties_schema.items()
                  if schema.implemented and _listed(schema.support_status)}
    attributes = {}
    for group in (cls.attributes_schema, cls.base_attributes_schema):
        for name, attr in group.items():
            if _listed(attr.support_status):
                attributes[name] = attr.to_dict()
    result = {
        'resource_type': type_name,
        'properties': properties,
        'attributes': attributes,
        'support_status': _status_dict(cls.support_status),
    }
    if with_description:
        result['description'] = cls.getdoc()
    return result


def _status_dict(status) -> dict:
    if isinstance(status, SupportStatus):
        return status.to_dict()
    # a plugin that set a bare status string
    return SupportStatus(status or SupportStatus.SUPPORTED).to_dict()


# -- generate_template ---------------------------------------------------------

CFN_PARAM_TYPES = {sch.INTEGER: 'Number', sch.STRING: 'String', sch.NUMBER: 'Number',
                   sch.BOOLEAN: 'Boolean', sch.MAP: 'Json', sch.LIST: 'CommaDelimitedList',
                   sch.ANY: 'Json'}
HOT_PARAM_TYPES = {sch.INTEGER: 'number', sch.STRING: 'string', sch.NUMBER: 'number',
                   sch.BOOLEAN: 'boolean', sch.MAP: 'json', sch.LIST: 'comma_delimited_list',
                   sch.ANY: 'json'}


def generate_template(type_name: str, cls, template_type: str = 'cfn') -> dict:
    """A template whose one resource (named after the class) has type
    ``type_name`` and takes every property from a parameter, with an output
    per attribute and ``OS::stack_id``.  ``template_type``: 'cfn' (Heat's
    ``HeatTemplateFormatVersion: 2012-12-12``) or 'hot' (2016-10-14)."""
    if template_type not in ('cfn', 'hot'):
        raise ValueError('template_type must be "cfn" or "hot", not %r' % (template_type,))
    hot = template_type == 'hot'
    res_name = cls.__name__
    params, props = {}, {}
    schemas = {} if cls.accepts_any_properties else cls.properties_schema
    for name, schema in schemas.items():
        if not schema.implemented or not _listed(schema.support_status):
            continue
        if hot:
            params[name] = _hot_parameter(schema)
            props[name] = {'get_param': name}
        else:
            params[name] = _cfn_parameter(schema)
            props[name] = ({'Fn::Split': [',', {'Ref': name}]} if schema.type == sch.LIST
                           else {'Ref': name})
    outputs = {}
    for group in (cls.attributes_schema, cls.base_attributes_schema):
        for name, attr in group.items():
            if group is cls.attributes_schema and not _listed(attr.support_status):
                continue
            if hot:
                outputs[name] = {'value': {'get_attr': [res_name, name]},
                                 'description': attr.description}
            else:
                outputs[name] = {'Value': {'Fn::GetAtt': [res_name, name]},
                                 'Description': attr.description}
    outputs['OS::stack_id'] = ({'value': {'get_resource': res_name}} if hot
                               else {'Value': {'Ref': res_name}})
    description = 'Initial template of %s' % res_name
    if hot:
        return {'heat_template_version': '2016-10-14', 'description': description,
                'parameters': params,
                'resources': {res_name: {'type': type_name, 'properties': props}},
                'outputs': outputs}
    return {'HeatTemplateFormatVersion': '2012-12-12', 'Description': description,
            'Parameters': params,
            'Resources': {res_name: {'Type': type_name, 'Properties': props}},
            'Outputs': outputs}


def _cfn_parameter(schema) -> dict:
    from heat_core import constraints as c
    d = {'Type': CFN_PARAM_TYPES[schema.type]}
    if schema.description:
        d['Description'] = schema.description
    if schema.default is not None:
        d['Default'] = schema.default
    for k in schema.constraints:
        if isinstance(k, c.Length):
            _put(d, 'MinLength', k.min)
            _put(d, 'MaxLength', k.max)
        elif isinstance(k, c.Range):
            _put(d, 'MinValue', k.min)
            _put(d, 'MaxValue', k.max)
        elif isinstance(k, c.AllowedValues):
            d['AllowedValues'] = list(k.values)
        elif isinstance(k, c.AllowedPattern):
            d['AllowedPattern'] = k.pattern
    if schema.type == sch.BOOLEAN:
        d['AllowedValues'] = ['True', 'true', 'False', 'false']
    return d


def _hot_parameter(schema) -> dict:
    from heat_core import constraints as c
    d = {'type': HOT_PARAM_TYPES[schema.type]}
    if schema.description:
        d['description'] = schema.description
    if schema.default is not None:
        d['default'] = schema.default
    found = []
    for k in schema.constraints:
        if isinstance(k, (c.Length, c.Range)):
            bounds = {}
            _put(bounds, 'min', k.min)
            _put(bounds, 'max', k.max)
            found.append({'length' if isinstance(k, c.Length) else 'range': bounds})
        elif isinstance(k, c.AllowedValues):
            found.append({'allowed_values': list(k.values)})
        elif isinstance(k, c.AllowedPattern):
            found.append({'allowed_pattern': k.pattern})
    if found:
        d['constraints'] = found
    return d


def _put(d: dict, key: str, value) -> None:
    if value is not None:
        d[key] = value
