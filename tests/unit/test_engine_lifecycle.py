"""Preview, suspend, resume, check and resource signals through the engine
service, on a real database."""

from heat_core import plugins
from heat_core.engine.lifecycle import SignalRefused
from heat_core.engine.service import ActionInProgress, StackExists
from heat_core.engine.service_reads import ResourceNotFound
from heat_core.errors import TemplateInvalid
from heat_core.resources.resource import Resource
from heat_core.resources.runtime import ResourceFailure, SignalNotSupported
from heat_core.resources.schema import BOOLEAN, STRING, Attribute, Schema
from tests import base

#: what Probe resources did, in order: (action, resource name)
CALLS: list = []


class Probe(Resource):
    """A resource for these tests: records its handler calls and fails the
    actions its properties name."""

    properties_schema = {
        'value': Schema(STRING, 'Stored value.', default='v'),
        'fail_suspend': Schema(BOOLEAN, 'Suspend fails.', default=False),
        'fail_check': Schema(BOOLEAN, 'Check fails.', default=False),
    }
    attributes_schema = {'value': Attribute('The value.')}

    def handle_create(self):
        CALLS.append(('create', self.name))
        self.resource_id_set('probe-%s' % self.name)

    def handle_delete(self):
        CALLS.append(('delete', self.name))

    def handle_suspend(self):
        CALLS.append(('suspend', self.name))
        if self.properties['fail_suspend']:
            raise ResourceFailure('Probe %s cannot be suspended' % self.name)

    def handle_resume(self):
        CALLS.append(('resume', self.name))

    def handle_check(self):
        CALLS.append(('check', self.name))
        if self.properties['fail_check']:
            raise ResourceFailure('%s is gone from the cloud' % self.resource_id)

    def handle_signal(self, details=None):
        CALLS.append(('signal', self.name))
        self.data_set('signals', self.data.get('signals', 0) + 1)
        if isinstance(details, dict) and 'answer' in details:
            return 'answered %s' % details['answer']
        return None

    def resolve_attribute(self, name):
        return self.properties['value'] if name == 'value' else None


class ProbeTestCase(base.EngineTestCase):
    """An engine test with the ``Test::Probe`` resource type installed."""

    def setUp(self):
        super().setUp()
        plugins.resource_classes()['Test::Probe'] = Probe
        self.addCleanup(plugins.resource_classes().pop, 'Test::Probe', None)
        CALLS.clear()


CHAIN = '''
    heat_template_version: 2018-08-31
    resources:
      first: {type: Test::Probe}
      second: {type: Test::Probe, depends_on: first}
'''


class SuspendResumeTest(ProbeTestCase):

    def test_suspend_suspends_every_resource_dependents_first(self):
        self.create(CHAIN)
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('SUSPEND_COMPLETE', shown['stack_status'])
        self.assertEqual('Stack SUSPEND completed successfully', shown['stack_status_reason'])
        self.assertEqual({'first': 'SUSPEND_COMPLETE', 'second': 'SUSPEND_COMPLETE'},
                         self.resource_statuses())
        self.assertEqual([('suspend', 'second'), ('suspend', 'first')],
                         [c for c in CALLS if c[0] == 'suspend'])
        self.assertEqual(['stack SUSPEND_IN_PROGRESS',
                          'second SUSPEND_IN_PROGRESS', 'second SUSPEND_COMPLETE',
                          'first SUSPEND_IN_PROGRESS', 'first SUSPEND_COMPLETE',
                          'stack SUSPEND_COMPLETE'], self.event_words()[-6:])

    def test_resume_resumes_dependencies_first(self):
        self.create(CHAIN)
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        self.service.resume_stack(self.ctx, 'stack', wait=True)
        self.assertEqual('RESUME_COMPLETE', self.status())
        self.assertEqual({'first': 'RESUME_COMPLETE', 'second': 'RESUME_COMPLETE'},
                         self.resource_statuses())
        self.assertEqual([('resume', 'first'), ('resume', 'second')],
                         [c for c in CALLS if c[0] == 'resume'])

    def test_suspending_a_suspended_stack_changes_nothing(self):
        self.create(CHAIN)
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        before = self.event_words()
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(before, self.event_words())
        self.assertEqual(2, len([c for c in CALLS if c[0] == 'suspend']))

    def test_a_failing_suspend_fails_the_stack_with_the_reason(self):
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              bad: {type: Test::Probe, properties: {fail_suspend: true}}
        ''')
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('SUSPEND_FAILED', shown['stack_status'])
        self.assertEqual('Resource SUSPEND failed: bad: Probe bad cannot be suspended',
                         shown['stack_status_reason'])
        self.assertEqual({'bad': 'SUSPEND_FAILED'}, self.resource_statuses())

    def test_resuming_a_stack_that_was_never_suspended_fails(self):
        self.create(CHAIN)
        self.service.resume_stack(self.ctx, 'stack', wait=True)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('RESUME_FAILED', shown['stack_status'])
        self.assertEqual('Resource RESUME failed: first: State CREATE_COMPLETE invalid for '
                         'resume', shown['stack_status_reason'])
        self.assertEqual([], [c for c in CALLS if c[0] == 'resume'])

    def test_suspending_a_busy_stack_is_refused(self):
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              slow: {type: OS::Heat::TestResource, properties: {wait_secs: 1}}
        ''', wait=False)
        self.assertRaises(ActionInProgress, self.service.suspend_stack, self.ctx, 'stack')
        self.service.wait(self.service.identify(self.ctx, 'stack')['id'])


