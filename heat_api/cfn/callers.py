"""Who signed a request: the owner of an EC2 access key.

Keys of the identity store (``heat-manage bootstrap`` prints one) belong
to a user in a project: the request acts as that user in that project.
Keys a stack made (AWS::IAM::AccessKey) live in the cloud's identity
service; such a *stack user* acts in the stack's project but may only read
the resources its policies allow (OS::Heat::AccessPolicy), as in Heat.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from heat_core.engine.context import RequestContext

LOG = logging.getLogger('heat.api.cfn')

#: the role of stack users (Heat's ``heat_stack_user``)
STACK_USER_ROLE = 'heat_stack_user'


@dataclass(frozen=True)
class Caller:
    """The owner of an access key."""
    access_key: str
    user: str
    tenant: str
    roles: tuple = ()
    tenant_name: str | None = None
    #: Keystone's token for the request (``[auth] strategy = keystone``)
    auth_token: str | None = None

    @property
    def is_stack_user(self) -> bool:
        return STACK_USER_ROLE in self.roles

    def context(self, request_id: str | None = None) -> RequestContext:
        return RequestContext(tenant=self.tenant, user=self.user, roles=list(self.roles),
                              tenant_name=self.tenant_name, request_id=request_id,
                              auth_token=self.auth_token)


class KeyStore:
    """Finds the secret and the owner of an access key."""

    def __init__(self, identity, cloud=None):
        self.identity = identity
        self.cloud = cloud

    def find(self, access_key: str) -> tuple[str, Caller] | None:
        """``(secret, caller)``, or None for an unknown or disabled key."""
        if not access_key:
            return None
        found = self.identity.find_ec2_credential(access_key)
        if found is not None:
            secret, p = found
            return secret, Caller(access_key, p.user_name, p.project_id, tuple(p.roles),
                                  p.project_name)
        return self._stack_user(access_key)

    def find_stack_user(self, access_key: str) -> tuple[str, Caller] | None:
        """``(secret, caller)`` of a stack user's key (AWS::IAM::AccessKey)
        only: for the Keystone strategy when Keystone does not know the key
        (the simulated cloud's stack users)."""
        return self._stack_user(access_key) if access_key else None

    def _stack_user(self, access_key: str) -> tuple[str, Caller] | None:
        listing = getattr(self.cloud, 'ec2_credentials', None)
        if listing is None:
            return None
        try:
            cred = next((c for c in listing() if c.get('access') == access_key), None)
            if cred is None:
                return None
            user = self.cloud.get_user(cred['user_id'])
            if not user.get('is_enabled', True):
                return None
            secret = self.cloud.get_ec2_credential(cred['user_id'], access_key).secret
        except Exception as exc:  # noqa: BLE001 - an unreachable cloud: the key is unknown
            LOG.warning('Cannot look up stack user credentials: %s', type(exc).__name__)
            return None
        return secret, Caller(access_key, user.name, cred['project_id'], (STACK_USER_ROLE,))
