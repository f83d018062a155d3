"""HOT functions on lists and maps, yaql, and conditions: results (the
examples of Heat's HOT specification) and validation errors."""

from heat_plugins.hot import functions_yaql
from heat_plugins.hot.functions_base import FunctionError
from tests import base
from tests.unit.test_hot_fixtures import resolve


class RepeatTest(base.TestCase):

    def test_one_list(self):
        self.assertEqual([
            {'protocol': 'tcp', 'port_range_min': '80', 'port_range_max': '80'},
            {'protocol': 'tcp', 'port_range_min': '443', 'port_range_max': '443'},
        ], resolve('''
            repeat:
              for_each:
                <%port%>: {get_param: ports}
              template:
                protocol: tcp
                port_range_min: <%port%>
                port_range_max: <%port%>
        ''', {'ports': ['80', '443']}, version='2015-04-30'))

    def test_several_lists_are_nested_loops(self):
        self.assertEqual([
            {'protocol': 'tcp', 'port_range_min': '80'},
            {'protocol': 'udp', 'port_range_min': '80'},
            {'protocol': 'tcp', 'port_range_min': '443'},
            {'protocol': 'udp', 'port_range_min': '443'},
        ], resolve('''
            repeat:
              for_each:
                <%port%>: {get_param: ports}
                <%protocol%>: {get_param: protocols}
              template:
                protocol: <%protocol%>
                port_range_min: <%port%>
        ''', {'ports': ['80', '443'], 'protocols': ['tcp', 'udp']}))

    def test_map_keys_from_2016_10_14(self):
        self.assertEqual(['a-x', 'b-x'], resolve('''
            repeat: {for_each: {'%k%': {a: 1, b: 2}}, template: '%k%-x'}
        ''', version='2016-10-14'))

    def test_maps_are_refused_before_2016_10_14(self):
        error = self.assertRaises(FunctionError, resolve, '''
            repeat: {for_each: {'%k%': {a: 1}}, template: '%k%'}
        ''', version='2016-04-08')
        self.assertEqual('repeat: the for_each values must be lists; "%k%" is {\'a\': 1}',
                         str(error))

    def test_without_permutations_lists_go_side_by_side(self):
        self.assertEqual([{'subnet': 'sub1', 'network': 'net1'},
                          {'subnet': 'sub2', 'network': 'net2'}], resolve('''
            repeat:
              for_each:
                <%sub%>: [sub1, sub2]
                <%net%>: [net1, net2]
              template:
                subnet: <%sub%>
                network: <%net%>
              permutations: false
        ''', version='2017-09-01'))

    def test_without_permutations_lengths_must_match(self):
        errors = self.errors('''
            heat_template_version: 2017-09-01
            resources: {}
            outputs:
              o:
                value:
                  repeat:
                    for_each: {'%a%': [1, 2], '%b%': [1]}
                    template: '%a%%b%'
                    permutations: false
        ''')
        self.assertEqual(['outputs.o.value.repeat.for_each: repeat: without permutations the '
                          'for_each lists must have the same length'], errors)

    def test_permutations_before_pike_is_ignored_with_a_warning(self):
        loaded = self.validate('''
            heat_template_version: 2016-10-14
            resources: {}
            outputs:
              o:
                value:
                  repeat: {for_each: {'%a%': [1]}, template: '%a%', permutations: false}
        ''')
        self.assertEqual([], loaded.issues.errors)
        self.assertEqual(['repeat: unknown argument "permutations" (available from '
                          'heat_template_version 2017-09-01) (ignored)'],
                         [i.message for i in loaded.issues.warnings])

    def test_for_each_missing(self):
        errors = self.errors('''
            heat_template_version: 2015-04-30
            resources: {}
            outputs:
              o: {value: {repeat: {template: x}}}
        ''')
        self.assertEqual(['outputs.o.value.repeat: repeat: the "for_each" argument is missing: '
                          '{template: <template>, for_each: {<placeholder>: <list>, ...}}'],
                         errors)


