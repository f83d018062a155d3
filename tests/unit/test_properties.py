"""Property values checked against schemas: types, Heat's coercions,
constraints, nested schemas, function calls and speed."""

import textwrap
import time

from heat_core import constraints as c
from heat_core.errors import format_path
from heat_core.resources import registry as reg
from heat_core.resources import schema as sch
from heat_core.resources.schema import (
    ANY,
    BOOLEAN,
    INTEGER,
    LIST,
    MAP,
    NUMBER,
    STRING,
    Schema,
    SupportStatus,
)
from heat_core.template import loader, validation
from heat_core.template.scope import StaticScope
from tests import base

SCHEMAS = {
    'name': Schema(STRING, 'A name.', required=True),
    'size': Schema(INTEGER, 'A size.', default=1, constraints=[c.Range(1, 512)]),
    'ratio': Schema(NUMBER, 'A ratio.'),
    'enabled': Schema(BOOLEAN, 'A switch.'),
    'tags': Schema(MAP, 'Free-form tags.'),
    'names': Schema(LIST, 'Names.', schema=Schema(STRING, constraints=[c.Length(min=2)])),
    'anything': Schema(ANY, 'Anything.'),
    'limits': Schema(MAP, 'Limits.', schema={
        'cpu': Schema(INTEGER, 'CPUs.', required=True),
        'memory': Schema(NUMBER, 'Memory.'),
    }),
    'rules': Schema(LIST, 'Rules.', constraints=[c.Length(max=2)], schema=Schema(MAP, schema={
        'port': Schema(INTEGER, 'Port.', required=True, constraints=[c.Range(1, 65535)]),
        'protocol': Schema(STRING, 'Protocol.', default='tcp',
                           constraints=[c.AllowedValues(['tcp', 'udp'])]),
    })),
    'old': Schema(STRING, 'Old.', support_status=SupportStatus(
        SupportStatus.DEPRECATED, version='2014.2', message='Use property name.')),
    'future': Schema(STRING, 'Not there yet.', implemented=False),
}


