"""REST API v1: authentication, the project in the URL, tenant isolation
and admin-only listing."""

from __future__ import annotations

import datetime

from sqlalchemy import update

from heat_api import auth
from heat_core.identity import store as identity_store
from tests.functional.test_api_base import TEMPLATE, ApiTestCase


class TestCredentials(ApiTestCase):

    def test_no_credentials_is_401(self):
        self.assertError(self.http('GET', '~/stacks', token=''), 401, 'HTTPUnauthorized',
                         'Authentication required')

    def test_an_unknown_token_is_401(self):
        self.assertError(self.http('GET', '~/stacks', token='not-a-token'), 401,
                         'HTTPUnauthorized', 'Authentication failed')

    def test_an_expired_token_is_401(self):
        token, _ = self.identity.issue_token(*self._alice())
        with self.identity.engine.begin() as c:
            c.execute(update(identity_store.TOKEN).values(
                expires_at=datetime.datetime(2000, 1, 1)))
        self.assertError(self.http('GET', '~/stacks', token=token), 401)

    def test_a_revoked_token_is_refused_once_the_cache_has_forgotten_it(self):
        self.patch(auth, 'CACHE_SECONDS', 0)
        token, _ = self.identity.issue_token(*self._alice())
        self.assertEqual(200, self.http('GET', '~/stacks', token=token).status_code)
        self.identity.revoke_token(token)
        self.assertError(self.http('GET', '~/stacks', token=token), 401)

    def test_user_and_key_as_python_heatclient_sends_them(self):
        headers = {'X-Auth-User': 'alice', 'X-Auth-Key': 'alice-pw',
                   'X-Auth-Url': 'http://keystone.invalid:5000/v3'}
        resp = self.http('GET', '~/stacks', token='', headers=headers)
        self.assertEqual(200, resp.status_code, resp.text)

    def test_a_wrong_password_is_401(self):
        headers = {'X-Auth-User': 'alice', 'X-Auth-Key': 'wrong'}
        self.assertError(self.http('GET', '~/stacks', token='', headers=headers), 401)

    def test_a_password_is_good_only_in_a_project_of_the_user(self):
        headers = {'X-Auth-User': 'bob', 'X-Auth-Key': 'bob-pw'}
        self.assertEqual(200, self.http('GET', '/v1/%s/stacks' % self.beta, token='',
                                        headers=headers).status_code)
        self.assertError(self.http('GET', '/v1/%s/stacks' % self.alpha, token='',
                                   headers=headers), 401)

    def _alice(self):
        principal = self.identity.validate_token(self.token)
        return principal.user_id, principal.project_id


