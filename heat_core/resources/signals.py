"""Success and failure signals a resource waits for.

Two things in CloudFormation wait for signals: a wait condition (signals
sent to the pre-signed URL of its WaitConditionHandle) and a resource with
a ``CreationPolicy: {ResourceSignal: {Count, Timeout}}`` (signals sent to
the resource itself with SignalResource).  Both speak cfn-signal's body::

    {"Status": "SUCCESS" | "FAILURE", "Reason": "...", "UniqueId": "...", "Data": "..."}

A signal is kept in the resource data of the resource it was sent to
(``data['cfn_signals']``, one entry per UniqueId: the same UniqueId again
replaces the entry), merged in one transaction so that signals arriving
at once all land.  The signal is handled by whichever process received
it (it need not be the one running the create); the waiting side reads the
resource's data back from the database.  In one process a signal also
wakes the waiters at once (:func:`wait_for_news`), so waiting costs one
short read per poll interval, not a busy loop.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from heat_core.errors import HeatError, Unresolved
from heat_core.resources.runtime import ResourceFailure
from heat_core.template import functions as fn

SUCCESS, FAILURE = 'SUCCESS', 'FAILURE'
DATA_KEY = 'cfn_signals'
#: seconds between two reads of the database while waiting (a signal
#: handled in this process wakes the waiter before that)
POLL = 0.5
#: CloudFormation's limit of a wait: 12 hours
MAX_TIMEOUT = 43200


class SignalInvalid(HeatError):
    """A signal body that is not a cfn-signal body."""
    code = 'ValidationError'
    http_status = 400


# -- in-process wake-ups -----------------------------------------------------------------
_news = threading.Condition()
_generation = 0


def generation() -> int:
    """A counter that grows with every signal handled in this process."""
    return _generation


def _announce() -> None:
    global _generation
    with _news:
        _generation += 1
        _news.notify_all()


def wait_for_news(since: int, timeout: float) -> None:
    """Block until a signal is handled in this process after
    :func:`generation` returned ``since``, or ``timeout`` seconds."""
    with _news:
        _news.wait_for(lambda: _generation != since, max(0.0, timeout))


# -- the signal body ---------------------------------------------------------------------
def parse(details: Any, default_id: str = '1') -> dict:
    """The cfn-signal body ``details`` (a dict, or its JSON text) as
    ``{Status, Reason, UniqueId, Data}``; ``SignalInvalid`` says what is
    wrong with it."""
    if isinstance(details, (bytes, bytearray)):
        details = details.decode('utf-8', 'replace')
    if isinstance(details, str):
        try:
            details = json.loads(details)
        except ValueError:
            raise SignalInvalid('The signal is not valid JSON: expected {"Status": "SUCCESS" '
                                'or "FAILURE", "Reason", "UniqueId", "Data"}') from None
    if not isinstance(details, dict):
        raise SignalInvalid('The signal must be a JSON object {"Status": "SUCCESS" or '
                            '"FAILURE", "Reason", "UniqueId", "Data"}')
    status = details.get('Status')
    if not isinstance(status, str) or status.upper() not in (SUCCESS, FAILURE):
        raise SignalInvalid('Signal Status must be SUCCESS or FAILURE, not %s'
                            % _short(status))
    unique_id = details.get('UniqueId')
    if unique_id is None or unique_id == '':
        unique_id = default_id
    elif isinstance(unique_id, bool) or not isinstance(unique_id, (str, int, float)):
        raise SignalInvalid('Signal UniqueId must be a string, not %s' % _short(unique_id))
    reason = details.get('Reason')
    if reason is not None and not isinstance(reason, str):
        reason = json.dumps(reason)
    data = details.get('Data')
    return {'Status': status.upper(), 'Reason': reason or '', 'UniqueId': str(unique_id),
            'Data': '' if data is None else data}


def _short(value) -> str:
    text = json.dumps(value) if not isinstance(value, str) else '"%s"' % value
    return text if len(text) <= 40 else text[:37] + '...'


def event_reason(signal: dict) -> str:
    """What the SIGNAL event says (Heat's words; never the Data)."""
    return 'status:%s reason:%s' % (signal['Status'], signal['Reason'])


# -- where signals are kept ----------------------------------------------------------------
def received(res) -> dict:
    """``{UniqueId: signal}`` sent to ``res``, read from the database (the
    signal may have been handled by another process or stack object)."""
    store = res.stack.store
    if store is not None and res.row_id is not None:
        data = store.resource_data(res.row_id)
        if data is not None:
            res.data = dict(data)
    return dict(res.data.get(DATA_KEY) or {})


def record(res, details: Any) -> str:
    """Keep the signal ``details`` for ``res``; returns the event reason."""
    signal = parse(details, default_id=str(len(received(res)) + 1))
    store = res.stack.store
    if store is not None and res.row_id is not None:
        res.data = store.merge_resource_data(res.row_id, DATA_KEY,
                                             {signal['UniqueId']: signal})
    else:
        res.data.setdefault(DATA_KEY, {})[signal['UniqueId']] = signal
    _announce()
    return event_reason(signal)


def outcome(signals: dict, count: int) -> bool:
    """Whether ``count`` SUCCESS signals arrived; a FAILURE signal raises
    ResourceFailure with its reasons."""
    failures = [s for s in signals.values() if s.get('Status') == FAILURE]
    if failures:
        raise ResourceFailure('WaitConditionFailure: %s' % '; '.join(
            s.get('Reason') or 'Received FAILURE signal with UniqueId %s' % s.get('UniqueId')
            for s in failures))
    return sum(1 for s in signals.values() if s.get('Status') == SUCCESS) >= count


def data_attribute(signals: dict) -> str:
    """The ``Data`` attribute of a wait condition: ``{UniqueId: Data}`` as JSON."""
    return json.dumps({uid: s.get('Data') for uid, s in sorted(signals.items())})


# -- CreationPolicy ----------------------------------------------------------------------
@dataclass(frozen=True)
class ResourceSignal:
    """``CreationPolicy: {ResourceSignal: {Count, Timeout}}``."""
    count: int = 1
    timeout: float = 300.0       # seconds (CloudFormation's default PT5M)


_DURATION = re.compile(r'^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$')


def duration(text: Any) -> float:
    """Seconds of an ISO 8601 duration ``PT#H#M#S`` (ValueError if not one)."""
    if not isinstance(text, str):
        raise ValueError('the duration must be a string such as PT15M')
    match = _DURATION.match(text.strip().upper())
    if match is None or not any(match.groups()):
        raise ValueError('"%s" is not an ISO 8601 duration such as PT15M or PT1H30M'
                         % text[:40])
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)


