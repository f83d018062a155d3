"""AWS::IAM::User, AWS::IAM::AccessKey and OS::Heat::AccessPolicy on the
simulated cloud's identity service."""

import json

from heat_core.errors import TemplateInvalid
from tests.unit.test_aws_common import AwsTestCase, template

USER = '''
    User:
      Type: AWS::IAM::User
      Properties:
        LoginProfile: {Password: s3cret}
'''
KEY = '''
    Key:
      Type: AWS::IAM::AccessKey
      Properties: {UserName: !Ref User}
'''
POLICY = '''
    Policy:
      Type: OS::Heat::AccessPolicy
      Properties: {AllowedResources: [Thing]}
    Thing:
      Type: OS::Heat::None
'''


class UserTest(AwsTestCase):

    def test_the_user_is_a_stack_user_of_the_identity_service(self):
        self.stack(USER)
        user = self.cloud.get_user(self.physical_id('User'))
        self.assertEqual(('heat', 'tenant-a', True),
                         (user.domain_id, user.default_project_id, user.is_enabled))

    def test_ref_is_the_user_name(self):
        self.stack(USER, outputs='Name: {Value: !Ref User}\n')
        self.assertEqual(self.cloud.get_user(self.physical_id('User')).name,
                         self.outputs()['Name'])

    def test_delete_removes_the_user_and_the_keys(self):
        self.stack(USER + KEY)
        self.delete()
        self.assertEqual([], self.live())

    def test_policies_must_be_access_policies_of_the_stack(self):
        self.stack(POLICY + '''
    User:
      Type: AWS::IAM::User
      Properties: {Policies: [Thing]}
''', disable_rollback=True)
        self.assertEqual('The Referenced Attribute (User Policies) is incorrect.',
                         self.reason('User'))

    def test_access_is_what_the_policies_allow(self):
        row = self.stack(POLICY + '''
    User:
      Type: AWS::IAM::User
      Properties: {Policies: [!Ref Policy, {Statement: ignored}]}
''')
        user = self.service._load(row).resources['User']
        self.assertEqual((True, False), (user.access_allowed('Thing'),
                                         user.access_allowed('Policy')))

    def test_suspending_the_stack_disables_the_user(self):
        self.stack(USER)
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        self.assertFalse(self.cloud.get_user(self.physical_id('User')).is_enabled)

    def test_resuming_the_stack_enables_the_user(self):
        self.stack(USER)
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        self.service.resume_stack(self.ctx, 'stack', wait=True)
        self.assertTrue(self.cloud.get_user(self.physical_id('User')).is_enabled)

    def test_a_new_password_updates_the_user_in_place(self):
        self.stack(USER)
        before = self.physical_id('User')
        self.update(USER.replace('s3cret', 'n3w'))
        self.assertEqual(('UPDATE_COMPLETE', before), (self.status(), self.physical_id('User')))


class AccessKeyTest(AwsTestCase):

    def test_the_key_is_ec2_credentials_of_the_user(self):
        self.stack(USER + KEY)
        credential = self.cloud.get_ec2_credential(self.physical_id('User'),
                                                   self.physical_id('Key'))
        self.assertEqual(self.physical_id('Key'), credential.access)

    def test_the_secret_is_an_attribute(self):
        self.stack(USER + KEY, outputs='''
    Secret: {Value: !GetAtt Key.SecretAccessKey}
    UserName: {Value: !GetAtt Key.UserName}
''')
        secret = self.cloud.get_ec2_credential(self.physical_id('User'),
                                               self.physical_id('Key')).secret
        self.assertEqual({'Secret': secret,
                          'UserName': self.cloud.get_user(self.physical_id('User')).name},
                         self.outputs())

    def test_the_secret_is_in_no_event_and_no_resource_record(self):
        row = self.stack(USER + KEY)
        secret = self.cloud.get_ec2_credential(self.physical_id('User'),
                                               self.physical_id('Key')).secret
        recorded = json.dumps([self.service.list_events(self.ctx, 'stack'),
                               self.service.store.resources(row['id'])], default=str)
        self.assertNotIn(secret, recorded)

    def test_an_unknown_user_fails_the_create(self):
        self.stack('''
    Key:
      Type: AWS::IAM::AccessKey
      Properties: {UserName: nobody}
''', disable_rollback=True)
        self.assertEqual('could not find user nobody', self.reason('Key'))

    def test_a_new_serial_rotates_the_key(self):
        self.stack(USER + KEY)
        before = self.physical_id('Key')
        self.update(USER + KEY.replace('{UserName: !Ref User}', '{UserName: !Ref User, '
                                       'Serial: 2}'))
        after = self.physical_id('Key')
        self.assertEqual([('ec2_credential', after)], self.live('ec2_credential'))
        self.assertNotEqual(before, after)


class AccessPolicyTest(AwsTestCase):

    def test_allowed_resources_must_be_in_the_template(self):
        error = self.assertRaises(TemplateInvalid, self.service.create_stack, self.ctx, 's',
                                  template(POLICY.replace('[Thing]', '[Thing, Ghost]')),
                                  template_name='t.yaml')
        self.assertEqual(['The Resource (Ghost) could not be found in the template.'],
                         [i.message for i in error.issues.errors])

    def test_a_policy_creates_nothing_in_the_cloud(self):
        self.stack(POLICY)
        self.assertEqual(('CREATE_COMPLETE', []), (self.status(), self.live()))
