"""Object storage (Swift): containers and objects."""

from __future__ import annotations

from heat_core.clouds.catalogue import CloudObject
from heat_plugins.cloud_openstack.errors import sdk_errors

_META = 'X-Container-Meta-'


def _metadata_headers(metadata: dict) -> dict:
    return {_META + str(key): str(value) for key, value in metadata.items()}


class ObjectStoreMixin:
    """The object storage requests of the interface through
    ``conn.object_store``.  Containers are known by name."""

    @sdk_errors
    def object_store_endpoint(self):
        return self.conn.object_store.get_endpoint().rstrip('/')

    @sdk_errors
    def create_container(self, name, *, metadata=None, read_acl=None, write_acl=None):
        from openstack.object_store.v1 import container as _container
        attrs = {'name': name}
        if read_acl is not None:
            attrs['read_ACL'] = read_acl
        if write_acl is not None:
            attrs['write_ACL'] = write_acl
        container = _container.Container.new(**attrs)
        # the metadata headers ride on the PUT (set on this instance only:
        # openstacksdk's Container(metadata=...) would change the class's)
        container.metadata = _metadata_headers(metadata or {})
        container.create(self.conn.object_store)
        return self.get_container(name)

    @sdk_errors
    def get_container(self, name):
        return self._container(self.conn.object_store.get_container_metadata(name))

    @sdk_errors
    def update_container(self, name, *, metadata=None, read_acl=None, write_acl=None):
        current = self.conn.object_store.get_container_metadata(name)
        changes = {}
        if metadata is not None:
            # Swift's POST adds keys; an empty value removes one
            changes.update({key: '' for key in (current.metadata or {})
                            if key not in {str(k).lower() for k in metadata}})
            changes.update({str(k): v for k, v in metadata.items()})
        if read_acl is not None:
            changes['read_ACL'] = read_acl
        if write_acl is not None:
            changes['write_ACL'] = write_acl
        if not changes:
            return self._container(current)
        container = self.conn.object_store.set_container_metadata(name, refresh=True, **changes)
        return self._container(container)

    @sdk_errors
    def delete_container(self, name):
        # 409 while it holds objects
        self.conn.object_store.delete_container(name, ignore_missing=False)

    @sdk_errors
    def create_object(self, container, name, data=b''):
        obj = self.conn.object_store.create_object(container, name, data=data)
        return CloudObject(id='%s/%s' % (container, name), name=name, container=container,
                           etag=getattr(obj, 'etag', None),
                           bytes=len(data.encode('utf-8') if isinstance(data, str) else data))

    @sdk_errors
    def delete_object(self, container, name):
        self.conn.object_store.delete_object(name, ignore_missing=False, container=container)

    @staticmethod
    def _container(container) -> CloudObject:
        count = container.object_count if container.object_count is not None else container.count
        size = container.bytes_used if container.bytes_used is not None else container.bytes
        return CloudObject(id=container.name, name=container.name,
                           metadata=dict(container.metadata or {}),
                           read_acl=container.read_ACL, write_acl=container.write_ACL,
                           count=count or 0, bytes=size or 0)