def _policy_problems(policy: Any) -> tuple[list, ResourceSignal | None]:
    """``([(path, message)], policy)`` of a resolved CreationPolicy."""
    if not isinstance(policy, dict):
        return [((), 'CreationPolicy must be a map')], None
    problems = []
    for key in policy:
        if key not in ('ResourceSignal', 'AutoScalingCreationPolicy'):
            problems.append(((key,), 'Unknown CreationPolicy key "%s": use ResourceSignal'
                             % key))
    signal = policy.get('ResourceSignal')
    if signal is None:
        return problems, None
    if not isinstance(signal, dict):
        return problems + [(('ResourceSignal',), 'ResourceSignal must be a map')], None
    count, timeout = 1, 300.0
    for key, value in signal.items():
        path = ('ResourceSignal', key)
        if key == 'Count':
            try:
                count = int(value)
                if isinstance(value, bool) or count < 0 or str(value).strip() != str(count):
                    raise ValueError
            except (TypeError, ValueError):
                problems.append((path, 'Count must be a whole number of signals, not %s'
                                 % _short(value)))
        elif key == 'Timeout':
            try:
                timeout = duration(value)
            except ValueError as exc:
                problems.append((path, 'Timeout: %s' % exc))
                continue
            if timeout > MAX_TIMEOUT:
                problems.append((path, 'Timeout must be at most PT12H'))
        else:
            problems.append((path, 'Unknown ResourceSignal key "%s": use Count and Timeout'
                             % key))
    return problems, (None if problems else ResourceSignal(count, timeout))


def validate_creation_policy(definition, ctx) -> None:
    """Check a resource's CreationPolicy (the parts known statically)."""
    policy = definition.creation_policy
    if policy is None:
        return
    value = fn.try_resolve(policy, ctx.scope)
    if value is Unresolved or _unresolved_inside(value):
        return
    base = definition.key_path('creation_policy')
    for path, message in _policy_problems(value)[0]:
        ctx.issues.error(base + path, message)


def _unresolved_inside(value) -> bool:
    if value is Unresolved:
        return True
    if isinstance(value, dict):
        return any(_unresolved_inside(v) for v in value.values())
    if isinstance(value, list):
        return any(_unresolved_inside(v) for v in value)
    return False


def resource_signal(res) -> ResourceSignal | None:
    """The ResourceSignal creation policy ``res`` honours, or None (also
    for types that do not wait for signals: ``creation_policy_signals``)."""
    if not getattr(type(res), 'creation_policy_signals', False):
        return None
    policy = res.t.creation_policy
    if policy is None:
        return None
    problems, signal = _policy_problems(fn.resolve(policy, res.stack.scope))
    if problems:
        path, message = problems[0]
        raise ResourceFailure('CreationPolicy%s: %s' % (
            ''.join('.%s' % p for p in path), message))
    return signal


def awaits_creation_signals(res) -> bool:
    """Whether a signal sent to ``res`` counts for its CreationPolicy (it
    has one and has not finished being created)."""
    try:
        policy = resource_signal(res)
    except Exception:  # noqa: BLE001 - a bad policy fails the create, not the signal
        return False
    if policy is None:
        return False
    return res.action == 'INIT' or (res.action, res.status) == ('CREATE', 'IN_PROGRESS')


def await_creation_signals(res, deadline: float | None = None) -> None:
    """After ``res``'s create handlers: wait for its CreationPolicy's
    ResourceSignal Count SUCCESS signals (none: return at once)."""
    policy = resource_signal(res)
    if policy is None:
        return
    ends = time.monotonic() + policy.timeout
    while True:
        since = generation()
        if outcome_of_policy(received(res), policy.count):
            return
        now = time.monotonic()
        if now >= ends:
            raise ResourceFailure('Failed to receive %d resource signal(s) within the '
                                  'specified duration' % policy.count)
        if deadline is not None and now >= deadline:
            raise ResourceFailure('CREATE timed out')
        wait_for_news(since, min(POLL, ends - now,
                                 POLL if deadline is None else deadline - now))


def outcome_of_policy(signals: dict, count: int) -> bool:
    """:func:`outcome` with CloudFormation's words for a FAILURE signal."""
    failures = [s for s in signals.values() if s.get('Status') == FAILURE]
    if failures:
        first = failures[0]
        reason = 'Received FAILURE signal with UniqueId %s' % first.get('UniqueId')
        if first.get('Reason'):
            reason += ': %s' % first['Reason']
        raise ResourceFailure(reason)
    return sum(1 for s in signals.values() if s.get('Status') == SUCCESS) >= count
