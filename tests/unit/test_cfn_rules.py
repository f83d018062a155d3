"""The Rules section: its structure, the rule-only functions, and rules
evaluated with the known parameter values."""

import textwrap

from tests import base

INSTANCE_TYPE_RULES = '''
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      Environment: {Type: String, Default: test}
      InstanceType: {Type: String, Default: a1.medium}
    Rules:
      testInstanceType:
        RuleCondition: !Equals
          - !Ref Environment
          - test
        Assertions:
          - Assert:
              'Fn::Contains':
                - - a1.medium
                - !Ref InstanceType
            AssertDescription: 'For a test environment, the instance type must be a1.medium'
      prodInstanceType:
        RuleCondition: !Equals
          - !Ref Environment
          - prod
        Assertions:
          - Assert:
              'Fn::Contains':
                - - a1.large
                - !Ref InstanceType
            AssertDescription: 'For a production environment, the instance type must be a1.large'
    Resources:
      A: {Type: OS::Heat::None}
'''


def with_rules(rules, parameters='', resources='  A: {Type: OS::Heat::None}\n'):
    """A template with the given Parameters and Rules section bodies."""
    return ('AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n%s\nRules:\n%s\n'
            'Resources:\n%s' % (
                textwrap.indent(textwrap.dedent(parameters).strip('\n'), '  ') or '  {}',
                textwrap.indent(textwrap.dedent(rules).strip('\n'), '  '), resources))


VPC_PARAMS = '''
    Vpc: {Type: "AWS::EC2::VPC::Id", Default: vpc-1}
    Subnets: {Type: "List<AWS::EC2::Subnet::Id>", Default: "subnet-1,subnet-2"}
    Name: {Type: String, Default: web}
'''


