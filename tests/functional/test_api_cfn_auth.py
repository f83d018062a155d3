"""Who may call the CloudFormation Query API: AWS signatures (Version 4 as
boto3 signs, Version 2 as heat-cfntools signs) checked against the identity
store's EC2 keys, tenants kept apart, stack users limited by their
policies."""

from __future__ import annotations

import datetime
import textwrap
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import requests

from tests.functional.test_api_cfn_base import NS, CfnTestCase

DESCRIBE = {'Action': 'DescribeStacks', 'Version': '2010-05-15'}


def _utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class TestSignatureVersion4(CfnTestCase):

    def test_a_signed_request_is_answered(self):
        from xml.etree import ElementTree as ET
        resp = self.send(self.signed_v4(DESCRIBE))
        self.assertEqual(200, resp.status_code, resp.text)
        root = ET.fromstring(resp.content)
        self.assertEqual(NS + 'DescribeStacksResponse', root.tag)
        self.assertIsNotNone(root.find(NS + 'DescribeStacksResult/' + NS + 'Stacks'))
        self.assertTrue(root.findtext(NS + 'ResponseMetadata/' + NS + 'RequestId'))

    def test_a_signed_get_request_is_answered(self):
        resp = self.send(self.signed_v4(DESCRIBE, method='GET'))
        self.assertEqual(200, resp.status_code, resp.text)

    def test_wrong_secret_is_signature_does_not_match(self):
        client = self.client(access=self.alpha['ec2_access_key'], secret='0' * 32)
        self.raises('SignatureDoesNotMatch', 403, client.describe_stacks)

    def test_unknown_access_key_is_invalid_client_token_id(self):
        client = self.client(access='AKIDNOTKNOWN', secret='whatever')
        self.raises('InvalidClientTokenId', 403, client.describe_stacks)

    def test_altered_body_is_signature_does_not_match(self):
        req = self.signed_v4(DESCRIBE)
        req.data = urlencode(dict(DESCRIBE, StackName='other'))
        self.assertErrorDocument(self.send(req), 403, 'SignatureDoesNotMatch')

    def test_signature_over_another_path_does_not_match(self):
        req = self.signed_v4(DESCRIBE, path='/')
        req.url = self.server.url + '/v1'
        self.assertErrorDocument(self.send(req), 403, 'SignatureDoesNotMatch')

    def test_expired_timestamp_is_refused(self):
        req = self.signed_v4(DESCRIBE, when=_utcnow() - datetime.timedelta(minutes=20))
        self.assertErrorDocument(self.send(req), 403, 'SignatureDoesNotMatch',
                                 'Signature expired')

    def test_future_timestamp_is_refused(self):
        req = self.signed_v4(DESCRIBE, when=_utcnow() + datetime.timedelta(minutes=20))
        self.assertErrorDocument(self.send(req), 403, 'SignatureDoesNotMatch',
                                 'Signature not yet current')

    def test_timestamp_within_fifteen_minutes_is_accepted(self):
        req = self.signed_v4(DESCRIBE, when=_utcnow() - datetime.timedelta(minutes=10))
        self.assertEqual(200, self.send(req).status_code)

    def test_another_region_is_refused(self):
        client = self.client(self.alpha, region='us-east-1')
        self.raises('SignatureDoesNotMatch', 403, client.describe_stacks,
                    message="not 'us-east-1'")

    def test_unsigned_request_is_missing_authentication_token(self):
        resp = self.http.post(self.server.url + '/', data=DESCRIBE, timeout=30)
        self.assertErrorDocument(resp, 403, 'MissingAuthenticationToken')

    def test_malformed_authorization_is_incomplete_signature(self):
        resp = self.http.post(self.server.url + '/', data=DESCRIBE, timeout=30,
                              headers={'Authorization': 'AWS4-HMAC-SHA256 Credential=x'})
        self.assertErrorDocument(resp, 400, 'IncompleteSignature')

    def test_non_ascii_signature_is_signature_does_not_match(self):
        req = self.signed_v4(DESCRIBE)
        req.headers['Authorization'] = req.headers['Authorization'][:-4] + '\u00e9' * 4
        self.assertErrorDocument(self.send(req), 403, 'SignatureDoesNotMatch')

    def test_secret_never_appears_in_answers(self):
        client = self.client(access=self.alpha['ec2_access_key'], secret='0' * 32)
        exc = self.raises('SignatureDoesNotMatch', 403, client.describe_stacks)
        self.assertNotIn(self.alpha['ec2_secret_key'], str(exc.response))


