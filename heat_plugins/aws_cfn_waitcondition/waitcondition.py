"""AWS::CloudFormation::WaitConditionHandle and AWS::CloudFormation::WaitCondition
(see the package docstring)."""

from __future__ import annotations

import time
from urllib.parse import unquote, urlsplit

from heat_core.clouds.errors import NotFound, ignore_not_found
from heat_core.constraints import Range
from heat_core.resources import signals
from heat_core.resources import signed_url as su
from heat_core.resources.resource import Resource
from heat_core.resources.runtime import ResourceFailure
from heat_core.resources.schema import INTEGER, NUMBER, STRING, Attribute, Schema
from heat_core.resources.stack_user import ensure_stack_user


class WaitConditionHandle(Resource):
    """Receives the signals of a WaitCondition at a pre-signed URL.

    Ref gives the URL: pass it to the servers (user data) that signal the
    end of their configuration with cfn-signal or curl.
    """

    def handle_create(self):
        cloud = self.cloud
        user = ensure_stack_user(
            self, self.data.get('user_id') or self.resource_id,
            'Heat stack user of wait condition handle %s of stack %s'
            % (self.name, self.stack.name))
        # the user is the resource from now on: a delete (a rollback of a
        # failure below) removes it
        self.resource_id_set(user.id)
        credential = None
        if self.data.get('access_key'):
            with ignore_not_found():
                credential = cloud.get_ec2_credential(user.id, self.data['access_key'])
        if credential is None:
            credential = cloud.create_ec2_credential(user.id, project_id=self.stack.tenant)
        url = su.presigned_url(su.WAITCONDITION, self.stack.tenant, self.stack.name,
                               self.stack.id, self.name, credential.access,
                               credential.secret)
        # the secret is not kept: the URL carries only a signature made with it
        self.data.update(user_id=user.id, access_key=credential.access)
        self.data_set('ec2_signed_url', url)
        self.resource_id_set(user.id)

    def handle_delete(self):
        if self.resource_id is None:
            return
        with ignore_not_found():
            self.cloud.delete_user(self.resource_id)

    def reference(self) -> str:
        return self.data.get('ec2_signed_url') or self.name

    def handle_signal(self, details=None):
        return signals.record(self, details)

    def signal_credential(self, access_key: str) -> str | None:
        """The secret of ``access_key`` when it is this handle's key (what
        its pre-signed URL was signed with), else None."""
        if not access_key or access_key != self.data.get('access_key') \
                or self.resource_id is None:
            return None
        try:
            return self.cloud.get_ec2_credential(self.resource_id, access_key).secret
        except NotFound:
            return None

    def signals(self) -> dict:
        """``{UniqueId: signal}`` received so far."""
        return signals.received(self)

    def metadata(self):
        """As in Heat, the signals received are the handle's metadata:
        ``{UniqueId: {Data, Reason, Status, UniqueId}}`` over the template's
        Metadata (they are kept in the resource's data, merged in one
        transaction per signal, so concurrent signals are never lost)."""
        base = super().metadata()
        received = self.signals() if self.row_id is not None else {}
        if not received:
            return base
        return {**(base if isinstance(base, dict) else {}), **received}


def handle_name_of(url: str) -> str | None:
    """The handle's resource name in its pre-signed URL (or the name itself)."""
    if '/waitcondition/' not in url:
        return url if url and '/' not in url else None
    arn = unquote(urlsplit(url).path).split('/waitcondition/', 1)[1]
    parsed = su.parse_arn(arn)
    return parsed[3] if parsed else None


class WaitCondition(Resource):
    """Waits for Count success signals sent to its Handle (or, with a
    CreationPolicy ResourceSignal, to itself) before the stack goes on.

    A FAILURE signal fails it with the signal's reason; so does the end of
    Timeout.  Resources that depend on it are created only after it.
    """

    #: CreationPolicy ResourceSignal: signals go to the wait condition itself
    creation_policy_signals = True
    #: the engine polls check_create_complete, which itself waits up to
    #: signals.POLL for a signal: no busy loop
    poll_interval = 0.05

    properties_schema = {
        'Handle': Schema(STRING, 'A reference to the wait condition handle used to signal '
                         'this wait condition (required without a CreationPolicy).'),
        'Timeout': Schema(NUMBER, 'The number of seconds to wait for the correct number of '
                          'signals to arrive (required without a CreationPolicy).',
                          constraints=[Range(1, signals.MAX_TIMEOUT)]),
        'Count': Schema(INTEGER, 'The number of success signals that must be received '
                        'before the stack creation process continues.', default=1,
                        constraints=[Range(min=1)]),
    }

    attributes_schema = {
        'Data': Attribute('JSON string containing data associated with wait condition '
                          'signals sent to the handle.', STRING),
    }

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        if definition.creation_policy is not None:
            return
        props = definition.properties if isinstance(definition.properties, dict) else {}
        for name in ('Handle', 'Timeout'):
            if props.get(name) is None:
                ctx.issues.error(definition.key_path('properties') + (name,),
                                 'Property %s is required (unless the wait condition has '
                                 'a CreationPolicy)' % name)

    def _handle(self) -> WaitConditionHandle:
        url = self.properties.get('Handle')
        name = handle_name_of(url or '')
        handle = self.stack.resources.get(name) if name else None
        if not isinstance(handle, WaitConditionHandle):
            raise ResourceFailure('WaitCondition invalid Handle %s: it must be the Ref of an '
                                  'AWS::CloudFormation::WaitConditionHandle of this stack'
                                  % (name or url))
        if '/waitcondition/' in (url or '') and url != handle.reference():
            raise ResourceFailure('WaitCondition invalid Handle: %s is not the URL of handle '
                                  '%s' % (url, name))
        return handle

    def handle_create(self):
        if signals.resource_signal(self) is not None:
            return None       # the engine waits for the CreationPolicy's signals
        timeout = self.properties.get('Timeout')
        if timeout is None or self.properties.get('Handle') is None:
            raise ResourceFailure('WaitCondition needs a Handle and a Timeout')
        return time.monotonic() + float(timeout), self._handle(), float(timeout)

    def check_create_complete(self, cookie) -> bool:
        if cookie is None:
            return True
        ends, handle, timeout = cookie
        since = signals.generation()
        received = handle.signals()
        if signals.outcome(received, int(self.properties.get('Count') or 1)):
            return True
        left = ends - time.monotonic()
        if left <= 0:
            successes = sum(1 for s in received.values() if s.get('Status') == signals.SUCCESS)
            raise ResourceFailure('WaitConditionTimeout: WaitCondition timed out after %g s '
                                  '(%d of %d signals received)' % (
                                      timeout, successes, self.properties.get('Count') or 1))
        signals.wait_for_news(since, min(signals.POLL, left))
        return False

    def _signals(self) -> dict:
        if self.t.creation_policy is not None or not self.properties.get('Handle'):
            return signals.received(self)
        try:
            return self._handle().signals()
        except ResourceFailure:
            return {}

    def resolve_attribute(self, name):
        if name == 'Data':
            return signals.data_attribute(self._signals())
        return None
