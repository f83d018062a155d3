"""Which property changes of each AWS type update in place and which replace
the resource, checked against what CloudFormation documents for the type
("Update requires: No interruption / Some interruptions" = in place,
"Replacement" = replace).  Every property of every type is in the table,
so a new property has to be classified here.

Deliberate departures (as Heat does, and for the reason given):
- Instance ``UserData``: CloudFormation stops and starts the instance
  (some interruptions); Nova cannot change a server's user data, so the
  server is replaced.
- Volume ``AvailabilityZone`` and ``SnapshotId``: the current resource
  specification calls them mutable, but Cinder can neither move a volume
  between zones nor restore one in place: replaced (as the older
  "Update requires: Replacement" said).
- WaitCondition ``Count``/``Handle``/``Timeout``: "Updates are not
  supported"; a new wait condition replaces it (it waits anew).
- ``NOT_IMPLEMENTED`` properties are refused at validation (as in Heat), so
  their update behaviour never comes into play.
"""

from heat_core.resources import schema as sc
from heat_plugins.aws_cfn_stack.stack import CfnStack
from heat_plugins.aws_cfn_waitcondition.waitcondition import WaitCondition, WaitConditionHandle
from heat_plugins.aws_ec2_eip.eip import ElasticIp, ElasticIpAssociation
from heat_plugins.aws_ec2_instance.instance import Instance
from heat_plugins.aws_ec2_secgroup.security_group import SecurityGroup
from heat_plugins.aws_ec2_volume.volume import Volume, VolumeAttachment
from heat_plugins.aws_iam.access_policy import AccessPolicy
from heat_plugins.aws_iam.user import AccessKey, User
from heat_plugins.aws_s3.bucket import S3Bucket
from tests import base
from tests.unit.test_aws_common import AwsTestCase

IN_PLACE, REPLACE, NOT_IMPLEMENTED = 'in place', 'replace', 'not implemented'

UPDATES = {
    Instance: {
        'ImageId': REPLACE,                 # Replacement
        'InstanceType': IN_PLACE,           # Some interruptions: resize + confirm
        'KeyName': REPLACE,                 # Replacement
        'UserData': REPLACE,                # Some interruptions; see the module docstring
        'SecurityGroups': REPLACE,          # Replacement
        'SecurityGroupIds': IN_PLACE,       # No interruption (VPC): the ports' groups
        'AvailabilityZone': REPLACE,        # Replacement
        'SubnetId': REPLACE,                # Replacement
        'NetworkInterfaces': REPLACE,       # Replacement
        'Tags': IN_PLACE,                   # No interruption: server metadata
        'Volumes': IN_PLACE,                # No interruption: attach/detach the difference
        'BlockDeviceMappings': REPLACE,     # Replacement (but DeleteOnTermination alone)
        'NovaSchedulerHints': REPLACE,      # Heat extension: scheduling happens at boot
        'DisableApiTermination': NOT_IMPLEMENTED,
        'KernelId': NOT_IMPLEMENTED,
        'Monitoring': NOT_IMPLEMENTED,
        'PlacementGroupName': NOT_IMPLEMENTED,
        'PrivateIpAddress': NOT_IMPLEMENTED,
        'RamDiskId': NOT_IMPLEMENTED,
        'SourceDestCheck': NOT_IMPLEMENTED,
        'Tenancy': NOT_IMPLEMENTED,
    },
    Volume: {
        'AvailabilityZone': REPLACE,        # see the module docstring
        'Size': IN_PLACE,                   # No interruption: extend
        'SnapshotId': REPLACE,              # see the module docstring
        'Tags': IN_PLACE,                   # No interruption: volume metadata
    },
    VolumeAttachment: {
        'InstanceId': REPLACE, 'VolumeId': REPLACE, 'Device': REPLACE,   # Replacement
    },
    ElasticIp: {
        'Domain': REPLACE,                  # Replacement
        'InstanceId': IN_PLACE,             # No interruption: moves the address
    },
    ElasticIpAssociation: {
        'InstanceId': REPLACE, 'EIP': REPLACE, 'AllocationId': REPLACE,
        'NetworkInterfaceId': REPLACE,      # all Replacement
    },
    SecurityGroup: {
        'GroupDescription': REPLACE,        # Replacement
        'VpcId': REPLACE,                   # Replacement
        'SecurityGroupIngress': IN_PLACE,   # No interruption: the rules' difference
        'SecurityGroupEgress': IN_PLACE,    # No interruption
    },
    S3Bucket: {
        'AccessControl': IN_PLACE,          # No interruption: container ACLs
        'WebsiteConfiguration': IN_PLACE,   # No interruption
        'Tags': IN_PLACE,                   # No interruption
    },
    User: {
        'Path': IN_PLACE, 'Groups': IN_PLACE, 'LoginProfile': IN_PLACE,
        'Policies': IN_PLACE,               # all No interruption
    },
    AccessKey: {
        'Serial': REPLACE,                  # Replacement: a new key
        'UserName': REPLACE,                # Replacement
        'Status': NOT_IMPLEMENTED,
    },
    AccessPolicy: {
        'AllowedResources': REPLACE,        # Heat's type; as Heat
    },
    WaitConditionHandle: {},
    WaitCondition: {
        'Handle': REPLACE, 'Timeout': REPLACE, 'Count': REPLACE,   # see the docstring
    },
    CfnStack: {
        'TemplateURL': IN_PLACE, 'TimeoutInMinutes': IN_PLACE,
        'Parameters': IN_PLACE,             # No interruption: the nested stack is updated
    },
}


def behaviour(prop: sc.Schema) -> str:
    if not prop.implemented:
        return NOT_IMPLEMENTED
    return IN_PLACE if prop.update_allowed else REPLACE


class UpdatePolicyTableTest(base.TestCase):

    def test_every_property_is_classified(self):
        self.assertEqual({cls.__name__: sorted(table) for cls, table in UPDATES.items()},
                         {cls.__name__: sorted(cls.properties_schema) for cls in UPDATES})

    def test_each_property_updates_as_cloudformation_documents(self):
        actual = {(cls.__name__, name): behaviour(prop)
                  for cls in UPDATES for name, prop in cls.properties_schema.items()}
        expected = {(cls.__name__, name): how
                    for cls, table in UPDATES.items() for name, how in table.items()}
        self.assertEqual(expected, actual)


class UpdateBehaviourTest(AwsTestCase):
    """The flags are what the engine goes by: an in-place change keeps the
    physical resource, another replaces it."""

    SERVER = '''
        Server:
          Type: AWS::EC2::Instance
          Properties:
            ImageId: %s
            InstanceType: m1.small
            Tags: [{Key: role, Value: %s}]
    '''

    def test_a_tag_change_keeps_the_server(self):
        self.stack(self.SERVER % ('F18-x86_64-cfntools', 'web'))
        before = self.physical_id('Server')
        self.update(self.SERVER % ('F18-x86_64-cfntools', 'db'))
        self.assertEqual(('UPDATE_COMPLETE', before, {'role': 'db'}),
                         (self.status(), self.physical_id('Server'),
                          dict(self.cloud.get_server(before).metadata)))

    def test_an_image_change_replaces_the_server(self):
        self.stack(self.SERVER % ('F18-x86_64-cfntools', 'web'))
        before = self.physical_id('Server')
        self.update(self.SERVER % ('F17-x86_64-cfntools', 'web'))
        after = self.physical_id('Server')
        self.assertEqual(('UPDATE_COMPLETE', True, [('server', after)]),
                         (self.status(), after != before, self.live('server')))
