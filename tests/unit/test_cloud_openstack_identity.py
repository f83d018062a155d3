"""The ``openstack`` backend's identity requests, at the HTTP level: stack
users and their EC2 credentials, and Keystone's refusals."""

from __future__ import annotations

import json

from heat_core.clouds.errors import CloudError, Conflict, NotFound
from tests.unit.test_cloud_openstack_fixtures import (
    IDENTITY,
    PROJECT,
    OpenStackTestCase,
    keystone_error,
)

USER_ID = '0b8a4d5c6e7f40a1b2c3d4e5f6a7b8c9'
USERS = IDENTITY + '/users'
THE_USER = USERS + '/' + USER_ID
CREDENTIALS = IDENTITY + '/credentials'
ACCESS = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'
SECRET = 'f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1'
CREDENTIAL_ID = '3c0d8a5e2f3b1c9d0e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d'
DOMAINS = IDENTITY + '/domains'
DOMAIN_ID = '5a75994a383c449184053ff7270c4e91'


def domain_body(**fields):
    body = {'id': DOMAIN_ID, 'name': 'heat', 'enabled': True, 'description': 'stack users',
            'tags': [], 'options': {}, 'links': {'self': DOMAINS + '/' + DOMAIN_ID}}
    body.update(fields)
    return body


def user_body(**fields):
    body = {'id': USER_ID, 'name': 'stack-user', 'domain_id': 'heat',
            'default_project_id': PROJECT, 'description': 'Heat stack user', 'enabled': True,
            'password_expires_at': None, 'options': {}, 'links': {'self': THE_USER}}
    body.update(fields)
    return body


def credential_body(**fields):
    body = {'id': CREDENTIAL_ID, 'type': 'ec2', 'user_id': USER_ID, 'project_id': PROJECT,
            'blob': json.dumps({'access': ACCESS, 'secret': SECRET}),
            'links': {'self': CREDENTIALS + '/' + CREDENTIAL_ID}}
    body.update(fields)
    return body


def echo_credential(request, context):
    """Keystone's answer to a credential create: the credential as sent."""
    context.status_code = 201
    sent = request.json()['credential']
    return {'credential': dict(sent, id=CREDENTIAL_ID, links={})}


class UserTest(OpenStackTestCase):

    def test_creates_a_user_in_the_domain_named(self):
        self.http.get(DOMAINS + '/heat', **keystone_error(
            404, 'Not Found', 'Could not find domain: heat.'))
        self.http.get(DOMAINS + '?name=heat', json={'domains': [domain_body()]})
        self.http.post(USERS, status_code=201, json={'user': user_body()})
        self.cloud.create_user('stack-user', password='s3cret-Pa55', domain_id='heat',
                               default_project_id=PROJECT, description='Heat stack user')
        self.assertRequests(
            ('GET', DOMAINS + '/heat', None), ('GET', DOMAINS + '?name=heat', None),
            ('POST', USERS, {'user': {
                'name': 'stack-user', 'enabled': True, 'password': 's3cret-Pa55',
                'domain_id': DOMAIN_ID, 'default_project_id': PROJECT,
                'description': 'Heat stack user'}}))

    def test_returns_the_user_without_a_password(self):
        self.http.post(USERS, status_code=201, json={'user': user_body()})
        user = self.cloud.create_user('stack-user', password='s3cret-Pa55')
        self.assertEqual((USER_ID, 'stack-user', 'heat', True),
                         (user.id, user.name, user.domain_id, user.is_enabled))
        self.assertNotIn('password', user)

    def test_duplicate_name_is_a_conflict(self):
        message = ('Conflict occurred attempting to store user - Duplicate entry found with '
                   'name stack-user at domain ID heat.')
        self.http.post(USERS, **keystone_error(409, 'Conflict', message))
        error = self.assertRaises(Conflict, self.cloud.create_user, 'stack-user')
        self.assertEqual(message, str(error))

    def test_gets_a_user(self):
        self.http.get(THE_USER, json={'user': user_body()})
        self.assertEqual(PROJECT, self.cloud.get_user(USER_ID).default_project_id)

    def test_gone_user_is_not_found(self):
        self.http.get(THE_USER, **keystone_error(404, 'Not Found',
                                                 'Could not find user: %s.' % USER_ID))
        error = self.assertRaises(NotFound, self.cloud.get_user, USER_ID)
        self.assertEqual('Could not find user: %s.' % USER_ID, str(error))

    def test_disables_a_user(self):
        self.http.patch(THE_USER, json={'user': user_body(enabled=False)})
        user = self.cloud.update_user(USER_ID, is_enabled=False)
        self.assertRequests(('PATCH', THE_USER, {'user': {'enabled': False}}))
        self.assertFalse(user.is_enabled)

    def test_deletes_a_user(self):
        self.http.delete(THE_USER, status_code=204)
        self.cloud.delete_user(USER_ID)
        self.assertRequests(('DELETE', THE_USER, None))

    def test_delete_of_a_gone_user_is_not_found(self):
        self.http.delete(THE_USER, **keystone_error(404, 'Not Found',
                                                    'Could not find user: %s.' % USER_ID))
        self.assertRaises(NotFound, self.cloud.delete_user, USER_ID)


