"""The CloudFormation Query API served for real: a fixture for the
``test_api_cfn*`` modules (no tests of its own).

:class:`CfnTestCase` starts the Query API once per test class on a free
loopback port with the embedded server, over a fresh database holding two
projects (``alpha``: alice, admin; ``beta``: bob, member) and gives boto3
``cloudformation`` clients signed with their EC2 keys.
"""

from __future__ import annotations

import itertools
import textwrap
from xml.etree import ElementTree as ET

import requests

from tests import base

NS = '{http://cloudformation.amazonaws.com/doc/2010-05-15/}'
REGION = 'RegionOne'

#: two resources, a NoEcho parameter, outputs
TEMPLATE = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Description: Two things
    Parameters:
      Name:
        Type: String
        Default: web
      Password:
        Type: String
        NoEcho: true
        Default: not-the-secret
    Resources:
      First:
        Type: OS::Heat::None
        Metadata:
          AWS::CloudFormation::Init:
            config:
              files:
                /etc/motd: {content: {Ref: Name}}
      Second:
        Type: OS::Heat::Value
        DependsOn: First
        Properties:
          value: {Ref: Name}
    Outputs:
      Shown:
        Description: The name
        Value: {'Fn::GetAtt': [Second, value]}
    ''')


class _ClassCleanups:
    """What DatabaseFixture needs of a test, for a whole class."""

    def __init__(self, cls):
        self.cls = cls

    def addCleanup(self, fn, *args, **kwargs):  # noqa: N802 - the unittest name
        self.cls.addClassCleanup(fn, *args, **kwargs)

    def skipTest(self, reason):  # noqa: N802
        import unittest
        raise unittest.SkipTest(reason)


class CfnTestCase(base.TestCase):
    """A Query API server on loopback, shared by the tests of a class."""

    backend = 'sqlite'
    _names = itertools.count(1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from heat_api.cfn.app import setup_app
        from heat_api.server import Server
        from heat_core import config
        from heat_core.engine.service import EngineService
        from heat_core.identity.store import IdentityStore

        config.load([])
        cls.addClassCleanup(config.CONF.reset)
        cls.db_url = base.DatabaseFixture(_ClassCleanups(cls), cls.backend).setUp()
        cls.identity = IdentityStore()
        cls.alpha = cls.identity.bootstrap('alpha', 'alice', 'alice-pw')
        cls.beta = cls.identity.bootstrap('beta', 'bob', 'bob-pw', role='member')
        cls.service = EngineService()
        cls.addClassCleanup(cls.service.stop)
        cls.server = Server(setup_app(cls.service, cls.identity), '127.0.0.1', 0,
                            threads=4).start()
        cls.addClassCleanup(cls.server.shutdown)
        cls.cfn = cls.client(cls.alpha)
        cls.http = requests.Session()
        cls.addClassCleanup(cls.http.close)

    def setUp(self):
        super().setUp()
        # base.TestCase resets the configuration: point it at the class's database again
        self.config(connection=self.db_url, group='database')

    # -- clients --------------------------------------------------------------------
    @classmethod
    def client(cls, creds: dict | None = None, access: str | None = None,
               secret: str | None = None, region: str = REGION, path: str = ''):
        """A boto3 cloudformation client of ``creds`` (a bootstrap answer) or
        of ``access``/``secret``; no retries."""
        import boto3
        from botocore.config import Config
        creds = creds or {}
        return boto3.session.Session().client(
            'cloudformation', endpoint_url=cls.server.url + path, region_name=region,
            aws_access_key_id=access or creds['ec2_access_key'],
            aws_secret_access_key=secret or creds['ec2_secret_key'],
            config=Config(retries={'max_attempts': 0}))

    @staticmethod
    def wait(client, waiter: str, name: str) -> None:
        client.get_waiter(waiter).wait(StackName=name,
                                       WaiterConfig={'Delay': 0.05, 'MaxAttempts': 600})

    def name(self, prefix: str = 'stack') -> str:
        """A stack name no other test of the class uses."""
        return '%s-%d' % (prefix, next(self._names))

    def create(self, template: str = TEMPLATE, client=None, wait: bool = True,
               **kwargs) -> tuple[str, str]:
        """Create a stack (and wait for CREATE_COMPLETE); ``(name, StackId)``."""
        client = client or self.cfn
        name = kwargs.pop('StackName', None) or self.name()
        stack_id = client.create_stack(StackName=name, TemplateBody=template,
                                       **kwargs)['StackId']
        if wait:
            self.wait(client, 'stack_create_complete', name)
        return name, stack_id

    # -- errors ---------------------------------------------------------------------
    def assertClientError(self, exc_info, code: str, status: int,
                          message: str | None = None) -> None:
        """A botocore ClientError with AWS's error ``code`` and HTTP ``status``."""
        err = exc_info.response['Error']
        self.assertEqual(code, err['Code'], err)
        self.assertEqual(status, exc_info.response['ResponseMetadata']['HTTPStatusCode'])
        self.assertEqual('Sender' if status < 500 else 'Receiver', err['Type'])
        if message is not None:
            self.assertIn(message, err['Message'])

    def raises(self, code: str, status: int, fn, *args, message: str | None = None,
               **kwargs):
        from botocore.exceptions import ClientError
        exc = self.assertRaises(ClientError, fn, *args, **kwargs)
        self.assertClientError(exc, code, status, message)
        return exc

    def assertErrorDocument(self, resp: requests.Response, status: int, code: str,
                            message: str | None = None) -> ET.Element:
        """``resp`` is AWS's XML ErrorResponse with ``status`` and ``code``."""
        self.assertEqual(status, resp.status_code, resp.text)
        self.assertTrue(resp.headers['Content-Type'].startswith('text/xml'))
        root = ET.fromstring(resp.content)
        self.assertEqual(NS + 'ErrorResponse', root.tag)
        self.assertEqual(code, root.findtext(NS + 'Error/' + NS + 'Code'))
        self.assertIn(root.findtext(NS + 'Error/' + NS + 'Type'), ('Sender', 'Receiver'))
        self.assertTrue(root.findtext(NS + 'RequestId'))
        if message is not None:
            self.assertIn(message, root.findtext(NS + 'Error/' + NS + 'Message'))
        self.assertNotIn('Traceback', resp.text)
        return root

    # -- signing by hand ------------------------------------------------------------
    def signed_v4(self, body: dict | str, creds: dict | None = None, method: str = 'POST',
                  path: str = '/', when=None, region: str = REGION, secret: str | None = None):
        """A botocore AWSRequest signed with SigV4 (``when``: the signing time)."""
        from unittest import mock
        from urllib.parse import urlencode

        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        creds = creds or self.alpha
        data = body if isinstance(body, str) else urlencode(body)
        url = self.server.url + path
        if method == 'GET':
            req = AWSRequest(method='GET', url=url + '?' + data)
        else:
            req = AWSRequest(method='POST', url=url, data=data, headers={
                'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'})
        signer = SigV4Auth(Credentials(creds['ec2_access_key'],
                                       secret or creds['ec2_secret_key']),
                           'cloudformation', region)
        if when is None:
            signer.add_auth(req)
        else:
            # botocore signs at "now": the signer's clock is the test's input
            with mock.patch('botocore.auth.get_current_datetime', return_value=when):
                signer.add_auth(req)
        return req

    def send(self, req) -> requests.Response:
        """Send a botocore AWSRequest as it was signed."""
        prepared = req.prepare()
        return self.http.request(prepared.method, prepared.url, data=prepared.body,
                                 headers=dict(prepared.headers), timeout=30)

#: the smallest stack
ONE_RESOURCE = textwrap.dedent('''\
    AWSTemplateFormatVersion: '2010-09-09'
    Resources:
      Only: {Type: OS::Heat::None}
    ''')
