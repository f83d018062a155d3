"""The example plugins, found through their entry points by an installed
Heat: validation, results and descriptions."""

import random
import textwrap
import unittest

import testtools
from heat_example_plugins import functions as example_functions
from heat_example_plugins import word as example_word

from heat_core import config, plugins
from heat_core.errors import format_path
from heat_core.resources import describe
from heat_core.template import functions as fn
from heat_core.template import loader
from heat_core.template.scope import StaticScope


def cfn(body):
    """A CloudFormation template with the (indented) sections ``body``."""
    return 'AWSTemplateFormatVersion: "2010-09-09"\n' + textwrap.dedent(body)


def has_hot(version):
    return 'heat_template_version.%s' % version in plugins.template_classes()


class PluginTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        config.load([])
        self.addCleanup(config.CONF.reset)

    def validate(self, text):
        return loader.validate(textwrap.dedent(text), 'template.yaml')

    def issues(self, text, level='error'):
        loaded = self.validate(text)
        found = loaded.issues.errors if level == 'error' else loaded.issues.warnings
        return ['%s: %s' % (format_path(i.path), i.message) for i in found]

    def output(self, text, name):
        """The value of output ``name`` as validation can compute it."""
        loaded = self.validate(text)
        self.assertEqual([], [str(i) for i in loaded.issues.errors])
        tmpl = loaded.template
        values = {n: p.default for n, p in tmpl.parameters.items() if p.has_default}
        return fn.resolve(tmpl.outputs[name].value, StaticScope(tmpl, values))


class EntryPointTest(PluginTestCase):

    def test_functions_are_registered(self):
        classes = plugins.function_classes()
        self.assertIn(example_functions.HotUpper, classes)
        self.assertIn(example_functions.CfnUpper, classes)

    def test_resource_type_is_registered(self):
        self.assertIs(example_word.RandomWord,
                      plugins.resource_classes()['Example::Random::Word'])


class CfnUpperTest(PluginTestCase):

    def test_upper_cases_a_parameter(self):
        self.assertEqual('WEB-01', self.output(cfn('''
            Parameters:
              Name: {Type: String, Default: web-01}
            Resources:
              R: {Type: OS::Heat::None}
            Outputs:
              Loud: {Value: {"Fn::ExampleUpper": {Ref: Name}}}
            '''), 'Loud'))

    def test_argument_must_be_a_string(self):
        self.assertEqual(['Outputs.Loud.Value.Fn::ExampleUpper: Fn::ExampleUpper: the argument '
                          'must be a string, not a list'], self.issues(cfn('''
            Resources:
              R: {Type: OS::Heat::None}
            Outputs:
              Loud: {Value: {"Fn::ExampleUpper": [a, b]}}
            ''')))

    def test_argument_known_only_at_create_time_is_accepted(self):
        self.assertEqual([], self.issues(cfn('''
            Resources:
              W: {Type: Example::Random::Word}
            Outputs:
              Loud: {Value: {"Fn::ExampleUpper": {"Fn::GetAtt": [W, word]}}}
            ''')))


class HotUpperTest(PluginTestCase):

    @unittest.skipUnless(has_hot('2015-04-30'), 'the HOT template format is not installed')
    def test_upper_cases_a_parameter(self):
        self.assertEqual('WEB', self.output('''
            heat_template_version: 2015-04-30
            parameters:
              name: {type: string, default: web}
            resources: {}
            outputs:
              loud: {value: {str_upper: {get_param: name}}}
            ''', 'loud'))

    @unittest.skipUnless(has_hot('2014-10-16'), 'the HOT template format is not installed')
    def test_not_a_function_before_2015_04_30(self):
        loaded = self.validate('''
            heat_template_version: 2014-10-16
            parameters:
              name: {type: string, default: web}
            resources: {}
            outputs:
              loud: {value: {str_upper: {get_param: name}}}
            ''')
        tmpl = loaded.template
        self.assertNotIn('str_upper', tmpl.function_table())

    def test_available_from_2015_04_30(self):
        self.assertEqual(('hot', '2015-04-30'), (example_functions.HotUpper.dialect,
                                                 example_functions.HotUpper.since))


class RandomWordTest(PluginTestCase):

    def test_valid_definition(self):
        self.assertEqual([], self.issues(cfn('''
            Resources:
              W:
                Type: Example::Random::Word
                Properties: {words: [red, green], case: upper, salt: "1"}
            Outputs:
              Word: {Value: {"Fn::GetAtt": [W, word]}}
              Length: {Value: {"Fn::GetAtt": [W, length]}}
            ''')))

    def test_properties_are_checked_against_the_schema(self):
        self.assertEqual([
            'Resources.W.Properties.words[1]: "two words" does not match pattern '
            '"[A-Za-z0-9_-]+"',
            'Resources.W.Properties.case: "shouting" is not an allowed value '
            "['as_is', 'lower', 'upper', 'title']",
            'Resources.W.Properties.colour: Unknown property "colour"',
        ], self.issues(cfn('''
            Resources:
              W:
                Type: Example::Random::Word
                Properties: {words: [one, two words], case: shouting, colour: red}
            ''')))

    def test_words_must_not_be_empty(self):
        self.assertEqual(['Resources.W.Properties.words: length (0) is less than 1'],
                         self.issues(cfn('''
            Resources:
              W: {Type: Example::Random::Word, Properties: {words: []}}
            ''')))

    def test_word_listed_twice_gives_a_warning(self):
        self.assertEqual(['Resources.W.Properties.words[2]: The word "red" is listed more than '
                          'once, so it is more likely to be picked'],
                         self.issues(cfn('''
            Resources:
              W: {Type: Example::Random::Word, Properties: {words: [red, blue, red]}}
            '''), level='warning'))

    def test_unknown_attribute(self):
        self.assertEqual(['Outputs.O.Value.Fn::GetAtt[1]: Resource "W" (Example::Random::Word) '
                          'has no attribute "wrod" (did you mean "word"?)'],
                         self.issues(cfn('''
            Resources:
              W: {Type: Example::Random::Word}
            Outputs:
              O: {Value: {"Fn::GetAtt": [W, wrod]}}
            ''')))

    def test_pick_writes_the_word_in_the_case_asked(self):
        self.assertEqual('Cedar', example_word.pick(['cedar'], 'title', random.Random(1)))
        self.assertIn(example_word.pick(['a', 'b'], 'upper', random.Random(1)), ('A', 'B'))

    def test_described_like_a_heat_type(self):
        schema = describe.resource_schema('Example::Random::Word', example_word.RandomWord)
        self.assertEqual(['words', 'case', 'salt'], list(schema['properties']))
        self.assertEqual({'description': 'How many characters the word has.',
                          'type': 'integer'}, schema['attributes']['length'])
        self.assertEqual('0.1.0', schema['support_status']['version'])
