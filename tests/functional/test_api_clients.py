"""Real clients against the REST API, unchanged: python-heatclient (with a
token and in its standalone X-Auth-User/X-Auth-Key mode) and openstacksdk's
orchestration proxy."""

from __future__ import annotations

import json
import time

from tests.functional.test_api_base import TEMPLATE_OBJECT, ApiTestCase

#: a stack whose update of ``slow`` takes a while: time to cancel it
SLOW_UPDATE = {
    'heat_template_version': '2018-08-31',
    'resources': {
        'slow': {'type': 'OS::Heat::TestResource',
                 'properties': {'value': 'one', 'action_wait_secs': {'update': 2}}},
        'after': {'type': 'OS::Heat::TestResource', 'properties': {'value': 'one'},
                  'depends_on': 'slow'}},
    'outputs': {'slow': {'value': {'get_attr': ['slow', 'output']}}},
}


def wait_for(check, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


class TestHeatclient(ApiTestCase):

    def client(self, **kwargs):
        from heatclient import client
        return client.Client('1', endpoint=self.endpoint, **kwargs)

    def test_a_stack_from_create_to_delete(self):
        heat = self.client(token=self.token)
        created = heat.stacks.create(stack_name='web', template=TEMPLATE_OBJECT,
                                     parameters={}, tags='a,b')
        sid = created['stack']['id']
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'CREATE_COMPLETE'))
        stack = heat.stacks.get('web')
        self.assertEqual(sid, stack.id)
        self.assertEqual(['a', 'b'], stack.tags)
        self.assertEqual(['web'], [s.stack_name for s in heat.stacks.list()])
        events = heat.events.list('web')
        self.assertEqual(['web', 'only', 'only', 'web'], [e.resource_name for e in events])
        self.assertEqual('CREATE_COMPLETE', events[-1].resource_status)
        event = heat.events.get('web', 'only', events[2].id)
        self.assertEqual('OS::Heat::None', event.resource_type)
        (resource,) = heat.resources.list('web')
        self.assertEqual(('only', 'CREATE_COMPLETE', 'web'),
                         (resource.resource_name, resource.resource_status,
                          resource.stack_name))
        self.assertEqual('only', heat.resources.get('web', 'only').resource_name)
        self.assertEqual({}, heat.resources.metadata('web', 'only'))
        outputs = heat.stacks.output_list('web')['outputs']
        self.assertEqual(['only_id'], [o['output_key'] for o in outputs])
        output = heat.stacks.output_show('web', 'only_id')['output']
        self.assertEqual(resource.physical_resource_id, output['output_value'])
        self.assertIn('resources', heat.stacks.template('web'))
        heat.stacks.delete('web')
        self.assertTrue(wait_for(lambda: list(heat.stacks.list()) == []))

    def test_update_and_actions(self):
        heat = self.client(token=self.token)
        heat.stacks.create(stack_name='web', template=TEMPLATE_OBJECT)
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'CREATE_COMPLETE'))
        heat.stacks.update('web', template=TEMPLATE_OBJECT, existing=True)
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'UPDATE_COMPLETE'))
        heat.actions.suspend('web')
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'SUSPEND_COMPLETE'))
        heat.actions.resume('web')
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'RESUME_COMPLETE'))

    def start_slow_update(self, heat, name: str) -> None:
        """Create ``name`` from SLOW_UPDATE, then start an update that is
        still running when this returns."""
        heat.stacks.create(stack_name=name, template=SLOW_UPDATE)
        self.assertTrue(wait_for(
            lambda: heat.stacks.get(name).stack_status == 'CREATE_COMPLETE'))
        heat.stacks.update(name, template=json.loads(
            json.dumps(SLOW_UPDATE).replace('"one"', '"two"')))
        self.assertTrue(wait_for(lambda: any(
            (e.resource_name, e.resource_status) == ('slow', 'UPDATE_IN_PROGRESS')
            for e in heat.events.list(name))))

    def outputs(self, heat, name: str) -> dict:
        return {o['output_key']: o['output_value'] for o in heat.stacks.get(name).outputs}

    def test_cancel_update_rolls_back(self):
        heat = self.client(token=self.token)
        self.start_slow_update(heat, 'web')
        heat.actions.cancel_update('web')
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'ROLLBACK_COMPLETE'))
        self.assertEqual('one', self.outputs(heat, 'web')['slow'])

    def test_cancel_without_rollback_leaves_the_update_failed(self):
        heat = self.client(token=self.token)
        self.start_slow_update(heat, 'web')
        heat.actions.cancel_without_rollback('web')
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'UPDATE_FAILED'))
        self.assertEqual('Stack UPDATE cancelled', heat.stacks.get('web').stack_status_reason)
        # the resource in flight finished its update; nothing was rolled back
        self.assertEqual('two', self.outputs(heat, 'web')['slow'])

    def test_catalog_calls(self):
        heat = self.client(token=self.token)
        self.assertIn('OS::Heat::None', [str(t.resource_type) for t in
                                          heat.resource_types.list()])
        self.assertEqual('OS::Heat::None',
                         heat.resource_types.get('OS::Heat::None')['resource_type'])
        versions = [v.version for v in heat.template_versions.list()]
        self.assertIn('heat_template_version.2016-10-14', versions)
        self.assertEqual({'api', 'engine'}, set(heat.build_info.build_info()))
        summary = heat.stacks.validate(template=TEMPLATE_OBJECT)
        self.assertEqual({}, summary['Parameters'])

    def test_errors_become_heatclient_exceptions(self):
        from heatclient import exc
        heat = self.client(token=self.token)
        error = self.assertRaises(exc.HTTPNotFound, heat.stacks.get, 'nope')
        self.assertIn('The Stack (nope) could not be found.', str(error))
        error = self.assertRaises(exc.HTTPBadRequest, heat.stacks.create,
                                  stack_name='bad', template={'resources': 'no'})
        self.assertIn('ERROR:', str(error))
        self.assertRaises(exc.HTTPUnauthorized,
                          self.client(token='wrong').stacks.list().__next__)

    def test_standalone_mode_with_user_and_key(self):
        heat = self.client(username='alice', password='alice-pw',
                           auth_url='http://keystone.invalid:5000/v3')
        heat.stacks.create(stack_name='web', template=TEMPLATE_OBJECT)
        self.assertTrue(wait_for(
            lambda: heat.stacks.get('web').stack_status == 'CREATE_COMPLETE'))
        self.assertEqual(['web'], [s.stack_name for s in heat.stacks.list()])
        self.assertEqual(['only'], [r.resource_name for r in heat.resources.list('web')])
        heat.stacks.delete('web')
        self.assertTrue(wait_for(lambda: list(heat.stacks.list()) == []))


