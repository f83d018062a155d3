"""``[auth] strategy = keystone`` for the CloudFormation Query API: the
real server on loopback, boto3 signing for real, and Keystone's
``POST /v3/ec2tokens`` answered at its HTTP boundary by requests-mock,
which checks each signature with Keystone's own signer
(``keystoneclient.contrib.ec2.utils.Ec2Signer``) and a secret only it
knows."""

from __future__ import annotations

import json

import requests
import requests_mock

from tests.functional.test_api_cfn_base import ONE_RESOURCE, CfnTestCase

KEYSTONE = 'http://keystone.test:5000/v3'
ACCESS, SECRET = 'keystone-access-key', 'keystone-secret-never-seen-by-heat'
PROJECT = {'id': 'ks-project-id', 'name': 'ks-project', 'domain': {'id': 'default'}}


class FakeKeystone:
    """Keystone's ec2tokens: one EC2 credential of one user."""

    def __init__(self):
        self.seen = []
        self.reachable = True

    def ec2tokens(self, request, context):
        from keystoneclient.contrib.ec2.utils import Ec2Signer
        creds = request.json()['ec2Credentials']
        self.seen.append(creds)
        if creds['access'] != ACCESS:
            context.status_code = 401
            return {'error': {'code': 401, 'title': 'Unauthorized',
                              'message': 'EC2 access key not found.'}}
        if Ec2Signer(SECRET).generate(dict(creds)) != creds['signature']:
            context.status_code = 401
            return {'error': {'code': 401, 'title': 'Unauthorized',
                              'message': 'Invalid EC2 signature.'}}
        context.status_code = 200
        context.headers['X-Subject-Token'] = 'ks-token-1'
        return {'token': {'project': PROJECT,
                          'user': {'id': 'ks-user-id', 'name': 'carol'},
                          'roles': [{'id': 'r1', 'name': 'member'},
                                    {'id': 'r2', 'name': 'reader'}]}}


class TestKeystoneStrategy(CfnTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from heat_api.cfn.app import setup_app
        from heat_api.server import Server
        cls.ks_server = Server(setup_app(cls.service, cls.identity, strategy='keystone'),
                               '127.0.0.1', 0, threads=4).start()
        cls.addClassCleanup(cls.ks_server.shutdown)

    def setUp(self):
        super().setUp()
        self.config(auth_uri=KEYSTONE, group='ec2authtoken')
        self.keystone = FakeKeystone()
        # requests-mock intercepts the requests library in this process (the
        # server's threads too); anything else (boto3 is urllib3) is real
        mocker = requests_mock.Mocker(real_http=True)
        mocker.post(KEYSTONE + '/ec2tokens', json=self.keystone.ec2tokens)
        mocker.start()
        self.addCleanup(mocker.stop)

    def ks_client(self, access=ACCESS, secret=SECRET):
        """boto3 against the server that asks Keystone."""
        import boto3
        from botocore.config import Config
        return boto3.session.Session().client(
            'cloudformation', endpoint_url=self.ks_server.url, region_name='RegionOne',
            aws_access_key_id=access, aws_secret_access_key=secret,
            config=Config(retries={'max_attempts': 0}))

    def test_a_signed_request_acts_as_the_token_keystone_answers(self):
        client = self.ks_client()
        name, stack_id = self.create(ONE_RESOURCE, client=client)
        creds = self.keystone.seen[0]
        self.assertEqual(
            (':ks-project-id:', ACCESS, 'POST', '/', 64, True),
            (stack_id[len('arn:openstack:heat:'):].split('stacks/')[0], creds['access'],
             creds['verb'], creds['path'], len(creds['body_hash']),
             creds['headers']['Authorization'].startswith('AWS4-HMAC-SHA256')))
        self.assertNotIn('Signature', creds['params'])
        self.assertNotIn(SECRET, json.dumps(self.keystone.seen))
        self.assertEqual([name], [s['StackName'] for s in client.describe_stacks()['Stacks']])

    def test_a_wrong_secret_is_signature_does_not_match(self):
        self.raises('SignatureDoesNotMatch', 403,
                    self.ks_client(secret='wrong').describe_stacks)

    def test_a_key_keystone_does_not_know_is_invalid_client_token_id(self):
        self.raises('InvalidClientTokenId', 403,
                    self.ks_client(access='unknown-key').describe_stacks)

    def test_the_embedded_stores_keys_are_not_asked_about(self):
        # with Keystone, only Keystone's credentials count
        self.raises('InvalidClientTokenId', 403, self.ks_client(
            access=self.alpha['ec2_access_key'],
            secret=self.alpha['ec2_secret_key']).describe_stacks)

    def test_signature_version_2_is_checked_by_keystone_too(self):
        from urllib.parse import urlencode

        from botocore.auth import SigV2Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        url = self.ks_server.url + '/'
        req = AWSRequest(method='POST', url=url, data={
            'Action': 'ListStacks', 'Version': '2010-05-15'})
        SigV2Auth(Credentials(ACCESS, SECRET)).add_auth(req)
        resp = requests.post(url, data=urlencode(req.data), timeout=30, headers={
            'Content-Type': 'application/x-www-form-urlencoded'})
        self.assertEqual((200, '2'), (resp.status_code,
                                      self.keystone.seen[-1]['params']['SignatureVersion']))

    def test_an_unreachable_keystone_is_a_503_not_a_traceback(self):
        self.config(auth_uri='http://127.0.0.1:9/v3', group='ec2authtoken')
        self.raises('ServiceUnavailable', 503, self.ks_client().describe_stacks)

    def test_without_auth_uri_the_error_says_what_to_configure(self):
        self.config(auth_uri=None, group='ec2authtoken')
        self.raises('InternalFailure', 500, self.ks_client().describe_stacks,
                    message='[ec2authtoken] auth_uri')
