"""The base of every URL under ``/stacks/{stack_name}/{stack_id}``."""

from __future__ import annotations

from heat_api.openstack.routing import Node
from heat_core.engine.service import StackNotFound


class StackScoped(Node):
    """A URL of one stack, ``/stacks/{stack_name}/{stack_id}[/...]``."""

    @property
    def ref(self) -> tuple:
        """``(stack_name, stack_id)`` as the URL gives them."""
        return self.path['stack_name'], self.path['stack_id']

    def stack_id(self, req) -> str:
        """The stack's id, once the URL's name and id are known to name
        one stack of the caller (deleted stacks too, as in Heat);
        otherwise 404."""
        name, sid = self.ref
        row = self.engine.identify(req.ctx, sid, include_deleted=True)
        if row['id'] != sid or row['name'] != name:
            raise StackNotFound('The Stack (%s) could not be found.' % name)
        return sid
