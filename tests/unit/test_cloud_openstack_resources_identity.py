"""The types that make identity objects, on the ``openstack`` backend: a real
engine on a real database whose cloud is openstacksdk over mocked Keystone.
AWS::CloudFormation::WaitConditionHandle (a stack user in the ``heat``
domain with EC2 credentials) and WaitCondition, AWS::IAM::User,
AWS::IAM::AccessKey and OS::Heat::AccessPolicy: the requests each makes,
Keystone's refusals, and secrets kept out of events, outputs and logs."""

from __future__ import annotations

import json
import logging
import time

import fixtures

from tests.unit.test_aws_common import template
from tests.unit.test_cloud_openstack_fixtures import IDENTITY, keystone_error
from tests.unit.test_cloud_openstack_identity import (
    CREDENTIAL_ID,
    CREDENTIALS,
    THE_USER,
    USER_ID,
    USERS,
    echo_credential,
    user_body,
)
from tests.unit.test_cloud_openstack_resources import EngineOnOpenStackTestCase

DOMAIN_ID = '5a75994a383c449184053ff7270c4e91'
DOMAINS = IDENTITY + '/domains'
HANDLE = '''
    Handle:
      Type: AWS::CloudFormation::WaitConditionHandle
'''
WAIT = HANDLE + '''
    Wait:
      Type: AWS::CloudFormation::WaitCondition
      Properties: {Handle: !Ref Handle, Timeout: 10}
'''
USER = '''
    User:
      Type: AWS::IAM::User
      Properties:
        LoginProfile: {Password: Pa55-w0rd-1}
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
NO_USER = keystone_error(404, 'Not Found', 'Could not find user: %s.' % USER_ID)


class IdentityResourceTestCase(EngineOnOpenStackTestCase):
    """Keystone with the ``heat`` domain (found by name), users and
    credentials that answer with what was sent."""

    def setUp(self):
        super().setUp()
        self.http.get(DOMAINS + '/heat', **keystone_error(
            404, 'Not Found', 'Could not find domain: heat.'))
        self.http.get(DOMAINS + '?name=heat', json={'domains': [{
            'id': DOMAIN_ID, 'name': 'heat', 'enabled': True, 'description': 'stack users',
            'links': {}}]})
        self.http.post(USERS, json=self.echo_user)
        self.http.post(CREDENTIALS, json=echo_credential)
        self.http.delete(THE_USER, status_code=204)
        self.sent = {}

    def echo_user(self, request, context):
        context.status_code = 201
        sent = dict(request.json()['user'])
        sent.pop('password', None)
        self.sent['user'] = sent
        return {'user': user_body(**sent)}

    def created_credential(self) -> dict:
        """The credential Heat POSTed, its blob read."""
        body, = [b for m, u, b in self.requests() if (m, u) == ('POST', CREDENTIALS)]
        return dict(body['credential'], blob=json.loads(body['credential']['blob']))

    def answer_credentials(self, credential: dict) -> None:
        """Keystone lists the user's EC2 credentials: the one Heat made."""
        self.http.get(CREDENTIALS, json={'credentials': [dict(
            credential, id=CREDENTIAL_ID, blob=json.dumps(credential['blob']))]})

    def resource(self, name) -> dict:
        found, = [r for r in self.service.list_resources(self.ctx, 'stack')
                  if r['resource_name'] == name]
        return found

    def shown(self) -> str:
        """What Heat shows of the stack: events, resources and outputs."""
        return json.dumps([self.service.list_events(self.ctx, 'stack'),
                           self.service.list_resources(self.ctx, 'stack'),
                           self.service.show_stack(self.ctx, 'stack')], default=str)

    def recorded(self) -> str:
        """That and the resource records (their data included)."""
        row = self.service.store.get_stack(self.service.identify(self.ctx, 'stack')['id'])
        return self.shown() + json.dumps(self.service.store.resources(row['id']), default=str)


class WaitConditionHandleTest(IdentityResourceTestCase):

    def test_create_makes_a_stack_user_in_the_heat_domain_then_its_ec2_key(self):
        self.stack(HANDLE)
        (user_post, credential_post) = [r for r in self.requests() if r[0] == 'POST']
        name = user_post[2]['user']['name']
        self.assertRegex(name, r'^stack-Handle-[0-9a-f]{12}$')
        credential = self.created_credential()
        self.assertEqual(
            ('CREATE_COMPLETE', USER_ID,
             ('POST', USERS, {'user': {
                 'name': name, 'enabled': True, 'domain_id': DOMAIN_ID,
                 'default_project_id': 'tenant-a',
                 'description': 'Heat stack user of wait condition handle Handle of stack '
                                'stack'}}),
             ('POST', CREDENTIALS), ('ec2', USER_ID, 'tenant-a'), ['access', 'secret']),
            (self.status(), self.resource('Handle')['physical_resource_id'], user_post,
             credential_post[:2],
             (credential['type'], credential['user_id'], credential['project_id']),
             sorted(credential['blob'])))

    def test_the_domain_is_looked_up_by_id_then_by_name(self):
        self.stack(HANDLE)
        self.assertEqual([('GET', DOMAINS + '/heat', None),
                          ('GET', DOMAINS + '?name=heat', None)],
                         [r for r in self.requests() if '/domains' in r[1]])

    def test_no_users_are_listed_on_a_first_create(self):
        self.stack(HANDLE)
        self.assertEqual(0, self.count('GET', USERS))

    def test_ref_is_signed_with_the_new_key_whose_secret_heat_does_not_keep(self):
        self.create(template(HANDLE, 'Url: {Value: !Ref Handle}\n'))
        blob = self.created_credential()['blob']
        url = self.service.show_stack(self.ctx, 'stack')['outputs'][0]['output_value']
        self.assertIn('AWSAccessKeyId=' + blob['access'], url)
        self.assertNotIn(blob['secret'], self.recorded())

    def test_a_missing_stack_user_domain_fails_the_create_saying_so(self):
        self.http.get(DOMAINS + '?name=heat', json={'domains': []})
        self.stack(HANDLE, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'CloudError: The identity domain "heat" of stack '
                          'users does not exist in Keystone (create it: openstack domain '
                          'create heat)'),
                         (self.status(), self.resource('Handle')['resource_status_reason']))

    def test_keystone_refusing_the_user_fails_the_create_with_its_reason(self):
        self.http.post(USERS, **keystone_error(
            403, 'Forbidden', 'You are not authorized to perform the requested action: '
                              'identity:create_user.'))
        self.stack(HANDLE, disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.status())
        self.assertIn('You are not authorized to perform the requested action: '
                      'identity:create_user.', self.resource('Handle')['resource_status_reason'])

    def test_keystone_refusing_the_credentials_fails_the_create_with_its_reason(self):
        self.http.post(CREDENTIALS, **keystone_error(
            400, 'Bad Request', 'Invalid blob in credential'))
        self.stack(HANDLE, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'BadRequest: Invalid blob in credential'),
                         (self.status(), self.resource('Handle')['resource_status_reason']))

    def test_a_failed_create_rolls_back_by_deleting_the_user(self):
        self.http.post(CREDENTIALS, **keystone_error(
            400, 'Bad Request', 'Invalid blob in credential'))
        self.stack(HANDLE)
        self.assertEqual(('ROLLBACK_COMPLETE', ('DELETE', THE_USER, None)),
                         (self.status(), self.changes()[-1]))

    def test_delete_deletes_the_user_and_with_it_its_credentials(self):
        self.stack(HANDLE)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual((('DELETE', THE_USER, None), []),
                         (self.changes()[-1], self.service.list_stacks(self.ctx)))

    def test_delete_of_a_user_already_gone_completes(self):
        self.http.delete(THE_USER, **NO_USER)
        self.stack(HANDLE)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual([], self.service.list_stacks(self.ctx))

    def test_keystone_refusing_the_delete_fails_it_with_its_reason(self):
        self.stack(HANDLE)
        self.http.delete(THE_USER, **keystone_error(
            403, 'Forbidden', 'You are not authorized to perform the requested action: '
                              'identity:delete_user.'))
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual('DELETE_FAILED', self.status())
        self.assertIn('identity:delete_user', self.resource('Handle')['resource_status_reason'])

    def test_the_signing_secret_is_read_back_from_keystone(self):
        self.stack(HANDLE)
        credential = self.created_credential()
        self.answer_credentials(credential)
        access, secret = credential['blob']['access'], credential['blob']['secret']
        self.assertEqual(
            (True, False, ('GET', CREDENTIALS + '?type=ec2&user_id=' + USER_ID, None)),
            (self.service.check_signal_key(self.ctx, 'stack', 'Handle', access,
                                           lambda s: s == secret),
             self.service.check_signal_key(self.ctx, 'stack', 'Handle', access,
                                           lambda s: s == 'guessed'),
             self.requests()[-1]))


class WaitConditionTest(IdentityResourceTestCase):

    def test_completes_when_the_handle_is_signalled(self):
        ident = self.service.create_stack(self.ctx, 'stack', template(WAIT),
                                          template_name='t.yaml')
        self.addCleanup(self.service.wait, ident['stack_id'])
        ends = time.monotonic() + 10
        while self.resource_statuses().get('Wait') != 'CREATE_IN_PROGRESS':
            self.assertLess(time.monotonic(), ends)
            time.sleep(0.02)
        self.service.signal_resource(self.ctx, 'stack', 'Handle', {
            'Status': 'SUCCESS', 'Reason': 'configured', 'UniqueId': 'web1', 'Data': 'ok'})
        self.service.wait(ident['stack_id'])
        self.assertEqual('CREATE_COMPLETE', self.status())
        # waiting asks nothing of the cloud
        self.assertEqual(['POST', 'POST'], [r[0] for r in self.changes()])


class UserTest(IdentityResourceTestCase):

    def test_create_makes_a_user_in_the_heat_domain_with_its_password(self):
        self.stack(USER)
        (method, url, body), = self.changes()
        name = body['user'].pop('name')
        self.assertRegex(name, r'^stack-User-[0-9a-f]{12}$')
        self.assertEqual(('CREATE_COMPLETE', USER_ID, ('POST', USERS, {'user': {
            'enabled': True, 'password': 'Pa55-w0rd-1', 'domain_id': DOMAIN_ID,
            'default_project_id': 'tenant-a',
            'description': 'Heat stack user User of stack stack'}})),
            (self.status(), self.resource('User')['physical_resource_id'], (method, url, body)))

    def test_the_password_is_in_no_event_output_or_resource_listing(self):
        self.stack(USER)
        self.assertNotIn('Pa55-w0rd-1', self.shown())

    def test_a_duplicate_name_fails_the_create_with_keystones_reason(self):
        self.http.post(USERS, **keystone_error(
            409, 'Conflict', 'Conflict occurred attempting to store user - Duplicate entry '
                             'found with name stack-User at domain ID %s.' % DOMAIN_ID))
        self.stack(USER, disable_rollback=True)
        self.assertEqual(('CREATE_FAILED', 'Conflict: Conflict occurred attempting to store '
                          'user - Duplicate entry found with name stack-User at domain ID %s.'
                          % DOMAIN_ID),
                         (self.status(), self.resource('User')['resource_status_reason']))

    def test_a_new_password_patches_the_user_in_place(self):
        self.http.patch(THE_USER, json={'user': user_body()})
        self.stack(USER)
        self.service.update_stack(self.ctx, 'stack', template(USER.replace(
            'Pa55-w0rd-1', 'N3w-Pa55-w0rd')), template_name='t.yaml', wait=True)
        self.assertEqual(('UPDATE_COMPLETE', USER_ID, ('PATCH', THE_USER, {'user': {
            'password': 'N3w-Pa55-w0rd'}})),
            (self.status(), self.resource('User')['physical_resource_id'], self.changes()[-1]))

    def test_a_password_keystone_refuses_fails_the_update_with_its_reason(self):
        self.http.patch(THE_USER, **keystone_error(
            400, 'Bad Request', 'Password validation error: The password does not meet the '
                                'requirements: at least 12 characters.'))
        self.stack(USER)
        self.service.update_stack(self.ctx, 'stack', template(USER.replace(
            'Pa55-w0rd-1', 'short')), template_name='t.yaml', wait=True,
            disable_rollback=True)
        self.assertEqual(('UPDATE_FAILED', 'BadRequest: Password validation error: The '
                          'password does not meet the requirements: at least 12 characters.'),
                         (self.status(), self.resource('User')['resource_status_reason']))

    def test_suspend_disables_and_resume_enables_the_user(self):
        self.http.patch(THE_USER, json={'user': user_body()})
        self.stack(USER)
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        self.service.resume_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('RESUME_COMPLETE', [
            ('PATCH', THE_USER, {'user': {'enabled': False}}),
            ('PATCH', THE_USER, {'user': {'enabled': True}})]),
            (self.status(), self.changes()[1:]))

    def test_delete_deletes_the_user(self):
        self.stack(USER)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual((('DELETE', THE_USER, None), []),
                         (self.changes()[-1], self.service.list_stacks(self.ctx)))

    def test_delete_of_a_user_already_gone_completes(self):
        self.http.delete(THE_USER, **NO_USER)
        self.stack(USER)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual([], self.service.list_stacks(self.ctx))

    def test_a_user_with_an_access_policy_asks_nothing_more_of_keystone(self):
        self.stack(POLICY + '''
    User:
      Type: AWS::IAM::User
      Properties: {Policies: [!Ref Policy]}
