"""HOT parameter declarations, constraints and parameter groups."""

from heat_core import constraints as c
from heat_core.template import parameters as p
from tests import base


def template(parameters, version='2021-04-16', groups=''):
    return '''
heat_template_version: %s
parameters:
%s
%s
resources: {}
''' % (version, parameters, groups)


class HotParameterTest(base.TestCase):

    def test_types_map_to_canonical_names(self):
        tmpl = self.assertValid(template('''
  s: {type: string}
  n: {type: number}
  l: {type: comma_delimited_list}
  j: {type: json}
  b: {type: boolean}
'''), params={'s': 'x', 'n': 1, 'l': 'a,b', 'j': '{}', 'b': 'true'})
        self.assertEqual({'s': p.STRING, 'n': p.NUMBER, 'l': p.LIST, 'j': p.JSON,
                          'b': p.BOOLEAN},
                         {name: param.type for name, param in tmpl.parameters.items()})

    def test_declaration_fields(self):
        tmpl = self.assertValid(template('''
  password:
    type: string
    label: Password
    description: The database password
    default: secret
    hidden: true
    immutable: true
    tags: [db, secret]
'''))
        param = tmpl.parameters['password']
        self.assertEqual(('Password', 'The database password', 'secret', True, True, True,
                          ['db', 'secret'], ('parameters', 'password')),
                         (param.label, param.description, param.default, param.has_default,
                          param.no_echo, param.immutable, param.tags, param.path))

    def test_invalid_type_suggests_one(self):
        errors = self.errors(template('''
  p: {type: strng, default: x}
'''))
        self.assertEqual(['parameters.p.type: Invalid parameter type "strng" (did you mean '
                          '"string"?); use one of string, number, comma_delimited_list, json, '
                          'boolean'], errors)

    def test_missing_type(self):
        errors = self.errors(template('''
  p: {default: x}
'''))
        self.assertEqual(['parameters.p: Parameter "p" has no type'], errors)

    def test_unknown_key(self):
        errors = self.errors(template('''
  p: {type: string, default: x, hiden: true}
'''))
        self.assertEqual(['parameters.p.hiden: Unknown key "hiden" in parameter "p" (did you '
                          'mean "hidden"?)'], errors)

    def test_tags_need_2018_03_02(self):
        errors = self.errors(template('''
  p: {type: string, default: x, tags: [a]}
''', version='2017-09-01'))
        self.assertEqual(['parameters.p.tags: Unknown key "tags" in parameter "p" '
                          '(available from heat_template_version 2018-03-02)'], errors)

    def test_hidden_must_be_boolean(self):
        errors = self.errors(template('''
  p: {type: string, default: x, hidden: maybe}
'''))
        self.assertEqual(['parameters.p.hidden: hidden must be true or false, not "maybe"'],
                         errors)

    def test_default_is_checked_against_the_type(self):
        errors = self.errors(template('''
  p: {type: number, default: many}
'''))
        self.assertEqual(['parameters.p.default: Parameter "p": the default is invalid: Value '
                          '"many" is not a number'],
                         errors)

    def test_pseudo_parameter_name_is_refused(self):
        errors = self.errors(template('''
  OS::stack_name: {type: string, default: x}
'''))
        self.assertEqual(['parameters.OS::stack_name: Parameter "OS::stack_name" has the name '
                          'of a pseudo parameter'], errors)


