"""Reading resources and events through the engine service in Heat's wire
format: list (required_by, filters, detail, nesting), show with live
attributes, metadata, events (filters, paging to follow a stack live,
nesting) and event show."""

from heat_core.engine.service_reads import InvalidRequest, NotFound, ResourceNotFound
from tests import base

CHAIN = '''
    heat_template_version: 2018-08-31
    parameters:
      password: {type: string, hidden: true, default: hunter22}
    resources:
      first:
        type: OS::Heat::TestResource
        description: the first one
        metadata: {owner: {get_param: OS::stack_name}}
        properties: {value: {get_param: password}}
      second:
        type: OS::Heat::TestResource
        properties: {value: {get_attr: [first, output]}}
      third:
        type: OS::Heat::Value
        properties: {value: plain}
        depends_on: [first, second]
'''


class ListResourcesTest(base.EngineTestCase):

    def setUp(self):
        super().setUp()
        self.row = self.create(CHAIN)
        self.physical = {r['name']: r['physical_resource_id']
                         for r in self.service.store.resources(self.row['id'])}

    def test_list_gives_heat_resource_list_keys(self):
        first = self.service.list_resources(self.ctx, 'stack')[0]
        path = 'tenant-a/stacks/stack/%s' % self.row['id']
        self.assertEqual({
            'resource_name': 'first', 'logical_resource_id': 'first',
            'physical_resource_id': self.physical['first'],
            'resource_type': 'OS::Heat::TestResource', 'resource_status': 'CREATE_COMPLETE',
            'resource_status_reason': 'state changed',
            'creation_time': first['creation_time'], 'updated_time': first['updated_time'],
            'required_by': ['second', 'third'],
            'links': [{'href': path + '/resources/first', 'rel': 'self'},
                      {'href': path, 'rel': 'stack'}]}, first)

    def test_required_by_comes_from_the_dependency_graph(self):
        self.assertEqual({'first': ['second', 'third'], 'second': ['third'], 'third': []},
                         {r['resource_name']: r['required_by']
                          for r in self.service.list_resources(self.ctx, 'stack')})

    def test_filter_by_type(self):
        self.assertEqual(['third'], [r['resource_name'] for r in self.service.list_resources(
            self.ctx, 'stack', filters={'type': 'OS::Heat::Value'})])

    def test_filter_by_name_and_status(self):
        self.assertEqual(['first', 'second'], [
            r['resource_name'] for r in self.service.list_resources(
                self.ctx, 'stack', filters={'name': ['first', 'second'],
                                            'status': 'CREATE_COMPLETE'})])
        self.assertEqual([], self.service.list_resources(self.ctx, 'stack',
                                                         filters={'status': 'FAILED'}))

    def test_an_unknown_filter_is_refused(self):
        self.assertRaises(InvalidRequest, self.service.list_resources, self.ctx, 'stack',
                          filters={'colour': 'red'})

    def test_with_detail_adds_description_and_attributes(self):
        listed = self.service.list_resources(self.ctx, 'stack', with_detail=True)
        self.assertEqual([('the first one', {'output': '******'}),
                          ('', {'output': '******'}), ('', {'value': 'plain'})],
                         [(r['description'], r['attributes']) for r in listed])


NESTED_CHILD = '''
heat_template_version: 2018-08-31
resources:
  inner: {type: OS::Heat::TestResource, properties: {value: inside}}
'''
NESTED_PARENT = '''
    heat_template_version: 2018-08-31
    resources:
      outer: {type: OS::Heat::TestResource}
      child: {type: child.yaml}
'''


