"""REST API v1: the stack collection, lookups and one stack's URLs."""

from __future__ import annotations

import json
from urllib.parse import urlparse

from tests.functional.test_api_base import (
    INNER,
    INVALID,
    NESTING,
    TEMPLATE,
    TEMPLATE_OBJECT,
    ApiTestCase,
)


class TestCreate(ApiTestCase):

    def test_create_answers_201_with_an_absolute_location(self):
        resp = self.http('POST', '~/stacks', json={'stack_name': 'web', 'template': TEMPLATE})
        self.assertEqual(201, resp.status_code, resp.text)
        self.assertEqual('application/json', resp.headers['Content-Type'])
        stack = resp.json()['stack']
        href = '%s/stacks/web/%s' % (self.endpoint, stack['id'])
        self.assertEqual(href, resp.headers['Location'])
        self.assertEqual([{'href': href, 'rel': 'self'}], stack['links'])
        self.wait(stack['id'])
        self.assertEqual('CREATE_COMPLETE', self.show('web', stack['id'])['stack_status'])

    def test_a_template_object_parameters_and_tags_are_taken(self):
        stack = self.create('objects', TEMPLATE_OBJECT, tags='a,b', timeout_mins=5,
                            disable_rollback=True)
        shown = self.show('objects', stack['id'])
        self.assertEqual(['a', 'b'], shown['tags'])
        self.assertEqual(5, shown['timeout_mins'])
        self.assertTrue(shown['disable_rollback'])

    def test_environment_files_come_from_files(self):
        env = 'parameters:\n  name: from-env\n'
        stack = self.create('envs', TEMPLATE, files={'env.yaml': env},
                            environment_files=['env.yaml'], environment={})
        shown = self.show('envs', stack['id'])
        self.assertEqual('from-env', shown['parameters']['name'])

    def test_parameters_are_given_values(self):
        stack = self.create('params', TEMPLATE, parameters={'name': 'given'})
        outputs = {o['output_key']: o['output_value']
                   for o in self.show('params', stack['id'])['outputs']}
        self.assertEqual('given', outputs['shown'])

    def test_no_stack_name_is_400(self):
        resp = self.http('POST', '~/stacks', json={'template': TEMPLATE})
        self.assertError(resp, 400, 'HTTPBadRequest', 'No stack name specified')

    def test_no_template_is_400(self):
        resp = self.http('POST', '~/stacks', json={'stack_name': 'x'})
        self.assertError(resp, 400, 'HTTPBadRequest', 'No template specified')

    def test_an_invalid_stack_name_is_400(self):
        resp = self.http('POST', '~/stacks', json={'stack_name': '1/bad', 'template': TEMPLATE})
        self.assertError(resp, 400, 'StackValidationFailed', 'Invalid stack name 1/bad')

    def test_an_invalid_template_is_400_with_every_problem(self):
        resp = self.http('POST', '~/stacks', json={'stack_name': 'x', 'template': INVALID})
        doc = self.assertError(resp, 400, 'StackValidationFailed')
        self.assertIn('OS::Heat::Nope', doc['error']['message'])
        self.assertEqual([], self.http('GET', '~/stacks').json()['stacks'])

    def test_a_taken_name_is_409(self):
        self.create('taken')
        resp = self.http('POST', '~/stacks', json={'stack_name': 'taken', 'template': TEMPLATE})
        self.assertError(resp, 409, 'StackExists')

    def test_a_bad_timeout_is_400(self):
        resp = self.http('POST', '~/stacks', json={'stack_name': 'x', 'template': TEMPLATE,
                                                   'timeout_mins': 'soon'})
        self.assertError(resp, 400, 'HTTPBadRequest', "Only integer is acceptable by "
                                                      "'timeout_mins'.")

    def test_a_body_that_is_not_json_is_400(self):
        resp = self.http('POST', '~/stacks', data='{"stack_name": ',
                         headers={'Content-Type': 'application/json'})
        self.assertError(resp, 400, 'HTTPBadRequest')

    def test_a_body_that_is_not_an_object_is_400(self):
        resp = self.http('POST', '~/stacks', json=['web'])
        self.assertError(resp, 400, 'HTTPBadRequest')

    def test_a_missing_body_is_400(self):
        self.assertError(self.http('POST', '~/stacks'), 400, 'HTTPBadRequest')

    def test_adopt_creates_from_adopt_data(self):
        stack = self.create('source')
        data = self.http('GET', '~/stacks/source/%s/export' % stack['id']).json()
        resp = self.http('POST', '~/stacks', json={
            'stack_name': 'adopted', 'adopt_stack_data': json.dumps(data)})
        self.assertEqual(201, resp.status_code, resp.text)
        adopted = resp.json()['stack']
        self.wait(adopted['id'])
        self.assertEqual('ADOPT_COMPLETE', self.show('adopted', adopted['id'])['stack_status'])

    def test_bad_adopt_data_is_400(self):
        resp = self.http('POST', '~/stacks', json={'stack_name': 'x',
                                                   'adopt_stack_data': '{"no": "template"}'})
        self.assertError(resp, 400, 'HTTPBadRequest', 'Invalid adopt data')

    def test_preview_creates_nothing(self):
        resp = self.http('POST', '~/stacks/preview', json={'stack_name': 'p',
                                                           'template': TEMPLATE})
        self.assertEqual(200, resp.status_code, resp.text)
        preview = resp.json()['stack']
        self.assertEqual('p', preview['stack_name'])
        self.assertEqual(['first', 'second'],
                         sorted(r['resource_name'] for r in preview['resources']))
        self.assertEqual([], self.http('GET', '~/stacks').json()['stacks'])


