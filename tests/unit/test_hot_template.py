"""HOT templates: versions, sections, resources, outputs and the functions
each version has."""

import testtools

from heat_core.template import loader
from heat_plugins.hot import template as hot
from heat_plugins.hot import versions as v
from tests import base

ALL_VERSIONS = [version for version, _ in v.VERSIONS]


def minimal(version):
    return '''
        heat_template_version: %s
        description: A minimal template
        resources:
          server:
            type: OS::Heat::None
        ''' % version


class HotVersionsTest(base.TestCase):

    def test_every_version_validates_a_minimal_template(self):
        for version in ALL_VERSIONS:
            tmpl = self.assertValid(minimal(version))
            self.assertEqual(version, tmpl.version)
            self.assertEqual(['server'], list(tmpl.resources))

    def test_release_names_are_aliases_of_their_dates(self):
        for version, alias in v.VERSIONS:
            if alias:
                tmpl = self.assertValid(minimal(alias))
                self.assertEqual(version, tmpl.version)

    def test_templates_are_registered_under_the_version_key(self):
        names = {cls.version_name() for cls in
                 loader.template_versions().values() if cls.dialect == 'hot'}
        self.assertEqual({'heat_template_version.%s' % ver for ver in ALL_VERSIONS}, names)

    def test_unknown_version_lists_the_known_ones(self):
        errors = self.errors('''
            heat_template_version: 2016-10-15
            resources: {}
        ''')
        self.assertEqual(1, len(errors))
        self.assertTrue(errors[0].startswith(
            'heat_template_version: Unknown heat_template_version "2016-10-15" '
            '(did you mean "2016-10-14"?); known versions: 2013-05-23, 2014-10-16'), errors[0])

    def test_pseudo_parameters(self):
        self.assertEqual(('OS::stack_name', 'OS::stack_id', 'OS::project_id', 'OS::region'),
                         hot.HotTemplate.pseudo_parameters)

    def test_section_spellings_for_messages(self):
        tmpl = self.assertValid(minimal('2013-05-23'))
        self.assertEqual(('resources', 'conditions', 'outputs', 'parameters', 'default'),
                         (tmpl.resources_key, tmpl.conditions_key, tmpl.outputs_key,
                          tmpl.parameters_key, tmpl.default_key))


class HotFunctionSetsTest(testtools.TestCase):
    """The functions of each version, as in Heat's HOT specification."""

    BASE = ['get_attr', 'get_file', 'get_param', 'get_resource', 'list_join',
            'resource_facade', 'str_replace']
    NEWTON = BASE + ['digest', 'if', 'map_merge', 'map_replace', 'repeat', 'str_split',
                     'yaql', 'and', 'equals', 'not', 'or']
    OCATA = NEWTON + ['filter', 'str_replace_strict']
    PIKE = OCATA + ['contains', 'list_concat', 'list_concat_unique', 'make_url',
                    'str_replace_vstrict']

    EXPECTED = {
        '2013-05-23': BASE + ['Fn::Base64', 'Fn::GetAZs', 'Fn::Join', 'Fn::MemberListToMap',
                              'Fn::Replace', 'Fn::ResourceFacade', 'Fn::Select', 'Fn::Split',
                              'Ref'],
        '2014-10-16': BASE + ['Fn::Select'],
        '2015-04-30': BASE + ['Fn::Select', 'digest', 'repeat'],
        '2015-10-15': BASE + ['digest', 'repeat', 'str_split'],
        '2016-04-08': BASE + ['digest', 'map_merge', 'repeat', 'str_split'],
        '2016-10-14': NEWTON,
        '2017-02-24': OCATA,
        '2017-09-01': PIKE,
        '2018-03-02': PIKE,
        '2018-08-31': PIKE,
        '2021-04-16': PIKE,
    }

    def functions(self, version):
        """The built-in functions of ``version`` (installed plugin packages
        may add their own)."""
        cls = loader.template_versions()[('heat_template_version', version)]
        return {name: fcls for name, fcls in cls.all_functions().items()
                if fcls.__module__.startswith('heat_plugins.hot.')}

    def test_each_version_has_exactly_its_functions(self):
        for version, names in self.EXPECTED.items():
            self.assertEqual(sorted(names), sorted(self.functions(version)), version)

    def test_repeat_arrives_in_2015_04_30(self):
        self.assertNotIn('repeat', self.functions('2014-10-16'))
        self.assertIn('repeat', self.functions('2015-04-30'))

    def test_if_arrives_in_2016_10_14(self):
        self.assertNotIn('if', self.functions('2016-04-08'))
        self.assertIn('if', self.functions('2016-10-14'))

    def test_two_argument_if_only_in_wallaby(self):
        for version in ('2016-10-14', '2018-08-31'):
            self.assertEqual((3,), self.functions(version)['if'].lengths)
        self.assertEqual((2, 3), self.functions('2021-04-16')['if'].lengths)

    def test_yaql_and_contains_are_condition_functions_from_pike(self):
        self.assertFalse(self.functions('2017-02-24')['yaql'].condition_function)
        self.assertTrue(self.functions('2017-09-01')['yaql'].condition_function)
        self.assertTrue(self.functions('2017-09-01')['contains'].condition_function)

    def test_condition_functions_are_not_value_functions(self):
        fns = self.functions('2016-10-14')
        self.assertEqual(['and', 'equals', 'get_param', 'not', 'or'],
                         sorted(n for n, c in fns.items() if c.condition_function))
        self.assertEqual(['and', 'equals', 'not', 'or'],
                         sorted(n for n, c in fns.items() if not c.value_function))

    def test_every_function_has_a_one_line_description(self):
        for version in ALL_VERSIONS:
            for name, cls in self.functions(version).items():
                self.assertTrue(cls.description, name)
                self.assertNotIn('\n', cls.description, name)


