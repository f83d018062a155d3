"""HOT parameters through the shared checks: values, hidden, immutable,
custom constraints and the validate summary (skipped until the HOT format
is installed)."""

import textwrap

from heat_core import plugins
from heat_core.template import loader
from heat_core.template.summary import validate_summary
from heat_plugins.cloud_sim.cloud import SimCloud
from tests import base

HOT = any(name.startswith('heat_template_version.') for name in plugins.template_classes())

TEMPLATE = '''
    heat_template_version: 2018-08-31
    parameters:
      flavor:
        type: string
        label: Flavor
        default: m1.small
        constraints:
          - custom_constraint: nova.flavor
            description: must be a flavor of this cloud.
      password:
        type: string
        hidden: true
        immutable: true
        default: s3cret
        constraints:
          - length: {min: 4}
      count:
        type: number
        default: 4
        constraints:
          - modulo: {step: 2, offset: 0}
      zones:
        type: comma_delimited_list
        default: nova
      tags:
        type: json
        default: {}
      debug:
        type: boolean
        default: false
    resources:
      a:
        type: OS::Heat::None
        properties:
          values: [{get_param: flavor}, {get_param: password}, {get_param: count},
                   {get_param: zones}, {get_param: tags}, {get_param: debug}]
'''


class HotParameterValuesTest(base.TestCase):

    def setUp(self):
        super().setUp()
        if not HOT:
            self.skipTest('the HOT template format is not installed')

    def test_valid_with_the_cloud(self):
        self.assertValid(TEMPLATE, cloud=SimCloud())

    def test_custom_constraint_checks_the_value_against_the_cloud(self):
        errors = self.errors(TEMPLATE, params={'flavor': 'm1.huge'}, cloud=SimCloud())
        self.assertEqual(['parameters.flavor: Parameter "flavor": must be a flavor of this '
                          'cloud.'], errors)

    def test_hidden_value_is_not_echoed(self):
        errors = self.errors(TEMPLATE, params={'password': 'abc'})
        self.assertEqual(['parameters.password: Parameter "password": length (3) is less than '
                          '4'], errors)
        self.assertNotIn('abc', errors[0])

    def test_modulo(self):
        errors = self.errors(TEMPLATE, params={'count': '5'})
        self.assertEqual(['parameters.count: Parameter "count": 5 is not a multiple of 2 with an '
                          'offset of 0'], errors)

    def test_default_must_fit_the_type_at_the_default_key(self):
        errors = self.errors('''
            heat_template_version: 2018-08-31
            parameters:
              count: {type: number, default: many}
            resources:
              a: {type: OS::Heat::None, properties: {c: {get_param: count}}}
        ''')
        self.assertEqual(['parameters.count.default: Parameter "count": the default is invalid: '
                          'Value "many" is not a number'], errors)

    def test_json_from_an_environment_map(self):
        loaded = self.validate(TEMPLATE, env=['parameters: {tags: {team: web}}'])
        self.assertEqual([], [str(i) for i in loaded.issues.errors])

    def test_immutable_is_recorded(self):
        tmpl = loader.load(textwrap.dedent(TEMPLATE), 't.yaml').template
        self.assertEqual((True, False), (tmpl.parameters['password'].immutable,
                                         tmpl.parameters['flavor'].immutable))

    def test_unknown_custom_constraint_is_an_error(self):
        loaded = self.validate('''
            heat_template_version: 2018-08-31
            parameters:
              flavor:
                type: string
                constraints: [{custom_constraint: nova.flavour}]
            resources:
              a: {type: OS::Heat::None, properties: {f: {get_param: flavor}}}
        ''')
        errors = [i for i in loaded.issues.errors if 'nova.flavour' in i.message]
        self.assertEqual(1, len(errors))
        self.assertEqual(('parameters', 'flavor'), errors[0].path[:2])
        self.assertIn('(did you mean "nova.flavor"?)', errors[0].message)

    def test_validate_summary_uses_heats_type_names(self):
        tmpl = loader.load(textwrap.dedent(TEMPLATE), 't.yaml').template
        params = validate_summary(tmpl)['Parameters']
        self.assertEqual({
            'flavor': {'Type': 'String', 'Description': '', 'NoEcho': 'false', 'Label': 'Flavor',
                       'Default': 'm1.small', 'CustomConstraint': 'nova.flavor',
                       'ConstraintDescription': 'must be a flavor of this cloud.'},
            'password': {'Type': 'String', 'Description': '', 'NoEcho': 'true',
                         'Label': 'password', 'Default': '******', 'MinLength': 4},
            'count': {'Type': 'Number', 'Description': '', 'NoEcho': 'false', 'Label': 'count',
                      'Default': 4, 'Step': 2, 'Offset': 0},
            'zones': {'Type': 'CommaDelimitedList', 'Description': '', 'NoEcho': 'false',
                      'Label': 'zones', 'Default': 'nova'},
            'tags': {'Type': 'Json', 'Description': '', 'NoEcho': 'false', 'Label': 'tags',
                     'Default': {}},
            'debug': {'Type': 'Boolean', 'Description': '', 'NoEcho': 'false', 'Label': 'debug',
                      'Default': False},
        }, params)
