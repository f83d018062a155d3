"""The OS::Heat types declare OpenStack Heat's property, attribute and
update-policy schemas: names, types, defaults, constraints, flags."""

from heat_core import constraints as c
from heat_core import plugins
from heat_core.resources.schema import (
    ANY,
    BOOLEAN,
    INTEGER,
    LIST,
    MAP,
    NUMBER,
    STRING,
    SupportStatus,
)
from heat_plugins.os_heat.none import NoneResource
from heat_plugins.os_heat.random_string import RandomString
from heat_plugins.os_heat.resource_group import ResourceGroup
from heat_plugins.os_heat.test_resource import TestResource
from heat_plugins.os_heat.value import Value
from tests import base


def shape(schema):
    """(type, default, required, update_allowed) of a property schema."""
    return schema.type, schema.default, schema.required, schema.update_allowed


def constraint_dicts(schema):
    return [k.to_dict() for k in schema.constraints]


class RegistrationTest(base.TestCase):

    def test_every_type_is_a_heat_resources_entry_point(self):
        found = plugins.resource_classes()
        expected = {'OS::Heat::None': NoneResource, 'OS::Heat::TestResource': TestResource,
                    'OS::Heat::Value': Value, 'OS::Heat::RandomString': RandomString,
                    'OS::Heat::ResourceGroup': ResourceGroup}
        self.assertEqual(expected, {name: found.get(name) for name in expected})

    def test_support_versions_are_heats(self):
        self.assertEqual({'None': '5.0.0', 'TestResource': '5.0.0', 'Value': '7.0.0',
                          'RandomString': '2014.1', 'ResourceGroup': '2014.1'},
                         {'None': NoneResource.support_status.version,
                          'TestResource': TestResource.support_status.version,
                          'Value': Value.support_status.version,
                          'RandomString': RandomString.support_status.version,
                          'ResourceGroup': ResourceGroup.support_status.version})


class NoneSchemaTest(base.TestCase):

    def test_accepts_any_property_and_attribute(self):
        self.assertTrue(NoneResource.accepts_any_properties)
        self.assertTrue(NoneResource.has_attribute('anything'))


class TestResourceSchemaTest(base.TestCase):

    def test_property_names(self):
        self.assertEqual(
            {'value', 'update_replace', 'update_replace_value', 'fail', 'client_name',
             'entity_name', 'wait_secs', 'action_wait_secs', 'attr_wait_secs',
             'constraint_prop_secs'}, set(TestResource.properties_schema))

    def test_property_types_defaults_and_flags(self):
        p = TestResource.properties_schema
        self.assertEqual((STRING, 'test_string', False, True), shape(p['value']))
        self.assertEqual((BOOLEAN, False, False, True), shape(p['update_replace']))
        self.assertEqual((STRING, None, False, False), shape(p['update_replace_value']))
        self.assertEqual((BOOLEAN, False, False, True), shape(p['fail']))
        self.assertEqual((STRING, '', False, True), shape(p['client_name']))
        self.assertEqual((STRING, '', False, True), shape(p['entity_name']))
        self.assertEqual((NUMBER, 0, False, True), shape(p['wait_secs']))
        self.assertEqual((MAP, None, False, True), shape(p['action_wait_secs']))
        self.assertEqual((NUMBER, 0, False, True), shape(p['attr_wait_secs']))
        self.assertEqual((NUMBER, 0, False, True), shape(p['constraint_prop_secs']))

    def test_action_wait_secs_has_a_number_per_action(self):
        members = TestResource.properties_schema['action_wait_secs'].schema
        self.assertEqual(['create', 'update', 'delete'], list(members))
        self.assertEqual({(NUMBER, None, False, True)}, {shape(s) for s in members.values()})

    def test_constraint_prop_secs_uses_the_test_constraint(self):
        self.assertEqual([{'custom_constraint': 'test_constr'}],
                         constraint_dicts(TestResource.properties_schema['constraint_prop_secs']))

    def test_later_properties_carry_their_version(self):
        p = TestResource.properties_schema
        self.assertEqual(('6.0.0', '6.0.0', '7.0.0'), (
            p['attr_wait_secs'].support_status.version,
            p['constraint_prop_secs'].support_status.version,
            p['update_replace_value'].support_status.version))

    def test_attributes(self):
        self.assertEqual(['output'], list(TestResource.attributes_schema))


class ValueSchemaTest(base.TestCase):

    def test_value_is_required_and_of_any_type(self):
        self.assertEqual((ANY, None, True, True), shape(Value.properties_schema['value']))

    def test_type_allows_the_hot_parameter_types(self):
        schema = Value.properties_schema['type']
        self.assertEqual((STRING, None, False, True), shape(schema))
        self.assertEqual([{'allowed_values': ['string', 'number', 'comma_delimited_list',
                                              'json', 'boolean']}], constraint_dicts(schema))

    def test_attributes(self):
        self.assertEqual(['value'], list(Value.attributes_schema))


