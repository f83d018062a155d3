"""``heat stack ...`` in local mode: the installed ``heat`` run as a user
runs it, each test on its own ``$XDG_DATA_HOME``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time

import testtools

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

HELLO = '''\
heat_template_version: 2021-04-16
description: Hello
parameters:
  greeting:
    type: string
    default: Hello
resources:
  message:
    type: OS::Heat::Value
    properties:
      value:
        str_replace:
          template: "$greeting, world"
          params: {$greeting: {get_param: greeting}}
  store:
    type: OS::Heat::TestResource
    properties:
      value: {get_attr: [message, value]}
outputs:
  message:
    description: The greeting
    value: {get_attr: [store, output]}
'''

FAILING = '''\
heat_template_version: 2021-04-16
resources:
  good:
    type: OS::Heat::TestResource
  boom:
    type: OS::Heat::TestResource
    properties:
      fail: true
      value: {get_attr: [good, output]}
'''

INVALID = '''\
heat_template_version: 2021-04-16
resources:
  thing:
    type: OS::Heat::Nope
'''

STACK_COLUMNS = ['ID', 'Stack Name', 'Stack Status', 'Creation Time', 'Updated Time']


def heat_executable() -> str:
    here = os.path.join(os.path.dirname(sys.executable), 'heat')
    return here if os.path.exists(here) else shutil.which('heat')


def engine_offers(name: str) -> bool:
    from heat_core.engine.service import EngineService
    return callable(getattr(EngineService, name, None))


def local_env(data_home: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env['XDG_DATA_HOME'] = data_home
    return env


class StackCliTestCase(testtools.TestCase):
    """Runs ``heat`` in a temporary directory with its own data home and no
    remote endpoint in the environment (local mode)."""

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.data_home = os.path.join(self.dir, 'data')
        self.env = local_env(self.data_home)
        self.write('hello.yaml', HELLO)

    def write(self, name: str, text: str) -> str:
        path = os.path.join(self.dir, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(textwrap.dedent(text))
        return path

    def heat(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([heat_executable(), *args], cwd=self.dir, capture_output=True,
                              text=True, timeout=120, env=self.env)

    def heat_json(self, *args: str):
        result = self.heat(*args, '-f', 'json')
        self.assertEqual(0, result.returncode, result.stderr)
        return json.loads(result.stdout)

    def create(self, name='hello', template='hello.yaml', *args) -> subprocess.CompletedProcess:
        result = self.heat('stack', 'create', '-t', template, *args, name)
        self.assertEqual(0, result.returncode, result.stderr)
        return result

    def status(self, name='hello') -> str:
        return self.heat_json('stack', 'show', name, '-c', 'stack_status')['stack_status']


class TestCreate(StackCliTestCase):

    def test_create_wait_prints_the_events_and_exits_zero(self):
        result = self.heat('stack', 'create', '--wait', '-t', 'hello.yaml', 'hello')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        lines = result.stdout.splitlines()
        self.assertIn('[hello]: CREATE_IN_PROGRESS  Stack CREATE started', lines[0])
        self.assertTrue(any('[hello.store]: CREATE_COMPLETE' in line for line in lines))
        self.assertTrue(any('[hello]: CREATE_COMPLETE' in line for line in lines))
        self.assertIn('| stack_status        | CREATE_COMPLETE', result.stdout)

    def test_create_without_wait_runs_to_the_end_in_local_mode(self):
        result = self.create()
        self.assertNotIn('CREATE_IN_PROGRESS', result.stdout)
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_create_prints_the_short_stack_show(self):
        result = self.heat('stack', 'create', '-t', 'hello.yaml', 'hello', '-f', 'json')
        shown = json.loads(result.stdout)
        self.assertEqual(
            (['id', 'stack_name', 'description', 'creation_time', 'updated_time',
              'stack_status', 'stack_status_reason'], 'hello', 'CREATE_COMPLETE'),
            (list(shown), shown['stack_name'], shown['stack_status']))

    def test_a_failed_create_exits_one_with_the_failed_resource_and_its_reason(self):
        self.write('failing.yaml', FAILING)
        result = self.heat('stack', 'create', '--wait', '-t', 'failing.yaml', 'bad')
        self.assertEqual(1, result.returncode)
        self.assertIn('[bad.boom]: CREATE_FAILED  Test Resource failed boom', result.stdout)
        self.assertEqual(
            ['Stack bad ROLLBACK_COMPLETE: Resource CREATE failed: boom: Test Resource '
             'failed boom',
             '  bad.boom: CREATE_FAILED: Test Resource failed boom'],
            result.stderr.splitlines())

    def test_a_failed_create_without_wait_also_exits_one(self):
        self.write('failing.yaml', FAILING)
        result = self.heat('stack', 'create', '-t', 'failing.yaml', 'bad')
        self.assertEqual(1, result.returncode)
        self.assertIn('bad.boom: CREATE_FAILED: Test Resource failed boom', result.stderr)

    def test_rollback_is_on_by_default_and_can_be_disabled(self):
        self.write('failing.yaml', FAILING)
        self.heat('stack', 'create', '-t', 'failing.yaml', 'rolled')
        self.heat('stack', 'create', '--disable-rollback', '-t', 'failing.yaml', 'kept')
        self.assertEqual(('ROLLBACK_COMPLETE', 'CREATE_FAILED'),
                         (self.status('rolled'), self.status('kept')))

    def test_parameters_and_tags_reach_the_stack(self):
        self.create('hello', 'hello.yaml', '--parameter', 'greeting=Hi', '--tags', 'a,b')
        shown = self.heat_json('stack', 'show', 'hello')
        self.assertEqual(('Hi', ['a', 'b']), (shown['parameters']['greeting'], shown['tags']))

    def test_list_filters_by_tags(self):
        self.create('ab', 'hello.yaml', '--tags', 'a,b')
        self.create('b', 'hello.yaml', '--tags', 'b')

        def names(*args):
            return sorted(r['Stack Name'] for r in self.heat_json('stack', 'list', *args))
        self.assertEqual(
            (['ab'], ['ab', 'b'], ['b'], []),
            (names('--tags', 'a,b'), names('--tags', 'a,b', '--tag-mode', 'any'),
             names('--tags', 'a', '--tag-mode', 'not'),
             names('--tags', 'a,b', '--tag-mode', 'not-any')))

    def test_an_existing_name_is_an_error(self):
        self.create()
        result = self.heat('stack', 'create', '--wait', '-t', 'hello.yaml', 'hello')
        self.assertEqual(('', 'The Stack (hello) already exists.\n', 1),
                         (result.stdout, result.stderr, result.returncode))

    def test_dry_run_previews_without_creating(self):
        if not engine_offers('preview_stack'):
            self.skipTest('waits for EngineService.preview_stack')
        preview = self.heat_json('stack', 'create', '--dry-run', '-t', 'hello.yaml', 'hello')
        self.assertEqual('hello', preview['stack_name'])
        self.assertEqual([], self.heat_json('stack', 'list'))

    def test_the_database_is_created_in_the_data_home(self):
        self.assertEqual([], self.heat_json('stack', 'list'))
        self.assertTrue(os.path.exists(os.path.join(self.data_home, 'heat', 'heat.sqlite')))


class TestErrors(StackCliTestCase):

    def assertError(self, message, *args):
        result = self.heat(*args)
        self.assertEqual(('', message + '\n', 1),
                         (result.stdout, result.stderr, result.returncode))

    def test_missing_template_file(self):
        self.assertError('Could not read template file nowhere.yaml: No such file or directory',
                         'stack', 'create', '-t', 'nowhere.yaml', 'x')

    def test_malformed_parameter(self):
        self.assertError('Malformed parameter(greeting). Use the key=value format.',
                         'stack', 'create', '-t', 'hello.yaml', '--parameter', 'greeting', 'x')

    def test_invalid_template_prints_compiler_style_lines(self):
        self.write('invalid.yaml', INVALID)
        self.assertError('invalid.yaml:4:11: resources.thing.type: Unknown resource type '
                         '"OS::Heat::Nope" (did you mean "OS::Heat::None"?)',
                         'stack', 'create', '-t', 'invalid.yaml', 'x')
        self.assertEqual([], self.heat_json('stack', 'list'))

    def test_unknown_stack(self):
        for args in (('stack', 'show', 'nosuch'), ('stack', 'output', 'list', 'nosuch'),
                     ('stack', 'resource', 'list', 'nosuch'),
                     ('stack', 'event', 'list', 'nosuch')):
            self.assertError('Stack not found: nosuch', *args)

    def test_unknown_resource(self):
        self.create()
        self.assertError('Stack or resource not found: hello nores',
                         'stack', 'resource', 'show', 'hello', 'nores')

    def test_bad_rollback_value(self):
        self.create()
        self.assertError('--rollback invalid value: sometimes',
                         'stack', 'update', '--existing', '--rollback', 'sometimes', 'hello')

    def test_update_needs_a_template_or_existing(self):
        self.create()
        self.assertError('Need to specify --template, or --existing to re-use the template '
                         'of the stack', 'stack', 'update', 'hello')

    def test_debug_shows_the_traceback(self):
        result = self.heat('--debug', 'stack', 'show', 'nosuch')
        self.assertIn('Traceback (most recent call last)', result.stderr)
        self.assertEqual(1, result.returncode)


class TestReads(StackCliTestCase):
    """Commands that change nothing: one data home with the stack ``hello``
    serves them all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shared = tempfile.mkdtemp()
        with open(os.path.join(cls.shared, 'hello.yaml'), 'w', encoding='utf-8') as f:
            f.write(HELLO)
        subprocess.run([heat_executable(), 'stack', 'create', '-t', 'hello.yaml', 'hello'],
                       cwd=cls.shared, env=local_env(os.path.join(cls.shared, 'data')),
                       check=True, capture_output=True, timeout=120)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared, True)
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.env = local_env(os.path.join(self.shared, 'data'))

    def test_list_has_heatclients_columns(self):
        rows = self.heat_json('stack', 'list')
        self.assertEqual((STACK_COLUMNS, 'hello', 'CREATE_COMPLETE'),
                         (list(rows[0]), rows[0]['Stack Name'], rows[0]['Stack Status']))

    def test_list_columns_and_value_format(self):
        result = self.heat('stack', 'list', '-c', 'Stack Name', '-c', 'Stack Status',
                           '-f', 'value')
        self.assertEqual('hello CREATE_COMPLETE\n', result.stdout)

    def test_list_filters_sorts_and_limits(self):
        self.env = local_env(self.data_home)
        self.create('hello')
        self.create('other')
        self.assertEqual(
            (['other'], ['other', 'hello'], 1),
            ([r['Stack Name'] for r in self.heat_json('stack', 'list', '--property',
                                                      'name=other')],
             [r['Stack Name'] for r in self.heat_json('stack', 'list', '--sort',
                                                      'stack_name:desc')],
             len(self.heat_json('stack', 'list', '--limit', '1'))))

    def test_list_long_adds_the_owner(self):
        rows = self.heat_json('stack', 'list', '--long')
        self.assertEqual(['ID', 'Stack Name', 'Stack Owner', 'Stack Status', 'Creation Time',
                          'Updated Time'], [c for c in rows[0] if c != 'Project'])

    def test_show_as_json(self):
        shown = self.heat_json('stack', 'show', 'hello')
        self.assertEqual(('hello', 'CREATE_COMPLETE', 'Hello'),
                         (shown['stack_name'], shown['stack_status'],
                          shown['parameters']['greeting']))
        self.assertEqual(['id', 'stack_name', 'description', 'creation_time', 'updated_time',
                          'stack_status', 'stack_status_reason', 'parameters', 'outputs'],
                         list(shown)[:9])

    def test_output_list_and_show(self):
        self.assertEqual([{'output_key': 'message', 'description': 'The greeting'}],
                         self.heat_json('stack', 'output', 'list', 'hello'))
        self.assertEqual({'output_value': 'Hello, world'},
                         self.heat_json('stack', 'output', 'show', 'hello', 'message',
                                        '-c', 'output_value'))

    def test_output_show_all(self):
        self.assertEqual(
            {'message': {'output_key': 'message', 'output_value': 'Hello, world',
                         'description': 'The greeting'}},
            self.heat_json('stack', 'output', 'show', 'hello', '--all'))

    def test_output_show_needs_a_name_or_all(self):
        result = self.heat('stack', 'output', 'show', 'hello')
        self.assertEqual(('Either <OUTPUT NAME> or --all must be specified.\n', 1),
                         (result.stderr, result.returncode))

    def test_resource_list(self):
        rows = self.heat_json('stack', 'resource', 'list', 'hello')
        self.assertEqual(['resource_name', 'physical_resource_id', 'resource_type',
                          'resource_status', 'updated_time'], list(rows[0]))
        self.assertEqual({('message', 'OS::Heat::Value', 'CREATE_COMPLETE'),
                          ('store', 'OS::Heat::TestResource', 'CREATE_COMPLETE')},
                         {(r['resource_name'], r['resource_type'], r['resource_status'])
                          for r in rows})

    def test_resource_list_filter(self):
        rows = self.heat_json('stack', 'resource', 'list', 'hello', '--filter', 'name=store')
        self.assertEqual(['store'], [r['resource_name'] for r in rows])

    def test_resource_show(self):
        shown = self.heat_json('stack', 'resource', 'show', 'hello', 'store')
        self.assertEqual(('store', 'OS::Heat::TestResource', 'CREATE_COMPLETE'),
                         (shown['resource_name'], shown['resource_type'],
                          shown['resource_status']))

    def test_resource_metadata_is_json(self):
        self.assertEqual({}, json.loads(self.heat('stack', 'resource', 'metadata', 'hello',
                                                  'store').stdout))

    def test_event_list_columns(self):
        rows = self.heat_json('stack', 'event', 'list', 'hello')
        self.assertEqual(['resource_name', 'id', 'resource_status', 'resource_status_reason',
                          'event_time', 'physical_resource_id', 'logical_resource_id'],
                         list(rows[0]))
        self.assertEqual(('hello', 'CREATE_IN_PROGRESS', 'hello', 'CREATE_COMPLETE'),
                         (rows[0]['resource_name'], rows[0]['resource_status'],
                          rows[-1]['resource_name'], rows[-1]['resource_status']))

    def test_event_list_default_is_the_event_log(self):
        lines = self.heat('stack', 'event', 'list', 'hello').stdout.splitlines()
        self.assertTrue(lines[0].endswith(' [hello]: CREATE_IN_PROGRESS  Stack CREATE started'))
        self.assertTrue(lines[-1].endswith(' [hello]: CREATE_COMPLETE  Stack CREATE completed '
                                           'successfully'))

    def test_event_list_of_one_resource_and_event_show(self):
        rows = self.heat_json('stack', 'event', 'list', 'hello', '--resource', 'store')
        self.assertEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'],
                         [r['resource_status'] for r in rows])
        shown = self.heat_json('stack', 'event', 'show', 'hello', 'store', rows[-1]['id'])
        self.assertEqual((rows[-1]['id'], 'CREATE_COMPLETE'),
                         (shown['id'], shown['resource_status']))

    def test_event_list_sort_and_limit(self):
        rows = self.heat_json('stack', 'event', 'list', 'hello', '--sort', ':desc',
                              '--limit', '1')
        self.assertEqual(['CREATE_COMPLETE'], [r['resource_status'] for r in rows])

    def test_template_show(self):
        template = self.heat_json('stack', 'template', 'show', 'hello')
        self.assertEqual(('2021-04-16', ['message', 'store']),
                         (str(template['heat_template_version']),
                          sorted(template['resources'])))

    def test_environment_show(self):
        self.env = local_env(self.data_home)
        self.create('patched', 'hello.yaml', '--parameter', 'greeting=Hi')
        env = self.heat_json('stack', 'environment', 'show', 'patched')
        self.assertEqual({'greeting': 'Hi'}, env['parameters'])


