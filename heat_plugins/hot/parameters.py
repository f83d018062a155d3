"""HOT parameter declarations (``parameters``) and ``parameter_groups``.

Each declaration becomes a format-neutral
:class:`~heat_core.template.parameters.Parameter` with the canonical type
name, so value conversion and constraint checks are shared with CFN.
"""

from __future__ import annotations

import re

from heat_core import constraints as c
from heat_core.errors import did_you_mean
from heat_core.template import parameters as p
from heat_plugins.hot import versions as v

#: HOT type name -> canonical type name
TYPES = {
    'string': p.STRING,
    'number': p.NUMBER,
    'comma_delimited_list': p.LIST,
    'json': p.JSON,
    'boolean': p.BOOLEAN,
}
KEYS = ('type', 'label', 'description', 'default', 'hidden', 'constraints', 'immutable',
        'tags')
CONSTRAINTS = ('length', 'range', 'modulo', 'allowed_values', 'allowed_pattern',
               'custom_constraint')
GROUP_KEYS = ('label', 'description', 'parameters')
SECTION = 'parameters'


def parse_parameters(template, section: dict) -> dict:
    """``{name: Parameter}`` of the ``parameters`` section; problems are
    recorded in ``template.issues``."""
    out = {}
    for name, body in section.items():
        param = _parameter(template, name, body, (SECTION, name))
        if param is not None:
            out[name] = param
    return out


def _parameter(template, name, body, path):
    issues = template.issues
    version = template.version
    if not isinstance(body, dict):
        issues.error(path, 'Parameter "%s" must be a map' % name)
        return None
    if name in template.pseudo_parameters:
        issues.error(path, 'Parameter "%s" has the name of a pseudo parameter' % name)
    for key in body:
        if key in KEYS and (key not in v.FEATURES or v.has(version, key)):
            continue
        note = v.since_note(key) if key in v.FEATURES else ''
        issues.error(path + (key,), 'Unknown key "%s" in parameter "%s"%s' % (
            key, name, note or did_you_mean(str(key), KEYS)))
    type_name = body.get('type')
    if type_name is None:
        issues.error(path, 'Parameter "%s" has no type' % name)
        canonical = p.STRING
    elif not isinstance(type_name, str) or type_name not in TYPES:
        issues.error(path + ('type',), 'Invalid parameter type "%s"%s; use one of %s' % (
            type_name, did_you_mean(str(type_name), TYPES), ', '.join(TYPES)))
        canonical = p.STRING
    else:
        canonical = TYPES[type_name]
    param = p.Parameter(name=name, type=canonical, path=path,
                        description=_text(issues, body, 'description', path) or '',
                        label=_text(issues, body, 'label', path))
    if body.get('default') is not None:
        param.default = body['default']
        param.has_default = True
    param.no_echo = _flag(issues, body, 'hidden', path)
    param.immutable = _flag(issues, body, 'immutable', path)
    tags = body.get('tags')
    if tags is not None and v.has(version, 'tags'):
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            issues.error(path + ('tags',), 'tags must be a list of strings')
        else:
            param.tags = list(tags)
    param.constraints = _constraints(template, body.get('constraints'), path + ('constraints',))
    return param


def _text(issues, body, key, path):
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        issues.error(path + (key,), '%s must be a string' % key)
        return None
    return value


def _flag(issues, body, key, path) -> bool:
    value = body.get(key, False)
    try:
        return p.to_bool(value)
    except ValueError:
        issues.error(path + (key,), '%s must be true or false, not "%s"' % (key, value))
        return False


# -- constraints ---------------------------------------------------------------
def _constraints(template, raw, path) -> list:
    issues = template.issues
    if raw is None:
        return []
    if not isinstance(raw, list):
        issues.error(path, 'constraints must be a list')
        return []
    found = []
    for i, item in enumerate(raw):
        constraint = _constraint(template, item, path + (i,))
        if constraint is not None:
            found.append(constraint)
    return found


def _constraint(template, item, path):
    issues = template.issues
    if not isinstance(item, dict):
        issues.error(path, 'A constraint must be a map such as {length: {min: 1}}')
        return None
    kinds = []
    for key in item:
        if key == 'description':
            continue
        if key in CONSTRAINTS and (key not in v.FEATURES or v.has(template.version, key)):
            kinds.append(key)
            continue
        note = v.since_note(key) if key in v.FEATURES else ''
        issues.error(path + (key,), 'Unknown constraint "%s"%s' % (
            key, note or did_you_mean(str(key), CONSTRAINTS)))
    if not kinds:
        if len(item) == (1 if 'description' in item else 0):
            issues.error(path, 'No constraint expressed: use one of %s' % ', '.join(CONSTRAINTS))
        return None
    if len(kinds) > 1:
        issues.error(path, 'A constraint may have only one of %s; found %s' % (
            ', '.join(CONSTRAINTS), ', '.join(kinds)))
        return None
    kind = kinds[0]
    constraint = _BUILDERS[kind](issues, item[kind], path + (kind,))
    if constraint is not None:
        description = item.get('description')
        if description is not None and not isinstance(description, str):
            issues.error(path + ('description',), 'description must be a string')
        elif description is not None:
            constraint.description = description
    return constraint