class RandomStringSchemaTest(base.TestCase):

    CLASSES = ['lettersdigits', 'letters', 'lowercase', 'uppercase', 'digits', 'hexdigits',
               'octdigits']

    def test_property_names(self):
        self.assertEqual(['length', 'sequence', 'character_classes', 'character_sequences',
                          'salt'], list(RandomString.properties_schema))

    def test_length_defaults_to_32_between_1_and_512(self):
        schema = RandomString.properties_schema['length']
        self.assertEqual((INTEGER, 32, False, False), shape(schema))
        self.assertEqual([{'range': {'min': 1, 'max': 512}}], constraint_dicts(schema))

    def test_sequence_is_hidden_after_being_deprecated(self):
        schema = RandomString.properties_schema['sequence']
        self.assertEqual([{'allowed_values': self.CLASSES}], constraint_dicts(schema))
        self.assertEqual({'status': 'HIDDEN', 'version': '5.0.0', 'message': None,
                          'previous_status': {'status': 'DEPRECATED', 'version': '2014.2',
                                              'message': 'Use property character_classes.',
                                              'previous_status': None}},
                         schema.support_status.to_dict())

    def test_character_classes_are_maps_of_class_and_min(self):
        schema = RandomString.properties_schema['character_classes']
        self.assertEqual(LIST, schema.type)
        members = schema.schema.schema
        self.assertEqual((STRING, 'lettersdigits', False, False), shape(members['class']))
        self.assertEqual([{'allowed_values': self.CLASSES}], constraint_dicts(members['class']))
        self.assertEqual((INTEGER, 1, False, False), shape(members['min']))
        self.assertEqual([{'range': {'min': 1, 'max': 512}}], constraint_dicts(members['min']))

    def test_character_sequences_need_a_sequence(self):
        members = RandomString.properties_schema['character_sequences'].schema.schema
        self.assertEqual((STRING, None, True, False), shape(members['sequence']))
        self.assertEqual((INTEGER, 1, False, False), shape(members['min']))

    def test_salt_is_a_string_whose_change_replaces(self):
        self.assertEqual((STRING, None, False, False),
                         shape(RandomString.properties_schema['salt']))

    def test_value_attribute_is_a_string(self):
        self.assertEqual(STRING, RandomString.attributes_schema['value'].type)


class ResourceGroupSchemaTest(base.TestCase):

    def test_property_names(self):
        self.assertEqual(['count', 'index_var', 'resource_def', 'removal_policies',
                          'removal_policies_mode'], list(ResourceGroup.properties_schema))

    def test_count_and_index_var(self):
        p = ResourceGroup.properties_schema
        self.assertEqual((INTEGER, 1, False, True), shape(p['count']))
        self.assertEqual([{'range': {'min': 0}}], constraint_dicts(p['count']))
        self.assertEqual((STRING, '%index%', False, False), shape(p['index_var']))
        self.assertEqual([{'length': {'min': 3}}], constraint_dicts(p['index_var']))

    def test_resource_def_is_a_required_map_of_type_properties_metadata(self):
        schema = ResourceGroup.properties_schema['resource_def']
        self.assertEqual((MAP, None, True, True), shape(schema))
        self.assertEqual({'type': (STRING, None, True, False),
                          'properties': (MAP, None, False, False),
                          'metadata': (MAP, None, False, False)},
                         {k: shape(s) for k, s in schema.schema.items()})

    def test_removal_policies(self):
        p = ResourceGroup.properties_schema
        self.assertEqual((LIST, [], False, True), shape(p['removal_policies']))
        self.assertEqual({'resource_list': (LIST, [], False, False)},
                         {k: shape(s) for k, s in p['removal_policies'].schema.schema.items()})
        self.assertEqual((STRING, 'append', False, True), shape(p['removal_policies_mode']))
        self.assertEqual([{'allowed_values': ['append', 'update']}],
                         constraint_dicts(p['removal_policies_mode']))

    def test_attributes(self):
        self.assertEqual(['refs', 'refs_map', 'attributes', 'removed_rsrc_list'],
                         list(ResourceGroup.attributes_schema))

    def test_members_attributes_are_allowed(self):
        self.assertTrue(ResourceGroup.has_attribute('resource.0.output'))
        self.assertTrue(ResourceGroup.has_attribute('output'))

    def test_update_policies(self):
        u = ResourceGroup.update_policy_schema
        self.assertEqual(['rolling_update', 'batch_create'], list(u))
        self.assertEqual({'min_in_service': (INTEGER, 0, False, False),
                          'max_batch_size': (INTEGER, 1, False, False),
                          'pause_time': (NUMBER, 0, False, False)},
                         {k: shape(s) for k, s in u['rolling_update'].schema.items()})
        self.assertEqual({'max_batch_size': (INTEGER, 1, False, False),
                          'pause_time': (NUMBER, 0, False, False)},
                         {k: shape(s) for k, s in u['batch_create'].schema.items()})
        self.assertEqual([c.Range(min=1)], u['batch_create'].schema['max_batch_size'].constraints)

    def test_support_status_compares_with_its_string(self):
        self.assertEqual(SupportStatus.SUPPORTED, ResourceGroup.support_status)
