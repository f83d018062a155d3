"""Cancelling a running stack update: ``cancel_update`` in this process
sets an :class:`UpdateControl`'s flag; another engine process stores its
request on the stack lock, which the running update reads before it starts
more resources (no new resource starts, those in flight finish, then the
update fails, rolling back unless asked not to)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

#: the cancel requests kept on a stack lock (``Store.request_cancel``)
ROLLBACK, NO_ROLLBACK = 'rollback', 'no_rollback'

LOG = logging.getLogger('heat.engine')

#: stack id -> UpdateControl of each update running in this process
RUNNING: dict = {}


class UpdateControl:
    """Lets ``cancel_update`` stop a running update: no new resource
    starts, those in flight finish, then the update fails (and rolls back
    when asked to).

    ``poll``: ``() -> 'rollback' | 'no_rollback' | None``, the cancel
    request another engine process stored for this update (on its stack
    lock); asked whenever the walk is about to start resources."""

    def __init__(self, poll: Callable[[], str | None] | None = None):
        self.rollback = True
        self.cancelled = _CancelFlag(self, poll)

    def cancel(self, rollback: bool = True) -> None:
        self.rollback = rollback
        self.cancelled.set()


class _CancelFlag(threading.Event):
    """Set by a cancel in this process, or by a request found in the
    database: the walker asks ``is_set()`` before it starts the next
    resources, so a stored request costs one primary-key read per step."""

    def __init__(self, control: UpdateControl, poll):
        super().__init__()
        self._control = control
        self._poll = poll

    def is_set(self) -> bool:
        if super().is_set():
            return True
        if self._poll is None:
            return False
        try:
            request = self._poll()
        except Exception:  # noqa: BLE001 - an unreadable request is asked again next step
            LOG.warning('Could not read the cancel request of an update', exc_info=True)
            return False
        if request is None:
            return False
        self._control.cancel(request != NO_ROLLBACK)
        return True
