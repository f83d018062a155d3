"""CloudFormation change sets through the engine service, on a real
database: CREATE-type change sets (a stack in REVIEW_IN_PROGRESS),
UPDATE-type change sets computed with the update's own decisions, execute,
obsolescence, delete, errors, NoEcho masking and tenant isolation."""

import textwrap
import time

from heat_core.engine.context import RequestContext
from heat_core.engine.service_changesets import (
    NO_CHANGES,
    ChangeSetExists,
    ChangeSetInvalid,
    ChangeSetNotFound,
    InsufficientCapabilities,
    InvalidChangeSetStatus,
)
from heat_core.engine.service_update import NotSupported
from heat_core.errors import TemplateInvalid
from tests import base

PAIR = '''
    heat_template_version: 2018-08-31
    resources:
      kept:
        type: OS::Heat::TestResource
        properties: {value: same}
      changed:
        type: OS::Heat::TestResource
        properties: {value: %s}
'''

CHAIN = '''
    heat_template_version: 2018-08-31
    parameters:
      first_value: {type: string, default: one}
      password: {type: string, default: hunter2-very-secret, hidden: true}
    resources:
      first:
        type: OS::Heat::TestResource
        properties: {value: {get_param: first_value}, update_replace: true}
      second:
        type: OS::Heat::TestResource
        properties:
          value: {get_attr: [first, output]}
      other:
        type: OS::Heat::TestResource
        properties: {value: constant}
    outputs:
      first_value:
        value: {get_attr: [first, output]}
'''

RANDOM = '''
    heat_template_version: 2018-08-31
    resources:
      token:
        type: OS::Heat::RandomString
        properties: {length: %d}
'''

CFN_IAM = '''
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Person:
        Type: AWS::IAM::User
'''


def _d(text):
    return textwrap.dedent(text)


class ChangeSetTestCase(base.EngineTestCase):
    """Helpers for change set tests."""

    def change_set(self, text, name='cs', stack='stack', **kwargs):
        return self.service.create_change_set(self.ctx, stack, name,
                                              _d(text) if text is not None else None,
                                              **kwargs)

    def describe(self, name='cs', stack='stack'):
        return self.service.describe_change_set(self.ctx, name, stack)

    def changes(self, name='cs', stack='stack') -> dict:
        """``{logical id: change}``."""
        return {c['logical_resource_id']: c for c in self.describe(name, stack)['changes']}

    def execute(self, name='cs', stack='stack', **kwargs):
        kwargs.setdefault('wait', True)
        self.service.execute_change_set(self.ctx, name, stack, **kwargs)


