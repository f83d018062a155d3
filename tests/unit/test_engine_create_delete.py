"""Stack create and delete through the engine service, on a real database."""

import time

from heat_core.engine.context import RequestContext
from heat_core.engine.service import ActionInProgress, StackExists, StackNotFound
from heat_core.errors import TemplateInvalid
from tests import base

CHAIN = '''
    heat_template_version: 2018-08-31
    resources:
      first:
        type: OS::Heat::TestResource
        properties: {value: one}
      second:
        type: OS::Heat::TestResource
        properties: {value: {get_attr: [first, output]}}
    outputs:
      second_value:
        value: {get_attr: [second, output]}
        description: what second stored
'''

FAILING = '''
    heat_template_version: 2018-08-31
    resources:
      good:
        type: OS::Heat::TestResource
      bad:
        type: OS::Heat::TestResource
        properties: {fail: true}
        depends_on: good
'''


class CreateTest(base.EngineTestCase):

    def test_create_completes_and_resolves_outputs(self):
        self.create(CHAIN)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('CREATE_COMPLETE', shown['stack_status'])
        self.assertEqual('Stack CREATE completed successfully', shown['stack_status_reason'])
        self.assertEqual([{'output_key': 'second_value', 'output_value': 'one',
                           'description': 'what second stored'}], shown['outputs'])
        self.assertEqual({'first': 'CREATE_COMPLETE', 'second': 'CREATE_COMPLETE'},
                         self.resource_statuses())

    def test_resources_are_created_in_dependency_order(self):
        self.create(CHAIN)
        self.assertEqual(['stack CREATE_IN_PROGRESS',
                          'first CREATE_IN_PROGRESS', 'first CREATE_COMPLETE',
                          'second CREATE_IN_PROGRESS', 'second CREATE_COMPLETE',
                          'stack CREATE_COMPLETE'], self.event_words())

    def test_independent_resources_run_in_parallel(self):
        resources = '\n'.join(
            '      r%d: {type: OS::Heat::TestResource, properties: {wait_secs: 0.5}}' % i
            for i in range(10))
        started = time.monotonic()
        self.create('heat_template_version: 2018-08-31\nresources:\n' + resources)
        self.assertLess(time.monotonic() - started, 3.0)  # serially it would be 5 s
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_failure_rolls_back_by_default(self):
        self.create(FAILING)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('ROLLBACK_COMPLETE', shown['stack_status'])
        self.assertEqual({}, self.resource_statuses())
        events = self.event_words()
        self.assertIn('bad CREATE_FAILED', events)
        self.assertLess(events.index('bad CREATE_FAILED'), events.index('good DELETE_COMPLETE'))
        self.assertEqual('stack ROLLBACK_COMPLETE', events[-1])

    def test_failure_reason_names_the_resource_and_its_error(self):
        self.create(FAILING, disable_rollback=True)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('CREATE_FAILED', shown['stack_status'])
        self.assertEqual('Resource CREATE failed: bad: Test Resource failed bad',
                         shown['stack_status_reason'])
        self.assertEqual({'good': 'CREATE_COMPLETE', 'bad': 'CREATE_FAILED'},
                         self.resource_statuses())

    def test_on_failure_delete_removes_the_stack(self):
        row = self.create(FAILING, on_failure='DELETE')
        self.assertEqual('DELETE_COMPLETE',
                         self.service.show_stack(self.ctx, row['id'])['stack_status'])
        self.assertEqual([], self.service.list_stacks(self.ctx))

    def test_invalid_template_is_refused_and_nothing_is_written(self):
        bad = 'heat_template_version: 2018-08-31\nresources:\n  a: {type: OS::Nope}\n'
        err = self.assertRaises(TemplateInvalid, self.service.create_stack, self.ctx, 's', bad,
                                template_name='t.yaml')
        self.assertEqual('t.yaml:3:13: resources.a.type: Unknown resource type "OS::Nope" '
                         '(did you mean "OS::Heat::None"?)', str(err))
        self.assertEqual([], self.service.store.find_stacks(include_deleted=True))

    def test_a_second_stack_with_the_same_name_is_refused(self):
        self.create(CHAIN)
        err = self.assertRaises(StackExists, self.create, CHAIN)
        self.assertEqual('The Stack (stack) already exists.', str(err))

    def test_stack_timeout_fails_the_create(self):
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              slow: {type: OS::Heat::TestResource, properties: {wait_secs: 120}}
        ''', timeout_mins=0.02, disable_rollback=True)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('CREATE_FAILED', shown['stack_status'])
        self.assertIn('timed out', shown['stack_status_reason'])


    def test_stack_action_timeout_is_the_default_to_the_second(self):
        # no timeout in the request: [DEFAULT] stack_action_timeout (seconds)
        self.config(stack_action_timeout=1)
        start = time.monotonic()
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              slow: {type: OS::Heat::TestResource, properties: {wait_secs: 120}}
        ''', disable_rollback=True)
        elapsed = time.monotonic() - start
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('CREATE_FAILED', shown['stack_status'])
        self.assertIn('timed out', shown['stack_status_reason'])
        self.assertLess(elapsed, 10)

