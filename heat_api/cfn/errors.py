"""CloudFormation's errors: codes, HTTP statuses and the engine's errors
translated to them.

AWS answers every client error with an ``ErrorResponse`` whose ``Type`` is
``Sender`` (``Receiver`` for its own faults) and a ``Code`` clients match
on: boto3's waiters treat ``ValidationError`` as "the stack does not
exist", for instance.
"""

from __future__ import annotations


class CfnError(Exception):
    """An error answered as AWS's error document."""

    def __init__(self, code: str, message: str, status: int = 400, sender: bool = True):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.sender = sender


def validation(message: str) -> CfnError:
    """``ValidationError`` (400): what AWS answers for most bad input."""
    return CfnError('ValidationError', message)


def missing(name: str) -> CfnError:
    return CfnError('MissingParameter',
                    'The request must contain the parameter %s' % name)


def does_not_exist(name: str) -> CfnError:
    """The answer for a stack that is unknown, deleted (by name) or another
    tenant's: boto3's waiters depend on its code and words."""
    return validation('Stack with id %s does not exist' % name)


def access_denied(action: str, user: str) -> CfnError:
    return CfnError('AccessDenied', 'User: %s is not authorized to perform: '
                    'cloudformation:%s' % (user, action), 403)


#: engine error codes (HeatError.code) -> CloudFormation error codes
_CODES = {
    'StackExists': ('AlreadyExistsException', 400),
    'ActionInProgress': ('ValidationError', 400),
    'RequestLimitExceeded': ('LimitExceededException', 400),
    'StackValidationFailed': ('ValidationError', 400),
    'ImmutableParameterModified': ('ValidationError', 400),
    'InvalidRequest': ('ValidationError', 400),
    'ResourceNotFound': ('ValidationError', 400),
    'NotFound': ('ValidationError', 400),
    'NotSupported': ('ValidationError', 400),
    'ExportInUse': ('ValidationError', 400),
    'ExportNotFound': ('ValidationError', 400),
    'SignalRefused': ('ValidationError', 400),
    'Forbidden': ('AccessDenied', 403),
    'ChangeSetNotFound': ('ChangeSetNotFound', 404),
    'ChangeSetNotFoundException': ('ChangeSetNotFound', 404),
    'AlreadyExistsException': ('AlreadyExistsException', 400),
    'InvalidChangeSetStatus': ('InvalidChangeSetStatus', 400),
    'InsufficientCapabilitiesException': ('InsufficientCapabilitiesException', 400),
    'TokenAlreadyExistsException': ('TokenAlreadyExistsException', 400),
    'LimitExceededException': ('LimitExceededException', 400),
}


def from_heat(exc, stack_name: str | None = None) -> CfnError:
    """The CloudFormation error for an engine error (``HeatError``)."""
    code = getattr(exc, 'code', type(exc).__name__)
    if code == 'EntityNotFound' or (code == 'NotFound' and 'Stack' in str(exc)
                                    and stack_name is not None):
        return does_not_exist(stack_name if stack_name is not None else '')
    if (getattr(exc, 'http_status', 400) or 400) >= 500:
        return CfnError('InternalFailure', str(exc), 500, sender=False)
    cfn_code, status = _CODES.get(code, ('ValidationError', 400))
    return CfnError(cfn_code, str(exc), status)
