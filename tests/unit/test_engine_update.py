"""Stack update through the engine service, on a real database: full and
PATCH updates, parameters, in-place updates, replacements, unhealthy
resources and previews."""

import textwrap

from heat_core.engine.service_update import ImmutableParameterModified
from heat_core.errors import TemplateInvalid
from tests import base

CHAIN = '''
    heat_template_version: 2018-08-31
    parameters:
      first_value: {type: string, default: one}
      second_prefix: {type: string, default: ''}
    resources:
      first:
        type: OS::Heat::TestResource
        properties: {value: {get_param: first_value}, update_replace: true}
      second:
        type: OS::Heat::TestResource
        properties:
          value: {list_join: ['', [{get_param: second_prefix}, {get_attr: [first, output]}]]}
      other:
        type: OS::Heat::TestResource
        properties: {value: constant}
    outputs:
      second_value:
        value: {get_attr: [second, output]}
'''

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


def _d(text):
    return textwrap.dedent(text)


class UpdateTestCase(base.EngineTestCase):
    """Helpers for update tests."""

    def update(self, text=None, name='stack', wait=True, **kwargs):
        if text is not None:
            text = _d(text)
            kwargs.setdefault('template_name', 'template.yaml')
        return self.service.update_stack(self.ctx, name, text, wait=wait, **kwargs)

    def resource_rows(self, name='stack') -> dict:
        """``{name: row}`` of the current rows (the last one of a name)."""
        row = self.service.identify(self.ctx, name)
        return {r['name']: r for r in self.service.store.resources(row['id'])}

    def update_events(self, name='stack') -> list:
        """Event words from the last 'stack UPDATE_IN_PROGRESS' on."""
        words = self.event_words(name)
        start = len(words) - 1 - words[::-1].index('stack UPDATE_IN_PROGRESS')
        return words[start:]

    def output(self, key, name='stack'):
        return self.service.show_output(self.ctx, name, key)['output_value']


class UpdateInPlaceTest(UpdateTestCase):

    def test_changed_property_is_updated_in_place(self):
        self.create(PAIR % 'one')
        before = self.resource_rows()['changed']['physical_resource_id']
        self.update(PAIR % 'two')
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('UPDATE_COMPLETE', shown['stack_status'])
        self.assertEqual('Stack UPDATE completed successfully', shown['stack_status_reason'])
        self.assertEqual(['stack UPDATE_IN_PROGRESS', 'changed UPDATE_IN_PROGRESS',
                          'changed UPDATE_COMPLETE', 'stack UPDATE_COMPLETE'],
                         self.update_events())
        rows = self.resource_rows()
        self.assertEqual(before, rows['changed']['physical_resource_id'])
        self.assertEqual({'value': 'two'}, rows['changed']['data'])
        self.assertEqual('two', rows['changed']['properties_data']['value'])

    def test_unchanged_resources_get_no_events(self):
        self.create(PAIR % 'one')
        self.update(PAIR % 'two')
        self.assertNotIn('kept', [w.split()[0] for w in self.update_events()])
        self.assertEqual({'kept': 'CREATE_COMPLETE', 'changed': 'UPDATE_COMPLETE'},
                         self.resource_statuses())

    def test_same_template_changes_nothing(self):
        self.create(PAIR % 'one')
        self.update(PAIR % 'one')
        self.assertEqual(['stack UPDATE_IN_PROGRESS', 'stack UPDATE_COMPLETE'],
                         self.update_events())

    def test_metadata_change_updates_in_place(self):
        self.create(PAIR % 'one')
        self.update(PAIR % 'one' + '        metadata: {role: web}\n')
        self.assertEqual(['stack UPDATE_IN_PROGRESS', 'changed UPDATE_IN_PROGRESS',
                          'changed UPDATE_COMPLETE', 'stack UPDATE_COMPLETE'],
                         self.update_events())

    def test_new_resource_is_created_and_removed_one_deleted_after(self):
        self.create(PAIR % 'one')
        self.update('''
            heat_template_version: 2018-08-31
            resources:
              kept:
                type: OS::Heat::TestResource
                properties: {value: same}
              added:
                type: OS::Heat::TestResource
                properties: {value: {get_attr: [kept, output]}}
        ''')
        self.assertEqual(['stack UPDATE_IN_PROGRESS', 'added CREATE_IN_PROGRESS',
                          'added CREATE_COMPLETE', 'changed DELETE_IN_PROGRESS',
                          'changed DELETE_COMPLETE', 'stack UPDATE_COMPLETE'],
                         self.update_events())
        self.assertEqual({'kept': 'CREATE_COMPLETE', 'added': 'CREATE_COMPLETE'},
                         self.resource_statuses())

    def test_removed_resources_are_deleted_in_reverse_dependency_order(self):
        self.create(CHAIN)
        self.update('''
            heat_template_version: 2018-08-31
            resources:
              other:
                type: OS::Heat::TestResource
                properties: {value: constant}
        ''')
        events = self.update_events()
        self.assertLess(events.index('second DELETE_COMPLETE'),
                        events.index('first DELETE_IN_PROGRESS'))
        self.assertEqual({'other': 'CREATE_COMPLETE'}, self.resource_statuses())

    def test_new_template_is_stored_and_the_old_kept_as_previous(self):
        old = self.create(PAIR % 'one')
        self.update(PAIR % 'two')
        row = self.service.store.get_stack(old['id'])
        self.assertEqual(old['raw_template_id'], row['prev_raw_template_id'])
        self.assertIn('value: two', self.service.store.get_template(
            row['raw_template_id'])['template'])

    def test_invalid_template_changes_nothing(self):
        old = self.create(PAIR % 'one')
        bad = 'heat_template_version: 2018-08-31\nresources:\n  a: {type: OS::Nope}\n'
        err = self.assertRaises(TemplateInvalid, self.service.update_stack, self.ctx,
                                'stack', bad, template_name='t.yaml')
        self.assertIn('Unknown resource type "OS::Nope"', str(err))
        self.assertEqual(old, self.service.store.get_stack(old['id']))
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_outputs_follow_the_update(self):
        self.create(CHAIN)
        self.update(CHAIN, params={'second_prefix': 'x-'})
        self.assertEqual('x-one', self.output('second_value'))


