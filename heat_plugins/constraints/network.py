"""Custom constraints on network-shaped strings, checked without a cloud:
``ip_addr``, ``net_cidr``, ``mac_addr``, ``dns_name``, ``dns_domain`` and
``rel_dns_name``."""

from __future__ import annotations

import ipaddress
import re

import netaddr

from heat_core.constraints import ConstraintPlugin

_LABEL = re.compile(r'^[A-Za-z0-9-]{1,63}$')
_MAX_FQDN = 255


def _not_text(value) -> str | None:
    if not isinstance(value, str):
        return 'Must be a string, not %s.' % type(value).__name__
    return None


class IPAddressConstraint(ConstraintPlugin):
    """An IPv4 or IPv6 address."""
    description = 'An IPv4 or IPv6 address.'

    def validate(self, value, cloud):
        problem = _not_text(value)
        if problem:
            return problem
        try:
            ipaddress.ip_address(value)
        except ValueError:
            return 'Not a valid IP address (IPv4 or IPv6).'
        return None


class CIDRConstraint(ConstraintPlugin):
    """A network in CIDR notation, e.g. ``10.0.0.0/24``."""
    description = 'A network in CIDR notation, e.g. 10.0.0.0/24.'

    def validate(self, value, cloud):
        problem = _not_text(value)
        if problem:
            return problem
        if '/' not in value or value != value.strip():
            return 'Not a network CIDR (address/prefix length, e.g. 10.0.0.0/24).'
        try:
            net = ipaddress.ip_network(value, strict=False)
        except ValueError:
            return 'Not a network CIDR (address/prefix length, e.g. 10.0.0.0/24).'
        if net.network_address != ipaddress.ip_address(value.split('/', 1)[0]):
            return "Not a network CIDR: the address has host bits set (did you mean '%s'?)." \
                % net
        return None


class MACConstraint(ConstraintPlugin):
    """A MAC address, e.g. ``fa:16:3e:00:00:01``."""
    description = 'A MAC address, e.g. fa:16:3e:00:00:01.'

    def validate(self, value, cloud):
        problem = _not_text(value)
        if problem:
            return problem
        if not netaddr.valid_mac(value):
            return 'Not a valid MAC address.'
        return None


def dns_problem(value: str) -> str | None:
    """Why ``value`` is not a DNS name (absolute or relative), or None."""
    name = value[:-1] if value.endswith('.') else value
    if len(name) > _MAX_FQDN:
        return 'A DNS name may have at most %d characters.' % _MAX_FQDN
    labels = name.split('.')
    for label in labels:
        if not label:
            return 'A DNS name may not have an empty label ("..", or a leading dot).'
        if label.startswith('-') or label.endswith('-'):
            return 'The label "%s" starts or ends with a hyphen.' % label
        if not _LABEL.match(label):
            return ('The label "%s" must be 1-63 letters, digits or hyphens.' % label)
    # RFC 3696 section 2: a top-level domain is never all-numeric
    if len(labels) > 1 and labels[-1].isdigit():
        return 'The top-level domain "%s" is all-numeric.' % labels[-1]
    return None


class DNSNameConstraint(ConstraintPlugin):
    """A DNS host or domain name (``www.example.com`` or ``www.example.com.``)."""
    description = 'A DNS name, e.g. www.example.com.'

    def validate(self, value, cloud):
        return _not_text(value) or dns_problem(value)


class DNSDomainConstraint(ConstraintPlugin):
    """An absolute DNS domain: a DNS name ending with a dot."""
    description = 'An absolute DNS domain name ending with a dot, e.g. example.com.'

    def validate(self, value, cloud):
        problem = _not_text(value) or dns_problem(value)
        if problem:
            return problem
        if not value.endswith('.'):
            return 'A DNS domain must end with a dot (did you mean \'%s.\'?).' % value
        return None


class RelativeDNSNameConstraint(ConstraintPlugin):
    """A DNS name relative to a zone: no trailing dot."""
    description = 'A DNS name relative to its zone (no trailing dot), e.g. www.'

    def validate(self, value, cloud):
        problem = _not_text(value)
        if problem:
            return problem
        if value.endswith('.'):
            return 'A relative DNS name may not end with a dot.'
        return dns_problem(value)
