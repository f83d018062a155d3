"""The simulated object storage (Swift): containers and the objects in them."""

from __future__ import annotations

import hashlib

from heat_core.clouds.errors import BadRequest, Conflict, NotFound
from heat_core.config import CONF
from heat_plugins.cloud_sim.core import now_iso, public


class SimObjectStore:
    """Object storage requests of the simulated cloud."""

    def _container_view(self, t, body: dict):
        view = public(body)
        objects = [o for o in t.list('object') if o['container'] == body['name']]
        view['count'] = len(objects)
        view['bytes'] = sum(o['bytes'] for o in objects)
        return view

    def _get_container(self, t, name: str) -> dict:
        body = t.get('container', name)
        if body is None:
            raise NotFound('Container %s could not be found.' % name)
        return body

    def object_store_endpoint(self):
        return CONF.cloud_sim.object_store_url.rstrip('/')

    def containers(self):
        with self._txn() as t:
            return [self._container_view(t, c) for c in t.list('container')]

    def create_container(self, name, *, metadata=None, read_acl=None, write_acl=None):
        self._request('create_container')
        if not name or '/' in name or len(name) > 256:
            raise BadRequest('Container name must be 1 to 256 characters without "/": %r'
                             % (name,))
        with self._txn(write=True) as t:
            body = t.get('container', name) or {
                'id': name, 'name': name, 'metadata': {}, 'read_acl': None,
                'write_acl': None, 'created_at': now_iso()}
            if metadata is not None:
                body['metadata'] = dict(body['metadata'], **metadata)
            if read_acl is not None:
                body['read_acl'] = read_acl
            if write_acl is not None:
                body['write_acl'] = write_acl
            t.put('container', body)
            return self._container_view(t, body)

    def get_container(self, name):
        with self._txn() as t:
            return self._container_view(t, self._get_container(t, name))

    def update_container(self, name, *, metadata=None, read_acl=None, write_acl=None):
        self._request('update_container')
        with self._txn(write=True) as t:
            body = self._get_container(t, name)
            if metadata is not None:
                body['metadata'] = dict(metadata)
            if read_acl is not None:
                body['read_acl'] = read_acl
            if write_acl is not None:
                body['write_acl'] = write_acl
            t.put('container', body)
            return self._container_view(t, body)

    def delete_container(self, name):
        self._request('delete_container')
        with self._txn(write=True) as t:
            self._get_container(t, name)
            if any(o['container'] == name for o in t.list('object')):
                raise Conflict('There was a conflict when trying to complete your request.')
            t.delete('container', name)

    def create_object(self, container, name, data=b''):
        self._request('create_object')
        data = data.encode('utf-8') if isinstance(data, str) else bytes(data)
        with self._txn(write=True) as t:
            self._get_container(t, container)
            body = {'id': '%s/%s' % (container, name), 'name': name, 'container': container,
                    'bytes': len(data), 'etag': hashlib.md5(data).hexdigest(),
                    'last_modified_at': now_iso()}
            t.put('object', body)
        return public(body)

    def delete_object(self, container, name):
        self._request('delete_object')
        with self._txn(write=True) as t:
            if t.get('object', '%s/%s' % (container, name)) is None:
                raise NotFound('Object %s/%s could not be found.' % (container, name))
            t.delete('object', '%s/%s' % (container, name))
