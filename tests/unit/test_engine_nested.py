"""Nested stacks through the engine, with provider templates (a file as the
type, or a type mapped to a file in the environment): child stack rows,
outputs as attributes, events, failure and rollback, delete, suspend and
resume, crash recovery, resource_facade, and the listing of nested stacks.
(The stack resource types are in test_engine_nested_stacks.)"""

import datetime
import re
import time

from sqlalchemy import update as sql_update

from heat_core.db import models as m
from heat_core.engine import actions, nested, operations
from heat_core.engine import status as st
from heat_core.engine.service import ActionInProgress, EngineService
from tests import base

SERVER = '''
heat_template_version: 2018-08-31
parameters:
  flavor: {type: string}
  fail: {type: boolean, default: false}
resources:
  box:
    type: OS::Heat::TestResource
    properties: {value: {get_param: flavor}, fail: {get_param: fail}}
outputs:
  address: {value: {str_replace: {template: addr-F, params: {F: {get_attr: [box, output]}}}}}
'''

USES_SERVER = '''
    heat_template_version: 2018-08-31
    resources:
      web:
        type: server.yaml
        properties: {flavor: small}
    outputs:
      address: {value: {get_attr: [web, address]}}
      ref: {value: {get_resource: web}}
      inner: {value: {get_attr: [web, resource.box, output]}}
'''

CHILD_NAME = re.compile(r'^stack-web-[0-9a-f]{12}$')


class NestedTestCase(base.EngineTestCase):

    def children(self, stack_id, depth=None, include_deleted=False):
        return nested.nested_stack_rows(self.service.store, stack_id, depth, include_deleted)

    def outputs(self, name='stack') -> dict:
        return {o['output_key']: o['output_value']
                for o in self.service.show_stack(self.ctx, name)['outputs']}


