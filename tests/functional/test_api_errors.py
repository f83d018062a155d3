"""REST API v1: OPTIONS, 405, 404, 413, 400 and 500 as Heat answers them,
always as JSON error documents."""

from __future__ import annotations

import logging

import fixtures

from heat_api.openstack.app import Api, dispatch
from heat_api.openstack.params import ApiRequest
from heat_api.openstack.stacks import Stacks
from heat_core.engine.context import RequestContext
from tests.functional.test_api_base import TEMPLATE, ApiTestCase

#: a URL of each kind and the methods it answers
URLS = (
    ('~/stacks', 'GET,POST'),
    ('~/stacks/detail', 'GET,POST,PUT,PATCH,DELETE'),
    ('~/stacks/web', 'GET,POST,PUT,PATCH,DELETE'),
    ('~/stacks/web/{id}', 'GET,PUT,PATCH,DELETE'),
    ('~/stacks/preview', 'GET,POST,PUT,PATCH,DELETE'),
    ('~/stacks/web/events', 'GET,POST,PUT,PATCH,DELETE'),
    ('~/stacks/web/environment', 'GET,PUT,PATCH,DELETE'),
    ('~/stacks/web/{id}/template', 'GET'),
    ('~/stacks/web/{id}/environment', 'GET'),
    ('~/stacks/web/{id}/files', 'GET'),
    ('~/stacks/web/{id}/preview', 'PUT,PATCH'),
    ('~/stacks/web/{id}/abandon', 'DELETE'),
    ('~/stacks/web/{id}/export', 'GET'),
    ('~/stacks/web/{id}/actions', 'POST'),
    ('~/stacks/web/{id}/outputs', 'GET'),
    ('~/stacks/web/{id}/outputs/shown', 'GET'),
    ('~/stacks/web/{id}/resources', 'GET'),
    ('~/stacks/web/{id}/resources/first', 'GET,PATCH'),
    ('~/stacks/web/{id}/resources/first/metadata', 'GET'),
    ('~/stacks/web/{id}/resources/first/signal', 'POST'),
    ('~/stacks/web/{id}/resources/first/events', 'GET'),
    ('~/stacks/web/{id}/resources/first/events/x', 'GET'),
    ('~/stacks/web/{id}/events', 'GET'),
    ('~/validate', 'POST'),
    ('~/resource_types', 'GET'),
    ('~/resource_types/OS::Heat::None', 'GET'),
    ('~/resource_types/OS::Heat::None/template', 'GET'),
    ('~/template_versions', 'GET'),
    ('~/template_versions/v/functions', 'GET'),
    ('~/build_info', 'GET'),
)


class TestMethods(ApiTestCase):

    def setUp(self):
        super().setUp()
        self.sid = self.create('web')['id']

    def test_every_url_answers_options_with_its_methods(self):
        for url, allowed in URLS:
            resp = self.http('OPTIONS', url.format(id=self.sid))
            self.assertEqual(204, resp.status_code, url)
            self.assertEqual(allowed, resp.headers['Allow'], url)
            self.assertEqual('', resp.text)

    def test_other_methods_are_405_with_allow(self):
        for url, allowed in URLS:
            for method in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'):
                if method in allowed.split(','):
                    continue
                resp = self.http(method, url.format(id=self.sid))
                self.assertEqual(405, resp.status_code, '%s %s' % (method, url))
                self.assertEqual(allowed, resp.headers['Allow'], url)
                if method != 'HEAD':
                    self.assertError(resp, 405, 'HTTPMethodNotAllowed')

    def test_unknown_urls_are_404_documents(self):
        for url in ('~/nope', '~/stacks/web/%s/nope' % self.sid, '/v1', '~', '/other'):
            self.assertError(self.http('GET', url), 404, 'HTTPNotFound')

    def test_a_trailing_slash_names_the_same_url(self):
        self.assertEqual(200, self.http('GET', '~/stacks/').status_code)


