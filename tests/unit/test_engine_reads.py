"""Reading stacks through the engine service in Heat's wire format: show,
list (filters, tags, sorting, paging, scope), template, environment, files,
outputs and the per-tenant limits."""

import datetime

from heat_core.engine.context import RequestContext
from heat_core.engine.service import LimitExceeded
from heat_core.engine.service_reads import Forbidden, InvalidRequest, NotFound
from heat_core.errors import TemplateInvalid
from tests import base

HOT = '''
    heat_template_version: 2018-08-31
    description: A stack to read
    parameters:
      password: {type: string, hidden: true}
      count: {type: number, default: 2}
      names: {type: comma_delimited_list, default: [a, b]}
      flag: {type: boolean, default: true}
    resources:
      first: {type: OS::Heat::TestResource, properties: {value: {get_param: password}}}
    outputs:
      secret: {value: {get_attr: [first, output]}, description: the stored value}
      broken: {value: {str_split: [',', {get_attr: [first, output]}, 5]}}
      leaky: {value: {list_join: [',', {get_attr: [first, output]}]}}
      plain: {value: {list_join: ['-', {get_param: names}]}}
'''
SIMPLE = '''
    heat_template_version: 2018-08-31
    resources:
      r: {type: OS::Heat::TestResource}
'''


class ShowStackTest(base.EngineTestCase):

    def test_show_gives_heat_stack_show_keys(self):
        row = self.create(HOT, params={'password': 'hunter22'}, timeout_mins=7, tags=['t1'])
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual(
            {'id', 'links', 'stack_name', 'description', 'template_description',
             'stack_status', 'stack_status_reason', 'creation_time', 'updated_time',
             'deletion_time', 'stack_owner', 'parent', 'stack_user_project_id', 'tags',
             'disable_rollback', 'timeout_mins', 'parameters', 'outputs', 'capabilities',
             'notification_topics'}, set(shown))
        self.assertEqual([{'href': 'tenant-a/stacks/stack/%s' % row['id'], 'rel': 'self'}],
                         shown['links'])
        self.assertEqual(('A stack to read', 7, ['t1'], 'alice', None, False),
                         (shown['description'], shown['timeout_mins'], shown['tags'],
                          shown['stack_owner'], shown['parent'], shown['disable_rollback']))

    def test_parameters_are_strings_with_hot_pseudo_parameters_and_noecho_masked(self):
        row = self.create(HOT, params={'password': 'hunter22'})
        self.assertEqual({'OS::stack_name': 'stack', 'OS::stack_id': row['id'],
                          'OS::project_id': 'tenant-a', 'password': '******', 'count': '2',
                          'names': 'a,b', 'flag': 'True'},
                         self.service.show_stack(self.ctx, 'stack')['parameters'])

    def test_a_cfn_stack_shows_aws_pseudo_parameters(self):
        row = self.create('''
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Size: {Type: Number, Default: 1}
            Resources:
              R: {Type: OS::Heat::TestResource}
        ''')
        self.assertEqual({'AWS::StackName': 'stack', 'AWS::Region': 'RegionOne',
                          'AWS::StackId': 'arn:openstack:heat::tenant-a:stacks/stack/%s'
                          % row['id'], 'Size': '1'},
                         self.service.show_stack(self.ctx, 'stack')['parameters'])

    def test_outputs_are_resolved_with_errors_and_noecho_values_masked(self):
        self.create(HOT, params={'password': 'hunter22'})
        outputs = {o['output_key']: o for o in
                   self.service.show_stack(self.ctx, 'stack')['outputs']}
        self.assertEqual({'output_key': 'secret', 'output_value': '******',
                          'description': 'the stored value'}, outputs['secret'])
        self.assertEqual({'output_key': 'plain', 'output_value': 'a-b',
                          'description': 'No description given'}, outputs['plain'])
        self.assertEqual({'output_key': 'broken', 'output_value': None,
                          'description': 'No description given',
                          'output_error': 'str_split: the index 5 is out of range: use 0 to 0'},
                         outputs['broken'])
        self.assertEqual("list_join: must join a list, not '******'",
                         outputs['leaky']['output_error'])

    def test_a_deleted_stack_shows_no_outputs(self):
        row = self.create(HOT, params={'password': 'hunter22'})
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        shown = self.service.show_stack(self.ctx, row['id'])
        self.assertEqual('DELETE_COMPLETE', shown['stack_status'])
        self.assertNotIn('outputs', shown)
        self.assertIsNotNone(shown['deletion_time'])

    def test_a_failure_reason_quoting_a_noecho_value_is_masked(self):
        row = self.create(HOT, params={'password': 'hunter22'})
        self.service.store.stack_state(row['id'], 'stack', 'UPDATE', 'FAILED',
                                       'Resource UPDATE failed: first: bad value hunter22')
        self.assertEqual('Resource UPDATE failed: first: bad value ******',
                         self.service.show_stack(self.ctx, 'stack')['stack_status_reason'])
        self.assertEqual('Resource UPDATE failed: first: bad value ******',
                         self.service.list_stacks(self.ctx)[0]['stack_status_reason'])


