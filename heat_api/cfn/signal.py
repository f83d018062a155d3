"""Pre-signed signal URLs of the CloudFormation API.

- ``PUT /v1/waitcondition/{stack ARN}/resources/{name}?<signature>``: a
  wait condition handle's URL (its Ref), used by cfn-signal and by
  ``curl -X PUT -H 'Content-Type:' --data-binary '{"Status": ...}'``.
- ``POST /v1/signal/{stack ARN}/resources/{name}?<signature>``: Heat's
  signal URL of a resource (a resource waiting for its CreationPolicy
  signals, later scaling policies and alarms); the body is optional JSON.

The query string carries an AWS Signature Version 2 (see
:mod:`heat_core.resources.signed_url`), made with the resource's own key
(a wait condition handle's) or with an EC2 key of a user of the stack's
project (identity store, or a stack's AWS::IAM::AccessKey).  The timestamp
is not checked: a handle's URL is valid for as long as the handle lives.

Answers: 200 with an empty body once the signal is handed to the engine;
AWS's XML error document otherwise (403 for a missing or wrong signature
or a key of another project, 404 for an unknown stack or resource, 400 for
a body that is not a signal, 405 for the wrong method).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import uuid
from urllib.parse import urlsplit

import webob

from heat_api.cfn import xmlwire
from heat_core.engine.context import RequestContext
from heat_core.errors import HeatError
from heat_core.resources import signals
from heat_core.resources import signed_url as su

LOG = logging.getLogger('heat.api.cfn.signal')

#: the largest signal body accepted (cfn-signal's are a few hundred bytes)
MAX_BODY = 256 * 1024
_PATH = re.compile(r'/(waitcondition|signal)/(arn:.*)$')
#: the role of the requests signed by a stack's own keys (Heat's heat_stack_user)
STACK_USER_ROLE = 'heat_stack_user'


class Refused(Exception):
    """The answer to a request that is not carried out."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def handle(request: webob.Request, service) -> webob.Response:
    """Answer one pre-signed ``/waitcondition/...`` or ``/signal/...`` request."""
    request_id = 'req-%s' % uuid.uuid4()
    try:
        _signal(request, service)
    except Refused as exc:
        return xmlwire.error(exc.status, exc.code, exc.message, request_id)
    except HeatError as exc:
        status = exc.http_status if 400 <= exc.http_status < 500 else 400
        code = {404: 'NotFound'}.get(status, exc.code if exc.code != 'HeatError'
                                     else 'ValidationError')
        return xmlwire.error(status, code, str(exc), request_id)
    except Exception:  # noqa: BLE001 - an error document, never a traceback
        LOG.exception('Signal request %s failed', request_id)
        return xmlwire.error(500, 'InternalFailure', 'The signal could not be processed '
                             '(request %s).' % request_id, request_id, sender=False)
    return webob.Response(status=200, body=b'', content_type='text/plain', charset='UTF-8')


def _signal(request: webob.Request, service) -> None:
    path = request.path_info
    match = _PATH.search(path)
    target = su.parse_arn(match.group(2)) if match else None
    if target is None:
        raise Refused(404, 'NotFound', 'No signal URL here: expected /waitcondition/<stack '
                      'ARN>/resources/<name> or /signal/<stack ARN>/resources/<name>')
    kind = match.group(1)
    tenant, stack_name, stack_id, resource_name = target
    verb = su.VERBS[kind]
    if request.method != verb:
        raise Refused(405, 'MethodNotAllowed', 'Use %s for /%s URLs, not %s'
                      % (verb, kind, request.method[:10]))
    params = dict(request.GET.items())
    access = _signature_params(params)

    ctx = RequestContext(tenant=tenant, user='stack-user', roles=[STACK_USER_ROLE],
                         request_id=None)
    row = service.identify(ctx, stack_id)       # StackNotFound: 404
    if row['name'] != stack_name:
        raise Refused(404, 'NotFound', 'The Stack (%s) could not be found.' % stack_name)
    candidates = _signed_forms(request, kind, match)

    def matches(secret: str) -> bool:
        digest = params.get('SignatureMethod', 'HmacSHA256')
        return any(hmac.compare_digest(
            su.signature_v2(secret, verb, host, signed_path, params, digest),
            params['Signature']) for host, signed_path in candidates)

    ok = service.check_signal_key(ctx, stack_id, resource_name, access, matches)
    if ok is None:
        ok = _user_key_matches(service, access, tenant, matches)
    if not ok:
        raise Refused(403, 'SignatureDoesNotMatch',
                      'The request signature we calculated does not match the signature '
                      'you provided: use the URL exactly as the stack gave it.')
    details = _details(request, kind)
    service.signal_resource(ctx, stack_id, resource_name, details)


