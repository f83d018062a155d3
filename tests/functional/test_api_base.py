"""The REST API served for real: a fixture for the ``test_api_*`` modules.

:class:`ApiTestCase` starts the REST API v1 on a free loopback port with
the embedded server, over a fresh database holding two projects:

* ``alpha``: user ``alice`` (password ``alice-pw``), admin;
* ``beta``: user ``bob`` (password ``bob-pw``), role ``member``.
"""

from __future__ import annotations

import textwrap
import time

import requests

from tests import base

#: a stack of two resources, a parameter and outputs
TEMPLATE = textwrap.dedent('''\
    heat_template_version: 2016-10-14
    description: Two things
    parameters:
      name:
        type: string
        default: web
    resources:
      first:
        type: OS::Heat::None
        properties:
          name: {get_param: name}
      second:
        type: OS::Heat::Value
        properties:
          value: {get_param: name}
        depends_on: first
    outputs:
      first_id:
        description: The first thing
        value: {get_resource: first}
      shown:
        value: {get_attr: [second, value]}
    ''')

#: the same as a JSON object, as python-heatclient sends templates
TEMPLATE_OBJECT = {
    'heat_template_version': '2016-10-14',
    'resources': {'only': {'type': 'OS::Heat::None'}},
    'outputs': {'only_id': {'value': {'get_resource': 'only'}}},
}

#: a template resource (``box``, type ``inner.yaml``, the file of :data:`INNER`)
#: next to a plain one: a stack with a nested stack
NESTING = {
    'heat_template_version': '2016-10-14',
    'resources': {'box': {'type': 'inner.yaml'}, 'top': {'type': 'OS::Heat::None'}},
}
INNER = 'heat_template_version: 2016-10-14\nresources:\n  leaf: {type: OS::Heat::None}\n'

INVALID = textwrap.dedent('''\
    heat_template_version: 2016-10-14
    resources:
      broken:
        type: OS::Heat::Nope
    ''')


class ApiTestCase(base.TestCase):
    """A REST API server on loopback (see the module doc)."""

    #: the embedded server to use (None: waitress when installed)
    server_kind = None
    #: the database: 'sqlite' or 'postgresql'
    backend = 'sqlite'

    def setUp(self):
        super().setUp()
        from heat_api.openstack.app import setup_app
        from heat_api.server import Server
        from heat_core.engine.service import EngineService
        from heat_core.identity.store import IdentityStore

        self.db_url = base.DatabaseFixture(self, self.backend).setUp()
        self.identity = IdentityStore()
        alpha = self.identity.bootstrap('alpha', 'alice', 'alice-pw')
        beta = self.identity.bootstrap('beta', 'bob', 'bob-pw', role='member')
        self.alpha, self.token = alpha['project_id'], alpha['token']
        self.beta, self.bob_token = beta['project_id'], beta['token']
        self.service = EngineService()
        self.addCleanup(self.service.stop)
        self.server = Server(setup_app(self.service, self.identity, 'embedded'), '127.0.0.1',
                             0, threads=4, kind=self.server_kind).start()
        self.addCleanup(self.server.shutdown)
        self.session = requests.Session()
        self.addCleanup(self.session.close)

    # -- HTTP ---------------------------------------------------------------------
    @property
    def endpoint(self) -> str:
        """``http://127.0.0.1:PORT/v1/<alpha>``: what clients are given."""
        return '%s/v1/%s' % (self.server.url, self.alpha)

    def http(self, method: str, path: str, token: str | None = None, headers=None,
             **kwargs) -> requests.Response:
        """A request to ``path`` (under the server root; ``~`` stands for
        ``/v1/<alpha>``), as alice unless ``token`` says otherwise (``''``:
        no credentials).  Redirects are not followed."""
        if path.startswith('~'):
            path = '/v1/%s%s' % (self.alpha, path[1:])
        sent = dict(headers or {})
        token = self.token if token is None else token
        if token:
            sent['X-Auth-Token'] = token
        return self.session.request(method, self.server.url + path, headers=sent,
                                    allow_redirects=False, timeout=60, **kwargs)

    def assertError(self, resp, status: int, type_: str | None = None,
                    message: str | None = None) -> dict:
        """``resp`` is Heat's JSON error document with ``status``."""
        self.assertEqual(status, resp.status_code, resp.text)
        self.assertEqual('application/json', resp.headers['Content-Type'])
        doc = resp.json()
        self.assertEqual(status, doc['code'])
        self.assertIsInstance(doc['title'], str)
        self.assertIsInstance(doc['explanation'], str)
        self.assertIsNone(doc['error']['traceback'])
        if type_ is not None:
            self.assertEqual(type_, doc['error']['type'])
        if message is not None:
            self.assertIn(message, doc['error']['message'])
        self.assertNotIn('Traceback', resp.text)
        return doc

    # -- stacks -------------------------------------------------------------------
    def create(self, name: str = 'web', template=TEMPLATE, token: str | None = None,
               project: str | None = None, wait: bool = True, **body) -> dict:
        """Create a stack through the API; returns ``{'id', 'links'}``."""
        path = '/v1/%s/stacks' % (project or self.alpha)
        resp = self.http('POST', path, token, json=dict(stack_name=name, template=template,
                                                       **body))
        self.assertEqual(201, resp.status_code, resp.text)
        stack = resp.json()['stack']
        if wait:
            self.wait(stack['id'])
        return stack

    def wait(self, stack_id: str, timeout: float = 30) -> None:
        """Until the stack's running operation (if any) has ended."""
        deadline = time.monotonic() + timeout
        self.service.wait(stack_id, timeout)
        while time.monotonic() < deadline:
            row = self.service.store.get_stack(stack_id)
            if row is None or row['status'] != 'IN_PROGRESS':
                return
            time.sleep(0.05)
        self.fail('stack %s still IN_PROGRESS after %s s' % (stack_id, timeout))

    def show(self, name: str, stack_id: str, token: str | None = None,
             project: str | None = None) -> dict:
        resp = self.http('GET', '/v1/%s/stacks/%s/%s' % (project or self.alpha, name,
                                                        stack_id), token)
        self.assertEqual(200, resp.status_code, resp.text)
        return resp.json()['stack']
