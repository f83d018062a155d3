"""Authentication middleware: who is asking, as a RequestContext.

``[auth] strategy = embedded`` (the default) checks credentials against
the embedded identity store (:mod:`heat_core.identity`):

* ``X-Auth-Token``: a token (``heat-manage bootstrap`` prints one);
* ``X-Auth-User`` / ``X-Auth-Key``: a user name and password, as
  python-heatclient sends them in its standalone (no Keystone) mode; the
  project is the ``{tenant_id}`` of the URL.  ``X-Auth-Url`` is ignored.

``strategy = keystone`` puts keystonemiddleware's ``auth_token`` filter
(configured in ``[keystone_authtoken]``) in front and reads the identity
headers it sets.

The result is ``environ['heat.context']``.  Requests for the version
document (``GET /``) need no credentials.  Missing or wrong credentials
answer 401 with Heat's JSON error document.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
import time

from heat_api import faults
from heat_api.middleware import REQUEST_ID
from heat_core.engine.context import RequestContext

CONTEXT = 'heat.context'

#: seconds a checked token or password is trusted without asking the store again
CACHE_SECONDS = 30.0
_CACHE_MAX = 10000


def _public(environ) -> bool:
    return environ.get('PATH_INFO', '') in ('', '/')


def unauthorized(message: str):
    return faults.response(401, message, 'HTTPUnauthorized')


def _project_in_path(path: str) -> str | None:
    """``{tenant_id}`` of ``/v1/{tenant_id}/...``."""
    parts = path.split('/')
    if len(parts) > 2 and parts[1] == 'v1' and parts[2]:
        return parts[2]
    return None


class EmbeddedAuth:
    """Checks tokens and passwords against the embedded identity store."""

    def __init__(self, app, identity):
        self.app = app
        self.identity = identity
        self._cache: dict = {}
        self._lock = threading.Lock()
        # passwords are cached under a keyed hash, never in clear
        self._key = os.urandom(32)

    def __call__(self, environ, start_response):
        if _public(environ):
            return self.app(environ, start_response)
        token = environ.get('HTTP_X_AUTH_TOKEN')
        user = environ.get('HTTP_X_AUTH_USER')
        if token:
            principal = self._cached(('token', token), lambda: self.identity.validate_token(
                token))
        elif user:
            password = environ.get('HTTP_X_AUTH_KEY') or ''
            project = _project_in_path(environ.get('PATH_INFO', ''))
            secret = hmac.new(self._key, password.encode('utf-8'), hashlib.sha256).digest()
            principal = self._cached(
                ('password', user, project, secret),
                lambda: self.identity.authenticate(user, password, project))
        else:
            return unauthorized('Authentication required: send X-Auth-Token, or X-Auth-User '
                                'and X-Auth-Key.')(environ, start_response)
        if principal is None:
            return unauthorized('Authentication failed: the credentials are invalid or '
                                'expired.')(environ, start_response)
        environ[CONTEXT] = RequestContext(
            tenant=principal.project_id, user=principal.user_name, roles=list(principal.roles),
            auth_token=token, tenant_name=principal.project_name,
            request_id=environ.get(REQUEST_ID))
        return self.app(environ, start_response)

    def _cached(self, key, check):
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit is not None and hit[1] > now:
            return hit[0]
        principal = check()
        if principal is not None:
            until = now + CACHE_SECONDS
            if principal.expires_at is not None:
                from heat_core.db.models import utcnow
                left = (principal.expires_at - utcnow()).total_seconds()
                until = min(until, now + left)
            with self._lock:
                if len(self._cache) >= _CACHE_MAX:
                    self._cache.clear()
                self._cache[key] = (principal, until)
        return principal


class KeystoneContext:
    """The context from the headers keystonemiddleware's ``auth_token`` sets
    (it removes any that clients send themselves)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if _public(environ):
            return self.app(environ, start_response)
        if environ.get('HTTP_X_IDENTITY_STATUS') != 'Confirmed' or \
                not environ.get('HTTP_X_PROJECT_ID'):
            return unauthorized('Authentication required: a valid project-scoped Keystone '
                                'token.')(environ, start_response)
        roles = [r.strip() for r in environ.get('HTTP_X_ROLES', '').split(',') if r.strip()]
        environ[CONTEXT] = RequestContext(
            tenant=environ['HTTP_X_PROJECT_ID'],
            user=environ.get('HTTP_X_USER_NAME') or environ.get('HTTP_X_USER_ID') or '',
            roles=roles, auth_token=environ.get('HTTP_X_AUTH_TOKEN'),
            tenant_name=environ.get('HTTP_X_PROJECT_NAME'),
            request_id=environ.get(REQUEST_ID))
        return self.app(environ, start_response)


class _Public:
    """Lets the version document through without Keystone."""

    def __init__(self, app, protected):
        self.app = app
        self.protected = protected

    def __call__(self, environ, start_response):
        if _public(environ):
            return self.app(environ, start_response)
        return self.protected(environ, start_response)


def keystone(app):
    """``app`` behind keystonemiddleware's auth_token ([keystone_authtoken])."""
    try:
        from keystonemiddleware import auth_token
    except ImportError:
        raise RuntimeError('[auth] strategy = keystone needs keystonemiddleware: '
                           'pip install keystonemiddleware') from None
    from heat_core.config import CONF
    protected = auth_token.AuthProtocol(KeystoneContext(app), {'oslo_config_config': CONF})
    return _Public(app, protected)


def middleware(app, strategy: str | None = None, identity=None):
    """``app`` behind the authentication ``strategy`` (``[auth] strategy``)."""
    if strategy is None:
        from heat_core.config import CONF
        strategy = CONF.auth.strategy
    if strategy == 'keystone':
        return keystone(app)
    if identity is None:
        from heat_core.identity.store import IdentityStore
        identity = IdentityStore()
    return EmbeddedAuth(app, identity)
