"""Resource type resolution: plugins, environment aliases, wildcards,
provider templates, removals, per-resource entries and operator policy."""

import textwrap

from heat_core.errors import Issues
from heat_core.resources import registry as reg
from heat_core.resources.resource import Resource, SupportStatus
from heat_core.template.environment import Environment, default_environment
from heat_core.template.source import Document
from tests import base


class Server(Resource):
    """A server."""


class Volume(Resource):
    """A volume."""


class Legacy(Resource):
    """Still works for old stacks; never listed."""
    support_status = SupportStatus.HIDDEN


PLUGINS = {'OS::Nova::Server': Server, 'OS::Cinder::Volume': Volume,
           'OS::Nova::Legacy': Legacy, 'AWS::EC2::Instance': Server}


def registry(*env_texts, enabled=None, disabled=None, plugins=None):
    """A TypeRegistry over environment texts; ``plugins`` replaces the
    installed types (so suggestions are predictable)."""
    issues = Issues()
    env = Environment()
    for i, text in enumerate(env_texts):
        env.merge_document(Document.parse(textwrap.dedent(text), 'env%d.yaml' % i, issues),
                           issues)
    assert not issues, [str(i) for i in issues]
    r = reg.TypeRegistry(env, enabled=enabled, disabled=disabled)
    if plugins is not None:
        r._plugins = dict(plugins)
    return r


class ResolveTest(base.TestCase):

    def test_plugin(self):
        res = registry(plugins=PLUGINS).resolve('OS::Nova::Server')
        self.assertEqual((reg.PLUGIN, 'OS::Nova::Server', Server), (res.kind, res.name, res.cls))
        self.assertTrue(res.ok)

    def test_alias_resolves_to_the_target_plugin(self):
        res = registry('resource_registry: {"My::Nothing": "OS::Heat::None"}').resolve(
            'My::Nothing')
        self.assertEqual((reg.PLUGIN, 'My::Nothing', 'OS::Heat::None'),
                         (res.kind, res.requested, res.name))

    def test_alias_of_an_alias(self):
        res = registry('resource_registry: {"A::B": "C::D", "C::D": "OS::Heat::None"}').resolve(
            'A::B')
        self.assertEqual((reg.PLUGIN, 'OS::Heat::None'), (res.kind, res.name))

    def test_wildcard_alias(self):
        res = registry('resource_registry: {"My::*": "OS::Heat::*"}').resolve('My::None')
        self.assertEqual((reg.PLUGIN, 'OS::Heat::None'), (res.kind, res.name))

    def test_built_in_quantum_names_become_neutron_names(self):
        r = reg.TypeRegistry(default_environment(Issues(), None))
        r._plugins = dict(PLUGINS, **{'OS::Neutron::Net': Volume})
        res = r.resolve('OS::Quantum::Net')
        self.assertEqual((reg.PLUGIN, 'OS::Neutron::Net'), (res.kind, res.name))

    def test_unknown_target_of_an_alias_names_both(self):
        res = registry('resource_registry: {"Old::Net": "New::Net"}').resolve('Old::Net')
        self.assertEqual((reg.UNKNOWN, 'Unknown resource type "New::Net" (the environment maps '
                          '"Old::Net" to it)'), (res.kind, res.message))

    def test_provider_template(self):
        res = registry('resource_registry: {"My::Web": web.yaml}').resolve('My::Web')
        self.assertEqual((reg.TEMPLATE, 'web.yaml'), (res.kind, res.template))

    def test_template_file_used_directly_as_a_type(self):
        res = registry().resolve('nested/db.yaml')
        self.assertEqual((reg.TEMPLATE, 'nested/db.yaml', None),
                         (res.kind, res.template, res.mapping))

    def test_null_removes_a_type(self):
        res = registry('resource_registry: {"OS::Heat::None": null}').resolve('OS::Heat::None')
        self.assertEqual((reg.REMOVED_KIND, 'Resource type "OS::Heat::None" was removed by the '
                          'environment (env0.yaml maps "OS::Heat::None" to null)'),
                         (res.kind, res.message))
        self.assertFalse(res.ok)

    def test_null_wildcard_removes_a_family(self):
        res = registry('resource_registry: {"OS::Heat::*": null}').resolve('OS::Heat::Value')
        self.assertEqual('Resource type "OS::Heat::Value" was removed by the environment '
                         '(env0.yaml maps "OS::Heat::*" to null)', res.message)

    def test_later_entry_restores_a_removed_type(self):
        r = registry('resource_registry: {"OS::Heat::None": null}',
                     'resource_registry: {"OS::Heat::None": "OS::Heat::None"}')
        self.assertEqual(reg.PLUGIN, r.resolve('OS::Heat::None').kind)

    def test_per_resource_entry_applies_to_that_resource_only(self):
        r = registry('''
            resource_registry:
              resources:
                web: {"OS::Heat::None": "OS::Heat::Value"}
        ''')
        self.assertEqual(('OS::Heat::Value', 'OS::Heat::None'), (
            r.resolve('OS::Heat::None', 'web').name, r.resolve('OS::Heat::None', 'db').name))

    def test_alias_loop_is_reported(self):
        res = registry('resource_registry: {"A::B": "C::D", "C::D": "A::B"}').resolve('A::B')
        self.assertEqual((reg.UNKNOWN, 'Resource type "A::B" is mapped in a loop by the '
                          'environment: A::B → C::D → A::B'), (res.kind, res.message))