class TestPresignedUrls(CfnTestCase):
    """Signature Version 4 in the query string: the URLs botocore's
    ``generate_presigned_url`` makes, fetched with a plain HTTP client."""

    def presign(self, params=None, expires: int = 300, when=None, method: str = 'GET',
                creds: dict | None = None) -> str:
        from unittest import mock
        client = self.client(creds or self.alpha)
        args = dict(Params=params or {}, ExpiresIn=expires)
        if method is not None:
            args['HttpMethod'] = method
        if when is None:
            return client.generate_presigned_url('describe_stacks', **args)
        with mock.patch('botocore.auth.get_current_datetime', return_value=when):
            return client.generate_presigned_url('describe_stacks', **args)

    def test_a_presigned_url_is_answered_to_a_plain_get(self):
        name, stack_id = self.create()
        url = self.presign({'StackName': name})
        self.assertIn('X-Amz-Signature=', url)
        resp = self.http.get(url, timeout=30)
        self.assertEqual(200, resp.status_code, resp.text)
        root = ET.fromstring(resp.content)
        self.assertEqual(NS + 'DescribeStacksResponse', root.tag)
        self.assertEqual([stack_id], [e.text for e in root.iter(NS + 'StackId')])

    def test_a_url_presigned_for_post_is_answered_to_a_post(self):
        # botocore signs the Query API's own method unless told otherwise
        url = self.presign(method=None)
        self.assertEqual(200, self.http.post(url, timeout=30).status_code)
        self.assertErrorDocument(self.http.get(url, timeout=30), 403,
                                 'SignatureDoesNotMatch')

    def test_still_good_within_x_amz_expires(self):
        url = self.presign(expires=3600, when=_utcnow() - datetime.timedelta(minutes=50))
        self.assertEqual(200, self.http.get(url, timeout=30).status_code)

    def test_past_x_amz_expires_is_request_expired(self):
        url = self.presign(expires=60, when=_utcnow() - datetime.timedelta(minutes=2))
        self.assertErrorDocument(self.http.get(url, timeout=30), 400, 'RequestExpired',
                                 'Request has expired')

    def test_signed_in_the_future_is_not_yet_current(self):
        url = self.presign(when=_utcnow() + datetime.timedelta(minutes=20))
        self.assertErrorDocument(self.http.get(url, timeout=30), 403,
                                 'SignatureDoesNotMatch', 'Signature not yet current')

    def test_a_changed_parameter_is_signature_does_not_match(self):
        url = self.presign({'StackName': 'mine'})
        self.assertErrorDocument(self.http.get(url.replace('StackName=mine',
                                                           'StackName=yours'), timeout=30),
                                 403, 'SignatureDoesNotMatch')

    def test_a_lengthened_expiry_is_signature_does_not_match(self):
        url = self.presign(expires=60)
        self.assertErrorDocument(self.http.get(url.replace('X-Amz-Expires=60',
                                                           'X-Amz-Expires=600'), timeout=30),
                                 403, 'SignatureDoesNotMatch')

    def test_a_changed_signature_is_signature_does_not_match(self):
        url = self.presign()
        head, signature = url.rsplit('X-Amz-Signature=', 1)
        forged = head + 'X-Amz-Signature=' + ('0' if signature[0] != '0' else '1') + \
            signature[1:]
        self.assertErrorDocument(self.http.get(forged, timeout=30), 403,
                                 'SignatureDoesNotMatch')

    def test_an_unknown_key_is_invalid_client_token_id(self):
        url = self.presign()
        url = url.replace(self.alpha['ec2_access_key'], 'AKIDNOTKNOWN')
        self.assertErrorDocument(self.http.get(url, timeout=30), 403, 'InvalidClientTokenId')

    def test_malformed_parameters_are_authorization_query_parameters_error(self):
        url = self.presign(expires=60)
        for old, new in (('X-Amz-Expires=60', 'X-Amz-Expires=604801'),
                         ('X-Amz-Expires=60', 'X-Amz-Expires=soon'),
                         ('X-Amz-Algorithm=AWS4-HMAC-SHA256', 'X-Amz-Algorithm=AWS4-HMAC-MD5'),
                         ('X-Amz-SignedHeaders=host', 'X-Amz-SignedHeaders=x-amz-date')):
            self.assertErrorDocument(self.http.get(url.replace(old, new), timeout=30), 400,
                                     'AuthorizationQueryParametersError')
        no_date = '&'.join(p for p in url.split('&') if not p.startswith('X-Amz-Date='))
        self.assertErrorDocument(self.http.get(no_date, timeout=30), 400,
                                 'AuthorizationQueryParametersError')