class TestUpdate(StackCliTestCase):

    def setUp(self):
        super().setUp()
        self.create()

    def output(self):
        return self.heat_json('stack', 'output', 'show', 'hello', 'message')['output_value']

    def test_update_existing_with_a_parameter(self):
        result = self.heat('stack', 'update', '--existing', '--parameter', 'greeting=Hi',
                           '--wait', 'hello')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertIn('[hello]: UPDATE_COMPLETE', result.stdout)
        self.assertNotIn('CREATE_', result.stdout)       # only this update's events
        self.assertEqual(('Hi, world', 'UPDATE_COMPLETE'), (self.output(), self.status()))

    def test_update_with_a_new_template(self):
        self.write('more.yaml', HELLO.replace('outputs:', '''\
  extra:
    type: OS::Heat::Value
    properties: {value: more}
outputs:'''))
        result = self.heat('stack', 'update', '-t', 'more.yaml', 'hello')
        self.assertEqual(0, result.returncode, result.stderr)
        names = [r['resource_name'] for r in self.heat_json('stack', 'resource', 'list',
                                                              'hello')]
        self.assertEqual(['extra', 'message', 'store'], sorted(names))

    def test_clear_parameter_returns_to_the_default(self):
        self.heat('stack', 'update', '--existing', '--parameter', 'greeting=Hi', 'hello')
        result = self.heat('stack', 'update', '--existing', '--clear-parameter', 'greeting',
                           'hello')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual('Hello, world', self.output())

    def test_dry_run_shows_the_changes_and_changes_nothing(self):
        changes = self.heat_json('stack', 'update', '--existing', '--parameter',
                                 'greeting=Hi', '--dry-run', 'hello')
        self.assertEqual(['added', 'replaced', 'updated', 'deleted', 'unchanged'],
                         list(changes))
        self.assertEqual(['message', 'store'],
                         sorted(r['resource_name'] for r in changes['updated']))
        self.assertEqual(('Hello, world', 'CREATE_COMPLETE'), (self.output(), self.status()))

    def test_dry_run_table_lists_each_resource_with_its_type(self):
        result = self.heat('stack', 'update', '--existing', '--parameter', 'greeting=Hi',
                           '--dry-run', 'hello', '-f', 'value', '-c', 'updated')
        self.assertEqual('message (OS::Heat::Value)\nstore (OS::Heat::TestResource)\n',
                         result.stdout)

    def test_a_failed_update_exits_one(self):
        self.write('failing_update.yaml', HELLO.replace(
            'value: {get_attr: [message, value]}',
            'value: {get_attr: [message, value]}\n      fail: true'))
        result = self.heat('stack', 'update', '-t', 'failing_update.yaml', '--wait', 'hello')
        self.assertEqual(1, result.returncode)
        self.assertIn('hello.store: UPDATE_FAILED: Test Resource failed store', result.stderr)


