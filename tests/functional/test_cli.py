"""The installed ``heat`` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

import yaml

from heat_core.resources.registry import TypeRegistry
from heat_core.template import loader
from heat_core.template.environment import default_environment
from tests import base

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def heat_executable() -> str:
    here = os.path.join(os.path.dirname(sys.executable), 'heat')
    return here if os.path.exists(here) else shutil.which('heat')


VALID = '''\
AWSTemplateFormatVersion: "2010-09-09"
Description: A valid template
Parameters:
  Name:
    Type: String
    Default: web
    Description: The name
  Secret:
    Type: String
    NoEcho: true
    Default: not-a-secret
Resources:
  Thing:
    Type: OS::Heat::None
    Properties:
      name: {Ref: Name}
      secret: {Ref: Secret}
Outputs:
  ThingId:
    Value: {Ref: Thing}
'''

UNKNOWN_TYPE = '''\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Thing:
    Type: OS::Heat::Nope
'''

INVALID = '''\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Thing:
    Type: OS::Heat::Nope
  Other:
    Type: OS::Heat::None
    Properties:
      peer: {Ref: Missing}
'''

NUMBER = '''\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Size: {Type: Number}
Resources:
  Thing:
    Type: OS::Heat::None
    Properties: {size: {Ref: Size}}
'''


class CliTestCase(base.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, name: str, text: str) -> str:
        path = os.path.join(self.dir, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(textwrap.dedent(text))
        return path

    def heat(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([heat_executable(), *args], cwd=self.dir, capture_output=True,
                              text=True, timeout=60)


class TestValidate(CliTestCase):

    def summary(self, text, name):
        try:
            from heat_core.template.summary import validate_summary
        except ImportError:
            self.skipTest('waits for heat_core.template.summary')
        return validate_summary(loader.validate(text, name).template, {})

    def test_valid_template_exits_zero_with_nothing_on_stderr(self):
        self.write('valid.yaml', VALID)
        result = self.heat('template', 'validate', '-t', 'valid.yaml')
        self.assertEqual(('', 0), (result.stderr, result.returncode))

    def test_valid_template_prints_the_summary_as_yaml(self):
        self.write('valid.yaml', VALID)
        summary = self.summary(VALID, 'valid.yaml')
        result = self.heat('template', 'validate', '-t', 'valid.yaml')
        expected = ''.join(yaml.safe_dump({k: v}, default_flow_style=False)
                           for k, v in summary.items())
        self.assertEqual(expected, result.stdout)

    def test_valid_template_prints_the_summary_as_json(self):
        self.write('valid.yaml', VALID)
        summary = self.summary(VALID, 'valid.yaml')
        result = self.heat('template', 'validate', '-t', 'valid.yaml', '-f', 'json')
        self.assertEqual((summary, 0), (json.loads(result.stdout), result.returncode))

    def test_an_error_is_one_compiler_style_line_on_stderr_with_exit_status_1(self):
        self.write('unknown.yaml', UNKNOWN_TYPE)
        result = self.heat('template', 'validate', '-t', 'unknown.yaml')
        self.assertEqual(
            ('', 'unknown.yaml:4:11: Resources.Thing.Type: Unknown resource type '
                 '"OS::Heat::Nope" (did you mean "OS::Heat::None"?)\n', 1),
            (result.stdout, result.stderr, result.returncode))

    def test_every_error_is_reported_in_document_order(self):
        self.write('invalid.yaml', INVALID)
        errors = loader.validate(INVALID, 'invalid.yaml').issues.errors
        result = self.heat('template', 'validate', '-t', 'invalid.yaml')
        self.assertEqual(2, len(errors))
        self.assertEqual((''.join('%s\n' % e for e in errors), 1),
                         (result.stderr, result.returncode))

    def test_errors_with_json_format_are_a_json_list_on_stdout(self):
        self.write('unknown.yaml', UNKNOWN_TYPE)
        result = self.heat('template', 'validate', '-t', 'unknown.yaml', '-f', 'json')
        expected = [
            {'file': 'unknown.yaml', 'line': 4, 'column': 11, 'path': 'Resources.Thing.Type',
             'message': 'Unknown resource type "OS::Heat::Nope" (did you mean '
                        '"OS::Heat::None"?)'},
        ]
        self.assertEqual((expected, '', 1),
                         (json.loads(result.stdout), result.stderr, result.returncode))

    def test_warnings_go_to_stderr_and_validation_succeeds(self):
        self.write('unused.yaml', '''\
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Unused: {Type: String, Default: x}
            Resources:
              Thing: {Type: OS::Heat::None}
            ''')
        result = self.heat('template', 'validate', '-t', 'unused.yaml', '-f', 'json')
        self.assertEqual(
            ('unused.yaml:3:11: Parameters.Unused: warning: Parameter "Unused" is not used\n', 0),
            (result.stderr, result.returncode))

    def test_parameters_from_the_command_line_are_checked(self):
        self.write('number.yaml', NUMBER)
        errors = loader.validate(NUMBER, 'number.yaml', params={'Size': 'big'}).issues.errors
        result = self.heat('template', 'validate', '-t', 'number.yaml',
                           '--parameter', 'Size=big')
        self.assertEqual(1, len(errors))
        self.assertEqual(('%s\n' % errors[0], 1), (result.stderr, result.returncode))

    def test_missing_template_file_is_one_line_without_traceback(self):
        result = self.heat('template', 'validate', '-t', 'nowhere.yaml')
        self.assertEqual(
            ('', 'Could not read template file nowhere.yaml: No such file or directory\n', 1),
            (result.stdout, result.stderr, result.returncode))

    def test_missing_environment_file_is_one_line(self):
        self.write('valid.yaml', VALID)
        result = self.heat('template', 'validate', '-t', 'valid.yaml', '-e', 'nowhere.yaml')
        self.assertEqual(
            ('Could not read environment file nowhere.yaml: No such file or directory\n', 1),
            (result.stderr, result.returncode))

    def test_malformed_parameter_is_one_line(self):
        self.write('valid.yaml', VALID)
        result = self.heat('template', 'validate', '-t', 'valid.yaml', '--parameter', 'Name')
        self.assertEqual(
            ('Malformed parameter(Name). Use the key=value format.\n', 1),
            (result.stderr, result.returncode))

    def test_debug_shows_the_traceback(self):
        result = self.heat('--debug', 'template', 'validate', '-t', 'nowhere.yaml')
        self.assertIn('Traceback (most recent call last)', result.stderr)
        self.assertNotEqual(0, result.returncode)


class TestFiles(CliTestCase):
    """Files the template and environments name are read relative to them."""

    def setUp(self):
        super().setUp()
        os.makedirs(os.path.join(self.dir, 'tmpl', 'env'))
        os.makedirs(os.path.join(self.dir, 'tmpl', 'nested'))
        self.write('tmpl/main.yaml', '''\
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Web:
                Type: My::Web
                Properties: {Name: web}
              Direct:
                Type: nested/inner.yaml
            Outputs:
              Url:
                Value: {"Fn::GetAtt": [Web, Url]}
            ''')
        self.write('tmpl/env/env.yaml', '''\
            resource_registry:
              "My::Web": ../nested/web.yaml
            ''')
        self.write('tmpl/nested/web.yaml', '''\
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Name: {Type: String}
            Resources:
              Thing:
                Type: OS::Heat::None
                Properties: {name: {Ref: Name}}
            Outputs:
              Url:
                Value: {Ref: Thing}
            ''')

    def test_provider_templates_from_the_template_and_the_environment(self):
        self.write('tmpl/nested/inner.yaml', UNKNOWN_TYPE.replace('Nope', 'None'))
        result = self.heat('template', 'validate', '-t', 'tmpl/main.yaml',
                           '-e', 'tmpl/env/env.yaml')
        self.assertEqual(('', 0), (result.stderr, result.returncode))

    def test_an_error_in_a_provider_template_names_that_file(self):
        self.write('tmpl/nested/inner.yaml', UNKNOWN_TYPE)
        result = self.heat('template', 'validate', '-t', 'tmpl/main.yaml',
                           '-e', 'tmpl/env/env.yaml')
        self.assertEqual(
            ('tmpl/nested/inner.yaml:4:11: Resources.Thing.Type: Unknown resource type '
             '"OS::Heat::Nope" (did you mean "OS::Heat::None"?)\n', 1),
            (result.stderr, result.returncode))

    def test_get_file_reads_the_file_next_to_the_template(self):
        self.write('tmpl/boot.sh', 'echo hello\n')
        self.write('tmpl/hot.yaml', '''\
            heat_template_version: 2016-10-14
            resources:
              script:
                type: OS::Heat::Value
                properties:
                  value: {get_file: boot.sh}
            outputs:
              script:
                value: {get_attr: [script, value]}
            ''')
        result = self.heat('template', 'validate', '-t', 'tmpl/hot.yaml')
        self.assertEqual(('', 0), (result.stderr, result.returncode))


class TestExamples(CliTestCase):

    def test_the_readme_example_validates(self):
        example = os.path.join(ROOT, 'examples', 'validate_demo.yaml')
        result = self.heat('template', 'validate', '-t', example)
        self.assertEqual(('', 0), (result.stderr, result.returncode))


class TestTemplateVersions(CliTestCase):

    def test_version_list_shows_version_type_and_aliases(self):
        result = self.heat('template', 'version', 'list', '-f', 'json')
        rows = json.loads(result.stdout)
        self.assertIn({'Version': 'AWSTemplateFormatVersion.2010-09-09', 'Type': 'cfn',
                       'Aliases': ''}, rows)
        self.assertIn({'Version': 'HeatTemplateFormatVersion.2012-12-12', 'Type': 'cfn',
                       'Aliases': ''}, rows)

    def test_function_list_shows_the_functions_of_a_version(self):
        result = self.heat('template', 'function', 'list',
                           'AWSTemplateFormatVersion.2010-09-09', '-f', 'json')
        rows = json.loads(result.stdout)
        self.assertIn({'Functions': 'Ref', 'Description':
                       'A reference to a parameter, pseudo parameter or resource.'}, rows)

    def test_function_list_takes_a_version_without_its_prefix(self):
        by_alias = self.heat('template', 'function', 'list', 'wallaby', '-f', 'json')
        by_date = self.heat('template', 'function', 'list', '2021-04-16', '-f', 'json')
        full = self.heat('template', 'function', 'list', 'heat_template_version.2021-04-16',
                         '-f', 'json')
        self.assertEqual((0, full.stdout, full.stdout),
                         (by_alias.returncode, by_alias.stdout, by_date.stdout))
        self.assertIn('list_concat_unique', full.stdout)

    def test_function_list_of_an_unknown_version_is_an_error(self):
        result = self.heat('template', 'function', 'list', 'heat_template_version.1999-01-01')
        self.assertEqual(
            ('Template version not found: heat_template_version.1999-01-01 '
             '(see heat template version list)\n', 1),
            (result.stderr, result.returncode))


class TestResourceTypes(CliTestCase):

    def test_list_shows_exactly_the_live_types(self):
        result = self.heat('resource', 'type', 'list', '-f', 'json')
        live = TypeRegistry(default_environment()).available()
        self.assertEqual([{'Resource Type': name} for name in live], json.loads(result.stdout))

    def test_list_leaves_out_types_the_operator_disabled(self):
        self.write('heat.conf', '''\
            [resources]
            disabled_types = OS::Heat::None
            ''')
        result = self.heat('--config-file', 'heat.conf', 'resource', 'type', 'list',
                           '-f', 'value')
        self.assertNotIn('OS::Heat::None', result.stdout.split())
        self.assertEqual(0, result.returncode)

    def test_list_filters_by_name(self):
        result = self.heat('resource', 'type', 'list', '--filter', 'name=OS::Heat::No',
                           '-f', 'value')
        self.assertEqual('OS::Heat::None\n', result.stdout)

    def test_show_of_an_unknown_type_is_an_error(self):
        result = self.heat('resource', 'type', 'show', 'OS::Heat::Nope')
        self.assertEqual(('Resource type not found: OS::Heat::Nope\n', 1),
                         (result.stderr, result.returncode))

    def test_show_prints_the_resource_schema(self):
        try:
            from heat_core.resources.describe import resource_schema
        except ImportError:
            self.skipTest('waits for heat_core.resources.describe')
        from heat_core import plugins
        cls = plugins.resource_classes()['OS::Heat::None']
        expected = resource_schema('OS::Heat::None', cls, with_description=False)
        result = self.heat('resource', 'type', 'show', 'OS::Heat::None', '-f', 'json')
        self.assertEqual((expected, 0), (json.loads(result.stdout), result.returncode))

    def test_show_long_adds_the_description(self):
        from heat_core import plugins
        from heat_core.resources.describe import resource_schema
        cls = plugins.resource_classes()['OS::Heat::None']
        expected = resource_schema('OS::Heat::None', cls, with_description=True)
        result = self.heat('resource', 'type', 'show', 'OS::Heat::None', '--long', '-f', 'json')
        self.assertEqual((expected, 0), (json.loads(result.stdout), result.returncode))
        self.assertIn('description', expected)

    def test_show_long_with_template_type_is_an_error(self):
        result = self.heat('resource', 'type', 'show', 'OS::Heat::None', '--long',
                           '--template-type', 'hot')
        self.assertEqual(('Cannot use --template-type and --long in one time.\n', 1),
                         (result.stderr, result.returncode))

    def test_show_with_template_type_prints_the_generated_template(self):
        try:
            from heat_core.resources.describe import generate_template
        except ImportError:
            self.skipTest('waits for heat_core.resources.describe')
        from heat_core import plugins
        cls = plugins.resource_classes()['OS::Heat::Value']
        for template_type in ('cfn', 'hot'):
            expected = generate_template('OS::Heat::Value', cls, template_type)
            result = self.heat('resource', 'type', 'show', 'OS::Heat::Value',
                               '--template-type', template_type, '-f', 'json')
            self.assertEqual((expected, 0), (json.loads(result.stdout), result.returncode))

    def test_show_with_an_unknown_template_type_is_an_error(self):
        result = self.heat('resource', 'type', 'show', 'OS::Heat::Value',
                           '--template-type', 'xml')
        self.assertEqual(('Template type invalid: xml\n', 1),
                         (result.stderr, result.returncode))

    def test_list_filters_by_support_status(self):
        supported = self.heat('resource', 'type', 'list', '--filter',
                              'support_status=SUPPORTED', '-f', 'value').stdout.split()
        deprecated = self.heat('resource', 'type', 'list', '--filter',
                               'support_status=DEPRECATED', '-f', 'value').stdout.split()
        self.assertEqual((True, False), ('OS::Heat::Value' in supported,
                                         'OS::Heat::Value' in deprecated))


class TestHelp(CliTestCase):

    def test_help_lists_every_command_with_its_one_line_description(self):
        result = self.heat('--help')
        commands = result.stdout.split('\nCommands:\n', 1)[1]
        expected = [
            'complete', 'help', 'resource type list', 'resource type show',
            'stack abandon', 'stack adopt', 'stack cancel', 'stack check',
            'stack create', 'stack delete', 'stack environment show',
            'stack event list', 'stack event show', 'stack export',
            'stack failures list', 'stack graph', 'stack hook clear', 'stack hook poll',
            'stack list', 'stack output list',
            'stack output show', 'stack resource list',
            'stack resource mark unhealthy', 'stack resource metadata',
            'stack resource show', 'stack resource signal', 'stack resume',
            'stack show', 'stack suspend', 'stack template show', 'stack update',
            'template function list', 'template validate', 'template version list',
        ]
        lines = [line.strip() for line in commands.splitlines() if line.strip()]
        # longest names first so "stack resource mark unhealthy" wins over a prefix
        by_length = sorted(expected, key=len, reverse=True)
        seen = []
        for line in lines:
            name = next((n for n in by_length if line == n or line.startswith(n + ' ')), None)
            self.assertIsNotNone(name, 'unexpected help line %r' % line)
            self.assertNotEqual('', line[len(name):].strip(),
                                'no description for %r' % name)
            seen.append(name)
        self.assertEqual(expected, seen)
