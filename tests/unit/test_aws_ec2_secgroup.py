"""AWS::EC2::SecurityGroup on the simulated cloud."""

from tests.unit.test_aws_common import AwsTestCase

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
