"""Environments: merge order, sections, registry entries and their
problems (reported in the environment file, with line and column)."""

import os
import shutil
import tempfile
import textwrap

from heat_core.errors import Issues
from heat_core.template import loader
from heat_core.template.environment import REMOVED, Environment, default_environment
from heat_core.template.source import Document
from tests import base

TEMPLATE = '''
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      Size: {Type: String, Default: declared}
    Resources:
      A: {Type: OS::Heat::None, Properties: {size: !Ref Size}}
'''


def environment(*texts):
    """``(Environment, Issues)`` of env file texts merged in order."""
    issues = Issues()
    env = Environment()
    for i, text in enumerate(texts):
        env.merge_document(Document.parse(textwrap.dedent(text), 'env%d.yaml' % i, issues),
                           issues)
    return env, issues.locate()


class MergeOrderTest(base.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        self.config(environment_dir=self.dir)

    def write(self, name, text):
        with open(os.path.join(self.dir, name), 'w', encoding='utf-8') as f:
            f.write(textwrap.dedent(text))

    def load(self, env_texts=None):
        return loader.load(textwrap.dedent(TEMPLATE), 'template.yaml', env_texts)

    def test_built_in_environment_maps_quantum_to_neutron(self):
        env = default_environment(Issues(), None)
        mapping = env.registry_mapping('OS::Quantum::Net')
        self.assertEqual('OS::Neutron::Net', mapping.apply('OS::Quantum::Net'))

    def test_global_directory_files_merge_alphabetically(self):
        self.write('20-late.yaml', 'parameter_defaults: {Size: late}\n')
        self.write('10-early.yaml', 'parameter_defaults: {Size: early}\n')
        self.assertEqual('late', self.load().environment.parameter_defaults['Size'])

    def test_files_that_are_not_yaml_or_json_are_ignored(self):
        self.write('notes.txt', 'this: [is not an environment\n')
        self.write('a.yaml', 'parameter_defaults: {Size: a}\n')
        loaded = self.load()
        self.assertEqual(([], 'a'), ([str(i) for i in loaded.issues],
                                     loaded.environment.parameter_defaults['Size']))

    def test_user_files_come_after_the_global_directory(self):
        self.write('a.yaml', 'parameter_defaults: {Size: global}\n')
        loaded = self.load([('parameter_defaults: {Size: user}\n', 'user.yaml')])
        self.assertEqual('user', loaded.environment.parameter_defaults['Size'])

    def test_later_registry_entry_wins(self):
        self.write('a.yaml', 'resource_registry: {"My::Thing": "OS::Heat::None"}\n')
        loaded = self.load([('resource_registry: {"My::Thing": thing.yaml}\n', 'user.yaml')])
        self.assertEqual('thing.yaml', loaded.environment.registry_mapping('My::Thing').target)

    def test_missing_directory_is_ignored(self):
        self.config(environment_dir=os.path.join(self.dir, 'missing'))
        self.assertEqual([], [str(i) for i in self.load().issues])

    def test_unreadable_global_file_is_reported(self):
        with open(os.path.join(self.dir, 'bad.yaml'), 'wb') as f:
            f.write(b'parameters: {Size: \xff}\n')
        issues = Issues()
        default_environment(issues, self.dir)
        self.assertEqual(1, len(issues.errors))
        self.assertIn('Cannot read the global environment file: ', issues.errors[0].message)
        self.assertEqual(os.path.join(self.dir, 'bad.yaml'), issues.errors[0].file)

    def test_problem_in_a_global_file_names_that_file(self):
        self.write('ops.yaml', 'paramters: {}\n')
        shown = [str(i) for i in self.load().issues.errors]
        self.assertEqual(['%s:1:12: paramters: Unknown section "paramters" in environment '
                          '(did you mean "parameters"?)' % os.path.join(self.dir, 'ops.yaml')],
                         shown)


class SectionsTest(base.TestCase):

    def test_parameters_and_parameter_defaults(self):
        env, issues = environment('''
            parameters: {Size: big}
            parameter_defaults: {Other: 1}
        ''')
        self.assertEqual(({'Size': 'big'}, {'Other': 1}, []),
                         (env.parameters, env.parameter_defaults, issues.items))

    def test_unknown_section_has_a_suggestion_and_a_position(self):
        env, issues = environment('''
            parameters: {}
            resource_registery: {}
        ''')
        self.assertEqual(['env0.yaml:3:21: resource_registery: Unknown section '
                          '"resource_registery" in environment (did you mean '
                          '"resource_registry"?)'], [str(i) for i in issues])

    def test_syntax_error_has_file_line_and_column(self):
        env, issues = environment('''
            parameters:
              Size: [big
        ''')
        self.assertEqual(1, len(issues.errors))
        issue = issues.errors[0]
        self.assertEqual(('env0.yaml', 4), (issue.file, issue.line))
        self.assertTrue(issue.message.startswith('YAML syntax error'), issue.message)

    def test_syntax_error_is_reported_by_the_loader(self):
        loaded = loader.load(textwrap.dedent(TEMPLATE), 'template.yaml',
                             [('parameters: {Size: [big}\n', 'bad-env.yaml')])
        self.assertEqual([('bad-env.yaml', 1)], [(i.file, i.line) for i in loaded.issues.errors])

    def test_environment_must_be_a_map(self):
        env, issues = environment('[parameters]\n')
        self.assertEqual(['env0.yaml:1:1: An environment must be a map of sections (parameters, '
                          'parameter_defaults, resource_registry, event_sinks, '
                          'encrypted_param_names, parameter_merge_strategies)'],
                         [str(i) for i in issues])

    def test_empty_environment_is_fine(self):
        env, issues = environment('')
        self.assertEqual([], issues.items)

    def test_parameters_must_be_a_map(self):
        env, issues = environment('parameters: [a, b]\n')
        self.assertEqual(['env0.yaml:1:13: parameters: "parameters" must be a map of parameter '
                          'names to values'], [str(i) for i in issues])

    def test_list_sections_must_be_lists(self):
        env, issues = environment('encrypted_param_names: Password\n')
        self.assertEqual(['env0.yaml:1:24: encrypted_param_names: "encrypted_param_names" must '
                          'be a list'], [str(i) for i in issues])


class RegistryEntriesTest(base.TestCase):

    def test_alias(self):
        env, _ = environment('resource_registry: {"My::Thing": "OS::Heat::None"}\n')
        self.assertEqual('OS::Heat::None', env.registry_mapping('My::Thing').apply('My::Thing'))

    def test_wildcard_alias_keeps_the_rest_of_the_name(self):
        env, _ = environment('resource_registry: {"Old::*": "New::*"}\n')
        self.assertEqual('New::Net::Port', env.registry_mapping('Old::Net::Port').apply(
            'Old::Net::Port'))

    def test_null_removes(self):
        env, _ = environment('resource_registry: {"AWS::IAM::*": null}\n')
        self.assertIs(REMOVED, env.registry_mapping('AWS::IAM::User').target)

    def test_provider_template_is_relative_to_the_environment_file(self):
        issues = Issues()
        env = Environment()
        env.merge_document(Document.parse('resource_registry: {"My::Web": web.yaml}\n',
                                          'envs/prod.yaml', issues), issues)
        mapping = env.registry_mapping('My::Web')
        self.assertEqual((True, 'envs'), (mapping.is_template, env.files_base['web.yaml']))

    def test_exact_entry_beats_an_earlier_or_later_wildcard(self):
        env, _ = environment('resource_registry: {"OS::Thing": "OS::Heat::None"}\n',
                             'resource_registry: {"OS::*": null}\n')
        self.assertEqual('OS::Heat::None', env.registry_mapping('OS::Thing').target)

    def test_per_resource_entry_applies_to_that_resource_only(self):
        env, _ = environment('''
            resource_registry:
              resources:
                web: {"OS::Heat::None": "My::Web"}
        ''')
        self.assertEqual(('My::Web', None), (
            env.registry_mapping('OS::Heat::None', 'web').target,
            env.registry_mapping('OS::Heat::None', 'db')))

    def test_hooks(self):
        env, issues = environment('''
            resource_registry:
              resources:
                "db_*": {hooks: [pre-create, pre-update]}
                web: {hooks: pre-delete}
        ''')
        self.assertEqual(([], ['pre-create', 'pre-update'], ['pre-delete'], []), (
            issues.items, env.hooks_for('db_main'), env.hooks_for('web'), env.hooks_for('app')))

    def test_unknown_hook_has_a_suggestion(self):
        env, issues = environment('''
            resource_registry:
              resources:
                web: {hooks: pre-craete}
        ''')
        self.assertEqual(['env0.yaml:4:18: resource_registry.resources.web.hooks: Unknown hook '
                          '"pre-craete" (did you mean "pre-create"?); hooks are pre-create, '
                          'pre-update, pre-delete, post-create, post-update, post-delete'],
                         [str(i) for i in issues])

    def test_wildcard_in_the_middle_is_an_error(self):
        env, issues = environment('resource_registry: {"OS::*::Net": null}\n')
        self.assertEqual(['env0.yaml:1:35: resource_registry.OS::*::Net: A wildcard is only '
                          'allowed at the end of "OS::*::Net"'], [str(i) for i in issues])

    def test_wildcard_target_needs_a_wildcard_name(self):
        env, issues = environment('resource_registry: {"My::Net": "OS::Neutron::*"}\n')
        self.assertEqual(['resource_registry.My::Net: The target "OS::Neutron::*" ends with a '
                          'wildcard but "My::Net" does not'],
                         ['%s: %s' % ('.'.join(i.path), i.message) for i in issues])

    def test_target_must_be_a_name_a_file_or_null(self):
        env, issues = environment('resource_registry: {"My::Net": [a]}\n')
        self.assertEqual(['A resource_registry entry must map to a type name, a template file '
                          'or null'], [i.message for i in issues])

    def test_registry_must_be_a_map(self):
        env, issues = environment('resource_registry: [a]\n')
        self.assertEqual(['"resource_registry" must be a map'], [i.message for i in issues])


class EnvironmentInValidationTest(base.TestCase):

    def test_environment_problems_are_reported_with_the_template_ones(self):
        loaded = self.validate(TEMPLATE, env=['parameter_default: {Size: x}\n'])
        self.assertEqual(['env0.yaml:1:20: parameter_default: Unknown section "parameter_default" '
                          'in environment (did you mean "parameter_defaults"?)'],
                         [str(i) for i in loaded.issues.errors])