class TestList(ApiTestCase):

    def setUp(self):
        super().setUp()
        self.one = self.create('one', tags='red')
        self.two = self.create('two', tags='blue')

    def test_list_shows_the_summary_of_each_stack_with_links(self):
        resp = self.http('GET', '~/stacks')
        self.assertEqual(200, resp.status_code)
        stacks = {s['stack_name']: s for s in resp.json()['stacks']}
        self.assertEqual({'one', 'two'}, set(stacks))
        one = stacks['one']
        self.assertEqual(self.one['id'], one['id'])
        self.assertEqual('CREATE_COMPLETE', one['stack_status'])
        self.assertEqual([{'href': '%s/stacks/one/%s' % (self.endpoint, one['id']),
                           'rel': 'self'}], one['links'])
        self.assertNotIn('parameters', one)
        self.assertNotIn('outputs', one)

    def test_filters_tags_sorting_and_paging(self):
        def names(query):
            resp = self.http('GET', '~/stacks?' + query)
            self.assertEqual(200, resp.status_code, resp.text)
            return [s['stack_name'] for s in resp.json()['stacks']]
        self.assertEqual(['one'], names('name=one'))
        self.assertEqual(['two'], names('tags=blue'))
        self.assertEqual(['one', 'two'], names('sort_keys=stack_name&sort_dir=asc'))
        self.assertEqual(['two'], names('sort_keys=stack_name&sort_dir=asc&marker=%s'
                                        % self.one['id']))

    def test_a_full_page_links_to_the_next(self):
        resp = self.http('GET', '~/stacks?limit=1&sort_keys=stack_name&sort_dir=asc')
        body = resp.json()
        self.assertEqual(['one'], [s['stack_name'] for s in body['stacks']])
        (nxt,) = body['links']
        self.assertEqual('next', nxt['rel'])
        self.assertIn('marker=%s' % self.one['id'], nxt['href'])
        self.assertTrue(nxt['href'].startswith(self.endpoint + '/stacks?'))
        following = self.session.get(nxt['href'], headers={'X-Auth-Token': self.token})
        self.assertEqual(['two'], [s['stack_name'] for s in following.json()['stacks']])

    def test_with_count(self):
        body = self.http('GET', '~/stacks?limit=1&with_count=true').json()
        self.assertEqual(2, body['count'])
        self.assertEqual(1, len(body['stacks']))

    def test_bad_query_values_are_400(self):
        self.assertError(self.http('GET', '~/stacks?show_deleted=maybe'), 400,
                         'HTTPBadRequest', 'Unrecognized value "maybe" for "show_deleted"')
        self.assertError(self.http('GET', '~/stacks?limit=-1'), 400, 'HTTPBadRequest')
        self.assertError(self.http('GET', '~/stacks?sort_dir=up'), 400, 'HTTPBadRequest')

    def test_show_deleted(self):
        self.assertEqual(204, self.http('DELETE', '~/stacks/one/%s' % self.one['id'])
                         .status_code)
        self.wait(self.one['id'])
        live = [s['stack_name'] for s in self.http('GET', '~/stacks').json()['stacks']]
        self.assertEqual(['two'], live)
        every = self.http('GET', '~/stacks?show_deleted=true').json()['stacks']
        self.assertEqual({'one', 'two'}, {s['stack_name'] for s in every})

    def test_nested_stacks_are_listed_only_with_show_nested(self):
        outer = self.create('outer', NESTING, files={'inner.yaml': INNER})
        listed = self.http('GET', '~/stacks').json()['stacks']
        self.assertEqual({'one', 'two', 'outer'}, {s['stack_name'] for s in listed})
        resp = self.http('GET', '~/stacks?show_nested=true')
        self.assertEqual(200, resp.status_code, resp.text)
        (nested,) = [s for s in resp.json()['stacks'] if s['parent']]
        self.assertEqual(outer['id'], nested['parent'])
        self.assertTrue(nested['stack_name'].startswith('outer-box-'), nested['stack_name'])
        self.assertError(self.http('GET', '~/stacks?show_nested=perhaps'), 400,
                         'HTTPBadRequest', 'Unrecognized value "perhaps" for "show_nested"')

    def test_detail_shows_every_stack(self):
        resp = self.http('GET', '~/stacks/detail')
        self.assertEqual(200, resp.status_code)
        self.assertEqual({'one', 'two'}, {s['stack_name'] for s in resp.json()['stacks']})


