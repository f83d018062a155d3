"""The simulated project's quotas (``[cloud_sim] quota_*``), refused with
the messages Nova, Cinder and Neutron give."""

from __future__ import annotations

from heat_core.clouds.errors import QuotaExceeded
from heat_core.config import CONF


def _limit(name: str) -> int:
    return getattr(CONF.cloud_sim, 'quota_' + name)


def check_compute(used: dict, requested: dict) -> None:
    """Nova: ``instances``, ``cores``, ``ram``."""
    for resource in ('instances', 'cores', 'ram'):
        want = requested.get(resource, 0)
        limit = _limit(resource)
        if want > 0 and limit >= 0 and used.get(resource, 0) + want > limit:
            raise QuotaExceeded('Quota exceeded for %s: Requested %d, but already used %d of %d '
                                '%s' % (resource, want, used.get(resource, 0), limit, resource),
                                403)


def check_block_storage(used: dict, requested: dict) -> None:
    """Cinder: ``volumes``, ``snapshots``, ``backups``, ``gigabytes``."""
    for resource in ('volumes', 'snapshots', 'backups'):
        want = requested.get(resource, 0)
        limit = _limit(resource)
        if want > 0 and limit >= 0 and used.get(resource, 0) + want > limit:
            if resource == 'volumes':
                message = ("Maximum number of volumes allowed (%d) exceeded for quota "
                           "'volumes'." % limit)
            else:
                message = 'Maximum number of %s allowed (%d) exceeded' % (resource, limit)
            raise QuotaExceeded(message, 413)
    want = requested.get('gigabytes', 0)
    limit = _limit('gigabytes')
    if want > 0 and limit >= 0 and used.get('gigabytes', 0) + want > limit:
        raise QuotaExceeded('Requested volume or snapshot exceeds allowed gigabytes quota. '
                            'Requested %dG, quota is %dG and %dG has been consumed.'
                            % (want, limit, used.get('gigabytes', 0)), 413)


#: Neutron's resource names for the quota options
_NEUTRON = {'floating_ips': 'floatingip', 'ports': 'port', 'networks': 'network',
            'subnets': 'subnet', 'routers': 'router', 'security_groups': 'security_group',
            'security_group_rules': 'security_group_rule'}


def check_network(resource: str, used: int, requested: int = 1) -> None:
    """Neutron: ``floating_ips``, ``ports``, ``networks``, ``subnets``,
    ``routers``, ``security_groups``, ``security_group_rules``."""
    limit = _limit(resource)
    if limit >= 0 and used + requested > limit:
        raise QuotaExceeded("Quota exceeded for resources: ['%s']." % _NEUTRON[resource], 409)
