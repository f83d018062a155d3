"""AWS::EC2::Instance on the simulated cloud, through the engine service."""

import base64
import time

from heat_core.errors import TemplateInvalid
from tests.unit.test_aws_common import AwsTestCase, template

WEB = '''
    Web:
      Type: AWS::EC2::Instance
      Properties:
        ImageId: F17-x86_64-cfntools
        InstanceType: m1.small
        KeyName: heat_key
'''


def web(**props) -> str:
    """The Web instance with extra properties (YAML flow values)."""
    extra = ''.join('        %s: %s\n' % item for item in props.items())
    return WEB + extra


class CreateTest(AwsTestCase):

    def server(self, name='Web'):
        return self.cloud.get_server(self.physical_id(name))

    def test_the_server_is_active_when_the_instance_is_created(self):
        self.stack(WEB)
        self.assertEqual(('CREATE_COMPLETE', 'ACTIVE'), (self.status(), self.server().status))

    def test_the_server_is_named_after_stack_and_resource(self):
        self.stack(WEB)
        self.assertRegex(self.server().name, r'^stack-Web-[0-9a-f]{12}$')

    def test_image_flavor_and_key_are_the_servers(self):
        self.stack(WEB)
        server = self.server()
        self.assertEqual((self.cloud.find_image('F17-x86_64-cfntools').id, 'm1.small',
                          'heat_key'),
                         (server.image['id'], server.flavor['original_name'], server.key_name))

    def test_the_image_may_be_given_by_id(self):
        image = self.cloud.find_image('U10-x86_64-cfntools').id
        self.stack(WEB.replace('F17-x86_64-cfntools', image))
        self.assertEqual(image, self.server().image['id'])

    def test_base64_user_data_is_decoded_for_the_server(self):
        self.stack(web(UserData='{"Fn::Base64": "#!/bin/bash\\necho hello\\n"}'))
        self.assertEqual('#!/bin/bash\necho hello\n',
                         base64.b64decode(self.server().user_data).decode())

    def test_plain_user_data_is_passed_as_it_is(self):
        self.stack(web(UserData='"echo plain text"'))
        self.assertEqual('echo plain text', base64.b64decode(self.server().user_data).decode())

    def test_tags_are_the_servers_metadata(self):
        self.stack(web(Tags='[{Key: role, Value: web}, {Key: tier, Value: "1"}]'))
        self.assertEqual({'role': 'web', 'tier': '1'}, self.server().metadata)

    def test_security_groups_may_be_references(self):
        self.stack(web(SecurityGroups='[!Ref Group]') + '''
    Group:
      Type: AWS::EC2::SecurityGroup
      Properties: {GroupDescription: web}
''')
        group = self.cloud.get_security_group(self.physical_id('Group'))
        self.assertEqual([{'name': group.name}], self.server().security_groups)

    def test_subnet_id_puts_the_server_on_a_port_of_that_subnet(self):
        subnet = self.cloud.find_subnet('private-subnet')
        self.stack(web(SubnetId=subnet.id))
        ports = self.cloud.server_ports(self.physical_id('Web'))
        self.assertEqual([subnet.id], [f['subnet_id'] for p in ports for f in p.fixed_ips])

    def test_the_availability_zone_and_addresses_are_attributes(self):
        self.stack(WEB, outputs='''
    Zone: {Value: !GetAtt Web.AvailabilityZone}
    Private: {Value: !GetAtt Web.PrivateIp}
    PrivateDns: {Value: !GetAtt Web.PrivateDnsName}
    Public: {Value: !GetAtt Web.PublicIp}
    PublicDns: {Value: !GetAtt Web.PublicDnsName}
''')
        self.assertEqual({'Zone': 'nova', 'Private': '10.0.0.2', 'PrivateDns': '10.0.0.2',
                          'Public': '10.0.0.2', 'PublicDns': '10.0.0.2'}, self.outputs())

    def test_volumes_are_attached_once_the_server_is_active(self):
        self.stack(web(Volumes='[{VolumeId: !Ref Data, Device: /dev/vdc}]') + '''
    Data:
      Type: AWS::EC2::Volume
      Properties: {Size: 1, AvailabilityZone: nova}
''')
        volume = self.cloud.get_volume(self.physical_id('Data'))
        self.assertEqual(('in-use', self.physical_id('Web'), '/dev/vdc'),
                         (volume.status, volume.attachments[0]['server_id'],
                          volume.attachments[0]['device']))

    def test_block_device_mappings_make_volumes_from_snapshots(self):
        source = self.cloud.create_volume(2)
        self.cloud.get_volume(source.id)
        snapshot = self.cloud.create_snapshot(source.id)
        self.cloud.get_snapshot(snapshot.id)
        self.stack(web(BlockDeviceMappings='[{DeviceName: vdb, Ebs: {SnapshotId: %s, '
                       'VolumeSize: "3"}}]' % snapshot.id))
        attached = self.server().attached_volumes
        volume = self.cloud.get_volume(attached[0]['id'])
        self.assertEqual((3, snapshot.id, '/dev/vdb', True),
                         (volume.size, volume.snapshot_id, volume.attachments[0]['device'],
                          attached[0]['delete_on_termination']))

    def test_cfn_init_metadata_is_the_resources_metadata(self):
        self.stack(WEB.replace('      Properties:', '''      Metadata:
        AWS::CloudFormation::Init:
          config:
            packages: {yum: {httpd: []}}
      Properties:'''))
        self.assertEqual({'AWS::CloudFormation::Init': {'config': {'packages': {
            'yum': {'httpd': []}}}}}, self.service.resource_metadata(self.ctx, 'stack', 'Web'))

    def test_the_create_waits_for_the_server_to_be_built(self):
        self.cloud.set_latency('create_server', 0.4)
        started = time.monotonic()
        self.stack(WEB)
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.assertGreaterEqual(time.monotonic() - started, 0.4)


