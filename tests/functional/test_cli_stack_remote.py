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


def start_api(cls, password: str | None = None) -> None:
    """Start a Heat API server for a test class: sets ``cls.url`` (the
    orchestration endpoint), ``cls.token``, ``cls.project_id``, or
    ``cls.unavailable`` (why the tests skip).  ``password``: alice's."""
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
                              *(['--password', password] if password else []), env=env))
    cls.server = subprocess.Popen([sys.executable, '-c', SERVE], env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port = cls.server.stdout.readline().strip()
    if not port.isdigit():
        cls.unavailable = 'the API server did not start'
        return
    cls.unavailable = None
    cls.project_id = boot['project_id']
    cls.url = 'http://127.0.0.1:%s/v1/%s' % (port, boot['project_id'])
    cls.token = boot['token']


def stop_api(cls) -> None:
    if cls.server is not None:
        cls.server.terminate()
        cls.server.wait(30)
    shutil.rmtree(cls.server_dir, True)


class RemoteCliTestCase(testtools.TestCase):
    """One API server (its own data home) serves every test of the class;
    each test's ``heat`` runs in ``self.dir`` with ``self.env`` pointing it
    at the server, and another, empty, data home."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start_api(cls)

    @classmethod
    def tearDownClass(cls):
        stop_api(cls)
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


class TestRemote(RemoteCliTestCase):
    """The stack commands in remote mode; the test's own data home stays
    unused."""

    def setUp(self):
        super().setUp()
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

    def test_graph_from_the_rest_resource_list(self):
        self.heat('stack', 'create', '--wait', '-t', 'hello.yaml', 'r-graph')
        result = self.heat('stack', 'graph', 'r-graph')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertIn('"message" -> "store";\n', result.stdout)
        self.assertIn('"store" [label="store\\nOS::Heat::TestResource\\nCREATE_COMPLETE", '
                      'fillcolor=palegreen', result.stdout)

    def test_nested_templates_and_files_are_sent(self):
        from tests.functional.test_cli_local import write_nested_tree
        write_nested_tree(self)
        result = self.heat('stack', 'create', '--wait', '-t', 'outer.yaml', 'r-files')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual('from a file', self.heat_json(
            'stack', 'output', 'show', 'r-files', 'Said')['output_value'])

    def test_failures_list_nested_and_list_nested_deleted(self):
        from tests.functional.test_cli_stack import INNER, OUTER
        self.write('inner.yaml', INNER)
        self.write('outer.yaml', OUTER)
        self.heat('stack', 'create', '--wait', '--disable-rollback', '-t', 'outer.yaml',
                  '--parameter', 'fail=true', 'r-nest')
        result = self.heat('stack', 'failures', 'list', 'r-nest')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(['r-nest.child.leaf:', '  resource_type: OS::Heat::TestResource'],
                         result.stdout.splitlines()[:2])
        self.heat('stack', 'create', '--wait', '-t', 'hello.yaml', 'r-gone')
        self.heat('stack', 'delete', '--yes', '--wait', 'r-gone')
        rows = self.heat_json('stack', 'list', '--nested', '--deleted')
        by_name = {r['Stack Name']: r for r in rows}
        self.assertEqual(['Parent', 'Deletion Time'], list(rows[0])[-2:])
        self.assertEqual([by_name['r-nest']['ID']], [
            r['Parent'] for n, r in by_name.items() if n.startswith('r-nest-child-')])
        self.assertEqual('DELETE_COMPLETE', by_name['r-gone']['Stack Status'])

    def test_existing_clear_parameter_dry_run(self):
        self.heat('stack', 'create', '--wait', '-t', 'hello.yaml', '--parameter',
                  'greeting=Hi', 'r-dry')
        result = self.heat('stack', 'update', '--existing', '--clear-parameter', 'greeting',
                           '--dry-run', 'r-dry', '-f', 'value', '-c', 'updated')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertEqual('message (OS::Heat::Value)\nstore (OS::Heat::TestResource)\n',
                         result.stdout)
        self.assertEqual('Hi, world', self.heat_json(
            'stack', 'output', 'show', 'r-dry', 'message')['output_value'])

    def test_event_list_follow(self):
        from tests.functional.test_cli_local import FollowedEvents
        self.heat('stack', 'create', '--wait', '-t', 'hello.yaml', 'r-follow')
        follow = FollowedEvents(self, 'r-follow')
        self.assertEqual(0, self.heat('stack', 'update', '--existing', '--parameter',
                                      'greeting=Hi', '--wait', 'r-follow').returncode)
        lines = follow.until('[r-follow]: UPDATE_COMPLETE')
        self.assertIn('[r-follow.store]: UPDATE_COMPLETE  state changed', '\n'.join(lines))
        self.assertEqual((0, ''), follow.interrupt())

    def test_stack_list_loads_no_keystone_and_no_engine(self):
        from tests.functional.test_cli_local import imported_modules
        modules = imported_modules(self, 'stack', 'list')
        self.assertIn('heat_cli.remote', modules)
        self.assertEqual([], sorted(m for m in modules if m.split('.')[0] in (
            'keystoneauth1', 'openstack', 'requests', 'sqlalchemy', 'taskflow', 'heat_core')))
