"""CloudFormation intrinsic functions: references, mappings, availability
zones, imports, the resource facade, Base64, and which format has which
function.  The helpers here are shared by the other test_cfn_* modules."""

import textwrap

from heat_core.errors import Issues, Unresolved
from heat_core.template import functions as fn
from heat_core.template import loader, validation
from heat_core.template.scope import StaticScope
from heat_plugins.cfn.template import CfnTemplate, HeatCfnTemplate
from tests import base

HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\n'


def template_text(expr: str, sections: str = '', head: str = HEAD) -> str:
    """A template whose resource A has the property ``v: <expr>`` (one
    line of YAML) after the given sections."""
    return '%s%s\nResources:\n  A:\n    Type: OS::Heat::None\n    Properties:\n      v: %s\n' % (
        head, textwrap.dedent(sections).strip('\n'), expr)


def load(text: str, env: list | None = None):
    """The parsed template of ``text`` (which must load without errors)."""
    env_texts = [(textwrap.dedent(e), 'env%d.yaml' % i) for i, e in enumerate(env or [])]
    loaded = loader.load(textwrap.dedent(text), 'template.yaml', env_texts)
    assert not loaded.issues, [str(i) for i in loaded.issues.errors]
    return loaded.template


class FakeResource:
    """A live resource: its reference and attributes."""

    def __init__(self, name, attributes=None):
        self.name = name
        self.attributes = attributes or {}

    def reference(self):
        return '%s-id' % self.name

    def attribute(self, name, *path):
        value = self.attributes[name]
        for key in path:
            value = value[key]
        return value


class FixedScope(StaticScope):
    """A scope with known resources, availability zones, exports and a
    resource facade, as the engine would provide."""

    def __init__(self, template, values=None, resources=None, zones=(), exports=None,
                 facade=None, **kwargs):
        super().__init__(template, values, **kwargs)
        self.resources = resources or {}
        self.zones = list(zones)
        self.exports = exports or {}
        self.facade = facade
        self.regions = []

    def resource(self, name):
        if name in self.resources:
            return self.resources[name]
        return super().resource(name)

    def availability_zones(self, region=None):
        self.regions.append(region)
        return list(self.zones)

    def import_value(self, export_name):
        return self.exports[export_name]

    def resource_facade(self, attribute):
        if self.facade is None:
            raise Unresolved('not a nested stack')
        return self.facade[attribute]


def scope_for(tmpl, params=None, **kwargs):
    """A FixedScope with the parameter values validation would use."""
    values = validation.parameter_values(tmpl, params, Issues())
    return FixedScope(tmpl, values, **kwargs)


def evaluate(expr, sections='', params=None, env=None, head=HEAD, **kwargs):
    """The value of property ``v: <expr>``."""
    tmpl = load(template_text(expr, sections, head), env)
    return fn.resolve(tmpl.resources['A'].properties, scope_for(tmpl, params, **kwargs)).get(
        'v', fn.NO_VALUE)


class FunctionTestCase(base.TestCase):
    """Helpers to check the value and the errors of one expression."""

    def errors_of(self, expr, sections='', head=HEAD, **kwargs):
        return self.errors(template_text(expr, sections, head), **kwargs)

    def assertNoErrors(self, expr, sections='', **kwargs):
        self.assertEqual([], self.errors_of(expr, sections, **kwargs))


class RefTest(FunctionTestCase):

    def test_ref_to_a_parameter_is_its_value(self):
        self.assertEqual('m1.small', evaluate('!Ref Size', '''
            Parameters:
              Size: {Type: String, Default: m1.small}
        '''))

    def test_ref_to_a_resource_is_its_physical_id(self):
        tmpl = load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Server: {Type: OS::Heat::None}
              A: {Type: OS::Heat::None, Properties: {v: !Ref Server}}
        ''')
        scope = FixedScope(tmpl, resources={'Server': FakeResource('Server')})
        self.assertEqual({'v': 'Server-id'}, fn.resolve(tmpl.resources['A'].properties, scope))
        self.assertEqual(['Server'], list(fn.dependencies(tmpl.resources['A'].properties)))

    def test_ref_to_no_value_removes_the_property(self):
        self.assertIs(fn.NO_VALUE, evaluate('!Ref AWS::NoValue'))

    def test_ref_to_an_unknown_name_is_an_error_with_a_suggestion(self):
        self.assertEqual([
            'Resources.A.Properties.v.Ref: Ref: unknown parameter or resource "Sise" '
            '(did you mean "Size"?)',
        ], self.errors_of('!Ref Sise', '''
            Parameters:
              Size: {Type: String, Default: m1.small}
        '''))


class GetAttTest(FunctionTestCase):

    def test_dotted_attribute_is_a_path_inside_the_attribute(self):
        tmpl = load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Stack: {Type: OS::Heat::None}
              A: {Type: OS::Heat::None, Properties: {v: !GetAtt Stack.Outputs.Name}}
        ''')
        scope = FixedScope(tmpl, resources={
            'Stack': FakeResource('Stack', {'Outputs': {'Name': 'web'}})})
        self.assertEqual({'v': 'web'}, fn.resolve(tmpl.resources['A'].properties, scope))

    def test_unknown_resource_is_reported_at_the_resource_name(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::GetAtt[0]: Fn::GetAtt: unknown resource "B"',
        ], self.errors_of('!GetAtt [B, Name]'))

    def test_three_arguments_are_an_error(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::GetAtt: Fn::GetAtt: the arguments must be '
            '[ResourceName, AttributeName]',
        ], self.errors_of('{"Fn::GetAtt": [A, b, c]}'))