class TestListPostgres(TestList):
    backend = 'postgresql'


class TestOneStack(ApiTestCase):

    def setUp(self):
        super().setUp()
        self.stack = self.create('web')
        self.sid = self.stack['id']
        self.path = '~/stacks/web/%s' % self.sid

    def test_show(self):
        stack = self.show('web', self.sid)
        self.assertEqual('web', stack['stack_name'])
        self.assertEqual('Two things', stack['description'])
        self.assertEqual('web', stack['parameters']['name'])
        self.assertEqual([{'href': '%s/stacks/web/%s' % (self.endpoint, self.sid),
                           'rel': 'self'}], stack['links'])
        outputs = {o['output_key']: o['output_value'] for o in stack['outputs']}
        self.assertEqual('web', outputs['shown'])

    def test_show_without_resolving_outputs(self):
        resp = self.http('GET', self.path + '?resolve_outputs=false')
        self.assertNotIn('outputs', resp.json()['stack'])

    def test_a_name_that_does_not_match_the_id_is_404(self):
        self.assertError(self.http('GET', '~/stacks/other/%s' % self.sid), 404,
                         'EntityNotFound')
        self.assertError(self.http('DELETE', '~/stacks/other/%s' % self.sid), 404)

    def test_an_unknown_stack_is_404(self):
        self.assertError(self.http('GET', '~/stacks/nope'), 404, 'EntityNotFound',
                         'The Stack (nope) could not be found.')
        self.assertError(self.http('GET', '~/stacks/web/not-an-id'), 404, 'EntityNotFound')

    def test_lookup_by_name_or_id_redirects_to_the_stack(self):
        canonical = '%s/stacks/web/%s' % (self.endpoint, self.sid)
        for key in ('web', self.sid):
            resp = self.http('GET', '~/stacks/' + key)
            self.assertEqual(302, resp.status_code)
            self.assertEqual(canonical, resp.headers['Location'])

    def test_lookup_keeps_the_sub_path_and_query(self):
        resp = self.http('GET', '~/stacks/web/resources?nested_depth=1')
        self.assertEqual(302, resp.status_code)
        self.assertEqual('%s/stacks/web/%s/resources?nested_depth=1' % (self.endpoint, self.sid),
                         resp.headers['Location'])
        for sub in ('events', 'template', 'environment', 'files'):
            self.assertEqual('%s/stacks/web/%s/%s' % (self.endpoint, self.sid, sub),
                             self.http('GET', '~/stacks/web/' + sub).headers['Location'])

    def test_post_to_a_sub_path_by_name_redirects(self):
        resp = self.http('POST', '~/stacks/web/actions', json={'check': None})
        self.assertEqual(302, resp.status_code)
        self.assertEqual('%s/stacks/web/%s/actions' % (self.endpoint, self.sid),
                         resp.headers['Location'])

    def test_lookup_by_arn(self):
        arn = 'arn:openstack:heat::%s:stacks/web/%s' % (self.alpha, self.sid)
        resp = self.http('GET', '~/stacks/' + arn)
        self.assertEqual('%s/stacks/web/%s' % (self.endpoint, self.sid),
                         resp.headers['Location'])
        resp = self.http('GET', '~/stacks/%s/resources' % arn)
        self.assertEqual('%s/stacks/web/%s/resources' % (self.endpoint, self.sid),
                         resp.headers['Location'])

    def test_redirects_use_the_host_the_client_used(self):
        port = self.server.port
        resp = self.http('GET', '~/stacks/web', headers={'Host': 'heat.example:%d' % port})
        self.assertEqual('http://heat.example:%d/v1/%s/stacks/web/%s' % (
            port, self.alpha, self.sid), resp.headers['Location'])

    def test_template_environment_and_files(self):
        template = self.http('GET', self.path + '/template')
        self.assertEqual(200, template.status_code)
        self.assertEqual('2016-10-14', str(template.json()['heat_template_version']))
        self.assertIn('first', template.json()['resources'])
        env = self.http('GET', self.path + '/environment').json()
        self.assertIn('parameters', env)
        self.assertEqual({}, self.http('GET', self.path + '/files').json())

    def test_delete_answers_204_and_the_stack_stays_visible_by_id(self):
        resp = self.http('DELETE', self.path)
        self.assertEqual(204, resp.status_code)
        self.assertEqual('', resp.text)
        self.wait(self.sid)
        self.assertEqual('DELETE_COMPLETE', self.show('web', self.sid)['stack_status'])
        self.assertError(self.http('GET', '~/stacks/web'), 404)

    def test_delete_by_name_redirects(self):
        resp = self.http('DELETE', '~/stacks/web')
        self.assertEqual(302, resp.status_code)
        self.assertEqual('%s/stacks/web/%s' % (self.endpoint, self.sid),
                         resp.headers['Location'])

    def test_update_put_answers_202(self):
        changed = TEMPLATE.replace('default: web', 'default: changed')
        resp = self.http('PUT', self.path, json={'template': changed})
        self.assertEqual(202, resp.status_code, resp.text)
        self.wait(self.sid)
        stack = self.show('web', self.sid)
        self.assertEqual('UPDATE_COMPLETE', stack['stack_status'])
        self.assertEqual('changed', stack['parameters']['name'])

    def test_update_put_needs_a_template(self):
        self.assertError(self.http('PUT', self.path, json={'parameters': {}}), 400,
                         'HTTPBadRequest', 'No template specified')

    def test_update_patch_keeps_the_template(self):
        resp = self.http('PATCH', self.path, json={'parameters': {'name': 'patched'}})
        self.assertEqual(202, resp.status_code, resp.text)
        self.wait(self.sid)
        stack = self.show('web', self.sid)
        self.assertEqual('UPDATE_COMPLETE', stack['stack_status'])
        self.assertEqual('patched', stack['parameters']['name'])

    def test_preview_update(self):
        resp = self.http('PUT', self.path + '/preview',
                         json={'template': TEMPLATE, 'parameters': {'name': 'other'}})
        self.assertEqual(200, resp.status_code, resp.text)
        changes = resp.json()['resource_changes']
        self.assertEqual({'added', 'deleted', 'replaced', 'updated', 'unchanged'},
                         set(changes) & {'added', 'deleted', 'replaced', 'updated',
                                         'unchanged'})
        patch = self.http('PATCH', self.path + '/preview', json={})
        self.assertEqual(200, patch.status_code, patch.text)
        self.assertIn('resource_changes', patch.json())

    def test_actions(self):
        for action, status in (('suspend', 'SUSPEND_COMPLETE'), ('resume', 'RESUME_COMPLETE'),
                               ('check', 'CHECK_COMPLETE')):
            resp = self.http('POST', self.path + '/actions', json={action: None})
            self.assertEqual(200, resp.status_code, resp.text)
            self.assertIsNone(resp.json())
            self.wait(self.sid)
            self.assertEqual(status, self.show('web', self.sid)['stack_status'])

    def test_bad_actions_are_400(self):
        self.assertError(self.http('POST', self.path + '/actions', json={}), 400,
                         message='No action specified')
        self.assertError(self.http('POST', self.path + '/actions',
                                   json={'suspend': None, 'resume': None}), 400,
                         message='Multiple actions specified')
        self.assertError(self.http('POST', self.path + '/actions', json={'explode': None}),
                         400, message='Invalid action explode specified')

    def test_cancel_update_of_an_idle_stack_is_refused(self):
        resp = self.http('POST', self.path + '/actions', json={'cancel_update': None})
        self.assertIn(resp.status_code, (400, 409))
        self.assertError(resp, resp.status_code)

    def test_outputs(self):
        resp = self.http('GET', self.path + '/outputs')
        self.assertEqual(200, resp.status_code)
        self.assertEqual({'first_id', 'shown'},
                         {o['output_key'] for o in resp.json()['outputs']})
        output = self.http('GET', self.path + '/outputs/shown').json()['output']
        self.assertEqual('web', output['output_value'])
        self.assertError(self.http('GET', self.path + '/outputs/nope'), 404)

    def test_export_and_abandon(self):
        exported = self.http('GET', self.path + '/export')
        self.assertEqual(200, exported.status_code, exported.text)
        self.assertEqual('web', exported.json()['name'])
        abandoned = self.http('DELETE', self.path + '/abandon')
        self.assertEqual(200, abandoned.status_code, abandoned.text)
        self.assertEqual(self.sid, abandoned.json()['id'])
        self.wait(self.sid)
        self.assertEqual([], self.http('GET', '~/stacks').json()['stacks'])

    def test_links_are_absolute_urls_of_this_server(self):
        stack = self.show('web', self.sid)
        href = stack['links'][0]['href']
        self.assertEqual(self.server.url, '%s://%s' % (urlparse(href).scheme,
                                                       urlparse(href).netloc))
