"""Errors a cloud backend raises, typed so that resource plugins can react
to what happened rather than parse messages.

Every error carries the cloud's own message (shown to users as the
resource's status reason) and ``status_code``, the HTTP status the cloud
answered with (openstacksdk's ``HttpException.status_code``).  A 404 on
delete counts as deleted: wrap deletes in :func:`ignore_not_found`.
"""

from __future__ import annotations

import contextlib

from heat_core.errors import HeatError


class CloudError(HeatError):
    """A cloud request failed."""
    code = 'CloudError'
    #: the HTTP status the cloud answered with
    status_code: int = 500

    def __init__(self, message: str = '', status_code: int | None = None):
        super().__init__(message)
        if status_code is not None:
            self.status_code = status_code


class NotFound(CloudError):
    """The object does not exist (any more)."""
    code = 'NotFound'
    status_code = 404


class BadRequest(CloudError):
    """The cloud refused the request as invalid (e.g. a volume in the wrong
    state, an unknown image)."""
    code = 'BadRequest'
    status_code = 400


class Conflict(CloudError):
    """The object is in use or in the way (a security group still used by a
    port, a container that is not empty)."""
    code = 'Conflict'
    status_code = 409


class QuotaExceeded(CloudError):
    """A quota of the project would be exceeded; the message is the cloud's
    (``Quota exceeded for instances: Requested 1, but already used 10 of 10
    instances``)."""
    code = 'QuotaExceeded'
    status_code = 403


class NotSupported(CloudError):
    """The backend does not implement this request."""
    code = 'NotSupported'
    status_code = 501


class UnknownCloud(CloudError):
    """``default_cloud`` (or the name asked for) is no installed backend."""
    code = 'UnknownCloud'


class DuplicateResource(CloudError):
    """A name matches more than one object (use the ID instead)."""
    code = 'DuplicateResource'

    def __init__(self, kind: str, name: str, count: int):
        super().__init__('%d %ss are named "%s": use an ID' % (count, kind, name))
        self.kind, self.name, self.count = kind, name, count


@contextlib.contextmanager
def ignore_not_found():
    """Run a block in which :class:`NotFound` means "already done" (deleting
    something that is gone)."""
    try:
        yield
    except NotFound:
        pass