class HotConstraintTest(base.TestCase):

    def constraints(self, text, version='2021-04-16'):
        tmpl = self.assertValid(template('''
  p:
    type: number
    default: 4
    constraints:
%s''' % text, version=version))
        return tmpl.parameters['p'].constraints

    def test_each_constraint_kind(self):
        found = self.constraints('''
    - length: {min: 1, max: 5}
    - range: {min: 0, max: 10}
      description: From nought to ten
    - modulo: {step: 2, offset: 0}
    - allowed_values: [2, 4, 6]
    - allowed_pattern: "[0-9]+"
''')
        self.assertEqual([c.Length(1, 5), c.Range(0, 10), c.Modulo(2, 0),
                          c.AllowedValues([2, 4, 6]), c.AllowedPattern('[0-9]+')],
                         [type(k)(**{f: getattr(k, f) for f in k.__dataclass_fields__
                                     if f != 'description'}) for k in found])
        self.assertEqual('From nought to ten', found[1].description)

    def test_constraint_description_replaces_the_message(self):
        errors = self.errors(template('''
  p:
    type: string
    constraints:
      - length: {min: 6}
        description: At least six characters
'''), params={'p': 'abc'})
        self.assertEqual(['parameters.p: Parameter "p": At least six characters'], errors)

    def test_modulo_needs_2017_02_24(self):
        errors = self.errors(template('''
  p:
    type: number
    constraints:
      - modulo: {step: 2, offset: 1}
''', version='2016-10-14'), params={'p': 3})
        self.assertEqual(['parameters.p.constraints[0].modulo: Unknown constraint "modulo" '
                          '(available from heat_template_version 2017-02-24)'], errors)

    def test_modulo_needs_step_and_offset(self):
        errors = self.errors(template('''
  p:
    type: number
    constraints:
      - modulo: {step: 2}
'''), params={'p': 3})
        self.assertEqual(['parameters.p.constraints[0].modulo: The modulo constraint needs both '
                          'step and offset (offset missing)'], errors)

    def test_modulo_value_is_checked(self):
        errors = self.errors(template('''
  p:
    type: number
    constraints:
      - modulo: {step: 2, offset: 1}
'''), params={'p': 4})
        self.assertEqual(['parameters.p: Parameter "p": 4 is not a multiple of 2 with an offset '
                          'of 1'], errors)

    def test_range_without_bounds(self):
        errors = self.errors(template('''
  p:
    type: number
    constraints:
      - range: {}
'''), params={'p': 1})
        self.assertEqual(['parameters.p.constraints[0].range: The range constraint needs a min '
                          'and/or a max'], errors)

    def test_unknown_constraint_suggests_one(self):
        errors = self.errors(template('''
  p:
    type: string
    constraints:
      - allowed_value: [a]
'''), params={'p': 'a'})
        self.assertEqual(['parameters.p.constraints[0].allowed_value: Unknown constraint '
                          '"allowed_value" (did you mean "allowed_values"?)'], errors)

    def test_bad_pattern(self):
        errors = self.errors(template('''
  p:
    type: string
    constraints:
      - allowed_pattern: "[a-"
'''), params={'p': 'a'})
        self.assertEqual(['parameters.p.constraints[0].allowed_pattern: Invalid allowed_pattern: '
                          'unterminated character set at position 0'], errors)

    def test_two_kinds_in_one_constraint(self):
        errors = self.errors(template('''
  p:
    type: number
    constraints:
      - range: {min: 1}
        length: {min: 1}
'''), params={'p': 1})
        self.assertEqual(['parameters.p.constraints[0]: A constraint may have only one of '
                          'length, range, modulo, allowed_values, allowed_pattern, '
                          'custom_constraint; found range, length'], errors)

    def test_allowed_values_checks_the_value(self):
        errors = self.errors(template('''
  flavor:
    type: string
    constraints:
      - allowed_values: [m1.small, m1.large]
'''), params={'flavor': 'm1.huge'})
        self.assertEqual(['parameters.flavor: Parameter "flavor": "m1.huge" is not an allowed '
                          "value ['m1.small', 'm1.large']"], errors)

    def test_custom_constraint(self):
        found = self.constraints('''
    - custom_constraint: nova.flavor
''')
        self.assertEqual(['nova.flavor'], [k.name for k in found])

    def test_unknown_custom_constraint_is_an_error_at_its_name(self):
        errors = self.errors(template('''
  p:
    type: string
    default: x
    constraints:
      - custom_constraint: nova.flavour
'''))
        self.assertEqual(['parameters.p.constraints[0].custom_constraint: Parameter "p": unknown '
                          'custom constraint "nova.flavour" (did you mean "nova.flavor"?)'],
                         errors)


class HotParameterGroupsTest(base.TestCase):

    def test_groups_are_read(self):
        tmpl = self.assertValid(template('''
  a: {type: string, default: x}
  b: {type: string, default: y}
''', groups='''
parameter_groups:
  - label: First
    description: The first group
    parameters: [a, b]
'''))
        self.assertEqual([{'label': 'First', 'description': 'The first group',
                           'parameters': ['a', 'b']}], tmpl.parameter_groups)

    def test_unknown_parameter_in_a_group(self):
        errors = self.errors(template('''
  name: {type: string, default: x}
''', groups='''
parameter_groups:
  - label: First
    parameters: [nmae]
'''))
        self.assertEqual(['parameter_groups[0].parameters[0]: Parameter group "First" refers to '
                          'unknown parameter "nmae" (did you mean "name"?)'], errors)

    def test_parameter_in_two_groups(self):
        errors = self.errors(template('''
  a: {type: string, default: x}
''', groups='''
parameter_groups:
  - label: First
    parameters: [a]
  - label: Second
    parameters: [a]
'''))
        self.assertEqual(['parameter_groups[1].parameters[0]: Parameter "a" is in more than one '
                          'parameter group (also in "First")'], errors)

    def test_group_without_parameters(self):
        errors = self.errors(template('''
  a: {type: string, default: x}
''', groups='''
parameter_groups:
  - label: Empty
'''))
        self.assertEqual(['parameter_groups[0]: Parameter group "Empty" has no parameters'],
                         errors)
