"""WSGI middleware shared by the APIs: request ids, a last-resort error
document, and the request-size limit."""

from __future__ import annotations

import random
from urllib.parse import parse_qsl

from heat_api import faults

REQUEST_ID = 'heat.request_id'


def new_request_id() -> str:
    """``req-<uuid4>``.  A request id is unique, not secret: it is drawn
    from the random module (seeded from the OS, again in every forked
    worker) rather than ``uuid.uuid4()``, whose ``os.urandom`` call lets go
    of the interpreter lock and so hands the request's thread to the back
    of the queue on a busy threaded server.  The text is formatted here
    (version and variant bits set as ``uuid.UUID(version=4)`` sets them):
    a fifth of the cost of building a ``UUID``."""
    h = '%032x' % (random.getrandbits(128) & _CLEAR_BITS | _V4_BITS)
    return 'req-%s-%s-%s-%s-%s' % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


#: the version (4) and variant (RFC 4122) fields of a random UUID
_CLEAR_BITS = ~((0xf000 << 64) | (0xc000 << 48)) & ((1 << 128) - 1)
_V4_BITS = (0x4000 << 64) | (0x8000 << 48)


class FaultWrapper:
    """Gives every request an id (``x-openstack-request-id``) and turns any
    exception that escapes the application into a JSON 500."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        request_id = environ[REQUEST_ID] = new_request_id()

        def start(status, headers, exc_info=None):
            headers.append(('x-openstack-request-id', request_id))
            return start_response(status, headers, exc_info)
        try:
            return self.app(environ, start)
        except Exception as exc:  # noqa: BLE001 - the last resort: log, answer 500
            return faults.from_exception(exc, request_id)(environ, start_response)


class SizeLimit:
    """Refuses request bodies over ``[DEFAULT] max_json_body_size`` with a
    413 before anything reads them, and paths or query strings that are not
    UTF-8 with a 400."""

    def __init__(self, app, limit=None):
        self.app = app
        self._limit = limit

    @property
    def limit(self) -> int:
        if self._limit is not None:
            return self._limit
        from heat_core.config import CONF
        return CONF.max_json_body_size

    def __call__(self, environ, start_response):
        path, query = environ.get('PATH_INFO', ''), environ.get('QUERY_STRING', '')
        try:
            if not path.isascii():          # (ASCII is UTF-8: the common case)
                path.encode('latin-1').decode('utf-8')
            if not query.isascii() or '%' in query:
                parse_qsl(query, keep_blank_values=True, errors='strict')
        except UnicodeError:
            return faults.response(400, 'The URL is not valid UTF-8.', 'HTTPBadRequest')(
                environ, start_response)
        length = environ.get('CONTENT_LENGTH')
        if length:
            try:
                size = int(length)
            except ValueError:
                return faults.response(400, 'Invalid Content-Length', 'HTTPBadRequest')(
                    environ, start_response)
            limit = self.limit
            if size > limit:
                return faults.response(413, too_large(size, limit), 'RequestLimitExceeded')(
                    environ, start_response)
        return self.app(environ, start_response)


def too_large(size: int, limit: int) -> str:
    """Heat's message for a body over the limit."""
    return 'JSON body size (%d bytes) exceeds maximum allowed size (%d bytes).' % (size, limit)
