"""Template parameters: their declared schema and the checking of values.

Both formats read their own spelling into :class:`Parameter` (canonical
CloudFormation type names: ``String``, ``Number``, ``CommaDelimitedList``,
``List<Number>``, ``Json``, ``Boolean`` and the ``AWS::...`` types), so
conversion and constraint checks are written once here.  Validation
(``parameter_values`` in :mod:`heat_core.template.validation`) uses
:func:`declaration_problems`, :func:`check_default` and
:func:`check_value` for every parameter of every format.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from heat_core import constraints as c
from heat_core.errors import did_you_mean

STRING, NUMBER, LIST, NUMBER_LIST, JSON, BOOLEAN = (
    'String', 'Number', 'CommaDelimitedList', 'List<Number>', 'Json', 'Boolean')

# AWS-specific parameter types and the custom constraint that checks a value
# against the cloud (None: nothing in the cloud to check it against).
AWS_TYPES = {
    'AWS::EC2::AvailabilityZone::Name': 'nova.availability_zone',
    'AWS::EC2::Image::Id': 'glance.image',
    'AWS::EC2::Instance::Id': 'nova.server',
    'AWS::EC2::KeyPair::KeyName': 'nova.keypair',
    'AWS::EC2::SecurityGroup::GroupName': 'neutron.security_group',
    'AWS::EC2::SecurityGroup::Id': 'neutron.security_group',
    'AWS::EC2::Subnet::Id': 'neutron.subnet',
    'AWS::EC2::VPC::Id': 'neutron.network',
    'AWS::EC2::Volume::Id': 'cinder.volume',
    'AWS::Route53::HostedZone::Id': None,
}

MASK = '******'

_TRUE = ('true', '1', 'yes', 'on', 't', 'y')
_FALSE = ('false', '0', 'no', 'off', 'f', 'n')


@dataclass
class Parameter:
    """One declared parameter (or pseudo parameter)."""
    name: str
    type: str = STRING
    default: Any = None
    has_default: bool = False
    #: CFN NoEcho / HOT hidden: the value is never shown
    no_echo: bool = False
    description: str = ''
    label: str | None = None
    constraints: list = field(default_factory=list)
    #: CFN ConstraintDescription: replaces the message of any failed constraint
    constraint_description: str | None = None
    #: HOT immutable: the value may not change on stack update (the engine enforces it)
    immutable: bool = False
    tags: list = field(default_factory=list)
    path: tuple = ()               # where it is declared
    pseudo: bool = False

    @property
    def item_type(self) -> str | None:
        """For ``List<X>`` types, X."""
        if self.type.startswith('List<') and self.type.endswith('>'):
            return self.type[5:-1]
        return None

    def custom_constraint(self) -> str | None:
        """The cloud lookup an AWS-specific type implies (``nova.keypair``)."""
        return AWS_TYPES.get(self.item_type or self.type)

    def convert(self, value: Any) -> Any:
        """The typed value; raises ValueError with a user-facing message."""
        t = self.type
        if t == NUMBER:
            return to_number(value)
        if t == BOOLEAN:
            return to_bool(value)
        if t == JSON:
            return to_json(value)
        if t == LIST or self.item_type:
            items = to_list(value)
            if self.item_type == NUMBER:
                return [to_number(v) for v in items]
            return items
        return to_string(value)

    def check(self, value: Any, cloud=None) -> list[str]:
        """Messages for every constraint the (converted) value fails; the
        cloud-backed checks are skipped when ``cloud`` is None."""
        problems = []
        # List<X>: each item is an X and is constrained as one
        items = value if self.item_type and isinstance(value, list) else [value]
        for item in items:
            for msg in c.check_all(self.constraints, item, cloud):
                if msg not in problems:
                    problems.append(msg)
        if problems and self.constraint_description:
            problems = [self.constraint_description]
        name = self.custom_constraint()
        if name:
            msg = c.CustomConstraint(name).check(value, cloud)
            if msg:
                problems.append(msg)
        return self.masked(problems, value)

    def shown(self, value: Any) -> Any:
        """The value as it may be displayed (NoEcho / hidden masked)."""
        return MASK if self.no_echo else value

    def masked(self, messages: list[str], value: Any) -> list[str]:
        """``messages`` with the value hidden if the parameter is NoEcho."""
        if not self.no_echo:
            return messages
        secrets = [v for v in (value if isinstance(value, list) else [value])
                   if v not in (None, '')]
        out = []
        for msg in messages:
            for secret in secrets:
                text = secret if isinstance(secret, str) else json.dumps(secret) \
                    if isinstance(secret, (dict, list)) else str(secret)
                for quote in ('"%s"', "'%s'", '(%s)'):
                    msg = msg.replace(quote % text, quote % MASK)
            out.append(msg)
        return out


# -- conversions ------------------------------------------------------------

def to_number(value):
    """An int or float from a number or its text."""
    if isinstance(value, bool):
        raise ValueError('Value "%s" is not a number' % str(value).lower())
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        number = value
    elif not isinstance(value, str):
        raise ValueError('Value must be a number, not %s' % _kind(value))
    else:
        try:
            return int(value.strip())
        except ValueError:
            try:
                number = float(value.strip())
            except ValueError:
                raise ValueError('Value "%s" is not a number' % value) from None
    if not math.isfinite(number):  # nan and infinity pass float() but are no numbers
        raise ValueError('Value "%s" is not a number' % value)
    return number


def to_bool(value):
    """True or False from a boolean or its text (true/false, yes/no, on/off, 1/0)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (dict, list)) or value is None:
        raise ValueError('Value must be a boolean, not %s' % _kind(value))
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError('Value "%s" is not a boolean' % value)


