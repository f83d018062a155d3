"""Identity requests (Keystone): the users a stack creates and their EC2
credentials."""

from __future__ import annotations

from heat_core.clouds.catalogue import CloudObject


class IdentityAPI:
    """What a resource plugin may ask of the identity service."""

    def find_domain_id(self, name_or_id: str) -> str:
        """The ID of the domain with this ID or name (users are created in a
        domain given either way, and list their domain's ID).  A cloud
        whose domains are known by name alone returns it as given."""
        return name_or_id

    def create_user(self, name: str, *, password: str | None = None,
                    domain_id: str | None = None, default_project_id: str | None = None,
                    description: str | None = None, is_enabled: bool = True) -> CloudObject:
        """A user: ``id``, ``name``, ``domain_id``, ``default_project_id``,
        ``is_enabled`` (never the password)."""
        self._unsupported('create_user')

    def get_user(self, user_id: str) -> CloudObject:
        self._unsupported('get_user')

    def update_user(self, user_id: str, *, is_enabled: bool | None = None,
                    password: str | None = None) -> CloudObject:
        self._unsupported('update_user')

    def delete_user(self, user_id: str) -> None:
        """Delete a user and their credentials."""
        self._unsupported('delete_user')

    def create_ec2_credential(self, user_id: str, *, project_id: str | None = None
                              ) -> CloudObject:
        """New EC2 credentials of a user: ``id`` and ``access`` (the access
        key), ``secret``, ``user_id``, ``project_id``."""
        self._unsupported('create_ec2_credential')

    def get_ec2_credential(self, user_id: str, access: str) -> CloudObject:
        """The credentials with this access key, secret included."""
        self._unsupported('get_ec2_credential')

    def delete_ec2_credential(self, user_id: str, access: str) -> None:
        self._unsupported('delete_ec2_credential')
