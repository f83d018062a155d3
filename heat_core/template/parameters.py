"""Template parameters: their declared schema and the checking of values.

Both formats read their own spelling into :class:`Parameter` (canonical
CloudFormation type names: ``String``, ``Number``, ``CommaDelimitedList``,
``List<Number>``, ``Json``, ``Boolean`` and the ``AWS::...`` types), so
conversion and constraint checks are written once here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from heat_core import constraints as c

STRING, NUMBER, LIST, NUMBER_LIST, JSON, BOOLEAN = (
    'String', 'Number', 'CommaDelimitedList', 'List<Number>', 'Json', 'Boolean')

# AWS-specific parameter types and the custom constraint that checks a value
# against the cloud.
AWS_TYPES = {
    'AWS::EC2::KeyPair::KeyName': 'nova.keypair',
    'AWS::EC2::Image::Id': 'glance.image',
    'AWS::EC2::Instance::Id': 'nova.server',
    'AWS::EC2::AvailabilityZone::Name': 'nova.availability_zone',
    'AWS::EC2::SecurityGroup::Id': 'neutron.security_group',
    'AWS::EC2::SecurityGroup::GroupName': 'neutron.security_group',
    'AWS::EC2::Subnet::Id': 'neutron.subnet',
    'AWS::EC2::VPC::Id': 'neutron.network',
    'AWS::EC2::Volume::Id': 'cinder.volume',
}

MASK = '******'

_TRUE = ('true', '1', 'yes', 'on', 't', 'y')
_FALSE = ('false', '0', 'no', 'off', 'f', 'n')


@dataclass
class Parameter:
    """One declared parameter."""
    name: str
    type: str = STRING
    default: Any = None
    has_default: bool = False
    no_echo: bool = False
    description: str = ''
    label: str | None = None
    constraints: list = field(default_factory=list)
    constraint_description: str | None = None
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
        return AWS_TYPES.get(self.item_type or self.type)

    def convert(self, value: Any) -> Any:
        """The typed value; raises ValueError with a user-facing message."""
        t = self.type
        if t == NUMBER:
            return to_number(value)
        if t == BOOLEAN:
            return to_bool(value)
        if t == JSON:
            if isinstance(value, (dict, list)):
                return value
            if isinstance(value, str):
                if not value.strip():
                    return {}
                try:
                    return json.loads(value)
                except ValueError as exc:
                    raise ValueError('Value must be valid JSON: %s' % exc) from None
            raise ValueError('Value must be valid JSON')
        if t == LIST or self.item_type:
            items = to_list(value)
            if self.item_type == 'Number':
                return [to_number(v) for v in items]
            return items
        if isinstance(value, (dict, list)):
            raise ValueError('Value must be a string')
        if isinstance(value, bool):
            return str(value).lower()
        return '' if value is None else str(value)

    def check(self, value: Any, cloud=None) -> list[str]:
        """Messages for every constraint the (converted) value fails."""
        problems = []
        if self.type == NUMBER_LIST or (self.item_type and self.type != LIST):
            for item in value:
                problems += c.check_all(self.constraints, item, cloud)
        else:
            problems += c.check_all(self.constraints, value, cloud)
        name = self.custom_constraint()
        if name and cloud is not None:
            for item in (value if isinstance(value, list) else [value]):
                msg = c.CustomConstraint(name).check(item, cloud)
                if msg:
                    problems.append(msg)
        if problems and self.constraint_description:
            return [self.constraint_description]
        return problems

    def shown(self, value: Any) -> Any:
        """The value as it may be displayed (NoEcho / hidden masked)."""
        return MASK if self.no_echo else value


def to_number(value):
    if isinstance(value, bool):
        raise ValueError('Value "%s" is not a number' % value)
    if isinstance(value, (int, float)):
        return value
    try:
        text = str(value).strip()
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            raise ValueError('Value "%s" is not a number' % value) from None


def to_bool(value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError('Value "%s" is not a boolean' % value)


def to_list(value):
    if isinstance(value, list):
        return value
    if value is None or value == '':
        return []
    if isinstance(value, (dict, bool)):
        raise ValueError('Value must be a comma-delimited list')
    return [v.strip() for v in str(value).split(',')]
