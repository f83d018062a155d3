"""Remote mode through Keystone: ``--os-auth-url`` / ``OS_*`` credentials and
``--os-cloud`` (clouds.yaml), the installed ``heat`` against a real Heat API
server, with the token and the orchestration endpoint from a Keystone.

The embedded identity store has no Keystone API (``/v3/auth/tokens``), so
the Keystone here is a small Keystone v3 on a loopback port: it answers
version discovery and password authentication (checking the user, the
password, the domain and the project it is sent) with the Heat server's
token and a catalog naming the Heat server.  Everything else is real:
keystoneauth1 (or openstacksdk) in the ``heat`` process, HTTP, Heat.
"""

from __future__ import annotations

import datetime
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading

import testtools

from tests.functional.test_cli_stack import HELLO, heat_executable, local_env
from tests.functional.test_cli_stack_remote import start_api, stop_api

PASSWORD = 's3cret-Pa55'


class Keystone(http.server.ThreadingHTTPServer):
    """Keystone v3's discovery and password authentication for one user."""

    def __init__(self, heat_url: str, token: str, project_id: str):
        super().__init__(('127.0.0.1', 0), KeystoneHandler)
        self.heat_url = heat_url
        self.token = token
        self.project_id = project_id
        self.requests: list[dict] = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return 'http://127.0.0.1:%d' % self.server_address[1]


class KeystoneHandler(http.server.BaseHTTPRequestHandler):

    def _send(self, status: int, body: dict, headers=()) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _version(self) -> dict:
        return {'id': 'v3.14', 'status': 'stable', 'updated': '2020-04-07T00:00:00Z',
                'links': [{'rel': 'self', 'href': self.server.url + '/v3/'}],
                'media-types': [{'base': 'application/json',
                                 'type': 'application/vnd.openstack.identity-v3+json'}]}

    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path.rstrip('/') == '/v3':
            return self._send(200, {'version': self._version()})
        if self.path.rstrip('/') == '':
            return self._send(300, {'versions': {'values': [self._version()]}})
        return self._send(404, {'error': {'code': 404, 'message': 'Not found',
                                          'title': 'Not Found'}})

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        self.server.requests.append(body)
        if self.path != '/v3/auth/tokens':
            return self._send(404, {'error': {'code': 404, 'message': 'Not found'}})
        user = body['auth']['identity'].get('password', {}).get('user', {})
        project = body['auth'].get('scope', {}).get('project', {})
        if (user.get('name'), user.get('password'), user.get('domain')) != (
                'alice', PASSWORD, {'id': 'default'}) or project.get('name') != 'demo':
            return self._send(401, {'error': {
                'code': 401, 'title': 'Unauthorized',
                'message': 'The request you have made requires authentication.'}})
        now = datetime.datetime.now(datetime.timezone.utc)
        domain = {'id': 'default', 'name': 'Default'}
        token = {
            'methods': ['password'], 'issued_at': now.isoformat(),
            'expires_at': (now + datetime.timedelta(hours=1)).isoformat(),
            'user': {'id': 'alice-id', 'name': 'alice', 'domain': domain},
            'project': {'id': self.server.project_id, 'name': 'demo', 'domain': domain},
            'roles': [{'id': 'admin-id', 'name': 'admin'}],
            'catalog': [{'type': 'orchestration', 'name': 'heat', 'id': 'heat-id',
                         'endpoints': [{'id': 'e1', 'interface': 'public',
                                        'region': 'RegionOne', 'region_id': 'RegionOne',
                                        'url': self.server.heat_url}]}]}
        self._send(201, {'token': token}, [('X-Subject-Token', self.server.token)])

    def log_message(self, *args):
        pass


