"""AWS::EC2::SecurityGroup on the simulated cloud."""

from heat_core.errors import TemplateInvalid
from tests.unit.test_aws_common import AwsTestCase, template

GROUP = '''
    Group:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: Web servers
        SecurityGroupIngress:
          - {IpProtocol: tcp, FromPort: "80", ToPort: "80", CidrIp: 0.0.0.0/0}
          - {IpProtocol: icmp, FromPort: "-1", ToPort: "-1", CidrIp: 10.0.0.0/8}
'''
ANY_EGRESS = [('egress', 'IPv4', None, None, None, None, None),
              ('egress', 'IPv6', None, None, None, None, None)]


class SecurityGroupTest(AwsTestCase):

    def rules(self, name='Group'):
        group = self.cloud.get_security_group(self.physical_id(name))
        return sorted((r.direction, r.ethertype, r.protocol, r.port_range_min,
                       r.port_range_max, r.remote_ip_prefix, r.remote_group_id)
                      for r in group.security_group_rules)

    def test_the_group_has_the_description(self):
        self.stack(GROUP)
        group = self.cloud.get_security_group(self.physical_id('Group'))
        self.assertEqual(('Web servers', True),
                         (group.description, group.name.startswith('stack-Group-')))

    def test_ingress_rules_are_added_to_the_default_egress(self):
        self.stack(GROUP)
        self.assertEqual(ANY_EGRESS + [
            ('ingress', 'IPv4', 'icmp', None, None, '10.0.0.0/8', None),
            ('ingress', 'IPv4', 'tcp', 80, 80, '0.0.0.0/0', None)], self.rules())

    def test_egress_rules_replace_the_default_egress(self):
        self.stack('''
    Group:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: locked down
        SecurityGroupEgress: [{IpProtocol: tcp, FromPort: "443", ToPort: "443", CidrIp: 0.0.0.0/0}]
''')
        self.assertEqual([('egress', 'IPv4', 'tcp', 443, 443, '0.0.0.0/0', None)],
                         self.rules())

    def test_a_source_group_may_be_named(self):
        self.stack('''
    Group:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: from default
        SecurityGroupIngress: [{IpProtocol: tcp, FromPort: "22", ToPort: "22",
                                SourceSecurityGroupName: default}]
''')
        default = self.cloud.find_security_group('default').id
        self.assertIn(('ingress', 'IPv4', 'tcp', 22, 22, None, default), self.rules())

    def test_any_protocol_is_minus_one(self):
        self.stack('''
    Group:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: all
        SecurityGroupIngress: [{IpProtocol: "-1", CidrIp: 192.168.0.0/16}]
''')
        self.assertIn(('ingress', 'IPv4', None, None, None, '192.168.0.0/16', None),
                      self.rules())

    def test_changed_rules_are_updated_in_place(self):
        self.stack(GROUP)
        before = self.physical_id('Group')
        kept = [r.id for r in self.cloud.get_security_group(before).security_group_rules
                if r.protocol == 'tcp']
        self.update(GROUP.replace('IpProtocol: icmp, FromPort: "-1", ToPort: "-1"',
                                  'IpProtocol: tcp, FromPort: "22", ToPort: "22"'))
        rules = self.cloud.get_security_group(before).security_group_rules
        self.assertEqual((before, ANY_EGRESS + [
            ('ingress', 'IPv4', 'tcp', 22, 22, '10.0.0.0/8', None),
            ('ingress', 'IPv4', 'tcp', 80, 80, '0.0.0.0/0', None)], True),
            (self.physical_id('Group'), self.rules(), set(kept) <= {r.id for r in rules}))

    def test_a_new_description_replaces_the_group(self):
        self.stack(GROUP)
        before = self.physical_id('Group')
        self.update(GROUP.replace('Web servers', 'Frontends'))
        self.assertEqual([('security_group', self.physical_id('Group'))],
                         self.live('security_group'))
        self.assertNotEqual(before, self.physical_id('Group'))

    def test_delete_removes_the_group_and_its_rules(self):
        self.stack(GROUP)
        self.delete()
        self.assertEqual([], self.live())

    def test_a_group_in_use_fails_the_delete_with_neutrons_reason(self):
        self.stack(GROUP)
        group = self.physical_id('Group')
        image = self.cloud.find_image('cirros-0.6.2-x86_64-disk').id
        self.cloud.create_server('outsider', image, '1', security_groups=[group])
        self.delete()
        self.assertEqual(('DELETE_FAILED', 'Conflict: Security Group %s in use.' % group),
                         (self.status(), self.reason('Group')))


