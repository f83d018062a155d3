"""HOT functions that refer to things and build strings, and the
CloudFormation-style names of 2013-05-23: results (the examples of Heat's
HOT specification) and validation errors."""

from heat_core.errors import Unresolved
from heat_plugins.hot.functions_base import FunctionError
from tests import base
from tests.unit.test_hot_fixtures import resolve

SERVER_DATA = {'metadata': {'foo': 'bar'}, 'keys': ['a_key', 'other_key']}


class GetParamTest(base.TestCase):

    def test_value(self):
        self.assertEqual('m1.tiny', resolve('{get_param: instance_type}',
                                            {'instance_type': 'm1.tiny'}))

    def test_path_into_a_map(self):
        self.assertEqual({'foo': 'bar'}, resolve('{get_param: [server_data, metadata]}',
                                                 {'server_data': SERVER_DATA}))

    def test_path_into_a_list(self):
        self.assertEqual('a_key', resolve('{get_param: [server_data, keys, 0]}',
                                          {'server_data': SERVER_DATA}))

    def test_index_may_be_a_string_of_digits(self):
        self.assertEqual('other_key', resolve('{get_param: [server_data, keys, "1"]}',
                                              {'server_data': SERVER_DATA}))

    def test_path_that_leads_nowhere_is_empty(self):
        self.assertEqual('', resolve('{get_param: [server_data, missing]}',
                                     {'server_data': SERVER_DATA}))

    def test_pseudo_parameter(self):
        self.assertEqual('mystack', resolve('{get_param: OS::stack_name}',
                                            stack_name='mystack'))

    def test_unknown_parameter_is_an_error_at_its_name(self):
        errors = self.errors('''
            heat_template_version: 2013-05-23
            parameters:
              flavor: {type: string, default: m1.small}
            resources:
              a:
                type: OS::Heat::None
                properties:
                  f: {get_param: [flavour, x]}
        ''')
        self.assertEqual(['resources.a.properties.f.get_param[0]: get_param: unknown parameter '
                          '"flavour" (did you mean "flavor"?)'], errors)


class GetResourceTest(base.TestCase):

    def test_reference(self):
        self.assertEqual('port-id', resolve('{get_resource: port}'))

    def test_unknown_resource(self):
        errors = self.errors('''
            heat_template_version: 2015-10-15
            resources:
              port: {type: OS::Heat::None}
              server:
                type: OS::Heat::None
                properties:
                  networks: [{port: {get_resource: prot}}]
        ''')
        self.assertEqual(['resources.server.properties.networks[0].port.get_resource: '
                          'get_resource: unknown resource "prot" (did you mean "port"?)'],
                         errors)


class GetAttrTest(base.TestCase):

    def test_attribute(self):
        self.assertEqual('10.0.0.1', resolve('{get_attr: [server, first_address]}'))

    def test_path_into_the_attribute(self):
        self.assertEqual('10.0.0.1', resolve('{get_attr: [server, networks, private, 0]}'))

    def test_path_in_2013_05_23(self):
        self.assertEqual('1.2.3.4', resolve('{get_attr: [server, networks, public, 1]}',
                                            version='2013-05-23'))

    def test_missing_path_in_2013_05_23_is_none(self):
        self.assertIsNone(resolve('{get_attr: [server, networks, dmz, 0]}',
                                  version='2013-05-23'))

    def test_attribute_name_from_a_function(self):
        self.assertEqual('10.0.0.1', resolve('{get_attr: [server, {get_param: attr_name}]}',
                                             {'attr_name': 'first_address'},
                                             version='2014-10-16'))

    def test_all_attributes_from_2015_10_15(self):
        self.assertEqual({'mac': 'fa:16:3e:00:00:01'}, resolve('{get_attr: [port]}',
                                                               version='2015-10-15'))

    def test_resource_name_alone_before_2015_10_15(self):
        errors = self.errors('''
            heat_template_version: 2015-04-30
            resources:
              port: {type: OS::Heat::None}
            outputs:
              o: {value: {get_attr: [port]}}
        ''')
        self.assertEqual(['outputs.o.value.get_attr: get_attr: the argument must be a list: '
                          '[resource_name, attribute_name, key_or_index, ...]'], errors)

    def test_attribute_name_function_not_in_2013_05_23(self):
        errors = self.errors('''
            heat_template_version: 2013-05-23
            parameters:
              a: {type: string, default: x}
            resources:
              port: {type: OS::Heat::None}
            outputs:
              o: {value: {get_attr: [port, {get_param: a}]}}
        ''')
        self.assertEqual(['outputs.o.value.get_attr[1]: get_attr: the attribute name must be a '
                          'string'], errors)

    def test_unknown_resource_is_an_error_at_its_name(self):
        errors = self.errors('''
            heat_template_version: 2016-10-14
            resources:
              port: {type: OS::Heat::None}
            outputs:
              o: {value: {get_attr: [prot, mac]}}
        ''')
        self.assertEqual(['outputs.o.value.get_attr[0]: get_attr: unknown resource "prot" '
                          '(did you mean "port"?)'], errors)