class DeleteTest(base.EngineTestCase):

    def test_delete_removes_resources_in_reverse_order(self):
        row = self.create(CHAIN)
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        shown = self.service.show_stack(self.ctx, row['id'])
        self.assertEqual('DELETE_COMPLETE', shown['stack_status'])
        events = self.service.list_events(self.ctx, row['id'])
        words = ['%s %s' % (e['resource_name'], e['resource_status']) for e in events]
        self.assertLess(words.index('second DELETE_COMPLETE'),
                        words.index('first DELETE_IN_PROGRESS'))
        self.assertRaises(StackNotFound, self.service.show_stack, self.ctx, 'stack')
        self.assertEqual([], self.service.list_stacks(self.ctx))

    def test_retained_resource_is_not_deleted(self):
        row = self.create('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Kept: {Type: OS::Heat::TestResource, DeletionPolicy: Retain}
        ''')
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        events = self.service.list_events(self.ctx, row['id'], resource_name='Kept')
        self.assertEqual('Resource retained (DeletionPolicy Retain)',
                         events[-1]['resource_status_reason'])


class IsolationAndLockingTest(base.EngineTestCase):

    def test_other_tenants_do_not_see_the_stack(self):
        self.create(CHAIN)
        other = RequestContext(tenant='tenant-b', user='bob')
        self.assertRaises(StackNotFound, self.service.show_stack, other, 'stack')
        self.assertEqual([], self.service.list_stacks(other))

    def test_a_second_operation_on_a_busy_stack_is_refused(self):
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              slow: {type: OS::Heat::TestResource, properties: {wait_secs: 1}}
        ''', wait=False)
        err = self.assertRaises(ActionInProgress, self.service.delete_stack, self.ctx, 'stack')
        self.assertIn('in progress', str(err))
        row = self.service.identify(self.ctx, 'stack')
        self.service.wait(row['id'])
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_stack_lock_refuses_another_live_engine(self):
        from heat_core.engine.liveness import EngineLiveness, StackLocked
        row = self.create(CHAIN)
        other = EngineLiveness(self.service.store.engine)
        other.start()
        self.addCleanup(other.stop)
        other.acquire(row['id'])
        err = self.assertRaises(ActionInProgress, self.service.delete_stack, self.ctx, 'stack')
        self.assertIn('in progress', str(err))
        self.service.start()
        self.assertRaises(StackLocked, self.service.liveness.acquire, row['id'])
        other.release(row['id'])
        self.service.delete_stack(self.ctx, 'stack', wait=True)


class PostgreSQLCreateDeleteTest(base.EngineTestCase):
    """The same lifecycle on PostgreSQL."""

    backend = 'postgresql'

    def test_create_and_delete(self):
        row = self.create(CHAIN)
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual('DELETE_COMPLETE',
                         self.service.show_stack(self.ctx, row['id'])['stack_status'])

    def test_failure_rolls_back(self):
        self.create(FAILING)
        self.assertEqual('ROLLBACK_COMPLETE', self.status())