class CheckTest(ProbeTestCase):

    def test_check_completes_when_every_resource_is_fine(self):
        self.create(CHAIN)
        self.service.check_stack(self.ctx, 'stack', wait=True)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('CHECK_COMPLETE', shown['stack_status'])
        self.assertEqual('Stack CHECK completed successfully', shown['stack_status_reason'])
        self.assertEqual({'first': 'CHECK_COMPLETE', 'second': 'CHECK_COMPLETE'},
                         self.resource_statuses())

    def test_a_failing_check_fails_the_resource_and_the_stack_with_the_reason(self):
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              gone: {type: Test::Probe, properties: {fail_check: true}}
        ''')
        self.service.check_stack(self.ctx, 'stack', wait=True)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('CHECK_FAILED', shown['stack_status'])
        self.assertEqual('Resource CHECK failed: gone: probe-gone is gone from the cloud',
                         shown['stack_status_reason'])
        res = self.service.show_resource(self.ctx, 'stack', 'gone')
        self.assertEqual('CHECK_FAILED', res['resource_status'])
        self.assertEqual('probe-gone is gone from the cloud', res['resource_status_reason'])

    def test_every_resource_is_checked_even_after_a_failure(self):
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              a: {type: Test::Probe, properties: {fail_check: true}}
              b: {type: Test::Probe, properties: {fail_check: true}, depends_on: a}
              c: {type: Test::Probe, depends_on: b}
        ''')
        self.service.check_stack(self.ctx, 'stack', wait=True)
        self.assertEqual({'a': 'CHECK_FAILED', 'b': 'CHECK_FAILED', 'c': 'CHECK_COMPLETE'},
                         self.resource_statuses())
        self.assertEqual('Resource CHECK failed: a: probe-a is gone from the cloud (and 1 '
                         'more: b)',
                         self.service.show_stack(self.ctx, 'stack')['stack_status_reason'])

    def test_a_resource_never_created_fails_the_check(self):
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              bad: {type: OS::Heat::TestResource, properties: {fail: true}}
              after: {type: Test::Probe, depends_on: bad}
        ''', disable_rollback=True)
        self.service.check_stack(self.ctx, 'stack', wait=True)
        res = self.service.show_resource(self.ctx, 'stack', 'after')
        self.assertEqual('CHECK_FAILED', res['resource_status'])
        self.assertEqual('Can not check after, resource not created yet.',
                         res['resource_status_reason'])


class SignalTest(ProbeTestCase):

    def test_a_signal_reaches_handle_signal_and_is_recorded_as_an_event(self):
        self.create(CHAIN)
        self.service.signal_resource(self.ctx, 'stack', 'first')
        self.assertEqual([('signal', 'first')], [c for c in CALLS if c[0] == 'signal'])
        events = self.service.list_events(self.ctx, 'stack', resource_name='first')
        self.assertEqual(('SIGNAL_COMPLETE', 'No signal details provided'),
                         (events[-1]['resource_status'], events[-1]['resource_status_reason']))
        self.assertEqual('CREATE_COMPLETE', self.resource_statuses()['first'])

    def test_what_handle_signal_returns_becomes_the_event_reason(self):
        self.create(CHAIN)
        self.service.signal_resource(self.ctx, 'stack', 'first', {'answer': 42})
        events = self.service.list_events(self.ctx, 'stack', resource_name='first')
        self.assertEqual('Signal: answered 42', events[-1]['resource_status_reason'])

    def test_what_the_handler_stores_survives(self):
        row = self.create(CHAIN)
        self.service.signal_resource(self.ctx, 'stack', 'first', 'go')
        self.service.signal_resource(self.ctx, 'stack', 'first', 'go')
        data = {r['name']: r['data'] for r in self.service.store.resources(row['id'])}
        self.assertEqual(2, data['first']['signals'])

    def test_a_resource_without_handle_signal_refuses_signals(self):
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              plain: {type: OS::Heat::TestResource}
        ''')
        err = self.assertRaises(SignalNotSupported, self.service.signal_resource, self.ctx,
                                'stack', 'plain', {'x': 1})
        self.assertEqual('Resource plain (OS::Heat::TestResource) does not accept signals',
                         str(err))
        self.assertEqual('ResourceActionNotSupported', err.code)

    def test_a_suspended_resource_refuses_signals(self):
        self.create(CHAIN)
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        err = self.assertRaises(SignalRefused, self.service.signal_resource, self.ctx,
                                'stack', 'first')
        self.assertEqual('Signal resource during SUSPEND is not supported.', str(err))
        events = self.service.list_events(self.ctx, 'stack', resource_name='first')
        self.assertEqual('Cannot signal resource during SUSPEND',
                         events[-1]['resource_status_reason'])
        self.assertEqual([], [c for c in CALLS if c[0] == 'signal'])

    def test_signalling_an_unknown_resource_is_not_found(self):
        self.create(CHAIN)
        err = self.assertRaises(ResourceNotFound, self.service.signal_resource, self.ctx,
                                'stack', 'nope')
        self.assertEqual('The Resource (nope) could not be found in Stack stack.', str(err))
        self.assertEqual(404, err.http_status)


