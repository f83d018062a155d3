"""Template-time validation of the OS::Heat types: each problem reported
at its path with a precise message."""

import unittest

from heat_core import plugins
from tests import base

HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\n'


class NoneValidationTest(base.TestCase):

    def test_any_property_and_attribute_is_accepted(self):
        self.assertValid(HEAD + '''
Resources:
  A: {Type: OS::Heat::None, Properties: {whatever: [1, {x: y}]}}
Outputs:
  O: {Value: {"Fn::GetAtt": [A, anything]}}
''')


class TestResourceValidationTest(base.TestCase):

    def test_every_property_set_is_valid(self):
        self.assertValid(HEAD + '''
Resources:
  A:
    Type: OS::Heat::TestResource
    Properties:
      value: hello
      update_replace: false
      update_replace_value: v1
      fail: "false"
      client_name: nova
      entity_name: servers
      wait_secs: 0.5
      action_wait_secs: {create: 1, update: 2, delete: 3}
      attr_wait_secs: 0
      constraint_prop_secs: 0
Outputs:
  O: {Value: {"Fn::GetAtt": [A, output]}}
''')

    def test_wrong_types_are_reported_per_property(self):
        self.assertEqual([
            'Resources.A.Properties.fail: Value "sometimes" is not a boolean',
            'Resources.A.Properties.wait_secs: Value "long" is not a number',
            'Resources.A.Properties.value: Value must be a string, not a list',
        ], self.errors(HEAD + '''
Resources:
  A:
    Type: OS::Heat::TestResource
    Properties:
      fail: sometimes
      wait_secs: long
      value: [a]
'''))

    def test_unknown_action_in_action_wait_secs(self):
        self.assertEqual([
            'Resources.A.Properties.action_wait_secs.crate: Unknown property "crate" '
            '(did you mean "create"?)',
        ], self.errors(HEAD + '''
Resources:
  A: {Type: OS::Heat::TestResource, Properties: {action_wait_secs: {crate: 1}}}
'''))

    def test_unknown_attribute_suggests_output(self):
        self.assertEqual([
            'Outputs.O.Value.Fn::GetAtt[1]: Resource "A" (OS::Heat::TestResource) has no '
            'attribute "outptu" (did you mean "output"?)',
        ], self.errors(HEAD + '''
Resources:
  A: {Type: OS::Heat::TestResource}
Outputs:
  O: {Value: {"Fn::GetAtt": [A, outptu]}}
'''))

    def test_show_attribute_exists(self):
        self.assertValid(HEAD + '''
Resources:
  A: {Type: OS::Heat::TestResource}
Outputs:
  O: {Value: {"Fn::GetAtt": [A, show]}}
''')


