"""Resource breakpoints (Heat's hooks).

An environment sets them per resource name or ``name*`` pattern::

    resource_registry:
      resources:
        db: {hooks: pre-create}
        web_*: {hooks: [pre-update, pre-delete]}
        nested: {inner: {hooks: pre-create}}       # a resource of a child stack

When a resource reaches a hook set on it (just before its create, update or
delete handler runs; ``post-*`` just after) it records the hook as pending
in its resource data, adds the event ``<ACTION> paused until Hook <hook> is
cleared`` and waits in its own task (nothing else is held: the other
resources go on) until a signal ``{"unset_hook": "<hook>"}`` clears it.  The
signal may come from any process: the waiter reads the resource's data back
from the database, and a signal handled in its own process wakes it at once.
The stack's timeout still applies while waiting.
"""

from __future__ import annotations

import time

from heat_core.errors import HeatError
from heat_core.resources import signals
from heat_core.template.environment import HOOK_TYPES

#: resource data key: ``{hook: True}`` while a hook is pending
DATA_KEY = 'pending_hooks'

PRE, POST = 'pre', 'post'
#: the handler actions a hook can stop, and the action word of the hook name
_HOOKED = {'CREATE': 'create', 'UPDATE': 'update', 'DELETE': 'delete',
           'SNAPSHOT_DELETE': 'delete'}


class InvalidBreakPointHook(HeatError):
    """An ``unset_hook`` signal naming an unknown hook or one not pending."""
    code = 'InvalidBreakPointHook'
    http_status = 400


def hook_name(action: str, when: str = PRE) -> str | None:
    """``pre-create`` for the handler action ``CREATE`` (None: no hook stops it)."""
    verb = _HOOKED.get(action)
    return None if verb is None else '%s-%s' % (when, verb)


def is_set(res, hook: str) -> bool:
    """Whether the stack's environment sets ``hook`` on ``res``.  Costs a
    dict lookup when the environment sets no hooks at all."""
    env = getattr(res.stack.template, 'env', None)
    if env is None or not env.hooks:
        return False
    return hook in env.hooks_for(res.name)


def pending(res) -> dict:
    """The resource's pending hooks as stored now (read from the database:
    another process may have cleared one)."""
    store = res.stack.store
    if store is not None and res.row_id is not None:
        data = store.resource_data(res.row_id)
        if data is not None:
            res.data = dict(data)
    return {h: True for h, on in (res.data.get(DATA_KEY) or {}).items() if on}


def _mark(res, hook: str, on: bool) -> None:
    store = res.stack.store
    if store is not None and res.row_id is not None:
        res.data = store.merge_resource_data(res.row_id, DATA_KEY, {hook: on})
    else:
        res.data.setdefault(DATA_KEY, {})[hook] = on


def _event(res, reason: str) -> None:
    store = res.stack.store
    if store is not None:
        store.add_event(res.stack.id, res.name, res.type_name, res.resource_id, res.action,
                        res.status, reason)


def pause(res, action: str, deadline: float | None, when: str = PRE) -> None:
    """Wait here until the hook of ``action`` set on ``res`` is cleared (no
    hook set: return at once).  Past ``deadline`` the hook is dropped and
    the action fails as timed out."""
    hook = hook_name(action, when)
    if hook is None or not is_set(res, hook):
        return
    word = _HOOKED[action].upper()
    _mark(res, hook, True)
    _event(res, '%s paused until Hook %s is cleared' % (word, hook))
    while True:
        since = signals.generation()
        if hook not in pending(res):
            return
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            _mark(res, hook, False)
            _event(res, 'Failure occurred while waiting.')
            from heat_core.engine.actions import ActionTimeout
            raise ActionTimeout('%s timed out' % word)
        wait = signals.POLL if deadline is None else min(signals.POLL, deadline - now)
        signals.wait_for_news(since, wait)


def is_unset_request(details) -> bool:
    """Whether signal ``details`` ask to clear a hook (Heat's ``unset_hook``)."""
    return isinstance(details, dict) and 'unset_hook' in details


def clear(res, hook) -> None:
    """Clear the pending ``hook`` of ``res`` (the signal ``unset_hook``):
    refused with Heat's error for an unknown hook or one not pending."""
    described = _describe(res)
    if hook not in HOOK_TYPES:
        raise InvalidBreakPointHook('Invalid hook type "%s" for %s' % (hook, described))
    if hook not in pending(res):
        raise InvalidBreakPointHook('The "%s" hook is not defined on %s' % (hook, described))
    _mark(res, hook, False)
    _event(res, 'Hook %s is cleared' % hook)
    signals._announce()      # wakes a waiter of this process at once


def _describe(res) -> str:
    """A resource as Heat names it in messages: ``Type "name" [id] Stack "s" [id]``."""
    ident = ' [%s]' % res.resource_id if res.resource_id else ''
    return '%s "%s"%s Stack "%s" [%s]' % (type(res).__name__, res.name, ident,
                                         res.stack.name, res.stack.id)