class ListStacksTest(base.EngineTestCase):
    """Filters, tags, sorting and paging (run again on PostgreSQL below)."""

    def setUp(self):
        super().setUp()
        self.ids = {}
        base_time = datetime.datetime(2024, 1, 1)
        for i, (name, tags) in enumerate((('bravo', ['web', 'prod']), ('alpha', ['web']),
                                          ('delta', ['db', 'prod']), ('charlie', []))):
            row = self.create(SIMPLE, name=name, tags=tags)
            self.ids[name] = row['id']
            # distinct, known creation times: alpha is not the oldest
            self.service.store.update_stack(row['id'], created_at=base_time + datetime.timedelta(
                minutes=i))
        failed = self.create('''
            heat_template_version: 2018-08-31
            resources:
              r: {type: OS::Heat::TestResource, properties: {fail: true}}
        ''', name='echo', disable_rollback=True)
        self.ids['echo'] = failed['id']
        self.service.store.update_stack(failed['id'], created_at=base_time + datetime.timedelta(
            minutes=9))

    def names(self, **kwargs):
        return [s['stack_name'] for s in self.service.list_stacks(self.ctx, **kwargs)]

    def test_the_newest_stack_comes_first_by_default(self):
        self.assertEqual(['echo', 'charlie', 'delta', 'alpha', 'bravo'], self.names())

    def test_list_gives_heat_stack_list_keys(self):
        listed = self.service.list_stacks(self.ctx, filters={'name': 'alpha'})
        self.assertEqual([{
            'id': self.ids['alpha'],
            'links': [{'href': 'tenant-a/stacks/alpha/%s' % self.ids['alpha'], 'rel': 'self'}],
            'stack_name': 'alpha', 'description': '', 'stack_status': 'CREATE_COMPLETE',
            'stack_status_reason': 'Stack CREATE completed successfully',
            'creation_time': '2024-01-01T00:01:00Z',
            'updated_time': listed[0]['updated_time'], 'deletion_time': None,
            'stack_owner': 'alice', 'parent': None, 'stack_user_project_id': 'tenant-a',
            'tags': ['web']}], listed)

    def test_filter_by_name_id_and_action(self):
        self.assertEqual(['delta', 'alpha'], self.names(filters={'name': ['alpha', 'delta']}))
        self.assertEqual(['bravo'], self.names(filters={'id': self.ids['bravo']}))
        self.assertEqual(['echo', 'charlie', 'delta', 'alpha', 'bravo'],
                         self.names(filters={'action': 'CREATE'}))

    def test_filter_by_status_in_either_spelling(self):
        self.assertEqual(['echo'], self.names(filters={'status': 'FAILED'}))
        self.assertEqual(['echo'], self.names(filters={'status': 'CREATE_FAILED'}))
        self.assertEqual([], self.names(filters={'status': 'UPDATE_FAILED'}))

    def test_an_unknown_filter_is_refused(self):
        err = self.assertRaises(InvalidRequest, self.names, filters={'colour': 'red'})
        self.assertIn('Invalid filter parameter "colour"', str(err))

    def test_tags_needs_every_tag(self):
        self.assertEqual(['bravo'], self.names(tags=['web', 'prod']))
        self.assertEqual(['bravo'], self.names(tags='web,prod'))

    def test_tags_any_needs_one_of_the_tags(self):
        self.assertEqual(['delta', 'alpha', 'bravo'], self.names(tags_any=['web', 'db']))

    def test_not_tags_excludes_stacks_having_every_tag(self):
        self.assertEqual(['echo', 'charlie', 'delta', 'alpha'],
                         self.names(not_tags=['web', 'prod']))

    def test_not_tags_any_excludes_stacks_having_one_of_the_tags(self):
        self.assertEqual(['echo', 'charlie'], self.names(not_tags_any=['web', 'db']))

    def test_sort_by_name_both_ways(self):
        self.assertEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo'],
                         self.names(sort_keys=['stack_name'], sort_dir='asc'))
        self.assertEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha'],
                         self.names(sort_keys='stack_name', sort_dir='desc'))

    def test_sort_by_status_then_creation_time(self):
        self.assertEqual(['bravo', 'alpha', 'delta', 'charlie', 'echo'],
                         self.names(sort_keys=['stack_status', 'creation_time'],
                                    sort_dir='asc'))

    def test_a_bad_sort_key_or_direction_is_refused(self):
        self.assertRaises(InvalidRequest, self.names, sort_keys=['colour'])
        self.assertRaises(InvalidRequest, self.names, sort_dir='up')

    def test_limit_and_marker_page_through_the_list(self):
        pages, marker = [], None
        while True:
            page = self.service.list_stacks(self.ctx, limit=2, marker=marker,
                                            sort_keys=['stack_name'], sort_dir='asc')
            if not page:
                break
            pages.append([s['stack_name'] for s in page])
            marker = page[-1]['id']
        self.assertEqual([['alpha', 'bravo'], ['charlie', 'delta'], ['echo']], pages)

    def test_a_deleted_marker_still_marks_its_place(self):
        self.service.delete_stack(self.ctx, 'charlie', wait=True)
        self.assertEqual(['delta', 'echo'], self.names(marker=self.ids['charlie'],
                                                       sort_keys=['stack_name'],
                                                       sort_dir='asc'))

    def test_an_unknown_marker_is_not_found(self):
        self.assertRaises(NotFound, self.names, marker='no-such-stack')

    def test_deleted_stacks_are_listed_only_on_request(self):
        self.service.delete_stack(self.ctx, 'alpha', wait=True)
        self.assertNotIn('alpha', self.names())
        listed = {s['stack_name']: s for s in self.service.list_stacks(self.ctx,
                                                                       show_deleted=True)}
        self.assertEqual('DELETE_COMPLETE', listed['alpha']['stack_status'])

    def test_nested_stacks_are_listed_only_on_request(self):
        self.service.store.update_stack(self.ids['charlie'], owner_id=self.ids['bravo'])
        self.assertNotIn('charlie', self.names())
        listed = {s['stack_name']: s for s in self.service.list_stacks(self.ctx,
                                                                       show_nested=True)}
        self.assertEqual(self.ids['bravo'], listed['charlie']['parent'])

    def test_other_tenants_stacks_need_global_tenant_and_the_admin_role(self):
        other = RequestContext(tenant='tenant-b', user='bob', roles=['member'])
        self.assertEqual([], self.service.list_stacks(other))
        err = self.assertRaises(Forbidden, self.service.list_stacks, other, global_tenant=True)
        self.assertEqual(403, err.http_status)
        admin = RequestContext(tenant='tenant-b', user='root', roles=['admin'])
        listed = self.service.list_stacks(admin, global_tenant=True, filters={'name': 'alpha'})
        self.assertEqual([('alpha', 'tenant-a')], [(s['stack_name'], s['project'])
                                                   for s in listed])


