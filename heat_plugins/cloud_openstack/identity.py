"""Identity (Keystone v3): stack users and their EC2 credentials.

EC2 credentials are Keystone credentials of type ``ec2`` whose blob holds
the access key and secret (what ``openstack ec2 credentials create``
makes); Heat picks both keys itself.

Stack users live in a domain the plugins name (``heat``, Heat's
``stack_user_domain_name``): Keystone wants its ID, so a name is looked up
once (``GET /v3/domains/{name}``, then ``GET /v3/domains?name=``).
"""

from __future__ import annotations

import json
import threading
import uuid

from heat_core.clouds.errors import CloudError, NotFound
from heat_plugins.cloud_openstack.convert import to_object
from heat_plugins.cloud_openstack.errors import sdk_errors


class IdentityMixin:
    """The identity requests of the interface through ``conn.identity``."""

    @sdk_errors
    def find_domain_id(self, name_or_id):
        with self._domain_lock:
            known = self._domain_ids.get(name_or_id)
        if known is not None:
            return known
        domain = self.conn.identity.find_domain(name_or_id)
        if domain is None:
            raise CloudError('The identity domain "%s" of stack users does not exist in '
                             'Keystone (create it: openstack domain create %s)'
                             % (name_or_id, name_or_id), 404)
        with self._domain_lock:
            self._domain_ids[name_or_id] = domain.id
        return domain.id

    @property
    def _domain_lock(self):
        lock = self.__dict__.get('_domain_lock_')
        if lock is None:
            lock = self.__dict__.setdefault('_domain_lock_', threading.Lock())
        return lock

    @property
    def _domain_ids(self) -> dict:
        return self.__dict__.setdefault('_domain_ids_', {})

    @sdk_errors
    def create_user(self, name, *, password=None, domain_id=None, default_project_id=None,
                    description=None, is_enabled=True):
        if domain_id is not None:
            domain_id = self.find_domain_id(domain_id)
        attrs = {'name': name, 'is_enabled': is_enabled}
        optional = {'password': password, 'domain_id': domain_id,
                    'default_project_id': default_project_id, 'description': description}
        attrs.update((k, v) for k, v in optional.items() if v is not None)
        return to_object(self.conn.identity.create_user(**attrs))

    @sdk_errors
    def get_user(self, user_id):
        return to_object(self.conn.identity.get_user(user_id))

    @sdk_errors
    def update_user(self, user_id, *, is_enabled=None, password=None):
        attrs = {k: v for k, v in (('is_enabled', is_enabled), ('password', password))
                 if v is not None}
        if not attrs:
            return self.get_user(user_id)
        return to_object(self.conn.identity.update_user(user_id, **attrs))

    @sdk_errors
    def delete_user(self, user_id):
        # Keystone deletes the user's credentials with it
        self.conn.identity.delete_user(user_id, ignore_missing=False)

    @sdk_errors
    def create_ec2_credential(self, user_id, *, project_id=None):
        if project_id is None:
            # the user's own project, else the one Heat works in
            project_id = (self.conn.identity.get_user(user_id).default_project_id
                          or self.conn.current_project_id)
        blob = {'access': uuid.uuid4().hex, 'secret': uuid.uuid4().hex}
        credential = self.conn.identity.create_credential(
            type='ec2', user_id=user_id, project_id=project_id, blob=json.dumps(blob))
        return self._ec2_credential(credential)

    def _find_ec2_credential(self, user_id, access):
        for credential in self.conn.identity.credentials(user_id=user_id, type='ec2'):
            if self._ec2_credential(credential).access == access:
                return credential
        raise NotFound('User %s has no EC2 credentials with access key %s'
                       % (user_id, access))

    @sdk_errors
    def get_ec2_credential(self, user_id, access):
        return self._ec2_credential(self._find_ec2_credential(user_id, access))

    @sdk_errors
    def delete_ec2_credential(self, user_id, access):
        credential = self._find_ec2_credential(user_id, access)
        self.conn.identity.delete_credential(credential, ignore_missing=False)
