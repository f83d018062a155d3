"""AWS::EC2::SecurityGroup (see the package docstring)."""

from __future__ import annotations

import ipaddress

from heat_core.clouds.errors import Conflict, NotFound, ignore_not_found
from heat_core.resources.resource import Resource
from heat_core.resources.runtime import ResourceFailure
from heat_core.resources.schema import LIST, MAP, STRING, Schema
from heat_core.template import functions as fn

_RULE = {
    'CidrIp': Schema(STRING),
    'FromPort': Schema(STRING),
    'ToPort': Schema(STRING),
    'IpProtocol': Schema(STRING),
    'SourceSecurityGroupId': Schema(STRING),
    'SourceSecurityGroupName': Schema(STRING),
    'SourceSecurityGroupOwnerId': Schema(STRING, implemented=False),
}

#: the rules Neutron gives a new group
DEFAULT_EGRESS = [
    {'direction': 'egress', 'ethertype': 'IPv4', 'protocol': None, 'port_range_min': None,
     'port_range_max': None, 'remote_ip_prefix': None, 'remote_group_id': None},
    {'direction': 'egress', 'ethertype': 'IPv6', 'protocol': None, 'port_range_min': None,
     'port_range_max': None, 'remote_ip_prefix': None, 'remote_group_id': None},
]
_KEYS = tuple(DEFAULT_EGRESS[0])
_PROTOCOL_NAMES = {'6': 'tcp', '17': 'udp', '1': 'icmp'}


#: protocol names Neutron accepts (besides numbers 0-255 and -1 for any)
PROTOCOLS = frozenset({
    'ah', 'any', 'dccp', 'egp', 'esp', 'gre', 'hopopt', 'icmp', 'icmpv6', 'igmp', 'ipip',
    'ipv6-encap', 'ipv6-frag', 'ipv6-icmp', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'ospf',
    'pgm', 'rsvp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp'})
_ICMP = ('icmp', 'icmpv6', 'ipv6-icmp', '1', '58')


def _port(value):
    if value in (None, ''):
        return None
    port = int(value)
    return None if port < 0 else port


def _number(value) -> int | None:
    """``value`` as an integer, or None when it is not one."""
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def rule_problems(rule: dict) -> list[tuple[str, str]]:
    """``(key, message)`` for each thing wrong with one ingress or egress
    rule as a template gives it (values still unknown are left alone)."""
    problems = []
    protocol = rule.get('IpProtocol')
    if isinstance(protocol, (str, int)) and not isinstance(protocol, bool):
        name = str(protocol).strip().lower()
        number = _number(name)
        if name not in ('', '-1') and name not in PROTOCOLS and not (
                number is not None and 0 <= number <= 255):
            problems.append(('IpProtocol', 'IpProtocol "%s" is not a protocol name (tcp, udp, '
                                           'icmp, ...), a number from 0 to 255, or -1 for '
                                           'all' % protocol))
        protocol = name
    else:
        protocol = None
    ports = {}
    highest = 255 if protocol in _ICMP else 65535
    for key in ('FromPort', 'ToPort'):
        value = rule.get(key)
        if value in (None, '') or not isinstance(value, (str, int)):
            continue
        number = _number(value)
        if number is None or not -1 <= number <= highest:
            what = 'an ICMP type or code' if highest == 255 else 'a port'
            problems.append((key, '%s "%s" is not %s: a number from -1 to %d'
                             % (key, value, what, highest)))
        else:
            ports[key] = number
    low, high = ports.get('FromPort'), ports.get('ToPort')
    if protocol not in _ICMP and low is not None and high is not None and 0 <= high < low:
        problems.append(('ToPort', 'ToPort %d is lower than FromPort %d' % (high, low)))
    cidr = rule.get('CidrIp')
    if isinstance(cidr, str) and cidr:
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            problems.append(('CidrIp', 'CidrIp "%s" is not a CIDR block such as 10.0.0.0/8'
                             % cidr))
    return problems


