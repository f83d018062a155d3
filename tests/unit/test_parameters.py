"""Parameters: conversion by type, constraints, defaults, where values come
from (command line > environment parameters > parameter_defaults >
default), AWS-specific types checked against the cloud, NoEcho."""

import textwrap

from heat_core import constraints as c
from heat_core.errors import Issues
from heat_core.template import loader, validation
from heat_core.template.parameters import MASK, Parameter, declaration_problems
from heat_plugins.cloud_sim import catalog
from heat_plugins.cloud_sim.cloud import SimCloud
from tests import base


def cfn(parameters: str, refs=None) -> str:
    """A CFN template declaring ``parameters`` (YAML lines) and using each
    parameter named in ``refs`` so that none is reported unused."""
    body = textwrap.indent(textwrap.dedent(parameters).strip('\n'), '  ')
    props = ', '.join('p%d: !Ref %s' % (i, name) for i, name in enumerate(refs or []))
    return ('AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n%s\nResources:\n'
            '  A: {Type: OS::Heat::None, Properties: {%s}}\n' % (body, props))


class ParameterTestCase(base.TestCase):

    def values(self, text, params=None, env=None, cloud=None):
        """Typed parameter values of a template (problems must be none)."""
        env_texts = [(textwrap.dedent(e), 'env%d.yaml' % i) for i, e in enumerate(env or [])]
        loaded = loader.load(text, 'template.yaml', env_texts)
        issues = Issues()
        values = validation.parameter_values(loaded.template, params, issues, cloud)
        self.assertEqual([], [i.message for i in issues.errors])
        return values

    def shown(self, text, **kwargs):
        """``str()`` of every error: FILE:LINE:COL: PATH: message."""
        return [str(i) for i in self.validate(text, **kwargs).issues.errors]


class ConversionTest(ParameterTestCase):

    def test_number_from_text_is_an_int_or_a_float(self):
        values = self.values(cfn('''
            Count: {Type: Number, Default: "3"}
            Ratio: {Type: Number, Default: "0.5"}
        ''', ['Count', 'Ratio']))
        self.assertEqual({'Count': 3, 'Ratio': 0.5}, values)

    def test_number_that_is_not_a_number_is_an_error_at_its_origin(self):
        errors = self.errors(cfn('Count: {Type: Number}', ['Count']), params={'Count': 'many'})
        self.assertEqual(['parameters.Count: Parameter "Count": Value "many" is not a number'],
                         errors)

    def test_not_a_number_is_not_a_number(self):
        errors = self.errors(cfn('Ratio: {Type: Number, Default: .nan}', ['Ratio']))
        self.assertEqual(['Parameters.Ratio.Default: Parameter "Ratio": the default is invalid: '
                          'Value "nan" is not a number'], errors)

    def test_comma_delimited_list_is_split_and_trimmed(self):
        values = self.values(cfn('Names: {Type: CommaDelimitedList}', ['Names']),
                             params={'Names': 'a, b,c'})
        self.assertEqual({'Names': ['a', 'b', 'c']}, values)

    def test_list_of_numbers_converts_each_item(self):
        values = self.values(cfn('Ports: {Type: "List<Number>", Default: "80,443"}', ['Ports']))
        self.assertEqual({'Ports': [80, 443]}, values)

    def test_list_of_numbers_with_a_word_is_an_error(self):
        errors = self.errors(cfn('Ports: {Type: "List<Number>"}', ['Ports']),
                             params={'Ports': '80,http'})
        self.assertEqual(['parameters.Ports: Parameter "Ports": Value "http" is not a number'],
                         errors)

    def test_json_text_is_parsed(self):
        values = self.values(cfn('Tags: {Type: Json}', ['Tags']),
                             params={'Tags': '{"team": "web"}'})
        self.assertEqual({'Tags': {'team': 'web'}}, values)

    def test_invalid_json_is_an_error(self):
        errors = self.errors(cfn('Tags: {Type: Json}', ['Tags']), params={'Tags': '{team'})
        self.assertEqual(1, len(errors))
        self.assertTrue(errors[0].startswith(
            'parameters.Tags: Parameter "Tags": Value must be valid JSON: '), errors[0])

    def test_boolean_accepts_the_usual_spellings(self):
        values = self.values(cfn('''
            A: {Type: Boolean, Default: "yes"}
            B: {Type: Boolean, Default: "off"}
            C: {Type: Boolean, Default: true}
        ''', ['A', 'B', 'C']))
        self.assertEqual({'A': True, 'B': False, 'C': True}, values)

    def test_boolean_that_is_not_a_boolean_is_an_error(self):
        errors = self.errors(cfn('Flag: {Type: Boolean}', ['Flag']), params={'Flag': 'maybe'})
        self.assertEqual(['parameters.Flag: Parameter "Flag": Value "maybe" is not a boolean'],
                         errors)

    def test_string_given_a_number_is_its_text(self):
        values = self.values(cfn('Port: {Type: String}', ['Port']),
                             env=['parameters: {Port: 8080}'])
        self.assertEqual({'Port': '8080'}, values)

    def test_string_given_a_list_is_an_error(self):
        errors = self.errors(cfn('Name: {Type: String}', ['Name']),
                             env=['parameters: {Name: [a, b]}'])
        self.assertEqual(['parameters.Name: Parameter "Name": Value must be a string, not a list'],
                         errors)


