"""AWS::EC2::EIP and AWS::EC2::EIPAssociation on the simulated cloud."""

from heat_core.errors import TemplateInvalid
from tests.unit.test_aws_common import AwsTestCase, template

WEB = '''
    Web:
      Type: AWS::EC2::Instance
      Properties: {ImageId: F17-x86_64-cfntools, InstanceType: m1.small}
'''
ADDRESS = '''
    Address:
      Type: AWS::EC2::EIP
'''
ATTACHED_ADDRESS = '''
    Address:
      Type: AWS::EC2::EIP
      Properties: {InstanceId: !Ref Web}
'''
ASSOCIATION = '''
    Association:
      Type: AWS::EC2::EIPAssociation
      Properties: {InstanceId: !Ref Web, EIP: !Ref Address}
'''


class ElasticIpTest(AwsTestCase):

    def test_an_address_is_allocated_from_the_public_network(self):
        self.stack(ADDRESS)
        fip = self.cloud.get_floating_ip(self.physical_id('Address'))
        self.assertEqual(('172.24.4.2', self.cloud.find_network('public').id),
                         (fip.floating_ip_address, fip.floating_network_id))

    def test_ref_is_the_address_and_allocation_id_the_floating_ip(self):
        self.stack(ADDRESS, outputs='''
    Ip: {Value: !Ref Address}
    Allocation: {Value: !GetAtt Address.AllocationId}
''')
        self.assertEqual({'Ip': '172.24.4.2', 'Allocation': self.physical_id('Address')},
                         self.outputs())

    def test_instance_id_points_the_address_at_the_instance(self):
        self.stack(WEB + ATTACHED_ADDRESS)
        port = self.cloud.server_ports(self.physical_id('Web'))[0]
        self.assertEqual(port.id, self.cloud.get_floating_ip(self.physical_id('Address')).port_id)

    def test_the_public_ip_of_the_instance_is_then_the_address(self):
        self.stack(WEB + ATTACHED_ADDRESS, outputs='''
    Public: {Value: !GetAtt Web.PublicIp}
    Private: {Value: !GetAtt Web.PrivateIp}
''')
        self.assertEqual({'Public': '172.24.4.2', 'Private': '10.0.0.2'}, self.outputs())

    def test_delete_releases_the_address(self):
        self.stack(WEB + ATTACHED_ADDRESS)
        self.delete()
        self.assertEqual([], self.live())

    def test_an_exceeded_quota_is_neutrons_message(self):
        self.config('cloud_sim', quota_floating_ips=0)
        self.stack(ADDRESS, disable_rollback=True)
        self.assertEqual("QuotaExceeded: Quota exceeded for resources: ['floatingip'].",
                         self.reason('Address'))

    def test_a_new_instance_moves_the_address_in_place(self):
        other = WEB.replace('Web:', 'Other:')
        self.stack(WEB + other + ATTACHED_ADDRESS)
        before = self.physical_id('Address')
        self.update(WEB + other + ATTACHED_ADDRESS.replace('!Ref Web', '!Ref Other'))
        port = self.cloud.server_ports(self.physical_id('Other'))[0]
        self.assertEqual((before, port.id),
                         (self.physical_id('Address'), self.cloud.get_floating_ip(before).port_id))

    def test_removing_the_instance_disassociates_the_address(self):
        self.stack(WEB + ATTACHED_ADDRESS)
        self.update(WEB + ADDRESS)
        self.assertIsNone(self.cloud.get_floating_ip(self.physical_id('Address')).port_id)


class AssociationTest(AwsTestCase):

    def test_the_association_points_the_address_at_the_instance(self):
        self.stack(WEB + ADDRESS + ASSOCIATION)
        port = self.cloud.server_ports(self.physical_id('Web'))[0]
        fip = self.cloud.get_floating_ip(self.physical_id('Address'))
        self.assertEqual((port.id, '10.0.0.2', 'ACTIVE'),
                         (fip.port_id, fip.fixed_ip_address, fip.status))

    def test_its_physical_id_is_the_address(self):
        self.stack(WEB + ADDRESS + ASSOCIATION)
        self.assertEqual('172.24.4.2', self.physical_id('Association'))

    def test_an_allocation_id_works_too(self):
        self.stack(WEB + ADDRESS + '''
    Association:
      Type: AWS::EC2::EIPAssociation
      Properties: {InstanceId: !Ref Web, AllocationId: !GetAtt Address.AllocationId}
''')
        self.assertEqual(self.cloud.server_ports(self.physical_id('Web'))[0].id,
                         self.cloud.get_floating_ip(self.physical_id('Address')).port_id)

    def test_a_network_interface_works_too(self):
        net = self.cloud.find_network('private')
        port = self.cloud.create_port(net.id)
        self.stack(ADDRESS + '''
    Association:
      Type: AWS::EC2::EIPAssociation
      Properties: {NetworkInterfaceId: %s, AllocationId: !GetAtt Address.AllocationId}
''' % port.id)
        self.assertEqual(port.id, self.cloud.get_floating_ip(self.physical_id('Address')).port_id)

    def test_deleting_the_association_disassociates_the_address(self):
        self.stack(WEB + ADDRESS + ASSOCIATION)
        address = self.physical_id('Address')
        self.update(WEB + ADDRESS)
        self.assertIsNone(self.cloud.get_floating_ip(address).port_id)

    def test_deleting_everything_leaves_nothing(self):
        self.stack(WEB + ADDRESS + ASSOCIATION)
        self.delete()
        self.assertEqual([], self.live())

    def errors(self, association):
        error = self.assertRaises(TemplateInvalid, self.service.create_stack, self.ctx, 's',
                                  template(WEB + ADDRESS + association),
                                  template_name='t.yaml')
        return [i.message for i in error.issues.errors]

    def test_either_eip_or_allocation_id(self):
        self.assertEqual(["Either 'EIP' or 'AllocationId' must be provided."],
                         self.errors('''
    Association:
      Type: AWS::EC2::EIPAssociation
      Properties: {InstanceId: !Ref Web}
'''))

    def test_an_eip_needs_an_instance(self):
        self.assertEqual(["Must specify 'InstanceId' if you specify 'EIP'.",
                          'At least one of the following properties must be specified: '
                          'InstanceId, NetworkInterfaceId.'], self.errors('''
    Association:
      Type: AWS::EC2::EIPAssociation
      Properties: {EIP: !Ref Address}
'''))