def group(*rules: str, section='SecurityGroupIngress') -> str:
    """A group with the given rules (YAML flow mappings)."""
    return """
    Group:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: Checked
        %s:
%s""" % (section, ''.join('          - %s\n' % r for r in rules))


class RuleValidationTest(AwsTestCase):

    def errors(self, resources) -> list:
        error = self.assertRaises(TemplateInvalid, self.service.create_stack, self.ctx, 's',
                                  template(resources), template_name='t.yaml')
        return [(i.path[-3:], i.message) for i in error.issues.errors]

    def test_a_port_that_is_not_a_number_is_refused(self):
        self.assertEqual([(('SecurityGroupIngress', 0, 'FromPort'),
                           'FromPort "http" is not a port: a number from -1 to 65535')],
                         self.errors(group('{IpProtocol: tcp, FromPort: http, ToPort: "80"}')))

    def test_a_port_out_of_range_is_refused(self):
        self.assertEqual([(('SecurityGroupEgress', 0, 'ToPort'),
                           'ToPort "70000" is not a port: a number from -1 to 65535')],
                         self.errors(group('{IpProtocol: udp, FromPort: "53", ToPort: "70000"}',
                                           section='SecurityGroupEgress')))

    def test_an_icmp_type_above_255_is_refused(self):
        self.assertEqual([(('SecurityGroupIngress', 0, 'FromPort'),
                           'FromPort "300" is not an ICMP type or code: a number from -1 to '
                           '255')],
                         self.errors(group('{IpProtocol: icmp, FromPort: "300", ToPort: "0"}')))

    def test_a_range_that_ends_before_it_starts_is_refused(self):
        self.assertEqual([(('SecurityGroupIngress', 0, 'ToPort'),
                           'ToPort 79 is lower than FromPort 80')],
                         self.errors(group('{IpProtocol: tcp, FromPort: "80", ToPort: "79"}')))

    def test_an_unknown_protocol_is_refused(self):
        self.assertEqual([(('SecurityGroupIngress', 0, 'IpProtocol'),
                           'IpProtocol "tcpip" is not a protocol name (tcp, udp, icmp, ...), a '
                           'number from 0 to 255, or -1 for all')],
                         self.errors(group('{IpProtocol: tcpip, FromPort: "1", ToPort: "2"}')))

    def test_a_bad_cidr_is_refused(self):
        self.assertEqual([(('SecurityGroupIngress', 0, 'CidrIp'),
                           'CidrIp "10.0.0.300/8" is not a CIDR block such as 10.0.0.0/8')],
                         self.errors(group('{IpProtocol: tcp, FromPort: "22", ToPort: "22", '
                                           'CidrIp: 10.0.0.300/8}')))

    def test_protocol_numbers_and_ipv6_blocks_are_accepted(self):
        self.stack(group('{IpProtocol: "6", FromPort: "443", ToPort: "443", CidrIp: "::/0"}',
                         '{IpProtocol: "-1", CidrIp: 192.168.0.0/16}'))
        rules = self.cloud.get_security_group(self.physical_id('Group')).security_group_rules
        self.assertEqual([('IPv4', None, None, '192.168.0.0/16'), ('IPv6', 'tcp', 443, '::/0')],
                         sorted((r.ethertype, r.protocol, r.port_range_min, r.remote_ip_prefix)
                                for r in rules if r.direction == 'ingress'))

    def test_a_bad_port_from_a_parameter_is_refused(self):
        text = template(group('{IpProtocol: tcp, FromPort: !Ref Port, ToPort: "80"}'))
        text = text.replace('Resources:', 'Parameters:\n  Port: {Type: String}\nResources:')
        error = self.assertRaises(TemplateInvalid, self.service.create_stack, self.ctx, 's',
                                  text, params={'Port': 'eighty'}, template_name='t.yaml')
        self.assertEqual(['FromPort "eighty" is not a port: a number from -1 to 65535'],
                         [i.message for i in error.issues.errors])

    def test_a_bad_port_known_only_at_create_fails_the_create_clearly(self):
        self.stack(group('{IpProtocol: tcp, FromPort: !GetAtt Port.value, ToPort: "80"}') + """
    Port:
      Type: OS::Heat::Value
      Properties: {value: eighty}
""", disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'FromPort "eighty" is not a port: a number from -1 '
                                           'to 65535'),
                         (self.status(), self.reason('Group')))