class FailureTest(AwsTestCase):

    def test_a_server_in_error_fails_the_create_with_the_clouds_fault(self):
        self.cloud.inject_fault('create_server', 'error',
                                message='No valid host was found. There are not enough hosts '
                                'available.')
        self.stack(WEB, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'Went to status ERROR due to "Message: No valid host '
                          'was found. There are not enough hosts available., Code: 500"'),
                         (self.status(), self.reason('Web')))

    def test_an_exceeded_quota_is_a_clear_failure(self):
        self.config('cloud_sim', quota_instances=0)
        self.stack(WEB, disable_rollback=True)
        self.assertEqual('QuotaExceeded: Quota exceeded for instances: Requested 1, but already '
                         'used 0 of 0 instances', self.reason('Web'))

    def test_a_failed_create_rolls_back_and_leaves_nothing(self):
        self.cloud.inject_fault('create_server', nth=2, message='Boom')
        self.stack(WEB + WEB.replace('Web:', 'Db:') + '''
      DependsOn: Web
''')
        self.assertEqual(('ROLLBACK_COMPLETE', []), (self.status(), self.live()))

    def test_delete_removes_the_server_and_its_port(self):
        subnet = self.cloud.find_subnet('private-subnet')
        self.stack(web(SubnetId=subnet.id))
        self.delete()
        self.assertEqual([], self.live())

    def test_a_delete_the_cloud_rejects_fails_with_its_reason(self):
        self.stack(WEB)
        self.cloud.inject_fault('delete_server', message='Cannot delete: locked')
        self.delete()
        self.assertEqual(('DELETE_FAILED', 'CloudError: Cannot delete: locked'),
                         (self.status(), self.reason('Web')))

    def test_a_retried_delete_succeeds(self):
        row = self.stack(WEB)
        self.cloud.inject_fault('delete_server', message='Cannot delete: locked')
        self.delete()
        self.delete()
        self.assertEqual(('DELETE_COMPLETE', []),
                         (self.service.show_stack(self.ctx, row['id'])['stack_status'],
                          self.live()))

    def test_a_server_going_to_error_on_delete_fails_the_delete(self):
        self.stack(WEB)
        self.cloud.inject_fault('delete_server', 'error', message='hypervisor gone')
        self.delete()
        self.assertEqual('Went to status ERROR due to "Message: hypervisor gone, Code: 500"',
                         self.reason('Web'))


