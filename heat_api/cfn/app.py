"""The CloudFormation Query API as a WSGI application.

Every request to ``/`` or ``/v1`` is one action::

    FaultWrapper-like last resort (request id; any escaped error -> XML 500)
      Pecan RootController._route -> respond:
        size limit -> parameters (query string + form body)
        -> signature (SigV4 / SigV2, :mod:`.signing`) and caller (:mod:`.callers`)
        -> Action=... (:mod:`.actions` table) -> engine service -> XML (:mod:`.xmlwire`)

``/waitcondition/...`` and ``/signal/...`` (also under ``/v1``) are
pre-signed URLs: :func:`heat_api.cfn.signal.handle` checks their own
signatures and answers them; header signatures are not asked for.  They
do not go through Pecan (:class:`SignalUrls`), which would turn the empty
200 that cfn-signal expects into a 204.
"""

from __future__ import annotations

import importlib
import logging
import uuid
from urllib.parse import parse_qsl

import pecan
import pecan.hooks
import webob

from heat_api import pecan_argspec

# the action modules register themselves in ACTIONS
from heat_api.cfn import changesets, errors, resources, signing, stacks, xmlwire  # noqa: F401
from heat_api.cfn.actions import ACTIONS, Call
from heat_api.cfn.callers import KeyStore
from heat_api.cfn.ec2tokens import Ec2Tokens
from heat_api.cfn.params import Params
from heat_core.errors import HeatError

LOG = logging.getLogger('heat.api.cfn')

VERSION = '2010-05-15'
SERVICE = 'cloudformation'
REQUEST_ID = 'heat.cfn.request_id'
SIGNAL_PREFIXES = ('/waitcondition/', '/signal/')
FORM = 'application/x-www-form-urlencoded'


def _request_id(environ) -> str:
    rid = environ.get(REQUEST_ID)
    if rid is None:
        rid = environ[REQUEST_ID] = str(uuid.uuid4())
    return rid


def error_response(exc: BaseException, request_id: str) -> webob.Response:
    """AWS's error document for any exception (never a traceback)."""
    if isinstance(exc, HeatError):
        exc = errors.from_heat(exc)
    if isinstance(exc, errors.CfnError):
        resp = xmlwire.error(exc.status, exc.code, exc.message, request_id, exc.sender)
    else:
        LOG.error('Unexpected error answering request %s', request_id,
                  exc_info=(type(exc), exc, exc.__traceback__))
        resp = xmlwire.error(500, 'InternalFailure', 'The request processing has failed '
                             'because of an unknown error, exception or failure.', request_id,
                             sender=False)
    resp.headers['x-amzn-RequestId'] = request_id
    return resp


class Api:
    """What answering needs: the engine service, the key store, the region."""

    def __init__(self, service, identity, region: str | None = None,
                 keystone: Ec2Tokens | None = None):
        self.service = service
        self.keys = KeyStore(identity, getattr(service, 'cloud', None))
        self._region = region
        #: ``[auth] strategy = keystone``: Keystone checks the signatures
        self.keystone = keystone

    @property
    def region(self) -> str:
        if self._region is not None:
            return self._region
        from heat_core.config import CONF
        return CONF.region_name_for_services

    def answer(self, req: webob.Request) -> webob.Response:
        request_id = _request_id(req.environ)
        try:
            path = _service_path(req.path_info)
            if path.startswith(SIGNAL_PREFIXES):
                return self.signal(req)
            if path not in ('', '/'):
                raise errors.CfnError('NotFound', 'The resource %s could not be found.'
                                      % req.path_info[:200], 404)
            if req.method not in ('GET', 'POST'):
                raise errors.CfnError('MethodNotAllowed', 'The method %s is not allowed: '
                                      'send Query API requests with GET or POST.'
                                      % req.method[:20], 405)
            _check_size(req)
            values = _parameters(req)
            caller = self.authenticate(req, values)
            result, action = self.dispatch(req, values, caller, request_id)
            if values.get('ContentType') == 'JSON':
                resp = xmlwire.json_response(action, result, request_id)
            else:
                resp = xmlwire.response(action, result, request_id)
            resp.headers['x-amzn-RequestId'] = request_id
            return resp
        except Exception as exc:  # noqa: BLE001 - every error is answered as a document
            return error_response(exc, request_id)

    def authenticate(self, req: webob.Request, values: dict):
        signed = signing.SignedRequest.from_webob(req, values)
        sig = signing.read_signature(signed)
        if self.keystone is not None:
            caller = self.keystone.caller(signed, sig)
            if caller is not None:
                return caller
            found = self.keys.find_stack_user(sig.access_key)
        else:
            found = self.keys.find(sig.access_key)
        if found is None:
            raise errors.CfnError('InvalidClientTokenId', 'The security token included in '
                                  'the request is invalid.', 403)
        secret, caller = found
        signing.verify(signed, sig, secret, self.region, SERVICE)
        return caller

    def dispatch(self, req, values: dict, caller, request_id: str):
        name = values.get('Action')
        if not name:
            raise errors.CfnError('MissingAction', 'Missing Action')
        version = values.get('Version') or VERSION
        act = ACTIONS.get(name)
        if act is None or version != VERSION:
            raise errors.CfnError('InvalidAction', 'Could not find operation %s for version %s'
                                  % (name[:64], version[:20]))
        if caller.is_stack_user and not act.stack_user:
            raise errors.access_denied(name, caller.user)
        ctx = caller.context(request_id)
        LOG.info('%s by %s (tenant %s) [%s]', name, caller.user, caller.tenant, request_id)
        call = Call(self.service, caller, ctx, Params(values), request_id)
        return act.handler(call), name

    def signal(self, req: webob.Request) -> webob.Response:
        try:
            module = importlib.import_module('heat_api.cfn.signal')
        except ModuleNotFoundError as exc:
            if exc.name != 'heat_api.cfn.signal':
                raise
            raise errors.CfnError('NotFound', 'Signals are not served here.', 404) from None
        return module.handle(req, self.service)


