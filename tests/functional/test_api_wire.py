"""REST API v1 bodies key for key as OpenStack Heat's: the keys each view
shows (Heat's ``heat/engine/api.py`` formats after the API's views drop
``stack_action``, ``metadata``, ...), ``links`` and their ``rel`` names,
and the values a new stack shows before anything else has happened to it
(``updated_time``, ``deletion_time``, ``parent`` and ``tags`` null)."""

from __future__ import annotations

from tests.functional.test_api_base import TEMPLATE, TEMPLATE_OBJECT, ApiTestCase
from tests.functional.test_api_clients import wait_for

#: Heat's stack list keys (``stacks_view.basic_keys``)
STACK_LIST_KEYS = {'id', 'links', 'stack_name', 'description', 'stack_status',
                   'stack_status_reason', 'creation_time', 'updated_time', 'deletion_time',
                   'stack_owner', 'parent', 'stack_user_project_id', 'tags'}
#: Heat's stack show keys (``format_stack``)
STACK_SHOW_KEYS = STACK_LIST_KEYS | {'template_description', 'disable_rollback',
                                     'timeout_mins', 'parameters', 'outputs', 'capabilities',
                                     'notification_topics'}
#: Heat's resource list keys (``format_stack_resource(detail=False)``)
RESOURCE_KEYS = {'resource_name', 'logical_resource_id', 'physical_resource_id',
                 'resource_type', 'resource_status', 'resource_status_reason',
                 'creation_time', 'updated_time', 'required_by', 'links'}
#: a resource in detail (show, or list ``with_detail``)
RESOURCE_DETAIL_KEYS = RESOURCE_KEYS | {'description', 'attributes'}
#: Heat's event list keys (``events.summary_keys``, ``logical_resource_id`` too)
EVENT_KEYS = {'id', 'links', 'event_time', 'resource_name', 'logical_resource_id',
              'resource_status', 'resource_status_reason', 'physical_resource_id'}
EVENT_DETAIL_KEYS = EVENT_KEYS | {'resource_type', 'resource_properties'}
#: the environment Heat's validate and environment show give (``env_as_dict``)
ENVIRONMENT_KEYS = {'parameters', 'parameter_defaults', 'resource_registry', 'event_sinks',
                    'encrypted_param_names'}


def rels(item: dict) -> list:
    return [link['rel'] for link in item['links']]


class TestStackKeys(ApiTestCase):

    def setUp(self):
        super().setUp()
        self.sid = self.create('web')['id']
        self.url = '~/stacks/web/%s' % self.sid

    def get(self, path: str, token: str | None = None, **params) -> dict:
        resp = self.http('GET', path, token, params=params)
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.json()

    def test_stack_show_has_exactly_heats_keys(self):
        shown = self.get(self.url)['stack']
        self.assertEqual(STACK_SHOW_KEYS, set(shown))
        self.assertEqual(['self'], rels(shown))
        self.assertEqual({'output_key', 'output_value', 'description'},
                         set(shown['outputs'][0]))

    def test_a_new_stack_shows_nulls_until_things_happen_to_it(self):
        shown = self.get(self.url)['stack']
        self.assertEqual((None, None, None, None, None),
                         (shown['updated_time'], shown['deletion_time'], shown['parent'],
                          shown['tags'], shown['timeout_mins']))
        self.assertEqual(([], []), (shown['capabilities'], shown['notification_topics']))
        self.assertEqual('alice', shown['stack_owner'])
        self.assertEqual(shown['description'], shown['template_description'])

    def test_stack_list_has_exactly_heats_keys_and_project_for_admins(self):
        (listed,) = self.get('~/stacks')['stacks']
        self.assertEqual(STACK_LIST_KEYS | {'project'}, set(listed))
        self.assertEqual(self.alpha, listed['project'])
        self.assertIsNone(listed['updated_time'])
        bob = self.create('bobs', token=self.bob_token, project=self.beta)
        (theirs,) = self.get('/v1/%s/stacks' % self.beta, self.bob_token)['stacks']
        self.assertEqual(bob['id'], theirs['id'])
        self.assertEqual(STACK_LIST_KEYS, set(theirs))

    def test_stack_detail_lists_show_keys_but_outputs(self):
        (listed,) = self.get('~/stacks/detail')['stacks']
        self.assertTrue(STACK_LIST_KEYS <= set(listed), set(listed))
        self.assertNotIn('stack_action', listed)
        self.assertNotIn('tenant', listed)

    def test_resources_have_exactly_heats_keys(self):
        listed = self.get(self.url + '/resources')['resources']
        self.assertEqual([RESOURCE_KEYS] * 2, [set(r) for r in listed])
        self.assertEqual([['self', 'stack']] * 2, [rels(r) for r in listed])
        detailed = self.get(self.url + '/resources', with_detail='true')['resources']
        self.assertEqual([RESOURCE_DETAIL_KEYS] * 2, [set(r) for r in detailed])
        shown = self.get(self.url + '/resources/first')['resource']
        self.assertEqual(RESOURCE_DETAIL_KEYS, set(shown))
        self.assertEqual(['second'], shown['required_by'])

    def test_events_have_exactly_heats_keys(self):
        events = self.get(self.url + '/events')['events']
        self.assertEqual([EVENT_KEYS] * len(events), [set(e) for e in events])
        self.assertEqual([['self', 'resource', 'stack']] * len(events),
                         [rels(e) for e in events])
        first = next(e for e in events if e['resource_name'] == 'first')
        shown = self.get(self.url + '/resources/first/events/%s' % first['id'])['event']
        self.assertEqual(EVENT_DETAIL_KEYS, set(shown))
        self.assertEqual(first['links'], shown['links'])

    def test_outputs_have_exactly_heats_keys(self):
        outputs = self.get(self.url + '/outputs')['outputs']
        self.assertEqual([{'output_key', 'description'}] * 2, [set(o) for o in outputs])
        shown = self.get(self.url + '/outputs/first_id')['output']
        self.assertEqual({'output_key', 'output_value', 'description'}, set(shown))

    def test_environment_show_has_exactly_heats_keys(self):
        self.assertEqual(ENVIRONMENT_KEYS, set(self.get(self.url + '/environment')))