class TestSignatureVersion2(CfnTestCase):
    """Signature Version 2 in the parameters, as heat-cfntools (boto 2)
    sends it: AWSAccessKeyId, SignatureMethod HmacSHA256, SignatureVersion
    2, Timestamp, Signature."""

    def signed_v2(self, params: dict, secret: str | None = None, path: str = '/v1/',
                  method: str = 'POST', timestamp: str | None = None):
        from botocore.auth import SigV2Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        url = self.server.url + path
        params = dict(params)
        req = AWSRequest(method=method, url=url, data=params if method == 'POST' else None,
                         params=params if method == 'GET' else None)
        signer = SigV2Auth(Credentials(self.alpha['ec2_access_key'],
                                       secret or self.alpha['ec2_secret_key']))
        signer.add_auth(req)
        if timestamp is not None:
            params['Timestamp'] = timestamp
            params.pop('Signature')
            params['Signature'] = signer.calc_signature(req, params)[1]
        return req

    def test_a_signed_post_is_answered(self):
        resp = self.send(self.signed_v2(DESCRIBE))
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertIn('<DescribeStacksResult>', resp.text)

    def test_a_signed_get_is_answered(self):
        resp = self.send(self.signed_v2(DESCRIBE, method='GET', path='/'))
        self.assertEqual(200, resp.status_code, resp.text)

    def test_wrong_secret_is_signature_does_not_match(self):
        self.assertErrorDocument(self.send(self.signed_v2(DESCRIBE, secret='f' * 32)), 403,
                                 'SignatureDoesNotMatch')

    def test_altered_parameter_is_signature_does_not_match(self):
        req = self.signed_v2(DESCRIBE)
        req.data['StackName'] = 'another'
        self.assertErrorDocument(self.send(req), 403, 'SignatureDoesNotMatch')

    def test_old_timestamp_is_request_expired(self):
        old = (_utcnow() - datetime.timedelta(hours=1)).strftime('%Y-%m-%dT%H:%M:%SZ')
        self.assertErrorDocument(self.send(self.signed_v2(DESCRIBE, timestamp=old)), 400,
                                 'RequestExpired')

    def sha1_signed(self, secret: str) -> requests.Response:
        """A raw SigV2 HmacSHA1 POST (botocore signs V2 with SHA-256 only)."""
        from urllib.parse import urlsplit

        from heat_core.resources.signed_url import signature_v2
        params = dict(DESCRIBE, AWSAccessKeyId=self.alpha['ec2_access_key'],
                      SignatureVersion='2', SignatureMethod='HmacSHA1',
                      Timestamp=_utcnow().strftime('%Y-%m-%dT%H:%M:%SZ'))
        host = urlsplit(self.server.url).netloc
        params['Signature'] = signature_v2(secret, 'POST', host, '/v1/', params, 'HmacSHA1')
        return self.http.post(self.server.url + '/v1/', data=urlencode(params), timeout=30,
                              headers={'Content-Type': 'application/x-www-form-urlencoded'})

    def test_hmac_sha1_is_accepted_as_aws_does(self):
        resp = self.sha1_signed(self.alpha['ec2_secret_key'])
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertIn('<DescribeStacksResult>', resp.text)

    def test_hmac_sha1_with_a_wrong_secret_is_signature_does_not_match(self):
        self.assertErrorDocument(self.sha1_signed('f' * 32), 403, 'SignatureDoesNotMatch')

    def test_another_signature_method_is_refused_clearly(self):
        req = self.signed_v2(DESCRIBE)
        req.data['SignatureMethod'] = 'HmacMD5'
        self.assertErrorDocument(self.send(req), 400, 'IncompleteSignature',
                                 'use HmacSHA256 or HmacSHA1')


class TestTenants(CfnTestCase):

    def test_another_tenants_stack_does_not_exist(self):
        name, stack_id = self.create()
        bob = self.client(self.beta)
        for key in (name, stack_id):
            self.raises('ValidationError', 400, bob.describe_stacks, StackName=key,
                        message='Stack with id %s does not exist' % key)
            self.raises('ValidationError', 400, bob.describe_stack_events, StackName=key)
        self.assertNotIn(name, [s['StackName'] for s in
                                bob.list_stacks()['StackSummaries']])
        bob.delete_stack(StackName=name)            # AWS: nothing to delete, no error
        self.assertEqual('CREATE_COMPLETE', self.cfn.describe_stacks(
            StackName=name)['Stacks'][0]['StackStatus'])

    def test_stacks_belong_to_the_keys_project(self):
        name, stack_id = self.create(client=self.client(self.beta))
        self.assertIn(':%s:' % self.beta['project_id'], stack_id)
        self.raises('ValidationError', 400, self.cfn.describe_stacks, StackName=name)


