"""``[auth] strategy = keystone`` for the REST API: the real server on
loopback behind keystonemiddleware's ``auth_token``, Keystone's HTTP API
(``/v3`` discovery, ``GET /v3/auth/tokens`` validating the user's token
with the service's) answered by requests-mock, which intercepts
keystoneauth's requests in this process.  The service authenticates with
a token (``auth_type = admin_token``): a password plugin would register
required options in the process's configuration for good."""

from __future__ import annotations

import os
import tempfile

import requests
import requests_mock

from tests import base

KEYSTONE = 'http://keystone.test:5000'
CONF_TEXT = '''\
[keystone_authtoken]
www_authenticate_uri = {ks}/v3
auth_type = admin_token
endpoint = {ks}/v3
token = service-token
'''
VERSION = {'version': {'id': 'v3.14', 'status': 'stable', 'media-types': [],
                       'links': [{'rel': 'self', 'href': KEYSTONE + '/v3/'}]}}


def token(project: str, user: str, roles) -> dict:
    catalog = [{'type': 'identity', 'name': 'keystone', 'id': 'ks', 'endpoints': [
        {'id': 'e-' + i, 'interface': i, 'region': 'RegionOne', 'region_id': 'RegionOne',
         'url': KEYSTONE + '/v3'} for i in ('public', 'internal', 'admin')]}]
    return {'token': {
        'methods': ['password'], 'expires_at': '2099-01-01T00:00:00.000000Z',
        'issued_at': '2020-01-01T00:00:00.000000Z',
        'project': {'id': project, 'name': project + '-name',
                    'domain': {'id': 'default', 'name': 'Default'}},
        'user': {'id': 'id-' + user, 'name': user,
                 'domain': {'id': 'default', 'name': 'Default'}},
        'roles': [{'id': r, 'name': r} for r in roles], 'catalog': catalog}}


class FakeKeystone:
    """Tokens of Keystone v3: the service's, and one user token per project."""

    def __init__(self):
        self.users = {'carol-token': ('p-one', 'carol', ['member']),
                      'dave-token': ('p-two', 'dave', ['member'])}
        self.validated = []

    def tokens(self, request, context):
        subject = request.headers.get('X-Subject-Token')
        self.validated.append(subject)
        if request.headers.get('X-Auth-Token') != 'service-token':
            context.status_code = 401
            return {'error': {'code': 401, 'message': 'The request requires authentication'}}
        if subject not in self.users:
            context.status_code = 404
            return {'error': {'code': 404, 'message': 'Could not find token: %s' % subject}}
        return token(*self.users[subject])


class TestRestApiThroughKeystone(base.TestCase):

    def setUp(self):
        super().setUp()
        try:
            import keystonemiddleware  # noqa: F401
        except ImportError:
            self.skipTest('keystonemiddleware is not installed (extra "keystone")')
        from heat_api.openstack.app import setup_app
        from heat_api.server import Server
        from heat_core import config
        from heat_core.engine.service import EngineService
        from heat_core.identity.store import IdentityStore

        fd, path = tempfile.mkstemp(suffix='.conf')
        with os.fdopen(fd, 'w') as f:
            f.write(CONF_TEXT.format(ks=KEYSTONE))
        self.addCleanup(os.unlink, path)
        self.addCleanup(config.load, [])
        config.load([], config_files=[path])
        self.db_url = base.DatabaseFixture(self, 'sqlite').setUp()
        self.service = EngineService()
        self.addCleanup(self.service.stop)
        self.keystone = FakeKeystone()
        mocker = requests_mock.Mocker(real_http=True)   # the loopback server is real
        mocker.get(KEYSTONE + '/v3', json=VERSION)
        mocker.get(KEYSTONE + '/v3/', json=VERSION)
        mocker.get(KEYSTONE + '/v3/auth/tokens', json=self.keystone.tokens)
        mocker.start()
        self.addCleanup(mocker.stop)
        self.server = Server(setup_app(self.service, IdentityStore(), 'keystone'),
                             '127.0.0.1', 0, threads=2).start()
        self.addCleanup(self.server.shutdown)

    def get(self, path: str, token: str | None) -> requests.Response:
        headers = {'X-Auth-Token': token} if token else {}
        return requests.get(self.server.url + path, headers=headers, timeout=30)

    def test_a_valid_token_acts_in_its_project(self):
        created = requests.post(
            self.server.url + '/v1/p-one/stacks', timeout=30,
            headers={'X-Auth-Token': 'carol-token'},
            json={'stack_name': 'ks', 'template': {'heat_template_version': '2018-08-31',
                                                   'resources': {}}})
        listed = self.get('/v1/p-one/stacks', 'carol-token')
        # auth_token asked Keystone (and keeps the answer for a while)
        self.assertEqual((201, 200, ['ks'], ['carol-token']),
                         (created.status_code, listed.status_code,
                          [s['stack_name'] for s in listed.json()['stacks']],
                          sorted(set(self.keystone.validated))))

    def test_another_projects_url_is_refused(self):
        resp = self.get('/v1/p-one/stacks', 'dave-token')
        self.assertEqual(403, resp.status_code, resp.text)

    def test_an_unknown_or_missing_token_is_401_with_keystones_address(self):
        bad, missing = self.get('/v1/p-one/stacks', 'forged'), self.get('/v1/p-one/stacks',
                                                                          None)
        self.assertEqual((401, 401, 'Keystone uri="%s/v3"' % KEYSTONE),
                         (bad.status_code, missing.status_code,
                          bad.headers.get('WWW-Authenticate')))
        self.assertNotIn('Traceback', bad.text + missing.text)

    def test_the_version_document_needs_no_token(self):
        # Heat's version list: 300 Multiple Choices, Keystone not asked
        self.assertEqual((300, []), (self.get('/', None).status_code,
                                     self.keystone.validated))