class TestCatalogKeys(ApiTestCase):

    def get(self, path: str, **params) -> dict:
        resp = self.http('GET', path, params=params)
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.json()

    def test_template_versions_and_functions(self):
        versions = self.get('~/template_versions')['template_versions']
        self.assertEqual({frozenset({'version', 'type', 'aliases'})},
                         {frozenset(v) for v in versions})
        functions = self.get('~/template_versions/heat_template_version.2016-10-14/functions')
        self.assertEqual({frozenset({'functions', 'description'})},
                         {frozenset(f) for f in functions['template_functions']})

    def test_resource_types_list_names_and_schema_keys(self):
        types = self.get('~/resource_types')['resource_types']
        self.assertIn('OS::Heat::None', types)
        self.assertTrue(all(isinstance(t, str) for t in types))
        schema = self.get('~/resource_types/OS::Heat::None')
        self.assertEqual({'resource_type', 'properties', 'attributes', 'support_status'},
                         set(schema))
        self.assertEqual({'status', 'version', 'message', 'previous_status'},
                         set(schema['support_status']))

    def test_build_info(self):
        info = self.get('~/build_info')
        self.assertEqual({'api', 'engine'}, set(info))
        self.assertEqual(({'revision'}, {'revision'}), (set(info['api']), set(info['engine'])))

    def test_validate_answers_description_parameters_and_environment(self):
        resp = self.http('POST', '~/validate', json={
            'template': TEMPLATE, 'parameters': {'name': 'given'},
            'environment': {'parameter_defaults': {'other': 1}}})
        self.assertEqual(200, resp.status_code, resp.text)
        body = resp.json()
        self.assertEqual({'Description', 'Parameters', 'Environment'}, set(body))
        self.assertEqual(ENVIRONMENT_KEYS, set(body['Environment']))
        self.assertEqual({'name': 'given'}, body['Environment']['parameters'])
        self.assertEqual({'other': 1}, body['Environment']['parameter_defaults'])
        self.assertEqual({'resources': {}}, body['Environment']['resource_registry'])


class TestUpdatedTimeWithHeatclient(ApiTestCase):
    """python-heatclient reads ``updated_time`` as Heat gives it: None until
    the stack's first update."""

    def test_updated_time_is_null_until_the_first_update(self):
        from heatclient import client
        heat = client.Client('1', endpoint=self.endpoint, token=self.token)
        heat.stacks.create(stack_name='web', template=TEMPLATE_OBJECT)
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'CREATE_COMPLETE'))
        created = heat.stacks.get('web')
        self.assertIsNone(created.updated_time)
        self.assertIsNone(created.deletion_time)
        self.assertEqual([None], [s.updated_time for s in heat.stacks.list()])
        changed = dict(TEMPLATE_OBJECT, description='changed')
        heat.stacks.update(created.id, template=changed)
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'UPDATE_COMPLETE'))
        updated = heat.stacks.get('web')
        self.assertRegex(updated.updated_time, r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
        self.assertGreaterEqual(updated.updated_time, created.creation_time)
        self.assertEqual([updated.updated_time], [s.updated_time for s in heat.stacks.list()])

    def test_a_suspended_and_resumed_stack_has_still_not_been_updated(self):
        from heatclient import client
        heat = client.Client('1', endpoint=self.endpoint, token=self.token)
        sid = self.create('web', TEMPLATE_OBJECT)['id']
        heat.actions.suspend(sid)
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'SUSPEND_COMPLETE'))
        self.assertIsNone(heat.stacks.get('web').updated_time)
