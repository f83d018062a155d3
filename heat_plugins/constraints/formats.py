"""Custom constraints on string formats, checked without a cloud:
``iso_8601``, ``expiration``, ``timezone``, ``json_string`` and
``cron_expression``."""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo

from heat_core.constraints import ConstraintPlugin


def _not_text(value) -> str | None:
    if not isinstance(value, str):
        return 'Must be a string, not %s.' % type(value).__name__
    return None


def parse_iso8601(value: str) -> datetime.datetime | None:
    """The date/time ``value`` stands for, or None if it is no ISO 8601
    date or date-time."""
    try:
        return datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None


class ISO8601Constraint(ConstraintPlugin):
    """An ISO 8601 date or date-time, e.g. ``2026-01-31T12:00:00Z``."""
    description = 'An ISO 8601 date or date-time, e.g. 2026-01-31T12:00:00Z.'

    def validate(self, value, cloud):
        problem = _not_text(value)
        if problem:
            return problem
        if parse_iso8601(value) is None:
            return 'Not an ISO 8601 date or date-time (e.g. 2026-01-31T12:00:00Z).'
        return None


class ExpirationConstraint(ConstraintPlugin):
    """An ISO 8601 date-time in the future."""
    description = 'An ISO 8601 date-time in the future.'

    def validate(self, value, cloud):
        problem = _not_text(value)
        if problem:
            return problem
        when = parse_iso8601(value)
        if when is None:
            return 'Not an ISO 8601 date-time (e.g. 2026-01-31T12:00:00Z).'
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        if when <= datetime.datetime.now(datetime.timezone.utc):
            return 'The expiration time is in the past.'
        return None


class TimezoneConstraint(ConstraintPlugin):
    """An IANA time zone name, e.g. ``Europe/Paris``."""
    description = 'An IANA time zone name, e.g. Europe/Paris.'

    def validate(self, value, cloud):
        problem = _not_text(value)
        if problem:
            return problem
        known = zoneinfo.available_timezones()
        if not known:
            return None  # no time zone database on this host: cannot tell
        if value not in known:
            return 'Not a known time zone (IANA names such as Europe/Paris or UTC).'
        return None


class JsonStringConstraint(ConstraintPlugin):
    """A string holding a JSON document."""
    description = 'A string holding a JSON document.'

    def validate(self, value, cloud):
        problem = _not_text(value)
        if problem:
            return problem
        try:
            json.loads(value)
        except ValueError as exc:
            return 'Not a valid JSON string: %s.' % exc
        return None


# field name, lowest, highest, names (month and day-of-week may be names)
_CRON_FIELDS = (
    ('minute', 0, 59, None),
    ('hour', 0, 23, None),
    ('day of month', 1, 31, None),
    ('month', 1, 12, ('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct',
                      'nov', 'dec')),
    ('day of week', 0, 7, ('sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat')),
)
_CRON_MACROS = ('@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly')
_CRON_ITEM = re.compile(r'^(?P<range>\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:/(?P<step>\d+))?$')


def cron_problem(value: str) -> str | None:
    """Why ``value`` is not a five-field cron expression, or None."""
    text = value.strip()
    if text.lower() in _CRON_MACROS:
        return None
    fields = text.split()
    if len(fields) != len(_CRON_FIELDS):
        return ('A cron expression has 5 fields (minute hour day-of-month month '
                'day-of-week), not %d.' % len(fields))
    for field, (label, low, high, names) in zip(fields, _CRON_FIELDS):
        for item in field.split(','):
            problem = _cron_item_problem(item, label, low, high, names)
            if problem:
                return problem
    return None


def _cron_item_problem(item, label, low, high, names):
    m = _CRON_ITEM.match(item)
    if m is None:
        return 'The %s field has an invalid item "%s".' % (label, item)
    if m.group('step') is not None and int(m.group('step')) == 0:
        return 'The %s field has a step of 0 in "%s".' % (label, item)
    if m.group('range') == '*':
        return None
    bounds = m.group('range').split('-')
    numbers = []
    for bound in bounds:
        if bound.isdigit():
            number = int(bound)
        elif names and bound.lower() in names:
            number = names.index(bound.lower()) + low
        else:
            return 'The %s field has an invalid value "%s".' % (label, bound)
        if not low <= number <= high:
            return 'The %s field value %s is out of range (%d-%d).' % (label, bound, low, high)
        numbers.append(number)
    if len(numbers) == 2 and numbers[0] > numbers[1]:
        return 'The %s field range "%s" runs backwards.' % (label, item)
    return None


class CronExpressionConstraint(ConstraintPlugin):
    """A five-field cron expression, e.g. ``*/15 2 * * mon-fri``."""
    description = 'A cron expression of five fields, e.g. */15 2 * * mon-fri.'

    def validate(self, value, cloud):
        return _not_text(value) or cron_problem(value)