class DomainTest(OpenStackTestCase):

    def test_a_domain_id_is_checked_and_used(self):
        self.http.get(DOMAINS + '/' + DOMAIN_ID, json={'domain': domain_body()})
        self.assertEqual(DOMAIN_ID, self.cloud.find_domain_id(DOMAIN_ID))
        self.assertRequests(('GET', DOMAINS + '/' + DOMAIN_ID, None))

    def test_a_domain_is_looked_up_once(self):
        self.http.get(DOMAINS + '/' + DOMAIN_ID, json={'domain': domain_body()})
        self.cloud.find_domain_id(DOMAIN_ID)
        self.cloud.find_domain_id(DOMAIN_ID)
        self.assertEqual(1, len(self.requests()))

    def test_a_missing_domain_is_a_cloud_error_saying_how_to_make_it(self):
        self.http.get(DOMAINS + '/heat', **keystone_error(
            404, 'Not Found', 'Could not find domain: heat.'))
        self.http.get(DOMAINS + '?name=heat', json={'domains': []})
        error = self.assertRaises(CloudError, self.cloud.find_domain_id, 'heat')
        self.assertEqual(('The identity domain "heat" of stack users does not exist in '
                          'Keystone (create it: openstack domain create heat)', False),
                         (str(error), isinstance(error, NotFound)))

    def test_keystone_refusing_the_lookup_is_a_cloud_error_with_its_reason(self):
        refused = keystone_error(403, 'Forbidden', 'You are not authorized to perform the '
                                 'requested action: identity:get_domain.')
        self.http.get(DOMAINS + '/heat', **refused)
        self.http.get(DOMAINS + '?name=heat', **refused)
        error = self.assertRaises(CloudError, self.cloud.find_domain_id, 'heat')
        self.assertIn('identity:get_domain', str(error))


class Ec2CredentialTest(OpenStackTestCase):

    def test_creates_credentials_in_the_project_given(self):
        self.http.post(CREDENTIALS, json=echo_credential)
        credential = self.cloud.create_ec2_credential(USER_ID, project_id=PROJECT)
        (method, url, body), = self.requests()
        blob = json.loads(body['credential'].pop('blob'))
        self.assertEqual(('POST', CREDENTIALS, {'credential': {
            'type': 'ec2', 'user_id': USER_ID, 'project_id': PROJECT}}), (method, url, body))
        self.assertEqual({'access': credential.access, 'secret': credential.secret}, blob)

    def test_returns_access_key_and_secret(self):
        self.http.post(CREDENTIALS, json=echo_credential)
        credential = self.cloud.create_ec2_credential(USER_ID, project_id=PROJECT)
        self.assertEqual((credential.access, 32, 32, USER_ID, PROJECT),
                         (credential.id, len(credential.access), len(credential.secret),
                          credential.user_id, credential.project_id))

    def test_defaults_to_the_users_project(self):
        self.http.get(THE_USER, json={'user': user_body()})
        self.http.post(CREDENTIALS, json=echo_credential)
        self.assertEqual(PROJECT, self.cloud.create_ec2_credential(USER_ID).project_id)

    def test_gets_credentials_by_access_key(self):
        self.http.get(CREDENTIALS, json={'credentials': [
            credential_body(id='0' * 64, blob=json.dumps({'access': 'other', 'secret': 'x'})),
            credential_body()]})
        credential = self.cloud.get_ec2_credential(USER_ID, ACCESS)
        self.assertRequests(('GET', CREDENTIALS + '?type=ec2&user_id=' + USER_ID, None))
        self.assertEqual((ACCESS, SECRET), (credential.access, credential.secret))

    def test_unknown_access_key_is_not_found(self):
        self.http.get(CREDENTIALS, json={'credentials': []})
        self.assertRaises(NotFound, self.cloud.get_ec2_credential, USER_ID, ACCESS)

    def test_deletes_credentials(self):
        self.http.get(CREDENTIALS, json={'credentials': [credential_body()]})
        self.http.delete(CREDENTIALS + '/' + CREDENTIAL_ID, status_code=204)
        self.cloud.delete_ec2_credential(USER_ID, ACCESS)
        self.assertEqual(('DELETE', CREDENTIALS + '/' + CREDENTIAL_ID, None),
                         self.requests()[-1])

    def test_delete_of_gone_credentials_is_not_found(self):
        self.http.get(CREDENTIALS, json={'credentials': []})
        self.assertRaises(NotFound, self.cloud.delete_ec2_credential, USER_ID, ACCESS)


class IdentityListingTest(OpenStackTestCase):

    def test_users(self):
        self.http.get(USERS, json={'users': [user_body()]})
        self.assertEqual([(USER_ID, 'stack-user', True)],
                         [(u.id, u.name, u.is_enabled) for u in self.cloud.users()])

    def test_ec2_credentials_without_their_secrets(self):
        self.http.get(CREDENTIALS, json={'credentials': [credential_body()]})
        self.assertEqual([{'id': ACCESS, 'access': ACCESS, 'user_id': USER_ID,
                           'project_id': PROJECT, 'credential_id': CREDENTIAL_ID}],
                         self.cloud.ec2_credentials())