def to_string(value):
    """Text from text, a number or a boolean."""
    if isinstance(value, (dict, list)):
        raise ValueError('Value must be a string, not %s' % _kind(value))
    if isinstance(value, bool):
        return str(value).lower()
    return '' if value is None else str(value)


def to_list(value):
    """A list of strings from a list or a comma-delimited string."""
    if isinstance(value, list):
        items = value
    elif value is None or value == '':
        return []
    elif isinstance(value, (dict, bool)):
        raise ValueError('Value must be a comma-delimited list, not %s' % _kind(value))
    else:
        return [v.strip() for v in str(value).split(',')]
    out = []
    for item in items:
        if isinstance(item, (dict, list)):
            raise ValueError('Value must be a list of strings, not a list holding %s'
                             % _kind(item))
        out.append(to_string(item))
    return out


def to_json(value):
    """A map or list from itself or its JSON text (empty text: an empty map)."""
    if isinstance(value, str):
        if not value.strip():
            return {}
        try:
            return json.loads(value)
        except ValueError as exc:
            raise ValueError('Value must be valid JSON: %s' % exc) from None
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        raise ValueError('Value must be valid JSON') from None
    return value


def _kind(value) -> str:
    return {dict: 'a map', list: 'a list', str: 'a string', bool: 'a boolean',
            int: 'a number', float: 'a number', type(None): 'null'}.get(
                type(value), type(value).__name__)


# -- checks used by validation ------------------------------------------------

def declaration_problems(param: Parameter) -> list[tuple[tuple, str]]:
    """``[(path, message)]`` for what is wrong with the declaration itself,
    whatever the value: custom constraints that no plugin provides."""
    out = []
    for constraint in param.constraints:
        if isinstance(constraint, c.CustomConstraint) and not constraint.exists():
            out.append((constraint.path or param.path,
                        'Parameter "%s": unknown custom constraint "%s"%s' % (
                            param.name, constraint.name,
                            did_you_mean(constraint.name, c.constraint_names()))))
    return out


def check_value(param: Parameter, raw: Any, cloud=None) -> tuple[Any, list[str]]:
    """``(typed value, messages)`` for a value given to ``param``; the value
    is None when it cannot be converted to the parameter's type."""
    try:
        value = param.convert(raw)
    except ValueError as exc:
        return None, param.masked(['Parameter "%s": %s' % (param.name, exc)], raw)
    return value, ['Parameter "%s": %s' % (param.name, msg) for msg in param.check(value, cloud)]


def check_default(param: Parameter, cloud=None) -> tuple[Any, list[str]]:
    """``(typed default, messages)``: a declared default must be valid for
    the parameter's type and constraints (AWS and Heat refuse the template
    otherwise, whether or not a value is given)."""
    if not param.has_default or param.default is None:
        return None, []
    try:
        value = param.convert(param.default)
    except ValueError as exc:
        return None, param.masked(
            ['Parameter "%s": the default is invalid: %s' % (param.name, exc)], param.default)
    return value, ['Parameter "%s": the default is invalid: %s' % (param.name, msg)
                   for msg in param.check(value, cloud)]