class ParametersTest(UpdateTestCase):

    def test_patch_changes_one_parameter_and_keeps_the_others(self):
        self.create(CHAIN, params={'first_value': 'one', 'second_prefix': 'p-'})
        self.update(existing=True, params={'second_prefix': 'q-'})
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual('q-one', self.output('second_value'))
        row = self.service.identify(self.ctx, 'stack')
        self.assertEqual({'first_value': 'one', 'second_prefix': 'q-'}, row['parameters'])
        self.assertEqual(['stack UPDATE_IN_PROGRESS', 'second UPDATE_IN_PROGRESS',
                          'second UPDATE_COMPLETE', 'stack UPDATE_COMPLETE'],
                         self.update_events())

    def test_patch_keeps_the_stored_template(self):
        old = self.create(CHAIN)
        self.update(existing=True, params={'second_prefix': 'q-'})
        row = self.service.store.get_stack(old['id'])
        self.assertEqual(self.service.store.get_template(old['raw_template_id'])['template'],
                         self.service.store.get_template(row['raw_template_id'])['template'])

    def test_clear_parameters_drops_stored_values(self):
        self.create(CHAIN, params={'second_prefix': 'p-'})
        self.assertEqual('p-one', self.output('second_value'))
        self.update(existing=True, clear_parameters=['second_prefix'])
        self.assertEqual('one', self.output('second_value'))
        self.assertEqual({}, self.service.identify(self.ctx, 'stack')['parameters'])

    def test_full_update_forgets_parameters_not_given(self):
        self.create(CHAIN, params={'second_prefix': 'p-'})
        self.update(CHAIN)
        self.assertEqual('one', self.output('second_value'))

    def test_immutable_parameter_may_not_change(self):
        text = '''
            heat_template_version: 2018-08-31
            parameters:
              size: {type: number, default: 1, immutable: true}
              name: {type: string, default: a, immutable: true}
            resources:
              r: {type: OS::Heat::TestResource, properties: {value: {get_param: name}}}
        '''
        old = self.create(text)
        err = self.assertRaises(ImmutableParameterModified, self.update, text,
                                params={'size': 2, 'name': 'b'})
        self.assertEqual('The following parameters are immutable and may not be updated: '
                         'size, name', str(err))
        self.assertEqual('ImmutableParameterModified', err.code)
        self.assertEqual(old, self.service.store.get_stack(old['id']))

    def test_immutable_parameter_given_its_current_value_is_accepted(self):
        text = '''
            heat_template_version: 2018-08-31
            parameters:
              size: {type: number, default: 1, immutable: true}
            resources:
              r: {type: OS::Heat::TestResource}
        '''
        self.create(text)
        self.update(text, params={'size': 1})
        self.assertEqual('UPDATE_COMPLETE', self.status())