class TestKeystone(testtools.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start_api(cls)
        if not cls.unavailable:
            cls.keystone = Keystone(cls.url, cls.token, cls.project_id)

    @classmethod
    def tearDownClass(cls):
        if not cls.unavailable:
            cls.keystone.shutdown()
            cls.keystone.server_close()
        stop_api(cls)
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        if self.unavailable:
            self.skipTest(self.unavailable)
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir, True)
        with open(os.path.join(self.dir, 'hello.yaml'), 'w', encoding='utf-8') as f:
            f.write(HELLO)
        self.env = local_env(os.path.join(self.dir, 'data'))
        self.env['OS_CLIENT_CONFIG_FILE'] = os.path.join(self.dir, 'clouds.yaml')

    def heat(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([heat_executable(), *args], cwd=self.dir, capture_output=True,
                              text=True, timeout=120, env=env or self.env)

    def os_env(self, password: str = PASSWORD) -> dict:
        env = dict(self.env)
        env.update(OS_AUTH_URL=self.keystone.url + '/v3', OS_USERNAME='alice',
                   OS_PASSWORD=password, OS_PROJECT_NAME='demo')
        return env

    def test_os_environment_credentials(self):
        env = self.os_env()
        result = self.heat('stack', 'create', '--wait', '-t', 'hello.yaml', 'ks-env', env=env)
        self.assertEqual(0, result.returncode, result.stderr)
        rows = json.loads(self.heat('stack', 'list', '-f', 'json', env=env).stdout)
        self.assertIn('ks-env', [r['Stack Name'] for r in rows])
        self.assertFalse(os.path.exists(os.path.join(self.dir, 'data', 'heat')))

    def test_os_options_on_the_command_line(self):
        result = self.heat('--os-auth-url', self.keystone.url + '/v3', '--os-username', 'alice',
                           '--os-password', PASSWORD, '--os-project-name', 'demo',
                           '--os-user-domain-name', 'Default', 'stack', 'list')
        # a domain name instead of the default domain id: this Keystone refuses it,
        # which shows the options reached it
        self.assertEqual(1, result.returncode)
        self.assertEqual('Keystone at %s/v3: The request you have made requires '
                         'authentication.' % self.keystone.url,
                         result.stderr.strip().split(' (HTTP 401)')[0])
        sent = self.keystone.requests[-1]['auth']['identity']['password']['user']
        self.assertEqual({'name': 'Default'}, sent['domain'])

    def test_wrong_password_is_one_line_without_the_password(self):
        result = self.heat('stack', 'list', env=self.os_env('wrong-Pa55word'))
        self.assertEqual(1, result.returncode)
        self.assertEqual(1, len(result.stderr.strip().splitlines()), result.stderr)
        self.assertIn('requires authentication', result.stderr)
        self.assertNotIn('wrong-Pa55word', result.stderr + result.stdout)

    def test_keystone_unreachable_is_one_line(self):
        env = self.os_env()
        env['OS_AUTH_URL'] = 'http://127.0.0.1:9/v3'
        result = self.heat('stack', 'list', env=env)
        self.assertEqual(1, result.returncode)
        self.assertEqual(1, len(result.stderr.strip().splitlines()), result.stderr)
        self.assertTrue(result.stderr.startswith('Keystone at http://127.0.0.1:9/v3: '),
                        result.stderr)
        self.assertNotIn(PASSWORD, result.stderr)

    def test_clouds_yaml(self):
        with open(self.env['OS_CLIENT_CONFIG_FILE'], 'w', encoding='utf-8') as f:
            json.dump({'clouds': {'mycloud': {
                'auth': {'auth_url': self.keystone.url + '/v3', 'username': 'alice',
                         'password': PASSWORD, 'project_name': 'demo',
                         'user_domain_id': 'default', 'project_domain_id': 'default'},
                'region_name': 'RegionOne', 'identity_api_version': 3}}}, f)
        result = self.heat('--os-cloud', 'mycloud', 'stack', 'create', '--wait', '-t',
                           'hello.yaml', 'ks-cloud')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertIn('[ks-cloud]: CREATE_COMPLETE', result.stdout)
        self.assertNotIn(PASSWORD, result.stdout + result.stderr)

    def test_unknown_cloud_is_one_line(self):
        with open(self.env['OS_CLIENT_CONFIG_FILE'], 'w', encoding='utf-8') as f:
            json.dump({'clouds': {}}, f)
        result = self.heat('--os-cloud', 'nosuch', 'stack', 'list')
        self.assertEqual(1, result.returncode)
        self.assertEqual(1, len(result.stderr.strip().splitlines()), result.stderr)
        self.assertIn('nosuch', result.stderr)
