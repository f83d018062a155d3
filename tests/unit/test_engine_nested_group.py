"""OS::Heat::ResourceGroup through the engine: its members are the
resources of a nested stack; attributes of the group give theirs."""

import json

from heat_core.engine import nested
from tests import base

GROUP = '''
    heat_template_version: 2018-08-31
    resources:
      group:
        type: OS::Heat::ResourceGroup
        properties:
          count: %s
          resource_def:
            type: OS::Heat::TestResource
            properties: {value: "member-%%index%%"}
    outputs:
      refs: {value: {get_attr: [group, refs]}}
      refs_map: {value: {get_attr: [group, refs_map]}}
      first_output: {value: {get_attr: [group, resource.1.output]}}
      first_ref: {value: {get_attr: [group, resource.1]}}
      first_by_path: {value: {get_attr: [group, resource.1, output]}}
      outputs: {value: {get_attr: [group, output]}}
      by_name: {value: {get_attr: [group, attributes, output]}}
      removed: {value: {get_attr: [group, removed_rsrc_list]}}
      id: {value: {get_resource: group}}
'''


class ResourceGroupTest(base.EngineTestCase):

    def outputs(self) -> dict:
        return {o['output_key']: o['output_value']
                for o in self.service.show_stack(self.ctx, 'stack')['outputs']}

    def members(self, row) -> dict:
        [child] = nested.nested_stack_rows(self.service.store, row['id'])
        return {r['resource_name']: r for r in self.service.list_resources(self.ctx,
                                                                           child['id'])}

    def test_count_members_in_a_nested_stack(self):
        row = self.create(GROUP % 3)
        self.assertEqual('CREATE_COMPLETE', self.status())
        [child] = nested.nested_stack_rows(self.service.store, row['id'])
        self.assertEqual(('group', 1), (child['parent_resource'], child['nested_depth']))
        self.assertEqual({'0': 'CREATE_COMPLETE', '1': 'CREATE_COMPLETE',
                          '2': 'CREATE_COMPLETE'}, self.resource_statuses(child['id']))
        self.assertEqual(child['id'], self.outputs()['id'])

    def test_index_is_substituted_in_member_properties(self):
        self.create(GROUP % 3)
        self.assertEqual(['member-0', 'member-1', 'member-2'], self.outputs()['outputs'])
        self.assertEqual({'0': 'member-0', '1': 'member-1', '2': 'member-2'},
                         self.outputs()['by_name'])

    def test_refs_and_refs_map_are_member_references(self):
        row = self.create(GROUP % 3)
        ids = {n: r['physical_resource_id'] for n, r in self.members(row).items()}
        outputs = self.outputs()
        self.assertEqual([ids['0'], ids['1'], ids['2']], outputs['refs'])
        self.assertEqual(ids, outputs['refs_map'])

    def test_one_members_reference_and_attribute(self):
        row = self.create(GROUP % 3)
        outputs = self.outputs()
        self.assertEqual(self.members(row)['1']['physical_resource_id'], outputs['first_ref'])
        self.assertEqual('member-1', outputs['first_output'])
        self.assertEqual('member-1', outputs['first_by_path'])
        self.assertEqual([], outputs['removed'])

    def test_zero_members(self):
        self.create(GROUP % 0)
        self.assertEqual('CREATE_COMPLETE', self.status())
        outputs = self.outputs()
        self.assertEqual(([], {}, None), (outputs['refs'], outputs['refs_map'],
                                          outputs['first_output']))

    def test_custom_index_var_and_cfn_get_att(self):
        self.create('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Group:
                Type: OS::Heat::ResourceGroup
                Properties:
                  count: 2
                  index_var: "@@@"
                  resource_def:
                    type: OS::Heat::TestResource
                    properties: {value: "n@@@"}
            Outputs:
              Second: {Value: {"Fn::GetAtt": [Group, resource.1.output]}}
              All: {Value: {"Fn::GetAtt": [Group, output]}}
        ''')
        self.assertEqual({'Second': 'n1', 'All': ['n0', 'n1']}, self.outputs())

    def test_members_may_be_provider_templates(self):
        member = json.dumps({
            'heat_template_version': '2018-08-31',
            'parameters': {'name': {'type': 'string'}},
            'resources': {'r': {'type': 'OS::Heat::TestResource',
                                'properties': {'value': {'get_param': 'name'}}}},
            'outputs': {'out': {'value': {'get_attr': ['r', 'output']}}}})
        row = self.create('''
            heat_template_version: 2018-08-31
            resources:
              group:
                type: OS::Heat::ResourceGroup
                properties:
                  count: 2
                  resource_def: {type: member.yaml, properties: {name: "m%index%"}}
            outputs:
              outs: {value: {get_attr: [group, out]}}
        ''', files={'member.yaml': member})
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.assertEqual(['m0', 'm1'], self.outputs()['outs'])
        depths = [r['nested_depth'] for r in nested.nested_stack_rows(self.service.store,
                                                                       row['id'])]
        self.assertEqual([1, 2, 2], depths)

    def test_a_failing_member_fails_the_group_and_rollback_deletes_it(self):
        row = self.create(GROUP.replace('properties: {value: "member-%%index%%"}',
                                        'properties: {fail: true}') % 2)
        self.assertEqual('ROLLBACK_COMPLETE', self.status())
        self.assertEqual([], nested.nested_stack_rows(self.service.store, row['id']))

    def test_deleting_the_stack_deletes_the_members(self):
        row = self.create(GROUP % 2)
        [child] = nested.nested_stack_rows(self.service.store, row['id'])
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        self.assertEqual('DELETE_COMPLETE',
                         self.service.show_stack(self.ctx, child['id'])['stack_status'])
        events = self.service.list_events(self.ctx, child['id'])
        self.assertEqual({'0', '1', child['name']},
                         {e['resource_name'] for e in events
                          if e['resource_status'] == 'DELETE_COMPLETE'})
