"""The table of Query API actions, and what an action is given.

An action is a small function ``(call) -> result`` registered under its
AWS name with :func:`action`; the result is the content of the
``<ActionResult>`` element (None: the response has none, as DeleteStack's).
Stack users (keys made by a stack's AWS::IAM::AccessKey) may call only the
actions registered with ``stack_user=True``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from heat_api.cfn import errors
from heat_api.cfn import views as v
from heat_api.cfn.callers import Caller
from heat_api.cfn.params import Params
from heat_core.engine.context import RequestContext
from heat_core.errors import HeatError

ACTIONS: dict[str, 'Action'] = {}


@dataclass(frozen=True)
class Action:
    name: str
    handler: Callable
    stack_user: bool = False


def action(name: str, stack_user: bool = False):
    """Register the decorated function as the Query API action ``name``."""
    def register(fn):
        ACTIONS[name] = Action(name, fn, stack_user)
        return fn
    return register


@dataclass
class Call:
    """One request to an action: the engine service, who calls, the
    parameters."""
    service: object
    caller: Caller
    ctx: RequestContext
    params: Params
    request_id: str

    @property
    def page_size(self) -> int:
        from heat_core.config import CONF
        return CONF.heat_api_cfn.page_size

    def stack_row(self, name_or_arn: str, include_deleted: bool | None = None) -> dict:
        """The caller's stack named by a StackName parameter: by name a live
        stack only, by id or ARN a deleted one too (as AWS)."""
        key = v.stack_id_of(name_or_arn)
        if include_deleted is None:
            include_deleted = key != name_or_arn or _looks_like_id(key)
        try:
            row = self.service.identify(self.ctx, key, include_deleted=include_deleted)
        except HeatError as exc:
            raise errors.from_heat(exc, name_or_arn) from None
        if name_or_arn.startswith('arn:') and v.row_arn(row) != name_or_arn:
            raise errors.does_not_exist(name_or_arn)
        return row

    def engine(self, method: str, *args, _name: str | None = None, **kwargs):
        """Call the engine service; its errors become CloudFormation's
        (``_name``: the stack name the request gave, for "does not exist")."""
        try:
            return getattr(self.service, method)(self.ctx, *args, **kwargs)
        except HeatError as exc:
            raise errors.from_heat(exc, _name) from None


def _looks_like_id(value: str) -> bool:
    return len(value) == 36 and value.count('-') == 4