REPLACEABLE = '''
    AWSTemplateFormatVersion: "2010-09-09"
    Resources:
      Server:
        Type: OS::Heat::TestResource
        UpdateReplacePolicy: %s
        Properties: {value: %s, update_replace: true}
'''


class ReplacementTest(UpdateTestCase):

    def test_replacement_creates_the_new_resource_before_deleting_the_old(self):
        self.create(REPLACEABLE % ('Delete', 'one'))
        old_id = self.resource_rows()['Server']['physical_resource_id']
        self.update(REPLACEABLE % ('Delete', 'two'))
        self.assertEqual(['stack UPDATE_IN_PROGRESS', 'Server CREATE_IN_PROGRESS',
                          'Server CREATE_COMPLETE', 'Server DELETE_IN_PROGRESS',
                          'Server DELETE_COMPLETE', 'stack UPDATE_COMPLETE'],
                         self.update_events())
        events = self.service.list_events(self.ctx, 'stack', resource_name='Server')
        self.assertEqual(old_id, events[-1]['physical_resource_id'])
        row = self.service.identify(self.ctx, 'stack')
        rows = self.service.store.resources(row['id'])
        self.assertEqual(1, len(rows))
        self.assertNotEqual(old_id, rows[0]['physical_resource_id'])
        self.assertEqual({'value': 'two'}, rows[0]['data'])

    def test_update_replace_policy_retain_keeps_the_old_resource(self):
        self.create(REPLACEABLE % ('Retain', 'one'))
        self.update(REPLACEABLE % ('Retain', 'two'))
        events = self.service.list_events(self.ctx, 'stack', resource_name='Server')
        self.assertEqual('DELETE_COMPLETE', events[-1]['resource_status'])
        self.assertEqual('Resource retained (UpdateReplacePolicy Retain)',
                         events[-1]['resource_status_reason'])
        self.assertEqual({'Server': 'CREATE_COMPLETE'}, self.resource_statuses())

    def test_type_change_replaces(self):
        self.create(PAIR % 'one')
        self.update('''
            heat_template_version: 2018-08-31
            resources:
              kept:
                type: OS::Heat::TestResource
                properties: {value: same}
              changed:
                type: OS::Heat::None
        ''')
        self.assertEqual(['stack UPDATE_IN_PROGRESS', 'changed CREATE_IN_PROGRESS',
                          'changed CREATE_COMPLETE', 'changed DELETE_IN_PROGRESS',
                          'changed DELETE_COMPLETE', 'stack UPDATE_COMPLETE'],
                         self.update_events())
        self.assertEqual('OS::Heat::None', self.resource_rows()['changed']['type'])

    def test_dependents_see_the_replacement(self):
        self.create(CHAIN)
        self.update(CHAIN, params={'first_value': 'uno'})
        self.assertEqual('uno', self.output('second_value'))
        self.assertEqual({'first': 'CREATE_COMPLETE', 'second': 'UPDATE_COMPLETE',
                          'other': 'CREATE_COMPLETE'}, self.resource_statuses())

    def test_stack_delete_removes_replaced_resources_kept_by_a_failed_update(self):
        row = self.create(REPLACEABLE % ('Delete', 'one'))
        self.update(REPLACEABLE % ('Delete', 'two') + '''
      Bad:
        Type: OS::Heat::TestResource
        DependsOn: Server
        Properties: {fail: true}
''', disable_rollback=True)
        self.assertEqual('UPDATE_FAILED', self.status())
        self.assertEqual(3, len(self.service.store.resources(row['id'])))
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual('DELETE_COMPLETE',
                         self.service.show_stack(self.ctx, row['id'])['stack_status'])
        self.assertEqual([], self.service.store.resources(row['id']))