class TestDelete(StackCliTestCase):

    def test_delete_yes_wait(self):
        self.create()
        result = self.heat('stack', 'delete', '--yes', '--wait', 'hello')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertIn('[hello.store]: DELETE_COMPLETE', result.stdout)
        self.assertIn('[hello]: DELETE_COMPLETE', result.stdout)
        self.assertEqual([], self.heat_json('stack', 'list'))
        deleted = self.heat_json('stack', 'list', '--deleted')
        self.assertEqual(['DELETE_COMPLETE'], [r['Stack Status'] for r in deleted])

    def test_delete_of_an_unknown_stack_counts_as_a_failure(self):
        self.create()
        result = self.heat('stack', 'delete', '--yes', 'hello', 'nosuch')
        self.assertEqual(('Stack not found: nosuch\n',
                          'Unable to delete 1 of the 2 stacks.\n', 1),
                         (result.stdout, result.stderr, result.returncode))
        self.assertEqual([], self.heat_json('stack', 'list'))


class TestActions(StackCliTestCase):

    def setUp(self):
        super().setUp()
        self.create()

    def test_check(self):
        rows = self.heat_json('stack', 'check', 'hello')
        self.assertEqual((STACK_COLUMNS, 'CHECK_COMPLETE'),
                         (list(rows[0]), rows[0]['Stack Status']))

    def test_suspend_wait_and_resume(self):
        result = self.heat('stack', 'suspend', '--wait', 'hello')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertIn('[hello]: SUSPEND_COMPLETE', result.stdout)
        self.assertEqual('RESUME_COMPLETE',
                         self.heat_json('stack', 'resume', 'hello')[0]['Stack Status'])

    def test_cancel_of_an_idle_stack_is_an_error(self):
        result = self.heat('stack', 'cancel', 'hello')
        self.assertEqual(("Stack hello with status 'create_complete' not in cancelable "
                          "state\n", 1), (result.stderr, result.returncode))

    def test_mark_unhealthy_and_reset(self):
        result = self.heat('stack', 'resource', 'mark', 'unhealthy', 'hello', 'store', 'broken')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        shown = self.heat_json('stack', 'resource', 'show', 'hello', 'store')
        self.assertEqual(('CHECK_FAILED', 'broken'),
                         (shown['resource_status'], shown['resource_status_reason']))
        self.heat('stack', 'resource', 'mark', 'unhealthy', '--reset', 'hello', 'store')
        shown = self.heat_json('stack', 'resource', 'show', 'hello', 'store')
        self.assertEqual('CHECK_COMPLETE', shown['resource_status'])

    def test_signal_data_must_be_a_json_dict(self):
        result = self.heat('stack', 'resource', 'signal', 'hello', 'store', '--data', '[1]')
        self.assertEqual(('Data should be a JSON dict\n', 1),
                         (result.stderr, result.returncode))

    def test_abandon_then_adopt(self):
        if not engine_offers('abandon_stack'):
            self.skipTest('waits for EngineService.abandon_stack')
        result = self.heat('stack', 'abandon', 'hello', '--output-file', 'hello.json')
        self.assertEqual(('', '', 0), (result.stdout, result.stderr, result.returncode))
        with open(os.path.join(self.dir, 'hello.json'), encoding='utf-8') as f:
            self.assertEqual('hello', json.load(f)['name'])
        self.assertEqual([], self.heat_json('stack', 'list'))
        result = self.heat('stack', 'adopt', '--adopt-file', 'hello.json', '--wait', 'again')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual('ADOPT_COMPLETE', self.status('again'))

    def test_export_prints_json(self):
        data = json.loads(self.heat('stack', 'export', 'hello').stdout)
        self.assertEqual(('hello', ['message', 'store']),
                         (data['name'], sorted(data['resources'])))


