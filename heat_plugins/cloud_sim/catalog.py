"""What the simulated cloud holds before anyone creates anything.

Like a fresh DevStack: the classic m1.* flavors, the images Heat's example
templates name (F17/F18/U10 with cfntools, CirrOS), the key pair
``heat_key``, the availability zone ``nova``, a ``private`` network with
``private-subnet`` (10.0.0.0/24), an external ``public`` network and a
``default`` security group.

IDs are stable across processes (name-based UUIDs), so a template or test
may refer to an image by ID.
"""

from __future__ import annotations

import copy
import uuid

# Fixed namespace: the same name always gives the same ID.
_NAMESPACE = uuid.UUID('5a1c0f3e-6d7b-4c1e-9f0a-3b8e2d4c7a61')


def stable_id(kind: str, name: str) -> str:
    """The ID the simulated cloud gives the built-in ``kind`` called ``name``."""
    return str(uuid.uuid5(_NAMESPACE, '%s:%s' % (kind, name)))


def _flavor(flavor_id, name, vcpus, ram, disk):
    return {'id': flavor_id, 'name': name, 'vcpus': vcpus, 'ram': ram, 'disk': disk,
            'ephemeral': 0, 'swap': 0, 'is_public': True}


def _image(name, min_disk=0):
    return {'id': stable_id('image', name), 'name': name, 'status': 'active',
            'disk_format': 'qcow2', 'container_format': 'bare', 'visibility': 'public',
            'min_disk': min_disk, 'min_ram': 0}


FLAVORS = [
    _flavor('1', 'm1.tiny', 1, 512, 1),
    _flavor('2', 'm1.small', 1, 2048, 20),
    _flavor('3', 'm1.medium', 2, 4096, 40),
    _flavor('4', 'm1.large', 4, 8192, 80),
    _flavor('5', 'm1.xlarge', 8, 16384, 160),
]

IMAGES = [
    _image('F17-x86_64-cfntools', 2),
    _image('F18-x86_64-cfntools', 2),
    _image('U10-x86_64-cfntools', 2),
    _image('cirros-0.6.2-x86_64-disk'),
]

KEYPAIRS = [
    {'id': 'heat_key', 'name': 'heat_key', 'type': 'ssh',
     'fingerprint': '4e:2f:0c:1a:9b:33:7d:58:a6:e2:41:fd:90:6c:13:b7',
     'public_key': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNpbXVsYXRlZCBrZXkgZm9yIGhlYXQ heat_key'},
]

AVAILABILITY_ZONES = [
    {'id': 'nova', 'name': 'nova', 'state': {'available': True}},
]

NETWORKS = [
    {'id': stable_id('network', 'private'), 'name': 'private', 'status': 'ACTIVE',
     'is_admin_state_up': True, 'is_router_external': False, 'is_shared': False,
     'subnet_ids': [stable_id('subnet', 'private-subnet')]},
    {'id': stable_id('network', 'public'), 'name': 'public', 'status': 'ACTIVE',
     'is_admin_state_up': True, 'is_router_external': True, 'is_shared': False,
     'subnet_ids': [stable_id('subnet', 'public-subnet')]},
]

SUBNETS = [
    {'id': stable_id('subnet', 'private-subnet'), 'name': 'private-subnet',
     'network_id': stable_id('network', 'private'), 'cidr': '10.0.0.0/24', 'ip_version': 4,
     'gateway_ip': '10.0.0.1', 'is_dhcp_enabled': True,
     'allocation_pools': [{'start': '10.0.0.2', 'end': '10.0.0.254'}]},
    {'id': stable_id('subnet', 'public-subnet'), 'name': 'public-subnet',
     'network_id': stable_id('network', 'public'), 'cidr': '172.24.4.0/24', 'ip_version': 4,
     'gateway_ip': '172.24.4.1', 'is_dhcp_enabled': False,
     'allocation_pools': [{'start': '172.24.4.2', 'end': '172.24.4.254'}]},
]

SECURITY_GROUPS = [
    {'id': stable_id('security_group', 'default'), 'name': 'default',
     'description': 'Default security group',
     'security_group_rules': [
         {'direction': 'egress', 'ethertype': 'IPv4', 'protocol': None,
          'remote_ip_prefix': None},
         {'direction': 'egress', 'ethertype': 'IPv6', 'protocol': None,
          'remote_ip_prefix': None},
         {'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': None,
          'remote_group_id': stable_id('security_group', 'default')},
     ]},
]


def default_catalog() -> dict[str, list[dict]]:
    """A fresh, independent copy of the built-in catalogue, by kind."""
    return copy.deepcopy({
        'flavor': FLAVORS, 'image': IMAGES, 'keypair': KEYPAIRS,
        'availability_zone': AVAILABILITY_ZONES, 'network': NETWORKS, 'subnet': SUBNETS,
        'security_group': SECURITY_GROUPS, 'port': [], 'server': [], 'volume': [],
        'snapshot': [], 'router': [],
    })