class UnhealthyTest(UpdateTestCase):

    def test_mark_unhealthy_sets_check_failed_with_the_reason(self):
        self.create(PAIR % 'one')
        self.service.mark_unhealthy(self.ctx, 'stack', 'kept', True, 'disk gone')
        row = self.resource_rows()['kept']
        self.assertEqual(('CHECK', 'FAILED', 'disk gone', True),
                         (row['action'], row['status'], row['status_reason'],
                          row['needs_replace']))

    def test_mark_unhealthy_default_reason(self):
        self.create(PAIR % 'one')
        self.service.mark_unhealthy(self.ctx, 'stack', 'kept')
        self.assertEqual('state changed by resource_mark_unhealthy api',
                         self.resource_rows()['kept']['status_reason'])

    def test_marking_healthy_again_clears_it(self):
        self.create(PAIR % 'one')
        self.service.mark_unhealthy(self.ctx, 'stack', 'kept', True, 'disk gone')
        self.service.mark_unhealthy(self.ctx, 'stack', 'kept', False, 'disk back')
        row = self.resource_rows()['kept']
        self.assertEqual(('CHECK', 'COMPLETE', 'disk back', False),
                         (row['action'], row['status'], row['status_reason'],
                          row['needs_replace']))

    def test_unhealthy_resource_is_replaced_by_the_next_update(self):
        self.create(PAIR % 'one')
        old_id = self.resource_rows()['kept']['physical_resource_id']
        self.service.mark_unhealthy(self.ctx, 'stack', 'kept', True, 'disk gone')
        self.update(existing=True)
        self.assertEqual(['stack UPDATE_IN_PROGRESS', 'kept CREATE_IN_PROGRESS',
                          'kept CREATE_COMPLETE', 'kept DELETE_IN_PROGRESS',
                          'kept DELETE_COMPLETE', 'stack UPDATE_COMPLETE'],
                         self.update_events())
        row = self.resource_rows()['kept']
        self.assertNotEqual(old_id, row['physical_resource_id'])
        self.assertEqual(('CREATE', 'COMPLETE', False),
                         (row['action'], row['status'], row['needs_replace']))

    def test_resource_may_be_named_by_its_physical_id(self):
        self.create(PAIR % 'one')
        physical_id = self.resource_rows()['kept']['physical_resource_id']
        self.service.mark_unhealthy(self.ctx, 'stack', physical_id, True, 'disk gone')
        self.assertEqual('CHECK_FAILED', self.resource_statuses()['kept'])

    def test_unhealthy_must_be_a_boolean(self):
        from heat_core.engine.service_update import InvalidRequest
        self.create(PAIR % 'one')
        err = self.assertRaises(InvalidRequest, self.service.mark_unhealthy, self.ctx,
                                'stack', 'kept', 'yes')
        self.assertEqual('mark_unhealthy is not a boolean', str(err))

    def test_unknown_resource_is_not_found(self):
        from heat_core.engine.service_update import ResourceNotFound
        self.create(PAIR % 'one')
        err = self.assertRaises(ResourceNotFound, self.service.mark_unhealthy, self.ctx,
                                'stack', 'nope')
        self.assertEqual('The Resource (nope) could not be found.', str(err))


class PreviewTest(UpdateTestCase):

    def test_preview_lists_each_category_and_touches_nothing(self):
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              same: {type: OS::Heat::TestResource, properties: {value: a}}
              inplace: {type: OS::Heat::TestResource, properties: {value: a}}
              replaced:
                type: OS::Heat::TestResource
                properties: {value: a, update_replace: true}
              gone: {type: OS::Heat::TestResource}
        ''')
        before = self.event_words()
        preview = self.service.preview_update(self.ctx, 'stack', _d('''
            heat_template_version: 2018-08-31
            resources:
              same: {type: OS::Heat::TestResource, properties: {value: a}}
              inplace: {type: OS::Heat::TestResource, properties: {value: b}}
              replaced:
                type: OS::Heat::TestResource
                properties: {value: b, update_replace: true}
              new: {type: OS::Heat::None}
        '''), template_name='t.yaml')
        names = {k: [r['resource_name'] for r in v] for k, v in preview.items()}
        self.assertEqual({'added': ['new'], 'deleted': ['gone'], 'replaced': ['replaced'],
                          'updated': ['inplace'], 'unchanged': ['same']}, names)
        self.assertEqual(('OS::Heat::None', 'INIT', 'INIT_COMPLETE'), tuple(
            preview['added'][0][k] for k in ('resource_type', 'resource_action',
                                              'resource_status')))
        self.assertEqual(('OS::Heat::TestResource', 'CREATE', 'CREATE_COMPLETE'), tuple(
            preview['updated'][0][k] for k in ('resource_type', 'resource_action',
                                                'resource_status')))
        self.assertEqual(before, self.event_words())
        self.assertEqual('CREATE_COMPLETE', self.status())


FAILING = '''
    heat_template_version: 2018-08-31
    resources:
      good:
        type: OS::Heat::TestResource
      bad:
        type: OS::Heat::TestResource
        properties: {fail: %s}
        depends_on: good
      later:
        type: OS::Heat::TestResource
        depends_on: bad