class NestedReadsTest(base.EngineTestCase):

    def setUp(self):
        super().setUp()
        self.row = self.create(NESTED_PARENT, files={'child.yaml': NESTED_CHILD})
        self.child = self.service.store.find_stacks(owner_id=self.row['id'])[0]

    def test_resources_of_nested_stacks_need_nested_depth(self):
        self.assertEqual(['outer', 'child'], [
            r['resource_name'] for r in self.service.list_resources(self.ctx, 'stack')])
        listed = self.service.list_resources(self.ctx, 'stack', nested_depth=1)
        self.assertEqual([('outer', None), ('child', None), ('inner', 'child')],
                         [(r['resource_name'], r.get('parent_resource')) for r in listed])

    def test_a_resource_owning_a_stack_links_to_it(self):
        child = self.service.show_resource(self.ctx, 'stack', 'child')
        self.assertEqual({'href': 'tenant-a/stacks/%s/%s' % (self.child['name'],
                                                              self.child['id']),
                          'rel': 'nested'}, child['links'][-1])

    def test_events_of_nested_stacks_need_nested_depth(self):
        plain = self.service.list_events(self.ctx, 'stack')
        self.assertNotIn('inner', [e['resource_name'] for e in plain])
        nested = self.service.list_events(self.ctx, 'stack', nested_depth=1)
        inner = [e for e in nested if e['resource_name'] == 'inner']
        self.assertEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE'],
                         [e['resource_status'] for e in inner])
        self.assertEqual({'href': 'tenant-a/stacks/stack/%s' % self.row['id'],
                          'rel': 'root_stack'}, inner[0]['links'][-1])