def _bounds(issues, value, path, keys, kind):
    """``{key: number}`` of a range-like constraint, or None."""
    if not isinstance(value, dict):
        issues.error(path, 'The %s constraint must be a map with %s' % (
            kind, ' and/or '.join(keys)))
        return None
    out = {}
    ok = True
    for key, raw in value.items():
        if key not in keys:
            issues.error(path + (key,), 'Unknown key "%s" in the %s constraint%s' % (
                key, kind, did_you_mean(str(key), keys)))
            ok = False
            continue
        try:
            out[key] = p.to_number(raw)
        except ValueError:
            issues.error(path + (key,), '%s must be a number, not "%s"' % (key, raw))
            ok = False
    return out if ok else None


def _length_or_range(cls, kind):
    def build(issues, value, path):
        bounds = _bounds(issues, value, path, ('min', 'max'), kind)
        if bounds is None:
            return None
        if not bounds:
            issues.error(path, 'The %s constraint needs a min and/or a max' % kind)
            return None
        lo, hi = bounds.get('min'), bounds.get('max')
        if lo is not None and hi is not None and lo > hi:
            issues.error(path, 'The %s constraint has min (%s) greater than max (%s)'
                         % (kind, lo, hi))
            return None
        return cls(lo, hi)
    return build


def _modulo(issues, value, path):
    bounds = _bounds(issues, value, path, ('step', 'offset'), 'modulo')
    if bounds is None:
        return None
    missing = [k for k in ('step', 'offset') if k not in bounds]
    if missing:
        issues.error(path, 'The modulo constraint needs both step and offset (%s missing)'
                     % ' and '.join(missing))
        return None
    step, offset = bounds['step'], bounds['offset']
    if step == 0:
        issues.error(path + ('step',), 'The modulo step cannot be 0')
        return None
    if abs(offset) >= abs(step):
        issues.error(path + ('offset',), 'The modulo offset must be smaller (in absolute '
                     'value) than the step')
        return None
    if offset and (step > 0) != (offset > 0):
        issues.error(path, 'The modulo step and offset must be both positive or both '
                     'negative')
        return None
    return c.Modulo(step, offset)


def _allowed_values(issues, value, path):
    if not isinstance(value, list):
        issues.error(path, 'allowed_values must be a list')
        return None
    return c.AllowedValues(list(value))


def _allowed_pattern(issues, value, path):
    if not isinstance(value, str):
        issues.error(path, 'allowed_pattern must be a string (a regular expression)')
        return None
    try:
        return c.AllowedPattern(value)
    except re.error as exc:
        issues.error(path, 'Invalid allowed_pattern: %s' % exc)
        return None


def _custom_constraint(issues, value, path):
    if not isinstance(value, str) or not value:
        issues.error(path, 'custom_constraint must name a constraint, e.g. nova.flavor')
        return None
    # validation reports a name that no plugin provides, at this path
    constraint = c.CustomConstraint(value)
    constraint.path = path
    return constraint


_BUILDERS = {
    'length': _length_or_range(c.Length, 'length'),
    'range': _length_or_range(c.Range, 'range'),
    'modulo': _modulo,
    'allowed_values': _allowed_values,
    'allowed_pattern': _allowed_pattern,
    'custom_constraint': _custom_constraint,
}


# -- parameter_groups ----------------------------------------------------------
def parse_parameter_groups(template, raw) -> list:
    """The ``parameter_groups`` section as a list of ``{label, description,
    parameters}``; every name must be a parameter, in one group only."""
    issues = template.issues
    key = 'parameter_groups'
    if raw is None:
        return []
    if not isinstance(raw, list):
        issues.error((key,), 'The parameter_groups section must be a list')
        return []
    groups = []
    seen: dict = {}
    for i, group in enumerate(raw):
        path = (key, i)
        if not isinstance(group, dict):
            issues.error(path, 'A parameter group must be a map with label, description and '
                         'parameters')
            continue
        for k in group:
            if k not in GROUP_KEYS:
                issues.error(path + (k,), 'Unknown key "%s" in a parameter group%s' % (
                    k, did_you_mean(str(k), GROUP_KEYS)))
        label = group.get('label')
        title = '"%s"' % label if label is not None else 'number %d' % (i + 1)
        names = group.get('parameters')
        if names is None:
            issues.error(path, 'Parameter group %s has no parameters' % title)
            names = []
        elif not isinstance(names, list):
            issues.error(path + ('parameters',), 'The parameters of a parameter group must '
                         'be a list of parameter names')
            names = []
        for j, pname in enumerate(names):
            where = path + ('parameters', j)
            if not isinstance(pname, str) or pname not in template.parameters:
                issues.error(where, 'Parameter group %s refers to unknown parameter "%s"%s' % (
                    title, pname, did_you_mean(str(pname), template.parameters)))
            elif pname in seen:
                issues.error(where, 'Parameter "%s" is in more than one parameter group '
                             '(also in %s)' % (pname, seen[pname]))
            else:
                seen[pname] = title
        groups.append({'label': label, 'description': group.get('description'),
                       'parameters': [n for n in names if isinstance(n, str)]})
    return groups