class TestProjects(ApiTestCase):

    def test_the_url_must_name_the_token_project(self):
        resp = self.http('GET', '/v1/%s/stacks' % self.alpha, token=self.bob_token)
        self.assertError(resp, 403, 'HTTPForbidden')

    def test_an_admin_may_name_another_project_and_still_acts_in_its_own(self):
        bobs = self.create('bobs', token=self.bob_token, project=self.beta)
        resp = self.http('GET', '/v1/%s/stacks' % self.beta)
        self.assertEqual(200, resp.status_code)
        self.assertEqual([], resp.json()['stacks'])
        self.assertError(self.http('GET', '/v1/%s/stacks/bobs/%s' % (self.beta, bobs['id'])),
                         404)

    def test_another_projects_stack_is_not_found(self):
        bobs = self.create('bobs', token=self.bob_token, project=self.beta)
        alices = self.create('alices')
        # bob (not admin) cannot see alice's stack through his own project's URLs
        for path in ('/stacks/alices', '/stacks/alices/%s' % alices['id'],
                     '/stacks/%s' % alices['id'],
                     '/stacks/alices/%s/resources' % alices['id'],
                     '/stacks/alices/%s/events' % alices['id']):
            self.assertError(self.http('GET', '/v1/%s%s' % (self.beta, path),
                                       token=self.bob_token), 404, message='')
        self.assertError(self.http('DELETE', '/v1/%s/stacks/alices/%s' % (
            self.beta, alices['id']), token=self.bob_token), 404)
        listed = self.http('GET', '/v1/%s/stacks' % self.beta, token=self.bob_token).json()
        self.assertEqual([bobs['id']], [s['id'] for s in listed['stacks']])
        self.assertNotIn('project', listed['stacks'][0])

    def test_no_part_of_another_projects_stack_can_be_read_or_touched(self):
        alices = self.create('alices')
        events = self.http('GET', '~/stacks/alices/%s/events' % alices['id']).json()['events']
        stack = '/v1/%s/stacks/alices/%s' % (self.beta, alices['id'])
        event = '/resources/first/events/%s' % [
            e for e in events if e['resource_name'] == 'first'][0]['id']
        for method, sub, body in (
                ('GET', '/template', None), ('GET', '/environment', None),
                ('GET', '/files', None), ('GET', '/outputs', None),
                ('GET', '/outputs/shown', None), ('GET', '/export', None),
                ('GET', '/resources/first', None), ('GET', '/resources/first/metadata', None),
                ('GET', '/resources/first/events', None), ('GET', event, None),
                ('PUT', '', {'template': TEMPLATE}), ('PATCH', '', {}),
                ('PUT', '/preview', {'template': TEMPLATE}),
                ('POST', '/actions', {'suspend': None}),
                ('POST', '/resources/first/signal', {}),
                ('PATCH', '/resources/first', {'mark_unhealthy': True}),
                ('DELETE', '/abandon', None)):
            resp = self.http(method, stack + sub, token=self.bob_token, json=body)
            self.assertEqual(404, resp.status_code, (method, sub, resp.text))
            self.assertError(resp, 404)
        self.assertEqual('CREATE_COMPLETE', self.show('alices', alices['id'])['stack_status'])

    def test_global_tenant_listing_is_for_admins(self):
        bobs = self.create('bobs', token=self.bob_token, project=self.beta)
        alices = self.create('alices')
        self.assertError(self.http('GET', '/v1/%s/stacks?global_tenant=true' % self.beta,
                                   token=self.bob_token), 403)
        resp = self.http('GET', '~/stacks?global_tenant=true')
        self.assertEqual(200, resp.status_code, resp.text)
        stacks = {s['id']: s for s in resp.json()['stacks']}
        self.assertEqual({bobs['id'], alices['id']}, set(stacks))
        self.assertEqual(self.beta, stacks[bobs['id']]['project'])
        self.assertEqual('%s/v1/%s/stacks/bobs/%s' % (self.server.url, self.beta, bobs['id']),
                         stacks[bobs['id']]['links'][0]['href'])

    def test_admins_see_the_project_of_their_stacks(self):
        self.create('alices')
        (stack,) = self.http('GET', '~/stacks').json()['stacks']
        self.assertEqual(self.alpha, stack['project'])


class TestProjectsPostgres(TestProjects):
    backend = 'postgresql'


class TestKeystoneStrategy(ApiTestCase):

    def test_the_context_comes_from_auth_token_headers(self):
        seen = {}

        def app(environ, start_response):
            seen['ctx'] = environ[auth.CONTEXT]
            start_response('200 OK', [])
            return [b'']
        middleware = auth.KeystoneContext(app)
        environ = {'PATH_INFO': '/v1/p1/stacks', 'HTTP_X_IDENTITY_STATUS': 'Confirmed',
                   'HTTP_X_PROJECT_ID': 'p1', 'HTTP_X_PROJECT_NAME': 'one',
                   'HTTP_X_USER_NAME': 'carol', 'HTTP_X_ROLES': 'member, admin',
                   'HTTP_X_AUTH_TOKEN': 'tok'}
        middleware(environ, lambda *a: None)
        ctx = seen['ctx']
        self.assertEqual(('p1', 'carol', ['member', 'admin'], 'tok', 'one'),
                         (ctx.tenant, ctx.user, ctx.roles, ctx.auth_token, ctx.tenant_name))
        self.assertTrue(ctx.is_admin)

    def test_unconfirmed_identities_are_401(self):
        statuses = []
        middleware = auth.KeystoneContext(lambda e, s: [b''])
        body = middleware({'PATH_INFO': '/v1/p1/stacks', 'REQUEST_METHOD': 'GET',
                           'HTTP_X_IDENTITY_STATUS': 'Invalid'},
                          lambda status, headers: statuses.append(status))
        self.assertEqual(['401 Unauthorized'], statuses)
        self.assertIn(b'HTTPUnauthorized', b''.join(body))

    def test_keystone_needs_keystonemiddleware(self):
        try:
            import keystonemiddleware  # noqa: F401
        except ImportError:
            pass
        else:
            self.skipTest('keystonemiddleware is installed')
        error = self.assertRaises(RuntimeError, auth.middleware, lambda e, s: [], 'keystone')
        self.assertIn('pip install keystonemiddleware', str(error))
