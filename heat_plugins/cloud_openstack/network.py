"""Network (Neutron): networks, subnets, ports, routers, floating IPs and
security groups."""

from __future__ import annotations

import uuid

from heat_core.clouds.errors import BadRequest, Conflict
from heat_plugins.cloud_openstack.convert import to_object
from heat_plugins.cloud_openstack.errors import sdk_errors


def _given(**attrs) -> dict:
    return {k: v for k, v in attrs.items() if v is not None}


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def security_group_rule(rule):
    """A rule, with Neutron's ``ethertype`` beside openstacksdk's ``ether_type``."""
    return to_object(rule, ethertype=rule.ether_type)


class NetworkMixin:
    """The network requests of the interface through ``conn.network``."""

    @sdk_errors
    def create_network(self, name, *, is_admin_state_up=True, is_shared=False):
        return to_object(self.conn.network.create_network(
            name=name, is_admin_state_up=is_admin_state_up, is_shared=is_shared))

    @sdk_errors
    def delete_network(self, network_id):
        self.conn.network.delete_network(network_id, ignore_missing=False)

    @sdk_errors
    def create_subnet(self, network_id, cidr, *, name=None, ip_version=4, gateway_ip=None,
                      is_dhcp_enabled=True):
        # no gateway_ip: Neutron picks the first address (null would mean none)
        return to_object(self.conn.network.create_subnet(**_given(
            network_id=network_id, cidr=cidr, name=name, ip_version=ip_version,
            gateway_ip=gateway_ip, is_dhcp_enabled=is_dhcp_enabled)))

    @sdk_errors
    def delete_subnet(self, subnet_id):
        self.conn.network.delete_subnet(subnet_id, ignore_missing=False)

    @sdk_errors
    def create_port(self, network_id, *, name=None, fixed_ips=None, security_groups=None,
                    device_id='', device_owner='', is_admin_state_up=True):
        # no security_groups: Neutron puts the port in the project's default group
        return to_object(self.conn.network.create_port(**_given(
            network_id=network_id, name=name, fixed_ips=fixed_ips,
            security_group_ids=self._security_group_ids(security_groups),
            device_id=device_id or None,
            device_owner=device_owner or None,
            is_admin_state_up=None if is_admin_state_up else False)))

    @sdk_errors
    def get_port(self, port_id):
        return to_object(self.conn.network.get_port(port_id))

    @sdk_errors
    def update_port(self, port_id, *, name=None, security_groups=None):
        attrs = _given(name=name,
                       security_group_ids=self._security_group_ids(security_groups))
        if not attrs:
            return self.get_port(port_id)
        return to_object(self.conn.network.update_port(port_id, **attrs))

    def _security_group_ids(self, names_or_ids):
        """Neutron wants the IDs of security groups; templates often give
        names (``default``)."""
        if names_or_ids is None:
            return None
        wanted = [str(g) for g in names_or_ids]
        if all(_is_uuid(g) for g in wanted):
            return wanted
        groups = list(self.conn.network.security_groups())
        out = []
        for name_or_id in wanted:
            found = ([g for g in groups if g.id == name_or_id]
                     or [g for g in groups if g.name == name_or_id])
            if not found:
                raise BadRequest("Unable to find security_group with name or id '%s'"
                                 % name_or_id)
            if len(found) > 1:
                raise Conflict("Multiple security_group matches found for name '%s', use an "
                               "ID to be more specific." % name_or_id)
            out.append(found[0].id)
        return out

    @sdk_errors
    def delete_port(self, port_id):
        self.conn.network.delete_port(port_id, ignore_missing=False)

    @sdk_errors
    def server_ports(self, server_id):
        return [to_object(p) for p in self.conn.network.ports(device_id=server_id)]

    @sdk_errors
    def create_router(self, name, *, external_gateway_info=None):
        return to_object(self.conn.network.create_router(**_given(
            name=name, external_gateway_info=external_gateway_info)))

    @sdk_errors
    def delete_router(self, router_id):
        self.conn.network.delete_router(router_id, ignore_missing=False)

    # -- floating IPs ---------------------------------------------------------------
    @sdk_errors
    def create_floating_ip(self, *, floating_network_id=None, port_id=None,
                           fixed_ip_address=None):
        if floating_network_id is None:
            floating_network_id = self._external_network_id()
        return to_object(self.conn.network.create_ip(**_given(
            floating_network_id=floating_network_id, port_id=port_id,
            fixed_ip_address=fixed_ip_address)))

    def _external_network_id(self) -> str:
        external = list(self.conn.network.networks(is_router_external=True))
        if len(external) == 1:
            return external[0].id
        if not external:
            raise BadRequest('No external network to allocate a floating IP from')
        raise BadRequest('%d external networks (%s): name the one to allocate the floating '
                         'IP from' % (len(external), ', '.join(sorted(
                             n.name or n.id for n in external))))

    @sdk_errors
    def get_floating_ip(self, floating_ip_id):
        return to_object(self.conn.network.get_ip(floating_ip_id))

    @sdk_errors
    def update_floating_ip(self, floating_ip_id, *, port_id, fixed_ip_address=None):
        attrs = {'port_id': port_id}
        if port_id is not None and fixed_ip_address is not None:
            attrs['fixed_ip_address'] = fixed_ip_address
        return to_object(self.conn.network.update_ip(floating_ip_id, **attrs))

    @sdk_errors
    def delete_floating_ip(self, floating_ip_id):
        # Neutron disassociates a floating IP it deletes
        self.conn.network.delete_ip(floating_ip_id, ignore_missing=False)

    # -- security groups ------------------------------------------------------------
    @sdk_errors
    def create_security_group(self, name, description=''):
        return to_object(self.conn.network.create_security_group(
            name=name, description=description))

    @sdk_errors
    def get_security_group(self, security_group_id):
        return to_object(self.conn.network.get_security_group(security_group_id))

    @sdk_errors
    def delete_security_group(self, security_group_id):
        # its rules go with it
        self.conn.network.delete_security_group(security_group_id, ignore_missing=False)

    @sdk_errors
    def create_security_group_rule(self, security_group_id, *, direction='ingress',
                                   ethertype='IPv4', protocol=None, port_range_min=None,
                                   port_range_max=None, remote_ip_prefix=None,
                                   remote_group_id=None):
        return security_group_rule(self.conn.network.create_security_group_rule(**_given(
            security_group_id=security_group_id, direction=direction, ether_type=ethertype,
            protocol=protocol, port_range_min=port_range_min, port_range_max=port_range_max,
            remote_ip_prefix=remote_ip_prefix, remote_group_id=remote_group_id)))

    @sdk_errors
    def delete_security_group_rule(self, rule_id):
        self.conn.network.delete_security_group_rule(rule_id, ignore_missing=False)
