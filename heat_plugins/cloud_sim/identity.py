"""The simulated identity service (Keystone): users and their EC2
credentials.  Passwords are kept only as hashes; a credential's secret is
given only by :meth:`SimIdentity.get_ec2_credential` and on creation."""

from __future__ import annotations

import hashlib
import uuid

from heat_core.clouds.errors import Conflict, NotFound
from heat_plugins.cloud_sim.core import now_iso, public


def _hash(password: str) -> str:
    return hashlib.sha256(password.encode('utf-8')).hexdigest()


class SimIdentity:
    """Identity requests of the simulated cloud."""

    def _get_user(self, t, user_id: str) -> dict:
        body = t.get('user', user_id)
        if body is None:
            raise NotFound('Could not find user: %s.' % user_id)
        return body

    def users(self):
        with self._txn() as t:
            return [public(u) for u in t.list('user')]

    def create_user(self, name, *, password=None, domain_id=None, default_project_id=None,
                    description=None, is_enabled=True):
        self._request('create_user')
        domain_id = domain_id or 'default'
        with self._txn(write=True) as t:
            if any(u['name'] == name and u['domain_id'] == domain_id for u in t.list('user')):
                raise Conflict('Conflict occurred attempting to store user - Duplicate entry '
                               'found with name %s at domain ID %s.' % (name, domain_id))
            body = {'id': uuid.uuid4().hex, 'name': name, 'domain_id': domain_id,
                    'default_project_id': default_project_id, 'description': description,
                    'is_enabled': bool(is_enabled), 'password_expires_at': None,
                    'created_at': now_iso()}
            if password is not None:
                body['_password_sha256'] = _hash(password)
            t.put('user', body)
        return public(body)

    def get_user(self, user_id):
        with self._txn() as t:
            return public(self._get_user(t, user_id))

    def update_user(self, user_id, *, is_enabled=None, password=None):
        self._request('update_user')
        with self._txn(write=True) as t:
            body = self._get_user(t, user_id)
            if is_enabled is not None:
                body['is_enabled'] = bool(is_enabled)
            if password is not None:
                body['_password_sha256'] = _hash(password)
            t.put('user', body)
        return public(body)

    def delete_user(self, user_id):
        self._request('delete_user')
        with self._txn(write=True) as t:
            self._get_user(t, user_id)
            for cred in t.list('ec2_credential'):
                if cred['user_id'] == user_id:
                    t.delete('ec2_credential', cred['id'])
            t.delete('user', user_id)

    def ec2_credentials(self):
        with self._txn() as t:
            return [public(c) for c in t.list('ec2_credential')]

    def create_ec2_credential(self, user_id, *, project_id=None):
        self._request('create_ec2_credential')
        with self._txn(write=True) as t:
            user = self._get_user(t, user_id)
            access = uuid.uuid4().hex
            body = {'id': access, 'access': access, 'user_id': user_id,
                    'project_id': project_id or user.get('default_project_id'),
                    'trust_id': None, 'created_at': now_iso(), '_secret': uuid.uuid4().hex}
            t.put('ec2_credential', body)
        return public(dict(body, secret=body['_secret']))

    def get_ec2_credential(self, user_id, access):
        with self._txn() as t:
            body = t.get('ec2_credential', access)
        if body is None or body['user_id'] != user_id:
            raise NotFound('Could not find credential: %s.' % access)
        return public(dict(body, secret=body['_secret']))

    def delete_ec2_credential(self, user_id, access):
        self._request('delete_ec2_credential')
        with self._txn(write=True) as t:
            body = t.get('ec2_credential', access)
            if body is None or body['user_id'] != user_id:
                raise NotFound('Could not find credential: %s.' % access)
            t.delete('ec2_credential', access)