class TestBodies(ApiTestCase):

    def test_a_body_over_max_json_body_size_is_413(self):
        self.config(max_json_body_size=1000)
        resp = self.http('POST', '~/stacks', json={'stack_name': 'big',
                                                   'template': TEMPLATE + '#' * 2000})
        doc = self.assertError(resp, 413, 'RequestLimitExceeded')
        self.assertIn('exceeds maximum allowed size (1000 bytes)', doc['error']['message'])

    def test_a_chunked_body_over_the_limit_is_413(self):
        self.config(max_json_body_size=1000)

        def chunks():
            yield b'{"stack_name": "big", "template": "'
            yield b'x' * 2000
            yield b'"}'
        resp = self.http('POST', '~/stacks', data=chunks(),
                         headers={'Content-Type': 'application/json'})
        self.assertError(resp, 413, 'RequestLimitExceeded')

    def test_a_template_over_max_template_size_is_400(self):
        self.config(max_template_size=100)
        resp = self.http('POST', '~/stacks', json={'stack_name': 'big', 'template': TEMPLATE})
        self.assertError(resp, 400, 'RequestLimitExceeded')

    def test_a_body_of_another_type_is_400(self):
        resp = self.http('POST', '~/stacks', data='<stack/>',
                         headers={'Content-Type': 'application/xml'})
        self.assertError(resp, 400, 'HTTPBadRequest')

    def test_urls_and_bodies_that_are_not_utf8_are_400(self):
        self.assertError(self.http('GET', '~/stacks?name=%ff'), 400, 'HTTPBadRequest')
        self.assertError(self.http('GET', '~/stacks/%ff'), 400, 'HTTPBadRequest')
        self.assertError(self.http('POST', '~/stacks', data=b'a=%ff', headers={
            'Content-Type': 'application/x-www-form-urlencoded'}), 400)
        self.assertError(self.http('POST', '~/stacks', data=b'\xff{}', headers={
            'Content-Type': 'application/json'}), 400, 'HTTPBadRequest')

    def test_answers_are_json_whatever_the_client_accepts(self):
        resp = self.http('GET', '~/stacks', headers={'Accept': 'text/html'})
        self.assertEqual(200, resp.status_code)
        self.assertEqual('application/json', resp.headers['Content-Type'])
        resp = self.http('GET', '~/nope', headers={'Accept': 'application/xml'})
        self.assertError(resp, 404)

    def test_every_answer_has_a_request_id(self):
        for resp in (self.http('GET', '~/stacks'), self.http('GET', '~/nope'),
                     self.http('GET', '~/stacks', token='')):
            self.assertTrue(resp.headers['x-openstack-request-id'].startswith('req-'))


class TestUnexpectedErrors(ApiTestCase):

    def test_an_unexpected_exception_is_a_generic_500_logged_with_its_traceback(self):
        log = self.useFixture(fixtures.FakeLogger(level=logging.ERROR))

        def broken(*_args, **_kwargs):
            raise RuntimeError('secret internals')
        self.service.list_stacks = broken
        resp = self.http('GET', '~/stacks')
        doc = self.assertError(resp, 500, 'InternalServerError')
        self.assertNotIn('secret internals', resp.text)
        self.assertIn('erred', doc['error']['message'])
        self.assertIn('secret internals', log.output)
        self.assertIn('Traceback', log.output)

    def test_an_engine_without_a_method_of_the_contract_is_501(self):
        class Partial:
            """An engine service that has not grown list_stacks yet."""
        node = Stacks(Api(Partial()), tenant_id=self.alpha)
        req = ApiRequest.blank('/v1/%s/stacks' % self.alpha)
        req.environ['heat.context'] = RequestContext(tenant=self.alpha, roles=['admin'])
        resp = dispatch(req, node, node.api)
        self.assertEqual(501, resp.status_int)
        self.assertEqual('NotImplemented', resp.json['error']['type'])
