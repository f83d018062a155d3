"""``heat stack check | suspend | resume | cancel``: actions on running
stacks, one row per stack (python-heatclient's columns)."""

from __future__ import annotations

from heat_cli import CommandError, common, progress
from heat_cli.client import ApiError


class _StackAction(common.StackLister):
    """Runs ``action`` on each stack named; the exit status is 1 when one
    did not reach ``<ACTION>_COMPLETE`` (the operation ran to its end: local
    mode or ``--wait``)."""

    action = ''
    #: what the stack argument's help says
    stack_help = ''

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('stack', metavar='<stack>', nargs='+', help=self.stack_help)
        parser.add_argument('--wait', action='store_true',
                            help='Wait for %s to complete, showing the events meanwhile'
                            % self.action.lower())
        return parser

    def call(self, stack_id: str, wait: bool, parsed_args) -> None:
        raise NotImplementedError

    def check_state(self, stack: dict, parsed_args) -> None:
        """Raise a CommandError when ``stack`` cannot take the action."""

    def take_action(self, parsed_args):
        rows = [self._one(name, parsed_args) for name in parsed_args.stack]
        return common.STACK_LIST, rows

    def _one(self, name: str, parsed_args) -> tuple:
        client = self.client
        stack = common.get_stack(client, name)
        self.check_state(stack, parsed_args)
        waited = parsed_args.wait or client.local
        marker = progress.last_event_id(client, stack['id']) if waited else None
        call = lambda wait: self.call(stack['id'], wait, parsed_args)  # noqa: E731
        with common.not_found('Stack not found: %s' % name):
            if parsed_args.wait:
                _, events = progress.run(self.app, client, stack['id'], self.action or 'UPDATE',
                                         lambda: call(True), marker, stack['stack_name'])
            else:
                call(client.local)
                events = None
        stack = client.show_stack(stack['id'])
        if waited and self.failed(stack['stack_status']):
            progress.report_failure(self.app, client, stack, self.action or 'UPDATE', events,
                                    marker)
            self.exit_code = 1
        return common.stack_row(stack)

    def failed(self, status: str) -> bool:
        return progress.failed_action(status, self.action)


class SuspendStack(_StackAction):
    """Suspend a stack"""

    action = 'SUSPEND'
    stack_help = 'Stack(s) to suspend (name or ID)'

    def call(self, stack_id, wait, parsed_args):
        self.client.suspend_stack(stack_id, wait=wait)


class ResumeStack(_StackAction):
    """Resume a stack"""

    action = 'RESUME'
    stack_help = 'Stack(s) to resume (name or ID)'

    def call(self, stack_id, wait, parsed_args):
        self.client.resume_stack(stack_id, wait=wait)


class CheckStack(_StackAction):
    """Check a stack"""

    action = 'CHECK'
    stack_help = 'Stack(s) to check update (name or ID)'

    def call(self, stack_id, wait, parsed_args):
        self.client.check_stack(stack_id, wait=wait)


class CancelStack(_StackAction):
    """Cancel current task for a stack

    Supported tasks for cancellation: update, and create with --no-rollback.
    """

    action = ''
    stack_help = 'Stack(s) to cancel (name or ID)'

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('--no-rollback', action='store_true',
                            help='Cancel without rollback')
        return parser

    def check_state(self, stack, parsed_args):
        allowed = ('CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS') if parsed_args.no_rollback \
            else ('UPDATE_IN_PROGRESS',)
        if stack['stack_status'] not in allowed:
            raise CommandError("Stack %s with status '%s' not in cancelable state" % (
                stack['stack_name'], stack['stack_status'].lower()))

    def call(self, stack_id, wait, parsed_args):
        self.client.cancel_update(stack_id, rollback=not parsed_args.no_rollback)
        if wait:
            _wait_idle(self.client, stack_id)

    def failed(self, status):
        return status.endswith('_FAILED')


def _wait_idle(client, stack_id: str) -> None:
    """Cancelling returns at once: wait for the stack to settle."""
    import time
    while True:
        try:
            status = client.show_stack(stack_id)['stack_status']
        except ApiError:
            return
        if not status.endswith('_IN_PROGRESS'):
            return
        time.sleep(client.poll_interval)
