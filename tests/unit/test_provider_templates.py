"""Provider templates used as resource types: found in files, checked
against the properties given, validated themselves, outputs as attributes,
nesting limited."""

import unittest

from heat_core import plugins
from tests import base

HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\n'

SERVER = HEAD + '''
Parameters:
  Flavor: {Type: String}
  Count: {Type: Number, Default: 1, MinValue: 1}
  Fail: {Type: String, Default: "false"}
Resources:
  T:
    Type: OS::Heat::TestResource
    Properties: {value: {Ref: Flavor}, wait_secs: {Ref: Count}, fail: {Ref: Fail}}
Outputs:
  Address: {Value: {"Fn::GetAtt": [T, output]}}
  Name: {Value: {Ref: T}}
'''

ENV = 'resource_registry: {"My::Server": server.yaml}'


class ProviderTemplateTest(base.TestCase):

    def test_type_mapped_to_a_template_is_valid(self):
        self.assertValid(HEAD + '''
Resources:
  S: {Type: My::Server, Properties: {Flavor: small, Count: 2}}
Outputs:
  A: {Value: {"Fn::GetAtt": [S, Address]}}
''', env=[ENV], files={'server.yaml': SERVER})

    def test_template_file_as_the_type(self):
        self.assertValid(HEAD + '''
Resources:
  S: {Type: server.yaml, Properties: {Flavor: small}}
Outputs:
  A: {Value: {"Fn::GetAtt": [S, Name]}}
''', files={'server.yaml': SERVER})

    def test_file_found_by_absolute_path_or_url(self):
        for key in ('/srv/templates/server.yaml', 'file:///srv/templates/server.yaml'):
            self.assertValid(HEAD + '''
Resources:
  S: {Type: My::Server, Properties: {Flavor: small}}
''', env=['resource_registry: {"My::Server": "file:///srv/templates/server.yaml"}'],
                files={key: SERVER})

    def test_template_not_supplied(self):
        self.assertEqual([
            'Resources.S.Type: Provider template "server.yaml" (resource_registry maps '
            '"My::Server" to it) was not supplied: it is not among the files given with the '
            'template',
        ], self.errors(HEAD + '''
Resources:
  S: {Type: My::Server, Properties: {Flavor: small}}
''', env=[ENV]))

    def test_unknown_property_suggests_a_parameter(self):
        self.assertEqual([
            'Resources.S.Properties.Flavour: Unknown property "Flavour": provider template '
            '"server.yaml" has no such parameter (did you mean "Flavor"?)',
        ], self.errors(HEAD + '''
Resources:
  S: {Type: My::Server, Properties: {Flavor: small, Flavour: big}}
''', env=[ENV], files={'server.yaml': SERVER}))

    def test_parameter_without_default_must_be_given(self):
        self.assertEqual([
            'Resources.S.Properties: Property "Flavor" is required: provider template '
            '"server.yaml" has no default for it',
        ], self.errors(HEAD + '''
Resources:
  S: {Type: My::Server, Properties: {Count: 2}}
''', env=[ENV], files={'server.yaml': SERVER}))

    def test_parameter_defaults_of_the_environment_count_as_given(self):
        self.assertValid(HEAD + '''
Resources:
  S: {Type: My::Server}
''', env=[ENV + '\nparameter_defaults: {Flavor: tiny}'], files={'server.yaml': SERVER})

    def test_property_value_is_checked_against_the_parameter(self):
        self.assertEqual([
            'Resources.S.Properties.Count: Value "many" is not a number',
        ], self.errors(HEAD + '''
Resources:
  S: {Type: My::Server, Properties: {Flavor: small, Count: many}}
''', env=[ENV], files={'server.yaml': SERVER}))

    def test_property_value_breaking_a_parameter_constraint(self):
        self.assertEqual(['Resources.S.Properties.Count: 0 is less than the minimum 1'],
                         self.errors(HEAD + '''
Resources:
  S: {Type: My::Server, Properties: {Flavor: small, Count: 0}}
''', env=[ENV], files={'server.yaml': SERVER}))

    def test_unknown_output_is_an_unknown_attribute(self):
        self.assertEqual([
            'Outputs.A.Value.Fn::GetAtt[1]: Resource "S" (My::Server) has no attribute '
            '"Adress" (did you mean "Address"?)',
        ], self.errors(HEAD + '''
Outputs:
  A: {Value: {"Fn::GetAtt": [S, Adress]}}
Resources:
  S: {Type: My::Server, Properties: {Flavor: small}}
''', env=[ENV], files={'server.yaml': SERVER}))

    def test_attribute_check_does_not_depend_on_resource_order(self):
        self.assertEqual([
            'Resources.A.Properties.value.Fn::GetAtt[1]: Resource "S" (My::Server) has no '
            'attribute "Nope"',
        ], self.errors(HEAD + '''
Resources:
  A: {Type: OS::Heat::TestResource, Properties: {value: {"Fn::GetAtt": [S, Nope]}}}
  S: {Type: My::Server, Properties: {Flavor: small}}
''', env=[ENV], files={'server.yaml': SERVER}))

    def test_provider_problems_are_located_in_the_provider_file(self):
        loaded = self.validate(HEAD + '''
Resources:
  S: {Type: broken.yaml}
''', files={'broken.yaml': HEAD + 'Resources:\n  X: {Type: OS::Heat::Nothing}\n'})
        self.assertEqual(['broken.yaml:3:13: Resources.X.Type: Unknown resource type '
                          '"OS::Heat::Nothing" (did you mean "OS::Heat::None"?)'],
                         [str(i) for i in loaded.issues.errors])

    def test_property_values_reach_the_provider(self):
        loaded = self.validate(HEAD + '''
Resources:
  S: {Type: My::Server, Properties: {Flavor: small, Fail: perhaps}}
''', env=[ENV], files={'server.yaml': SERVER})
        self.assertEqual(['server.yaml:10:71: Resources.T.Properties.fail: Value "perhaps" is '
                          'not a boolean'], [str(i) for i in loaded.issues.errors])

    def test_provider_with_a_syntax_error(self):
        loaded = self.validate(HEAD + '''
Resources:
  S: {Type: bad.yaml}
''', files={'bad.yaml': 'Resources: [\n'})
        self.assertEqual(['bad.yaml'], [i.file for i in loaded.issues.errors])
        self.assertIn('YAML syntax error', loaded.issues.errors[0].message)

    def test_provider_used_by_many_resources_reports_its_problems_once(self):
        provider = HEAD + 'Resources:\n  X: {Type: OS::Heat::Nothing}\n'
        resources = ''.join('  S%d: {Type: broken.yaml}\n' % i for i in range(5))
        loaded = self.validate(HEAD + 'Resources:\n' + resources,
                               files={'broken.yaml': provider})
        self.assertEqual(1, len(loaded.issues.errors))

    def test_nested_providers_are_validated(self):
        outer = HEAD + '''
Resources:
  Inner: {Type: inner.yaml}
Outputs:
  Out: {Value: {"Fn::GetAtt": [Inner, Deep]}}
'''
        inner = HEAD + '''
Resources:
  T: {Type: OS::Heat::TestResource, Properties: {wait_secs: soon}}
Outputs:
  Deep: {Value: {"Fn::GetAtt": [T, output]}}
'''
        loaded = self.validate(HEAD + 'Resources:\n  O: {Type: outer.yaml}\n',
                               files={'outer.yaml': outer, 'inner.yaml': inner})
        self.assertEqual(['inner.yaml:4:61: Resources.T.Properties.wait_secs: Value "soon" is '
                          'not a number'], [str(i) for i in loaded.issues.errors])

    def test_nesting_deeper_than_the_limit_names_the_chain(self):
        self.config(max_nested_stack_depth=2)
        loop = HEAD + 'Resources:\n  Again: {Type: loop.yaml}\n'
        loaded = self.validate(HEAD + 'Resources:\n  L: {Type: loop.yaml}\n', name='top.yaml',
                               files={'loop.yaml': loop})
        self.assertEqual([
            'loop.yaml:3:17: Resources.Again.Type: Nested stacks are more than 2 deep '
            '(max_nested_stack_depth): top.yaml → loop.yaml → loop.yaml → loop.yaml',
        ], [str(i) for i in loaded.issues.errors])

    def test_group_of_provider_resources(self):
        self.assertEqual([
            'Resources.G.Properties.resource_def.properties: Property "Flavor" is required: '
            'provider template "server.yaml" has no default for it',
            'Resources.G.Properties.resource_def.properties.Flavour: Unknown property '
            '"Flavour": provider template "server.yaml" has no such parameter (did you mean '
            '"Flavor"?)',
        ], self.errors(HEAD + '''
Resources:
  G:
    Type: OS::Heat::ResourceGroup
    Properties:
      resource_def: {type: My::Server, properties: {Flavour: x}}
''', env=[ENV], files={'server.yaml': SERVER}))


@unittest.skipUnless('heat_template_version.2016-10-14' in plugins.template_classes(),
                     'the HOT template format is not installed')
class HotProviderTemplateTest(base.TestCase):

    NESTED = '''heat_template_version: 2016-10-14
parameters:
  flavor: {type: string}
resources:
  t: {type: OS::Heat::TestResource, properties: {value: {get_param: flavor}}}
outputs:
  addr: {value: {get_attr: [t, output]}}
'''

    def test_hot_provider_and_its_outputs(self):
        self.assertEqual([
            'resources.s.properties.flavour: Unknown property "flavour": provider template '
            '"nested.yaml" has no such parameter (did you mean "flavor"?)',
            'outputs.o.value.get_attr[1]: Resource "s" (nested.yaml) has no attribute "adr" '
            '(did you mean "addr"?)',
        ], self.errors('''
            heat_template_version: 2016-10-14
            resources:
              s: {type: nested.yaml, properties: {flavor: x, flavour: y}}
            outputs:
              o: {value: {get_attr: [s, adr]}}
        ''', files={'nested.yaml': self.NESTED}))
