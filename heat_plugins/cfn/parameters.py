"""CloudFormation parameter declarations (``Parameters`` section)."""

from __future__ import annotations

import re

from heat_core import constraints as c
from heat_core.errors import did_you_mean
from heat_core.template import parameters as p

KEYS = ('Type', 'Default', 'NoEcho', 'AllowedValues', 'AllowedPattern', 'MaxLength',
        'MinLength', 'MaxValue', 'MinValue', 'Description', 'ConstraintDescription', 'Label')
BASE_TYPES = (p.STRING, p.NUMBER, p.LIST, p.NUMBER_LIST, p.JSON, p.BOOLEAN)
_NAME = re.compile(r'^[A-Za-z0-9]+$')


def valid_type(type_name: str) -> bool:
    if type_name in BASE_TYPES or type_name in p.AWS_TYPES:
        return True
    if type_name.startswith('List<') and type_name.endswith('>'):
        return type_name[5:-1] in p.AWS_TYPES
    return False


def parse_parameters(template, section: dict) -> dict:
    issues = template.issues
    out = {}
    for name, body in section.items():
        path = ('Parameters', name)
        if not isinstance(body, dict):
            issues.error(path, 'Parameter "%s" must be a map' % name)
            continue
        if not _NAME.match(str(name)):
            issues.warning(path, 'Parameter name "%s" is not alphanumeric' % name)
        if name in template.pseudo_parameters:
            issues.error(path, 'Parameter "%s" has the name of a pseudo parameter' % name)
        for key in body:
            if key not in KEYS:
                issues.error(path + (key,), 'Unknown key "%s" in parameter "%s"%s' % (
                    key, name, did_you_mean(str(key), KEYS)))
        type_name = body.get('Type')
        if type_name is None:
            issues.error(path, 'Parameter "%s" has no Type' % name)
            type_name = p.STRING
        elif not isinstance(type_name, str) or not valid_type(type_name):
            issues.error(path + ('Type',), 'Invalid parameter type "%s"%s' % (
                type_name, did_you_mean(str(type_name), BASE_TYPES + tuple(p.AWS_TYPES))))
            type_name = p.STRING
        texts = {}
        for key in ('Description', 'Label', 'ConstraintDescription'):
            value = body.get(key)
            if value is not None and not isinstance(value, str):
                issues.error(path + (key,), '%s must be a string' % key)
                value = None
            texts[key] = value
        param = p.Parameter(name=name, type=type_name, path=path,
                            description=texts['Description'] or '', label=texts['Label'],
                            constraint_description=texts['ConstraintDescription'])
        if 'Default' in body:
            param.default = body['Default']
            param.has_default = True
        no_echo = body.get('NoEcho', False)
        try:
            param.no_echo = p.to_bool(no_echo)
        except ValueError:
            issues.error(path + ('NoEcho',), 'NoEcho must be true or false')
        param.constraints = _constraints(body, path, issues)
        out[name] = param
    return out


def _constraints(body, path, issues):
    found = []

    def number(key):
        value = body.get(key)
        if value is None:
            return None
        try:
            return p.to_number(value)
        except ValueError:
            issues.error(path + (key,), '%s must be a number, not "%s"' % (key, value))
            return None

    for cls, low_key, high_key in ((c.Length, 'MinLength', 'MaxLength'),
                                   (c.Range, 'MinValue', 'MaxValue')):
        lo, hi = number(low_key), number(high_key)
        if lo is not None and hi is not None and lo > hi:
            issues.error(path + (low_key,), '%s (%s) is greater than %s (%s)' % (
                low_key, lo, high_key, hi))
        elif lo is not None or hi is not None:
            found.append(cls(lo, hi))
    allowed = body.get('AllowedValues')
    if allowed is not None:
        if not isinstance(allowed, list):
            issues.error(path + ('AllowedValues',), 'AllowedValues must be a list')
        else:
            found.append(c.AllowedValues(allowed))
    pattern = body.get('AllowedPattern')
    if pattern is not None:
        try:
            found.append(c.AllowedPattern(str(pattern)))
        except re.error as exc:
            issues.error(path + ('AllowedPattern',), 'Invalid AllowedPattern: %s' % exc)
    return found