class TemplateResourceTest(NestedTestCase):

    def test_template_file_as_the_type_creates_a_child_stack(self):
        row = self.create(USES_SERVER, files={'server.yaml': SERVER})
        self.assertEqual('CREATE_COMPLETE', self.status())
        [child] = self.children(row['id'])
        self.assertRegex(child['name'], CHILD_NAME)
        self.assertEqual((row['id'], 1, 'web', 'CREATE', 'COMPLETE'),
                         (child['owner_id'], child['nested_depth'], child['parent_resource'],
                          child['action'], child['status']))
        self.assertEqual({'box': 'CREATE_COMPLETE'}, self.resource_statuses(child['id']))
        self.assertEqual({'web': 'CREATE_COMPLETE'}, self.resource_statuses())

    def test_properties_are_parameters_and_outputs_are_attributes(self):
        self.create(USES_SERVER, files={'server.yaml': SERVER})
        outputs = self.outputs()
        self.assertEqual('addr-small', outputs['address'])
        self.assertEqual('small', outputs['inner'])

    def test_reference_is_the_child_stack_arn(self):
        row = self.create(USES_SERVER, files={'server.yaml': SERVER})
        [child] = self.children(row['id'])
        self.assertEqual('arn:openstack:heat::tenant-a:stacks/%s/%s' % (child['name'],
                                                                         child['id']),
                         self.outputs()['ref'])

    def test_type_mapped_to_a_template_in_the_environment(self):
        row = self.create('''
            heat_template_version: 2018-08-31
            resources:
              web: {type: My::Server, properties: {flavor: large}}
            outputs:
              address: {value: {get_attr: [web, address]}}
        ''', files={'server.yaml': SERVER},
            env_texts=[('resource_registry: {"My::Server": server.yaml}', 'env.yaml')])
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.assertEqual('addr-large', self.outputs()['address'])
        [resource] = self.service.list_resources(self.ctx, 'stack')
        self.assertEqual('My::Server', resource['resource_type'])
        self.assertEqual(1, len(self.children(row['id'])))

    def test_parent_environment_parameters_do_not_reach_the_child(self):
        self.create(USES_SERVER, files={'server.yaml': SERVER},
                    env_texts=[('parameters: {}\nparameter_defaults: {flavor: ignored}',
                                'env.yaml')])
        self.assertEqual('addr-small', self.outputs()['address'])

    def test_parent_events_show_the_nested_resource(self):
        row = self.create(USES_SERVER, files={'server.yaml': SERVER})
        self.assertEqual(['stack CREATE_IN_PROGRESS', 'web CREATE_IN_PROGRESS',
                          'web CREATE_COMPLETE', 'stack CREATE_COMPLETE'], self.event_words())
        [child] = self.children(row['id'])
        self.assertEqual(['%s CREATE_IN_PROGRESS' % child['name'], 'box CREATE_IN_PROGRESS',
                          'box CREATE_COMPLETE', '%s CREATE_COMPLETE' % child['name']],
                         self.event_words(child['id']))

    def test_child_failure_fails_the_resource_with_the_childs_reason(self):
        row = self.create(USES_SERVER.replace('{flavor: small}', '{flavor: small, fail: true}'),
                          files={'server.yaml': SERVER}, disable_rollback=True)
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('CREATE_FAILED', shown['stack_status'])
        self.assertEqual('Resource CREATE failed: web: Resource CREATE failed: box: '
                         'Test Resource failed box', shown['stack_status_reason'])
        [child] = self.children(row['id'])
        self.assertEqual(('CREATE', 'FAILED'), (child['action'], child['status']))

    def test_rollback_deletes_the_child_stack(self):
        row = self.create(USES_SERVER.replace('{flavor: small}', '{flavor: small, fail: true}'),
                          files={'server.yaml': SERVER})
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual([], self.children(row['id']))
        [child] = self.children(row['id'], include_deleted=True)
        self.assertEqual(('DELETE', 'COMPLETE'), (child['action'], child['status']))

    def test_deleting_the_parent_deletes_the_child(self):
        row = self.create(USES_SERVER, files={'server.yaml': SERVER})
        [child] = self.children(row['id'])
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        shown = self.service.show_stack(self.ctx, child['id'])
        self.assertEqual('DELETE_COMPLETE', shown['stack_status'])
        self.assertLess(self.event_words(row['id']).index('web DELETE_IN_PROGRESS'),
                        self.event_words(row['id']).index('web DELETE_COMPLETE'))
        self.assertEqual([], self.children(row['id']))

    def test_a_child_cannot_be_deleted_while_its_parent_works(self):
        slow = SERVER.replace('fail: {get_param: fail}', 'wait_secs: 1')
        row = self.create(USES_SERVER, files={'server.yaml': slow}, wait=False)
        self.addCleanup(self.service.wait, row['id'])
        deadline = time.monotonic() + 10
        while not self.children(row['id']) and time.monotonic() < deadline:
            time.sleep(0.01)
        [child] = self.children(row['id'])
        err = self.assertRaises(ActionInProgress, self.service.delete_stack, self.ctx,
                                child['id'])
        self.assertEqual('Stack %s already has an action (CREATE) in progress (in its parent '
                         'stack stack).' % child['name'], str(err))

    def test_child_stacks_are_not_listed_as_top_level_stacks(self):
        self.create(USES_SERVER, files={'server.yaml': SERVER})
        self.assertEqual(['stack'], [s['stack_name'] for s in self.service.list_stacks(self.ctx)])


class FacadeAndRecoveryTest(NestedTestCase):

    FACADE = """
heat_template_version: 2018-08-31
resources:
  r:
    type: OS::Heat::TestResource
    properties: {value: {get_attr: [meta, value, role]}}
  meta: {type: OS::Heat::Value, properties: {value: {resource_facade: metadata}}}
outputs:
  role: {value: {get_attr: [r, output]}}
  policy: {value: {resource_facade: deletion_policy}}
"""

    def test_resource_facade_gives_the_facade_resources_data(self):
        row = self.create('''
            heat_template_version: 2018-08-31
            resources:
              web:
                type: facade.yaml
                metadata: {role: frontend}
                deletion_policy: Retain
        ''', files={'facade.yaml': self.FACADE})
        [child] = self.children(row['id'])
        self.assertEqual({'role': 'frontend', 'policy': 'Retain'},
                         {o['output_key']: o['output_value']
                          for o in self.service.show_stack(self.ctx, child['id'])['outputs']})

    def test_a_child_interrupted_by_engine_death_is_resumed_by_its_parent(self):
        def dies_while_creating_the_child(stack, store, *args, **kwargs):
            web = stack.resources['web']
            actions.set_state(web, st.CREATE, st.IN_PROGRESS, 'state changed')
            web._new_child()     # the child row exists, none of its resources does

        real_create = operations.create
        self.patch(operations, 'create', dies_while_creating_the_child)
        self.patch(self.service.liveness, 'release', lambda stack_id: None)
        row = self.create(USES_SERVER, files={'server.yaml': SERVER})
        [child] = self.children(row['id'])
        self.assertEqual(('CREATE', 'IN_PROGRESS'), (child['action'], child['status']))
        self._kill(self.service)
        self.patch(operations, 'create', real_create)

        other = EngineService()
        self.addCleanup(other.stop)
        self.assertEqual([row['id']], other.recover(wait=True))
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.assertEqual('addr-small', self.outputs()['address'])
        [again] = self.children(row['id'])
        self.assertEqual((child['id'], 'CREATE', 'COMPLETE'),
                         (again['id'], again['action'], again['status']))

    def _kill(self, service):
        """The engine stops beating, as if its process died."""
        service.liveness._stop.set()
        service.liveness._thread.join()
        engines = m.Engine.__table__
        with service.store.engine.begin() as c:
            c.execute(sql_update(engines).where(engines.c.id == service.liveness.id).values(
                heartbeat_at=m.utcnow() - datetime.timedelta(hours=1)))


