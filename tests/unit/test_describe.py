"""Resource types described in OpenStack Heat's shapes: ``resource_schema``
and the generated provider template."""

import json

from heat_core import constraints as c
from heat_core.resources import describe
from heat_core.resources.resource import Resource
from heat_core.resources.schema import INTEGER, LIST, Attribute, Schema
from heat_plugins.os_heat.none import NoneResource
from heat_plugins.os_heat.random_string import RandomString
from heat_plugins.os_heat.test_resource import TestResource
from heat_plugins.os_heat.value import Value
from tests import base

SHOW = {'description': 'Every detail of the resource, as its service shows it.', 'type': 'map'}


class Sample(Resource):
    """A sample type.

    With a second paragraph.
    """
    properties_schema = {
        'size': Schema(INTEGER, 'The size.', default=2,
                       constraints=[c.Range(1, 9, description='A digit.')]),
        'names': Schema(LIST, 'The names.', required=True, update_allowed=True,
                        constraints=[c.Length(min=1)]),
    }
    attributes_schema = {'id': Attribute('The ID.', 'string')}


class ResourceSchemaTest(base.TestCase):

    def test_shape_of_a_simple_type(self):
        self.assertEqual({
            'resource_type': 'Example::Sample',
            'properties': {
                'size': {'type': 'integer', 'description': 'The size.', 'default': 2,
                         'required': False, 'update_allowed': False, 'immutable': False,
                         'constraints': [{'range': {'min': 1, 'max': 9},
                                          'description': 'A digit.'}]},
                'names': {'type': 'list', 'description': 'The names.', 'required': True,
                          'update_allowed': True, 'immutable': False,
                          'constraints': [{'length': {'min': 1}}]},
            },
            'attributes': {'id': {'description': 'The ID.', 'type': 'string'}, 'show': SHOW},
            'support_status': {'status': 'SUPPORTED', 'message': None, 'version': None,
                               'previous_status': None},
            'description': 'A sample type.\n\nWith a second paragraph.',
        }, describe.resource_schema('Example::Sample', Sample))

    def test_description_can_be_left_out(self):
        self.assertNotIn('description',
                         describe.resource_schema('Example::Sample', Sample,
                                                  with_description=False))

    def test_test_resource_properties(self):
        schema = describe.resource_schema('OS::Heat::TestResource', TestResource)
        self.assertEqual(
            ['action_wait_secs', 'attr_wait_secs', 'client_name', 'constraint_prop_secs',
             'entity_name', 'fail', 'update_replace', 'update_replace_value', 'value',
             'wait_secs'], sorted(schema['properties']))
        self.assertEqual({'type': 'string', 'default': 'test_string', 'required': False,
                          'update_allowed': True, 'immutable': False,
                          'description': TestResource.properties_schema['value'].description},
                         schema['properties']['value'])
        self.assertEqual([{'custom_constraint': 'test_constr'}],
                         schema['properties']['constraint_prop_secs']['constraints'])
        self.assertEqual(['create', 'update', 'delete'],
                         list(schema['properties']['action_wait_secs']['schema']))
        self.assertEqual({'status': 'SUPPORTED', 'message': None, 'version': '5.0.0',
                          'previous_status': None}, schema['support_status'])

    def test_list_item_schema_is_under_a_star(self):
        props = describe.resource_schema('OS::Heat::RandomString', RandomString)['properties']
        item = props['character_sequences']['schema']['*']
        self.assertEqual(('map', ['sequence', 'min']), (item['type'], list(item['schema'])))
        self.assertTrue(item['schema']['sequence']['required'])

    def test_hidden_property_is_left_out(self):
        props = describe.resource_schema('OS::Heat::RandomString', RandomString)['properties']
        self.assertEqual(['length', 'character_classes', 'character_sequences', 'salt'],
                         list(props))

    def test_every_type_has_the_show_attribute(self):
        schema = describe.resource_schema('OS::Heat::None', NoneResource)
        self.assertEqual(({}, {'show': SHOW}), (schema['properties'], schema['attributes']))

    def test_schema_is_json(self):
        text = json.dumps(describe.resource_schema('OS::Heat::RandomString', RandomString))
        self.assertIn('"resource_type": "OS::Heat::RandomString"', text)


class GenerateTemplateTest(base.TestCase):

    def test_cfn_template(self):
        self.assertEqual({
            'HeatTemplateFormatVersion': '2012-12-12',
            'Description': 'Initial template of Sample',
            'Parameters': {
                'size': {'Type': 'Number', 'Description': 'The size.', 'Default': 2,
                         'MinValue': 1, 'MaxValue': 9},
                'names': {'Type': 'CommaDelimitedList', 'Description': 'The names.',
                          'MinLength': 1},
            },
            'Resources': {'Sample': {'Type': 'Example::Sample', 'Properties': {
                'size': {'Ref': 'size'},
                'names': {'Fn::Split': [',', {'Ref': 'names'}]},
            }}},
            'Outputs': {
                'id': {'Value': {'Fn::GetAtt': ['Sample', 'id']}, 'Description': 'The ID.'},
                'show': {'Value': {'Fn::GetAtt': ['Sample', 'show']},
                         'Description': SHOW['description']},
                'OS::stack_id': {'Value': {'Ref': 'Sample'}},
            },
        }, describe.generate_template('Example::Sample', Sample))

    def test_hot_template(self):
        self.assertEqual({
            'heat_template_version': '2016-10-14',
            'description': 'Initial template of Sample',
            'parameters': {
                'size': {'type': 'number', 'description': 'The size.', 'default': 2,
                         'constraints': [{'range': {'min': 1, 'max': 9}}]},
                'names': {'type': 'comma_delimited_list', 'description': 'The names.',
                          'constraints': [{'length': {'min': 1}}]},
            },
            'resources': {'Sample': {'type': 'Example::Sample', 'properties': {
                'size': {'get_param': 'size'}, 'names': {'get_param': 'names'}}}},
            'outputs': {
                'id': {'value': {'get_attr': ['Sample', 'id']}, 'description': 'The ID.'},
                'show': {'value': {'get_attr': ['Sample', 'show']},
                         'description': SHOW['description']},
                'OS::stack_id': {'value': {'get_resource': 'Sample'}},
            },
        }, describe.generate_template('Example::Sample', Sample, 'hot'))

    def test_boolean_parameter_allows_heats_spellings(self):
        params = describe.generate_template('OS::Heat::TestResource', TestResource)['Parameters']
        self.assertEqual({'Type': 'Boolean', 'Default': False,
                          'AllowedValues': ['True', 'true', 'False', 'false'],
                          'Description': TestResource.properties_schema['fail'].description},
                         params['fail'])

    def test_any_property_becomes_a_json_parameter(self):
        params = describe.generate_template('OS::Heat::Value', Value, 'hot')['parameters']
        self.assertEqual('json', params['value']['type'])

    def test_hidden_property_has_no_parameter(self):
        params = describe.generate_template('OS::Heat::RandomString', RandomString)['Parameters']
        self.assertNotIn('sequence', params)

    def test_unknown_template_type_is_refused(self):
        self.assertRaises(ValueError, describe.generate_template, 'OS::Heat::Value', Value,
                          'yaml')

    def test_generated_cfn_template_is_valid(self):
        text = json.dumps(describe.generate_template('OS::Heat::TestResource', TestResource))
        self.assertValid(text, name='generated.json')
