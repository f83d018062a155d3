"""What exists in a cloud, and finding one thing by name or ID.

Every object a cloud returns is a :class:`CloudObject`: a dict whose keys
are also attributes (``flavor.ram`` and ``flavor['ram']``), with at least
``id`` and ``name`` and otherwise openstacksdk's attribute names
(``vcpus``, ``ram``, ``disk``; ``network_id``, ``cidr``; ...).
"""

from __future__ import annotations

import abc

from heat_core.clouds.errors import DuplicateResource, NotSupported

#: object kinds, singular as in openstacksdk's ``find_<kind>``
KINDS = ('flavor', 'image', 'keypair', 'network', 'subnet', 'port', 'security_group',
         'server', 'volume', 'snapshot', 'availability_zone', 'router',
         'floating_ip', 'security_group_rule', 'volume_attachment', 'backup', 'container',
         'user', 'ec2_credential')

#: the listing method of each kind
LISTINGS = {
    'flavor': 'flavors', 'image': 'images', 'keypair': 'keypairs', 'network': 'networks',
    'subnet': 'subnets', 'port': 'ports', 'security_group': 'security_groups',
    'server': 'servers', 'volume': 'volumes', 'snapshot': 'snapshots',
    'availability_zone': 'availability_zones', 'router': 'routers',
    'floating_ip': 'floating_ips', 'security_group_rule': 'security_group_rules',
    'volume_attachment': 'volume_attachments', 'backup': 'backups',
    'container': 'containers', 'user': 'users', 'ec2_credential': 'ec2_credentials',
}