class RuleEvaluationTest(base.TestCase):

    def test_aws_example_holds_for_the_defaults(self):
        self.assertValid(INSTANCE_TYPE_RULES)

    def test_failed_assertion_shows_its_description(self):
        self.assertEqual([
            'Rules.testInstanceType.Assertions[0].Assert: Rule "testInstanceType" failed: For a '
            'test environment, the instance type must be a1.medium',
        ], self.errors(INSTANCE_TYPE_RULES, params={'InstanceType': 'a1.large'}))

    def test_rule_whose_condition_is_false_is_not_applied(self):
        self.assertValid(INSTANCE_TYPE_RULES, params={'Environment': 'dev',
                                                      'InstanceType': 'm1.tiny'})

    def test_the_production_rule(self):
        self.assertEqual([
            'Rules.prodInstanceType.Assertions[0].Assert: Rule "prodInstanceType" failed: For a '
            'production environment, the instance type must be a1.large',
        ], self.errors(INSTANCE_TYPE_RULES, params={'Environment': 'prod'}))

    def test_rule_without_condition_always_applies(self):
        self.assertEqual([
            'Rules.Always.Assertions[0].Assert: Rule "Always" failed: assertion 0 is false',
        ], self.errors(with_rules('''
            Always:
              Assertions:
                - Assert: !Not [!Equals [!Ref Name, web]]
        ''', VPC_PARAMS)))

    def test_parameters_without_values_leave_the_rule_unchecked(self):
        self.assertValid(with_rules('''
            Always:
              Assertions:
                - Assert: !Equals [!Ref Size, large]
        ''', 'Size: {Type: String}'))

    def test_each_member_equals(self):
        self.assertEqual([
            'Rules.Same.Assertions[0].Assert: Rule "Same" failed: all subnets must be subnet-1',
        ], self.errors(with_rules('''
            Same:
              Assertions:
                - Assert: {"Fn::EachMemberEquals": [!Ref Subnets, subnet-1]}
                  AssertDescription: all subnets must be subnet-1
        ''', VPC_PARAMS)))

    def test_each_member_in(self):
        self.assertValid(with_rules('''
            Known:
              Assertions:
                - Assert: {"Fn::EachMemberIn": [!Ref Subnets, [subnet-1, subnet-2, subnet-3]]}
                - Assert: !Or [{"Fn::Contains": [[web, db], !Ref Name]}, !Equals [a, b]]
        ''', VPC_PARAMS))

    def test_cloud_attributes_leave_the_assertion_unchecked(self):
        self.assertValid(with_rules('''
            SubnetsInVPC:
              Assertions:
                - Assert:
                    Fn::EachMemberIn:
                      - Fn::ValueOfAll: ["AWS::EC2::Subnet::Id", VpcId]
                      - Fn::RefAll: "AWS::EC2::VPC::Id"
                - Assert: {"Fn::EachMemberEquals": [{"Fn::ValueOf": [Vpc, Tags.Department]},
                                                    IT]}
        ''', VPC_PARAMS))

    def test_assertion_that_is_no_boolean(self):
        self.assertEqual([
            'Rules.R.Assertions[0].Assert: Rule "R": the assertion is a string, not true or '
            'false',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - Assert: !If [Always, abc, def]
        ''', VPC_PARAMS) + 'Conditions:\n  Always: !Equals [a, a]\n'))


class RuleStructureTest(base.TestCase):

    def test_rule_without_assertions(self):
        self.assertEqual(['Rules.R: Rule "R" has no Assertions'], self.errors(with_rules('''
            R:
              RuleCondition: !Equals [a, a]
        ''')))

    def test_unknown_key_is_reported_with_a_suggestion(self):
        self.assertEqual([
            'Rules.R: Rule "R" has no Assertions',
            'Rules.R.Assertion: Unknown key "Assertion" in rule "R" (did you mean '
            '"Assertions"?)',
        ], self.errors(with_rules('''
            R:
              Assertion: []
        ''')))

    def test_assertions_must_be_a_list(self):
        self.assertEqual([
            'Rules.R.Assertions: Assertions must be a list of {Assert: ..., AssertDescription: '
            '...} maps',
        ], self.errors(with_rules('''
            R:
              Assertions: {Assert: true}
        ''')))

    def test_assertion_without_assert(self):
        self.assertEqual([
            'Rules.R.Assertions[0]: The assertion has no Assert',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - AssertDescription: something
        ''')))

    def test_assert_must_be_a_rule_function(self):
        self.assertEqual([
            'Rules.R.Assertions[0].Assert: Assert must be a rule function (e.g. Fn::Equals or '
            'Fn::Contains), not a string',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - Assert: hello
        ''')))

    def test_rules_may_not_refer_to_resources(self):
        self.assertEqual([
            'Rules.R.Assertions[0].Assert.Fn::Contains[1].Ref: Ref: rules may only refer to '
            'parameters, not resource "A"',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - Assert: {"Fn::Contains": [[a], !Ref A]}
        ''')))

    def test_value_functions_are_not_rule_functions(self):
        self.assertEqual([
            'Rules.R.Assertions[0].Assert.Fn::Equals[0]: Fn::Join is not allowed in a '
            'condition',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - Assert: !Equals [!Join ["", [a]], a]
        ''')))


class RuleFunctionsTest(base.TestCase):

    def test_rule_functions_only_in_rules(self):
        self.assertEqual([
            'Conditions.C: Fn::Contains may only be used in the Rules section',
            'Resources.A.Properties.v: Fn::EachMemberIn may only be used in the Rules section',
        ], self.errors('''
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
              C: {"Fn::Contains": [[a], a]}
            Resources:
              A:
                Type: OS::Heat::None
                Properties:
                  v: {"Fn::EachMemberIn": [[a], [a]]}
        '''))

    def test_value_of_an_unknown_parameter(self):
        self.assertEqual([
            'Rules.R.Assertions[0].Assert.Fn::EachMemberEquals[0].Fn::ValueOf[0]: Fn::ValueOf: '
            'unknown parameter "Vcp" (did you mean "Vpc"?)',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - Assert: {"Fn::EachMemberEquals": [{"Fn::ValueOf": [Vcp, Tags.Dept]}, IT]}
        ''', VPC_PARAMS)))

    def test_value_of_a_string_parameter(self):
        self.assertEqual([
            'Rules.R.Assertions[0].Assert.Fn::EachMemberEquals[0].Fn::ValueOf[0]: Fn::ValueOf: '
            'parameter "Name" is of type String: only parameters of an AWS-specific type have '
            'attributes',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - Assert: {"Fn::EachMemberEquals": [{"Fn::ValueOf": [Name, Tags.Dept]}, IT]}
        ''', VPC_PARAMS)))

    def test_value_of_an_attribute_the_type_does_not_have(self):
        self.assertEqual([
            'Rules.R.Assertions[0].Assert.Fn::EachMemberIn[0].Fn::ValueOf[1]: Fn::ValueOf: '
            'unknown attribute "VpcID" of AWS::EC2::Subnet::Id: use one of AvailabilityZone, '
            'Tags.tag_key, VpcId (did you mean "VpcId"?)',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - Assert: {"Fn::EachMemberIn": [{"Fn::ValueOf": [Subnets, VpcID]}, [vpc-1]]}
        ''', VPC_PARAMS)))

    def test_ref_all_of_a_type_that_is_not_aws_specific(self):
        self.assertEqual([
            'Rules.R.Assertions[0].Assert.Fn::EachMemberIn[1].Fn::RefAll: Fn::RefAll: '
            '"AWS::EC2::VPC::ID" is not an AWS-specific parameter type (did you mean '
            '"AWS::EC2::VPC::Id"?)',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - Assert: {"Fn::EachMemberIn": [[vpc-1], {"Fn::RefAll": "AWS::EC2::VPC::ID"}]}
        ''', VPC_PARAMS)))

    def test_value_of_all_needs_a_type_with_attributes(self):
        self.assertEqual([
            'Rules.R.Assertions[0].Assert.Fn::EachMemberEquals[0].Fn::ValueOfAll[1]: '
            'Fn::ValueOfAll: parameters of type AWS::EC2::KeyPair::KeyName have no attributes',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - Assert:
                    Fn::EachMemberEquals:
                      - {"Fn::ValueOfAll": ["AWS::EC2::KeyPair::KeyName", Name]}
                      - IT
        ''', VPC_PARAMS)))

    def test_parameters_read_by_rules_are_used(self):
        loaded = self.validate(with_rules('''
            R:
              Assertions:
                - Assert: {"Fn::EachMemberEquals": [{"Fn::ValueOf": [Vpc, Tags.Dept]}, IT]}
                - Assert: {"Fn::Contains": [[a, b], !Ref Name]}
        ''', '''
            Vpc: {Type: "AWS::EC2::VPC::Id", Default: vpc-1}
            Name: {Type: String, Default: a}
        '''))
        self.assertEqual([], [str(i) for i in loaded.issues])

    def test_unknown_rule_function_is_reported(self):
        self.assertEqual([
            'Rules.R.Assertions[0].Assert: Assert must be a rule function (e.g. Fn::Equals or '
            'Fn::Contains), not a map',
            'Rules.R.Assertions[0].Assert.Fn::Contain: Unknown function "Fn::Contain" (did you '
            'mean "Fn::Contains"?)',
        ], self.errors(with_rules('''
            R:
              Assertions:
                - Assert: {"Fn::Contain": [[a], b]}
        ''')))
