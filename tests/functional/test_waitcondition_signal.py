"""Wait conditions signalled for real: the CloudFormation API served on a
loopback port, the installed ``cfn-signal`` (heat-cfntools) and ``curl``
sending to a wait condition handle's pre-signed URL, and ``/signal`` URLs
for a CreationPolicy."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import requests

from heat_core.resources import signed_url as su
from tests.unit.test_aws_waitcondition import SignalTestCase

NS = '{http://cloudformation.amazonaws.com/doc/2010-05-15/}'

WAITING_INSTANCE = '''
    Handle:
      Type: AWS::CloudFormation::WaitConditionHandle
    Server:
      Type: AWS::EC2::Instance
      Properties:
        ImageId: F18-x86_64-cfntools
        InstanceType: m1.small
        UserData:
          Fn::Base64: !Sub |
            #!/bin/bash
            /opt/aws/bin/cfn-signal -e 0 -r done -d data -i id1 '${Handle}'
    Wait:
      Type: AWS::CloudFormation::WaitCondition
      DependsOn: Server
      Properties: {Handle: !Ref Handle, Timeout: 20}
'''
OUTPUTS = 'Data: {Value: !GetAtt Wait.Data}\n'


def _cfn_signal() -> str | None:
    """The installed cfn-signal, when it can run here (it logs to /var/log)."""
    path = shutil.which('cfn-signal')
    log = '/var/log/cfn-signal.log'
    if path is None or shutil.which('curl') is None:
        return None
    if not (os.access(log, os.W_OK) or os.access(os.path.dirname(log), os.W_OK)):
        return None
    return path


class ServedTestCase(SignalTestCase):
    """The real CloudFormation API (heat_api.cfn.app) on a free loopback
    port over the test's engine service; handles' URLs point at it."""

    def setUp(self):
        super().setUp()
        from heat_api.cfn.app import setup_app
        from heat_api.server import Server
        self.server = Server(setup_app(self.service), threads=4).start()
        self.addCleanup(self.server.shutdown)
        self.config(group='heat_api_cfn', public_url=self.server.url)

    def waiting(self, resources=WAITING_INSTANCE, outputs=OUTPUTS, **kwargs) -> tuple:
        stack_id = self.start(resources, outputs, **kwargs)
        self.until('Wait', 'CREATE_IN_PROGRESS')
        return stack_id, self.handle_url()

    def put(self, url: str, body: str | bytes, method='PUT') -> requests.Response:
        return requests.request(method, url, data=body, headers={'Content-Type': ''},
                                timeout=10)

    @staticmethod
    def error(resp: requests.Response) -> tuple:
        doc = ET.fromstring(resp.content)
        return resp.status_code, doc.find('%sError/%sCode' % (NS, NS)).text


class CfnSignalTest(ServedTestCase):

    def setUp(self):
        super().setUp()
        self.cfn_signal = _cfn_signal()
        if self.cfn_signal is None:
            self.skipTest('cfn-signal (heat-cfntools), curl or a writable /var/log is missing')

    def run_cfn_signal(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run([self.cfn_signal, *args], capture_output=True, text=True,
                              timeout=30)

    def test_cfn_signal_completes_the_stack_and_its_data_reaches_an_output(self):
        stack_id, url = self.waiting()
        done = self.run_cfn_signal('-e', '0', '-r', 'done', '-d', 'data', '-i', 'id1', url)
        self.assertEqual((0, 'CREATE_COMPLETE', {'Data': '{"id1": "data"}'}),
                         (done.returncode, self.finish(stack_id), self.outputs()))

    def test_cfn_signal_of_a_failed_exit_code_fails_the_stack(self):
        stack_id, url = self.waiting(disable_rollback=True)
        done = self.run_cfn_signal('-e', '3', '-r', 'httpd did not start', url)
        self.assertEqual((0, 'CREATE_FAILED', 'WaitConditionFailure: httpd did not start'),
                         (done.returncode, self.finish(stack_id), self.reason('Wait')))


class CurlTest(ServedTestCase):

    def test_a_curl_put_of_a_signal_completes_the_stack(self):
        if shutil.which('curl') is None:
            self.skipTest('curl is not installed')
        stack_id, url = self.waiting()
        done = subprocess.run(
            ['curl', '-sS', '-f', '-X', 'PUT', '-H', 'Content-Type:', '--data-binary',
             '{"Status": "SUCCESS", "Reason": "ok", "UniqueId": "web1", "Data": "up"}', url],
            capture_output=True, text=True, timeout=30)
        self.assertEqual((0, '', 'CREATE_COMPLETE', {'Data': '{"web1": "up"}'}),
                         (done.returncode, done.stdout, self.finish(stack_id), self.outputs()))

    def test_the_answer_is_200_with_an_empty_body(self):
        # what Heat answers (and the handler returns): not Pecan's 204
        stack_id, url = self.waiting()
        resp = self.put(url, '{"Status": "SUCCESS", "UniqueId": "a"}')
        self.assertEqual((200, b'', 'CREATE_COMPLETE'),
                         (resp.status_code, resp.content, self.finish(stack_id)))

    def test_the_handler_itself_answers_200_with_an_empty_body(self):
        import webob

        from heat_api.cfn import signal
        stack_id, url = self.waiting()
        parts = urlsplit(url)
        request = webob.Request.blank(parts.path + '?' + parts.query, method='PUT',
                                      body=b'{"Status": "SUCCESS"}',
                                      headers={'Host': parts.netloc})
        resp = signal.handle(request, self.service)
        self.assertEqual((200, b'', 'CREATE_COMPLETE'),
                         (resp.status_int, resp.body, self.finish(stack_id)))


class RefusedTest(ServedTestCase):
    """Bad requests are answered with AWS's XML error and change nothing."""

    def tamper(self, url: str, **params) -> str:
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        query.update(params)
        query = {k: v for k, v in query.items() if v is not None}
        from urllib.parse import urlencode
        return parts._replace(query=urlencode(query)).geturl()

    def test_a_wrong_signature_is_403_and_the_stack_keeps_waiting(self):
        _stack_id, url = self.waiting()
        resp = self.put(self.tamper(url, Signature='AAAA' + 'x' * 40),
                        '{"Status": "SUCCESS"}')
        time.sleep(0.2)
        self.assertEqual(((403, 'SignatureDoesNotMatch'), 'CREATE_IN_PROGRESS'),
                         (self.error(resp), self.resource('Wait')['resource_status']))
        self.put(url, '{"Status": "SUCCESS"}')

    def test_an_unsigned_url_is_403(self):
        _stack_id, url = self.waiting()
        resp = self.put(self.tamper(url, Signature=None), '{"Status": "SUCCESS"}')
        self.assertEqual((403, 'MissingAuthenticationToken'), self.error(resp))
        self.put(url, '{"Status": "SUCCESS"}')

    def test_the_url_of_another_resource_is_403(self):
        _stack_id, url = self.waiting()
        resp = self.put(url.replace('/resources/Handle?', '/resources/Server?'),
                        '{"Status": "SUCCESS"}')
        self.assertEqual((403, 'SignatureDoesNotMatch'), self.error(resp))
        self.put(url, '{"Status": "SUCCESS"}')

    def test_an_unknown_stack_or_resource_is_404(self):
        stack_id, url = self.waiting()
        responses = [self.put(url.replace(stack_id, '0' * 8 + stack_id[8:]),
                              '{"Status": "SUCCESS"}'),
                     self.put(url.replace('/resources/Handle?', '/resources/Nope?'),
                              '{"Status": "SUCCESS"}')]
        self.assertEqual([(404, 'NotFound'), (404, 'NotFound')],
                         [self.error(r) for r in responses])
        self.put(url, '{"Status": "SUCCESS"}')

    def test_a_body_that_is_not_a_signal_is_400(self):
        _stack_id, url = self.waiting()
        responses = [self.put(url, b'{"Status": "SUCC'), self.put(url, b''),
                     self.put(url, b'{"Status": "MAYBE"}')]
        self.assertEqual([(400, 'ValidationError')] * 3, [self.error(r) for r in responses])
        self.assertIn('Signal Status must be SUCCESS or FAILURE', responses[2].text)
        self.put(url, '{"Status": "SUCCESS"}')

    def test_the_wrong_method_is_405(self):
        _stack_id, url = self.waiting()
        resp = requests.get(url, timeout=10)
        self.assertEqual((405, 'MethodNotAllowed'), self.error(resp))
        self.put(url, '{"Status": "SUCCESS"}')