class ConstraintTest(ParameterTestCase):

    def test_allowed_values(self):
        errors = self.errors(cfn('Size: {Type: String, AllowedValues: [small, large]}',
                                 ['Size']), params={'Size': 'huge'})
        self.assertEqual(['parameters.Size: Parameter "Size": "huge" is not an allowed value '
                          "['small', 'large']"], errors)

    def test_allowed_pattern_must_match_the_whole_value(self):
        errors = self.errors(cfn('Name: {Type: String, AllowedPattern: "[a-z]+"}', ['Name']),
                             params={'Name': 'abc1'})
        self.assertEqual(['parameters.Name: Parameter "Name": "abc1" does not match pattern '
                          '"[a-z]+"'], errors)

    def test_length_bounds(self):
        errors = self.errors(cfn('Name: {Type: String, MinLength: 2, MaxLength: 4}', ['Name']),
                             params={'Name': 'abcdef'})
        self.assertEqual(['parameters.Name: Parameter "Name": length (6) is out of range '
                          '(min: 2, max: 4)'], errors)

    def test_value_bounds(self):
        errors = self.errors(cfn('Count: {Type: Number, MinValue: 1, MaxValue: 5}', ['Count']),
                             params={'Count': '9'})
        self.assertEqual(['parameters.Count: Parameter "Count": 9 is out of range '
                          '(min: 1, max: 5)'], errors)

    def test_list_of_numbers_bounds_apply_to_each_item(self):
        errors = self.errors(cfn('Ports: {Type: "List<Number>", MaxValue: 1024}', ['Ports']),
                             params={'Ports': '80,8080'})
        self.assertEqual(['parameters.Ports: Parameter "Ports": 8080 is more than the maximum '
                          '1024'], errors)

    def test_constraint_description_replaces_the_message(self):
        errors = self.errors(cfn('''
            Size:
              Type: String
              AllowedValues: [small, large]
              ConstraintDescription: must be small or large.
        ''', ['Size']), params={'Size': 'huge'})
        self.assertEqual(['parameters.Size: Parameter "Size": must be small or large.'], errors)

    def test_min_greater_than_max_is_a_declaration_error(self):
        errors = self.errors(cfn('Count: {Type: Number, MinValue: 5, MaxValue: 1}', ['Count']))
        self.assertEqual(['Parameters.Count.MinValue: MinValue (5) is greater than MaxValue (1)'],
                         errors)

    def test_description_must_be_text(self):
        errors = self.errors(cfn('Name: {Type: String, Description: [a]}', ['Name']))
        self.assertEqual(['Parameters.Name.Description: Description must be a string'], errors)

    def test_every_failed_constraint_is_reported(self):
        errors = self.errors(cfn('Name: {Type: String, MinLength: 5, AllowedPattern: "[a-z]*"}',
                                 ['Name']), params={'Name': 'A'})
        self.assertEqual([
            'parameters.Name: Parameter "Name": length (1) is less than 5',
            'parameters.Name: Parameter "Name": "A" does not match pattern "[a-z]*"',
        ], errors)