class NestedLifecycleTest(NestedTestCase):

    def test_suspend_and_resume_reach_the_child(self):
        row = self.create(USES_SERVER, files={'server.yaml': SERVER})
        [child] = self.children(row['id'])
        self.service.suspend_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('SUSPEND_COMPLETE', {'box': 'SUSPEND_COMPLETE'}),
                         (self.status(child['id']), self.resource_statuses(child['id'])))
        self.service.resume_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('RESUME_COMPLETE', {'box': 'RESUME_COMPLETE'}),
                         (self.status(child['id']), self.resource_statuses(child['id'])))
        self.assertEqual('RESUME_COMPLETE', self.status())

    def test_check_reaches_the_child(self):
        row = self.create(USES_SERVER, files={'server.yaml': SERVER})
        [child] = self.children(row['id'])
        self.service.check_stack(self.ctx, 'stack', wait=True)
        self.assertEqual(('CHECK_COMPLETE', 'CHECK_COMPLETE', {'box': 'CHECK_COMPLETE'}),
                         (self.status(), self.status(child['id']),
                          self.resource_statuses(child['id'])))


class NestedListingTest(NestedTestCase):

    TWO_LEVELS = '''
        heat_template_version: 2018-08-31
        resources:
          outer: {type: outer.yaml}
    '''
    OUTER = '''
heat_template_version: 2018-08-31
resources:
  middle: {type: server.yaml, properties: {flavor: tiny}}
  plain: {type: OS::Heat::TestResource}
'''

    def setUp(self):
        super().setUp()
        self.row = self.create(self.TWO_LEVELS, files={'outer.yaml': self.OUTER,
                                                       'server.yaml': SERVER})

    def test_nested_stack_rows_follows_the_depth(self):
        self.assertEqual([('outer', 1)], [(r['parent_resource'], r['nested_depth'])
                                          for r in self.children(self.row['id'], 1)])
        self.assertEqual([('outer', 1), ('middle', 2)],
                         [(r['parent_resource'], r['nested_depth'])
                          for r in self.children(self.row['id'], 2)])
        self.assertEqual(2, len(self.children(self.row['id'])))

    def test_nested_stack_names_chain_from_the_parent(self):
        first, second = self.children(self.row['id'])
        self.assertTrue(second['name'].startswith(first['name'] + '-middle-'))
        self.assertEqual(['stack', first['name'], second['name']],
                         nested.stack_chain(self.service.store, second['id']))

    def test_list_resources_with_nested_depth(self):
        listed = self.service.list_resources(self.ctx, 'stack', nested_depth=2)
        self.assertEqual(['outer', 'middle', 'plain', 'box'],
                         [r['resource_name'] for r in listed])

    def test_list_events_with_nested_depth(self):
        names = {e['resource_name'] for e in self.service.list_events(self.ctx, 'stack',
                                                                       nested_depth=1)}
        self.assertEqual({'stack', 'outer', 'middle', 'plain'},
                         names - {r['name'] for r in self.children(self.row['id'])})


class PostgreSQLNestedTest(NestedTestCase):
    """Nested create, rollback and delete on PostgreSQL."""

    backend = 'postgresql'

    def test_create_and_delete(self):
        row = self.create(USES_SERVER, files={'server.yaml': SERVER})
        self.assertEqual('addr-small', self.outputs()['address'])
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual([('DELETE', 'COMPLETE')],
                         [(c['action'], c['status'])
                          for c in self.children(row['id'], include_deleted=True)])

    def test_failure_rolls_back_the_child(self):
        row = self.create(USES_SERVER.replace('{flavor: small}', '{flavor: small, fail: true}'),
                          files={'server.yaml': SERVER})
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual([], self.children(row['id']))
