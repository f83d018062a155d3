"""Object storage requests (Swift): containers, and the objects in them."""

from __future__ import annotations

from heat_core.clouds.catalogue import CloudObject


class ObjectStoreAPI:
    """What a resource plugin may ask of the object storage service.
    Containers are identified by name (``id`` equals ``name``)."""

    def object_store_endpoint(self) -> str:
        """The account URL (``https://host:port/v1/AUTH_<project>``)."""
        self._unsupported('object_store_endpoint')

    def create_container(self, name: str, *, metadata: dict | None = None,
                         read_acl: str | None = None,
                         write_acl: str | None = None) -> CloudObject:
        """Create (or, as Swift's PUT does, update) a container:
        ``id``, ``name``, ``metadata``, ``read_acl``, ``write_acl``, ``count``,
        ``bytes``."""
        self._unsupported('create_container')

    def get_container(self, name: str) -> CloudObject:
        self._unsupported('get_container')

    def update_container(self, name: str, *, metadata: dict | None = None,
                         read_acl: str | None = None,
                         write_acl: str | None = None) -> CloudObject:
        """Replace the container's metadata and/or ACLs (None: unchanged)."""
        self._unsupported('update_container')

    def delete_container(self, name: str) -> None:
        """Delete an empty container (Conflict when it holds objects)."""
        self._unsupported('delete_container')

    def create_object(self, container: str, name: str, data: bytes | str = b'') -> CloudObject:
        self._unsupported('create_object')

    def delete_object(self, container: str, name: str) -> None:
        self._unsupported('delete_object')