SLOW_UPDATE = '''\
heat_template_version: 2021-04-16
parameters:
  v: {type: string, default: a}
  wait: {type: number, default: 0}
resources:
  slow:
    type: OS::Heat::TestResource
    properties:
      value: {get_param: v}
      action_wait_secs: {update: {get_param: wait}}
outputs:
  value: {value: {get_attr: [slow, output]}}
'''


class TestCancel(StackCliTestCase):
    """``heat stack cancel`` of an update another ``heat`` process runs."""

    def setUp(self):
        super().setUp()
        self.write('slow.yaml', SLOW_UPDATE)
        self.create('slow', 'slow.yaml')

    def start_update(self) -> subprocess.Popen:
        update = subprocess.Popen(
            [heat_executable(), 'stack', 'update', '--wait', '--existing',
             '--parameter', 'v=b', '--parameter', 'wait=8', 'slow'], cwd=self.dir, env=self.env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: update.poll() is None and update.kill())
        deadline = time.monotonic() + 60
        while self.status('slow') != 'UPDATE_IN_PROGRESS':
            self.assertIsNone(update.poll())
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.1)
        return update

    def test_cancel_rolls_back_the_update_of_another_process(self):
        update = self.start_update()
        cancel = self.heat('stack', 'cancel', 'slow')
        self.assertEqual(0, cancel.returncode, cancel.stderr)
        out, err = update.communicate(timeout=120)
        self.assertEqual(1, update.returncode, out + err)   # the update did not complete
        self.assertIn('Stack UPDATE cancelled', out)
        self.assertEqual('ROLLBACK_COMPLETE', self.status('slow'))
        self.assertEqual('a', self.heat_json('stack', 'output', 'show', 'slow', 'value')[
            'output_value'])

    def test_cancel_no_rollback_leaves_the_update_failed(self):
        update = self.start_update()
        cancel = self.heat('stack', 'cancel', '--no-rollback', '--wait', 'slow')
        self.assertEqual(1, cancel.returncode, cancel.stderr)   # ended UPDATE_FAILED
        out, err = update.communicate(timeout=120)
        self.assertEqual(1, update.returncode, out + err)
        shown = self.heat_json('stack', 'show', 'slow')
        self.assertEqual(('UPDATE_FAILED', 'Stack UPDATE cancelled'),
                         (shown['stack_status'], shown['stack_status_reason']))


