"""Shared helpers of the AWS resource tests (a real engine on a real
database with the simulated cloud), and what every AWS family shares."""

import textwrap

from tests import base

HEADER = 'AWSTemplateFormatVersion: "2010-09-09"\n'


def template(resources: str, outputs: str = '') -> str:
    """A CloudFormation template from the (dedented) Resources and Outputs bodies."""
    text = HEADER + 'Resources:\n' + textwrap.indent(textwrap.dedent(resources), '  ')
    if outputs:
        text += 'Outputs:\n' + textwrap.indent(textwrap.dedent(outputs), '  ')
    return text


class AwsTestCase(base.EngineTestCase):
    """An engine service whose cloud is the simulated one on the test's database."""

    def setUp(self):
        super().setUp()
        self.cloud = self.service.cloud

    def stack(self, resources: str, outputs: str = '', name='stack', **kwargs) -> dict:
        return self.create(template(resources, outputs), name=name, **kwargs)

    def update(self, resources: str, outputs: str = '', name='stack', **kwargs) -> None:
        if getattr(self.service, 'update_stack', None) is None:
            self.skipTest('the engine service has no update_stack yet')
        self.service.update_stack(self.ctx, name, template(resources, outputs),
                                  template_name='template.yaml', wait=True, **kwargs)

    def resource(self, resource: str, name='stack') -> dict:
        found = [r for r in self.service.list_resources(self.ctx, name)
                 if r['resource_name'] == resource]
        return found[0]

    def physical_id(self, resource: str, name='stack') -> str:
        return self.resource(resource, name)['physical_resource_id']

    def reason(self, resource: str, name='stack') -> str:
        return self.resource(resource, name)['resource_status_reason']

    def outputs(self, name='stack') -> dict:
        return {o['output_key']: o['output_value']
                for o in self.service.show_stack(self.ctx, name)['outputs']}

    def live(self, kind=None) -> list:
        """``[(type, id)]`` of what the cloud holds."""
        return [(o['type'], o['id']) for o in self.cloud.live_objects(kind)]

    def delete(self, name='stack') -> None:
        self.service.delete_stack(self.ctx, name, wait=True)


EVERYTHING = '''
    Group:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: web
        SecurityGroupIngress: [{IpProtocol: tcp, FromPort: "80", ToPort: "80", CidrIp: 0.0.0.0/0}]
    Server:
      Type: AWS::EC2::Instance
      Properties:
        ImageId: F18-x86_64-cfntools
        InstanceType: m1.small
        SecurityGroups: [!Ref Group]
    Data:
      Type: AWS::EC2::Volume
      Properties: {Size: 1, AvailabilityZone: !GetAtt Server.AvailabilityZone}
    Mount:
      Type: AWS::EC2::VolumeAttachment
      Properties: {InstanceId: !Ref Server, VolumeId: !Ref Data, Device: /dev/vdb}
    Address:
      Type: AWS::EC2::EIP
    Association:
      Type: AWS::EC2::EIPAssociation
      Properties: {InstanceId: !Ref Server, EIP: !Ref Address}
    Policy:
      Type: OS::Heat::AccessPolicy
      Properties: {AllowedResources: [Server]}
    User:
      Type: AWS::IAM::User
      Properties: {Policies: [!Ref Policy]}
    Key:
      Type: AWS::IAM::AccessKey
      Properties: {UserName: !Ref User}
    Bucket:
      Type: AWS::S3::Bucket
'''


class EveryFamilyTest(AwsTestCase):

    def test_every_type_creates_on_the_simulated_cloud(self):
        self.stack(EVERYTHING)
        self.assertEqual({'CREATE_COMPLETE'}, set(self.resource_statuses().values()))

    def test_physical_ids_are_the_clouds_object_ids(self):
        self.stack(EVERYTHING)
        live = set(self.live())
        self.assertEqual(set(), {(kind, self.physical_id(name)) for name, kind in (
            ('Group', 'security_group'), ('Server', 'server'), ('Data', 'volume'),
            ('Mount', 'volume_attachment'), ('Address', 'floating_ip'), ('User', 'user'),
            ('Key', 'ec2_credential'), ('Bucket', 'container'))} - live)

    def test_deleting_the_stack_leaves_nothing_in_the_cloud(self):
        self.stack(EVERYTHING)
        self.delete()
        self.assertEqual([], self.live())

    def test_a_failure_half_way_rolls_back_to_nothing(self):
        self.cloud.inject_fault('create_volume_attachment', message='Cinder is down')
        self.stack(EVERYTHING)
        events = self.event_words()
        self.assertEqual(('ROLLBACK_COMPLETE', [], True, True),
                         (self.status(), self.live(), 'Server CREATE_COMPLETE' in events,
                          'Mount CREATE_FAILED' in events))


class PostgresEveryFamilyTest(EveryFamilyTest):
    backend = 'postgresql'
