"""CloudFormation conditions: Fn::Equals, Fn::And, Fn::Or, Fn::Not,
Condition, and Fn::If choosing values (AWS::NoValue removes a property)."""

import textwrap

from heat_core.template import functions as fn
from heat_plugins.cfn.template import HeatCfnTemplate
from tests import base
from tests.unit.test_cfn_functions import FunctionTestCase, evaluate, load, scope_for

DB_SNAPSHOT = '''
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      DBSnapshotName: {Type: String, Default: ""}
    Conditions:
      UseDBSnapshot: !Not [!Equals [!Ref DBSnapshotName, ""]]
    Resources:
      MyDB:
        Type: OS::Heat::None
        Properties:
          AllocatedStorage: "5"
          DBSnapshotIdentifier: !If [UseDBSnapshot, !Ref DBSnapshotName, !Ref "AWS::NoValue"]
'''

SECURITY = '''
    Parameters:
      ASecurityGroup: {Type: String, Default: sg-mysggroup}
      Env: {Type: String, Default: test}
    Conditions:
      SomeOtherCondition: !Equals [!Ref Env, prod]
      AndCondition:
        Fn::And:
          - Fn::Equals: [sg-mysggroup, !Ref ASecurityGroup]
          - Condition: SomeOtherCondition
      OrCondition: !Or [!Equals [sg-mysggroup, !Ref ASecurityGroup], !Condition SomeOtherCondition]
      NotProd: !Not [!Condition SomeOtherCondition]
'''


def conditions(sections, params=None):
    """The value of every condition of a template."""
    tmpl = load('AWSTemplateFormatVersion: "2010-09-09"\n' + textwrap.dedent(sections)
                + 'Resources:\n  A: {Type: OS::Heat::None}\n')
    scope = scope_for(tmpl, params)
    return {name: scope.condition(name) for name in tmpl.conditions}


class ConditionFunctionsTest(FunctionTestCase):

    def test_aws_examples_with_the_defaults(self):
        self.assertEqual({'SomeOtherCondition': False, 'AndCondition': False,
                          'OrCondition': True, 'NotProd': True}, conditions(SECURITY))

    def test_aws_examples_in_production(self):
        self.assertEqual({'SomeOtherCondition': True, 'AndCondition': True,
                          'OrCondition': True, 'NotProd': False},
                         conditions(SECURITY, {'Env': 'prod'}))

    def test_numbers_equal_their_text(self):
        self.assertEqual({'One': True, 'Two': False}, conditions('''
            Parameters:
              Count: {Type: Number, Default: 1}
              Name: {Type: String, Default: "1"}
            Conditions:
              One: !And [!Equals [!Ref Count, "1"], !Equals [!Ref Name, 1]]
              Two: !Equals [!Ref Count, 2]
        '''))

    def test_mappings_in_conditions(self):
        self.assertEqual({'Big': True}, conditions('''
            Mappings:
              Sizes: {prod: {big: "true"}}
            Conditions:
              Big: !Equals [!FindInMap [Sizes, prod, big], "true"]
        '''))

    def test_and_with_one_condition_is_an_error(self):
        self.assertEqual(['Conditions.C.Fn::And: Fn::And: takes 2 to 10 conditions, not 1'],
                         self.errors('''
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
              C: !And [!Equals [a, a]]
            Resources:
              A: {Type: OS::Heat::None}
        '''))

    def test_or_with_eleven_conditions_is_an_error(self):
        eleven = ', '.join(['!Equals [a, a]'] * 11)
        self.assertEqual(['Conditions.C.Fn::Or: Fn::Or: takes 2 to 10 conditions, not 11'],
                         self.errors('AWSTemplateFormatVersion: "2010-09-09"\nConditions:\n'
                                     '  C: !Or [%s]\nResources:\n  A: {Type: OS::Heat::None}\n'
                                     % eleven))

    def test_a_condition_name_needs_the_condition_function(self):
        self.assertEqual([
            'Conditions.C.Fn::Not[0]: Fn::Not: condition 0 must be a condition function (e.g. '
            '{"Condition": Name} or Fn::Equals), not a string',
        ], self.errors('''
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
              B: !Equals [a, a]
              C: !Not [B]
            Resources:
              A: {Type: OS::Heat::None}
        '''))

    def test_unknown_condition_is_reported_with_a_suggestion(self):
        self.assertEqual([
            'Conditions.C.Fn::Not[0].Condition: Condition: unknown condition "IsProdd" (did you '
            'mean "IsProd"?)',
        ], self.errors('''
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
              IsProd: !Equals [a, a]
              C: !Not [!Condition IsProdd]
            Resources:
              A: {Type: OS::Heat::None}
        '''))

    def test_equals_is_only_allowed_in_a_condition(self):
        self.assertEqual(['Resources.A.Properties.v: Fn::Equals is only allowed in a condition'],
                         self.errors_of('!Equals [a, b]'))

    def test_if_is_not_allowed_in_a_condition(self):
        self.assertEqual(['Conditions.C: Fn::If is not allowed in a condition'], self.errors('''
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
              B: !Equals [a, a]
              C: !If [B, true, false]
            Resources:
              A: {Type: OS::Heat::None}
        '''))


