"""Heat's JSON error document, for every error an API answers.

::

    {"code": 404, "title": "Not Found",
     "explanation": "The resource could not be found.",
     "error": {"type": "EntityNotFound", "message": "The Stack (x) could not be found.",
               "traceback": null}}

``type`` is Heat's error name (the engine's ``HeatError.code``) or, for
errors of the HTTP layer itself, the name of the webob exception Heat
raises (``HTTPBadRequest``, ``HTTPNotFound``, ...).  Tracebacks are
logged, never sent.
"""

from __future__ import annotations

import json
import logging

import webob
import webob.exc

LOG = logging.getLogger('heat.api')

JSON = 'application/json'
GENERIC_500 = 'The server has either erred or is incapable of performing the requested ' \
              'operation.'


class HTTPError(Exception):
    """An error of the API layer: ``raise HTTPError(400, 'No stack name specified')``."""

    def __init__(self, status: int, message: str = '', type_: str | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message or _status_class(status).explanation
        self.type = type_ or _status_class(status).__name__
        self.headers = headers or {}


def BadRequest(message: str) -> HTTPError:   # noqa: N802 - reads like webob's names
    return HTTPError(400, message)


def NotFound(message: str = '') -> HTTPError:   # noqa: N802
    return HTTPError(404, message)


def _status_class(status: int):
    return webob.exc.status_map.get(status, webob.exc.HTTPInternalServerError)


def document(status: int, message: str, type_: str) -> dict:
    cls = _status_class(status)
    return {'code': status, 'title': cls.title, 'explanation': cls.explanation,
            'error': {'type': type_, 'message': message, 'traceback': None}}


def response(status: int, message: str, type_: str,
             headers: dict | None = None) -> webob.Response:
    resp = webob.Response(status=status, body=json.dumps(document(status, message, type_))
                          .encode('utf-8'), content_type=JSON, charset=None)
    for key, value in (headers or {}).items():
        resp.headers[key] = value
    return resp


def from_exception(exc: BaseException, request_id: str | None = None,
                   service=None) -> webob.Response:
    """The error response for any exception raised while answering."""
    from heat_core.errors import HeatError
    if isinstance(exc, HTTPError):
        return response(exc.status, exc.message, exc.type, exc.headers)
    if isinstance(exc, HeatError):
        status = getattr(exc, 'http_status', 400) or 400
        return response(status, str(exc), getattr(exc, 'code', type(exc).__name__))
    if isinstance(exc, UnicodeError):
        return response(400, 'The request is not valid UTF-8.', 'HTTPBadRequest')
    if isinstance(exc, webob.exc.HTTPException) and exc.code >= 400:
        return response(exc.code, exc.detail or exc.explanation, type(exc).__name__)
    if service is not None and isinstance(exc, AttributeError) and \
            getattr(exc, 'obj', None) is service:
        # an engine method of the contract that this engine does not have yet
        return response(501, 'The engine does not implement %s yet.' % exc.name,
                        'NotImplemented')
    LOG.error('Unexpected error answering a request (%s)', request_id or '-',
              exc_info=(type(exc), exc, exc.__traceback__))
    return response(500, GENERIC_500, 'InternalServerError')
