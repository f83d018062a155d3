"""CloudFormation string functions: Fn::Join, Fn::Split, Fn::Sub, Heat's
Fn::Replace and Fn::ToJsonString."""

from heat_core.template import functions as fn
from tests.unit.test_cfn_functions import (
    FakeResource,
    FixedScope,
    FunctionTestCase,
    evaluate,
    load,
    template_text,
)

TRANSFORM = 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::LanguageExtensions\n'


class JoinTest(FunctionTestCase):

    def test_aws_example_joins_with_the_delimiter(self):
        self.assertEqual('a:b:c', evaluate('!Join [":", [a, b, c]]'))

    def test_aws_example_with_pseudo_parameters(self):
        self.assertEqual('arn:aws:s3:::elasticbeanstalk-*-123456789012', evaluate(
            "!Join ['', ['arn:', !Ref AWS::Partition, ':s3:::elasticbeanstalk-*-', "
            "!Ref AWS::AccountId]]", project_id='123456789012'))

    def test_numbers_are_joined_as_text(self):
        self.assertEqual('10.0.0.1:80', evaluate('!Join [":", [10.0.0.1, 80]]'))

    def test_items_without_value_are_left_out(self):
        self.assertEqual('a,b', evaluate('!Join [",", [a, !Ref AWS::NoValue, b]]'))

    def test_a_list_parameter(self):
        self.assertEqual('a;b', evaluate('!Join [";", !Ref Names]', '''
            Parameters:
              Names: {Type: CommaDelimitedList, Default: "a, b"}
        '''))

    def test_values_that_are_no_list_are_an_error(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Join[1]: Fn::Join: the values to join must be a '
            'list, not a string',
        ], self.errors_of('!Join [",", abc]'))

    def test_a_map_item_is_reported_at_the_item(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Join[1][1]: Fn::Join: item 1 of the values to join '
            'must be a string, not a map',
        ], self.errors_of('!Join [",", [a, {b: c}]]'))

    def test_one_argument_is_an_error(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Join: Fn::Join: the arguments must be '
            '[delimiter, [value, ...]]',
        ], self.errors_of('!Join [abc]'))


class SplitTest(FunctionTestCase):

    def test_aws_example(self):
        self.assertEqual(['a', 'b', 'c'], evaluate('!Split ["|", "a|b|c"]'))

    def test_aws_example_with_empty_parts(self):
        self.assertEqual(['a', '', 'c', ''], evaluate('!Split ["|", "a||c|"]'))

    def test_selecting_a_part(self):
        self.assertEqual('c', evaluate('!Select [2, !Split [",", "a,b,c"]]'))

    def test_empty_delimiter_is_an_error(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Split[0]: Fn::Split: the delimiter must not be empty',
        ], self.errors_of('!Split ["", "abc"]'))


