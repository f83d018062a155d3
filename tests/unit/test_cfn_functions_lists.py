"""CloudFormation list functions: Fn::Select, Fn::Cidr, Heat's
Fn::MemberListToMap and Fn::Length."""

from tests.unit.test_cfn_functions import FunctionTestCase, evaluate

TRANSFORM = 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::LanguageExtensions\n'
SUBNET_BLOCKS = '''
    Parameters:
      DbSubnetIpBlocks:
        Type: CommaDelimitedList
        Default: "10.0.48.0/24, 10.0.112.0/24, 10.0.176.0/24"
'''


class SelectTest(FunctionTestCase):

    def test_aws_example_index_as_a_string(self):
        self.assertEqual('grapes', evaluate('{"Fn::Select": ["1", [apples, grapes, oranges, '
                                            'mangoes]]}'))

    def test_aws_example_from_a_comma_delimited_list_parameter(self):
        self.assertEqual('10.0.48.0/24', evaluate('!Select [0, !Ref DbSubnetIpBlocks]',
                                                  SUBNET_BLOCKS))

    def test_heat_selects_from_a_map_by_key(self):
        self.assertEqual('a', evaluate('!Select [red, {red: a, flu: b}]'))

    def test_index_out_of_range_is_reported_at_the_index(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Select[0]: Fn::Select: index 3 is out of range: the '
            'list has 3 items',
        ], self.errors_of('!Select [3, !Ref DbSubnetIpBlocks]', SUBNET_BLOCKS))

    def test_index_that_is_no_integer(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Select[0]: Fn::Select: the index must be an integer, '
            'not "first"',
        ], self.errors_of('!Select [first, [a, b]]'))

    def test_values_that_are_no_list(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Select[1]: Fn::Select: the values must be a list, '
            'not a string',
        ], self.errors_of('!Select [0, abc]'))


class CidrTest(FunctionTestCase):

    SIX = ['192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27',
           '192.168.0.128/27', '192.168.0.160/27']

    def test_aws_example(self):
        self.assertEqual(self.SIX, evaluate('!Cidr ["192.168.0.0/24", 6, 5]'))

    def test_aws_example_with_numbers_as_strings(self):
        self.assertEqual(self.SIX, evaluate('{"Fn::Cidr": ["192.168.0.0/24", "6", "5"]}'))

    def test_ipv6_subnets_of_64_bits(self):
        self.assertEqual(['2001:db8::/64', '2001:db8:0:1::/64', '2001:db8:0:2::/64'],
                         evaluate('!Cidr ["2001:db8::/56", 3, 64]'))

    def test_first_subnet_of_a_vpc_block(self):
        self.assertEqual('10.0.0.0/24', evaluate('!Select [0, !Cidr ["10.0.0.0/16", 1, 8]]'))

    def test_more_subnets_than_fit_is_reported_at_the_count(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Cidr[1]: Fn::Cidr: 192.168.0.0/24 has room for 8 '
            'subnets of /27, not 9',
        ], self.errors_of('!Cidr ["192.168.0.0/24", 9, 5]'))

    def test_count_over_256(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Cidr[1]: Fn::Cidr: the count must be between 1 and '
            '256, not 257',
        ], self.errors_of('!Cidr ["10.0.0.0/8", 257, 8]'))

    def test_more_bits_than_the_block_has(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Cidr[2]: Fn::Cidr: cidrBits must be between 0 and 8 '
            'for 192.168.0.0/24, not 9',
        ], self.errors_of('!Cidr ["192.168.0.0/24", 1, 9]'))

    def test_a_block_that_is_no_cidr(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Cidr[0]: Fn::Cidr: "192.168.0/33" is not a CIDR block '
            '(e.g. 10.0.0.0/16)',
        ], self.errors_of('!Cidr ["192.168.0/33", 1, 5]'))

    def test_count_that_is_no_integer(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Cidr[1]: Fn::Cidr: the count must be an integer, '
            'not "six"',
        ], self.errors_of('!Cidr ["10.0.0.0/16", six, 8]'))

    def test_block_of_a_resource_attribute_is_checked_later(self):
        self.assertEqual([], self.errors(template_with_vpc('!Cidr [!GetAtt Vpc.CidrBlock, 1, 8]')))


def template_with_vpc(expr):
    return ('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'
            '  Vpc: {Type: OS::Heat::None}\n'
            '  A: {Type: OS::Heat::None, Properties: {v: %s}}\n' % expr)


class MemberListToMapTest(FunctionTestCase):

    def test_heat_example(self):
        self.assertEqual({'key': 'door', 'colour': 'green'}, evaluate(
            "{'Fn::MemberListToMap': [Name, Value, ['.member.0.Name=key', "
            "'.member.0.Value=door', '.member.1.Name=colour', '.member.1.Value=green']]}"))

    def test_key_value_members(self):
        self.assertEqual({'metric': 'cpu', 'size': '56'}, evaluate(
            "{'Fn::MemberListToMap': [Key, Value, ['.member.2.Key=metric', "
            "'.member.2.Value=cpu', '.member.5.Key=size', '.member.5.Value=56']]}"))

    def test_two_arguments_are_an_error(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::MemberListToMap: Fn::MemberListToMap: the arguments '
            'must be [keyName, valueName, [".member.0.keyName=key", ".member.0.valueName=value", '
            '...]]',
        ], self.errors_of("{'Fn::MemberListToMap': [Key, ['.member.2.Key=metric']]}"))

    def test_value_name_must_be_a_string(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::MemberListToMap[1]: Fn::MemberListToMap: the value '
            'name must be a string, not a list',
        ], self.errors_of("{'Fn::MemberListToMap': [Name, [Value], ['.member.0.Name=m']]}"))


class LengthTest(FunctionTestCase):

    def test_aws_example_list_with_a_reference(self):
        self.assertEqual(3, evaluate('{"Fn::Length": [1, !Ref ParamName, 3]}', '''
            Parameters:
              ParamName: {Type: String, Default: x}
        ''', head=TRANSFORM))

    def test_aws_example_comma_delimited_list_parameter(self):
        self.assertEqual(4, evaluate('{"Fn::Length": !Ref QueueList}', '''
            Parameters:
              QueueList: {Type: CommaDelimitedList}
        ''', params={'QueueList': 'a,b,c,d'}, head=TRANSFORM))

    def test_requires_the_transform(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Length: Fn::Length requires "Transform: '
            'AWS::LanguageExtensions"',
        ], self.errors_of('{"Fn::Length": [1, 2]}'))

    def test_a_string_parameter_is_no_list(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::Length: Fn::Length: the argument must be a list, '
            'not a string',
        ], self.errors_of('{"Fn::Length": !Ref Name}', '''
            Parameters:
              Name: {Type: String, Default: abc}
        ''', head=TRANSFORM))
