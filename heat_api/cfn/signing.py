"""Checking AWS request signatures (Signature Version 4 and 2).

The expected signature is computed by botocore's own signers
(``SigV4Auth``, ``SigV2Auth``) over the request as it arrived: the method,
the Host header, the path actually requested, the query string, the
headers the client says it signed and the body.  Using botocore keeps the
canonicalisation (path double-encoding, query ordering, header trimming)
identical to what boto3 did when it signed; only the parsing of the
``Authorization`` header and the clock checks are ours.

Errors carry AWS's codes: ``MissingAuthenticationToken``,
``IncompleteSignature``, ``InvalidClientTokenId`` (unknown key),
``SignatureDoesNotMatch`` (wrong secret, altered request, wrong scope,
expired or future ``X-Amz-Date``), ``RequestExpired`` (Signature Version
2 ``Timestamp``/``Expires``; a pre-signed URL past its ``X-Amz-Expires``),
``AuthorizationQueryParametersError`` (a malformed pre-signed URL).

Signature Version 4 comes in the ``Authorization`` header or, in a
pre-signed URL (botocore's ``generate_presigned_url``), as ``X-Amz-*``
query parameters: then the canonical query string is every parameter but
``X-Amz-Signature``, and the URL is good from ``X-Amz-Date`` (15 minutes
of clock skew allowed) for ``X-Amz-Expires`` seconds.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import quote

from botocore.auth import SigV2Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from heat_api.cfn.errors import CfnError

#: how far a signed timestamp may be from the server's clock
MAX_SKEW = datetime.timedelta(minutes=15)
#: the longest ``X-Amz-Expires`` of a pre-signed URL AWS accepts (a week)
MAX_PRESIGNED_SECONDS = 604800
V4_ALGORITHM = 'AWS4-HMAC-SHA256'
#: Signature Version 2 methods AWS accepts
V2_METHODS = ('HmacSHA256', 'HmacSHA1')
_V4_FORMAT = '%Y%m%dT%H%M%SZ'
_V4_FIELDS = re.compile(r'(\w+)=([^,\s]*)')

MISMATCH = ('The request signature we calculated does not match the signature you provided. '
            'Check your AWS Secret Access Key and signing method. Consult the service '
            'documentation for details.')


def _error(code: str, message: str, status: int = 403) -> CfnError:
    return CfnError(code, message, status)


def mismatch(message: str = MISMATCH) -> CfnError:
    return _error('SignatureDoesNotMatch', message)


def incomplete(message: str) -> CfnError:
    return _error('IncompleteSignature', message, 400)


@dataclass
class SignedRequest:
    """What a signature covers, read from a WSGI request."""
    method: str
    host: str
    raw_path: str          # as sent: percent-encoded
    query_string: str
    headers: dict          # lower-case name -> value
    body: bytes
    params: dict           # Query parameters (query string and form body)

    @classmethod
    def from_webob(cls, req, params: dict) -> 'SignedRequest':
        env = req.environ
        raw = env.get('RAW_URI') or env.get('REQUEST_URI')
        raw_path = raw.split('?', 1)[0] if raw else quote(
            env.get('SCRIPT_NAME', '') + env.get('PATH_INFO', ''), safe="/~!$&'()*+,;=:@")
        headers = {}
        for key, value in env.items():
            if key.startswith('HTTP_'):
                headers[key[5:].replace('_', '-').lower()] = value
            elif key in ('CONTENT_TYPE', 'CONTENT_LENGTH') and value:
                headers[key.replace('_', '-').lower()] = value
        return cls(req.method, req.host, raw_path or '/', env.get('QUERY_STRING', ''),
                   headers, req.body, params)

    def url(self) -> str:
        return 'http://%s%s%s' % (self.host, self.raw_path,
                                  '?' + self.query_string if self.query_string else '')


@dataclass
class Signature:
    """The claims of a signed request: who, which version, and when."""
    version: int
    access_key: str
    signature: str
    # V4
    date: str = ''
    scope_date: str = ''
    region: str = ''
    service: str = ''
    signed_headers: tuple = ()
    # V4 in the query string (a pre-signed URL): seconds it is valid for
    presigned: bool = False
    expires: int | None = None


def read_signature(req: SignedRequest) -> Signature:
    """The signature a request claims (before any checking of it)."""
    auth = req.headers.get('authorization', '')
    if auth:
        return _read_v4(req, auth)
    if req.params.get('X-Amz-Algorithm') or req.params.get('X-Amz-Signature'):
        return _read_v4_query(req)
    if req.params.get('AWSAccessKeyId') or req.params.get('Signature'):
        return _read_v2(req)
    raise _error('MissingAuthenticationToken', 'Request is missing Authentication Token')


def _read_v4(req: SignedRequest, auth: str) -> Signature:
    algorithm, _, rest = auth.strip().partition(' ')
    if algorithm != V4_ALGORITHM:
        raise incomplete('Unsupported Authorization Type: %s; the Authorization header must '
                         'be %s.' % (algorithm[:40], V4_ALGORITHM))
    fields = dict(_V4_FIELDS.findall(rest))
    for name in ('Credential', 'SignedHeaders', 'Signature'):
        if not fields.get(name):
            raise incomplete("Authorization header requires '%s' parameter. Authorization=%s"
                             % (name, algorithm))
    credential = fields['Credential'].split('/')
    if len(credential) != 5 or credential[4] != 'aws4_request':
        raise incomplete("Credential must have exactly 5 slash-delimited elements, e.g. "
                         "keyID/date/region/service/aws4_request, got '%s'."
                         % '/'.join(credential[1:]))
    signed = tuple(fields['SignedHeaders'].lower().split(';'))
    if 'host' not in signed:
        raise incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization.")
    date = req.headers.get('x-amz-date', '')
    if not date:
        raise incomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
    return Signature(4, credential[0], fields['Signature'], date, credential[1],
                     credential[2], credential[3], signed)


def _query_error(message: str) -> CfnError:
    return _error('AuthorizationQueryParametersError', message, 400)


def _read_v4_query(req: SignedRequest) -> Signature:
    """A pre-signed URL's claims: ``X-Amz-Algorithm``, ``X-Amz-Credential``,
    ``X-Amz-Date``, ``X-Amz-SignedHeaders``, ``X-Amz-Signature`` and
    (optional) ``X-Amz-Expires`` in the query string."""
    params = req.params
    if params.get('X-Amz-Algorithm') != V4_ALGORITHM:
        raise _query_error("X-Amz-Algorithm only supports '%s'" % V4_ALGORITHM)
    for name in ('X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date',
                 'X-Amz-SignedHeaders'):
        if not params.get(name):
            raise _query_error('Query-string authentication version 4 requires the '
                               'X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, '
                               'X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires '
                               'parameters.')
    credential = params['X-Amz-Credential'].split('/')
    if len(credential) != 5 or credential[4] != 'aws4_request':
        raise _query_error("Error parsing the X-Amz-Credential parameter; the Credential "
                           "is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/"
                           "aws4_request\".")
    expires = params.get('X-Amz-Expires')
    if expires is not None:
        if not expires.isdigit():
            raise _query_error('X-Amz-Expires should be a number')
        if int(expires) > MAX_PRESIGNED_SECONDS:
            raise _query_error('X-Amz-Expires must be less than a week (in seconds) that is '
                               '%d' % MAX_PRESIGNED_SECONDS)
        if int(expires) < 1:
            raise _query_error('X-Amz-Expires must be non-negative')
    signed = tuple(params['X-Amz-SignedHeaders'].lower().split(';'))
    if 'host' not in signed:
        raise _query_error("'Host' must be a 'SignedHeader' in the AWS Authorization.")
    return Signature(4, credential[0], params['X-Amz-Signature'], params['X-Amz-Date'],
                     credential[1], credential[2], credential[3], signed,
                     presigned=True, expires=int(expires) if expires is not None else None)


def _read_v2(req: SignedRequest) -> Signature:
    params = req.params
    for name in ('AWSAccessKeyId', 'Signature', 'SignatureVersion', 'SignatureMethod'):
        if not params.get(name):
            raise _error('MissingParameter', 'The request must contain the parameter %s'
                         % name, 400)
    if params['SignatureVersion'] != '2':
        raise incomplete('Signature Version %s is not supported: use 2 or 4.'
                         % params['SignatureVersion'][:10])
    if params['SignatureMethod'] not in V2_METHODS:
        raise incomplete('SignatureMethod %s is not supported: use HmacSHA256 or HmacSHA1.'
                         % params['SignatureMethod'][:20])
    if not params.get('Timestamp') and not params.get('Expires'):
        raise _error('MissingParameter', 'The request must contain the parameter Timestamp',
                     400)
    return Signature(2, params['AWSAccessKeyId'], params['Signature'])


def verify(req: SignedRequest, sig: Signature, secret: str, region: str, service: str,
           now: datetime.datetime | None = None) -> None:
    """Raise the AWS error if ``sig`` is not ``req`` signed with ``secret``."""
    now = now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    if sig.version == 4:
        _verify_v4(req, sig, secret, region, service, now)
    else:
        _verify_v2(req, sig, secret, now)


def _verify_v4(req, sig, secret, region, service, now) -> None:
    try:
        when = datetime.datetime.strptime(sig.date, _V4_FORMAT)
    except ValueError:
        raise incomplete("Date must be in ISO-8601 'basic format'. Got '%s'. See "
                         "http://en.wikipedia.org/wiki/ISO_8601" % sig.date[:40]) from None
    stamp = now.strftime(_V4_FORMAT)
    if sig.presigned and sig.expires is not None:
        if now > when + datetime.timedelta(seconds=sig.expires):
            raise _error('RequestExpired', 'Request has expired. X-Amz-Date %s plus '
                         'X-Amz-Expires %d seconds is earlier than %s.'
                         % (sig.date, sig.expires, stamp), 400)
    elif when < now - MAX_SKEW:
        raise mismatch('Signature expired: %s is now earlier than %s (%s - 15 min.)' % (
            sig.date, (now - MAX_SKEW).strftime(_V4_FORMAT), stamp))
    if when > now + MAX_SKEW:
        raise mismatch('Signature not yet current: %s is still later than %s (%s + 15 min.)'
                       % (sig.date, (now + MAX_SKEW).strftime(_V4_FORMAT), stamp))
    if sig.scope_date != sig.date[:8]:
        raise mismatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 version "
                       "of date from HTTP: '%s' != '%s', from 'X-Amz-Date'."
                       % (sig.scope_date[:20], sig.date[:8]))
    if (sig.region, sig.service) != legacy_scope(req.host):
        if sig.region != region:
            raise mismatch("Credential should be scoped to a valid region, not '%s'."
                           % sig.region[:64])
        if sig.service != service:
            raise mismatch("Credential should be scoped to correct service: '%s'." % service)
    missing = [h for h in sig.signed_headers if h not in req.headers]
    if missing:
        raise mismatch()
    url = req.url()
    if sig.presigned:
        # the canonical query string has every parameter but the signature
        url = url.split('?', 1)[0]
        query = '&'.join(p for p in req.query_string.split('&')
                         if p.split('=', 1)[0] != 'X-Amz-Signature')
        if query:
            url += '?' + query
    request = AWSRequest(method=req.method, url=url,
                         headers={h: req.headers[h] for h in sig.signed_headers},
                         data=req.body)
    request.context['timestamp'] = sig.date
    signer = SigV4Auth(Credentials(sig.access_key, secret), sig.service, sig.region)
    canonical = signer.canonical_request(request)
    expected = signer.signature(signer.string_to_sign(request, canonical), request)
    if not _same(expected, sig.signature):
        raise mismatch()


def _same(expected: str, given: str) -> bool:
    """Constant-time comparison (any characters a client sends)."""
    return hmac.compare_digest(expected.encode('utf-8'),
                               given.encode('utf-8', errors='surrogateescape'))


def legacy_scope(host: str) -> tuple[str, str]:
    """The (region, service) boto 2 puts in its credential scope for a host
    that is not an AWS endpoint name (its ``HmacAuthV4Handler`` reads them
    from the host's labels: ``127.0.0.1`` gives ``('0', '127')``).
    heat-cfntools signs with boto 2, and Heat accepted whatever scope was
    signed, so the scope of the host the client addressed is accepted too:
    the signature is still checked with that scope."""
    name = host.rsplit(':', 1)[0] if host.count(':') == 1 else host
    parts = name.split('.')
    if len(parts) > 1:
        region = 'us-east-1' if len(parts) == 3 else parts[1]
    else:
        region = parts[0]
    return region, parts[0]


_V2_FORMATS = ('%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%dT%H:%M:%S.%fZ', '%Y-%m-%dT%H:%M:%S')


def _v2_time(text: str) -> datetime.datetime:
    for fmt in _V2_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise _error('InvalidParameterValue', 'Invalid timestamp: %s (ISO 8601, UTC)'
                 % text[:40], 400)


def _verify_v2(req, sig, secret, now) -> None:
    if req.params.get('Timestamp'):
        when = _v2_time(req.params['Timestamp'])
        if abs(when - now) > MAX_SKEW:
            raise _error('RequestExpired', 'Request has expired. Timestamp date is %s'
                         % req.params['Timestamp'][:40], 400)
    if req.params.get('Expires'):
        if _v2_time(req.params['Expires']) < now:
            raise _error('RequestExpired', 'Request has expired. Expires date is %s'
                         % req.params['Expires'][:40], 400)
    request = AWSRequest(method=req.method, url='http://%s%s' % (req.host.lower(),
                                                                 req.raw_path))
    qs, expected = SigV2Auth(Credentials(sig.access_key, secret)).calc_signature(
        request, req.params)
    if req.params.get('SignatureMethod') == 'HmacSHA1':
        # botocore signs V2 with SHA-256 only: the same string to sign
        # (botocore's canonical query), with HMAC-SHA1
        text = '%s\n%s\n%s\n%s' % (req.method, req.host.lower(), req.raw_path or '/', qs)
        expected = base64.b64encode(hmac.new(secret.encode('utf-8'), text.encode('utf-8'),
                                             hashlib.sha1).digest()).decode('ascii')
    if not _same(expected, sig.signature):
        raise mismatch()
