"""The REST API v1 as a WSGI application.

:func:`setup_app` builds the pipeline::

    FaultWrapper  (request id; any escaped exception -> JSON 500)
      SizeLimit   (bodies over max_json_body_size -> 413)
        auth      ([auth] strategy: embedded tokens/passwords or keystone)
          Pecan   (RootController._route -> the URL's Node -> its handler)
"""

from __future__ import annotations

import json
import threading

import pecan
import pecan.hooks
import webob

from heat_api import auth, faults, pecan_argspec
from heat_api.faults import HTTPError
from heat_api.middleware import REQUEST_ID, FaultWrapper, SizeLimit
from heat_api.openstack.catalog import Versions
from heat_api.openstack.params import ApiRequest
from heat_api.openstack.routing import NO_BODY, Reply

NODE = 'heat.node'


class Api:
    """What the controllers share: the engine service and the resource
    type registry of the global environment."""

    def __init__(self, service):
        self.service = service
        self._registry = None
        self._lock = threading.Lock()

    def registry(self):
        if self._registry is None:
            with self._lock:
                if self._registry is None:
                    from heat_core.config import CONF
                    from heat_core.resources.registry import TypeRegistry
                    from heat_core.template.environment import default_environment
                    self._registry = TypeRegistry(default_environment(None,
                                                                      CONF.environment_dir))
        return self._registry

    def resource_class(self, type_name: str):
        """The plugin class of a resource type available here, else 404."""
        from heat_core.resources.registry import PLUGIN
        resolution = self.registry().resolve(type_name)
        if resolution.kind != PLUGIN:
            raise HTTPError(404, 'The Resource Type (%s) could not be found.' % type_name,
                            'ResourceTypeNotFound')
        return resolution.cls


_encode = json.JSONEncoder(default=str, ensure_ascii=True).encode


def render(reply: Reply, resp: webob.Response | None = None) -> webob.Response:
    """``reply`` as a response: filled into ``resp`` (the one Pecan made
    for the request: building a second costs as much) or a new one."""
    if resp is None:
        resp = webob.Response()
    resp.status = reply.status
    if reply.body is NO_BODY:
        resp.headerlist = []
        resp.body = b''
    else:
        # no charset: JSON is UTF-8, and Pecan would decode a body with one
        resp.headerlist = [('Content-Type', faults.JSON)]
        resp.body = _encode(reply.body).encode('utf-8')
    for key, value in reply.headers.items():
        resp.headers[key] = value
    return resp


def dispatch(req, node, api: Api, resp: webob.Response | None = None) -> webob.Response:
    """Answer ``req`` with ``node``: OPTIONS, 405, the tenant check, the
    handler; every error becomes Heat's JSON error document."""
    try:
        allowed = node.allowed() if node is not None else None
        if not allowed:
            raise HTTPError(404, 'The resource could not be found.')
        if req.method == 'OPTIONS':
            return render(Reply(204, NO_BODY, {'Allow': ','.join(allowed)}), resp)
        handler = node.handler(req.method)
        node.authorize(req)
        reply = handler(req)
        return render(reply if isinstance(reply, Reply) else Reply(200, reply), resp)
    except Exception as exc:  # noqa: BLE001 - every error is answered as a document
        return faults.from_exception(exc, req.environ.get(REQUEST_ID), api.service)


class JsonErrors(pecan.hooks.PecanHook):
    """Errors Pecan raises itself, before :func:`dispatch` (a form body it
    cannot decode, ...), as Heat's JSON error document too."""

    def on_error(self, state, e):
        return faults.from_exception(e, state.request.environ.get(REQUEST_ID))


class RootController:
    """Pecan's root: ``_route`` finds the URL's node; ``respond`` answers."""

    def __init__(self, api: Api):
        self.api = api

    @pecan.expose()
    def _route(self, args, request):
        segments = list(args)
        if segments and segments[-1] == '':
            segments.pop()          # a trailing slash names the same URL
        request.environ[NODE] = Versions(self.api).route(segments)
        request.pecan['content_type'] = faults.JSON    # always JSON, whatever Accept says
        return self.respond, []

    @pecan.expose(content_type=faults.JSON)
    def respond(self, req, resp):
        return dispatch(req, req.environ.get(NODE), self.api, resp)


def pecan_app(service):
    pecan_argspec.install()
    return pecan.Pecan(RootController(Api(service)), request_cls=ApiRequest,
                       hooks=[JsonErrors()], use_context_locals=False,
                       guess_content_type_from_ext=False, force_canonical=False)


def setup_app(service=None, identity=None, strategy: str | None = None):
    """The REST API v1 WSGI application over ``service`` (an
    EngineService; a new one on the configured database by default)."""
    if service is None:
        from heat_core.engine.service import EngineService
        service = EngineService()
    app = auth.middleware(pecan_app(service), strategy, identity)
    return FaultWrapper(SizeLimit(app))
