"""Abandon, export and adopt through the engine service, on a real database."""

import logging

import fixtures

from heat_core.engine.service import ActionInProgress, StackNotFound
from tests.unit.test_engine_lifecycle import CALLS, ProbeTestCase

TEMPLATE = '''
    heat_template_version: 2018-08-31
    parameters:
      password: {type: string, hidden: true}
      size: {type: number, default: 2}
    resources:
      first:
        type: Test::Probe
        metadata: {role: db}
      second:
        type: OS::Heat::TestResource
        properties: {value: {get_param: password}}
        depends_on: first
    outputs:
      stored: {value: {get_attr: [second, output]}}
'''
ENV = 'parameters: {size: 3}\nresource_registry: {"My::Probe": Test::Probe}\n'


class AbandonTest(ProbeTestCase):

    def setUp(self):
        super().setUp()
        self.row = self.create(TEMPLATE, params={'password': 'hunter22'},
                               env_texts=[(ENV, 'env.yaml')], files={'f.txt': 'data'},
                               tags=['x'])
        self.physical = {r['name']: r['physical_resource_id']
                         for r in self.service.store.resources(self.row['id'])}

    def test_abandon_returns_heat_abandon_data(self):
        data = self.service.abandon_stack(self.ctx, 'stack')
        self.assertEqual({
            'id': self.row['id'], 'name': 'stack', 'action': 'CREATE', 'status': 'COMPLETE',
            'template': {
                'heat_template_version': '2018-08-31',
                'parameters': {'password': {'type': 'string', 'hidden': True},
                               'size': {'type': 'number', 'default': 2}},
                'resources': {
                    'first': {'type': 'Test::Probe', 'metadata': {'role': 'db'}},
                    'second': {'type': 'OS::Heat::TestResource',
                               'properties': {'value': {'get_param': 'password'}},
                               'depends_on': 'first'}},
                'outputs': {'stored': {'value': {'get_attr': ['second', 'output']}}}},
            'environment': {'parameters': {'size': 3, 'password': 'hunter22'},
                            'parameter_defaults': {},
                            'resource_registry': {'My::Probe': 'Test::Probe',
                                                  'resources': {}},
                            'event_sinks': []},
            'files': {'f.txt': 'data'},
            'resources': {
                'first': {'name': 'first', 'resource_id': 'probe-first', 'type': 'Test::Probe',
                          'action': 'CREATE', 'status': 'COMPLETE',
                          'metadata': {'role': 'db'}, 'resource_data': {}},
                'second': {'name': 'second', 'resource_id': self.physical['second'],
                           'type': 'OS::Heat::TestResource', 'action': 'CREATE',
                           'status': 'COMPLETE', 'metadata': {},
                           'resource_data': {'value': 'hunter22'}}},
            'project_id': 'tenant-a', 'stack_user_project_id': 'tenant-a', 'tags': ['x'],
        }, data)

    def test_abandon_removes_the_stack_but_not_its_cloud_resources(self):
        self.service.abandon_stack(self.ctx, 'stack')
        self.assertEqual([], [c for c in CALLS if c[0] == 'delete'])
        self.assertEqual([], self.service.list_stacks(self.ctx))
        self.assertRaises(StackNotFound, self.service.show_stack, self.ctx, 'stack')
        shown = self.service.show_stack(self.ctx, self.row['id'])
        self.assertEqual('DELETE_COMPLETE', shown['stack_status'])
        self.assertEqual([], self.service.store.resources(self.row['id']))

    def test_abandon_records_each_resource_as_abandoned_dependents_first(self):
        self.service.abandon_stack(self.ctx, 'stack')
        events = self.service.list_events(self.ctx, self.row['id'])
        words = ['%s %s %s' % (e['resource_name'], e['resource_status'],
                               e['resource_status_reason']) for e in events]
        self.assertEqual(['stack DELETE_IN_PROGRESS Stack DELETE started',
                          'second DELETE_IN_PROGRESS state changed',
                          'second DELETE_COMPLETE Resource abandoned',
                          'first DELETE_IN_PROGRESS state changed',
                          'first DELETE_COMPLETE Resource abandoned',
                          'stack DELETE_COMPLETE Stack DELETE completed successfully'],
                         words[-6:])

    def test_abandoning_a_busy_stack_is_refused(self):
        self.service.start()
        self.service.liveness.acquire(self.row['id'])
        self.addCleanup(self.service.liveness.release, self.row['id'])
        self.assertRaises(ActionInProgress, self.service.abandon_stack, self.ctx, 'stack')

    def test_no_log_line_shows_the_noecho_value(self):
        logs = self.useFixture(fixtures.FakeLogger(level=logging.DEBUG))
        data = self.service.abandon_stack(self.ctx, 'stack')
        self.service.create_stack(self.ctx, 'again', None, adopt_data=data, wait=True)
        self.service.delete_stack(self.ctx, 'again', wait=True)
        self.assertNotIn('hunter22', logs.output)


class ExportTest(ProbeTestCase):

    def test_export_gives_the_abandon_data_and_keeps_the_stack(self):
        row = self.create(TEMPLATE, params={'password': 'hunter22'})
        exported = self.service.export_stack(self.ctx, 'stack')
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.assertEqual({'first': 'CREATE_COMPLETE', 'second': 'CREATE_COMPLETE'},
                         self.resource_statuses())
        self.assertEqual(exported, self.service.abandon_stack(self.ctx, 'stack'))
        self.assertEqual(row['id'], exported['id'])