class SubTest(FunctionTestCase):

    def test_aws_example_with_a_variable_map(self):
        self.assertEqual('www.example.com', evaluate(
            '!Sub ["www.${Domain}", {Domain: !Ref RootDomainName}]', '''
            Parameters:
              RootDomainName: {Type: String, Default: example.com}
        '''))

    def test_aws_example_with_pseudo_parameters_and_a_resource(self):
        self.config(region_name_for_services='us-east-1')
        tmpl = load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              vpc: {Type: OS::Heat::None}
              A:
                Type: OS::Heat::None
                Properties:
                  v: !Sub 'arn:aws:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${vpc}'
        ''')
        scope = FixedScope(tmpl, resources={'vpc': FakeResource('vpc')},
                           project_id='123456789012')
        self.assertEqual({'v': 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-id'},
                         fn.resolve(tmpl.resources['A'].properties, scope))

    def test_resource_attribute(self):
        tmpl = load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Server: {Type: OS::Heat::None}
              A: {Type: OS::Heat::None, Properties: {v: !Sub "http://${Server.PublicIp}/"}}
        ''')
        scope = FixedScope(tmpl, resources={'Server': FakeResource('Server',
                                                                   {'PublicIp': '10.0.0.5'})})
        self.assertEqual({'v': 'http://10.0.0.5/'},
                         fn.resolve(tmpl.resources['A'].properties, scope))

    def test_exclamation_mark_writes_a_literal_variable(self):
        self.assertEqual('${Literal} and ${AWS::Region}',
                         evaluate('!Sub "${!Literal} and ${!AWS::Region}"'))

    def test_unknown_variable_is_reported_with_a_suggestion(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Sub: Fn::Sub: unknown variable "${Enviroment}" '
            '(did you mean "Environment"?)',
        ], self.errors_of('!Sub "${Enviroment}-app"', '''
            Parameters:
              Environment: {Type: String, Default: test}
        '''))

    def test_unknown_variable_in_the_list_form_is_reported_at_the_string(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Sub[0]: Fn::Sub: unknown variable "${Other}"',
        ], self.errors_of('!Sub ["${Domain}${Other}", {Domain: x}]'))

    def test_variables_of_the_map_shadow_resources_for_dependencies(self):
        tmpl = load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Server: {Type: OS::Heat::None}
              Db: {Type: OS::Heat::None}
              A:
                Type: OS::Heat::None
                Properties:
                  v: !Sub ["${Server}:${Db.Port}", {Server: name}]
        ''')
        self.assertEqual(['Db'], list(fn.dependencies(tmpl.resources['A'].properties)))

    def test_parameters_in_the_string_are_used(self):
        loaded = self.validate(template_text('!Sub "${Environment}"', '''
            Parameters:
              Environment: {Type: String, Default: test}
        '''))
        self.assertEqual([], [i.message for i in loaded.issues])

    def test_unused_variable_is_a_warning(self):
        loaded = self.validate(template_text('!Sub ["plain", {Domain: x}]'))
        self.assertEqual([('warning', 'Fn::Sub: variable "Domain" is not used in the string')],
                         [(i.level, i.message) for i in loaded.issues])

    def test_the_string_must_be_literal(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Sub[0]: Fn::Sub: the string must be a literal string, '
            'not a call to Fn::Join',
        ], self.errors_of('!Sub [!Join ["", [a]], {}]'))

    def test_a_list_parameter_is_no_string(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Sub: Fn::Sub: variable "${Names}" must be a string, '
            'not a list',
        ], self.errors_of('!Sub "${Names}"', '''
            Parameters:
              Names: {Type: CommaDelimitedList, Default: "a,b"}
        '''))


class ReplaceTest(FunctionTestCase):

    def test_heat_example(self):
        self.assertEqual('foo is bar', evaluate(
            '{"Fn::Replace": [{"$var1": foo, "%var2%": bar}, "$var1 is %var2%"]}'))

    def test_replacements_are_not_replaced_again(self):
        self.assertEqual('bc', evaluate('{"Fn::Replace": [{a: b, b: c}, ab]}'))

    def test_longer_search_texts_first(self):
        self.assertEqual('X-Y', evaluate('{"Fn::Replace": [{"$a": Y, "$ab": X}, "$ab-$a"]}'))

    def test_replacements_must_be_a_map(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Replace[0]: Fn::Replace: the replacements must be a '
            'map, not a list',
        ], self.errors_of('{"Fn::Replace": [[a, b], ab]}'))


class ToJsonStringTest(FunctionTestCase):

    SECTIONS = '''
        Parameters:
          ParameterName: {Type: String, Default: value2}
    '''

    def test_aws_example_map(self):
        self.assertEqual('{"key1":"value1","key2":"value2"}', evaluate(
            '{"Fn::ToJsonString": {key1: value1, key2: !Ref ParameterName}}', self.SECTIONS,
            head=TRANSFORM))

    def test_aws_example_list(self):
        self.assertEqual('["foo","bar","value2"]', evaluate(
            '{"Fn::ToJsonString": [foo, bar, !Ref ParameterName]}', self.SECTIONS,
            head=TRANSFORM))

    def test_requires_the_transform(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::ToJsonString: Fn::ToJsonString requires "Transform: '
            'AWS::LanguageExtensions"',
        ], self.errors_of('{"Fn::ToJsonString": [a]}'))

    def test_a_string_is_an_error(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::ToJsonString: Fn::ToJsonString: the argument must be '
            'a map or a list, not a string',
        ], self.errors_of('{"Fn::ToJsonString": abc}', head=TRANSFORM))