class PropertyCheckTest(base.TestCase):
    """Runs validate_properties on the properties of resource "R" of a CFN
    template (an OS::Heat::None, whose own validation ignores them)."""

    def check(self, props, parameters='{}', schemas=SCHEMAS, with_warnings=False):
        text = textwrap.dedent('''\
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters: %s
            Resources:
              Other: {Type: OS::Heat::TestResource}
              R:
                Type: OS::Heat::None
                Properties:
            ''') % parameters
        text += textwrap.indent(textwrap.dedent(props), ' ' * 6)
        tmpl = loader.load(text, 't.yaml').template
        self.assertEqual([], [str(i) for i in tmpl.issues.errors])
        values = validation.parameter_values(tmpl, {}, tmpl.issues)
        registry = reg.TypeRegistry(tmpl.env)
        ctx = validation.ValidationContext(tmpl, registry, StaticScope(tmpl, values))
        for name, defn in tmpl.resources.items():
            ctx.types[name] = registry.resolve(defn.type, name)
        defn = tmpl.resources['R']
        sch.validate_properties(schemas, defn.properties, defn.key_path('properties'), ctx)
        issues = ctx.issues.items if with_warnings else ctx.issues.errors
        return ['%s%s: %s' % ('' if i.level == 'error' else 'warning: ', format_path(i.path),
                              i.message) for i in issues]

    def test_valid_values_give_no_issue(self):
        self.assertEqual([], self.check('''
            name: web
            size: "12"
            ratio: 0.5
            enabled: "True"
            tags: {a: b}
            names: [ab, cd]
            anything: [1, {x: y}]
            limits: {cpu: 2, memory: 1.5}
            rules: [{port: 80}, {port: "53", protocol: udp}]
        '''))

    def test_unknown_property_suggests_the_closest_name(self):
        self.assertEqual(['Resources.R.Properties.nmae: Unknown property "nmae" '
                          '(did you mean "name"?)'],
                         self.check('name: a\nnmae: b\n'))

    def test_missing_required_property_is_reported_on_the_properties(self):
        self.assertEqual(['Resources.R.Properties: Property "name" is required'],
                         self.check('size: 2\n'))

    def test_required_property_with_a_default_may_be_left_out(self):
        schemas = {'x': Schema(STRING, required=True, default='d')}
        self.assertEqual([], self.check('{}\n', schemas=schemas))

    def test_properties_must_be_a_map(self):
        self.assertEqual(['Resources.R.Properties: Properties must be a map, not a list'],
                         self.check('[1, 2]\n'))

    def test_string_accepts_integers_and_booleans(self):
        self.assertEqual([], self.check('name: 12\n'))
        self.assertEqual([], self.check('name: true\n'))

    def test_string_refuses_a_float_a_map_and_a_list(self):
        self.assertEqual(['Resources.R.Properties.name: Value must be a string, not a number'],
                         self.check('name: 1.5\n'))
        self.assertEqual(['Resources.R.Properties.name: Value must be a string, not a map'],
                         self.check('name: {a: b}\n'))
        self.assertEqual(['Resources.R.Properties.name: Value must be a string, not a list'],
                         self.check('name: [a]\n'))

    def test_integer_accepts_integral_strings_and_floats(self):
        self.assertEqual([], self.check('name: a\nsize: "7"\n'))
        self.assertEqual([], self.check('name: a\nsize: 7.0\n'))

    def test_integer_refuses_fractions_words_and_booleans(self):
        self.assertEqual(['Resources.R.Properties.size: Value "1.5" is not an integer'],
                         self.check('name: a\nsize: "1.5"\n'))
        self.assertEqual(['Resources.R.Properties.size: Value "big" is not an integer'],
                         self.check('name: a\nsize: big\n'))
        self.assertEqual(['Resources.R.Properties.size: Value must be an integer, not a '
                          'boolean'], self.check('name: a\nsize: true\n'))

    def test_number_accepts_numeric_strings(self):
        self.assertEqual([], self.check('name: a\nratio: "2.5e3"\n'))

    def test_number_refuses_words(self):
        self.assertEqual(['Resources.R.Properties.ratio: Value "half" is not a number'],
                         self.check('name: a\nratio: half\n'))

    def test_boolean_accepts_true_and_false_in_any_case(self):
        self.assertEqual([], self.check('name: a\nenabled: "FALSE"\n'))

    def test_boolean_refuses_other_words_and_numbers(self):
        self.assertEqual(['Resources.R.Properties.enabled: Value "yes please" is not a '
                          'boolean'], self.check('name: a\nenabled: yes please\n'))
        self.assertEqual(['Resources.R.Properties.enabled: Value "1" is not a boolean'],
                         self.check('name: a\nenabled: 1\n'))

    def test_map_refuses_a_list(self):
        self.assertEqual(['Resources.R.Properties.tags: Value must be a map, not a list'],
                         self.check('name: a\ntags: [a]\n'))

    def test_list_refuses_a_comma_delimited_string(self):
        self.assertEqual(['Resources.R.Properties.names: Value must be a list, not a string'],
                         self.check('name: a\nnames: "ab,cd"\n'))

    def test_constraint_is_checked_on_the_converted_value(self):
        self.assertEqual(['Resources.R.Properties.size: 600 is out of range (min: 1, max: 512)'],
                         self.check('name: a\nsize: "600"\n'))

    def test_constraint_description_replaces_the_message(self):
        schemas = {'x': Schema(INTEGER, constraints=[c.Range(0, 9, description='One digit.')])}
        self.assertEqual(['Resources.R.Properties.x: One digit.'],
                         self.check('x: 10\n', schemas=schemas))

    def test_map_members_are_checked_at_their_path(self):
        self.assertEqual([
            'Resources.R.Properties.limits.memroy: Unknown property "memroy" (did you mean '
            '"memory"?)',
            'Resources.R.Properties.limits: Property "cpu" is required',
        ], self.check('name: a\nlimits: {memroy: 2}\n'))

    def test_list_items_are_checked_at_their_index(self):
        self.assertEqual(['Resources.R.Properties.names[1]: length (1) is less than 2'],
                         self.check('name: a\nnames: [ab, c]\n'))

    def test_list_of_maps_checks_each_map(self):
        self.assertEqual([
            'Resources.R.Properties.rules[0].protocol: "icmp" is not an allowed value '
            "['tcp', 'udp']",
            'Resources.R.Properties.rules[1]: Property "port" is required',
        ], self.check('name: a\nrules: [{port: 1, protocol: icmp}, {protocol: udp}]\n'))

    def test_list_constraint_applies_to_the_whole_list(self):
        self.assertEqual(['Resources.R.Properties.rules: length (3) is more than 2'],
                         self.check('name: a\nrules: [{port: 1}, {port: 2}, {port: 3}]\n'))

    def test_value_of_a_parameter_is_checked(self):
        self.assertEqual(['Resources.R.Properties.size: Value "big" is not an integer'],
                         self.check('name: a\nsize: {Ref: Size}\n',
                                    parameters='{Size: {Type: String, Default: big}}'))

    def test_value_unknown_before_the_stack_exists_is_not_checked(self):
        self.assertEqual([], self.check('name: a\nsize: {"Fn::GetAtt": [Other, output]}\n'))

    def test_parameter_without_value_is_not_checked(self):
        self.assertEqual([], self.check('name: a\nsize: {Ref: Size}\n',
                                        parameters='{Size: {Type: String}}'))

    def test_arguments_of_unresolved_calls_are_validated(self):
        self.assertEqual(['Resources.R.Properties.size.Fn::GetAtt[0]: Fn::GetAtt: unknown '
                          'resource "Othre" (did you mean "Other"?)'],
                         self.check('name: a\nsize: {"Fn::GetAtt": [Othre, output]}\n'))

    def test_a_bad_call_nested_in_a_map_is_reported_once(self):
        self.assertEqual(['Resources.R.Properties.limits.cpu.Ref: Ref: unknown parameter or '
                          'resource "Nope"'],
                         self.check('name: a\nlimits: {cpu: {Ref: Nope}}\n'))

    def test_a_bad_call_in_a_list_item_is_reported_once(self):
        self.assertEqual(['Resources.R.Properties.rules[0].port.Ref: Ref: unknown parameter or '
                          'resource "Nope"'],
                         self.check('name: a\nrules: [{port: {Ref: Nope}}]\n'))

    def test_a_bad_call_in_an_unknown_property_is_reported(self):
        self.assertEqual([
            'Resources.R.Properties.extra: Unknown property "extra"',
            'Resources.R.Properties.extra.Ref: Ref: unknown parameter or resource "Nope"',
        ], self.check('name: a\nextra: {Ref: Nope}\n'))

    def test_no_value_drops_the_property(self):
        self.assertEqual([], self.check('name: a\nsize: {Ref: "AWS::NoValue"}\n'))

    def test_deprecated_property_gives_a_warning_with_the_advice(self):
        self.assertEqual(['warning: Resources.R.Properties.old: Property "old" is deprecated: '
                          'Use property name.'],
                         self.check('name: a\nold: x\n', with_warnings=True))

    def test_unimplemented_property_is_an_error(self):
        self.assertEqual(['Resources.R.Properties.future: Property "future" is not implemented '
                          'yet'], self.check('name: a\nfuture: x\n'))

    def test_null_value_counts_as_not_set(self):
        self.assertEqual([], self.check('name: a\nsize:\n'))