class DefaultTest(ParameterTestCase):

    def test_number_default_that_is_not_a_number_is_an_error_at_the_default(self):
        shown = self.shown(cfn('Count: {Type: Number, Default: abc}', ['Count']))
        self.assertEqual(['template.yaml:3:34: Parameters.Count.Default: Parameter "Count": the '
                          'default is invalid: Value "abc" is not a number'], shown)

    def test_default_outside_allowed_values_is_an_error_even_with_a_value(self):
        errors = self.errors(cfn('Size: {Type: String, Default: huge, '
                                 'AllowedValues: [small, large]}', ['Size']),
                             params={'Size': 'small'})
        self.assertEqual(['Parameters.Size.Default: Parameter "Size": the default is invalid: '
                          '"huge" is not an allowed value [\'small\', \'large\']'], errors)

    def test_valid_default_is_the_value(self):
        values = self.values(cfn('Size: {Type: String, Default: small, '
                                 'AllowedValues: [small, large]}', ['Size']))
        self.assertEqual({'Size': 'small'}, values)

    def test_parameter_without_value_or_default_has_no_value(self):
        values = self.values(cfn('Size: {Type: String}', ['Size']))
        self.assertEqual({}, values)

    def test_parameter_without_value_is_an_error_when_values_are_required(self):
        loaded = loader.load(cfn('Size: {Type: String}', ['Size']), 'template.yaml')
        issues = Issues()
        validation.parameter_values(loaded.template, {}, issues, require_values=True)
        self.assertEqual([(('Parameters', 'Size'), 'Parameter "Size" has no value: it has no '
                           'default and none was given')],
                         [(i.path, i.message) for i in issues.errors])


class SourcesTest(ParameterTestCase):

    TEMPLATE = cfn('Size: {Type: String, Default: declared}', ['Size'])

    def test_environment_parameters_replace_the_default(self):
        values = self.values(self.TEMPLATE, env=['parameters: {Size: env}'])
        self.assertEqual({'Size': 'env'}, values)

    def test_command_line_replaces_environment_parameters(self):
        values = self.values(self.TEMPLATE, params={'Size': 'cli'},
                             env=['parameters: {Size: env}', 'parameter_defaults: {Size: pd}'])
        self.assertEqual({'Size': 'cli'}, values)

    def test_environment_parameters_replace_parameter_defaults(self):
        values = self.values(self.TEMPLATE, env=['parameter_defaults: {Size: pd}',
                                                 'parameters: {Size: env}'])
        self.assertEqual({'Size': 'env'}, values)

    def test_parameter_defaults_replace_the_declared_default(self):
        values = self.values(self.TEMPLATE, env=['parameter_defaults: {Size: pd}'])
        self.assertEqual({'Size': 'pd'}, values)

    def test_later_environment_file_wins(self):
        values = self.values(self.TEMPLATE, env=['parameters: {Size: first}',
                                                 'parameters: {Size: second}'])
        self.assertEqual({'Size': 'second'}, values)

    def test_parameter_defaults_for_undeclared_parameters_are_fine(self):
        self.assertValid(self.TEMPLATE, env=['parameter_defaults: {Other: 1}'])

    def test_undeclared_environment_parameter_is_an_error_in_the_environment_file(self):
        shown = self.shown(self.TEMPLATE, env=['''
            parameters:
              Sise: small
        '''])
        self.assertEqual(['env0.yaml:3:9: parameters.Sise: Parameter "Sise" is not defined in '
                          'the template (did you mean "Size"?)'], shown)

    def test_environment_parameter_named_by_a_number_is_an_error_not_a_crash(self):
        errors = self.errors(self.TEMPLATE, env=['parameters: {1: x}'])
        self.assertEqual(['parameters[1]: Parameter "1" is not defined in the template'], errors)

    def test_undeclared_command_line_parameter_is_an_error(self):
        shown = self.shown(self.TEMPLATE, params={'Colour': 'red'})
        self.assertEqual(['<command line>: parameters.Colour: Parameter "Colour" is not defined '
                          'in the template'], shown)

    def test_bad_value_from_an_environment_file_points_into_it(self):
        shown = self.shown(cfn('Count: {Type: Number}', ['Count']), env=['''
            parameter_defaults:
              Count: lots
        '''])
        self.assertEqual(['env0.yaml:3:10: parameter_defaults.Count: Parameter "Count": Value '
                          '"lots" is not a number'], shown)

    def test_command_line_value_error_names_the_command_line_not_the_environment(self):
        shown = self.shown(cfn('Count: {Type: Number}', ['Count']), params={'Count': 'x'},
                           env=['parameters: {Count: 4}'])
        self.assertEqual(['<command line>: parameters.Count: Parameter "Count": Value "x" is not '
                          'a number'], shown)