class CloudObject(dict):
    """One thing in a cloud: a dict whose keys are also attributes."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def id(self) -> str:
        return self.get('id')

    @property
    def name(self) -> str:
        return self.get('name')


class CatalogueAPI(abc.ABC):
    """Listings of every kind, and finding by name or ID with openstacksdk's
    rules: an exact ID wins, otherwise the name must match exactly one
    object."""

    def _unsupported(self, request: str):
        raise NotSupported('The %s cloud does not support %s' % (
            getattr(self, 'name', '') or type(self).__name__, request))

    # -- listings every backend has ------------------------------------------
    @abc.abstractmethod
    def flavors(self) -> list[CloudObject]:
        """Flavors: ``id``, ``name``, ``vcpus``, ``ram`` (MB), ``disk`` (GB)."""

    @abc.abstractmethod
    def images(self) -> list[CloudObject]:
        """Images: ``id``, ``name``, ``status``, ``disk_format``, ..."""

    @abc.abstractmethod
    def keypairs(self) -> list[CloudObject]:
        """Key pairs: ``id`` (same as the name), ``name``, ``fingerprint``."""

    @abc.abstractmethod
    def networks(self) -> list[CloudObject]:
        """Networks: ``id``, ``name``, ``subnet_ids``, ``is_router_external``."""

    @abc.abstractmethod
    def subnets(self) -> list[CloudObject]:
        """Subnets: ``id``, ``name``, ``network_id``, ``cidr``, ``ip_version``."""

    @abc.abstractmethod
    def ports(self) -> list[CloudObject]:
        """Ports: ``id``, ``name``, ``network_id``, ``fixed_ips``, ``device_id``."""

    @abc.abstractmethod
    def security_groups(self) -> list[CloudObject]:
        """Security groups: ``id``, ``name``, ``security_group_rules``."""

    @abc.abstractmethod
    def servers(self) -> list[CloudObject]:
        """Servers: ``id``, ``name``, ``status``."""

    @abc.abstractmethod
    def volumes(self) -> list[CloudObject]:
        """Volumes: ``id``, ``name``, ``size`` (GB), ``status``."""

    @abc.abstractmethod
    def snapshots(self) -> list[CloudObject]:
        """Volume snapshots: ``id``, ``name``, ``volume_id``, ``status``."""

    @abc.abstractmethod
    def availability_zones(self) -> list[CloudObject]:
        """Availability zones: ``id`` (same as the name), ``name``, ``state``."""

    @abc.abstractmethod
    def routers(self) -> list[CloudObject]:
        """Routers: ``id``, ``name``, ``external_gateway_info``."""

    # -- listings of what resources create (optional for a backend) -----------
    def floating_ips(self) -> list[CloudObject]:
        """Floating IPs: ``id``, ``floating_ip_address``, ``port_id``, ``status``."""
        self._unsupported('floating_ips')

    def security_group_rules(self) -> list[CloudObject]:
        """Security group rules: ``id``, ``security_group_id``, ``direction``, ..."""
        self._unsupported('security_group_rules')

    def volume_attachments(self) -> list[CloudObject]:
        """Volume attachments: ``id``, ``server_id``, ``volume_id``, ``device``."""
        self._unsupported('volume_attachments')

    def backups(self) -> list[CloudObject]:
        """Volume backups: ``id``, ``name``, ``volume_id``, ``size``, ``status``."""
        self._unsupported('backups')

    def containers(self) -> list[CloudObject]:
        """Object storage containers: ``id`` (same as the name), ``name``, ``count``."""
        self._unsupported('containers')

    def users(self) -> list[CloudObject]:
        """Identity users: ``id``, ``name``, ``domain_id``, ``is_enabled``."""
        self._unsupported('users')

    def ec2_credentials(self) -> list[CloudObject]:
        """EC2 credentials: ``id`` (same as ``access``), ``access``, ``user_id``
        (the secret is given only by :meth:`get_ec2_credential`)."""
        self._unsupported('ec2_credentials')

    # -- finding ---------------------------------------------------------------
    def list(self, kind: str) -> list[CloudObject]:
        """Everything of one kind (one of :data:`KINDS`)."""
        try:
            method = LISTINGS[kind]
        except KeyError:
            raise ValueError('Unknown cloud object kind "%s"' % kind) from None
        return getattr(self, method)()

    def find(self, kind: str, name_or_id) -> CloudObject | None:
        """The object of ``kind`` whose ID, or else whose name, is
        ``name_or_id``; None if there is none.  Raises
        :class:`DuplicateResource` when only names match and more than one
        does."""
        if name_or_id is None:
            return None
        wanted = str(name_or_id)
        items = self.list(kind)
        for item in items:
            if str(item.get('id')) == wanted:
                return item
        named = [item for item in items if item.get('name') == wanted]
        if len(named) > 1:
            raise DuplicateResource(kind, wanted, len(named))
        return named[0] if named else None

    def find_flavor(self, name_or_id) -> CloudObject | None:
        return self.find('flavor', name_or_id)

    def find_image(self, name_or_id) -> CloudObject | None:
        return self.find('image', name_or_id)

    def find_keypair(self, name_or_id) -> CloudObject | None:
        return self.find('keypair', name_or_id)

    def find_network(self, name_or_id) -> CloudObject | None:
        return self.find('network', name_or_id)

    def find_subnet(self, name_or_id) -> CloudObject | None:
        return self.find('subnet', name_or_id)

    def find_port(self, name_or_id) -> CloudObject | None:
        return self.find('port', name_or_id)

    def find_security_group(self, name_or_id) -> CloudObject | None:
        return self.find('security_group', name_or_id)

    def find_server(self, name_or_id) -> CloudObject | None:
        return self.find('server', name_or_id)

    def find_volume(self, name_or_id) -> CloudObject | None:
        return self.find('volume', name_or_id)

    def find_snapshot(self, name_or_id) -> CloudObject | None:
        return self.find('snapshot', name_or_id)

    def find_backup(self, name_or_id) -> CloudObject | None:
        return self.find('backup', name_or_id)

    def find_availability_zone(self, name_or_id) -> CloudObject | None:
        return self.find('availability_zone', name_or_id)

    def find_router(self, name_or_id) -> CloudObject | None:
        return self.find('router', name_or_id)

    def find_floating_ip(self, address_or_id) -> CloudObject | None:
        """The floating IP with this ID or address."""
        if address_or_id is None:
            return None
        wanted = str(address_or_id)
        for item in self.floating_ips():
            if wanted in (item.get('id'), item.get('floating_ip_address')):
                return item
        return None

    def availability_zone_names(self) -> list[str]:
        """Names of the availability zones (what ``Fn::GetAZs`` returns)."""
        return [z.name for z in self.availability_zones()]