'''


class UpdateRequestsTest(UpdateTestCase):

    def test_failed_create_is_repaired_by_an_update(self):
        self.create(FAILING % 'true', disable_rollback=True)
        self.assertEqual({'good': 'CREATE_COMPLETE', 'bad': 'CREATE_FAILED',
                          'later': 'INIT_COMPLETE'}, self.resource_statuses())
        self.update(FAILING % 'false')
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual({'good': 'CREATE_COMPLETE', 'bad': 'CREATE_COMPLETE',
                          'later': 'CREATE_COMPLETE'}, self.resource_statuses())
        # the failed one is replaced, the one never created is created in its row
        self.assertEqual(['stack UPDATE_IN_PROGRESS', 'bad CREATE_IN_PROGRESS',
                          'bad CREATE_COMPLETE', 'later CREATE_IN_PROGRESS',
                          'later CREATE_COMPLETE', 'bad DELETE_IN_PROGRESS',
                          'bad DELETE_COMPLETE', 'stack UPDATE_COMPLETE'],
                         self.update_events())

    def test_rolled_back_create_is_created_by_an_update(self):
        self.create(FAILING % 'true')
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.update(FAILING % 'false')
        self.assertEqual({'good': 'CREATE_COMPLETE', 'bad': 'CREATE_COMPLETE',
                          'later': 'CREATE_COMPLETE'}, self.resource_statuses())

    def test_update_of_a_busy_stack_is_refused(self):
        from heat_core.engine.service import ActionInProgress
        row = self.create('''
            heat_template_version: 2018-08-31
            resources:
              slow: {type: OS::Heat::TestResource, properties: {wait_secs: 0.5}}
        ''', wait=False)
        self.assertRaises(ActionInProgress, self.update, PAIR % 'one')
        self.service.wait(row['id'])
        self.assertEqual('CREATE_COMPLETE', self.status())

    def test_full_update_needs_a_template(self):
        from heat_core.engine.service_update import InvalidRequest
        self.create(PAIR % 'one')
        self.assertRaises(InvalidRequest, self.update)


PRODUCER = '''
    AWSTemplateFormatVersion: "2010-09-09"
    Resources:
      R: {Type: OS::Heat::TestResource, Properties: {value: %s}}
    Outputs:
      Out:
        Value: {"Fn::GetAtt": [R, output]}
        Export: {Name: shared}
'''

CONSUMER = '''
    AWSTemplateFormatVersion: "2010-09-09"
    Resources:
      R: {Type: OS::Heat::TestResource, Properties: {value: {"Fn::ImportValue": shared}}}
'''


class ExportsTest(UpdateTestCase):

    def setUp(self):
        super().setUp()
        self.create(PRODUCER % 'one', name='producer')
        self.create(CONSUMER, name='consumer')

    def test_removing_an_imported_export_is_refused(self):
        from heat_core.engine.service_nested import ExportInUse
        err = self.assertRaises(ExportInUse, self.update, PRODUCER.split('    Outputs')[0]
                                % 'one', name='producer')
        self.assertEqual('Export "shared" cannot be removed as it is in use by stack '
                         '"consumer"', str(err))
        self.assertEqual('CREATE_COMPLETE', self.status('producer'))

    def test_changing_an_imported_export_fails_the_update_and_rolls_back(self):
        self.update(PRODUCER % 'two', name='producer')
        events = self.service.list_events(self.ctx, 'producer', resource_name='producer')
        self.assertEqual(('UPDATE_FAILED', 'Export "shared" cannot be updated as it is in use '
                          'by stack "consumer"'), (events[-3]['resource_status'],
                                                   events[-3]['resource_status_reason']))
        self.assertEqual('ROLLBACK_COMPLETE', self.status('producer'))
        self.assertEqual('one', self.service.show_output(self.ctx, 'producer', 'Out')[
            'output_value'])


class PostgreSQLUpdateTest(UpdateTestCase):
    """Updates on PostgreSQL."""

    backend = 'postgresql'

    def test_in_place_and_replacement(self):
        self.create(CHAIN)
        self.update(CHAIN, params={'first_value': 'uno', 'second_prefix': 'x-'})
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual('x-uno', self.output('second_value'))
        self.assertEqual({'first': 'CREATE_COMPLETE', 'second': 'UPDATE_COMPLETE',
                          'other': 'CREATE_COMPLETE'}, self.resource_statuses())

    def test_patch_update(self):
        self.create(CHAIN, params={'second_prefix': 'p-'})
        self.update(existing=True, params={'first_value': 'uno'})
        self.assertEqual('p-uno', self.output('second_value'))