class OperatorPolicyTest(base.TestCase):

    def test_disabled_type(self):
        res = registry(disabled=['OS::Heat::Val*']).resolve('OS::Heat::Value')
        self.assertEqual((reg.DISABLED, 'Resource type "OS::Heat::Value" is disabled by the '
                          'operator'), (res.kind, res.message))

    def test_type_outside_enabled_types_is_disabled(self):
        res = registry(enabled=['AWS::*']).resolve('OS::Heat::None')
        self.assertEqual(reg.DISABLED, res.kind)

    def test_alias_to_a_disabled_type_is_disabled(self):
        r = registry('resource_registry: {"My::Value": "OS::Heat::Value"}',
                     disabled=['OS::Heat::Value'])
        self.assertEqual(('OS::Heat::Value', reg.DISABLED),
                         (r.resolve('My::Value').name, r.resolve('My::Value').kind))

    def test_policy_comes_from_configuration(self):
        self.config('resources', disabled_types=['OS::Heat::Value'])
        self.assertEqual(reg.DISABLED, reg.TypeRegistry(Environment()).resolve(
            'OS::Heat::Value').kind)


class AvailableAndSuggestionsTest(base.TestCase):

    def test_available_leaves_out_disabled_removed_and_hidden_types(self):
        r = registry('resource_registry: {"OS::Cinder::Volume": null}',
                     disabled=['AWS::*'], plugins=PLUGINS)
        self.assertEqual(['OS::Nova::Server'], r.available())

    def test_available_with_hidden(self):
        r = registry(plugins=PLUGINS)
        self.assertEqual(['AWS::EC2::Instance', 'OS::Cinder::Volume', 'OS::Nova::Legacy',
                          'OS::Nova::Server'], r.available(include_hidden=True))

    def test_suggestion_names_an_available_type(self):
        res = registry(plugins=PLUGINS).resolve('OS::Nova::Sever')
        self.assertEqual('Unknown resource type "OS::Nova::Sever" (did you mean '
                         '"OS::Nova::Server"?)', res.message)

    def test_no_suggestion_of_a_disabled_type(self):
        res = registry(disabled=['OS::Nova::Server'], plugins=PLUGINS).resolve('OS::Nova::Sever')
        self.assertEqual('Unknown resource type "OS::Nova::Sever"', res.message)

    def test_no_suggestion_of_a_removed_type(self):
        res = registry('resource_registry: {"OS::Nova::Server": null}',
                       plugins=PLUGINS).resolve('OS::Nova::Sever')
        self.assertEqual('Unknown resource type "OS::Nova::Sever"', res.message)

    def test_no_suggestion_of_a_hidden_type(self):
        res = registry(plugins=PLUGINS).resolve('OS::Nova::Legasy')
        self.assertNotIn('Legacy', res.message)

    def test_environment_aliases_are_suggested(self):
        res = registry('resource_registry: {"My::Server": "OS::Nova::Server"}',
                       plugins=PLUGINS).resolve('My::Sever')
        self.assertEqual('Unknown resource type "My::Sever" (did you mean "My::Server"?)',
                         res.message)

    def test_alias_to_a_missing_type_is_not_suggested(self):
        res = registry('resource_registry: {"My::Server": "Gone::Server"}',
                       plugins=PLUGINS).resolve('My::Sever')
        self.assertEqual('Unknown resource type "My::Sever"', res.message)


class RegistryInValidationTest(base.TestCase):

    TEMPLATE = '''
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          A: {Type: OS::Heat::None}
    '''

    def test_removed_type_is_an_error_at_the_type(self):
        shown = [str(i) for i in self.validate(self.TEMPLATE, env=[
            'resource_registry: {"OS::Heat::None": null}']).issues.errors]
        self.assertEqual(['template.yaml:4:13: Resources.A.Type: Resource type "OS::Heat::None" '
                          'was removed by the environment (env0.yaml maps "OS::Heat::None" to '
                          'null)'], shown)

    def test_disabled_type_is_an_error_at_the_type(self):
        self.config('resources', disabled_types=['OS::Heat::*'])
        self.assertEqual(['Resources.A.Type: Resource type "OS::Heat::None" is disabled by the '
                          'operator'], self.errors(self.TEMPLATE))

    def test_alias_in_the_environment_makes_a_template_valid(self):
        self.assertValid('''
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              A: {Type: "My::Nothing"}
        ''', env=['resource_registry: {"My::Nothing": "OS::Heat::None"}'])
