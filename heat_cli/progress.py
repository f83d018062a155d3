"""Running a long stack operation and showing how it goes.

:func:`run` calls the operation with ``wait=True`` on a worker thread and,
meanwhile, polls the stack's events (with a marker) and prints each new one
as python-heatclient's event log line.  On a terminal a progress line
(resources done of total, elapsed time) stays under the events; elsewhere
only the plain lines are written.  :func:`report_failure` tells why an
operation did not reach ``<ACTION>_COMPLETE``.
"""

from __future__ import annotations

import threading
import time

from heat_cli import formatting
from heat_cli.client import ApiError

BAR_WIDTH = 20
CLEAR_LINE = '\r\x1b[2K'


def last_event_id(client, stack: str) -> str | None:
    """The id of the stack's newest event: the marker after which the
    events of the next operation come."""
    try:
        events = client.list_events(stack, sort_dir='desc', limit=1)
    except ApiError as exc:
        if exc.not_found:
            return None
        raise
    return events[0]['id'] if events else None


class ProgressLine:
    """The line under the events on a terminal: action, a bar, resources
    done of total and the elapsed time."""

    def __init__(self, out, label: str):
        self.out = out
        self.label = label
        self.started = time.monotonic()
        self.done = 0
        self.total = 0
        self.shown = False

    def draw(self) -> None:
        total = max(self.total, self.done)
        filled = BAR_WIDTH * self.done // total if total else 0
        elapsed = time.monotonic() - self.started
        clock = '%dm%02ds' % divmod(int(elapsed), 60) if elapsed >= 60 else '%.1fs' % elapsed
        count = '%d/%d resources' % (self.done, total) if total else 'starting'
        self.out.write('%s%s [%s%s] %s  %s' % (
            CLEAR_LINE, self.label, '#' * filled, '-' * (BAR_WIDTH - filled), count, clock))
        self.out.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.out.write(CLEAR_LINE)
            self.out.flush()
            self.shown = False


class EventStream:
    """Prints the events of one stack that come after ``marker`` and keeps
    count of the resources that finished."""

    def __init__(self, client, stack: str, action: str, out, marker: str | None = None,
                 tty: bool = False, name: str | None = None):
        self.client = client
        self.stack = stack
        self.marker = marker
        self.out = out
        self.events: list[dict] = []
        self.latest: dict[str, str] = {}     # resource name -> last status
        self.names = formatting.EventNames()
        self.progress = ProgressLine(out, '%s %s' % (action, name or stack)) if tty else None

    def poll(self) -> None:
        try:
            events = self.client.list_events(self.stack, marker=self.marker, sort_dir='asc')
        except ApiError as exc:
            if exc.not_found:       # a create that has not stored the stack yet
                return
            raise
        if not events:
            return
        if self.progress:
            self.progress.clear()
        for event in events:
            self.marker = event['id']
            self.events.append(event)
            if not formatting.is_stack_event(event):
                self.latest[event.get('resource_name')] = event.get('resource_status') or ''
            self.out.write(formatting.event_line(event, self.names) + '\n')
        self.out.flush()
        if self.progress:
            self._count()

    def _count(self) -> None:
        try:
            listed = len(self.client.list_resources(self.stack))
        except ApiError:
            listed = 0
        self.progress.total = max(listed, len(self.latest))
        self.progress.done = sum(1 for s in self.latest.values()
                                 if not s.endswith('IN_PROGRESS'))

    def tick(self) -> None:
        if self.progress:
            self.progress.draw()

    def close(self) -> None:
        if self.progress:
            self.progress.clear()


def run(app, client, stack: str, action: str, call, marker: str | None = None,
        name: str | None = None):
    """Run ``call()`` (the operation, with ``wait=True``) on a worker thread
    while the events of ``stack`` (id or name; ``name`` for the user) after
    ``marker`` are printed; returns what ``call`` returned (or raises what
    it raised) and the events seen."""
    out = app.stdout
    tty = bool(getattr(out, 'isatty', lambda: False)())
    stream = EventStream(client, stack, action, out, marker, tty, name)
    outcome: dict = {}

    def work():
        try:
            outcome['result'] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            outcome['error'] = exc

    worker = threading.Thread(target=work, name='heat-cli-operation', daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            stream.poll()
            stream.tick()
            worker.join(client.poll_interval)
        stream.poll()
    except KeyboardInterrupt:
        stream.close()
        if client.local:
            app.stderr.write('The engine stops with this process: stack %s stays %s_IN_PROGRESS '
                             'until an engine recovers it.\n' % (name or stack, action))
        raise
    finally:
        stream.close()
    if 'error' in outcome:
        raise outcome['error']
    return outcome.get('result'), stream.events


def failed_action(status: str, action: str) -> bool:
    """Whether the final ``status`` means ``action`` did not complete."""
    return status != '%s_COMPLETE' % action


def report_failure(app, client, stack: dict, action: str, events: list[dict] | None,
                   marker: str | None = None) -> None:
    """Write to stderr why ``stack`` is not ``<action>_COMPLETE``: the final
    status, the reason the action failed, and each failed resource with its
    reason (from the events of the operation: a rollback may have removed
    the resources themselves)."""
    if events is None:
        try:
            events = client.list_events(stack['id'], marker=marker, sort_dir='asc')
        except ApiError:
            events = []
    err = app.stderr
    reason = stack.get('stack_status_reason') or ''
    for event in events:
        if formatting.is_stack_event(event) and \
                (event.get('resource_status') or '').endswith('_FAILED'):
            reason = event.get('resource_status_reason') or reason
            break
    err.write('Stack %s %s: %s\n' % (stack['stack_name'], stack['stack_status'], reason))
    failed: dict[str, dict] = {}
    names = formatting.EventNames()
    for event in events:
        path = names(event)
        if not formatting.is_stack_event(event) and \
                (event.get('resource_status') or '').endswith('_FAILED'):
            failed.setdefault(path, event)
    for path, event in failed.items():
        err.write('  %s: %s: %s\n' % (path, event.get('resource_status'),
                                      event.get('resource_status_reason') or ''))
    err.flush()