def _signature_params(params: dict) -> str:
    missing = [n for n in ('AWSAccessKeyId', 'Signature') if not params.get(n)]
    if missing:
        raise Refused(403, 'MissingAuthenticationToken',
                      'The URL is not signed: the parameter %s is missing. Use the URL '
                      'exactly as the stack gave it.' % missing[0])
    if params.get('SignatureVersion', '2') != '2':
        raise Refused(403, 'IncompleteSignature', 'Signature Version %s is not supported: '
                      'pre-signed URLs use version 2' % params['SignatureVersion'][:10])
    if params.get('SignatureMethod', 'HmacSHA256') not in ('HmacSHA256', 'HmacSHA1'):
        raise Refused(403, 'IncompleteSignature', 'SignatureMethod %s is not supported: use '
                      'HmacSHA256' % params['SignatureMethod'][:20])
    return params['AWSAccessKeyId']


def _signed_forms(request: webob.Request, kind: str, match) -> list:
    """``(host, path)`` pairs the URL may have been signed with: the
    request as it arrived (with and without the port, as Keystone checks)
    and the URL under ``[heat_api_cfn] public_url`` (behind a proxy the
    path and host differ from what reached us)."""
    host = request.host.lower()
    public = urlsplit(su.public_url())
    tail = '/v1/%s/%s' % (kind, match.group(2))
    forms = [(host, request.script_name + request.path_info),
             (host.rsplit(':', 1)[0] if ':' in host and not host.endswith(']') else host,
              request.script_name + request.path_info),
             (public.netloc.lower(), public.path.rstrip('/') + tail)]
    out = []
    for form in forms:
        if form not in out:
            out.append(form)
    return out


def _user_key_matches(service, access: str, tenant: str, matches) -> bool:
    """A signature made with an EC2 key of a user of the stack's project:
    the identity store's, or a stack user's of the cloud."""
    try:
        from heat_api.cfn.callers import KeyStore
        from heat_core.identity.store import IdentityStore
        found = KeyStore(IdentityStore(), getattr(service, 'cloud', None)).find(access)
    except Exception as exc:  # noqa: BLE001 - no identity store: the key is unknown
        LOG.warning('Cannot look up EC2 keys: %s', type(exc).__name__)
        return False
    if found is None:
        return False
    secret, caller = found
    if caller.tenant != tenant:
        raise Refused(403, 'AccessDenied', 'The access key %s may not signal resources of '
                      'this stack' % access[:64])
    return bool(matches(secret))


def _details(request: webob.Request, kind: str):
    """The signal in the body: a cfn-signal body for a wait condition
    handle, any JSON (or nothing) for ``/signal``."""
    length = request.content_length
    if length is not None and length > MAX_BODY:
        raise Refused(400, 'ValidationError', 'The signal body is larger than %d bytes'
                      % MAX_BODY)
    body = request.body
    if len(body) > MAX_BODY:
        raise Refused(400, 'ValidationError', 'The signal body is larger than %d bytes'
                      % MAX_BODY)
    text = body.decode('utf-8', 'replace').strip()
    if not text:
        if kind == su.WAITCONDITION:
            raise Refused(400, 'ValidationError', 'The signal body is empty: send '
                          '{"Status": "SUCCESS" or "FAILURE", "Reason", "UniqueId", "Data"}')
        return None
    try:
        details = json.loads(text)
    except ValueError:
        raise Refused(400, 'ValidationError', 'The signal body is not valid JSON: send '
                      '{"Status": "SUCCESS" or "FAILURE", "Reason", "UniqueId", "Data"}'
                      ) from None
    if kind == su.WAITCONDITION:
        try:
            signals.parse(details)
        except signals.SignalInvalid as exc:
            raise Refused(400, 'ValidationError', str(exc)) from None
    return details
