"""Software configs and deployments over the REST API, with the real
clients (python-heatclient, openstacksdk) and raw HTTP for status codes and
errors; the OS::Heat::SoftwareConfig/StructuredConfig resource types."""

from __future__ import annotations

import textwrap

from tests.functional.test_api_base import ApiTestCase

SCRIPT = '#!/bin/sh\necho "Hello, $name" > /tmp/hello\necho -n done > $heat_outputs_path.result\n'
INPUTS = [{'name': 'name', 'description': 'who to greet'},
          {'name': 'count', 'type': 'Number', 'default': 3}]
OUTPUTS = [{'name': 'result'}, {'name': 'failure', 'error_output': True}]


class SoftwareApiTestCase(ApiTestCase):

    def heat(self, token=None):
        from heatclient import client
        return client.Client('1', endpoint=self.endpoint, token=token or self.token)

    def post_config(self, token=None, project=None, **body) -> dict:
        body = dict({'name': 'hello', 'group': 'script', 'config': SCRIPT}, **body)
        resp = self.http('POST', '/v1/%s/software_configs' % (project or self.alpha), token,
                         json=body)
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.json()['software_config']

    def post_deployment(self, config_id, server_id='server-1', **body) -> dict:
        resp = self.http('POST', '~/software_deployments',
                         json=dict(config_id=config_id, server_id=server_id, **body))
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.json()['software_deployment']


