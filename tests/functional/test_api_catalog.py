"""REST API v1: validate, resource types, template versions, build info
and the version document."""

from __future__ import annotations

from tests.functional.test_api_base import INVALID, TEMPLATE, ApiTestCase


class TestValidate(ApiTestCase):

    def test_a_valid_template_answers_its_parameters(self):
        resp = self.http('POST', '~/validate', json={'template': TEMPLATE})
        self.assertEqual(200, resp.status_code, resp.text)
        body = resp.json()
        self.assertEqual('Two things', body['Description'])
        self.assertEqual('String', body['Parameters']['name']['Type'])
        self.assertEqual('web', body['Parameters']['name']['Default'])

    def test_given_parameters_show_as_values(self):
        resp = self.http('POST', '~/validate', json={'template': TEMPLATE,
                                                     'parameters': {'name': 'x'}})
        self.assertEqual('x', resp.json()['Parameters']['name']['Value'])

    def test_an_invalid_template_is_400_with_its_position(self):
        resp = self.http('POST', '~/validate', json={'template': INVALID})
        doc = self.assertError(resp, 400, 'StackValidationFailed', 'OS::Heat::Nope')
        self.assertIn(':4:', doc['error']['message'])

    def test_ignore_errors(self):
        resp = self.http('POST', '~/validate?ignore_errors=Unknown resource type',
                         json={'template': INVALID})
        self.assertEqual(200, resp.status_code, resp.text)

    def test_no_template_is_400(self):
        self.assertError(self.http('POST', '~/validate', json={}), 400, 'HTTPBadRequest',
                         'No template specified')


class TestResourceTypes(ApiTestCase):

    def test_list(self):
        resp = self.http('GET', '~/resource_types')
        self.assertEqual(200, resp.status_code)
        types = resp.json()['resource_types']
        self.assertIn('OS::Heat::None', types)
        self.assertEqual(sorted(types), types)

    def test_list_filtered_with_descriptions(self):
        resp = self.http('GET', '~/resource_types?name=OS::Heat::N&with_description=true')
        (found,) = resp.json()['resource_types']
        self.assertEqual('OS::Heat::None', found['resource_type'])
        self.assertIsInstance(found['description'], str)
        self.assertEqual([], self.http('GET', '~/resource_types?support_status=DEPRECATED&'
                                       'name=OS::Heat::None').json()['resource_types'])

    def test_a_bad_name_filter_is_400(self):
        self.assertError(self.http('GET', '~/resource_types?name=('), 400)

    def test_show(self):
        resp = self.http('GET', '~/resource_types/OS::Heat::Value')
        self.assertEqual(200, resp.status_code, resp.text)
        schema = resp.json()
        self.assertEqual('OS::Heat::Value', schema['resource_type'])
        self.assertIn('value', schema['properties'])
        self.assertIn('value', schema['attributes'])

    def test_an_unknown_type_is_404(self):
        self.assertError(self.http('GET', '~/resource_types/OS::Heat::Nope'), 404,
                         'ResourceTypeNotFound')
        self.assertError(self.http('GET', '~/resource_types/OS::Heat::Nope/template'), 404)

    def test_template(self):
        cfn = self.http('GET', '~/resource_types/OS::Heat::Value/template').json()
        self.assertEqual('2012-12-12', cfn['HeatTemplateFormatVersion'])
        hot = self.http('GET', '~/resource_types/OS::Heat::Value/template?template_type=hot')
        self.assertEqual('OS::Heat::Value',
                         hot.json()['resources']['Value']['type'])
        self.assertError(self.http('GET', '~/resource_types/OS::Heat::Value/template'
                                          '?template_type=xml'), 400, 'HTTPBadRequest',
                         'Template type is not supported')


class TestTemplateVersions(ApiTestCase):

    def test_versions(self):
        resp = self.http('GET', '~/template_versions')
        self.assertEqual(200, resp.status_code)
        versions = {v['version']: v for v in resp.json()['template_versions']}
        self.assertEqual('hot', versions['heat_template_version.2016-10-14']['type'])
        self.assertEqual('cfn', versions['AWSTemplateFormatVersion.2010-09-09']['type'])

    def test_functions(self):
        path = '~/template_versions/heat_template_version.2016-10-14/functions'
        names = {f['functions'] for f in self.http('GET', path).json()['template_functions']}
        self.assertIn('get_param', names)
        self.assertNotIn('equals', names)
        with_conditions = self.http('GET', path + '?with_condition_func=true').json()
        self.assertIn('equals', {f['functions'] for f in with_conditions['template_functions']})

    def test_an_unknown_version_is_404(self):
        self.assertError(self.http('GET', '~/template_versions/nope/functions'), 404,
                         message='Template with version nope not found')


class TestInfo(ApiTestCase):

    def test_build_info(self):
        resp = self.http('GET', '~/build_info')
        self.assertEqual(200, resp.status_code)
        self.assertEqual({'api', 'engine'}, set(resp.json()))

    def test_the_version_document_needs_no_credentials(self):
        resp = self.http('GET', '/', token='')
        self.assertEqual(300, resp.status_code)
        (version,) = resp.json()['versions']
        self.assertEqual('CURRENT', version['status'])
        self.assertEqual(self.server.url + '/v1/', version['links'][0]['href'])