def _service_path(path: str) -> str:
    """The path below the optional ``/v1`` prefix."""
    if path == '/v1' or path.startswith('/v1/'):
        return path[3:]
    return path


def _check_size(req: webob.Request) -> None:
    from heat_core.config import CONF
    limit = CONF.max_json_body_size
    length = req.content_length
    if length is not None and length > limit:
        raise errors.CfnError('RequestEntityTooLarge', 'Request body size (%d bytes) '
                              'exceeds maximum allowed size (%d bytes).' % (length, limit), 413)


def _parameters(req: webob.Request) -> dict:
    """Query string and (for a form POST) body parameters; a name given
    twice keeps its last value."""
    try:
        values = dict(parse_qsl(req.query_string, keep_blank_values=True, errors='strict'))
        if req.method == 'POST':
            ctype = (req.content_type or FORM).lower()
            if ctype != FORM:
                raise errors.CfnError('UnsupportedMediaType', 'Send Query API requests as '
                                      '%s, not %s.' % (FORM, ctype[:100]), 415)
            body = req.body.decode('utf-8')
            values.update(parse_qsl(body, keep_blank_values=True, errors='strict'))
    except UnicodeError:
        raise errors.validation('The request is not valid UTF-8.') from None
    return values


class XmlErrors(pecan.hooks.PecanHook):
    """Errors Pecan raises itself, as AWS's error document too."""

    def on_error(self, state, e):
        return error_response(e, _request_id(state.request.environ))


class RootController:
    """Pecan's root: every path is answered by :meth:`Api.answer`."""

    def __init__(self, api: Api):
        self.api = api

    @pecan.expose()
    def _route(self, args, request):
        request.pecan['content_type'] = xmlwire.CONTENT_TYPE
        return self.respond, []

    @pecan.expose(content_type=xmlwire.CONTENT_TYPE)
    def respond(self, req, resp):
        return self.api.answer(req)


class SignalUrls:
    """Pre-signed signal URLs answered by :meth:`Api.answer` directly: the
    wire carries exactly what :func:`heat_api.cfn.signal.handle` answers
    (Heat's 200 with an empty body; Pecan would make it a 204)."""

    def __init__(self, app, api: Api):
        self.app = app
        self.api = api

    def __call__(self, environ, start_response):
        if _service_path(environ.get('PATH_INFO') or '').startswith(SIGNAL_PREFIXES):
            return self.api.answer(webob.Request(environ))(environ, start_response)
        return self.app(environ, start_response)


class LastResort:
    """A request id for every request, and an XML 500 for anything that
    escapes the application."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        _request_id(environ)
        try:
            return self.app(environ, start_response)
        except Exception as exc:  # noqa: BLE001 - the last resort: log, answer 500
            return error_response(exc, _request_id(environ))(environ, start_response)


def setup_app(service=None, identity=None, region: str | None = None,
              strategy: str | None = None):
    """The CloudFormation Query API over ``service`` (an EngineService; a
    new one on the configured database by default), checking signatures
    against ``identity`` (an IdentityStore; the configured one by
    default), or, with ``strategy`` (default ``[auth] strategy``)
    ``keystone``, through Keystone's ec2tokens (:mod:`.ec2tokens`)."""
    from heat_core.config import CONF
    if strategy is None:
        strategy = CONF.auth.strategy
    if service is None:
        from heat_core.engine.service import EngineService
        service = EngineService()
    if identity is None:
        from heat_core.identity.store import IdentityStore
        identity = IdentityStore()
    pecan_argspec.install()
    api = Api(service, identity, region,
              keystone=Ec2Tokens() if strategy == 'keystone' else None)
    app = pecan.Pecan(RootController(api), hooks=[XmlErrors()], use_context_locals=False,
                      guess_content_type_from_ext=False, force_canonical=False)
    return LastResort(SignalUrls(app, api))