class ValueValidationTest(base.TestCase):

    def test_value_of_each_type_is_valid(self):
        self.assertValid(HEAD + '''
Resources:
  S: {Type: OS::Heat::Value, Properties: {value: text, type: string}}
  N: {Type: OS::Heat::Value, Properties: {value: "4.5", type: number}}
  L: {Type: OS::Heat::Value, Properties: {value: [a, b], type: comma_delimited_list}}
  J: {Type: OS::Heat::Value, Properties: {value: {a: [1]}, type: json}}
  B: {Type: OS::Heat::Value, Properties: {value: "True", type: boolean}}
  U: {Type: OS::Heat::Value, Properties: {value: [whatever]}}
Outputs:
  O: {Value: {"Fn::GetAtt": [J, value]}}
''')

    def test_value_is_required(self):
        self.assertEqual(['Resources.V.Properties: Property "value" is required'],
                         self.errors(HEAD + '''
Resources:
  V: {Type: OS::Heat::Value, Properties: {type: string}}
'''))

    def test_type_must_be_a_hot_parameter_type(self):
        self.assertEqual([
            'Resources.V.Properties.type: "list" is not an allowed value '
            "['string', 'number', 'comma_delimited_list', 'json', 'boolean']",
        ], self.errors(HEAD + '''
Resources:
  V: {Type: OS::Heat::Value, Properties: {value: [1], type: list}}
'''))

    def test_value_must_match_the_type(self):
        self.assertEqual([
            'Resources.N.Properties.value: Value "many" is not a number (type is "number")',
            'Resources.J.Properties.value: Value must be a map, not a list (type is "json")',
            'Resources.L.Properties.value: Value must be a list, not a string '
            '(type is "comma_delimited_list")',
        ], self.errors(HEAD + '''
Resources:
  N: {Type: OS::Heat::Value, Properties: {value: many, type: number}}
  J: {Type: OS::Heat::Value, Properties: {value: [1], type: json}}
  L: {Type: OS::Heat::Value, Properties: {value: "a,b", type: comma_delimited_list}}
'''))

    def test_value_from_a_parameter_is_checked_against_the_type(self):
        self.assertEqual([
            'Resources.V.Properties.value: Value "x" is not a boolean (type is "boolean")',
        ], self.errors(HEAD + '''
Parameters:
  P: {Type: String, Default: x}
Resources:
  V: {Type: OS::Heat::Value, Properties: {value: {Ref: P}, type: boolean}}
'''))

    def test_value_known_only_at_create_time_is_not_checked(self):
        self.assertValid(HEAD + '''
Resources:
  T: {Type: OS::Heat::TestResource}
  V: {Type: OS::Heat::Value, Properties: {value: {"Fn::GetAtt": [T, output]}, type: number}}
''')


class RandomStringValidationTest(base.TestCase):

    def test_classes_and_sequences_within_the_length_are_valid(self):
        self.assertValid(HEAD + '''
Resources:
  R:
    Type: OS::Heat::RandomString
    Properties:
      length: 8
      character_classes: [{class: digits, min: 2}, {class: uppercase}]
      character_sequences: [{sequence: "!@#", min: 5}]
      salt: one
Outputs:
  O: {Value: {"Fn::GetAtt": [R, value]}}
''')

    def test_minimums_beyond_the_length_are_an_error_on_length(self):
        self.assertEqual([
            'Resources.R.Properties.length: length (4) is less than the sum of the character '
            'class and character sequence minimums (5)',
        ], self.errors(HEAD + '''
Resources:
  R:
    Type: OS::Heat::RandomString
    Properties:
      length: 4
      character_classes: [{class: digits, min: 3}, {class: letters}]
      character_sequences: [{sequence: ab}]
'''))

    def test_minimums_beyond_the_default_length_are_an_error_on_the_properties(self):
        self.assertEqual([
            'Resources.R.Properties: length (32) is less than the sum of the character '
            'class and character sequence minimums (40)',
        ], self.errors(HEAD + '''
Resources:
  R:
    Type: OS::Heat::RandomString
    Properties: {character_classes: [{class: digits, min: 40}]}
'''))

    def test_length_from_a_parameter_is_used(self):
        self.assertEqual([
            'Resources.R.Properties.length: length (2) is less than the sum of the character '
            'class and character sequence minimums (3)',
        ], self.errors(HEAD + '''
Parameters:
  Len: {Type: Number, Default: 2}
Resources:
  R:
    Type: OS::Heat::RandomString
    Properties: {length: {Ref: Len}, character_sequences: [{sequence: ab, min: 3}]}
'''))

    def test_length_out_of_range(self):
        self.assertEqual(['Resources.R.Properties.length: 600 is out of range (min: 1, max: 512)'],
                         self.errors(HEAD + '''
Resources:
  R: {Type: OS::Heat::RandomString, Properties: {length: 600}}
'''))

    def test_unknown_character_class_and_missing_sequence(self):
        self.assertEqual([
            'Resources.R.Properties.character_classes[0].class: "symbols" is not an allowed '
            "value ['lettersdigits', 'letters', 'lowercase', 'uppercase', 'digits', "
            "'hexdigits', 'octdigits']",
            'Resources.R.Properties.character_sequences[0]: Property "sequence" is required',
        ], self.errors(HEAD + '''
Resources:
  R:
    Type: OS::Heat::RandomString
    Properties:
      character_classes: [{class: symbols}]
      character_sequences: [{min: 2}]
'''))

    def test_deprecated_sequence_gives_a_warning(self):
        loaded = self.validate(HEAD + '''
Resources:
  R: {Type: OS::Heat::RandomString, Properties: {sequence: digits}}
''')
        self.assertEqual([], loaded.issues.errors)
        self.assertEqual(['Property "sequence" is deprecated: Use property character_classes.'],
                         [i.message for i in loaded.issues.warnings])

    def test_sequence_cannot_be_used_with_character_classes(self):
        self.assertEqual([
            'Resources.R.Properties.sequence: The deprecated property "sequence" cannot be '
            'used with "character_classes" or "character_sequences"',
        ], self.errors(HEAD + '''
Resources:
  R:
    Type: OS::Heat::RandomString
    Properties: {sequence: digits, character_classes: [{class: letters}]}
'''))


