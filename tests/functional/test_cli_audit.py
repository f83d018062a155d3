"""Acceptance checks of the ``heat`` command line that span processes:
local ``heat`` and ``heat-all`` on one data home, ``heat`` next to
python-openstackclient's ``openstack stack`` on one server, a terminal
(pty) against a pipe, shell completion, and signals and cancels sent from a
second ``heat`` while the first one runs."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import testtools

from tests.functional.test_cli_stack import HELLO, StackCliTestCase, heat_executable, local_env

SLOW_CREATE = '''\
heat_template_version: 2021-04-16
resources:
  first:
    type: OS::Heat::TestResource
    properties:
      action_wait_secs: {create: 2}
  second:
    type: OS::Heat::TestResource
    properties:
      value: {get_attr: [first, output]}
'''

SLOW_UPDATE = '''\
heat_template_version: 2021-04-16
parameters:
  v: {type: string, default: a}
resources:
  slow:
    type: OS::Heat::TestResource
    properties:
      value: {get_param: v}
      action_wait_secs: {update: 3}
'''

WAIT_CONDITION = '''\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  handle:
    Type: AWS::CloudFormation::WaitConditionHandle
  wait:
    Type: AWS::CloudFormation::WaitCondition
    Properties:
      Handle: {Ref: handle}
      Timeout: 60
Outputs:
  data:
    Value: {'Fn::GetAtt': [wait, Data]}
'''

# a stand-in for bash-completion's helper, which the generated script calls
COMPLETION_HELPER = ('_get_comp_words_by_ref() { cur=${COMP_WORDS[COMP_CWORD]}; '
                     'prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); }\n')


def _executable(name: str) -> str:
    here = os.path.join(os.path.dirname(sys.executable), name)
    return here if os.path.exists(here) else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def run_on_a_terminal(args: list[str], cwd: str, env: dict, timeout: float = 120) -> tuple:
    """Run ``args`` with stdin, stdout and stderr on a pseudo-terminal:
    ``(exit status, everything written)``."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    out = b''
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:      # the child closed the terminal
                break
            if not data:
                break
            out += data
    finally:
        os.close(master)
    return proc.wait(timeout), out.decode('utf-8', 'replace')