INSTANCE_POLICY = '''
    Server:
      Type: AWS::EC2::Instance
      CreationPolicy: {ResourceSignal: {Count: 1, Timeout: PT1M}}
      Properties: {ImageId: F18-x86_64-cfntools, InstanceType: m1.small}
'''


class SignalUrlTest(ServedTestCase):
    """``POST /v1/signal/...`` signed with an EC2 key of the identity store."""

    def key_of(self, project: str) -> tuple:
        from heat_core.identity.store import IdentityStore
        store = IdentityStore()
        store.ensure_project(project, project_id=project)
        found = store.bootstrap(project, 'user-of-%s' % project)
        return found['ec2_access_key'], found['ec2_secret_key']

    def signal_url(self, stack_id: str, access: str, secret: str) -> str:
        return su.presigned_url(su.SIGNAL, 'tenant-a', 'stack', stack_id, 'Server', access,
                                secret, base=self.server.url)

    def test_a_creation_policy_signal_completes_the_instance(self):
        stack_id = self.start(INSTANCE_POLICY)
        self.until('Server', 'CREATE_IN_PROGRESS')
        url = self.signal_url(stack_id, *self.key_of('tenant-a'))
        resp = requests.post(url, json={'Status': 'SUCCESS', 'UniqueId': 'i-1'}, timeout=10)
        self.assertEqual((200, b'', 'CREATE_COMPLETE'),
                         (resp.status_code, resp.content, self.finish(stack_id)))

    def test_a_key_of_another_project_is_refused(self):
        stack_id = self.start(INSTANCE_POLICY)
        self.until('Server', 'CREATE_IN_PROGRESS')
        resp = requests.post(self.signal_url(stack_id, *self.key_of('tenant-b')),
                             json={'Status': 'SUCCESS'}, timeout=10)
        self.assertEqual((403, 'AccessDenied'), self.error(resp))
        requests.post(self.signal_url(stack_id, *self.key_of('tenant-a')),
                      json={'Status': 'SUCCESS'}, timeout=10)