class TestFailures(StackCliTestCase):

    def setUp(self):
        super().setUp()
        self.write('failing.yaml', FAILING)

    def test_failed_resources_of_a_failed_stack(self):
        self.heat('stack', 'create', '--disable-rollback', '-t', 'failing.yaml', 'bad')
        result = self.heat('stack', 'failures', 'list', 'bad')
        self.assertEqual(('bad.boom:\n'
                          '  resource_type: OS::Heat::TestResource\n'
                          '  physical_resource_id: \n'
                          '  status: CREATE_FAILED\n'
                          '  status_reason: |\n'
                          '    Test Resource failed boom\n', 0),
                         (result.stdout, result.returncode))

    def test_a_rolled_back_stack_shows_what_failed_before_the_rollback(self):
        self.heat('stack', 'create', '-t', 'failing.yaml', 'bad')
        result = self.heat('stack', 'failures', 'list', 'bad')
        self.assertIn('bad.boom:\n  resource_type: OS::Heat::TestResource\n', result.stdout)
        self.assertIn('  status: CREATE_FAILED\n', result.stdout)

    def test_a_healthy_stack_has_no_failures(self):
        self.create()
        result = self.heat('stack', 'failures', 'list', 'hello')
        self.assertEqual(('', 0), (result.stdout, result.returncode))


