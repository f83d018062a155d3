"""The simulated network service (Neutron): networks, subnets, ports,
routers, floating IPs and security groups.  Requests take effect at once."""

from __future__ import annotations

import ipaddress
import random

from heat_core.clouds.errors import BadRequest, Conflict, NotFound
from heat_plugins.cloud_sim import quotas
from heat_plugins.cloud_sim.core import new_id, now_iso, public

_PROTOCOLS = {'tcp': 'tcp', 'udp': 'udp', 'icmp': 'icmp', '6': 'tcp', '17': 'udp', '1': 'icmp',
              'icmpv6': 'ipv6-icmp', 'ipv6-icmp': 'ipv6-icmp'}


def _mac() -> str:
    return 'fa:16:3e:%02x:%02x:%02x' % tuple(random.randrange(256) for _ in range(3))


class SimNetwork:
    """Network requests of the simulated cloud."""

    # -- lookups shared with compute --------------------------------------------------------
    def _everything(self, t, kind: str) -> list[dict]:
        """The built-in catalogue's objects of a kind, then the created ones."""
        return [dict(o) for o in self._seed.get(kind, [])] + t.list(kind)

    def _get_network(self, t, network_id: str) -> dict:
        for net in self._everything(t, 'network'):
            if net['id'] == network_id:
                return net
        raise NotFound('Network %s could not be found.' % network_id)

    def _subnets_of(self, t, network_id: str) -> list[dict]:
        return [s for s in self._everything(t, 'subnet') if s.get('network_id') == network_id]

    def _used_ips(self, t, subnet: dict) -> set:
        used = {subnet.get('gateway_ip')}
        for port in t.list('port'):
            used.update(f['ip_address'] for f in port.get('fixed_ips') or ()
                        if f.get('subnet_id') == subnet['id'])
        for fip in t.list('floating_ip'):
            if fip.get('floating_network_id') == subnet.get('network_id'):
                used.add(fip.get('floating_ip_address'))
        return used

    def _allocate_ip(self, t, subnet: dict, taken=()) -> str:
        used = self._used_ips(t, subnet) | set(taken)
        for pool in subnet.get('allocation_pools') or ():
            start = ipaddress.ip_address(pool['start'])
            end = ipaddress.ip_address(pool['end'])
            address = start
            while address <= end:
                if str(address) not in used:
                    return str(address)
                address += 1
        raise Conflict('No more IP addresses available on network %s.' % subnet['network_id'])

    def _security_group_ids(self, t, names_or_ids) -> list[str]:
        groups = self._everything(t, 'security_group')
        out = []
        for wanted in names_or_ids:
            found = [g for g in groups if g['id'] == wanted] or \
                [g for g in groups if g.get('name') == wanted]
            if not found:
                raise BadRequest("Unable to find security_group with name or id '%s'" % wanted)
            if len(found) > 1:
                raise Conflict('Multiple security_group matches found for name \'%s\', use an '
                               'ID to be more specific.' % wanted)
            out.append(found[0]['id'])
        return out

    def _port_body(self, t, network_id: str, *, name=None, fixed_ips=None,
                   security_groups=None, device_id='', device_owner='',
                   is_admin_state_up=True) -> dict:
        """A new port (not stored yet), with its addresses allocated."""
        self._get_network(t, network_id)
        quotas.check_network('ports', len(t.list('port')))
        subnets = self._subnets_of(t, network_id)
        ips = []
        for wanted in fixed_ips or [{}]:
            subnet_id = wanted.get('subnet_id')
            if subnet_id is None:
                v4 = [s for s in subnets if s.get('ip_version', 4) == 4] or subnets
                if not v4:
                    continue            # a network without subnets: a port without addresses
                subnet = v4[0]
                if wanted.get('ip_address'):
                    subnet = next((s for s in subnets if ipaddress.ip_address(
                        wanted['ip_address']) in ipaddress.ip_network(s['cidr'])), None)
                    if subnet is None:
                        raise BadRequest('IP address %s is not a valid IP for the specified '
                                         'network.' % wanted['ip_address'])
            else:
                subnet = next((s for s in subnets if s['id'] == subnet_id), None)
                if subnet is None:
                    raise BadRequest('Invalid input for operation: Failed to create port on '
                                     'network %s, because fixed_ips included invalid subnet '
                                     '%s.' % (network_id, subnet_id))
            address = wanted.get('ip_address')
            if address:
                if ipaddress.ip_address(address) not in ipaddress.ip_network(subnet['cidr']):
                    raise BadRequest('IP address %s is not a valid IP for the specified '
                                     'subnet.' % address)
                if address in self._used_ips(t, subnet):
                    raise Conflict('IP address %s already allocated in subnet %s' % (
                        address, subnet['id']))
            else:
                address = self._allocate_ip(t, subnet, [i['ip_address'] for i in ips])
            ips.append({'subnet_id': subnet['id'], 'ip_address': address})
        if security_groups is None:
            groups = [g['id'] for g in self._seed.get('security_group', [])
                      if g.get('name') == 'default']
        else:
            groups = self._security_group_ids(t, security_groups)
        return {'id': new_id(), 'name': name or '', 'network_id': network_id,
                'mac_address': _mac(), 'fixed_ips': ips, 'device_id': device_id or '',
                'device_owner': device_owner or '', 'security_group_ids': groups,
                'status': 'ACTIVE' if device_id else 'DOWN',
                'is_admin_state_up': is_admin_state_up, 'created_at': now_iso(),
                'updated_at': now_iso()}

    def _release_port(self, t, port: dict, delete: bool) -> None:
        """Unbind (or delete) a port; its floating IPs are disassociated."""
        for fip in t.list('floating_ip'):
            if fip.get('port_id') == port['id']:
                fip.update(port_id=None, fixed_ip_address=None, status='DOWN',
                           updated_at=now_iso())
                t.put('floating_ip', fip)
        if delete:
            t.delete('port', port['id'])
        else:
            port.update(device_id='', device_owner='', status='DOWN', updated_at=now_iso())
            t.put('port', port)

    # -- listings ---------------------------------------------------------------------------
    def networks(self):
        with self._txn() as t:
            return [public(n) for n in self._everything(t, 'network')]

    def subnets(self):
        with self._txn() as t:
            return [public(s) for s in self._everything(t, 'subnet')]

    def ports(self):
        with self._txn() as t:
            return [public(p) for p in self._everything(t, 'port')]

    def routers(self):
        with self._txn() as t:
            return [public(r) for r in self._everything(t, 'router')]

    def floating_ips(self):
        with self._txn() as t:
            return [public(f) for f in t.list('floating_ip')]

    def security_groups(self):
        with self._txn() as t:
            return [self._group_view(t, g) for g in self._everything(t, 'security_group')]

    def security_group_rules(self):
        with self._txn() as t:
            return [public(r) for r in t.list('security_group_rule')]

    # -- networks, subnets, routers -----------------------------------------------------------
    def create_network(self, name, *, is_admin_state_up=True, is_shared=False):
        self._request('create_network')
        with self._txn(write=True) as t:
            quotas.check_network('networks', len(t.list('network')))
            body = {'id': new_id(), 'name': name, 'status': 'ACTIVE',
                    'is_admin_state_up': is_admin_state_up, 'is_router_external': False,
                    'is_shared': is_shared, 'subnet_ids': [], 'created_at': now_iso()}
            t.put('network', body)
        return public(body)

    def delete_network(self, network_id):
        self._request('delete_network')
        with self._txn(write=True) as t:
            net = t.get('network', network_id)
            if net is None:
                raise NotFound('Network %s could not be found.' % network_id)
            if any(p['network_id'] == network_id for p in t.list('port')):
                raise Conflict('Unable to complete operation on network %s. There are one or '
                               'more ports still in use on the network.' % network_id)
            for subnet in t.list('subnet'):
                if subnet['network_id'] == network_id:
                    t.delete('subnet', subnet['id'])
            t.delete('network', network_id)

    def create_subnet(self, network_id, cidr, *, name=None, ip_version=4, gateway_ip=None,
                      is_dhcp_enabled=True):
        self._request('create_subnet')
        with self._txn(write=True) as t:
            net = t.get('network', network_id)
            if net is None:
                raise NotFound('Network %s could not be found.' % network_id)
            quotas.check_network('subnets', len(t.list('subnet')))
            try:
                network = ipaddress.ip_network(cidr)
            except ValueError:
                raise BadRequest("Invalid input for cidr. Reason: '%s' is not a valid IP "
                                 "subnet." % cidr) from None
            hosts = list(network.hosts())
            if len(hosts) < 2:
                raise BadRequest('Subnet %s is too small.' % cidr)
            gateway = gateway_ip or str(hosts[0])
            body = {'id': new_id(), 'name': name or '', 'network_id': network_id,
                    'cidr': str(network), 'ip_version': ip_version, 'gateway_ip': gateway,
                    'is_dhcp_enabled': is_dhcp_enabled, 'created_at': now_iso(),
                    'allocation_pools': [{'start': str(hosts[1]), 'end': str(hosts[-1])}]}
            net['subnet_ids'] = list(net.get('subnet_ids') or []) + [body['id']]
            t.put('network', net)
            t.put('subnet', body)
        return public(body)

    def delete_subnet(self, subnet_id):
        self._request('delete_subnet')
        with self._txn(write=True) as t:
            subnet = t.get('subnet', subnet_id)
            if subnet is None:
                raise NotFound('Subnet %s could not be found.' % subnet_id)
            for port in t.list('port'):
                if any(f.get('subnet_id') == subnet_id for f in port.get('fixed_ips') or ()):
                    raise Conflict('Unable to complete operation on subnet %s: One or more '
                                   'ports have an IP allocation from this subnet.' % subnet_id)
            net = t.get('network', subnet['network_id'])
            if net is not None:
                net['subnet_ids'] = [s for s in net.get('subnet_ids') or () if s != subnet_id]
                t.put('network', net)
            t.delete('subnet', subnet_id)

    def create_router(self, name, *, external_gateway_info=None):
        self._request('create_router')
        with self._txn(write=True) as t:
            quotas.check_network('routers', len(t.list('router')))
            body = {'id': new_id(), 'name': name, 'status': 'ACTIVE',
                    'external_gateway_info': external_gateway_info,
                    'is_admin_state_up': True, 'created_at': now_iso()}
            t.put('router', body)
        return public(body)

    def delete_router(self, router_id):
        self._request('delete_router')
        with self._txn(write=True) as t:
            if t.get('router', router_id) is None:
                raise NotFound('Router %s could not be found' % router_id)
            t.delete('router', router_id)

    # -- ports --------------------------------------------------------------------------------
    def create_port(self, network_id, *, name=None, fixed_ips=None, security_groups=None,
                    device_id='', device_owner='', is_admin_state_up=True):
        self._request('create_port')
        with self._txn(write=True) as t:
            body = self._port_body(t, network_id, name=name, fixed_ips=fixed_ips,
                                   security_groups=security_groups, device_id=device_id,
                                   device_owner=device_owner,
                                   is_admin_state_up=is_admin_state_up)
            t.put('port', body)
        return public(body)

    def get_port(self, port_id):
        with self._txn() as t:
            body = t.get('port', port_id)
        if body is None:
            raise NotFound('Port %s could not be found.' % port_id)
        return public(body)

    def update_port(self, port_id, *, name=None, security_groups=None):
        self._request('update_port')
        with self._txn(write=True) as t:
            body = t.get('port', port_id)
            if body is None:
                raise NotFound('Port %s could not be found.' % port_id)
            if name is not None:
                body['name'] = name
            if security_groups is not None:
                body['security_group_ids'] = self._security_group_ids(t, security_groups)
            body['updated_at'] = now_iso()
            t.put('port', body)
        return public(body)

    def delete_port(self, port_id):
        self._request('delete_port')
        with self._txn(write=True) as t:
            body = t.get('port', port_id)
            if body is None:
                raise NotFound('Port %s could not be found.' % port_id)
            self._release_port(t, body, delete=True)

    # -- floating IPs -------------------------------------------------------------------------
    def create_floating_ip(self, *, floating_network_id=None, port_id=None,
                           fixed_ip_address=None):
        self._request('create_floating_ip')
        with self._txn(write=True) as t:
            external = [n for n in self._everything(t, 'network') if n.get('is_router_external')]
            if floating_network_id is None:
                if len(external) != 1:
                    raise BadRequest('Bad floatingip request: %d external networks: give '
                                     'floating_network_id.' % len(external))
                net = external[0]
            else:
                net = self._get_network(t, floating_network_id)
                if not net.get('is_router_external'):
                    raise BadRequest('Bad floatingip request: Network %s is not a valid '
                                     'external network.' % floating_network_id)
            quotas.check_network('floating_ips', len(t.list('floating_ip')))
            subnets = self._subnets_of(t, net['id'])
            if not subnets:
                raise Conflict('No more IP addresses available on network %s.' % net['id'])
            body = {'id': new_id(), 'name': '', 'description': '',
                    'floating_ip_address': self._allocate_ip(t, subnets[0]),
                    'floating_network_id': net['id'], 'port_id': None,
                    'fixed_ip_address': None, 'router_id': None, 'status': 'DOWN',
                    'created_at': now_iso(), 'updated_at': now_iso()}
            if port_id is not None:
                self._associate(t, body, port_id, fixed_ip_address)
            t.put('floating_ip', body)
        return public(body)

    def _associate(self, t, fip: dict, port_id: str, fixed_ip_address: str | None) -> None:
        port = t.get('port', port_id)
        if port is None:
            raise NotFound('Port %s could not be found.' % port_id)
        addresses = [f['ip_address'] for f in port.get('fixed_ips') or ()]
        if not addresses:
            raise BadRequest('Bad floatingip request: Port %s does not have any fixed IP '
                             'addresses.' % port_id)
        if fixed_ip_address is None:
            fixed_ip_address = addresses[0]
        elif fixed_ip_address not in addresses:
            raise BadRequest('Bad floatingip request: Port %s does not have fixed ip %s.'
                             % (port_id, fixed_ip_address))
        for other in t.list('floating_ip'):
            if other['id'] != fip['id'] and other.get('port_id') == port_id and \
                    other.get('fixed_ip_address') == fixed_ip_address:
                raise Conflict('Cannot associate floating IP %s (%s) with port %s using fixed IP '
                               '%s, as that fixed IP already has a floating IP on external '
                               'network %s.' % (fip['floating_ip_address'], fip['id'], port_id,
                                                fixed_ip_address, fip['floating_network_id']))
        fip.update(port_id=port_id, fixed_ip_address=fixed_ip_address, status='ACTIVE',
                   updated_at=now_iso())

    def get_floating_ip(self, floating_ip_id):
        with self._txn() as t:
            body = t.get('floating_ip', floating_ip_id)
        if body is None:
            raise NotFound('Floating IP %s could not be found' % floating_ip_id)
        return public(body)

    def update_floating_ip(self, floating_ip_id, *, port_id, fixed_ip_address=None):
        self._request('update_floating_ip')
        with self._txn(write=True) as t:
            body = t.get('floating_ip', floating_ip_id)
            if body is None:
                raise NotFound('Floating IP %s could not be found' % floating_ip_id)
            if port_id is None:
                body.update(port_id=None, fixed_ip_address=None, status='DOWN',
                            updated_at=now_iso())
            else:
                self._associate(t, body, port_id, fixed_ip_address)
            t.put('floating_ip', body)
        return public(body)

    def delete_floating_ip(self, floating_ip_id):
        self._request('delete_floating_ip')
        with self._txn(write=True) as t:
            if t.get('floating_ip', floating_ip_id) is None:
                raise NotFound('Floating IP %s could not be found' % floating_ip_id)
            t.delete('floating_ip', floating_ip_id)

    # -- security groups ----------------------------------------------------------------------
    def _group_view(self, t, group: dict):
        view = public(group)
        if 'security_group_rules' not in group:      # a created group: its rules are objects
            view['security_group_rules'] = [public(r) for r in t.list('security_group_rule')
                                            if r['security_group_id'] == group['id']]
        return view

    def _get_group(self, t, group_id: str) -> dict:
        for group in self._everything(t, 'security_group'):
            if group['id'] == group_id:
                return group
        raise NotFound('Security group %s does not exist' % group_id)

    def create_security_group(self, name, description=''):
        self._request('create_security_group')
        with self._txn(write=True) as t:
            quotas.check_network('security_groups', len(t.list('security_group')))
            body = {'id': new_id(), 'name': name, 'description': description or '',
                    'stateful': True, 'tags': [], 'created_at': now_iso(),
                    'updated_at': now_iso()}
            t.put('security_group', body)
            for ethertype in ('IPv4', 'IPv6'):   # Neutron's defaults: egress anywhere
                self._rule(t, body['id'], direction='egress', ethertype=ethertype)
            return self._group_view(t, body)

    def get_security_group(self, security_group_id):
        with self._txn() as t:
            return self._group_view(t, self._get_group(t, security_group_id))

    def delete_security_group(self, security_group_id):
        self._request('delete_security_group')
        with self._txn(write=True) as t:
            group = self._get_group(t, security_group_id)
            if t.get('security_group', security_group_id) is None:
                raise Conflict('Insufficient rights for removing default security group.')
            if any(security_group_id in (p.get('security_group_ids') or ())
                   for p in t.list('port')):
                raise Conflict('Security Group %s in use.' % security_group_id)
            for rule in t.list('security_group_rule'):
                if rule['security_group_id'] == group['id'] or \
                        rule.get('remote_group_id') == group['id']:
                    t.delete('security_group_rule', rule['id'])
            t.delete('security_group', security_group_id)

    def create_security_group_rule(self, security_group_id, *, direction='ingress',
                                   ethertype='IPv4', protocol=None, port_range_min=None,
                                   port_range_max=None, remote_ip_prefix=None,
                                   remote_group_id=None):
        self._request('create_security_group_rule')
        with self._txn(write=True) as t:
            return public(self._rule(t, security_group_id, direction=direction,
                                     ethertype=ethertype, protocol=protocol,
                                     port_range_min=port_range_min,
                                     port_range_max=port_range_max,
                                     remote_ip_prefix=remote_ip_prefix,
                                     remote_group_id=remote_group_id))

    def _rule(self, t, group_id, *, direction, ethertype='IPv4', protocol=None,
              port_range_min=None, port_range_max=None, remote_ip_prefix=None,
              remote_group_id=None) -> dict:
        self._get_group(t, group_id)
        if direction not in ('ingress', 'egress'):
            raise BadRequest("Invalid input for direction. Reason: %s is not in "
                             "['ingress', 'egress']." % direction)
        if protocol is not None:
            name = str(protocol).lower()
            if name in ('-1', 'any', 'all'):
                protocol = None
            elif name in _PROTOCOLS:
                protocol = _PROTOCOLS[name]
            elif not name.isdigit():
                raise BadRequest('Security group rule protocol %s not supported. Only protocol '
                                 'values [None, tcp, udp, icmp] and integer representations '
                                 '[0 to 255] are supported.' % protocol)
        if (port_range_min is not None or port_range_max is not None) and protocol is None:
            raise BadRequest('Must also specify protocol if port range is given.')
        if port_range_min is not None and port_range_max is not None and \
                protocol in ('tcp', 'udp') and int(port_range_min) > int(port_range_max):
            raise BadRequest('For TCP/UDP protocols, port_range_min must be <= '
                             'port_range_max')
        if remote_ip_prefix and remote_group_id:
            raise BadRequest('Only remote_ip_prefix or remote_group_id may be provided.')
        if remote_group_id is not None:
            self._get_group(t, remote_group_id)
        rule = {'security_group_id': group_id, 'direction': direction, 'ethertype': ethertype,
                'protocol': protocol,
                'port_range_min': None if port_range_min is None else int(port_range_min),
                'port_range_max': None if port_range_max is None else int(port_range_max),
                'remote_ip_prefix': remote_ip_prefix, 'remote_group_id': remote_group_id}
        for other in t.list('security_group_rule'):
            if all(other.get(k) == v for k, v in rule.items()):
                raise Conflict('Security group rule already exists. Rule id is %s.'
                               % other['id'])
        quotas.check_network('security_group_rules', len(t.list('security_group_rule')))
        rule.update(id=new_id(), description='', created_at=now_iso())
        t.put('security_group_rule', rule)
        return rule

    def delete_security_group_rule(self, rule_id):
        self._request('delete_security_group_rule')
        with self._txn(write=True) as t:
            if t.get('security_group_rule', rule_id) is None:
                raise NotFound('Security group rule %s does not exist' % rule_id)
            t.delete('security_group_rule', rule_id)