class CreateTypeTest(ChangeSetTestCase):

    def test_create_type_makes_a_stack_in_review_without_resources(self):
        ident = self.change_set(CHAIN, change_set_type='CREATE')
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('REVIEW_IN_PROGRESS', shown['stack_status'])
        self.assertEqual(ident['stack_id'], shown['id'])
        self.assertEqual([], self.service.list_resources(self.ctx, 'stack'))
        listed = {s['stack_name']: s['stack_status']
                  for s in self.service.list_stacks(self.ctx)}
        self.assertEqual({'stack': 'REVIEW_IN_PROGRESS'}, listed)

    def test_create_type_lists_every_resource_as_add(self):
        self.change_set(CHAIN, change_set_type='CREATE')
        described = self.describe()
        self.assertEqual(('CREATE_COMPLETE', 'AVAILABLE', 'CREATE'),
                         (described['status'], described['execution_status'],
                          described['change_set_type']))
        self.assertEqual([('Add', 'first', 'OS::Heat::TestResource'),
                          ('Add', 'second', 'OS::Heat::TestResource'),
                          ('Add', 'other', 'OS::Heat::TestResource')],
                         [(c['action'], c['logical_resource_id'], c['resource_type'])
                          for c in described['changes']])

    def test_executing_it_creates_the_stack_with_its_parameters(self):
        self.change_set(CHAIN, change_set_type='CREATE', params={'first_value': 'given'})
        self.execute()
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.assertEqual({'first': 'CREATE_COMPLETE', 'second': 'CREATE_COMPLETE',
                          'other': 'CREATE_COMPLETE'}, self.resource_statuses())
        self.assertEqual('given', self.service.show_output(self.ctx, 'stack', 'first_value')
                         ['output_value'])
        self.assertEqual('EXECUTE_COMPLETE', self.describe()['execution_status'])

    def test_a_review_stack_takes_more_create_change_sets_and_the_others_become_obsolete(self):
        self.change_set(CHAIN, name='one', change_set_type='CREATE')
        self.change_set(PAIR % 'x', name='two', change_set_type='CREATE')
        self.execute('two')
        self.assertEqual({'kept', 'changed'}, set(self.resource_statuses()))
        self.assertEqual('OBSOLETE', self.describe('one')['execution_status'])
        err = self.assertRaises(InvalidChangeSetStatus, self.execute, 'one')
        self.assertIn('OBSOLETE', str(err))

    def test_create_type_for_a_stack_that_exists_is_refused(self):
        self.create(PAIR % 'x')
        err = self.assertRaises(ChangeSetInvalid, self.change_set, CHAIN,
                                change_set_type='CREATE')
        self.assertEqual('Stack [stack] already exists and cannot be created again with the '
                         'changeSet [cs].', str(err))

    def test_deleting_the_last_change_set_keeps_the_review_stack(self):
        self.change_set(CHAIN, change_set_type='CREATE')
        self.service.delete_change_set(self.ctx, 'cs', 'stack')
        self.assertEqual('REVIEW_IN_PROGRESS', self.status())
        self.assertEqual([], self.service.list_change_sets(self.ctx, 'stack'))

    def test_a_review_stack_cannot_be_updated_directly(self):
        self.change_set(CHAIN, change_set_type='CREATE')
        err = self.assertRaises(NotSupported, self.service.update_stack, self.ctx, 'stack',
                                _d(PAIR % 'x'), wait=True)
        self.assertIn('REVIEW_IN_PROGRESS', str(err))

    def test_a_review_stack_can_be_deleted_and_its_change_sets_go_with_it(self):
        ident = self.change_set(CHAIN, change_set_type='CREATE')
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertRaises(ChangeSetNotFound, self.service.describe_change_set, self.ctx,
                          ident['id'])

    def test_crash_recovery_leaves_a_review_stack_waiting(self):
        self.change_set(CHAIN, change_set_type='CREATE')
        self.assertEqual([], self.service.recover(wait=True))
        self.assertEqual('REVIEW_IN_PROGRESS', self.status())
        self.execute()
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_an_invalid_template_raises_and_makes_no_stack(self):
        self.assertRaises(TemplateInvalid, self.change_set,
                          'heat_template_version: 2018-08-31\nresources: {a: {type: Nope}}\n',
                          change_set_type='CREATE')
        self.assertEqual([], self.service.list_stacks(self.ctx))


