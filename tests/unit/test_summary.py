"""Template summaries: Heat's validate response and CloudFormation's
GetTemplateSummary."""

import textwrap

from heat_core.template import loader
from heat_core.template.summary import template_summary, validate_summary
from tests import base

TEMPLATE = '''
    AWSTemplateFormatVersion: "2010-09-09"
    Description: A web server
    Metadata: {Owner: web-team}
    Parameters:
      InstanceType:
        Type: String
        Default: m1.small
        AllowedValues: [m1.small, m1.large]
        Description: Server size
        ConstraintDescription: must be a known size.
      DBPassword:
        Type: String
        NoEcho: true
        Default: s3cret
        MinLength: 4
        MaxLength: 41
        AllowedPattern: "[a-zA-Z0-9]*"
      Count:
        Type: Number
        MinValue: 1
        MaxValue: 5
        Label: Server count
      Zones: {Type: CommaDelimitedList, Default: "nova,other"}
    Resources:
      A: {Type: OS::Heat::None}
      B: {Type: OS::Heat::Value}
      C: {Type: OS::Heat::None}
'''


def load(text=TEMPLATE, env=None):
    env_texts = [(textwrap.dedent(e), 'env%d.yaml' % i) for i, e in enumerate(env or [])]
    return loader.load(textwrap.dedent(text), 'template.yaml', env_texts).template