class TestLocalAndServerShareTheDataHome(testtools.TestCase):
    """``heat-all`` serves the data home that local ``heat`` uses; the
    project ``local`` (``heat-manage bootstrap --project-id local``) is the
    project of local mode, so each sees the other's stacks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.home = tempfile.mkdtemp()
        cls.server = None
        cls.env = local_env(os.path.join(cls.home, 'data'))
        boot = subprocess.run([_executable('heat-manage'), 'bootstrap', '--project', 'local',
                               '--project-id', 'local', '--user', 'alice'], env=cls.env,
                              capture_output=True, text=True, timeout=120, check=True)
        cls.token = json.loads(boot.stdout)['token']
        port = _free_port()
        conf = os.path.join(cls.home, 'heat.conf')
        with open(conf, 'w', encoding='utf-8') as f:
            f.write('[heat_api]\nbind_host = 127.0.0.1\nbind_port = %d\n'
                    '[heat_api_cfn]\nbind_host = 127.0.0.1\nbind_port = %d\n'
                    % (port, _free_port()))
        cls.log = open(os.path.join(cls.home, 'heat-all.log'), 'w+', encoding='utf-8')
        cls.server = subprocess.Popen([_executable('heat-all'), '--config-file', conf],
                                      env=cls.env, stdout=cls.log, stderr=subprocess.STDOUT)
        cls.url = 'http://127.0.0.1:%d/v1/local' % port

        def serving():
            with open(cls.log.name, encoding='utf-8') as f:
                return 'Serving on http://127.0.0.1:%d' % port in f.read()
        cls.unavailable = None if wait_until(serving, 60) else 'heat-all did not start'

    @classmethod
    def tearDownClass(cls):
        if cls.server is not None:
            cls.server.terminate()
            cls.server.wait(30)
        cls.log.close()
        shutil.rmtree(cls.home, True)
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        if self.unavailable:
            self.skipTest(self.unavailable)
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir, True)
        with open(os.path.join(self.dir, 'hello.yaml'), 'w', encoding='utf-8') as f:
            f.write(HELLO)

    def local(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([heat_executable(), *args], cwd=self.dir, env=self.env,
                              capture_output=True, text=True, timeout=120)

    def remote(self, *args: str) -> subprocess.CompletedProcess:
        return self.local('--os-heat-url', self.url, '--os-auth-token', self.token, *args)

    def shown(self, run, name: str) -> dict:
        result = run('stack', 'show', name, '-f', 'json', '-c', 'id', '-c', 'stack_status')
        self.assertEqual(0, result.returncode, result.stderr)
        return json.loads(result.stdout)

    def test_a_stack_created_locally_is_visible_through_the_server(self):
        created = self.local('stack', 'create', '-t', 'hello.yaml', 'made-locally',
                             '-f', 'json', '-c', 'id')
        self.assertEqual(0, created.returncode, created.stderr)
        stack_id = json.loads(created.stdout)['id']
        self.assertEqual({'id': stack_id, 'stack_status': 'CREATE_COMPLETE'},
                         self.shown(self.remote, 'made-locally'))
        listed = self.remote('stack', 'list', '-f', 'value', '-c', 'Stack Name')
        self.assertIn('made-locally', listed.stdout.split())

    def test_a_stack_created_through_the_server_is_visible_locally(self):
        created = self.remote('stack', 'create', '--wait', '-t', 'hello.yaml', 'made-remotely')
        self.assertEqual(0, created.returncode, created.stderr)
        self.assertEqual(self.shown(self.remote, 'made-remotely'),
                         self.shown(self.local, 'made-remotely'))
        output = self.local('stack', 'output', 'show', 'made-remotely', 'message',
                            '-f', 'value', '-c', 'output_value')
        self.assertEqual(('Hello, world\n', 0), (output.stdout, output.returncode))

    def test_cancel_rolls_back_an_update_in_progress(self):
        with open(os.path.join(self.dir, 'slow.yaml'), 'w', encoding='utf-8') as f:
            f.write(SLOW_UPDATE)
        created = self.remote('stack', 'create', '--wait', '-t', 'slow.yaml', 'to-cancel')
        self.assertEqual(0, created.returncode, created.stderr)
        update = subprocess.Popen(
            [heat_executable(), '--os-heat-url', self.url, '--os-auth-token', self.token,
             'stack', 'update', '--wait', '--existing', '--parameter', 'v=b', 'to-cancel'],
            cwd=self.dir, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        self.addCleanup(lambda: update.poll() is None and update.kill())
        self.assertTrue(wait_until(lambda: self.shown(self.remote, 'to-cancel')[
            'stack_status'] == 'UPDATE_IN_PROGRESS'))
        cancel = self.remote('stack', 'cancel', '--wait', 'to-cancel')
        self.assertEqual(0, cancel.returncode, cancel.stderr)
        out, err = update.communicate(timeout=120)
        self.assertEqual(1, update.returncode, out + err)   # the update did not complete
        self.assertIn('Stack UPDATE cancelled', out)
        self.assertEqual('ROLLBACK_COMPLETE', self.shown(self.remote, 'to-cancel')['stack_status'])

    #: ``heat X -f json`` and ``openstack X -f json`` against one server give
    #: the same fields (keys of a show, columns of a list)
    READS = [
        ('stack', 'list'), ('stack', 'list', '--long'), ('stack', 'list', '--nested'),
        ('stack', 'list', '--deleted'), ('stack', 'list', '--short'),
        ('stack', 'show', 'seen'), ('stack', 'output', 'list', 'seen'),
        ('stack', 'output', 'show', 'seen', 'message'),
        ('stack', 'output', 'show', 'seen', '--all'),
        ('stack', 'resource', 'list', 'seen'), ('stack', 'resource', 'list', 'seen', '-n', '2'),
        ('stack', 'resource', 'list', 'seen', '--long'),
        ('stack', 'resource', 'show', 'seen', 'store'),
        ('stack', 'resource', 'metadata', 'seen', 'store'),
        ('stack', 'event', 'list', 'seen'),
        ('stack', 'event', 'list', 'seen', '--nested-depth', '2'),
        ('stack', 'event', 'list', 'seen', '--resource', 'store'),
        ('stack', 'environment', 'show', 'seen'), ('stack', 'template', 'show', 'seen'),
        ('stack', 'export', 'seen'),
        ('resource', 'type', 'list'), ('resource', 'type', 'list', '--long'),
        ('resource', 'type', 'show', 'OS::Heat::None'),
        ('resource', 'type', 'show', 'OS::Heat::None', '--long'),
        ('template', 'version', 'list'),
        ('template', 'function', 'list', 'heat_template_version.2018-08-31'),
    ]

    def fields(self, command: list[str], args: tuple) -> list:
        result = subprocess.run([*command, *args, '-f', 'json'], cwd=self.dir, env=self.env,
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(0, result.returncode, '%s: %s' % (' '.join(args), result.stderr))
        data = json.loads(result.stdout)
        if isinstance(data, list):
            self.assertNotEqual([], data, ' '.join(args))
            return sorted(data[0])
        return sorted(data)

    def test_lists_and_shows_have_the_fields_of_openstack_stack(self):
        openstack = shutil.which('openstack')
        if openstack is None:
            self.skipTest('python-openstackclient is not installed (pip install .[test])')
        created = self.remote('stack', 'create', '--wait', '-t', 'hello.yaml', 'seen')
        self.assertEqual(0, created.returncode, created.stderr)
        heat = [heat_executable(), '--os-heat-url', self.url, '--os-auth-token', self.token]
        osc = [openstack, '--os-auth-type', 'admin_token', '--os-endpoint=' + self.url,
               '--os-token=' + self.token]
        for args in self.READS:
            prefix = () if args[0] == 'stack' else ('orchestration',)
            self.assertEqual(self.fields(osc, prefix + args), self.fields(heat, args),
                             ' '.join(args))


class TestTerminal(StackCliTestCase):
    """``--wait`` draws a progress line on a terminal, plain lines elsewhere."""

    def setUp(self):
        super().setUp()
        self.write('slow.yaml', SLOW_CREATE)

    def test_on_a_terminal_a_progress_line_counts_resources_and_time(self):
        status, out = run_on_a_terminal(
            [heat_executable(), 'stack', 'create', '--wait', '-t', 'slow.yaml', 'tty'],
            self.dir, self.env)
        self.assertEqual(0, status, out)
        self.assertIn('\r\x1b[2KCREATE tty [', out)
        self.assertRegex(out, r'\] 0/2 resources  \d+\.\ds')
        self.assertIn('[tty.second]: CREATE_COMPLETE', out)

    def test_in_a_pipe_only_the_plain_event_lines(self):
        result = self.heat('stack', 'create', '--wait', '-t', 'slow.yaml', 'piped')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertNotIn('\x1b', result.stdout + result.stderr)
        self.assertNotIn('\r', result.stdout + result.stderr)
        self.assertNotIn(' resources  ', result.stdout)
        self.assertIn('[piped.second]: CREATE_COMPLETE', result.stdout)


class TestCompletion(StackCliTestCase):

    def complete(self, *words: str) -> list[str]:
        """What bash offers for the last of ``words`` after ``heat complete``
        is sourced."""
        script = self.heat('complete')
        self.assertEqual(0, script.returncode, script.stderr)
        path = self.write('heat.bash', COMPLETION_HELPER + script.stdout)
        line = 'source %s\nCOMP_WORDS=(heat %s); COMP_CWORD=%d; _heat; echo "${COMPREPLY[@]}"\n' % (
            path, ' '.join(words), len(words))
        done = subprocess.run(['bash', '-c', line], capture_output=True, text=True, timeout=30)
        self.assertEqual(('', 0), (done.stderr, done.returncode))
        return done.stdout.split()

    def test_commands_complete(self):
        self.assertEqual(['create'], self.complete('stack', 'cr'))
        self.assertEqual(['signal'], self.complete('stack', 'resource', 'sig'))

    def test_options_complete(self):
        self.assertEqual(['--parameter', '--parameter-file'],
                         self.complete('stack', 'create', '--para'))


class TestInputs(StackCliTestCase):

    def test_parameter_file_reads_a_value_from_a_file(self):
        self.write('greeting.txt', 'Howdy')
        self.create('hello', 'hello.yaml', '--parameter-file', 'greeting=greeting.txt')
        output = self.heat('stack', 'output', 'show', 'hello', 'message',
                           '-f', 'value', '-c', 'output_value')
        self.assertEqual(('Howdy, world\n', 0), (output.stdout, output.returncode))

    def test_a_missing_parameter_file_is_one_line(self):
        result = self.heat('stack', 'create', '-t', 'hello.yaml',
                           '--parameter-file', 'greeting=nowhere.txt', 'hello')
        self.assertEqual(1, result.returncode)
        self.assertEqual(1, len(result.stderr.splitlines()), result.stderr)
        self.assertIn('nowhere.txt', result.stderr)

    def test_signal_data_completes_a_wait_condition_of_a_create_in_another_heat(self):
        self.write('wait.yaml', WAIT_CONDITION)
        create = subprocess.Popen([heat_executable(), 'stack', 'create', '--wait', '-t',
                                   'wait.yaml', 'waiting'], cwd=self.dir, env=self.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: create.poll() is None and create.kill())

        def handle_ready():
            if create.poll() is not None:   # the create ended early: say why
                out, err = create.communicate()
                self.fail('the create ended (%s) before the signal: %s%s'
                          % (create.returncode, out, err))
            shown = self.heat('stack', 'resource', 'show', 'waiting', 'handle',
                              '-f', 'value', '-c', 'resource_status')
            return shown.stdout.strip() == 'CREATE_COMPLETE'
        self.assertTrue(wait_until(handle_ready, timeout=60),
                        self.heat('stack', 'event', 'list', 'waiting').stdout)
        signal = self.heat('stack', 'resource', 'signal', 'waiting', 'handle', '--data',
                           '{"Status": "SUCCESS", "Reason": "ready", "UniqueId": "1", '
                           '"Data": "hello"}')
        self.assertEqual(('', 0), (signal.stderr, signal.returncode))
        out, err = create.communicate(timeout=120)
        self.assertEqual(0, create.returncode, out + err)
        output = self.heat('stack', 'output', 'show', 'waiting', 'data',
                           '-f', 'value', '-c', 'output_value')
        self.assertEqual({'1': 'hello'}, json.loads(output.stdout))

    def test_environment_files_and_timeout_reach_the_stack(self):
        self.write('one.yaml', 'parameter_defaults: {greeting: Hi}\n')
        self.write('two.yaml', 'parameters: {greeting: Hey}\n')
        self.create('hello', 'hello.yaml', '-e', 'one.yaml', '-e', 'two.yaml', '--timeout', '7')
        shown = self.heat_json('stack', 'show', 'hello', '-c', 'timeout_mins', '-c', 'outputs')
        self.assertEqual(7, shown['timeout_mins'])
        self.assertEqual(['Hey, world'], [o['output_value'] for o in shown['outputs']])
