"""Network requests (Neutron): networks, subnets, ports, routers, floating
IPs and security groups.  These take effect at once."""

from __future__ import annotations

from heat_core.clouds.catalogue import CloudObject


class NetworkAPI:
    """What a resource plugin may ask of the network service."""

    def create_network(self, name: str, *, is_admin_state_up: bool = True,
                       is_shared: bool = False) -> CloudObject:
        self._unsupported('create_network')

    def delete_network(self, network_id: str) -> None:
        """Delete a network (refused while it has ports)."""
        self._unsupported('delete_network')

    def create_subnet(self, network_id: str, cidr: str, *, name: str | None = None,
                      ip_version: int = 4, gateway_ip: str | None = None,
                      is_dhcp_enabled: bool = True) -> CloudObject:
        self._unsupported('create_subnet')

    def delete_subnet(self, subnet_id: str) -> None:
        self._unsupported('delete_subnet')

    def create_port(self, network_id: str, *, name: str | None = None,
                    fixed_ips: list[dict] | None = None,
                    security_groups: list[str] | None = None, device_id: str = '',
                    device_owner: str = '', is_admin_state_up: bool = True) -> CloudObject:
        """A port on a network: ``fixed_ips`` as ``[{'subnet_id', 'ip_address'}]``
        (an address is chosen when not given); ``security_groups`` IDs
        (default: the project's ``default`` group)."""
        self._unsupported('create_port')

    def get_port(self, port_id: str) -> CloudObject:
        self._unsupported('get_port')

    def update_port(self, port_id: str, *, name: str | None = None,
                    security_groups: list[str] | None = None) -> CloudObject:
        self._unsupported('update_port')

    def delete_port(self, port_id: str) -> None:
        self._unsupported('delete_port')

    def server_ports(self, server_id: str) -> list[CloudObject]:
        """The ports of a server (``device_id`` is the server)."""
        return [p for p in self.ports() if p.get('device_id') == server_id]

    def create_router(self, name: str, *, external_gateway_info: dict | None = None
                      ) -> CloudObject:
        self._unsupported('create_router')

    def delete_router(self, router_id: str) -> None:
        self._unsupported('delete_router')

    def create_floating_ip(self, *, floating_network_id: str | None = None,
                           port_id: str | None = None,
                           fixed_ip_address: str | None = None) -> CloudObject:
        """Allocate a floating IP from an external network (default: the
        only one); ``floating_ip_address``, ``port_id``, ``status``
        (``DOWN``, ``ACTIVE`` when associated)."""
        self._unsupported('create_floating_ip')

    def get_floating_ip(self, floating_ip_id: str) -> CloudObject:
        self._unsupported('get_floating_ip')

    def update_floating_ip(self, floating_ip_id: str, *, port_id: str | None,
                           fixed_ip_address: str | None = None) -> CloudObject:
        """Associate with a port (``port_id``), or disassociate (None)."""
        self._unsupported('update_floating_ip')

    def associate_floating_ip(self, floating_ip_id: str, port_id: str,
                              fixed_ip_address: str | None = None) -> CloudObject:
        """Point the floating IP at a port (moving it from another one)."""
        return self.update_floating_ip(floating_ip_id, port_id=port_id,
                                       fixed_ip_address=fixed_ip_address)

    def disassociate_floating_ip(self, floating_ip_id: str) -> CloudObject:
        return self.update_floating_ip(floating_ip_id, port_id=None)

    def delete_floating_ip(self, floating_ip_id: str) -> None:
        """Release a floating IP (disassociating it first)."""
        self._unsupported('delete_floating_ip')

    def create_security_group(self, name: str, description: str = '') -> CloudObject:
        """A security group with Neutron's default rules (egress to anywhere,
        IPv4 and IPv6): ``id``, ``name``, ``description``,
        ``security_group_rules``."""
        self._unsupported('create_security_group')

    def get_security_group(self, security_group_id: str) -> CloudObject:
        self._unsupported('get_security_group')

    def delete_security_group(self, security_group_id: str) -> None:
        """Delete a group and its rules (refused while a port uses it)."""
        self._unsupported('delete_security_group')

    def create_security_group_rule(self, security_group_id: str, *,
                                   direction: str = 'ingress', ethertype: str = 'IPv4',
                                   protocol: str | None = None,
                                   port_range_min: int | None = None,
                                   port_range_max: int | None = None,
                                   remote_ip_prefix: str | None = None,
                                   remote_group_id: str | None = None) -> CloudObject:
        """A rule (Conflict if the same rule exists)."""
        self._unsupported('create_security_group_rule')

    def delete_security_group_rule(self, rule_id: str) -> None:
        self._unsupported('delete_security_group_rule')