PREVIEWED = '''
heat_template_version: 2018-08-31
description: Two probes
parameters:
  secret: {type: string, hidden: true}
resources:
  first:
    type: Test::Probe
    description: the first one
    properties: {value: {get_param: secret}}
  second:
    type: Test::Probe
    metadata: {note: {get_resource: first}}
    properties: {value: plain}
    depends_on: first
'''


class PreviewTest(ProbeTestCase):

    def preview(self, **kwargs):
        return self.service.preview_stack(self.ctx, 'preview', PREVIEWED,
                                          params={'secret': 'hunter22'}, **kwargs)

    def test_preview_writes_nothing(self):
        self.preview()
        self.assertEqual([], self.service.store.find_stacks(include_deleted=True))
        self.assertEqual([], CALLS)

    def test_preview_shows_the_stack_as_heat_does(self):
        shown = self.preview(tags=['a'])
        resources = shown.pop('resources')
        created = shown.pop('creation_time')
        self.assertIsNotNone(created)
        self.assertEqual({
            'id': 'None', 'links': [{'href': 'tenant-a/stacks/preview/None', 'rel': 'self'}],
            'stack_name': 'preview', 'description': 'Two probes',
            'template_description': 'Two probes',
            'parameters': {'OS::stack_name': 'preview', 'OS::stack_id': 'None',
                           'OS::project_id': 'tenant-a', 'secret': '******'},
            'updated_time': None, 'deletion_time': None, 'disable_rollback': False,
            'timeout_mins': None, 'stack_owner': 'alice', 'parent': None,
            'stack_user_project_id': 'tenant-a', 'tags': ['a'], 'capabilities': [],
            'notification_topics': []}, shown)
        self.assertEqual(['first', 'second'], [r['resource_name'] for r in resources])

    def test_preview_resources_are_as_they_would_be(self):
        first, second = self.preview()['resources']
        identity = {'stack_name': 'preview', 'stack_id': 'None', 'tenant': 'tenant-a'}
        self.assertEqual({
            'attributes': {'value': '******'}, 'creation_time': first['creation_time'],
            'description': 'the first one', 'metadata': {}, 'physical_resource_id': '',
            'properties': {'value': '******', 'fail_suspend': False, 'fail_check': False},
            'required_by': ['second'], 'resource_action': 'INIT',
            'resource_status': 'COMPLETE', 'resource_status_reason': '',
            'resource_identity': dict(identity, path='/resources/first'),
            'resource_name': 'first', 'resource_type': 'Test::Probe',
            'stack_identity': dict(identity, path=''), 'stack_name': 'preview',
            'updated_time': first['updated_time']}, first)
        self.assertEqual({'note': 'first'}, second['metadata'])
        self.assertEqual('plain', second['properties']['value'])

    def test_an_invalid_template_is_refused(self):
        self.assertRaises(TemplateInvalid, self.service.preview_stack, self.ctx, 'p',
                          'heat_template_version: 2018-08-31\nresources:\n  a: {type: Nope}\n')

    def test_the_name_of_an_existing_stack_is_refused(self):
        self.create(CHAIN, name='preview')
        self.assertRaises(StackExists, self.preview)