class PostgreSQLListStacksTest(ListStacksTest):
    """The same list queries on PostgreSQL."""

    backend = 'postgresql'


class TemplateEnvironmentFilesTest(base.EngineTestCase):

    def test_get_template_gives_the_template_as_data(self):
        self.create('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              R: {Type: OS::Heat::TestResource, Properties: {value: !Ref AWS::StackName}}
        ''')
        self.assertEqual({'AWSTemplateFormatVersion': '2010-09-09', 'Resources': {'R': {
            'Type': 'OS::Heat::TestResource',
            'Properties': {'value': {'Ref': 'AWS::StackName'}}}}},
            self.service.get_template(self.ctx, 'stack'))

    def test_get_environment_merges_the_files_and_the_given_parameters(self):
        self.create(HOT, params={'password': 'hunter22', 'count': 4}, env_texts=[
            ('parameters: {names: "x,y"}\nparameter_defaults: {count: 3}\n'
             'resource_registry:\n  "My::T": OS::Heat::TestResource\n'
             '  resources: {elsewhere: {hooks: pre-create}}\n', 'one.yaml'),
            ('event_sinks: [{type: zaqar-queue, target: q}]\n'
             'parameter_defaults: {password: other}\n', 'two.yaml')])
        self.assertEqual({
            'parameters': {'names': 'x,y', 'password': '******', 'count': 4},
            'parameter_defaults': {'count': 3, 'password': '******'},
            'resource_registry': {'My::T': 'OS::Heat::TestResource',
                                  'resources': {'elsewhere': {'hooks': 'pre-create'}}},
            'event_sinks': [{'type': 'zaqar-queue', 'target': 'q'}],
            'encrypted_param_names': []}, self.service.get_environment(self.ctx, 'stack'))

    def test_get_files_gives_the_files(self):
        self.create(SIMPLE, files={'a.sh': '#!/bin/sh\n'})
        self.assertEqual({'a.sh': '#!/bin/sh\n'}, self.service.get_files(self.ctx, 'stack'))


class OutputsTest(base.EngineTestCase):

    def test_list_outputs_gives_keys_and_descriptions(self):
        self.create(HOT, params={'password': 'hunter22'})
        self.assertEqual([{'output_key': 'secret', 'description': 'the stored value'},
                          {'output_key': 'broken', 'description': 'No description given'},
                          {'output_key': 'leaky', 'description': 'No description given'},
                          {'output_key': 'plain', 'description': 'No description given'}],
                         self.service.list_outputs(self.ctx, 'stack'))

    def test_show_output_resolves_one_output(self):
        self.create(HOT, params={'password': 'hunter22'})
        self.assertEqual({'output_key': 'plain', 'output_value': 'a-b',
                          'description': 'No description given'},
                         self.service.show_output(self.ctx, 'stack', 'plain'))

    def test_show_output_gives_the_error_of_an_output_that_fails(self):
        self.create(HOT, params={'password': 'hunter22'})
        self.assertEqual({'output_key': 'broken', 'output_value': None,
                          'description': 'No description given',
                          'output_error': 'str_split: the index 5 is out of range: use 0 to 0'},
                         self.service.show_output(self.ctx, 'stack', 'broken'))

    def test_an_unknown_output_is_not_found(self):
        self.create(SIMPLE)
        err = self.assertRaises(NotFound, self.service.show_output, self.ctx, 'stack', 'nope')
        self.assertEqual('Specified output key nope not found.', str(err))


class LimitsTest(base.EngineTestCase):

    def test_max_stacks_per_tenant(self):
        self.config(max_stacks_per_tenant=1)
        self.create(SIMPLE, name='one')
        err = self.assertRaises(LimitExceeded, self.create, SIMPLE, name='two')
        self.assertEqual('You have reached the maximum stacks per tenant, 1. Please delete '
                         'some stacks.', str(err))
        self.assertEqual([], self.service.list_stacks(
            RequestContext(tenant='tenant-b', roles=[])))

    def test_max_resources_per_stack_refuses_a_bigger_stack(self):
        self.config(max_resources_per_stack=2)
        err = self.assertRaises(TemplateInvalid, self.create, '''
            heat_template_version: 2018-08-31
            resources:
              a: {type: OS::Heat::TestResource}
              b: {type: OS::Heat::TestResource}
              c: {type: OS::Heat::TestResource}
        ''')
        self.assertIn('max_resources_per_stack', str(err))
        self.assertEqual([], self.service.store.find_stacks(include_deleted=True))

    def test_max_events_per_stack_purges_the_oldest_events(self):
        self.config(max_events_per_stack=6, event_purge_batch_size=2)
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              a: {type: OS::Heat::TestResource}
              b: {type: OS::Heat::TestResource, depends_on: a}
              c: {type: OS::Heat::TestResource, depends_on: b}
        ''')
        # 8 events were written; when the stack's state changes, the oldest
        # go (a batch of 2 here) so that at most 6 remain
        self.assertEqual(['a CREATE_COMPLETE', 'b CREATE_IN_PROGRESS', 'b CREATE_COMPLETE',
                          'c CREATE_IN_PROGRESS', 'c CREATE_COMPLETE',
                          'stack CREATE_COMPLETE'], self.event_words())