class ShowResourceTest(base.EngineTestCase):

    def test_show_gives_description_and_live_attributes(self):
        self.create(CHAIN)
        listed = {r['resource_name']: r for r in self.service.list_resources(self.ctx, 'stack')}
        shown = self.service.show_resource(self.ctx, 'stack', 'first')
        self.assertEqual(dict(listed['first'], description='the first one',
                              attributes={'output': '******'}), shown)
        self.assertEqual({'value': 'plain'},
                         self.service.show_resource(self.ctx, 'stack', 'third')['attributes'])

    def test_with_attr_adds_attributes_to_resolve(self):
        self.create(CHAIN)
        shown = self.service.show_resource(self.ctx, 'stack', 'third', with_attr=['show'])
        self.assertEqual({'value': 'plain', 'show': {
            'id': shown['physical_resource_id'], 'name': 'third'}}, shown['attributes'])

    def test_noecho_values_are_masked_in_attributes(self):
        self.create(CHAIN)
        self.assertEqual({'output': '******'}, self.service.show_resource(
            self.ctx, 'stack', 'second')['attributes'])

    def test_a_secret_equal_to_a_name_masks_values_but_not_names(self):
        self.create('''
            heat_template_version: 2018-08-31
            parameters:
              word: {type: string, hidden: true, default: only}
            resources:
              only: {type: OS::Heat::TestResource, properties: {value: {get_param: word}}}
        ''')
        shown = self.service.show_resource(self.ctx, 'stack', 'only')
        self.assertEqual(('only', {'output': '******'}),
                         (shown['resource_name'], shown['attributes']))
        self.assertTrue(shown['links'][0]['href'].endswith('/resources/only'))

    def test_a_random_string_is_not_its_own_physical_id(self):
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              secret: {type: OS::Heat::RandomString, properties: {length: 40}}
            outputs:
              ref: {value: {get_resource: secret}}
              value: {value: {get_attr: [secret, value]}}
        ''')
        value = self.service.show_output(self.ctx, 'stack', 'value')['output_value']
        self.assertEqual(40, len(value))
        self.assertEqual(value, self.service.show_output(self.ctx, 'stack', 'ref')['output_value'])
        listed = self.service.list_resources(self.ctx, 'stack')
        events = self.service.list_events(self.ctx, 'stack')
        self.assertNotIn(value, repr(listed) + repr(events))
        self.assertTrue(listed[0]['physical_resource_id'])

    def test_an_unknown_resource_is_not_found(self):
        self.create(CHAIN)
        err = self.assertRaises(ResourceNotFound, self.service.show_resource, self.ctx,
                                'stack', 'nope')
        self.assertEqual('The Resource (nope) could not be found in Stack stack.', str(err))

    def test_metadata_is_the_resolved_template_metadata(self):
        self.create(CHAIN)
        self.assertEqual({'owner': 'stack'},
                         self.service.resource_metadata(self.ctx, 'stack', 'first'))
        self.assertEqual({}, self.service.resource_metadata(self.ctx, 'stack', 'second'))


class EventsTest(base.EngineTestCase):

    def setUp(self):
        super().setUp()
        self.row = self.create(CHAIN)
        self.events = self.service.list_events(self.ctx, 'stack')

    def words(self, events):
        return ['%s %s' % (e['resource_name'], e['resource_status']) for e in events]

    def test_list_gives_heat_event_list_keys(self):
        first = self.events[1]
        path = 'tenant-a/stacks/stack/%s/resources/first' % self.row['id']
        self.assertEqual({
            'id': first['id'], 'event_time': first['event_time'],
            'links': [{'href': '%s/events/%s' % (path, first['id']), 'rel': 'self'},
                      {'href': path, 'rel': 'resource'},
                      {'href': 'tenant-a/stacks/stack/%s' % self.row['id'], 'rel': 'stack'}],
            'resource_name': 'first', 'logical_resource_id': 'first',
            'physical_resource_id': None, 'resource_status': 'CREATE_IN_PROGRESS',
            'resource_status_reason': 'state changed'}, first)

    def test_sort_dir_desc_gives_the_newest_first(self):
        self.assertEqual(list(reversed(self.words(self.events))),
                         self.words(self.service.list_events(self.ctx, 'stack',
                                                             sort_dir='desc')))

    def test_limit_and_marker_let_a_client_follow_the_events(self):
        seen, marker = [], None
        while True:
            page = self.service.list_events(self.ctx, 'stack', marker=marker, limit=3)
            if not page:
                break
            seen.extend(page)
            marker = page[-1]['id']
        self.assertEqual(self.words(self.events), self.words(seen))
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        newer = self.service.list_events(self.ctx, self.row['id'], marker=marker)
        self.assertEqual('stack DELETE_IN_PROGRESS', self.words(newer)[0])
        self.assertEqual('stack DELETE_COMPLETE', self.words(newer)[-1])

    def test_an_unknown_marker_is_not_found(self):
        self.assertRaises(NotFound, self.service.list_events, self.ctx, 'stack',
                          marker='no-such-event')

    def test_filter_by_status_action_and_type(self):
        self.assertEqual(['first CREATE_COMPLETE', 'second CREATE_COMPLETE',
                          'third CREATE_COMPLETE'], self.words(self.service.list_events(
                              self.ctx, 'stack', filters={
                                  'resource_status': 'COMPLETE',
                                  'resource_type': ['OS::Heat::TestResource',
                                                    'OS::Heat::Value']})))
        self.assertEqual(['stack CREATE_COMPLETE'], self.words(self.service.list_events(
            self.ctx, 'stack', filters={'resource_status': 'CREATE_COMPLETE',
                                        'resource_type': 'OS::Heat::Stack'})))
        self.assertEqual([], self.service.list_events(
            self.ctx, 'stack', filters={'resource_action': 'DELETE'}))

    def test_events_of_one_resource(self):
        self.assertEqual(['third CREATE_IN_PROGRESS', 'third CREATE_COMPLETE'],
                         self.words(self.service.list_events(self.ctx, 'stack',
                                                             resource_name='third')))

    def test_a_resource_without_events_is_not_found(self):
        err = self.assertRaises(NotFound, self.service.list_events, self.ctx, 'stack',
                                resource_name='nope')
        self.assertEqual('No events found for resource nope', str(err))

    def test_show_event_adds_type_and_properties(self):
        shown = self.service.show_event(self.ctx, 'stack', 'first', self.events[1]['id'])
        expected = dict(self.events[1], resource_type='OS::Heat::TestResource',
                        resource_properties={})
        self.assertEqual(expected, shown)

    def test_show_event_of_another_resource_is_not_found(self):
        err = self.assertRaises(NotFound, self.service.show_event, self.ctx, 'stack',
                                'second', self.events[1]['id'])
        self.assertEqual('No event %s found' % self.events[1]['id'], str(err))

    def test_a_noecho_value_in_an_event_reason_is_masked(self):
        self.service.store.add_event(self.row['id'], 'first', 'OS::Heat::TestResource',
                                     None, 'CHECK', 'FAILED', 'value hunter22 is wrong')
        last = self.service.list_events(self.ctx, 'stack')[-1]
        self.assertEqual('value ****** is wrong', last['resource_status_reason'])


class PostgreSQLEventsTest(EventsTest):
    """The same event queries on PostgreSQL."""

    backend = 'postgresql'


class PostgreSQLListResourcesTest(ListResourcesTest):
    """The same resource lists on PostgreSQL."""

    backend = 'postgresql'