class ResourceGroupValidationTest(base.TestCase):

    def test_group_of_test_resources_is_valid(self):
        self.assertValid(HEAD + '''
Resources:
  G:
    Type: OS::Heat::ResourceGroup
    Properties:
      count: 3
      index_var: "%i%"
      resource_def:
        type: OS::Heat::TestResource
        properties: {value: "member-%i%", wait_secs: "%i%"}
        metadata: {role: web}
      removal_policies: [{resource_list: ["0", 2]}]
      removal_policies_mode: update
    UpdatePolicy:
      rolling_update: {min_in_service: 1, max_batch_size: 2, pause_time: 5}
      batch_create: {max_batch_size: 2}
Outputs:
  Refs: {Value: {"Fn::GetAtt": [G, refs]}}
  First: {Value: {"Fn::GetAtt": [G, resource.0.output]}}
  All: {Value: {"Fn::GetAtt": [G, output]}}
''')

    def test_resource_def_is_required(self):
        self.assertEqual(['Resources.G.Properties: Property "resource_def" is required'],
                         self.errors(HEAD + '''
Resources:
  G: {Type: OS::Heat::ResourceGroup, Properties: {count: 2}}
'''))

    def test_unknown_member_type_suggests_a_known_one(self):
        self.assertEqual([
            'Resources.G.Properties.resource_def.type: Unknown resource type '
            '"OS::Heat::TestResorce" (did you mean "OS::Heat::TestResource"?)',
        ], self.errors(HEAD + '''
Resources:
  G:
    Type: OS::Heat::ResourceGroup
    Properties: {resource_def: {type: OS::Heat::TestResorce}}
'''))

    def test_member_properties_are_checked_against_the_member_type(self):
        self.assertEqual([
            'Resources.G.Properties.resource_def.properties.fail: Value "no way" is not a '
            'boolean',
            'Resources.G.Properties.resource_def.properties.valeu: Unknown property "valeu" '
            '(did you mean "value"?)',
        ], self.errors(HEAD + '''
Resources:
  G:
    Type: OS::Heat::ResourceGroup
    Properties:
      resource_def:
        type: OS::Heat::TestResource
        properties: {fail: no way, valeu: x}
'''))

    def test_member_type_rules_apply(self):
        self.assertEqual([
            'Resources.G.Properties.resource_def.properties.length: length (1) is less than '
            'the sum of the character class and character sequence minimums (2)',
        ], self.errors(HEAD + '''
Resources:
  G:
    Type: OS::Heat::ResourceGroup
    Properties:
      resource_def:
        type: OS::Heat::RandomString
        properties: {length: 1, character_classes: [{min: 2}]}
'''))

    def test_member_required_properties(self):
        self.assertEqual(['Resources.G.Properties.resource_def.properties: Property "value" is '
                          'required'], self.errors(HEAD + '''
Resources:
  G:
    Type: OS::Heat::ResourceGroup
    Properties: {resource_def: {type: OS::Heat::Value, properties: {}}}
'''))

    def test_a_group_of_none_is_not_checked(self):
        self.assertValid(HEAD + '''
Resources:
  G:
    Type: OS::Heat::ResourceGroup
    Properties: {count: 0, resource_def: {type: OS::Heat::Missing}}
''')

    def test_bad_call_in_member_properties_is_reported_once(self):
        self.assertEqual(['Resources.G.Properties.resource_def.properties.value.Ref: Ref: '
                          'unknown parameter or resource "Nope"'], self.errors(HEAD + '''
Resources:
  G:
    Type: OS::Heat::ResourceGroup
    Properties: {resource_def: {type: OS::Heat::TestResource, properties: {value: {Ref: Nope}}}}
'''))

    def test_member_type_removed_by_the_environment(self):
        errors = self.errors(HEAD + '''
Resources:
  G:
    Type: OS::Heat::ResourceGroup
    Properties: {resource_def: {type: OS::Heat::TestResource}}
''', env=['resource_registry: {"OS::Heat::TestResource": null}'])
        self.assertEqual(['Resources.G.Properties.resource_def.type: Resource type '
                          '"OS::Heat::TestResource" was removed by the environment (env0.yaml '
                          'maps "OS::Heat::TestResource" to null)'], errors)

    def test_update_policy_is_checked(self):
        self.assertEqual([
            'Resources.G.UpdatePolicy.rolling_update.max_batch_size: 0 is less than the '
            'minimum 1',
            'Resources.G.UpdatePolicy.rolling_update.pause: Unknown property "pause" (did you '
            'mean "pause_time"?)',
            'Resources.G.UpdatePolicy.rolling_updates: Unknown update policy "rolling_updates" '
            '(did you mean "rolling_update"?)',
        ], self.errors(HEAD + '''
Resources:
  G:
    Type: OS::Heat::ResourceGroup
    Properties: {resource_def: {type: OS::Heat::None}}
    UpdatePolicy:
      rolling_update: {max_batch_size: 0, pause: 1}
      rolling_updates: {}
'''))

    def test_count_must_not_be_negative(self):
        self.assertEqual(['Resources.G.Properties.count: -1 is less than the minimum 0'],
                         self.errors(HEAD + '''
Resources:
  G: {Type: OS::Heat::ResourceGroup, Properties: {count: -1, resource_def: {type: OS::Heat::None}}}
'''))


@unittest.skipUnless('heat_template_version.2016-10-14' in plugins.template_classes(),
                     'the HOT template format is not installed')
class HotValidationTest(base.TestCase):

    def test_paths_use_the_hot_spelling(self):
        self.assertEqual([
            'resources.r.properties.length: length (2) is less than the sum of the character '
            'class and character sequence minimums (3)',
            'resources.g.update_policy.batch_create.max_batch_size: 0 is less than the minimum 1',
        ], self.errors('''
            heat_template_version: 2016-10-14
            resources:
              r:
                type: OS::Heat::RandomString
                properties: {length: 2, character_classes: [{min: 3}]}
              g:
                type: OS::Heat::ResourceGroup
                properties: {resource_def: {type: OS::Heat::None}}
                update_policy: {batch_create: {max_batch_size: 0}}
        '''))

    def test_value_of_a_parameter_is_checked(self):
        self.assertEqual(['resources.v.properties.value: Value "x" is not a number '
                          '(type is "number")'], self.errors('''
            heat_template_version: 2016-10-14
            parameters:
              p: {type: string, default: x}
            resources:
              v: {type: OS::Heat::Value, properties: {value: {get_param: p}, type: number}}
        '''))