REGION_MAP = '''
    Mappings:
      RegionMap:
        us-east-1: {HVM64: ami-0ff8a91507f77f867, HVMG2: ami-0a584ac55a7631c0c}
        us-west-1: {HVM64: ami-0bdb828fd58c52235, HVMG2: ami-066ee5fd4a9ef77f1}
'''


class FindInMapTest(FunctionTestCase):

    def test_aws_example_finds_the_image_of_the_region(self):
        self.config(region_name_for_services='us-east-1')
        self.assertEqual('ami-0ff8a91507f77f867', evaluate(
            '!FindInMap [RegionMap, !Ref "AWS::Region", HVM64]', REGION_MAP))

    def test_a_region_missing_from_the_map_is_reported_at_the_key(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::FindInMap[1]: Fn::FindInMap: mapping "RegionMap" has '
            'no key "RegionOne"',
        ], self.errors_of('!FindInMap [RegionMap, !Ref "AWS::Region", HVM64]', REGION_MAP))

    def test_a_missing_second_key_is_reported_with_a_suggestion(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::FindInMap[2]: Fn::FindInMap: mapping "RegionMap" key '
            '"us-west-1" has no key "HVM46" (did you mean "HVM64"?)',
        ], self.errors_of('!FindInMap [RegionMap, us-west-1, HVM46]', REGION_MAP))

    def test_an_unknown_mapping_is_reported_at_the_map_name(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::FindInMap[0]: Fn::FindInMap: unknown mapping '
            '"RegionMapp" (did you mean "RegionMap"?)',
        ], self.errors_of('!FindInMap [RegionMapp, us-west-1, HVM64]', REGION_MAP))

    def test_two_arguments_are_an_error(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::FindInMap: Fn::FindInMap: the arguments must be '
            '[MapName, TopLevelKey, SecondLevelKey]',
        ], self.errors_of('!FindInMap [RegionMap, us-west-1]', REGION_MAP))

    def test_default_value_needs_the_language_extensions_transform(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::FindInMap[3]: Fn::FindInMap: a fourth argument '
            '(DefaultValue) requires "Transform: AWS::LanguageExtensions"',
        ], self.errors_of('!FindInMap [RegionMap, eu-west-1, HVM64, {DefaultValue: ami-1}]',
                          REGION_MAP))

    def test_numeric_keys_are_found_by_their_text(self):
        self.assertEqual('large', evaluate('!FindInMap [Sizes, "2", name]', '''
            Mappings:
              Sizes: {2: {name: large}}
        '''))


class GetAZsTest(FunctionTestCase):

    ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c']

    def test_empty_region_is_the_current_region(self):
        tmpl = load(template_text('{"Fn::GetAZs": ""}'))
        scope = FixedScope(tmpl, zones=self.ZONES)
        self.assertEqual({'v': self.ZONES}, fn.resolve(tmpl.resources['A'].properties, scope))
        self.assertEqual([None], scope.regions)

    def test_region_from_the_region_pseudo_parameter(self):
        self.config(region_name_for_services='us-east-1')
        tmpl = load(template_text('{"Fn::GetAZs": {"Ref": "AWS::Region"}}'))
        scope = FixedScope(tmpl, zones=self.ZONES)
        self.assertEqual({'v': self.ZONES}, fn.resolve(tmpl.resources['A'].properties, scope))
        self.assertEqual(['us-east-1'], scope.regions)

    def test_first_zone_selected(self):
        self.assertEqual('us-east-1a', evaluate("!Select [0, !GetAZs '']", zones=self.ZONES))

    def test_a_list_is_no_region(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::GetAZs: Fn::GetAZs: the arguments must be a region '
            'name ("" for the current region)',
        ], self.errors_of('!GetAZs [us-east-1]'))