class ValidateSummaryTest(base.TestCase):

    def test_shape_is_heats(self):
        self.assertEqual({
            'Description': 'A web server',
            'Parameters': {
                'InstanceType': {
                    'Type': 'String', 'Description': 'Server size', 'NoEcho': 'false',
                    'Label': 'InstanceType', 'Default': 'm1.small',
                    'AllowedValues': ['m1.small', 'm1.large'],
                    'ConstraintDescription': 'must be a known size.'},
                'DBPassword': {
                    'Type': 'String', 'Description': '', 'NoEcho': 'true', 'Label': 'DBPassword',
                    'Default': '******', 'MinLength': 4, 'MaxLength': 41,
                    'AllowedPattern': '[a-zA-Z0-9]*'},
                'Count': {
                    'Type': 'Number', 'Description': '', 'NoEcho': 'false',
                    'Label': 'Server count', 'MinValue': 1, 'MaxValue': 5},
                'Zones': {
                    'Type': 'CommaDelimitedList', 'Description': '', 'NoEcho': 'false',
                    'Label': 'Zones', 'Default': 'nova,other'},
            },
        }, validate_summary(load()))

    def test_given_values_are_reported_and_masked_when_no_echo(self):
        params = validate_summary(load(), {'Count': '3', 'DBPassword': 'other'})['Parameters']
        self.assertEqual(('3', '******'), (params['Count']['Value'],
                                           params['DBPassword']['Value']))

    def test_environment_parameters_are_values(self):
        params = validate_summary(load(env=['parameters: {Count: 2}']))['Parameters']
        self.assertEqual(2, params['Count']['Value'])

    def test_parameter_defaults_replace_the_declared_default(self):
        params = validate_summary(load(env=['parameter_defaults: {InstanceType: m1.large}'])
                                  )['Parameters']
        self.assertEqual('m1.large', params['InstanceType']['Default'])

    def test_no_parameter_groups_key_without_groups(self):
        self.assertNotIn('ParameterGroups', validate_summary(load()))

    def test_parameter_groups_are_reported(self):
        tmpl = load()
        tmpl.parameter_groups = [{'label': 'DB', 'parameters': ['DBPassword']}]
        self.assertEqual([{'label': 'DB', 'parameters': ['DBPassword']}],
                         validate_summary(tmpl)['ParameterGroups'])

    def test_show_nested_adds_each_provider_templates_summary(self):
        files = {'web.yaml': textwrap.dedent('''
            heat_template_version: 2018-08-31
            description: a web server
            parameters:
              size: {type: string, default: small}
              secret: {type: string, hidden: true}
            resources:
              v: {type: OS::Heat::Value, properties: {value: {get_param: size}}}
        ''')}
        loaded = loader.validate(textwrap.dedent('''
            heat_template_version: 2018-08-31
            parameters:
              n: {type: string, default: x}
            resources:
              web: {type: web.yaml, properties: {secret: hush, size: {get_param: n}}}
              plain: {type: OS::Heat::None}
        '''), 'top.yaml', files=files)
        self.assertEqual([], [str(i) for i in loaded.issues.errors])
        self.assertNotIn('NestedParameters', validate_summary(loaded.template))
        nested = validate_summary(loaded.template, show_nested=True)['NestedParameters']
        self.assertEqual(['web'], list(nested))
        self.assertEqual(('a web server', 'web.yaml'),
                         (nested['web']['Description'], nested['web']['Type']))
        params = nested['web']['Parameters']
        # a plain property value is reported (masked when hidden); one that
        # is a function call is left out
        self.assertEqual(('******', 'small', None),
                         (params['secret']['Value'], params['size']['Default'],
                          params['size'].get('Value')))

    def test_template_without_description(self):
        summary = validate_summary(load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources: {A: {Type: OS::Heat::None}}
        '''))
        self.assertEqual({'Description': '', 'Parameters': {}}, summary)


class TemplateSummaryTest(base.TestCase):

    def test_shape_is_cloudformations(self):
        self.assertEqual({
            'Parameters': [
                {'ParameterKey': 'InstanceType', 'DefaultValue': 'm1.small',
                 'ParameterType': 'String', 'NoEcho': False, 'Description': 'Server size',
                 'ParameterConstraints': {'AllowedValues': ['m1.small', 'm1.large']}},
                {'ParameterKey': 'DBPassword', 'DefaultValue': '******',
                 'ParameterType': 'String', 'NoEcho': True, 'Description': '',
                 'ParameterConstraints': {}},
                {'ParameterKey': 'Count', 'ParameterType': 'Number', 'NoEcho': False,
                 'Description': '', 'ParameterConstraints': {}},
                {'ParameterKey': 'Zones', 'DefaultValue': 'nova,other',
                 'ParameterType': 'CommaDelimitedList', 'NoEcho': False, 'Description': '',
                 'ParameterConstraints': {}},
            ],
            'Description': 'A web server',
            'ResourceTypes': ['OS::Heat::None', 'OS::Heat::Value'],
            'Version': '2010-09-09',
            'Metadata': '{"Owner": "web-team"}',
            'DeclaredTransforms': [],
        }, template_summary(load()))

    def test_iam_resources_need_a_capability(self):
        # an AccessKey's UserName says whose key it is: not a custom name (AWS)
        summary = template_summary(load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              U: {Type: AWS::IAM::User}
              K: {Type: AWS::IAM::AccessKey, Properties: {UserName: !Ref U}}
        '''))
        self.assertEqual((['CAPABILITY_IAM'], 'The following resource(s) require '
                          'capabilities: [AWS::IAM::User, AWS::IAM::AccessKey]'),
                         (summary['Capabilities'], summary['CapabilitiesReason']))

    def test_a_custom_name_of_an_iam_resource_needs_capability_named_iam(self):
        for rtype, prop in (('User', 'UserName'), ('Role', 'RoleName'),
                            ('Group', 'GroupName'), ('ManagedPolicy', 'ManagedPolicyName'),
                            ('InstanceProfile', 'InstanceProfileName')):
            summary = template_summary(load('''
                AWSTemplateFormatVersion: "2010-09-09"
                Resources:
                  R: {Type: AWS::IAM::%s, Properties: {%s: custom}}
            ''' % (rtype, prop)))
            self.assertEqual((rtype, ['CAPABILITY_NAMED_IAM']),
                             (rtype, summary['Capabilities']))

    def test_unnamed_iam_resources_need_capability_iam(self):
        summary = template_summary(load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              U: {Type: AWS::IAM::User}
        '''))
        self.assertEqual(['CAPABILITY_IAM'], summary['Capabilities'])

    def test_no_capabilities_key_when_none_is_needed(self):
        self.assertNotIn('Capabilities', template_summary(load()))

    def test_transforms_are_declared_and_need_auto_expand(self):
        summary = template_summary(load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Transform: AWS::LanguageExtensions
            Resources:
              A: {Type: OS::Heat::None}
        '''))
        self.assertEqual((['AWS::LanguageExtensions'], ['CAPABILITY_AUTO_EXPAND']),
                         (summary['DeclaredTransforms'], summary['Capabilities']))

    def test_numbers_and_booleans_are_text(self):
        params = template_summary(load('''
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Size: {Type: Number, Default: 3, AllowedValues: [1, 3]}
              Flag: {Type: Boolean, Default: true}
            Resources:
              A: {Type: OS::Heat::None}
        '''))['Parameters']
        self.assertEqual([('3', ['1', '3']), ('true', None)], [
            (p['DefaultValue'], p['ParameterConstraints'].get('AllowedValues')) for p in params])