class GetFileTest(base.TestCase):

    def test_content(self):
        self.assertEqual('#!/bin/sh\n', resolve('{get_file: boot.sh}',
                                                files={'boot.sh': '#!/bin/sh\n'}))

    def test_unknown_file_is_an_error_naming_it(self):
        errors = self.errors('''
            heat_template_version: 2013-05-23
            resources:
              a:
                type: OS::Heat::None
                properties:
                  user_data: {get_file: boot.sh}
        ''', files={'setup.sh': ''})
        self.assertEqual(['resources.a.properties.user_data.get_file: get_file: the file '
                          '"boot.sh" was not supplied (it is not in the files map)'], errors)


class ResourceFacadeTest(base.TestCase):

    def test_data_of_the_facade_resource(self):
        facade = {'metadata': {'role': 'web'}}.get
        self.assertEqual({'role': 'web'}, resolve('{resource_facade: metadata}',
                                                  facade=facade))

    def test_unresolved_outside_a_provider_template(self):
        self.assertRaises(Unresolved, resolve, '{resource_facade: update_policy}')

    def test_unknown_data_type(self):
        errors = self.errors('''
            heat_template_version: 2013-05-23
            resources: {}
            outputs:
              o: {value: {resource_facade: metadate}}
        ''')
        self.assertEqual(['outputs.o.value.resource_facade: resource_facade: the argument must '
                          'be one of metadata, deletion_policy, update_policy, not "metadate" '
                          '(did you mean "metadata"?)'], errors)


class StrReplaceTest(base.TestCase):

    def test_url_from_an_attribute(self):
        self.assertEqual('http://10.0.0.1/MyApplication', resolve('''
            str_replace:
              template: http://host/MyApplication
              params:
                host: {get_attr: [server, first_address]}
        '''))

    def test_longer_placeholders_win(self):
        self.assertEqual('a b', resolve('''
            str_replace: {template: var1 var10, params: {var1: a, var10: b}}
        '''))

    def test_replaced_text_is_not_replaced_again(self):
        self.assertEqual('b c', resolve('''
            str_replace: {template: a b, params: {a: b, b: c}}
        '''))

    def test_numbers_become_text(self):
        self.assertEqual('port 80', resolve('str_replace: {template: port P, params: {P: 80}}'))

    def test_maps_become_json_from_2015_10_15(self):
        self.assertEqual('data: {"a": 1, "b": [2]}', resolve('''
            str_replace: {template: 'data: D', params: {D: {b: [2], a: 1}}}
        ''', version='2015-10-15'))

    def test_maps_are_refused_before_2015_10_15(self):
        errors = self.errors('''
            heat_template_version: 2015-04-30
            resources: {}
            outputs:
              o: {value: {str_replace: {template: D, params: {D: {a: 1}}}}}
        ''')
        self.assertEqual(['outputs.o.value.str_replace.params.D: str_replace: params must be '
                          'strings or numbers; param "D" is {\'a\': 1}'], errors)

    def test_params_missing(self):
        errors = self.errors('''
            heat_template_version: 2021-04-16
            resources: {}
            outputs:
              o: {value: {str_replace: {template: x}}}
        ''')
        self.assertEqual(['outputs.o.value.str_replace: str_replace: the "params" argument is '
                          'missing: {template: <string>, params: {<placeholder>: <value>, '
                          '...}}'], errors)

    def test_strict_refuses_params_not_in_the_template(self):
        errors = self.errors('''
            heat_template_version: 2017-02-24
            resources: {}
            outputs:
              o: {value: {str_replace_strict: {template: a, params: {a: x, bb: y, c: z}}}}
        ''')
        self.assertEqual(['outputs.o.value.str_replace_strict.params: str_replace_strict: the '
                          'following params were not found in the template: bb,c'], errors)

    def test_very_strict_refuses_empty_values(self):
        error = self.assertRaises(FunctionError, resolve, '''
            str_replace_vstrict: {template: a b, params: {a: x, b: ''}}
        ''')
        self.assertEqual('str_replace_vstrict: the value of param "b" is undefined or empty; it '
                         'must be a defined, non-empty value', str(error))


class ListJoinTest(base.TestCase):

    def test_join(self):
        self.assertEqual('one, two, and three',
                         resolve("list_join: [', ', ['one', 'two', 'and three']]"))

    def test_several_lists_from_2015_10_15(self):
        self.assertEqual('one, two, three, four',
                         resolve("list_join: [', ', ['one', 'two'], ['three', 'four']]",
                                 version='2015-10-15'))

    def test_maps_and_lists_become_json(self):
        self.assertEqual('{"a": 1}|[1, 2]', resolve("list_join: ['|', [{a: 1}, [1, 2]]]"))

    def test_several_lists_refused_before_2015_10_15(self):
        errors = self.errors('''
            heat_template_version: 2015-04-30
            resources: {}
            outputs:
              o: {value: {list_join: [',', [a], [b]]}}
        ''')
        self.assertEqual(['outputs.o.value.list_join: list_join: the arguments must have the '
                          'form [<delimiter>, [<string>, ...]]'], errors)

    def test_numbers_are_refused(self):
        error = self.assertRaises(FunctionError, resolve, "list_join: [',', [1, 2]]")
        self.assertEqual('list_join: the items to join must be strings, maps or lists, not 1',
                         str(error))