class UpdateTypeTest(ChangeSetTestCase):

    def test_a_property_updated_in_place_is_a_modify_without_replacement(self):
        self.create(PAIR % 'one')
        self.change_set(PAIR % 'two')
        changes = self.changes()
        self.assertEqual(['changed'], list(changes))
        change = changes['changed']
        self.assertEqual(('Modify', 'False', ['Properties']),
                         (change['action'], change['replacement'], change['scope']))
        self.assertEqual([{'target': {'attribute': 'Properties', 'name': 'value',
                                      'requires_recreation': 'Never'},
                           'evaluation': 'Static', 'change_source': 'DirectModification'}],
                         change['details'])
        rows = {r['resource_name']: r['physical_resource_id']
                for r in self.service.list_resources(self.ctx, 'stack')}
        self.assertEqual(rows['changed'], change['physical_resource_id'])

    def test_a_property_that_cannot_be_updated_is_a_replacement(self):
        self.create(RANDOM % 8)
        self.change_set(RANDOM % 12)
        change = self.changes()['token']
        self.assertEqual('True', change['replacement'])
        self.assertEqual('Always', change['details'][0]['target']['requires_recreation'])

    def test_a_plugin_replacement_makes_dependents_conditional_and_dynamic(self):
        self.create(CHAIN)
        self.change_set(CHAIN, params={'first_value': 'two'})
        changes = self.changes()
        self.assertEqual({'first', 'second'}, set(changes))
        first, second = changes['first'], changes['second']
        self.assertEqual('True', first['replacement'])
        self.assertEqual({'target': {'attribute': 'Properties', 'name': 'value',
                                     'requires_recreation': 'Conditionally'},
                          'evaluation': 'Static', 'change_source': 'ParameterReference',
                          'causing_entity': 'first_value'}, first['details'][0])
        self.assertEqual('Conditional', second['replacement'])
        self.assertEqual(('Dynamic', 'ResourceAttribute', 'first.output'),
                         (second['details'][0]['evaluation'],
                          second['details'][0]['change_source'],
                          second['details'][0]['causing_entity']))

    def test_a_new_type_is_a_replacement(self):
        self.create(PAIR % 'one')
        self.change_set((PAIR % 'one').replace('''changed:
        type: OS::Heat::TestResource''', '''changed:
        type: OS::Heat::None'''))
        change = self.changes()['changed']
        self.assertEqual(('Modify', 'True', 'OS::Heat::None', []),
                         (change['action'], change['replacement'], change['resource_type'],
                          change['details']))

    def test_an_unhealthy_resource_is_replaced(self):
        self.create(PAIR % 'one')
        self.service.mark_unhealthy(self.ctx, 'stack', 'kept', True, 'broken')
        self.change_set(PAIR % 'one')
        self.assertEqual({'kept': 'True'},
                         {n: c['replacement'] for n, c in self.changes().items()})

    def test_added_and_removed_resources(self):
        self.create(PAIR % 'one')
        self.change_set(RANDOM % 8)
        changes = self.changes()
        self.assertEqual({'token': 'Add', 'kept': 'Remove', 'changed': 'Remove'},
                         {n: c['action'] for n, c in changes.items()})
        self.assertIsNotNone(changes['kept']['physical_resource_id'])
        self.assertIsNone(changes['token']['physical_resource_id'])

    def test_a_metadata_change_has_the_metadata_scope(self):
        self.create(PAIR % 'one')
        self.change_set(PAIR % 'one' + '        metadata: {role: web}\n')
        change = self.changes()['changed']
        self.assertEqual((['Metadata'], 'False'), (change['scope'], change['replacement']))

    def test_computing_it_touches_nothing(self):
        self.create(CHAIN)
        before = (self.service.list_resources(self.ctx, 'stack', with_detail=True),
                  self.event_words(), self.service.get_template(self.ctx, 'stack'),
                  self.service.show_stack(self.ctx, 'stack'))
        self.change_set(PAIR % 'x', params={})
        after = (self.service.list_resources(self.ctx, 'stack', with_detail=True),
                 self.event_words(), self.service.get_template(self.ctx, 'stack'),
                 self.service.show_stack(self.ctx, 'stack'))
        self.assertEqual(before, after)

    def test_no_changes_is_a_failed_change_set_that_cannot_be_executed(self):
        self.create(PAIR % 'one')
        self.change_set(PAIR % 'one')
        described = self.describe()
        self.assertEqual(('FAILED', NO_CHANGES, 'UNAVAILABLE', []),
                         (described['status'], described['status_reason'],
                          described['execution_status'], described['changes']))
        self.assertRaises(InvalidChangeSetStatus, self.execute)

    def test_previous_template_with_new_parameters(self):
        self.create(CHAIN)
        self.change_set(None, use_previous_template=True, params={'first_value': 'three'})
        self.assertEqual({'first', 'second'}, set(self.changes()))
        self.execute()
        self.assertEqual('three', self.service.show_output(self.ctx, 'stack', 'first_value')
                         ['output_value'])

    def test_previous_values_are_kept_only_when_asked(self):
        self.create(CHAIN, params={'first_value': 'custom'})
        self.change_set(None, name='reset', use_previous_template=True)
        self.assertEqual({'first', 'second'}, set(self.changes('reset')))   # back to 'one'
        self.change_set(None, name='keep', use_previous_template=True,
                        use_previous_values=['first_value'])
        self.assertEqual('FAILED', self.describe('keep')['status'])

    def test_an_invalid_template_raises_and_records_nothing(self):
        self.create(PAIR % 'one')
        self.assertRaises(TemplateInvalid, self.change_set,
                          'heat_template_version: 2018-08-31\nresources: {a: {type: Nope}}\n')
        self.assertEqual([], self.service.list_change_sets(self.ctx, 'stack'))

    def test_update_type_for_a_missing_stack_is_refused(self):
        err = self.assertRaises(ChangeSetInvalid, self.change_set, PAIR % 'one',
                                stack='nowhere')
        self.assertEqual('Stack [nowhere] does not exist', str(err))