class HotSectionsTest(base.TestCase):

    def test_unknown_section_suggests_the_right_one(self):
        errors = self.errors('''
            heat_template_version: 2015-10-15
            resource:
              a: {type: OS::Heat::None}
        ''')
        self.assertEqual(['resource: Unknown section "resource" (did you mean "resources"?)'],
                         errors)

    def test_conditions_section_is_refused_in_2015_10_15(self):
        errors = self.errors('''
            heat_template_version: 2015-10-15
            conditions:
              prod: true
            resources:
              a: {type: OS::Heat::None}
        ''')
        self.assertEqual(['conditions: Unknown section "conditions" (available from '
                          'heat_template_version 2016-10-14)'], errors)

    def test_conditions_section_from_2016_10_14(self):
        tmpl = self.assertValid('''
            heat_template_version: 2016-10-14
            parameters:
              env: {type: string, default: prod}
            conditions:
              prod: {equals: [{get_param: env}, prod]}
            resources:
              a: {type: OS::Heat::None, condition: prod}
        ''')
        self.assertEqual({'prod': True}, tmpl.condition_values)

    def test_description_must_be_a_string(self):
        errors = self.errors('''
            heat_template_version: 2013-05-23
            description: [not, text]
            resources: {}
        ''')
        self.assertEqual(['description: description must be a string'], errors)

    def test_errors_have_line_and_column(self):
        loaded = self.validate('''
            heat_template_version: 2016-10-14
            resources:
              a:
                type: OS::Heat::None
                properties:
                  x: {get_resource: missing}
        ''', name='t.yaml')
        self.assertEqual(['t.yaml:7:25: resources.a.properties.x.get_resource: get_resource: '
                          'unknown resource "missing"'],
                         [str(i) for i in loaded.issues.errors])