class MapAndListTest(base.TestCase):

    def test_map_merge(self):
        self.assertEqual({'k1': 'v2', 'k2': 'v2'},
                         resolve("map_merge: [{'k1': 'v1', 'k2': 'v2'}, {'k1': 'v2'}]",
                                 version='2016-04-08'))

    def test_map_replace(self):
        self.assertEqual({'K1': 'v1', 'k2': 'V2'}, resolve('''
            map_replace:
            - k1: v1
              k2: v2
            - keys:
                k1: K1
              values:
                v2: V2
        '''))

    def test_map_replace_key_collision(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            resources: {}
            outputs:
              o: {value: {map_replace: [{a: 1, b: 2}, {keys: {a: b}}]}}
        ''')
        self.assertEqual(['outputs.o.value.map_replace[1].keys: map_replace: the key '
                          'replacement "b" collides with a key in the input map'], errors)

    def test_filter(self):
        self.assertEqual(['1', '2'], resolve('filter: [["3"], {get_param: list_param}]',
                                             {'list_param': ['1', '2', '3']}))

    def test_list_concat(self):
        self.assertEqual(['v1', 'v2', 'v3', 'v4'],
                         resolve("list_concat: [['v1', 'v2'], ['v3', 'v4']]"))

    def test_list_concat_ignores_null(self):
        self.assertEqual(['v1'], resolve("list_concat: [['v1'], null]"))

    def test_list_concat_unique(self):
        self.assertEqual(['v1', 'v2', 'v3'],
                         resolve("list_concat_unique: [['v1', 'v2'], ['v2', 'v3']]"))

    def test_list_concat_refuses_other_items(self):
        error = self.assertRaises(FunctionError, resolve, "list_concat: [[a], b]")
        self.assertEqual("list_concat: the items to concatenate must be lists, not 'b'",
                         str(error))


class YaqlTest(base.TestCase):

    def test_expression_on_data(self):
        self.assertEqual(3, resolve('''
            yaql:
              expression: $.data.list_param.select(int($)).max()
              data:
                list_param: {get_param: list_param}
        ''', {'list_param': ['1', '2', '3']}))

    def test_bad_expression_is_an_error_at_the_expression(self):
        loaded = self.validate('''
            heat_template_version: 2016-10-14
            resources: {}
            outputs:
              o:
                value:
                  yaql:
                    expression: $.data.select(
                    data: {}
        ''', name='t.yaml')
        self.assertEqual(['t.yaml:8:21: outputs.o.value.yaql.expression: yaql: bad expression: '
                          'Parse error: unexpected end of statement'],
                         [str(i) for i in loaded.issues.errors])

    def test_evaluation_error_with_known_data(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            resources: {}
            outputs:
              o: {value: {yaql: {expression: $.data.a.nothing(), data: {a: 1}}}}
        ''')
        self.assertEqual(['outputs.o.value.yaql.expression: yaql: evaluation failed: Unknown '
                          'method "nothing" for receiver 1'], errors)

    def test_expression_length_is_limited(self):
        self.patch(functions_yaql, 'MAX_EXPRESSION_LENGTH', 10)
        error = self.assertRaises(FunctionError, resolve, "yaql: {expression: '1 + 2 + 3 + 4'}")
        self.assertEqual('yaql: the expression is 13 characters long, more than the limit of 10',
                         str(error))

    def test_collections_are_limited(self):
        error = self.assertRaises(FunctionError, resolve, "yaql: {expression: 'range(1000).sum()'}")
        self.assertEqual('yaql: evaluation failed: Collection length exceeds 200 elements',
                         str(error))

    def test_unknown_argument(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            resources: {}
            outputs:
              o: {value: {yaql: {expression: '1', date: {}}}}
        ''')
        self.assertEqual(['outputs.o.value.yaql.date: yaql: unknown argument "date" (did you '
                          'mean "data"?)'], errors)




class ConditionsTest(base.TestCase):

    def condition_values(self, env, flag=True, version='2016-10-14'):
        return self.assertValid('''
            heat_template_version: %s
            parameters:
              env: {type: string, default: %s}
              flag: {type: boolean, default: %s}
            conditions:
              cd1: true
              cd2: {get_param: flag}
              cd3: {equals: [{get_param: env}, prod]}
              cd4: {not: {equals: [{get_param: env}, prod]}}
              cd5: {and: [cd1, cd3]}
              cd6: {or: [cd4, false]}
              cd7: {not: cd4}
            resources: {}
        ''' % (version, env, flag)).condition_values

    def test_values_in_prod(self):
        self.assertEqual({'cd1': True, 'cd2': True, 'cd3': True, 'cd4': False, 'cd5': True,
                          'cd6': False, 'cd7': True}, self.condition_values('prod'))

    def test_values_in_test(self):
        self.assertEqual({'cd1': True, 'cd2': False, 'cd3': False, 'cd4': True, 'cd5': False,
                          'cd6': True, 'cd7': False}, self.condition_values('test', False))

    def test_unknown_condition_name(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            conditions:
              prod: true
              both: {and: [prod, prdo]}
            resources: {}
        ''')
        self.assertEqual(['conditions.both.and[1]: and: unknown condition "prdo" (did you mean '
                          '"prod"?)'], errors)

    def test_and_needs_two_conditions(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            conditions:
              one: {and: [true]}
            resources: {}
        ''')
        self.assertEqual(['conditions.one.and: and: the argument must be a list of at least two '
                          'conditions: [<condition_1>, <condition_2>, ...]'], errors)

    def test_yaql_in_conditions_from_pike(self):
        tmpl = self.assertValid('''
            heat_template_version: 2017-09-01
            conditions:
              heat: {yaql: {expression: "$.data.s.contains('heat')", data: {s: [heat, nova]}}}
            resources: {}
        ''')
        self.assertEqual({'heat': True}, tmpl.condition_values)

    def test_yaql_not_in_conditions_before_pike(self):
        errors = self.errors('''
            heat_template_version: 2017-02-24
            conditions:
              heat: {yaql: {expression: "$.data.s.contains('heat')", data: {s: [heat, nova]}}}
            resources: {}
        ''')
        self.assertEqual(['conditions.heat: yaql is not allowed in a condition'], errors)

    def test_contains_in_conditions_from_pike(self):
        tmpl = self.assertValid('''
            heat_template_version: pike
            conditions:
              has_neutron: {contains: [neutron, [nova, neutron]]}
            resources: {}
        ''')
        self.assertEqual({'has_neutron': True}, tmpl.condition_values)

    def test_contains_as_a_value(self):
        self.assertTrue(resolve("contains: ['v1', ['v1', 'v2', 'v3']]"))


class IfTest(base.TestCase):

    CONDITIONS = 'create_prod_res: {equals: [{get_param: env}, prod]}'

    def test_value_by_condition(self):
        snippet = '{if: [create_prod_res, s_prod, s_test]}'
        self.assertEqual(['s_prod', 's_test'], [
            resolve(snippet, {'env': env}, conditions=self.CONDITIONS, version='2016-10-14')
            for env in ('prod', 'test')])

    def test_inline_condition(self):
        self.assertEqual('small', resolve('''
            if: [{equals: [{get_param: env}, test]}, small, large]
        ''', {'env': 'test'}, version='2016-10-14'))

    def test_two_arguments_drop_the_item_in_wallaby(self):
        self.assertEqual({'items': ['a', 'c'], 'kept': 1}, resolve('''
            items: [a, {if: [create_prod_res, b]}, c]
            dropped: {if: [create_prod_res, 2]}
            kept: {if: [true, 1]}
        ''', {'env': 'test'}, conditions=self.CONDITIONS))

    def test_two_arguments_refused_before_wallaby(self):
        errors = self.errors('''
            heat_template_version: rocky
            conditions:
              prod: false
            resources: {}
            outputs:
              o: {value: {if: [prod, x]}}
        ''')
        self.assertEqual(['outputs.o.value.if: if: the arguments must have the form '
                          '[<condition>, <value_if_true>, <value_if_false>]'], errors)

    def test_unknown_condition(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            conditions:
              prod: false
            resources: {}
            outputs:
              o: {value: {if: [prd, x, y]}}
        ''')
        self.assertEqual(['outputs.o.value.if[0]: if: unknown condition "prd" (did you mean '
                          '"prod"?)'], errors)

    def test_condition_may_not_use_resources(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            resources:
              a: {type: OS::Heat::None}
            outputs:
              o: {value: {if: [{equals: [{get_resource: a}, x]}, 1, 2]}}
        ''')
        self.assertEqual(['outputs.o.value.if[0].equals[0]: get_resource is not allowed in a '
                          'condition'], errors)

    def test_values_may_use_resources(self):
        self.assertEqual('server-id', resolve('{if: [prod, {get_resource: server}, none]}',
                                              conditions='prod: true', version='2016-10-14'))