class SecurityGroup(Resource):
    """A security group: ingress and egress rules for the instances in it."""

    properties_schema = {
        'GroupDescription': Schema(STRING, 'Description of the security group.',
                                   required=True),
        'VpcId': Schema(STRING, 'Physical ID of the VPC. Not implemented.'),
        'SecurityGroupIngress': Schema(
            LIST, 'List of security group ingress rules.', update_allowed=True,
            schema=Schema(MAP, 'An ingress rule.', schema=_RULE)),
        'SecurityGroupEgress': Schema(
            LIST, 'List of security group egress rules.', update_allowed=True,
            schema=Schema(MAP, 'An egress rule.', schema=_RULE)),
    }

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = fn.try_resolve(definition.properties, ctx.scope, None)
        if not isinstance(props, dict):
            return
        path = definition.key_path('properties')
        for section in ('SecurityGroupIngress', 'SecurityGroupEgress'):
            rules = props.get(section)
            for i, rule in enumerate(rules if isinstance(rules, list) else ()):
                if isinstance(rule, dict):
                    for key, message in rule_problems(rule):
                        ctx.issues.error(path + (section, i, key), message)

    # -- rules --------------------------------------------------------------------------------
    def _neutron_rule(self, rule: dict, direction: str) -> dict:
        problems = rule_problems(rule)
        if problems:
            raise ResourceFailure('; '.join(message for _, message in problems))
        protocol = rule.get('IpProtocol')
        protocol = None if protocol in (None, '', '-1') else str(protocol).lower()
        protocol = _PROTOCOL_NAMES.get(protocol, protocol)
        remote_group = rule.get('SourceSecurityGroupId')
        name = rule.get('SourceSecurityGroupName')
        if remote_group is None and name:
            group = self.cloud.find_security_group(name)
            if group is None:
                raise ResourceFailure('Security group %s not found' % name)
            remote_group = group.id
        cidr = rule.get('CidrIp') or None
        return {'direction': direction, 'ethertype': 'IPv6' if cidr and ':' in cidr else 'IPv4',
                'protocol': protocol,
                'port_range_min': _port(rule.get('FromPort')) if protocol else None,
                'port_range_max': _port(rule.get('ToPort')) if protocol else None,
                'remote_ip_prefix': None if remote_group else cidr,
                'remote_group_id': remote_group}

    def _wanted(self, props) -> list[dict]:
        rules = [self._neutron_rule(r, 'ingress')
                 for r in props.get('SecurityGroupIngress') or ()]
        egress = props.get('SecurityGroupEgress')
        if egress is None:
            rules += [dict(r) for r in DEFAULT_EGRESS]
        else:
            rules += [self._neutron_rule(r, 'egress') for r in egress]
        return rules

    def _apply(self, wanted: list[dict]) -> None:
        """Make the group's rules exactly ``wanted``."""
        cloud = self.cloud
        existing = cloud.get_security_group(self.resource_id).security_group_rules
        for rule in existing:
            if {k: rule.get(k) for k in _KEYS} not in wanted:
                with ignore_not_found():
                    cloud.delete_security_group_rule(rule['id'])
        have = [{k: r.get(k) for k in _KEYS} for r in existing]
        for rule in wanted:
            if rule not in have:
                try:
                    cloud.create_security_group_rule(self.resource_id, **rule)
                except Conflict:
                    pass        # the same rule twice in the template, or made before a retry
                have.append(rule)

    # -- handlers -----------------------------------------------------------------------------
    def handle_create(self):
        cloud = self.cloud
        group = None
        if self.resource_id is not None:        # a retried create: adopt the group
            with ignore_not_found():
                group = cloud.get_security_group(self.resource_id)
        name = self.data.get('group_name')
        if group is None and name is not None:
            # an earlier attempt may have made it before the engine went down
            group = next((g for g in cloud.security_groups() if g.name == name), None)
        elif name is None:
            name = self.physical_resource_name()
            self.data_set('group_name', name)
        if group is None:
            group = cloud.create_security_group(name, self.properties['GroupDescription'])
        self.resource_id_set(group.id)
        self._apply(self._wanted(self.properties))

    def handle_update(self, new_definition, prop_diff):
        props = dict(self.properties)
        props.update(prop_diff)
        self._apply(self._wanted(props))

    def handle_delete(self):
        if self.resource_id is None:
            return
        with ignore_not_found():
            self.cloud.delete_security_group(self.resource_id)

    def show_attribute(self):
        if self.resource_id is None:
            return None
        try:
            return dict(self.cloud.get_security_group(self.resource_id))
        except NotFound:
            return None