class HotResourcesTest(base.TestCase):

    def test_resource_definition_fields(self):
        tmpl = self.assertValid('''
            heat_template_version: 2016-10-14
            conditions:
              always: true
            resources:
              a:
                type: OS::Heat::None
                description: the first
                properties: {size: 1}
                metadata: {role: db}
                depends_on: b
                deletion_policy: retain
                update_policy: {max_batch_size: 1}
                external_id: abc-123
                condition: always
              b:
                type: OS::Heat::None
        ''')
        a = tmpl.resources['a']
        self.assertEqual(('OS::Heat::None', 'the first', {'size': 1}, {'role': 'db'}, ['b'],
                          'Retain', {'max_batch_size': 1}, 'abc-123', 'always'),
                         (a.type, a.description, a.properties, a.metadata, a.depends_on,
                          a.deletion_policy, a.update_policy, a.external_id, a.condition))

    def test_key_path_uses_hot_spelling(self):
        tmpl = self.assertValid(minimal('2013-05-23'))
        self.assertEqual(('resources', 'server', 'properties'),
                         tmpl.resources['server'].key_path('properties'))

    def test_depends_on_list(self):
        tmpl = self.assertValid('''
            heat_template_version: 2014-10-16
            resources:
              a: {type: OS::Heat::None, depends_on: [b, c]}
              b: {type: OS::Heat::None}
              c: {type: OS::Heat::None}
        ''')
        self.assertEqual(['b', 'c'], tmpl.resources['a'].depends_on)

    def test_unknown_resource_key_suggests_the_right_one(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            resources:
              a:
                type: OS::Heat::None
                propertis: {}
        ''')
        self.assertEqual(['resources.a.propertis: Unknown key "propertis" in resource "a" '
                          '(did you mean "properties"?)'], errors)

    def test_condition_key_needs_2016_10_14(self):
        errors = self.errors('''
            heat_template_version: 2016-04-08
            resources:
              a: {type: OS::Heat::None, condition: true}
        ''')
        self.assertEqual(['resources.a.condition: Unknown key "condition" in resource "a" '
                          '(available from heat_template_version 2016-10-14)'], errors)

    def test_lower_case_deletion_policy_needs_2016_10_14(self):
        errors = self.errors('''
            heat_template_version: 2016-04-08
            resources:
              a: {type: OS::Heat::None, deletion_policy: snapshot}
        ''')
        self.assertEqual(['resources.a.deletion_policy: Invalid deletion_policy "snapshot": '
                          'use one of Delete, Retain, Snapshot (lower case is accepted from '
                          'heat_template_version 2016-10-14)'], errors)

    def test_invalid_deletion_policy(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            resources:
              a: {type: OS::Heat::None, deletion_policy: Keep}
        ''')
        self.assertEqual(['resources.a.deletion_policy: Invalid deletion_policy "Keep": use one '
                          'of Delete, Retain, Snapshot, delete, retain, snapshot'], errors)

    def test_missing_type(self):
        errors = self.errors('''
            heat_template_version: 2013-05-23
            resources:
              a: {properties: {}}
        ''')
        self.assertEqual(['resources.a: Resource "a" has no type'], errors)

    def test_properties_must_be_a_map(self):
        errors = self.errors('''
            heat_template_version: 2013-05-23
            resources:
              a: {type: OS::Heat::None, properties: [1, 2]}
        ''')
        self.assertEqual(['resources.a.properties: properties must be a map'], errors)

    def test_depends_on_unknown_resource(self):
        errors = self.errors('''
            heat_template_version: 2013-05-23
            resources:
              a: {type: OS::Heat::None, depends_on: [bb]}
              b: {type: OS::Heat::None}
        ''')
        self.assertEqual(['resources.a.depends_on: Resource "a" depends on unknown resource '
                          '"bb" (did you mean "b"?)'], errors)

    def test_inline_condition_on_a_resource(self):
        tmpl = self.assertValid('''
            heat_template_version: 2016-10-14
            parameters:
              env: {type: string, default: test}
            resources:
              a:
                type: OS::Heat::None
                condition: {equals: [{get_param: env}, prod]}
        ''')
        self.assertEqual('equals', tmpl.resources['a'].condition.fn_name)

    def test_resource_references_make_dependencies(self):
        tmpl = self.assertValid('''
            heat_template_version: 2015-10-15
            resources:
              a:
                type: OS::Heat::None
                properties:
                  x: {get_resource: b}
                  y: {get_attr: [c, name]}
              b: {type: OS::Heat::None}
              c: {type: OS::Heat::None}
        ''')
        from heat_core.template import dependencies as deps
        self.assertEqual({'a': {'b', 'c'}, 'b': set(), 'c': set()}, deps.graph(tmpl))