STACK_USER_TEMPLATE = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Allowed:
        Type: OS::Heat::None
        Metadata: {config: {greeting: hello}}
      Hidden:
        Type: OS::Heat::None
      Policy:
        Type: OS::Heat::AccessPolicy
        Properties:
          AllowedResources: [Allowed]
      Agent:
        Type: AWS::IAM::User
        Properties:
          Policies: [{Ref: Policy}]
      Key:
        Type: AWS::IAM::AccessKey
        Properties:
          UserName: {Ref: Agent}
    Outputs:
      AccessKey: {Value: {Ref: Key}}
      SecretKey: {Value: {'Fn::GetAtt': [Key, SecretAccessKey]}}
    ''')


class TestStackUsers(CfnTestCase):
    """Keys an AWS::IAM::AccessKey made act in the stack's project and read
    only what the user's OS::Heat::AccessPolicy allows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stack_name = 'with-users'
        cls.cfn.create_stack(StackName=cls.stack_name, TemplateBody=STACK_USER_TEMPLATE,
                             Capabilities=['CAPABILITY_IAM'])
        cls.wait(cls.cfn, 'stack_create_complete', cls.stack_name)
        outputs = {o['OutputKey']: o['OutputValue'] for o in cls.cfn.describe_stacks(
            StackName=cls.stack_name)['Stacks'][0]['Outputs']}
        cls.agent = cls.client(access=outputs['AccessKey'], secret=outputs['SecretKey'])

    def test_allowed_resource_is_described_with_its_metadata(self):
        import json
        detail = self.agent.describe_stack_resource(
            StackName=self.stack_name, LogicalResourceId='Allowed')['StackResourceDetail']
        self.assertEqual({'config': {'greeting': 'hello'}}, json.loads(detail['Metadata']))

    def test_other_resources_are_denied(self):
        self.raises('AccessDenied', 403, self.agent.describe_stack_resource,
                    StackName=self.stack_name, LogicalResourceId='Hidden')

    def test_other_actions_are_denied(self):
        self.raises('AccessDenied', 403, self.agent.describe_stacks,
                    StackName=self.stack_name)
        self.raises('AccessDenied', 403, self.agent.delete_stack, StackName=self.stack_name)

    def test_describe_stack_resources_lists_only_allowed_ones(self):
        resources = self.agent.describe_stack_resources(
            StackName=self.stack_name)['StackResources']
        self.assertEqual(['Allowed'], [r['LogicalResourceId'] for r in resources])


class TestHeatCfntools(CfnTestCase):
    """heat-cfntools' cfn-init and cfn-hup read metadata with boto 2's
    CloudFormationConnection (``path='/v1'``, plain HTTP, the region named
    in its boto config), which signs with Version 4 over the host's own
    labels and asks for ``ContentType=JSON``."""

    def connection(self, creds: dict | None = None, secret: str | None = None):
        try:
            from boto import cloudformation
            from boto.regioninfo import RegionInfo
        except ImportError:
            self.skipTest('boto (a dependency of heat-cfntools) is not installed')
        creds = creds or self.alpha
        return cloudformation.CloudFormationConnection(
            aws_access_key_id=creds['ec2_access_key'],
            aws_secret_access_key=secret or creds['ec2_secret_key'], is_secure=False,
            port=self.server.port, path='/v1', debug=0,
            region=RegionInfo(name='heat', endpoint='127.0.0.1'))

    def test_cfn_init_reads_metadata_as_json(self):
        import json
        name, _ = self.create()
        res = self.connection().describe_stack_resource(name, 'First')
        detail = res['DescribeStackResourceResponse']['DescribeStackResourceResult'][
            'StackResourceDetail']
        self.assertEqual({'config': {'files': {'/etc/motd': {'content': 'web'}}}},
                         json.loads(detail['Metadata'])['AWS::CloudFormation::Init'])

    def test_wrong_secret_is_refused(self):
        from boto.exception import BotoServerError
        name, _ = self.create()
        exc = self.assertRaises(BotoServerError, self.connection(secret='1' * 32)
                                .describe_stack_resource, name, 'First')
        self.assertEqual(403, exc.status)
        self.assertIn('SignatureDoesNotMatch', str(exc.body))