class ExecuteTest(ChangeSetTestCase):

    def test_executing_updates_the_stack_and_obsoletes_the_others(self):
        self.create(CHAIN)
        self.change_set(CHAIN, name='chosen', params={'first_value': 'two'})
        self.change_set(PAIR % 'x', name='other')
        self.execute('chosen')
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual('two', self.service.show_output(self.ctx, 'stack', 'first_value')
                         ['output_value'])
        states = {s['change_set_name']: s['execution_status']
                  for s in self.service.list_change_sets(self.ctx, 'stack')}
        self.assertEqual({'chosen': 'EXECUTE_COMPLETE', 'other': 'OBSOLETE'}, states)
        self.assertRaises(InvalidChangeSetStatus, self.execute, 'chosen')

    def test_a_direct_update_makes_change_sets_obsolete(self):
        self.create(PAIR % 'one')
        self.change_set(PAIR % 'two')
        self.service.update_stack(self.ctx, 'stack', _d(PAIR % 'three'), wait=True)
        self.assertEqual('OBSOLETE', self.describe()['execution_status'])
        self.assertRaises(InvalidChangeSetStatus, self.execute)

    def test_a_failed_update_is_execute_failed(self):
        self.create(PAIR % 'one')
        self.change_set(PAIR % 'two, fail: true')
        self.execute()
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual('EXECUTE_FAILED', self.describe()['execution_status'])

    def test_execute_in_the_background_records_the_outcome(self):
        self.create(PAIR % 'one')
        self.change_set(PAIR % 'two')
        self.execute(wait=False)
        self.assertEqual('EXECUTE_COMPLETE', self.outcome())
        self.assertEqual('UPDATE_COMPLETE', self.status())

    def test_an_outcome_an_engine_died_before_recording_is_taken_from_the_stack(self):
        from sqlalchemy import update

        from heat_core.db import models
        self.create(PAIR % 'one')
        ident = self.change_set(PAIR % 'two')
        # what a dead engine leaves: executing, then the update ran to its end
        with self.service.store._write() as c:
            c.execute(update(models.ChangeSet.__table__)
                      .where(models.ChangeSet.__table__.c.id == ident['id'])
                      .values(execution_status='EXECUTE_IN_PROGRESS',
                              executed_at=models.utcnow()))
        self.assertEqual('EXECUTE_IN_PROGRESS', self.describe()['execution_status'])
        self.service.update_stack(self.ctx, 'stack', _d(PAIR % 'two'), wait=True)
        self.assertEqual('EXECUTE_COMPLETE', self.describe()['execution_status'])

    def test_a_change_set_being_executed_cannot_be_deleted(self):
        self.create(PAIR % 'one')
        self.change_set(PAIR % 'two, action_wait_secs: {update: 0.5}')
        self.execute(wait=False)
        self.assertRaises(InvalidChangeSetStatus, self.service.delete_change_set, self.ctx,
                          'cs', 'stack')
        self.assertEqual('EXECUTE_COMPLETE', self.outcome())

    def outcome(self) -> str:
        """The execution status once the background execution has ended."""
        self.service.wait(self.service.identify(self.ctx, 'stack')['id'])
        for _ in range(100):    # recorded just after the operation's thread ends
            state = self.describe()['execution_status']
            if state != 'EXECUTE_IN_PROGRESS':
                return state
            time.sleep(0.02)
        return state


