"""The installed processes serving the REST API: heat-all (API and engine
in one process), heat-api, and gunicorn with ``heat_api.wsgi``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import requests

from tests import base
from tests.functional.test_api_base import TEMPLATE_OBJECT

SLOW = {
    'heat_template_version': '2016-10-14',
    'resources': {'slow': {'type': 'OS::Heat::TestResource',
                           'properties': {'value': 'done', 'wait_secs': 4}}},
    'outputs': {'value': {'value': {'get_attr': ['slow', 'output']}}},
}


def executable(name: str) -> str:
    here = os.path.join(os.path.dirname(sys.executable), name)
    return here if os.path.exists(here) else shutil.which(name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class ProcessTestCase(base.TestCase):
    """A state directory ($XDG_DATA_HOME) and configuration file of its own."""

    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix='heat-test-proc-')
        self.addCleanup(shutil.rmtree, self.home, True)
        self.env = dict(os.environ, XDG_DATA_HOME=self.home)
        self.port = free_port()
        self.cfn_port = free_port()     # heat-all serves the CloudFormation API too
        self.conf = os.path.join(self.home, 'heat.conf')
        with open(self.conf, 'w', encoding='utf-8') as f:
            f.write('[heat_api]\nbind_port = %d\nthreads = 4\n[heat_api_cfn]\nbind_port = %d\n'
                    % (self.port, self.cfn_port))
        self.url = 'http://127.0.0.1:%d' % self.port

    def run_cmd(self, *argv) -> subprocess.CompletedProcess:
        return subprocess.run([executable(argv[0]), *argv[1:]], env=self.env,
                              capture_output=True, text=True, timeout=120)

    def bootstrap(self, *extra) -> dict:
        done = self.run_cmd('heat-manage', '--config-file', self.conf, 'bootstrap',
                            '--project', 'demo', '--user', 'admin', '--password', 'pw', *extra)
        self.assertEqual(0, done.returncode, done.stderr)
        return json.loads(done.stdout)

    def start(self, *argv) -> subprocess.Popen:
        """Start a server process; it is killed (by pid) at cleanup."""
        log = open(os.path.join(self.home, 'server-%d.log' % time.monotonic_ns()), 'w+')
        self.addCleanup(log.close)
        proc = subprocess.Popen([executable(argv[0]), *argv[1:]], env=self.env, stdout=log,
                                stderr=subprocess.STDOUT)
        proc.log = log
        self.addCleanup(self._stop, proc)
        self.wait_listening(proc)
        return proc

    def _stop(self, proc):
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)

    def wait_listening(self, proc, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.fail('server exited with %s:\n%s' % (proc.returncode, self.output(proc)))
            try:
                if requests.get(self.url + '/', timeout=5).status_code == 300:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        self.fail('server not listening after %s s:\n%s' % (timeout, self.output(proc)))

    @staticmethod
    def output(proc) -> str:
        proc.log.flush()
        proc.log.seek(0)
        return proc.log.read()

    def heat(self, project: str, token: str):
        from heatclient import client
        return client.Client('1', endpoint='%s/v1/%s' % (self.url, project), token=token)

    def wait_status(self, heat, name: str, status: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        current = None
        while time.monotonic() < deadline:
            current = heat.stacks.get(name).stack_status
            if current == status:
                return current
            time.sleep(0.2)
        self.fail('stack %s is %s, not %s, after %s s' % (name, current, status, timeout))


class TestHeatAll(ProcessTestCase):

    def test_serves_the_api_and_runs_stacks_then_stops_on_sigterm(self):
        boot = self.bootstrap()
        proc = self.start('heat-all', '--config-file', self.conf)
        heat = self.heat(boot['project_id'], boot['token'])
        heat.stacks.create(stack_name='web', template=TEMPLATE_OBJECT)
        self.wait_status(heat, 'web', 'CREATE_COMPLETE')
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(0, proc.wait(30), self.output(proc))
        self.assertIn('Stopped', self.output(proc))

    def test_shares_the_state_of_the_cli_local_mode(self):
        boot = self.bootstrap('--project-id', 'local')
        self.assertEqual('local', boot['project_id'])
        template = os.path.join(self.home, 'stack.json')
        with open(template, 'w', encoding='utf-8') as f:
            json.dump(TEMPLATE_OBJECT, f)
        made = self.run_cmd('heat', 'stack', 'create', '-t', template, 'from-cli')
        self.assertEqual(0, made.returncode, made.stderr)
        self.start('heat-all', '--config-file', self.conf)
        heat = self.heat('local', boot['token'])
        self.assertEqual(['from-cli'], [s.stack_name for s in heat.stacks.list()])
        heat.stacks.create(stack_name='from-api', template=TEMPLATE_OBJECT)
        self.wait_status(heat, 'from-api', 'CREATE_COMPLETE')
        listed = self.run_cmd('heat', 'stack', 'list', '-f', 'json')
        self.assertEqual(0, listed.returncode, listed.stderr)
        self.assertEqual({'from-cli', 'from-api'},
                         {s['Stack Name'] for s in json.loads(listed.stdout)})

    def test_takes_over_a_stack_whose_process_was_killed_and_rebinds_at_once(self):
        boot = self.bootstrap()
        first = self.start('heat-all', '--config-file', self.conf)
        heat = self.heat(boot['project_id'], boot['token'])
        heat.stacks.create(stack_name='slow', template=SLOW)
        time.sleep(1)
        self.assertEqual('CREATE_IN_PROGRESS', heat.stacks.get('slow').stack_status)
        first.kill()
        first.wait(10)
        # the same port again at once (SO_REUSEADDR), recovering the stack
        second = self.start('heat-all', '--config-file', self.conf)
        self.wait_status(heat, 'slow', 'CREATE_COMPLETE', timeout=60)
        self.assertIn('Took over stack', self.output(second))
        outputs = {o['output_key']: o['output_value'] for o in heat.stacks.get('slow').outputs}
        self.assertEqual('done', outputs['value'])

    def test_without_a_configuration_file_serves_on_the_default_ports(self):
        for port in (8004, 8000):
            with socket.socket() as probe:
                if probe.connect_ex(('127.0.0.1', port)) == 0:
                    self.skipTest('port %d is in use here' % port)
        self.url = 'http://127.0.0.1:8004'
        self.start('heat-all')
        self.assertEqual(300, requests.get(self.url + '/', timeout=10).status_code)
        cfn = requests.post('http://127.0.0.1:8000/', timeout=10,
                            data={'Action': 'ListStacks', 'Version': '2010-05-15'})
        self.assertEqual(403, cfn.status_code, cfn.text)
        self.assertIn('<Code>MissingAuthenticationToken</Code>', cfn.text)
        self.assertTrue(os.path.exists(os.path.join(self.home, 'heat', 'heat.sqlite')))

    def test_a_missing_configuration_file_is_reported(self):
        done = self.run_cmd('heat-all', '--config-file', os.path.join(self.home, 'nope.conf'))
        self.assertEqual(2, done.returncode)
        self.assertIn('heat-all: error: Failed to find some config files', done.stderr)

    def test_a_port_in_use_is_reported(self):
        with socket.socket() as taken:
            taken.bind(('127.0.0.1', 0))
            taken.listen()
            with open(self.conf, 'w', encoding='utf-8') as f:
                f.write('[heat_api]\nbind_port = %d\n' % taken.getsockname()[1])
            done = self.run_cmd('heat-all', '--config-file', self.conf)
        self.assertEqual(1, done.returncode)
        self.assertIn('Cannot listen on', done.stderr)


class TestHeatApi(ProcessTestCase):

    def test_serves_the_api(self):
        boot = self.bootstrap()
        proc = self.start('heat-api', '--config-file', self.conf)
        heat = self.heat(boot['project_id'], boot['token'])
        heat.stacks.create(stack_name='web', template=TEMPLATE_OBJECT)
        self.wait_status(heat, 'web', 'CREATE_COMPLETE')
        resp = requests.get('%s/v1/%s/build_info' % (self.url, boot['project_id']),
                            headers={'X-Auth-Token': boot['token']}, timeout=10)
        self.assertEqual(200, resp.status_code)
        proc.send_signal(signal.SIGINT)
        self.assertEqual(0, proc.wait(30), self.output(proc))


class TestGunicorn(ProcessTestCase):

    def test_threaded_workers_serve_heat_api_wsgi(self):
        boot = self.bootstrap()
        self.env['HEAT_CONFIG_FILE'] = self.conf
        proc = self.start('gunicorn', '--worker-class', 'gthread', '--workers', '1',
                          '--threads', '2', '--bind', '127.0.0.1:%d' % self.port,
                          'heat_api.wsgi:application')
        heat = self.heat(boot['project_id'], boot['token'])
        heat.stacks.create(stack_name='web', template=TEMPLATE_OBJECT)
        self.wait_status(heat, 'web', 'CREATE_COMPLETE')
        self.assertEqual(['web'], [s.stack_name for s in heat.stacks.list()])
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(0, proc.wait(30), self.output(proc))


class TestHeatManage(ProcessTestCase):

    def test_db_sync_brings_a_new_database_to_the_current_schema(self):
        from alembic.config import Config
        from alembic.script import ScriptDirectory
        migrations = Config()
        migrations.set_main_option('script_location', 'heat_core.db:migrations')
        head = ScriptDirectory.from_config(migrations).get_current_head()
        synced = self.run_cmd('heat-manage', '--config-file', self.conf, 'db_sync')
        self.assertEqual(0, synced.returncode, synced.stderr)
        self.assertEqual('', synced.stdout)
        self.assertIn('Database schema is at %s' % head, synced.stderr)
        self.assertNotIn('alembic', synced.stderr)    # no migration chatter
        self.assertTrue(os.path.exists(os.path.join(self.home, 'heat', 'heat.sqlite')))
        again = self.run_cmd('heat-manage', '--config-file', self.conf, 'db_sync')
        self.assertEqual(0, again.returncode, again.stderr)
        version = self.run_cmd('heat-manage', '--config-file', self.conf, 'db_version')
        self.assertEqual(head + '\n', version.stdout)
