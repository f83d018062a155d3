"""Signed requests checked by Keystone (``[auth] strategy = keystone``).

With Keystone, the EC2 secrets are Keystone's: the Query API does not see
them.  As Heat's ``ec2token`` middleware does, it hands what the signature
covers to Keystone's ``POST {auth_uri}/ec2tokens`` and acts as the token
Keystone answers with::

    {"ec2Credentials": {"access", "signature", "host", "verb", "path",
                        "params" (every parameter but Signature),
                        "headers", "body_hash" (SHA-256 of the body, hex)}}

200 (with ``X-Subject-Token``): the token's project, user and role names
are the caller.  Otherwise Keystone's reason becomes AWS's error: an
invalid signature → ``SignatureDoesNotMatch``, anything else →
``AccessDenied``; a Keystone that cannot be reached →
``ServiceUnavailable`` (503).  "EC2 access key not found." leaves the key
to the caller (:class:`heat_api.cfn.app.Api`): a key a stack made
(AWS::IAM::AccessKey) in the simulated cloud is checked as without
Keystone, any other is ``InvalidClientTokenId``.

The endpoint is ``[ec2authtoken] auth_uri`` (Heat's option; a ``v2.0``
URL is read as ``v3``).  The request is made with ``requests``.
"""

from __future__ import annotations

import hashlib
import json
import logging

from heat_api.cfn.callers import Caller
from heat_api.cfn.errors import CfnError
from heat_api.cfn.signing import Signature, SignedRequest, mismatch

LOG = logging.getLogger('heat.api.cfn')

KEY_NOT_FOUND = 'EC2 access key not found.'


def ec2tokens_url(auth_uri: str) -> str:
    """Keystone's ec2tokens URL under ``auth_uri`` (as Heat derives it)."""
    auth_uri = auth_uri.replace('v2.0', 'v3')
    if auth_uri.endswith('ec2tokens'):
        return auth_uri
    return auth_uri.rstrip('/') + '/ec2tokens'


def credentials(req: SignedRequest, sig: Signature) -> dict:
    """The body of the ec2tokens request: what Keystone needs to compute
    the signature itself (never a secret)."""
    params = {k: v for k, v in req.params.items() if k != 'Signature'}
    headers = {_header_name(k): v for k, v in req.headers.items()}
    return {'ec2Credentials': {
        'access': sig.access_key,
        'signature': sig.signature,
        'host': req.host,
        'verb': req.method,
        'path': req.raw_path,
        'params': params,
        'headers': headers,
        'body_hash': hashlib.sha256(req.body).hexdigest(),
    }}


def _header_name(lower: str) -> str:
    # Keystone reads the headers by their usual spelling (Host, X-Amz-Date, ...)
    return '-'.join(p.capitalize() for p in lower.split('-'))


class Ec2Tokens:
    """Finds the caller of a signed request by asking Keystone."""

    def __init__(self, auth_uri: str | None = None):
        self._auth_uri = auth_uri

    @property
    def auth_uri(self) -> str:
        if self._auth_uri:
            return self._auth_uri
        from heat_core.config import CONF
        uri = CONF.ec2authtoken.auth_uri
        if not uri:
            raise CfnError('InternalFailure', 'Service misconfigured: [auth] strategy = '
                           'keystone needs [ec2authtoken] auth_uri (the Keystone URL).',
                           500, sender=False)
        return uri

    def caller(self, req: SignedRequest, sig: Signature) -> Caller | None:
        """The caller Keystone vouches for; None when Keystone does not
        know the key; else the AWS error."""
        import requests

        from heat_core.config import CONF
        conf = CONF.ec2authtoken
        url = ec2tokens_url(self.auth_uri)
        verify = conf.ca_file or not conf.insecure
        try:
            resp = requests.post(url, data=json.dumps(credentials(req, sig)),
                                 headers={'Content-Type': 'application/json',
                                          'Accept': 'application/json'},
                                 timeout=conf.timeout, verify=verify)
        except requests.RequestException as exc:
            LOG.warning('Keystone ec2tokens (%s) unreachable: %s', url, type(exc).__name__)
            raise CfnError('ServiceUnavailable', 'The identity service could not be '
                           'reached to check the signature; try again later.', 503,
                           sender=False) from None
        try:
            body = resp.json()
        except ValueError:
            body = {}
        token = body.get('token') if isinstance(body, dict) else None
        subject = resp.headers.get('X-Subject-Token')
        if resp.status_code < 300 and subject and isinstance(token, dict):
            return self._caller_of(sig.access_key, subject, token)
        reason = ''
        if isinstance(body, dict) and isinstance(body.get('error'), dict):
            reason = str(body['error'].get('message') or '')
        LOG.info('Keystone refused the signature of key %s (HTTP %s)', sig.access_key[:64],
                 resp.status_code)
        if reason == KEY_NOT_FOUND:
            return None
        if 'signature' in reason.lower():
            raise mismatch()
        raise CfnError('AccessDenied', 'User is not authorized to perform this action: '
                       'the identity service refused the credentials.', 403)

    @staticmethod
    def _caller_of(access: str, subject: str, token: dict) -> Caller:
        project = token.get('project') or {}
        user = token.get('user') or {}
        if not project.get('id'):
            raise CfnError('AccessDenied', 'The EC2 credential is not scoped to a project.',
                           403)
        roles = tuple(r['name'] for r in token.get('roles') or () if r.get('name'))
        return Caller(access, user.get('name') or user.get('id') or '', project['id'], roles,
                      project.get('name'), auth_token=subject)
