"""``heat stack ...`` in remote mode: the installed ``heat`` against a Heat
API server (``heat_api``) started for these tests on a free local port,
with a token from ``heat-manage bootstrap``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

import testtools

from tests.functional.test_cli_stack import FAILING, HELLO, INVALID, heat_executable, local_env

SERVE = '''\
import sys
from heat_api.server import Server
from heat_api.wsgi import create_app
server = Server(create_app([]), port=0)
print(server.port, flush=True)
server.serve_forever()
'''


def _manage(*args: str, env: dict) -> str:
    manage = os.path.join(os.path.dirname(sys.executable), 'heat-manage')
    return subprocess.run([manage if os.path.exists(manage) else 'heat-manage', *args],
                          env=env, capture_output=True, text=True, check=True,
                          timeout=120).stdout


class TestRemote(testtools.TestCase):
    """One API server (its own data home) serves every test; each test's
    ``heat`` has another, empty, data home, which remote mode never uses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server_dir = tempfile.mkdtemp()
        cls.server = None
        try:
            import heat_api.wsgi  # noqa: F401
        except ImportError as exc:
            cls.unavailable = 'heat_api is not importable: %s' % exc
            return
        env = local_env(os.path.join(cls.server_dir, 'data'))
        _manage('db_sync', env=env)
        boot = json.loads(_manage('bootstrap', '--project', 'demo', '--user', 'alice',
                                  env=env))
        cls.server = subprocess.Popen([sys.executable, '-c', SERVE], env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        port = cls.server.stdout.readline().strip()
        if not port.isdigit():
            cls.unavailable = 'the API server did not start'
            return
        cls.unavailable = None
        cls.url = 'http://127.0.0.1:%s/v1/%s' % (port, boot['project_id'])
        cls.token = boot['token']

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.terminate()
            cls.server.wait(30)
        shutil.rmtree(cls.server_dir, True)
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        if self.unavailable:
            self.skipTest(self.unavailable)
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.data_home = os.path.join(self.dir, 'data')
        self.env = local_env(self.data_home)
        self.env.update(OS_HEAT_URL=self.url, OS_AUTH_TOKEN=self.token)
        self.write('hello.yaml', HELLO)
        # remote mode leaves the local data home alone
        self.addCleanup(lambda: self.assertFalse(
            os.path.exists(os.path.join(self.data_home, 'heat', 'heat.sqlite'))))

    def write(self, name: str, text: str) -> None:
        with open(os.path.join(self.dir, name), 'w', encoding='utf-8') as f:
            f.write(textwrap.dedent(text))

    def heat(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([heat_executable(), *args], cwd=self.dir, capture_output=True,
                              text=True, timeout=120, env=self.env)

    def heat_json(self, *args: str):
        result = self.heat(*args, '-f', 'json')
        self.assertEqual(0, result.returncode, result.stderr)
        return json.loads(result.stdout)

    def test_create_wait_then_outputs(self):
        result = self.heat('stack', 'create', '--wait', '-t', 'hello.yaml', 'r-hello')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertIn('[r-hello.store]: CREATE_COMPLETE', result.stdout)
        self.assertEqual('Hello, world', self.heat_json(
            'stack', 'output', 'show', 'r-hello', '--all')['message']['output_value'])

    def test_a_failed_create_exits_one_with_the_reason(self):
        self.write('failing.yaml', FAILING)
        result = self.heat('stack', 'create', '--wait', '-t', 'failing.yaml', 'r-bad')
        self.assertEqual(1, result.returncode)
        self.assertIn('  r-bad.boom: CREATE_FAILED: Test Resource failed boom\n', result.stderr)

    def test_invalid_template_names_the_file(self):
        self.write('invalid.yaml', INVALID)
        result = self.heat('stack', 'create', '-t', 'invalid.yaml', 'r-invalid')
        self.assertEqual(('invalid.yaml:4:11: resources.thing.type: Unknown resource type '
                          '"OS::Heat::Nope" (did you mean "OS::Heat::None"?)\n', 1),
                         (result.stderr, result.returncode))

    def test_unknown_stack(self):
        result = self.heat('stack', 'show', 'r-nosuch')
        self.assertEqual(('Stack not found: r-nosuch\n', 1),
                         (result.stderr, result.returncode))

    def test_update_existing_then_delete(self):
        self.heat('stack', 'create', '--wait', '-t', 'hello.yaml', 'r-update')
        result = self.heat('stack', 'update', '--existing', '--parameter', 'greeting=Hi',
                           '--wait', 'r-update')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertEqual('Hi, world', self.heat_json(
            'stack', 'output', 'show', 'r-update', 'message')['output_value'])
        result = self.heat('stack', 'delete', '--yes', '--wait', 'r-update')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertNotIn('r-update', [r['Stack Name']
                                      for r in self.heat_json('stack', 'list')])

    def test_list_and_resources(self):
        self.heat('stack', 'create', '--wait', '-t', 'hello.yaml', 'r-list')
        rows = self.heat_json('stack', 'list', '--property', 'name=r-list')
        self.assertEqual(['CREATE_COMPLETE'], [r['Stack Status'] for r in rows])
        resources = self.heat_json('stack', 'resource', 'list', 'r-list')
        self.assertEqual(['message', 'store'], sorted(r['resource_name'] for r in resources))
