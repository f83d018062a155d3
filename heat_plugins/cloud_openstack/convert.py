"""openstacksdk resources as the interface's :class:`CloudObject` s.

openstacksdk's attribute names are the interface's vocabulary already
(``is_router_external``, ``subnet_ids``, ``availability_zone`` ...), so an
object is the resource's ``to_dict()`` — every attribute the resource
knows, None where the cloud did not say — with a few fields reshaped where
the interface promises a shape of its own.
"""

from __future__ import annotations

from heat_core.clouds.catalogue import CloudObject

#: secrets a response may carry that Heat must not keep
_SECRETS = ('admin_password', 'password')


def to_object(resource, **extra) -> CloudObject:
    """A resource (or a plain dict) as a CloudObject, ``extra`` fields set."""
    if hasattr(resource, 'to_dict'):
        body = resource.to_dict(computed=False)
    else:
        body = dict(resource)
    for key in _SECRETS:
        body.pop(key, None)
    body.update(extra)
    return CloudObject(body)


def ref(value) -> dict:
    """``{'id': ...}`` of a nested reference (Nova's ``image``), ``{}`` when
    there is none (a server booted from a volume has ``image: ""``)."""
    if not value:
        return {}
    if isinstance(value, str):
        return {'id': value}
    value_id = value.get('id')
    return {'id': value_id} if value_id else {}
