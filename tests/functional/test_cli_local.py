"""Local mode beyond single commands: crash recovery when a ``heat`` died
mid-operation, and the files a template refers to reaching the engine."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

from tests.functional.test_cli_stack import StackCliTestCase, heat_executable

SLOW = '''\
heat_template_version: 2021-04-16
resources:
  slow:
    type: OS::Heat::TestResource
    properties: {value: slow, wait_secs: 3}
'''

#: liveness.DEAD_AFTER (an engine silent this long is dead) plus a margin
ENGINE_DEAD_AFTER = 4.5


class TestRecovery(StackCliTestCase):

    def _status(self, name: str) -> str | None:
        path = os.path.join(self.data_home, 'heat', 'heat.sqlite')
        if not os.path.exists(path):
            return None
        try:
            with sqlite3.connect(path, timeout=5) as db:
                row = db.execute('SELECT action, status FROM stack WHERE name = ? AND '
                                 'deleted_at IS NULL', (name,)).fetchone()
        except sqlite3.OperationalError:
            return None     # schema not there yet
        return '%s_%s' % row if row else None

    def _crash_during_create(self, name: str) -> None:
        """Start ``heat stack create`` of SLOW and SIGKILL it mid-create."""
        self.write('slow.yaml', SLOW)
        proc = subprocess.Popen([heat_executable(), 'stack', 'create', '-t', 'slow.yaml', name],
                                cwd=self.dir, env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        self.addCleanup(proc.wait)
        deadline = time.monotonic() + 60
        while self._status(name) != 'CREATE_IN_PROGRESS':
            self.assertIsNone(proc.poll(), 'the create ended before it could be killed')
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    def test_a_mutating_command_first_finishes_what_a_killed_heat_left(self):
        self._crash_during_create('crashed')
        time.sleep(ENGINE_DEAD_AFTER)
        # reading commands leave it alone
        self.assertEqual(['CREATE_IN_PROGRESS'], [
            r['Stack Status'] for r in self.heat_json('stack', 'list')])
        result = self.heat('stack', 'create', '-t', 'hello.yaml', 'hello')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(['Resuming the operation on stack crashed that an engine left '
                          'CREATE_IN_PROGRESS ...', 'Stack crashed: CREATE_COMPLETE'],
                         result.stderr.splitlines())
        self.assertEqual('CREATE_COMPLETE', self._status('crashed'))
        self.assertEqual('CREATE_COMPLETE', self._status('hello'))

    def test_nothing_to_recover_says_nothing(self):
        self.create()
        result = self.heat('stack', 'update', '--existing', '--parameter', 'greeting=Hi', 'hello')
        self.assertEqual(('', 0), (result.stderr, result.returncode))


CFN_OUTER = '''\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Nested:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: %s
      Parameters: {Greeting: hi}
Outputs:
  Said:
    Value: {'Fn::GetAtt': [Nested, Outputs.Said]}
'''

#: nested/inner.yaml: a get_file and a provider template, both next to it
NESTED_INNER = '''\
heat_template_version: 2021-04-16
parameters:
  Greeting: {type: string}
resources:
  note:
    type: OS::Heat::TestResource
    properties:
      value: {get_file: message.txt}
  leaf:
    type: leaf.yaml
outputs:
  Said:
    value: {get_attr: [note, output]}
'''

LEAF = '''\
heat_template_version: 2021-04-16
resources:
  nothing:
    type: OS::Heat::None
'''


def write_nested_tree(test, template_url: str = 'nested/inner.yaml') -> None:
    """outer.yaml → (TemplateURL) nested/inner.yaml → (type) nested/leaf.yaml
    and (get_file) nested/message.txt."""
    os.makedirs(os.path.join(test.dir, 'nested'), exist_ok=True)
    test.write('outer.yaml', CFN_OUTER % template_url)
    test.write('nested/inner.yaml', NESTED_INNER)
    test.write('nested/leaf.yaml', LEAF)
    test.write('nested/message.txt', 'from a file')


class TestFiles(StackCliTestCase):

    def test_template_url_provider_templates_and_get_file_reach_the_engine(self):
        write_nested_tree(self)
        self.create('tu', 'outer.yaml')
        self.assertEqual('from a file', self.heat_json(
            'stack', 'output', 'show', 'tu', 'Said')['output_value'])
        rows = self.heat_json('stack', 'resource', 'list', 'tu', '--nested-depth', '3')
        self.assertEqual(['Nested', 'leaf', 'note', 'nothing'],
                         sorted(r['resource_name'] for r in rows))

    def test_a_file_url_and_a_template_in_another_directory(self):
        write_nested_tree(self, 'file://' + os.path.join(self.dir, 'nested', 'inner.yaml'))
        result = self.heat('stack', 'create', '-t', os.path.join(self.dir, 'outer.yaml'),
                           'tu')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual('CREATE_COMPLETE', self.status('tu'))

    def test_a_missing_nested_template_is_reported_at_its_template_url(self):
        self.write('outer.yaml', CFN_OUTER % 'nested/none.yaml')
        result = self.heat('stack', 'create', '-t', 'outer.yaml', 'tu')
        self.assertEqual(1, result.returncode)
        self.assertIn('outer.yaml:', result.stderr)
        self.assertIn('TemplateURL "nested/none.yaml" was not supplied', result.stderr)


class TestEvents(StackCliTestCase):

    def test_events_after_a_marker_are_named_from_the_stack_link(self):
        self.create()
        first = self.heat_json('stack', 'event', 'list', 'hello', '-c', 'id')[0]['id']
        result = self.heat('stack', 'event', 'list', 'hello', '--marker', first)
        self.assertEqual(0, result.returncode, result.stderr)
        names = [line.split('[', 1)[1].split(']', 1)[0] for line in result.stdout.splitlines()]
        # the stack's own first event (its name) is not in the list
        self.assertEqual({'hello.message', 'hello.store', 'hello'}, set(names))

    def test_follow_prints_the_events_of_another_process_until_interrupted(self):
        self.create()
        follow = FollowedEvents(self, 'hello')
        self.assertEqual(0, self.heat('stack', 'update', '--existing', '--parameter',
                                      'greeting=Hi', 'hello').returncode)
        lines = follow.until('[hello]: UPDATE_COMPLETE')
        self.assertIn('[hello.store]: UPDATE_COMPLETE  state changed', '\n'.join(lines))
        self.assertEqual((0, ''), follow.interrupt())


class FollowedEvents:
    """``heat stack event list --follow STACK`` running in the background."""

    def __init__(self, test, stack: str):
        import queue
        import threading
        self.lines: queue.Queue = queue.Queue()
        self.proc = subprocess.Popen(
            [heat_executable(), 'stack', 'event', 'list', '--follow', stack], cwd=test.dir,
            env=test.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        test.addCleanup(self._kill)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip('\n'))

    def until(self, text: str, timeout: float = 60) -> list[str]:
        """The lines printed up to the one containing ``text``."""
        import queue
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError('no line with %r in %.0f s: %s' % (
                    text, timeout, seen)) from None
            seen.append(line)
            if text in line:
                return seen

    def interrupt(self) -> tuple[int, str]:
        """Ctrl-C: ``(exit status, stderr)``."""
        self.proc.send_signal(signal.SIGINT)
        _, err = self.proc.communicate(timeout=30)
        return self.proc.returncode, err

    def _kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()


class TestListAndPreview(StackCliTestCase):

    def test_list_nested_and_deleted_together(self):
        from tests.functional.test_cli_stack import INNER, OUTER
        self.write('inner.yaml', INNER)
        self.write('outer.yaml', OUTER)
        self.create('nest', 'outer.yaml')
        self.create('gone')
        self.assertEqual(0, self.heat('stack', 'delete', '--yes', 'gone').returncode)
        rows = self.heat_json('stack', 'list', '--nested', '--deleted')
        self.assertEqual(['ID', 'Stack Name', 'Stack Status', 'Creation Time', 'Updated Time',
                          'Parent', 'Deletion Time'], list(rows[0]))
        by_name = {r['Stack Name']: r for r in rows}
        nest_id = by_name['nest']['ID']
        child = [r for n, r in by_name.items() if n.startswith('nest-child-')]
        self.assertEqual([nest_id], [r['Parent'] for r in child])
        self.assertEqual('DELETE_COMPLETE', by_name['gone']['Stack Status'])
        self.assertTrue(by_name['gone']['Deletion Time'])
        self.assertEqual(['nest'], [r['Stack Name'] for r in self.heat_json('stack', 'list')])

    def test_existing_clear_parameter_dry_run_shows_the_diff_and_changes_nothing(self):
        self.create('hello', 'hello.yaml', '--parameter', 'greeting=Hi')
        result = self.heat('stack', 'update', '--existing', '--clear-parameter', 'greeting',
                           '--dry-run', 'hello', '-f', 'value', '-c', 'updated', '-c',
                           'unchanged')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertEqual('message (OS::Heat::Value)\nstore (OS::Heat::TestResource)\n\n',
                         result.stdout)
        self.assertEqual('Hi, world', self.heat_json(
            'stack', 'output', 'show', 'hello', 'message')['output_value'])


def imported_modules(test, *args: str) -> set:
    """The modules ``heat ARGS`` imports (``python -X importtime``)."""
    import sys
    result = subprocess.run([sys.executable, '-X', 'importtime', heat_executable(), *args],
                            cwd=test.dir, env=test.env, capture_output=True, text=True,
                            timeout=120)
    test.assertEqual(0, result.returncode, result.stderr[-2000:])
    return {line.rsplit('|', 1)[1].strip() for line in result.stderr.splitlines()
            if line.startswith('import time:') and line.count('|') == 2}


class TestStartUp(StackCliTestCase):

    def test_reading_commands_do_not_load_the_workflow_engine(self):
        self.create()
        modules = imported_modules(self, 'stack', 'list')
        self.assertIn('heat_core.engine.service', modules)
        self.assertEqual([], sorted(m for m in modules
                                    if m.split('.')[0] in ('taskflow', 'futurist', 'networkx')))