class PostgreSQLLifecycleTest(ProbeTestCase):
    """Suspend, resume, check and signals on PostgreSQL."""

    backend = 'postgresql'

    def test_suspend_resume_check(self):
        self.create(CHAIN)
        for call, word in ((self.service.suspend_stack, 'SUSPEND_COMPLETE'),
                           (self.service.resume_stack, 'RESUME_COMPLETE'),
                           (self.service.check_stack, 'CHECK_COMPLETE')):
            call(self.ctx, 'stack', wait=True)
            self.assertEqual(word, self.status())
            self.assertEqual({'first': word, 'second': word}, self.resource_statuses())

    def test_signal(self):
        self.create(CHAIN)
        self.service.signal_resource(self.ctx, 'stack', 'second', {'answer': 'yes'})
        events = self.service.list_events(self.ctx, 'stack', resource_name='second')
        self.assertEqual(('SIGNAL_COMPLETE', 'Signal: answered yes'),
                         (events[-1]['resource_status'], events[-1]['resource_status_reason']))


class AnsweredInProgressTest(base.EngineTestCase):
    """An operation run in the background is IN_PROGRESS by the time the
    request is answered: a client (botocore's waiters, heatclient's --wait)
    asking right away sees it, not the state from before."""

    SLOW = '''
        heat_template_version: 2018-08-31
        resources:
          slow:
            type: OS::Heat::TestResource
            properties: {action_wait_secs: {delete: 1}}
    '''

    def test_delete(self):
        row = self.create(self.SLOW)
        self.service.delete_stack(self.ctx, 'stack')
        shown = self.service.show_stack(self.ctx, row['id'])
        self.assertEqual(('DELETE_IN_PROGRESS', 'Stack DELETE started'),
                         (shown['stack_status'], shown['stack_status_reason']))
        self.service.wait(row['id'])
        self.assertEqual('DELETE_COMPLETE', self.service.show_stack(self.ctx, row['id'])
                         ['stack_status'])

    def test_suspend_resume_and_check(self):
        row = self.create(self.SLOW)
        for action, call in (('SUSPEND', self.service.suspend_stack),
                             ('RESUME', self.service.resume_stack),
                             ('CHECK', self.service.check_stack)):
            call(self.ctx, 'stack')
            shown = self.service.show_stack(self.ctx, 'stack')['stack_status']
            self.assertIn(shown, (action + '_IN_PROGRESS', action + '_COMPLETE'))
            self.service.wait(row['id'])
            self.assertEqual(action + '_COMPLETE', self.status())