class HotOutputsTest(base.TestCase):

    def test_output_fields(self):
        tmpl = self.assertValid('''
            heat_template_version: 2016-10-14
            conditions:
              show: false
            resources:
              a: {type: OS::Heat::None}
            outputs:
              ref:
                description: The reference
                value: {get_resource: a}
                condition: show
        ''')
        out = tmpl.outputs['ref']
        self.assertEqual(('The reference', 'get_resource', 'show',
                          ('outputs', 'ref', 'value')),
                         (out.description, out.value.fn_name, out.condition,
                          out.key_path('value')))

    def test_output_without_value(self):
        errors = self.errors('''
            heat_template_version: 2013-05-23
            resources: {}
            outputs:
              o: {description: nothing}
        ''')
        self.assertEqual(['outputs.o: Output "o" has no value'], errors)

    def test_export_is_not_hot(self):
        errors = self.errors('''
            heat_template_version: 2021-04-16
            resources: {}
            outputs:
              o: {value: 1, export: name}
        ''')
        self.assertEqual(['outputs.o.export: Unknown key "export" in output "o"'], errors)

    def test_output_condition_needs_2016_10_14(self):
        errors = self.errors('''
            heat_template_version: 2015-10-15
            resources: {}
            outputs:
              o: {value: 1, condition: true}
        ''')
        self.assertEqual(['outputs.o.condition: Unknown key "condition" in output "o" '
                          '(available from heat_template_version 2016-10-14)'], errors)

    def test_output_condition_must_exist(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            resources: {}
            outputs:
              o: {value: 1, condition: nowhere}
        ''')
        self.assertEqual(['outputs.o.condition: Unknown condition "nowhere"'], errors)


class HotFunctionVersionsTest(base.TestCase):

    def test_function_of_a_later_version_is_data_with_a_warning(self):
        loaded = self.validate('''
            heat_template_version: 2013-05-23
            resources:
              a:
                type: OS::Heat::None
                properties:
                  x: {repeat: {for_each: {'%p%': [1]}, template: '%p%'}}
        ''')
        self.assertEqual([], loaded.issues.errors)
        self.assertEqual(['repeat is a function only from heat_template_version 2015-04-30; in '
                          '2013-05-23 this map is plain data'],
                         [i.message for i in loaded.issues.warnings])
        self.assertEqual(('resources', 'a', 'properties', 'x', 'repeat'),
                         loaded.issues.warnings[0].path)
        self.assertEqual({'x': {'repeat': {'for_each': {'%p%': [1]}, 'template': '%p%'}}},
                         loaded.template.resources['a'].properties)

    def test_removed_function_is_an_error_naming_its_replacement(self):
        errors = self.errors('''
            heat_template_version: 2014-10-16
            parameters:
              p: {type: string, default: x}
            resources:
              a:
                type: OS::Heat::None
                properties:
                  x: {Ref: p}
        ''')
        self.assertEqual(['resources.a.properties.x.Ref: The function Ref is not supported in '
                          'heat_template_version 2014-10-16 (it was removed after 2013-05-23); '
                          'use get_param or get_resource instead'], errors)

    def test_fn_select_removed_in_2015_10_15(self):
        errors = self.errors('''
            heat_template_version: 2015-10-15
            resources: {}
            outputs:
              o: {value: {'Fn::Select': [0, [a]]}}
        ''')
        self.assertEqual(['outputs.o.value.Fn::Select: The function Fn::Select is not '
                          'supported in heat_template_version 2015-10-15 (it was removed after '
                          '2015-04-30); use get_param or get_attr instead'], errors)

    def test_cfn_functions_in_2013_05_23(self):
        self.assertValid('''
            heat_template_version: 2013-05-23
            parameters:
              p: {type: string, default: x}
            resources:
              a: {type: OS::Heat::None}
            outputs:
              o:
                value:
                  Fn::Join: [',', [{Ref: p}, {Ref: a}, {'Fn::Select': [0, [y]]}]]
        ''')

    def test_condition_function_outside_conditions(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            resources: {}
            outputs:
              o: {value: {equals: [1, 1]}}
        ''')
        self.assertEqual(['outputs.o.value: equals is only allowed in a condition'], errors)

    def test_resource_function_in_conditions(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            conditions:
              c: {equals: [{get_resource: a}, x]}
            resources:
              a: {type: OS::Heat::None}
        ''')
        self.assertEqual(['conditions.c.equals[0]: get_resource is not allowed in a condition'],
                         errors)