class SchemaDefinitionTest(base.TestCase):

    def test_unknown_type_is_refused(self):
        self.assertRaises(ValueError, Schema, 'text')

    def test_member_schema_only_for_maps_and_lists(self):
        self.assertRaises(ValueError, Schema, STRING, schema={'a': Schema(STRING)})

    def test_update_allowed_and_immutable_exclude_each_other(self):
        self.assertRaises(ValueError, Schema, STRING, update_allowed=True, immutable=True)

    def test_coerce_gives_the_typed_value(self):
        self.assertEqual((5, None), sch.coerce(Schema(INTEGER), '5'))
        self.assertEqual((2.5, None), sch.coerce(Schema(NUMBER), '2.5'))
        self.assertEqual((True, None), sch.coerce(Schema(BOOLEAN), 'true'))
        self.assertEqual(('3', None), sch.coerce(Schema(STRING), 3))

    def test_coerce_gives_the_problem(self):
        self.assertEqual(('x', 'Value "x" is not a number'), sch.coerce(Schema(NUMBER), 'x'))

    def test_support_status_compares_equal_to_its_status(self):
        self.assertEqual(SupportStatus.HIDDEN, SupportStatus(SupportStatus.HIDDEN))
        self.assertNotEqual(SupportStatus.HIDDEN, SupportStatus())


class PropertySpeedTest(base.TestCase):

    def test_properties_of_1000_resources_are_checked_in_well_under_20_ms(self):
        lines = ['AWSTemplateFormatVersion: "2010-09-09"',
                 'Parameters: {P: {Type: String, Default: abc}}', 'Resources:']
        for i in range(1000):
            lines.append('  R%d: {Type: OS::Heat::TestResource, Properties: {value: {Ref: P}, '
                         'wait_secs: 1, fail: false, client_name: c%d, '
                         'action_wait_secs: {create: 2}}}' % (i, i))
        tmpl = loader.load('\n'.join(lines), 't.yaml').template
        values = validation.parameter_values(tmpl, {}, tmpl.issues)
        registry = reg.TypeRegistry(tmpl.env)
        ctx = validation.ValidationContext(tmpl, registry, StaticScope(tmpl, values))
        work = []
        for name, defn in tmpl.resources.items():
            cls = registry.resolve(defn.type, name).cls
            work.append((cls.properties_schema, defn.properties, defn.key_path('properties')))
        best = None
        for _ in range(5):
            start = time.perf_counter()
            for schemas, props, path in work:
                sch.validate_properties(schemas, props, path, ctx)
            took = time.perf_counter() - start
            best = took if best is None else min(best, took)
        self.assertEqual([], ctx.issues.items)
        self.assertLess(best, 0.010, 'properties of 1000 resources took %.1f ms' % (best * 1e3))