class ImportValueTest(FunctionTestCase):

    NETWORK = '''
        Parameters:
          NetworkStackName: {Type: String, Default: net}
    '''

    def test_value_of_the_export_named_with_sub(self):
        self.assertEqual('subnet-1', evaluate(
            '!ImportValue {"Fn::Sub": "${NetworkStackName}-SubnetID"}', self.NETWORK,
            exports={'net-SubnetID': 'subnet-1'}))

    def test_value_is_unknown_while_validating(self):
        tmpl = load(template_text('!ImportValue shared-vpc'))
        self.assertIs(Unresolved, fn.try_resolve(tmpl.resources['A'].properties['v'],
                                                 StaticScope(tmpl)))

    def test_export_name_may_not_depend_on_a_resource(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::ImportValue: Fn::ImportValue: the export name cannot '
            'depend on a resource of this stack (use parameters, pseudo parameters or mappings)',
        ], self.errors_of('!ImportValue {"Fn::GetAtt": [A, Name]}'))


class ResourceFacadeTest(FunctionTestCase):

    def test_metadata_of_the_facade_resource(self):
        self.assertEqual({'key': 'value'}, evaluate('{"Fn::ResourceFacade": Metadata}',
                                                    facade={'Metadata': {'key': 'value'}}))

    def test_unknown_outside_a_nested_stack(self):
        tmpl = load(template_text('{"Fn::ResourceFacade": DeletionPolicy}'))
        self.assertIs(Unresolved, fn.try_resolve(tmpl.resources['A'].properties['v'],
                                                 StaticScope(tmpl)))

    def test_unknown_attribute_is_an_error(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::ResourceFacade: Fn::ResourceFacade: unknown attribute '
            '"Metadta": use one of Metadata, DeletionPolicy, UpdatePolicy (did you mean '
            '"Metadata"?)',
        ], self.errors_of('{"Fn::ResourceFacade": Metadta}'))


class Base64Test(FunctionTestCase):

    def test_aws_example(self):
        self.assertEqual('QVdTIENsb3VkRm9ybWF0aW9u', evaluate('!Base64 "AWS CloudFormation"'))

    def test_a_map_is_an_error(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Base64: Fn::Base64: the value must be a string, '
            'not a map',
        ], self.errors_of('!Base64 {a: b}'))


class FunctionTablesTest(base.TestCase):

    ALL = ['Condition', 'Fn::And', 'Fn::Base64', 'Fn::Cidr', 'Fn::Contains',
           'Fn::EachMemberEquals', 'Fn::EachMemberIn', 'Fn::Equals', 'Fn::FindInMap',
           'Fn::GetAZs', 'Fn::GetAtt', 'Fn::If', 'Fn::ImportValue', 'Fn::Join', 'Fn::Length',
           'Fn::MemberListToMap', 'Fn::Not', 'Fn::Or', 'Fn::RefAll', 'Fn::Replace',
           'Fn::ResourceFacade', 'Fn::Select', 'Fn::Split', 'Fn::Sub', 'Fn::ToJsonString',
           'Fn::ValueOf', 'Fn::ValueOfAll', 'Ref']

    @staticmethod
    def built_in(template_cls) -> dict:
        """The functions Heat itself ships (installed plugin packages, like
        contrib/heat-example-plugins, may add their own)."""
        return {name: f for name, f in template_cls.all_functions().items()
                if f.__module__.startswith('heat_plugins.cfn.')}

    def test_aws_format_has_every_function_each_described(self):
        functions = self.built_in(CfnTemplate)
        self.assertEqual(self.ALL, list(functions))
        self.assertEqual([], [n for n, f in functions.items() if not f.description])

    def test_heat_format_has_no_conditions_sub_import_cidr_or_rules(self):
        self.assertEqual(['Fn::Base64', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::GetAtt', 'Fn::Join',
                          'Fn::MemberListToMap', 'Fn::Replace', 'Fn::ResourceFacade',
                          'Fn::Select', 'Fn::Split', 'Ref'],
                         list(self.built_in(HeatCfnTemplate)))

    def test_heat_format_names_the_format_that_has_the_function(self):
        errors = self.errors(template_text('!Sub "${AWS::Region}"',
                                           head='HeatTemplateFormatVersion: "2012-12-12"\n'))
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Sub: Fn::Sub is not available in '
            'HeatTemplateFormatVersion "2012-12-12" templates (AWSTemplateFormatVersion '
            '"2010-09-09" has it)',
        ], errors)