class AwsTypesTest(ParameterTestCase):

    def test_key_pair_that_exists_is_valid(self):
        self.assertValid(cfn('Key: {Type: "AWS::EC2::KeyPair::KeyName"}', ['Key']),
                         params={'Key': 'heat_key'}, cloud=SimCloud())

    def test_key_pair_that_does_not_exist_is_an_error(self):
        errors = self.errors(cfn('Key: {Type: "AWS::EC2::KeyPair::KeyName"}', ['Key']),
                             params={'Key': 'nokey'}, cloud=SimCloud())
        self.assertEqual(['parameters.Key: Parameter "Key": Error validating value \'nokey\': '
                          'The Key pair (nokey) could not be found.'], errors)

    def test_without_a_cloud_the_lookup_is_skipped(self):
        self.assertValid(cfn('Key: {Type: "AWS::EC2::KeyPair::KeyName"}', ['Key']),
                         params={'Key': 'nokey'})

    def test_image_by_name_or_id(self):
        image_id = catalog.stable_id('image', 'F18-x86_64-cfntools')
        template = cfn('Image: {Type: "AWS::EC2::Image::Id"}', ['Image'])
        self.assertValid(template, params={'Image': 'F18-x86_64-cfntools'}, cloud=SimCloud())
        self.assertValid(template, params={'Image': image_id}, cloud=SimCloud())

    def test_availability_zone_default_is_checked_against_the_cloud(self):
        errors = self.errors(cfn('Zone: {Type: "AWS::EC2::AvailabilityZone::Name", '
                                 'Default: us-east-1a}', ['Zone']), cloud=SimCloud())
        self.assertEqual(['Parameters.Zone.Default: Parameter "Zone": the default is invalid: '
                          "Error validating value 'us-east-1a': The Availability zone "
                          '(us-east-1a) could not be found.'], errors)

    def test_list_type_checks_every_item(self):
        errors = self.errors(cfn('Groups: {Type: "List<AWS::EC2::SecurityGroup::Id>"}',
                                 ['Groups']), params={'Groups': 'default,web'},
                             cloud=SimCloud())
        self.assertEqual(['parameters.Groups: Parameter "Groups": Error validating value \'web\': '
                          'The Security group (web) could not be found.'], errors)

    def test_list_type_value_is_a_list(self):
        values = self.values(cfn('Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}', ['Subnets']),
                             params={'Subnets': 'private-subnet'}, cloud=SimCloud())
        self.assertEqual({'Subnets': ['private-subnet']}, values)

    def test_unknown_type_is_an_error_with_a_suggestion(self):
        errors = self.errors(cfn('Key: {Type: "AWS::EC2::KeyPair::Name"}', ['Key']))
        self.assertEqual(['Parameters.Key.Type: Invalid parameter type "AWS::EC2::KeyPair::Name" '
                          '(did you mean "AWS::EC2::KeyPair::KeyName"?)'], errors)


class NoEchoTest(ParameterTestCase):

    def test_shown_masks_no_echo_values(self):
        self.assertEqual(MASK, Parameter('Password', no_echo=True).shown('s3cret'))
        self.assertEqual('visible', Parameter('Name').shown('visible'))

    def test_errors_do_not_echo_the_value(self):
        errors = self.errors(cfn('Password: {Type: String, NoEcho: true, '
                                 'AllowedPattern: "[a-z]+"}', ['Password']),
                             params={'Password': 'S3cret'})
        self.assertEqual(['parameters.Password: Parameter "Password": "******" does not match '
                          'pattern "[a-z]+"'], errors)

    def test_conversion_errors_do_not_echo_the_value(self):
        errors = self.errors(cfn('Pin: {Type: Number, NoEcho: "true"}', ['Pin']),
                             params={'Pin': 'secret'})
        self.assertEqual(['parameters.Pin: Parameter "Pin": Value "******" is not a number'],
                         errors)


class CustomConstraintDeclarationTest(base.TestCase):

    def test_unknown_custom_constraint_is_reported_at_its_path(self):
        param = Parameter('Flavor', path=('parameters', 'Flavor'), constraints=[
            c.CustomConstraint('nova.flavour', path=('parameters', 'Flavor', 'constraints', 0))])
        self.assertEqual([(('parameters', 'Flavor', 'constraints', 0),
                           'Parameter "Flavor": unknown custom constraint "nova.flavour" '
                           '(did you mean "nova.flavor"?)')], declaration_problems(param))

    def test_unknown_custom_constraint_without_a_path_is_reported_at_the_parameter(self):
        param = Parameter('Net', path=('parameters', 'Net'),
                          constraints=[c.CustomConstraint('nowhere.network')])
        self.assertEqual([('parameters', 'Net')], [p for p, _ in declaration_problems(param)])

    def test_known_custom_constraint_is_no_problem(self):
        param = Parameter('Flavor', constraints=[c.CustomConstraint('nova.flavor')])
        self.assertEqual([], declaration_problems(param))