class TestOpenstacksdk(ApiTestCase):

    def connection(self):
        import openstack
        conn = openstack.connect(auth_type='admin_token',
                                 auth={'endpoint': self.endpoint, 'token': self.token})
        self.addCleanup(conn.close)
        return conn

    def test_a_stack_from_create_to_delete(self):
        conn = self.connection()
        created = conn.orchestration.create_stack(name='web', template=TEMPLATE_OBJECT)
        self.assertTrue(created.id)
        self.assertTrue(wait_for(
            lambda: conn.orchestration.get_stack('web').status == 'CREATE_COMPLETE'))
        stack = conn.orchestration.get_stack('web')
        self.assertEqual((created.id, 'web'), (stack.id, stack.name))
        self.assertEqual(['web'], [s.name for s in conn.orchestration.stacks()])
        found = conn.orchestration.find_stack('web')
        self.assertEqual(created.id, found.id)
        resources = list(conn.orchestration.resources(stack))
        self.assertEqual(['only'], [r.name for r in resources])
        conn.orchestration.delete_stack(stack)
        self.assertTrue(wait_for(lambda: list(conn.orchestration.stacks()) == []))

    def test_a_missing_stack(self):
        from openstack import exceptions
        conn = self.connection()
        self.assertIsNone(conn.orchestration.find_stack('nope'))
        self.assertRaises(exceptions.NotFoundException, conn.orchestration.get_stack, 'nope')