class ValidationTest(AwsTestCase):

    def errors(self, resources):
        error = self.assertRaises(TemplateInvalid, self.service.create_stack, self.ctx, 's',
                                  template(resources), template_name='t.yaml')
        return [i.message for i in error.issues.errors]

    def test_security_groups_and_network_interfaces_exclude_each_other(self):
        self.assertEqual(['Cannot define the following properties at the same time: '
                          'SecurityGroups/SecurityGroupIds, NetworkInterfaces.'],
                         self.errors(web(SecurityGroups='[default]',
                                         NetworkInterfaces='[port-1]')))

    def test_a_block_device_mapping_needs_ebs(self):
        self.assertEqual(['Ebs is missing, this is required when specifying '
                          'BlockDeviceMappings.'],
                         self.errors(web(BlockDeviceMappings='[{DeviceName: vdb}]')))

    def test_an_unknown_instance_type_is_refused(self):
        self.assertEqual(['Error validating value \'m1.huge\': The Flavor (m1.huge) could not '
                          'be found.'], self.errors(WEB.replace('m1.small', 'm1.huge')))

    def test_an_unknown_availability_zone_is_refused(self):
        self.assertEqual(["Error validating value 'mars': The Availability zone (mars) could "
                          "not be found."], self.errors(web(AvailabilityZone='mars')))

    def test_an_unknown_subnet_is_refused(self):
        self.assertEqual(["Error validating value 'nowhere': The Subnet (nowhere) could not "
                          "be found."], self.errors(web(SubnetId='nowhere')))


class UpdateTest(AwsTestCase):

    def test_a_new_instance_type_resizes_the_server_in_place(self):
        self.stack(WEB)
        before = self.physical_id('Web')
        self.update(WEB.replace('m1.small', 'm1.medium'))
        server = self.cloud.get_server(before)
        self.assertEqual(('UPDATE_COMPLETE', before, 'm1.medium', 'ACTIVE'),
                         (self.status(), self.physical_id('Web'),
                          server.flavor['original_name'], server.status))

    def test_new_tags_change_the_metadata_in_place(self):
        self.stack(web(Tags='[{Key: role, Value: web}]'))
        before = self.physical_id('Web')
        self.update(web(Tags='[{Key: role, Value: db}]'))
        self.assertEqual((before, {'role': 'db'}),
                         (self.physical_id('Web'), self.cloud.get_server(before).metadata))

    def test_a_new_image_replaces_the_server(self):
        self.stack(WEB)
        before = self.physical_id('Web')
        self.update(WEB.replace('F17', 'F18'))
        after = self.physical_id('Web')
        self.assertEqual(('UPDATE_COMPLETE', [('server', after)]),
                         (self.status(), self.live('server')))
        self.assertNotEqual(before, after)

    def test_a_failed_resize_fails_the_update(self):
        self.stack(WEB)
        self.cloud.inject_fault('resize_server', 'error')
        self.update(WEB.replace('m1.small', 'm1.medium'), disable_rollback=True)
        self.assertEqual(('UPDATE_FAILED', "Resizing to 'm1.medium' failed, status 'ERROR'"),
                         (self.status(), self.reason('Web')))

    def test_added_volumes_are_attached_in_place(self):
        volume = '''
    Data:
      Type: AWS::EC2::Volume
      Properties: {Size: 1, AvailabilityZone: nova}
'''
        self.stack(WEB + volume)
        before = self.physical_id('Web')
        self.update(web(Volumes='[{VolumeId: !Ref Data, Device: /dev/vdb}]') + volume)
        self.assertEqual((before, 'in-use'),
                         (self.physical_id('Web'),
                          self.cloud.get_volume(self.physical_id('Data')).status))


class SuspendResumeTest(AwsTestCase):

    def test_suspending_the_stack_suspends_the_server(self):
        self.stack(WEB)
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('SUSPEND_COMPLETE', 'SUSPENDED'),
                         (self.status(), self.cloud.get_server(self.physical_id('Web')).status))

    def test_resuming_the_stack_resumes_the_server(self):
        self.stack(WEB)
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        self.service.resume_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('RESUME_COMPLETE', 'ACTIVE'),
                         (self.status(), self.cloud.get_server(self.physical_id('Web')).status))
