"""Action and status words exactly as Heat and CloudFormation use them."""

INIT, CREATE, DELETE, UPDATE, ROLLBACK, SUSPEND, RESUME, CHECK, ADOPT, SNAPSHOT, RESTORE = (
    'INIT', 'CREATE', 'DELETE', 'UPDATE', 'ROLLBACK', 'SUSPEND', 'RESUME', 'CHECK', 'ADOPT',
    'SNAPSHOT', 'RESTORE')
IN_PROGRESS, COMPLETE, FAILED = 'IN_PROGRESS', 'COMPLETE', 'FAILED'
#: CloudFormation's REVIEW_IN_PROGRESS: a stack a change set of type CREATE
#: made, with no resources until the change set is executed
REVIEW = 'REVIEW'

ACTIONS = (INIT, CREATE, DELETE, UPDATE, ROLLBACK, SUSPEND, RESUME, CHECK, ADOPT)
STATUSES = (IN_PROGRESS, COMPLETE, FAILED)


def word(action: str, status: str) -> str:
    """``CREATE`` + ``COMPLETE`` -> ``CREATE_COMPLETE``."""
    return '%s_%s' % (action, status)
