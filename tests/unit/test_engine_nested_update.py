"""Updating nested stacks: a stack update that changes a nested resource
updates its child stack (ResourceGroup scaling, provider template
properties, OS::Heat::Stack templates), and a failed one is rolled back."""

import textwrap

from heat_core.engine import nested
from tests import base

GROUP = '''
    heat_template_version: 2018-08-31
    resources:
      group:
        type: OS::Heat::ResourceGroup
        properties:
          count: %d
          removal_policies: %s
          resource_def:
            type: OS::Heat::TestResource
            properties: {value: "m%%index%%"}
    outputs:
      values: {value: {get_attr: [group, output]}}
      removed: {value: {get_attr: [group, removed_rsrc_list]}}
'''

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
  flavor: {value: {get_attr: [box, output]}}
'''

USES_SERVER = '''
    heat_template_version: 2018-08-31
    resources:
      web: {type: server.yaml, properties: %s}
    outputs:
      flavor: {value: {get_attr: [web, flavor]}}
'''


class NestedUpdateTestCase(base.EngineTestCase):

    def update(self, text, **kwargs):
        self.service.update_stack(self.ctx, 'stack', textwrap.dedent(text),
                                  template_name='template.yaml', wait=True, **kwargs)

    def outputs(self) -> dict:
        return {o['output_key']: o['output_value']
                for o in self.service.show_stack(self.ctx, 'stack')['outputs']}

    def child(self, row):
        [child] = nested.nested_stack_rows(self.service.store, row['id'])
        return child

    def member_ids(self, row) -> dict:
        return {r['resource_name']: r['physical_resource_id']
                for r in self.service.list_resources(self.ctx, self.child(row)['id'])}


class GroupScalingTest(NestedUpdateTestCase):

    def test_scaling_up_keeps_the_members_and_adds_one(self):
        row = self.create(GROUP % (2, '[]'))
        before = self.member_ids(row)
        self.update(GROUP % (3, '[]'))
        self.assertEqual('UPDATE_COMPLETE', self.status())
        after = self.member_ids(row)
        self.assertEqual(['0', '1', '2'], sorted(after))
        self.assertEqual(before, {n: after[n] for n in before})
        self.assertEqual(['m0', 'm1', 'm2'], self.outputs()['values'])
        child = self.child(row)
        self.assertEqual(('UPDATE', 'COMPLETE'), (child['action'], child['status']))

    def test_scaling_down_removes_the_highest_members(self):
        row = self.create(GROUP % (3, '[]'))
        self.update(GROUP % (1, '[]'))
        self.assertEqual(['0'], sorted(self.member_ids(row)))
        self.assertEqual(['m0'], self.outputs()['values'])

    def test_removal_policies_remove_named_members_for_good(self):
        row = self.create(GROUP % (3, '[]'))
        self.update(GROUP % (3, '[{resource_list: ["1"]}]'))
        self.assertEqual(['0', '2', '3'], sorted(self.member_ids(row)))
        self.assertEqual({'values': ['m0', 'm2', 'm3'], 'removed': ['1']}, self.outputs())


class TemplateResourceUpdateTest(NestedUpdateTestCase):

    def test_changed_property_updates_the_child_in_place(self):
        row = self.create(USES_SERVER % '{flavor: small}', files={'server.yaml': SERVER})
        child = self.child(row)
        box = self.member_ids(row)['box']
        self.update(USES_SERVER % '{flavor: large}', files={'server.yaml': SERVER})
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual('large', self.outputs()['flavor'])
        self.assertEqual(child['id'], self.child(row)['id'])
        self.assertEqual({'box': box}, self.member_ids(row))

    def test_failed_child_update_is_rolled_back_with_the_parent(self):
        row = self.create(USES_SERVER % '{flavor: small}', files={'server.yaml': SERVER})
        self.update(USES_SERVER % '{flavor: large, fail: true}', files={'server.yaml': SERVER})
        shown = self.service.show_stack(self.ctx, 'stack')
        self.assertEqual('ROLLBACK_COMPLETE', shown['stack_status'])
        self.assertEqual('small', self.outputs()['flavor'])
        child = self.child(row)
        self.assertEqual(('UPDATE', 'COMPLETE'), (child['action'], child['status']))
        self.assertEqual({'flavor': 'small'}, child['parameters'])


    def test_changed_provider_template_updates_the_child_with_the_same_properties(self):
        # the parent's properties look unchanged: the nested resource is
        # updated anyway and its child gets the new template (as in Heat)
        row = self.create(USES_SERVER % '{flavor: small}', files={'server.yaml': SERVER})
        child = self.child(row)
        bigger = SERVER.replace('{value: {get_attr: [box, output]}}',
                                '{value: {list_join: [-, [big, {get_attr: [box, output]}]]}}')
        self.update(USES_SERVER % '{flavor: small}', files={'server.yaml': bigger})
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual('big-small', self.outputs()['flavor'])
        self.assertEqual(child['id'], self.child(row)['id'])

    def test_nested_resource_is_always_updated_and_its_child_decides(self):
        row = self.create(USES_SERVER % '{flavor: small}', files={'server.yaml': SERVER})
        child_events = self.event_words(self.child(row)['id'])
        self.update(USES_SERVER % '{flavor: small}', files={'server.yaml': SERVER})
        self.assertEqual(['web UPDATE_IN_PROGRESS', 'web UPDATE_COMPLETE'],
                         [e for e in self.event_words() if e.startswith('web UPDATE')])
        # nothing in the child changed: its resource has no new event
        self.assertEqual([e for e in child_events if e.startswith('box')],
                         [e for e in self.event_words(self.child(row)['id'])
                          if e.startswith('box')])
        child = self.child(row)
        self.assertEqual(('UPDATE', 'COMPLETE'), (child['action'], child['status']))

    def test_preview_shows_a_nested_resource_as_updated(self):
        self.create(USES_SERVER % '{flavor: small}', files={'server.yaml': SERVER})
        preview = self.service.preview_update(self.ctx, 'stack',
                                              textwrap.dedent(USES_SERVER % '{flavor: small}'),
                                              files={'server.yaml': SERVER},
                                              template_name='template.yaml')
        self.assertEqual(['web'], [r['resource_name'] for r in preview['updated']])
        self.assertEqual([], preview['unchanged'])

    def test_a_checked_nested_resource_whose_child_failed_its_check_is_updated(self):
        # a stack check marked it CHECK_FAILED: the child's resources decide
        row = self.create(USES_SERVER % '{flavor: small}', files={'server.yaml': SERVER})
        child = self.child(row)
        store = self.service.store
        [web] = store.resources(row['id'])
        store.update_resource(web['id'], action='CHECK', status='FAILED')
        self.update(USES_SERVER % '{flavor: small}', files={'server.yaml': SERVER})
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual(child['id'], self.child(row)['id'])

    def test_a_nested_resource_marked_unhealthy_is_replaced_with_a_new_child(self):
        row = self.create(USES_SERVER % '{flavor: small}', files={'server.yaml': SERVER})
        child = self.child(row)
        self.service.mark_unhealthy(self.ctx, 'stack', 'web', True, 'broken')
        self.update(USES_SERVER % '{flavor: small}', files={'server.yaml': SERVER})
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertNotEqual(child['id'], self.child(row)['id'])
        self.assertIsNotNone(self.service.store.get_stack(child['id'])['deleted_at'])


class HeatStackUpdateTest(NestedUpdateTestCase):

    TEMPLATE = '''
        heat_template_version: 2018-08-31
        resources:
          sub:
            type: OS::Heat::Stack
            properties:
              template: |
                heat_template_version: 2018-08-31
                resources:
                  r: {type: OS::Heat::TestResource, properties: {value: %s}}
                outputs:
                  said: {value: {get_attr: [r, output]}}
        outputs:
          said: {value: {get_attr: [sub, outputs, said]}}
    '''

    def test_changed_template_updates_the_child(self):
        row = self.create(self.TEMPLATE % 'one')
        child = self.child(row)
        self.update(self.TEMPLATE % 'two')
        self.assertEqual('UPDATE_COMPLETE', self.status())
        self.assertEqual('two', self.outputs()['said'])
        self.assertEqual(child['id'], self.child(row)['id'])


class PostgreSQLTemplateResourceUpdateTest(TemplateResourceUpdateTest):
    backend = 'postgresql'