class TestSoftwareConfigs(SoftwareApiTestCase):

    def test_heatclient_creates_shows_lists_and_deletes_a_config(self):
        heat = self.heat()
        created = heat.software_configs.create(name='hello', group='script', config=SCRIPT,
                                               inputs=INPUTS, outputs=OUTPUTS,
                                               options={'debug': True})
        shown = heat.software_configs.get(created.id)
        self.assertEqual(('hello', 'script', SCRIPT, {'debug': True}),
                         (shown.name, shown.group, shown.config, shown.options))
        # Heat's stored form: type defaults to String, error_output to false
        self.assertEqual([{'name': 'name', 'type': 'String', 'description': 'who to greet'},
                          {'name': 'count', 'type': 'Number', 'default': 3}], shown.inputs)
        self.assertEqual([{'name': 'result', 'type': 'String', 'error_output': False},
                          {'name': 'failure', 'type': 'String', 'error_output': True}],
                         shown.outputs)
        self.assertRegex(shown.creation_time, r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
        listed = heat.software_configs.list()
        self.assertEqual([created.id], [c.id for c in listed])
        heat.software_configs.delete(created.id)
        self.assertEqual([], list(heat.software_configs.list()))

    def test_create_answers_200_with_the_config(self):
        resp = self.http('POST', '~/software_configs', json={'name': 'x', 'config': 'true'})
        self.assertEqual(200, resp.status_code, resp.text)
        config = resp.json()['software_config']
        self.assertEqual({'id', 'name', 'group', 'config', 'inputs', 'outputs', 'options',
                          'creation_time'}, set(config))
        self.assertEqual(('x', None, 'true', [], [], {}),
                         (config['name'], config['group'], config['config'],
                          config['inputs'], config['outputs'], config['options']))

    def test_list_shows_summaries_a_page_at_a_time(self):
        ids = [self.post_config(name='c%d' % i)['id'] for i in range(3)]
        resp = self.http('GET', '~/software_configs?limit=2')
        self.assertEqual(200, resp.status_code, resp.text)
        page = resp.json()['software_configs']
        self.assertEqual(ids[:2], [c['id'] for c in page])
        self.assertEqual({'id', 'name', 'group', 'creation_time', 'project'}, set(page[0]))
        resp = self.http('GET', '~/software_configs?limit=2&marker=%s' % ids[1])
        self.assertEqual(ids[2:], [c['id'] for c in resp.json()['software_configs']])

    def test_delete_answers_204_without_a_body(self):
        config = self.post_config()
        resp = self.http('DELETE', '~/software_configs/%s' % config['id'])
        self.assertEqual(204, resp.status_code)
        self.assertEqual(b'', resp.content)
        self.assertError(self.http('GET', '~/software_configs/%s' % config['id']), 404,
                         'NotFound', 'Software config with id %s not found' % config['id'])

    def test_a_config_in_use_cannot_be_deleted(self):
        config = self.post_config()
        self.post_deployment(config['id'])
        self.assertError(self.http('DELETE', '~/software_configs/%s' % config['id']), 409,
                         'InvalidRestrictedAction', 'can not be deleted as it is referenced')

    def test_unknown_configs_are_404(self):
        self.assertError(self.http('GET', '~/software_configs/nope'), 404, 'NotFound',
                         'Software config with id nope not found')
        self.assertError(self.http('DELETE', '~/software_configs/nope'), 404, 'NotFound')
        self.assertError(self.http('GET', '~/software_configs?marker=nope'), 404, 'NotFound')

    def test_invalid_configs_are_400_with_the_reason(self):
        cases = [
            ([1, 2], 'must be a JSON object'),
            ({'name': 5}, 'name must be a string'),
            ({'options': 'x'}, 'options must be a map'),
            ({'inputs': {'name': 'a'}}, 'must be in a list'),
            ({'inputs': ['a']}, 'must be a dict'),
            ({'inputs': [{'type': 'String'}]}, 'inputs[0]: Property name not assigned'),
            ({'inputs': [{'name': 'a', 'type': 'Text'}]}, '"Text" is not an allowed value'),
            ({'inputs': [{'name': 'a', 'colour': 'red'}]}, 'Unknown Property colour'),
            ({'outputs': [{'name': 'a', 'error_output': 'maybe'}]}, 'must be a boolean'),
            ({'inputs': [{'name': 'a', 'type': 'Number', 'default': 'ten'}]},
             "inputs[0]: the default 'ten' is not a valid Number"),
            ({'inputs': [{'name': 'a', 'type': 'Json', 'default': '{bad'}]},
             'is not a valid Json'),
        ]
        for body, message in cases:
            self.assertError(self.http('POST', '~/software_configs', json=body), 400,
                             message=message)
        self.assertError(self.http('POST', '~/software_configs', data='{oops',
                                   headers={'Content-Type': 'application/json'}), 400)
        self.assertError(self.http('GET', '~/software_configs?limit=many'), 400,
                         message="Only integer is acceptable by 'limit'.")

    def test_every_url_answers_options_and_405(self):
        config = self.post_config()
        deployment = self.post_deployment(config['id'])
        urls = {'~/software_configs': 'GET,POST',
                '~/software_configs/%s' % config['id']: 'GET,DELETE',
                '~/software_deployments': 'GET,POST',
                '~/software_deployments/%s' % deployment['id']: 'GET,PUT,DELETE',
                '~/software_deployments/metadata/server-1': 'GET'}
        for url, allowed in urls.items():
            resp = self.http('OPTIONS', url)
            self.assertEqual((204, allowed), (resp.status_code, resp.headers['Allow']), url)
            doc = self.assertError(self.http('PATCH', url), 405, 'HTTPMethodNotAllowed')
            self.assertIn('PATCH', doc['error']['message'])

    def test_another_tenants_configs_are_not_found(self):
        config = self.post_config()
        beta = '/v1/%s/software_configs' % self.beta
        self.assertError(self.http('GET', '%s/%s' % (beta, config['id']), self.bob_token),
                         404, 'NotFound')
        self.assertError(self.http('DELETE', '%s/%s' % (beta, config['id']), self.bob_token),
                         404, 'NotFound')
        resp = self.http('GET', beta, self.bob_token)
        self.assertEqual([], resp.json()['software_configs'])
        # nor can bob deploy it
        resp = self.http('POST', '/v1/%s/software_deployments' % self.beta, self.bob_token,
                         json={'config_id': config['id'], 'server_id': 's'})
        self.assertError(resp, 404, 'NotFound')

    def test_a_tenant_may_have_only_so_many_configs(self):
        self.config(max_software_configs_per_tenant=1)
        self.post_config(token=self.bob_token, project=self.beta)
        resp = self.http('POST', '/v1/%s/software_configs' % self.beta, self.bob_token,
                         json={'name': 'second'})
        self.assertError(resp, 400, 'RequestLimitExceeded',
                         'maximum software configs per tenant, 1')

    def test_openstacksdk_creates_lists_and_deletes_configs(self):
        import openstack
        conn = openstack.connect(auth_type='admin_token',
                                 auth={'endpoint': self.endpoint, 'token': self.token})
        self.addCleanup(conn.close)
        created = conn.orchestration.create_software_config(
            name='sdk', group='script', config=SCRIPT, inputs=INPUTS, outputs=[], options={})
        fetched = conn.orchestration.get_software_config(created.id)
        self.assertEqual(('sdk', SCRIPT), (fetched.name, fetched.config))
        self.assertEqual([created.id], [c.id for c in conn.orchestration.software_configs()])
        deployment = conn.orchestration.create_software_deployment(
            config_id=created.id, server_id='vm', action='CREATE', status='IN_PROGRESS')
        updated = conn.orchestration.update_software_deployment(
            deployment, status='COMPLETE', output_values={'deploy_status_code': 0})
        self.assertEqual('COMPLETE', updated.status)
        self.assertEqual({'deploy_status_code': 0},
                         conn.orchestration.get_software_deployment(deployment.id)
                         .output_values)
        conn.orchestration.delete_software_deployment(deployment)
        conn.orchestration.delete_software_config(created)
        self.assertEqual([], list(conn.orchestration.software_configs()))


class TestSoftwareDeployments(SoftwareApiTestCase):

    def test_heatclient_deploys_a_config_and_takes_the_agents_report(self):
        heat = self.heat()
        config = heat.software_configs.create(name='hello', group='script', config=SCRIPT,
                                              inputs=INPUTS, outputs=OUTPUTS)
        deployment = heat.software_deployments.create(
            config_id=config.id, server_id='server-1', input_values={'name': 'world'},
            action='CREATE', status='IN_PROGRESS', status_reason='Deploy data available')
        self.assertEqual(('server-1', 'CREATE', 'IN_PROGRESS', {'name': 'world'}, None),
                         (deployment.server_id, deployment.action, deployment.status,
                          deployment.input_values, deployment.output_values))
        self.assertFalse(hasattr(deployment, 'updated_time'))
        # what os-collect-config's heat-config hook sends when the script ran
        reported = heat.software_deployments.update(
            deployment.id, status='COMPLETE', status_reason='Outputs received',
            output_values={'result': 'done', 'deploy_stdout': 'ok', 'deploy_stderr': '',
                           'deploy_status_code': 0})
        self.assertEqual('COMPLETE', reported.status)
        shown = heat.software_deployments.get(deployment.id)
        self.assertEqual(('COMPLETE', 'Outputs received', 'done', 'CREATE'),
                         (shown.status, shown.status_reason, shown.output_values['result'],
                          shown.action))
        self.assertRegex(shown.updated_time, r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')
        self.assertEqual([deployment.id],
                         [d.id for d in heat.software_deployments.list(server_id='server-1')])
        self.assertEqual([], list(heat.software_deployments.list(server_id='server-2')))
        (metadata,) = heat.software_deployments.metadata('server-1')
        self.assertEqual(config.id, metadata['id'])
        heat.software_deployments.delete(deployment.id)
        self.assertEqual([], list(heat.software_deployments.list()))
        self.assertEqual([], heat.software_deployments.metadata('server-1'))

    def test_metadata_lists_the_servers_configs_with_their_input_values(self):
        zeta = self.post_config(name='zeta', inputs=INPUTS)
        alpha = self.post_config(name='alpha', config={'structured': True})
        self.post_deployment(zeta['id'], input_values={'name': 'world', 'extra': [1]})
        self.post_deployment(alpha['id'])
        self.post_deployment(alpha['id'], server_id='server-2')
        resp = self.http('GET', '~/software_deployments/metadata/server-1')
        self.assertEqual(200, resp.status_code, resp.text)
        metadata = resp.json()['metadata']
        self.assertEqual(['alpha', 'zeta'], [m['name'] for m in metadata])   # by name
        self.assertEqual({'structured': True}, metadata[0]['config'])
        self.assertEqual([
            {'name': 'name', 'type': 'String', 'description': 'who to greet',
             'value': 'world'},
            {'name': 'count', 'type': 'Number', 'default': 3, 'value': 3},
            {'name': 'extra', 'type': 'String', 'value': [1]},
        ], metadata[1]['inputs'])
        self.assertEqual({'metadata': []},
                         self.http('GET', '~/software_deployments/metadata/other').json())

    def test_update_changes_only_what_is_given(self):
        first = self.post_config(name='first')
        second = self.post_config(name='second')
        deployment = self.post_deployment(first['id'], input_values={'a': 1},
                                          action='CREATE', status='IN_PROGRESS')
        url = '~/software_deployments/%s' % deployment['id']
        resp = self.http('PUT', url, json={'config_id': second['id'], 'action': 'UPDATE',
                                           'status': None, 'unknown': 'ignored'})
        self.assertEqual(200, resp.status_code, resp.text)
        updated = resp.json()['software_deployment']
        self.assertEqual((second['id'], 'UPDATE', 'IN_PROGRESS', {'a': 1}),
                         (updated['config_id'], updated['action'], updated['status'],
                          updated['input_values']))
        metadata = self.http('GET', '~/software_deployments/metadata/server-1').json()
        self.assertEqual(['second'], [m['name'] for m in metadata['metadata']])

    def test_deployment_errors(self):
        config = self.post_config()
        deployment = self.post_deployment(config['id'])
        url = '~/software_deployments/%s' % deployment['id']
        cases = [
            ('POST', '~/software_deployments', {'config_id': config['id']}, 400,
             'server_id must be specified'),
            ('POST', '~/software_deployments', {'server_id': 's'}, 400,
             'config_id must be specified'),
            ('POST', '~/software_deployments', {'config_id': 'nope', 'server_id': 's'}, 404,
             'Software config with id nope not found'),
            ('POST', '~/software_deployments', {'config_id': config['id'], 'server_id': 's',
                                                'input_values': [1]}, 400,
             'input_values must be a map'),
            ('POST', '~/software_deployments', {'config_id': config['id'], 'server_id': 's',
                                                'status': 'DONE'}, 400,
             'Invalid deployment status "DONE"'),
            ('PUT', url, {'status': 'WORKING'}, 400, 'Invalid deployment status'),
            ('PUT', url, {'output_values': 'x'}, 400, 'output_values must be a map'),
            ('PUT', url, {'config_id': 'nope'}, 404, 'Software config with id nope'),
            ('PUT', url, 'not an object', 400, 'must be a JSON object'),
            ('PUT', '~/software_deployments/nope', {'status': 'COMPLETE'}, 404,
             'Deployment with id nope not found'),
            ('GET', '~/software_deployments/nope', None, 404, 'Deployment with id nope'),
            ('DELETE', '~/software_deployments/nope', None, 404, 'Deployment with id nope'),
        ]
        for method, path, body, status, message in cases:
            resp = self.http(method, path, json=body)
            self.assertError(resp, status, message=message)
        self.assertError(self.http('GET', '~/software_deployments/metadata'), 404)

    def test_another_tenants_deployments_are_not_found(self):
        deployment = self.post_deployment(self.post_config()['id'])
        beta = '/v1/%s/software_deployments' % self.beta
        for method in ('GET', 'DELETE'):
            self.assertError(self.http(method, '%s/%s' % (beta, deployment['id']),
                                       self.bob_token), 404, 'NotFound')
        self.assertError(self.http('PUT', '%s/%s' % (beta, deployment['id']), self.bob_token,
                                   json={'status': 'FAILED'}), 404, 'NotFound')
        self.assertEqual([], self.http('GET', beta, self.bob_token)
                         .json()['software_deployments'])
        self.assertEqual([], self.http('GET', '%s/metadata/server-1' % beta, self.bob_token)
                         .json()['metadata'])
        shown = self.http('GET', '~/software_deployments/%s' % deployment['id']).json()
        self.assertEqual('server-1', shown['software_deployment']['server_id'])

    def test_a_signal_from_the_server_completes_or_fails_the_deployment(self):
        from heat_core.engine.context import RequestContext
        ctx = RequestContext(tenant=self.alpha, user='alice', roles=['member'])
        config = self.post_config(outputs=OUTPUTS)
        ok = self.post_deployment(config['id'], status='IN_PROGRESS')
        bad = self.post_deployment(config['id'], status='IN_PROGRESS')
        self.assertEqual('deployment %s succeeded' % ok['id'],
                         self.service.signal_software_deployment(
                             ctx, ok['id'], {'result': 'done', 'deploy_stdout': 'fine',
                                             'deploy_status_code': 0}))
        shown = self.service.show_software_deployment(ctx, ok['id'])
        self.assertEqual(('COMPLETE', 'Outputs received'),
                         (shown['status'], shown['status_reason']))
        self.assertEqual({'result': 'done', 'deploy_stdout': 'fine', 'deploy_stderr': None,
                          'deploy_status_code': 0}, shown['output_values'])
        self.service.signal_software_deployment(ctx, bad['id'], {'failure': 'disk full',
                                                                 'deploy_status_code': 2})
        shown = self.service.show_software_deployment(ctx, bad['id'])
        self.assertEqual('FAILED', shown['status'])
        self.assertIn('Deployment exited with non-zero status code: 2', shown['status_reason'])
        self.assertIn('failure : disk full', shown['status_reason'])
        # once finished, further signals change nothing
        self.assertIsNone(self.service.signal_software_deployment(ctx, ok['id'], {}))


class TestSoftwareConfigResources(SoftwareApiTestCase):

    TEMPLATE = textwrap.dedent('''\
        heat_template_version: 2016-10-14
        resources:
          server:
            type: OS::Heat::None
          script:
            type: OS::Heat::SoftwareConfig
            properties:
              group: script
              config: "echo hi"
              inputs:
              - name: who
              outputs:
              - name: result
          data:
            type: OS::Heat::StructuredConfig
            properties:
              config: {packages: [nginx]}
        outputs:
          script_id:
            value: {get_resource: script}
          script_config:
            value: {get_attr: [script, config]}
          data_config:
            value: {get_attr: [data, config]}
          server_id:
            value: {get_resource: server}
        ''')

    def test_config_resources_record_software_configs(self):
        stack = self.create('cfg', template=self.TEMPLATE)
        shown = self.show('cfg', stack['id'])
        self.assertEqual('CREATE_COMPLETE', shown['stack_status'], shown)
        outputs = {o['output_key']: o['output_value'] for o in shown['outputs']}
        self.assertEqual('echo hi', outputs['script_config'])
        self.assertEqual({'packages': ['nginx']}, outputs['data_config'])
        config = self.http('GET', '~/software_configs/%s' % outputs['script_id']).json()
        config = config['software_config']
        self.assertEqual(('script', 'echo hi', [{'name': 'who', 'type': 'String'}],
                          [{'name': 'result', 'type': 'String', 'error_output': False}]),
                         (config['group'], config['config'], config['inputs'],
                          config['outputs']))
        self.assertTrue(config['name'].startswith('cfg-script-'), config['name'])
        listed = self.http('GET', '~/software_configs').json()['software_configs']
        self.assertEqual(2, len(listed))
        self.assertIn('Heat::Ungrouped', [c['group'] for c in listed])

        # a deployment to the stack's "server" shows in that resource's metadata
        self.post_deployment(outputs['script_id'], server_id=outputs['server_id'],
                             input_values={'who': 'me'})
        metadata = self.http('GET', '~/stacks/cfg/%s/resources/server/metadata'
                             % stack['id']).json()['metadata']
        (deployed,) = metadata['deployments']
        self.assertEqual([{'name': 'who', 'type': 'String', 'value': 'me'}],
                         deployed['inputs'])
        for deployment in self.http('GET', '~/software_deployments').json()[
                'software_deployments']:
            self.http('DELETE', '~/software_deployments/%s' % deployment['id'])

        resp = self.http('DELETE', '~/stacks/cfg/%s' % stack['id'])
        self.assertEqual(204, resp.status_code, resp.text)
        self.wait(stack['id'])
        self.assertEqual([], self.http('GET', '~/software_configs').json()['software_configs'])

    def test_config_properties_are_validated(self):
        template = textwrap.dedent('''\
            heat_template_version: 2016-10-14
            resources:
              script:
                type: OS::Heat::SoftwareConfig
                properties:
                  inputs:
                  - description: no name
            ''')
        resp = self.http('POST', '~/validate', json={'template': template})
        self.assertError(resp, 400, 'StackValidationFailed', 'name')

    def test_the_types_schemas_are_heats(self):
        for name, config_type in (('OS::Heat::SoftwareConfig', 'string'),
                                  ('OS::Heat::StructuredConfig', 'map')):
            resp = self.http('GET', '~/resource_types/%s' % name)
            self.assertEqual(200, resp.status_code, resp.text)
            schema = resp.json()
            props = schema['properties']
            self.assertEqual({'group', 'config', 'options', 'inputs', 'outputs'}, set(props))
            self.assertEqual(('Heat::Ungrouped', config_type, 'list'),
                             (props['group']['default'], props['config']['type'],
                              props['inputs']['type']))
            self.assertEqual(['config'], sorted(set(schema['attributes']) - {'show'}))
            self.assertEqual('2014.1', schema['support_status']['version'])


class TestSoftwareDeploymentsPostgres(TestSoftwareDeployments):
    """The same over PostgreSQL (skipped when none is reachable)."""
    backend = 'postgresql'