class IfTest(FunctionTestCase):

    def test_aws_example_without_a_snapshot_removes_the_property(self):
        tmpl = load(DB_SNAPSHOT)
        self.assertEqual({'AllocatedStorage': '5'},
                         fn.resolve(tmpl.resources['MyDB'].properties, scope_for(tmpl)))

    def test_aws_example_with_a_snapshot(self):
        tmpl = load(DB_SNAPSHOT)
        scope = scope_for(tmpl, {'DBSnapshotName': 'snap-1'})
        self.assertEqual({'AllocatedStorage': '5', 'DBSnapshotIdentifier': 'snap-1'},
                         fn.resolve(tmpl.resources['MyDB'].properties, scope))

    def test_aws_example_is_valid(self):
        self.assertValid(DB_SNAPSHOT)

    def test_unknown_condition_is_reported_at_the_name(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::If[0]: Fn::If: unknown condition "IsPrd" (did you '
            'mean "IsProd"?)',
        ], self.errors_of('!If [IsPrd, a, b]', '''
            Conditions:
              IsProd: !Equals [a, b]
        '''))

    def test_two_arguments_are_an_error(self):
        self.assertEqual([
            'Resources.A.Properties.v.Fn::If: Fn::If: the arguments must be [condition_name, '
            'value_if_true, value_if_false]',
        ], self.errors_of('!If [IsProd, a]', '''
            Conditions:
              IsProd: !Equals [a, b]
        '''))

    def test_value_of_the_false_branch(self):
        self.assertEqual('small', evaluate('!If [IsProd, large, small]', '''
            Conditions:
              IsProd: !Equals [a, b]
        '''))

    def test_both_branches_are_dependencies(self):
        tmpl = load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
              IsProd: !Equals [a, b]
            Resources:
              Big: {Type: OS::Heat::None}
              Small: {Type: OS::Heat::None}
              A: {Type: OS::Heat::None, Properties: {v: !If [IsProd, !Ref Big, !Ref Small]}}
        ''')
        self.assertEqual(['Big', 'Small'], list(fn.dependencies(tmpl.resources['A'].properties)))

    def test_deletion_policy_chosen_by_a_condition_is_checked(self):
        self.assertEqual([
            'Resources.A.DeletionPolicy: Invalid DeletionPolicy "Retian": use one of Delete, '
            'Retain, Snapshot, RetainExceptOnCreate',
        ], self.errors('''
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
              IsProd: !Equals [a, a]
            Resources:
              A:
                Type: OS::Heat::None
                DeletionPolicy: !If [IsProd, Retian, Delete]
        '''))


class HeatFormatTest(base.TestCase):

    def test_heat_format_has_no_condition_functions(self):
        names = HeatCfnTemplate.all_functions()
        self.assertEqual([], [n for n in ('Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not',
                                          'Condition', 'Fn::If') if n in names])