class TemplateTest(ServedTestCase):

    def test_the_servers_user_data_holds_the_url_of_the_served_api(self):
        import base64
        stack_id, url = self.waiting()
        script = base64.b64decode(self.cloud.get_server(
            self.physical_id('Server')).user_data).decode()
        self.put(url, '{"Status": "SUCCESS"}')
        self.finish(stack_id)
        self.assertEqual((True, True), (url in script, url.startswith(
            self.server.url + '/v1/waitcondition/arn%3A')))


class WordPressExampleTest(ServedTestCase):
    """examples/wordpress_wait_condition.yaml, its signal sent from outside
    (as the instance's user data would)."""

    def launch(self, **kwargs) -> str:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        with open(os.path.join(root, 'examples', 'wordpress_wait_condition.yaml'),
                  encoding='utf-8') as f:
            text = f.read()
        ident = self.service.create_stack(
            self.ctx, 'wordpress', text, template_name='wordpress_wait_condition.yaml',
            params={'DBPassword': 'wp4all', 'DBRootPassword': 'r00tpw'}, **kwargs)
        self.addCleanup(self.service.wait, ident['stack_id'])
        self.until('WaitCondition', 'CREATE_IN_PROGRESS', name='wordpress')
        return ident['stack_id']

    def _handle(self) -> str:
        rows = self.service.store.resources(self.service.identify(self.ctx, 'wordpress')['id'])
        return [r for r in rows if r['name'] == 'WaitHandle'][0]['data']['ec2_signed_url']

    def test_it_waits_for_the_signal_then_completes_with_the_report(self):
        stack_id = self.launch()
        time.sleep(0.2)
        waiting = self.status('wordpress')
        resp = self.put(self._handle(), '{"Status": "SUCCESS", "Reason": "WordPress '
                        'configured", "UniqueId": "WebServer", "Data": "http://web/wordpress"}')
        self.assertEqual(('CREATE_IN_PROGRESS', 200, 'CREATE_COMPLETE',
                          '{"WebServer": "http://web/wordpress"}'),
                         (waiting, resp.status_code, self.finish(stack_id),
                          self.outputs('wordpress')['ConfigurationReport']))

    def test_the_user_data_signals_the_handle_of_the_stack(self):
        import base64
        stack_id = self.launch()
        script = base64.b64decode(self.cloud.get_server(
            self.physical_id('WebServer', 'wordpress')).user_data).decode()
        self.put(self._handle(), '{"Status": "SUCCESS"}')
        self.finish(stack_id)
        self.assertIn("-i WebServer '%s'" % self._handle(), script)