''')
        self.assertEqual(('CREATE_COMPLETE', ['POST']),
                         (self.status(), [r[0] for r in self.changes()]))


class AccessKeyTest(IdentityResourceTestCase):

    def test_create_makes_ec2_credentials_of_the_user_in_the_stacks_project(self):
        self.stack(USER + KEY)
        credential = self.created_credential()
        self.assertEqual(('CREATE_COMPLETE', 'ec2', USER_ID, 'tenant-a',
                          credential['blob']['access']),
                         (self.status(), credential['type'], credential['user_id'],
                          credential['project_id'], self.resource('Key')['physical_resource_id']))

    def test_the_secret_attribute_is_read_from_keystone_and_recorded_nowhere(self):
        self.create(template(USER + KEY, 'Secret: {Value: !GetAtt Key.SecretAccessKey}\n'))
        secret = self.created_credential()['blob']['secret']
        self.answer_credentials(self.created_credential())
        shown = self.service.show_stack(self.ctx, 'stack')['outputs'][0]['output_value']
        events = json.dumps(self.service.list_events(self.ctx, 'stack'))
        self.assertEqual((secret, False), (shown, secret in events))

    def test_keystone_refusing_the_credentials_fails_the_create_with_its_reason(self):
        self.http.post(CREDENTIALS, **keystone_error(
            403, 'Forbidden', 'You are not authorized to perform the requested action: '
                              'identity:ec2_create_credential.'))
        self.stack(USER + KEY, disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.status())
        self.assertIn('identity:ec2_create_credential',
                      self.resource('Key')['resource_status_reason'])

    def test_delete_deletes_the_credentials_then_the_user(self):
        self.stack(USER + KEY)
        self.answer_credentials(self.created_credential())
        self.http.delete(CREDENTIALS + '/' + CREDENTIAL_ID, status_code=204)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual([('DELETE', CREDENTIALS + '/' + CREDENTIAL_ID, None),
                          ('DELETE', THE_USER, None)], self.changes()[-2:])

    def test_delete_of_credentials_already_gone_completes(self):
        self.stack(USER + KEY)
        self.http.get(CREDENTIALS, json={'credentials': []})
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual([], self.service.list_stacks(self.ctx))


class SecretsInLogsTest(IdentityResourceTestCase):

    def test_keystoneauths_debug_log_shows_neither_password_nor_ec2_secret(self):
        log = self.useFixture(fixtures.FakeLogger(level=logging.DEBUG))
        self.create(template(USER + KEY, 'Secret: {Value: !GetAtt Key.SecretAccessKey}\n'))
        self.answer_credentials(self.created_credential())
        self.service.show_stack(self.ctx, 'stack')
        secret = self.created_credential()['blob']['secret']
        self.assertIn('POST %s' % CREDENTIALS, log.output)   # the bodies were logged
        self.assertEqual((False, False), ('Pa55-w0rd-1' in log.output, secret in log.output))