class AdoptTest(ProbeTestCase):

    def adopt_data(self, **resources):
        return {
            'template': {'heat_template_version': '2018-08-31',
                         'resources': {'first': {'type': 'Test::Probe'},
                                       'second': {'type': 'Test::Probe',
                                                  'depends_on': 'first'}},
                         'outputs': {'second_id': {'value': {'get_resource': 'second'}}}},
            'environment': {'parameters': {}},
            'resources': {name: {'resource_id': rid, 'resource_data': {'k': name},
                                 'metadata': {'m': name}}
                          for name, rid in resources.items()},
        }

    def test_adopt_records_the_given_physical_ids_without_creating_anything(self):
        self.service.create_stack(self.ctx, 'adopted', None, wait=True,
                                  adopt_data=self.adopt_data(first='f-1', second='s-2'))
        self.assertEqual('ADOPT_COMPLETE', self.status('adopted'))
        self.assertEqual([], CALLS)
        self.assertEqual({'first': 'f-1', 'second': 's-2'},
                         {r['resource_name']: r['physical_resource_id']
                          for r in self.service.list_resources(self.ctx, 'adopted')})
        self.assertEqual(['adopted ADOPT_IN_PROGRESS',
                          'first ADOPT_IN_PROGRESS', 'first ADOPT_COMPLETE',
                          'second ADOPT_IN_PROGRESS', 'second ADOPT_COMPLETE',
                          'adopted ADOPT_COMPLETE'], self.event_words('adopted'))

    def test_adopted_resources_keep_their_data_and_metadata(self):
        self.service.create_stack(self.ctx, 'adopted', None, wait=True,
                                  adopt_data=self.adopt_data(first='f-1', second='s-2'))
        row = self.service.identify(self.ctx, 'adopted')
        data = {r['name']: r['data'] for r in self.service.store.resources(row['id'])}
        self.assertEqual({'first': {'k': 'first'}, 'second': {'k': 'second'}}, data)
        self.assertEqual({'m': 'first'},
                         self.service.resource_metadata(self.ctx, 'adopted', 'first'))
        self.assertEqual('s-2', self.service.show_output(self.ctx, 'adopted',
                                                         'second_id')['output_value'])

    def test_a_resource_without_an_id_fails_the_adopt_and_it_rolls_back(self):
        self.service.create_stack(self.ctx, 'adopted', None, wait=True,
                                  adopt_data=self.adopt_data(first='f-1'))
        shown = self.service.show_stack(self.ctx, 'adopted')
        self.assertEqual('ROLLBACK_COMPLETE', shown['stack_status'])
        events = self.event_words('adopted')
        self.assertIn('second ADOPT_FAILED', events)
        self.assertIn('adopted ADOPT_FAILED', events)
        failed = self.service.list_events(self.ctx, 'adopted', resource_name='second',
                                          filters={'resource_status': 'ADOPT_FAILED'})
        self.assertEqual('Resource ID was not provided.', failed[0]['resource_status_reason'])
        self.assertEqual([('delete', 'second'), ('delete', 'first')], CALLS)

    def test_a_failed_adopt_without_rollback_stays_failed(self):
        self.service.create_stack(self.ctx, 'adopted', None, wait=True, disable_rollback=True,
                                  adopt_data=self.adopt_data(first='f-1'))
        shown = self.service.show_stack(self.ctx, 'adopted')
        self.assertEqual('ADOPT_FAILED', shown['stack_status'])
        self.assertEqual('Resource ADOPT failed: second: Resource ID was not provided.',
                         shown['stack_status_reason'])

    def test_abandon_then_adopt_gives_the_same_stack_back(self):
        self.create(TEMPLATE, params={'password': 'hunter22'}, env_texts=[(ENV, 'env.yaml')])
        before = self.service.list_resources(self.ctx, 'stack')
        data = self.service.abandon_stack(self.ctx, 'stack')
        self.service.create_stack(self.ctx, 'stack', None, adopt_data=data, wait=True)
        self.assertEqual('ADOPT_COMPLETE', self.status())
        after = self.service.list_resources(self.ctx, 'stack')
        self.assertEqual([(r['resource_name'], r['physical_resource_id']) for r in before],
                         [(r['resource_name'], r['physical_resource_id']) for r in after])
        row = self.service.identify(self.ctx, 'stack')
        self.assertEqual({'size': 3, 'password': 'hunter22'}, row['parameters'])
        self.assertEqual('******', self.service.show_output(self.ctx, 'stack',
                                                            'stored')['output_value'])
        self.assertEqual([('create', 'first')], CALLS)

    def test_given_parameters_override_those_of_the_adopt_data(self):
        self.create(TEMPLATE, params={'password': 'hunter22'})
        data = self.service.abandon_stack(self.ctx, 'stack')
        self.service.create_stack(self.ctx, 'stack', None, adopt_data=data, wait=True,
                                  params={'size': 5})
        row = self.service.identify(self.ctx, 'stack')
        self.assertEqual({'size': 5, 'password': 'hunter22'}, row['parameters'])

    def test_adopt_data_may_be_json_text(self):
        import json
        self.service.create_stack(self.ctx, 'adopted', None, wait=True, adopt_data=json.dumps(
            self.adopt_data(first='f-1', second='s-2')))
        self.assertEqual('ADOPT_COMPLETE', self.status('adopted'))


class PostgreSQLAdoptTest(ProbeTestCase):
    """Abandon and adopt on PostgreSQL."""

    backend = 'postgresql'

    def test_abandon_then_adopt(self):
        self.create(TEMPLATE, params={'password': 'hunter22'})
        data = self.service.abandon_stack(self.ctx, 'stack')
        self.service.create_stack(self.ctx, 'stack', None, adopt_data=data, wait=True)
        self.assertEqual({'first': 'ADOPT_COMPLETE', 'second': 'ADOPT_COMPLETE'},
                         self.resource_statuses())
        self.assertEqual([('create', 'first')], CALLS)