class NamesAndErrorsTest(ChangeSetTestCase):

    def setUp(self):
        super().setUp()
        self.create(PAIR % 'one')

    def test_names_are_unique_per_stack(self):
        self.change_set(PAIR % 'two')
        err = self.assertRaises(ChangeSetExists, self.change_set, PAIR % 'three')
        self.assertEqual(('AlreadyExistsException', 'ChangeSet cs already exists'),
                         (err.code, str(err)))

    def test_the_same_client_token_returns_the_same_change_set(self):
        first = self.change_set(PAIR % 'two', client_token='tok-1')
        self.assertEqual(first, self.change_set(PAIR % 'two', client_token='tok-1'))

    def test_an_invalid_name_is_refused(self):
        for bad in ('1starts-with-digit', 'has_underscore', 'x' * 129, ''):
            self.assertRaises(ChangeSetInvalid, self.change_set, PAIR % 'two', name=bad)

    def test_bad_type_template_and_capabilities_are_refused(self):
        self.assertRaises(ChangeSetInvalid, self.change_set, PAIR % 'two',
                          change_set_type='IMPORT')
        self.assertRaises(ChangeSetInvalid, self.change_set, None)
        self.assertRaises(ChangeSetInvalid, self.change_set, PAIR % 'two',
                          use_previous_template=True)
        self.assertRaises(ChangeSetInvalid, self.change_set, PAIR % 'two',
                          capabilities=['CAPABILITY_EVERYTHING'])

    def test_iam_resources_need_a_capability(self):
        err = self.assertRaises(InsufficientCapabilities, self.change_set, CFN_IAM,
                                stack='iam', change_set_type='CREATE')
        self.assertIn('CAPABILITY_IAM', str(err))
        self.assertEqual([], [s for s in self.service.list_stacks(self.ctx)
                              if s['stack_name'] == 'iam'])
        self.change_set(CFN_IAM, stack='iam', change_set_type='CREATE',
                        capabilities=['CAPABILITY_IAM'])
        self.assertEqual(['CAPABILITY_IAM'], self.describe(stack='iam')['capabilities'])

    def test_not_found(self):
        err = self.assertRaises(ChangeSetNotFound, self.describe, 'nope')
        self.assertEqual((404, 'ChangeSet [nope] does not exist'), (err.http_status, str(err)))
        self.assertRaises(ChangeSetNotFound, self.describe, 'cs', 'no-such-stack')

    def test_a_name_needs_its_stack(self):
        self.change_set(PAIR % 'two')
        err = self.assertRaises(ChangeSetInvalid, self.service.describe_change_set, self.ctx,
                                'cs')
        self.assertIn('StackName must be specified', str(err))

    def test_found_by_id_and_by_arn(self):
        ident = self.change_set(PAIR % 'two', description='try two')
        arn = 'arn:aws:cloudformation:RegionOne:tenant-a:changeSet/cs/%s' % ident['id']
        stack_arn = 'arn:aws:cloudformation:RegionOne:tenant-a:stack/stack/%s' % \
            ident['stack_id']
        for name, stack in ((ident['id'], None), (arn, None), ('cs', stack_arn)):
            described = self.service.describe_change_set(self.ctx, name, stack)
            self.assertEqual((ident['id'], 'try two'),
                             (described['change_set_id'], described['description']))

    def test_deleted_change_sets_are_gone(self):
        self.change_set(PAIR % 'two')
        self.service.delete_change_set(self.ctx, 'cs', 'stack')
        self.assertRaises(ChangeSetNotFound, self.describe)
        self.assertRaises(ChangeSetNotFound, self.service.delete_change_set, self.ctx, 'cs',
                          'stack')

    def test_list_names_an_existing_stack(self):
        self.assertRaises(ChangeSetInvalid, self.service.list_change_sets, self.ctx, 'nope')


class SecretsAndTenantsTest(ChangeSetTestCase):

    def test_noecho_values_are_masked(self):
        self.create(CHAIN)
        self.change_set(CHAIN, params={'password': 'correct-horse-battery',
                                       'first_value': 'two'})
        described = self.describe()
        self.assertEqual({'first_value': 'two', 'password': '******'},
                         described['parameters'])
        for shown in (described, self.service.list_change_sets(self.ctx, 'stack')):
            self.assertNotIn('correct-horse-battery', repr(shown))
            self.assertNotIn('hunter2-very-secret', repr(shown))

    def test_another_tenants_change_sets_are_not_found(self):
        self.create(PAIR % 'one')
        ident = self.change_set(PAIR % 'two')
        other = RequestContext(tenant='tenant-b', user='bob')
        svc = self.service
        for call in (lambda: svc.describe_change_set(other, ident['id']),
                     lambda: svc.describe_change_set(other, 'cs', ident['stack_id']),
                     lambda: svc.execute_change_set(other, ident['id'], wait=True),
                     lambda: svc.delete_change_set(other, ident['id'])):
            self.assertRaises(ChangeSetNotFound, call)
        self.assertRaises(ChangeSetInvalid, svc.list_change_sets, other, ident['stack_id'])
        self.assertRaises(ChangeSetInvalid, svc.create_change_set, other, ident['stack_id'],
                          'mine', _d(PAIR % 'three'))
        self.assertEqual('AVAILABLE', self.describe()['execution_status'])