class TestModes(StackCliTestCase):

    def test_config_file_chooses_the_database(self):
        other = os.path.join(self.dir, 'other.sqlite')
        self.write('heat.conf', '''\
            [database]
            connection = sqlite:///%s
            ''' % other)
        self.create('hello', 'hello.yaml')
        self.assertEqual([], self.heat_json('--config-file', 'heat.conf', 'stack', 'list'))
        self.assertTrue(os.path.exists(other))

    def test_an_endpoint_selects_remote_mode(self):
        result = self.heat('--os-heat-url', 'http://127.0.0.1:9/v1/tenant',
                           '--os-auth-token', 'token', 'stack', 'list')
        self.assertEqual(1, result.returncode)
        self.assertTrue(result.stderr.startswith('Could not reach http://127.0.0.1:9/v1/'
                                                 'tenant: '), result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.data_home, 'heat', 'heat.sqlite')))


class TestExample(StackCliTestCase):

    def test_the_readme_example(self):
        example = os.path.join(ROOT, 'examples', 'hello_stack.yaml')
        result = self.heat('stack', 'create', '--wait', '-t', example, 'hello')
        self.assertEqual(0, result.returncode, result.stderr)
        outputs = self.heat_json('stack', 'output', 'show', 'hello', '--all')
        self.assertEqual('Hello, world!', outputs['greeting']['output_value'])
        self.assertEqual(16, len(outputs['password']['output_value'] or ''))


