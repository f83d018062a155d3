"""Pre-signed URLs of the CloudFormation API for signals, as Heat makes them.

A wait condition handle's reference (and a signal URL) is a URL of the
CFN API carrying an AWS Signature Version 2 in its query string::

    <public_url>/v1/waitcondition/<quoted stack ARN>/resources/<name>
        ?Timestamp=...&SignatureMethod=HmacSHA256&AWSAccessKeyId=...
        &SignatureVersion=2&Signature=...

The signature is the base64 HMAC-SHA256, keyed with the EC2 secret of the
access key, of ``METHOD\\nhost\\npath\\ncanonical query`` where the path is
the URL's path decoded once (what a WSGI server hands the application) and
the canonical query is every parameter but ``Signature``, sorted, each
percent-encoded as RFC 3986 says.  The verb is PUT for ``/waitcondition``
(cfn-signal, curl) and POST for ``/signal``.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import re
from urllib.parse import quote, unquote, urlencode, urlsplit

WAITCONDITION, SIGNAL = 'waitcondition', 'signal'
VERBS = {WAITCONDITION: 'PUT', SIGNAL: 'POST'}
_ARN = re.compile(r'^arn:openstack:heat::([^:/]*):stacks/([^/]+)/([^/]+)/resources/([^/]+)$')


def public_url() -> str:
    """Base URL of the CFN API as servers see it (``[heat_api_cfn] public_url``)."""
    from heat_core.config import CONF
    url = CONF.heat_api_cfn.public_url
    if url:
        return url.rstrip('/')
    host = CONF.heat_api_cfn.bind_host or '127.0.0.1'
    if host in ('0.0.0.0', '::', ''):
        host = '127.0.0.1'
    if ':' in host:
        host = '[%s]' % host
    return 'http://%s:%d' % (host, CONF.heat_api_cfn.bind_port)


def resource_arn(tenant: str, stack_name: str, stack_id: str, resource_name: str) -> str:
    """Heat's ARN of a resource (each part percent-encoded)."""
    return 'arn:openstack:heat::%s:stacks/%s/%s/resources/%s' % (
        quote(tenant, ''), quote(stack_name, ''), quote(stack_id, ''),
        quote(resource_name, ''))


def parse_arn(arn: str) -> tuple[str, str, str, str] | None:
    """``(tenant, stack name, stack id, resource name)`` of a resource ARN
    (as the path holds it, decoded once), or None."""
    match = _ARN.match(arn)
    if match is None:
        return None
    return tuple(unquote(part) for part in match.groups())


def _canonical_query(params: dict) -> str:
    return '&'.join('%s=%s' % (quote(str(k), safe='-_~'), quote(str(v), safe='-_~'))
                    for k, v in sorted(params.items()) if k != 'Signature')


def signature_v2(secret: str, method: str, host: str, path: str, params: dict,
                 digest: str = 'HmacSHA256') -> str:
    """AWS Signature Version 2 of a request (``path`` decoded)."""
    text = '\n'.join((method.upper(), host.lower(), path or '/', _canonical_query(params)))
    algorithm = hashlib.sha1 if digest == 'HmacSHA1' else hashlib.sha256
    mac = hmac.new(secret.encode('utf-8'), text.encode('utf-8'), algorithm)
    return base64.b64encode(mac.digest()).decode('ascii')


def presigned_url(kind: str, tenant: str, stack_name: str, stack_id: str,
                  resource_name: str, access: str, secret: str,
                  now: datetime.datetime | None = None, base: str | None = None) -> str:
    """The pre-signed ``/waitcondition`` or ``/signal`` URL of a resource."""
    base = (base or public_url()).rstrip('/')
    parts = urlsplit(base)
    path = '%s/v1/%s/%s' % (parts.path, kind, quote(resource_arn(
        tenant, stack_name, stack_id, resource_name)))
    now = now or datetime.datetime.now(datetime.timezone.utc)
    params = {'Timestamp': now.strftime('%Y-%m-%dT%H:%M:%SZ'),
              'SignatureMethod': 'HmacSHA256', 'AWSAccessKeyId': access,
              'SignatureVersion': '2'}
    params['Signature'] = signature_v2(secret, VERBS[kind], parts.netloc, unquote(path),
                                       params)
    return '%s://%s%s?%s' % (parts.scheme, parts.netloc.lower(), path, urlencode(params))
