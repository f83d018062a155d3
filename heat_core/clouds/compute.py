"""Compute requests (Nova): servers, their lifecycle and volume attachments.

Servers follow Nova's statuses: ``BUILD`` → ``ACTIVE`` (or ``ERROR``, with
``fault = {'message', 'code'}``); a resize goes ``RESIZE`` →
``VERIFY_RESIZE`` and is then confirmed back to ``ACTIVE``; a deleted
server disappears (:class:`~heat_core.clouds.errors.NotFound`).
Requests return at once: poll :meth:`ComputeAPI.get_server`.
"""

from __future__ import annotations

from heat_core.clouds.catalogue import CloudObject


class ComputeAPI:
    """What a resource plugin may ask of the compute service."""

    def create_server(self, name: str, image: str, flavor: str, *, key_name: str | None = None,
                      user_data: str | None = None, availability_zone: str | None = None,
                      security_groups: list[str] | None = None,
                      networks: list[dict] | None = None,
                      block_device_mapping: list[dict] | None = None,
                      metadata: dict | None = None, scheduler_hints: dict | None = None,
                      config_drive: bool | None = None) -> CloudObject:
        """Boot a server; returns it in ``BUILD``.

        ``image`` and ``flavor`` are IDs; ``user_data`` is the plain text
        (the backend encodes it for the API); ``security_groups`` names or
        IDs; ``networks`` Nova's list of ``{'uuid': network}``,
        ``{'port': port_id}`` or ``{'uuid': ..., 'fixed_ip': ...}`` (default:
        the project's one internal network); ``block_device_mapping`` Nova's
        v2 mappings (``device_name``, ``source_type``, ``uuid``,
        ``destination_type``, ``volume_size``, ``delete_on_termination``).

        The server has ``id``, ``name``, ``status``, ``image`` and
        ``flavor`` (``{'id': ...}``), ``key_name``, ``availability_zone``,
        ``addresses`` (``{network name: [{'addr', 'version',
        'OS-EXT-IPS:type'}]}``), ``metadata``, ``security_groups``
        (``[{'name'}]``), ``attached_volumes`` (``[{'id'}]``), ``user_data``
        (base64, as Nova shows it) and, in ``ERROR``, ``fault``.
        """
        self._unsupported('create_server')

    def get_server(self, server_id: str) -> CloudObject:
        """The server; raises NotFound when it does not exist (any more)."""
        self._unsupported('get_server')

    def delete_server(self, server_id: str) -> None:
        """Start deleting a server (its volumes are detached, the ports Nova
        made for it deleted); poll :meth:`get_server` until NotFound."""
        self._unsupported('delete_server')

    def update_server(self, server_id: str, *, name: str | None = None) -> CloudObject:
        """Rename a server."""
        self._unsupported('update_server')

    def set_server_metadata(self, server_id: str, metadata: dict) -> CloudObject:
        """Replace the server's metadata (key/value strings) with ``metadata``."""
        self._unsupported('set_server_metadata')

    def resize_server(self, server_id: str, flavor: str) -> None:
        """Start resizing to the flavor (an ID): ``RESIZE`` then
        ``VERIFY_RESIZE``; then :meth:`confirm_server_resize`."""
        self._unsupported('resize_server')

    def confirm_server_resize(self, server_id: str) -> None:
        """Confirm a resize in ``VERIFY_RESIZE``: the server goes ``ACTIVE``."""
        self._unsupported('confirm_server_resize')

    def revert_server_resize(self, server_id: str) -> None:
        """Undo a resize in ``VERIFY_RESIZE``: back to the old flavor, ``ACTIVE``."""
        self._unsupported('revert_server_resize')

    def suspend_server(self, server_id: str) -> None:
        """Start suspending an ``ACTIVE`` server (→ ``SUSPENDED``)."""
        self._unsupported('suspend_server')

    def resume_server(self, server_id: str) -> None:
        """Start resuming a ``SUSPENDED`` server (→ ``ACTIVE``)."""
        self._unsupported('resume_server')

    def create_volume_attachment(self, server_id: str, volume_id: str,
                                 device: str | None = None) -> CloudObject:
        """Start attaching a volume (it goes ``attaching`` → ``in-use``);
        returns the attachment: ``id``, ``server_id``, ``volume_id``,
        ``device``."""
        self._unsupported('create_volume_attachment')

    def get_volume_attachment(self, server_id: str, volume_id: str) -> CloudObject:
        """The attachment of the volume to the server; NotFound if none."""
        self._unsupported('get_volume_attachment')

    def delete_volume_attachment(self, server_id: str, volume_id: str) -> None:
        """Start detaching (``detaching`` → ``available``)."""
        self._unsupported('delete_volume_attachment')