INNER = '''\
heat_template_version: 2021-04-16
parameters:
  fail: {type: boolean, default: false}
resources:
  leaf:
    type: OS::Heat::TestResource
    properties: {fail: {get_param: fail}}
'''

OUTER = '''\
heat_template_version: 2021-04-16
parameters:
  fail: {type: boolean, default: false}
resources:
  child:
    type: inner.yaml
    properties: {fail: {get_param: fail}}
'''


class TestNested(StackCliTestCase):

    def setUp(self):
        super().setUp()
        self.write('inner.yaml', INNER)
        self.write('outer.yaml', OUTER)

    def test_resource_list_nested_depth_adds_the_stack_name(self):
        self.create('nest', 'outer.yaml')
        rows = self.heat_json('stack', 'resource', 'list', 'nest', '--nested-depth', '2')
        names = {r['resource_name']: r['stack_name'] for r in rows}
        self.assertEqual('nest', names['child'])
        self.assertTrue(names['leaf'].startswith('nest-child-'), names)

    def test_failures_list_goes_down_the_nested_stacks(self):
        self.heat('stack', 'create', '--disable-rollback', '-t', 'outer.yaml',
                  '--parameter', 'fail=true', 'nest')
        result = self.heat('stack', 'failures', 'list', 'nest')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(['nest.child.leaf:', '  resource_type: OS::Heat::TestResource'],
                         result.stdout.splitlines()[:2])
        self.assertIn('    Test Resource failed leaf', result.stdout.splitlines())
