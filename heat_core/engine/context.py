"""Who is asking: every engine call takes a RequestContext."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RequestContext:
    """The caller of an engine operation (tenant = project)."""
    tenant: str = 'local'
    user: str = 'local'
    roles: list = field(default_factory=lambda: ['admin'])
    auth_token: str | None = None
    tenant_name: str | None = None
    request_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return 'admin' in self.roles

    @classmethod
    def local(cls) -> 'RequestContext':
        """The context of the CLI's local mode (single user, admin)."""
        return cls()
