"""ClientRequestToken: a retried CreateStack or UpdateStack with the token
of an earlier one answers that one's StackId and does nothing more.

Tokens are kept per tenant and action in the ``client_request`` table,
with the stack they made or changed; the rows go with the stack's.
"""

from __future__ import annotations

from sqlalchemy import and_, insert, select
from sqlalchemy.exc import IntegrityError

from heat_api.cfn import errors
from heat_core.db.models import ClientRequest, utcnow

TABLE = ClientRequest.__table__
MAX_TOKEN = 128


def _engine(call):
    return call.service.store.engine


def _check(token: str) -> None:
    if len(token) > MAX_TOKEN or not all(c.isalnum() or c == '-' for c in token):
        raise errors.validation("1 validation error detected: Value '%s' at "
                                "'clientRequestToken' failed to satisfy constraint: Member "
                                "must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-"
                                "Z0-9]*" % token[:MAX_TOKEN + 1])


def find(call, action: str, token: str, stack_id: str | None = None) -> str | None:
    """The StackId answered to the earlier request with ``token``, if any."""
    _check(token)
    q = select(TABLE.c.result, TABLE.c.stack_id).where(and_(
        TABLE.c.tenant == call.ctx.tenant, TABLE.c.action == action, TABLE.c.token == token))
    with _engine(call).connect() as c:
        row = c.execute(q).first()
    if row is None:
        return None
    if stack_id is not None and row[1] != stack_id:
        raise errors.CfnError('TokenAlreadyExistsException', 'Another %s request with '
                              'ClientRequestToken %s was made for a different stack.'
                              % (action, token))
    return row[0]


def record(call, action: str, token: str, stack_id: str, result: str) -> None:
    try:
        with _engine(call).begin() as c:
            c.execute(insert(TABLE).values(tenant=call.ctx.tenant, action=action, token=token,
                                           stack_id=stack_id, result=result,
                                           created_at=utcnow()))
    except IntegrityError:
        pass                    # a concurrent retry recorded it first