class StrSplitTest(base.TestCase):

    def test_split(self):
        self.assertEqual(['string', 'to', 'split'],
                         resolve("str_split: [',', 'string,to,split']"))

    def test_one_item(self):
        self.assertEqual('string', resolve("str_split: [',', 'string,to,split', 0]"))

    def test_index_out_of_range(self):
        errors = self.errors('''
            heat_template_version: 2015-10-15
            resources: {}
            outputs:
              o: {value: {str_split: [',', 'a,b', 2]}}
        ''')
        self.assertEqual(['outputs.o.value.str_split[2]: str_split: the index 2 is out of range: '
                          'use 0 to 1'], errors)


class DigestTest(base.TestCase):

    def test_sha256(self):
        self.assertEqual('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
                         resolve("digest: [sha256, abc]"))

    def test_algorithm_name_is_case_insensitive(self):
        self.assertEqual('900150983cd24fb0d6963f7d28e17f72', resolve("digest: [MD5, abc]"))

    def test_unknown_algorithm(self):
        error = self.assertRaises(FunctionError, resolve, "digest: [sha999, abc]")
        self.assertTrue(str(error).startswith('digest: unknown algorithm "sha999": use one of '),
                        str(error))


class MakeUrlTest(base.TestCase):

    def test_ipv6_host_gets_brackets(self):
        self.assertEqual('http://[2001:db8::1]:8080/hello?recipient=world#greeting', resolve('''
            make_url:
              scheme: http
              host: 2001:db8::1
              port: 8080
              path: /hello
              query: {recipient: world}
              fragment: greeting
        '''))

    def test_parts_are_escaped(self):
        self.assertEqual('https://us%40r:p%3Ass@example.com/a%20b?q=x+y/z', resolve('''
            make_url:
              scheme: https
              username: us@r
              password: p:ss
              host: example.com
              path: /a b
              query: {q: x y/z}
        '''))

    def test_invalid_port(self):
        errors = self.errors('''
            heat_template_version: 2017-09-01
            resources: {}
            outputs:
              o: {value: {make_url: {host: example.com, port: 70000}}}
        ''')
        self.assertEqual(['outputs.o.value.make_url.port: make_url: invalid port 70000: it '
                          'must be a number from 1 to 65535'], errors)

    def test_unknown_argument(self):
        errors = self.errors('''
            heat_template_version: 2017-09-01
            resources: {}
            outputs:
              o: {value: {make_url: {hostname: example.com}}}
        ''')
        self.assertEqual(['outputs.o.value.make_url.hostname: make_url: unknown argument '
                          '"hostname" (did you mean "host"?)'], errors)


class CfnStyleTest(base.TestCase):
    """The CloudFormation-style names accepted by 2013-05-23."""

    def test_ref_to_a_parameter_and_a_resource(self):
        self.assertEqual(['m1.tiny', 'server-id'],
                         resolve('[{Ref: instance_type}, {Ref: server}]',
                                 {'instance_type': 'm1.tiny'}, version='2013-05-23'))

    def test_join_and_split(self):
        self.assertEqual(['a', 'b'], resolve("{'Fn::Split': [',', {'Fn::Join': [',', [a, b]]}]}",
                                             version='2013-05-23'))

    def test_replace(self):
        self.assertEqual('foo is bar', resolve('''
            Fn::Replace: [{$var1: foo, '%var2%': bar}, '$var1 is %var2%']
        ''', version='2013-05-23'))

    def test_base64_keeps_the_text(self):
        self.assertEqual('#!/bin/sh', resolve("{'Fn::Base64': '#!/bin/sh'}",
                                              version='2013-05-23'))

    def test_member_list_to_map(self):
        self.assertEqual({'key': 'door', 'colour': 'green'}, resolve('''
            Fn::MemberListToMap:
              - Name
              - Value
              - ['.member.0.Name=key', '.member.0.Value=door',
                 '.member.1.Name=colour', '.member.1.Value=green']
        ''', version='2013-05-23'))

    def test_select_from_a_list_and_a_map(self):
        self.assertEqual(['b', 'y', ''], resolve('''
            - {'Fn::Select': ['1', [a, b, c]]}
            - {'Fn::Select': [x, {x: y}]}
            - {'Fn::Select': [5, [a]]}
        ''', version='2014-10-16'))

    def test_get_azs(self):
        self.assertEqual(['nova', 'az2'], resolve("{'Fn::GetAZs': ''}", version='2013-05-23',
                                                  zones=['nova', 'az2']))

    def test_resource_facade(self):
        facade = {'deletion_policy': 'Retain'}.get
        self.assertEqual('Retain', resolve("{'Fn::ResourceFacade': DeletionPolicy}",
                                           version='2013-05-23', facade=facade))
