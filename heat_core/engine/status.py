"""Action and status words exactly as Heat and CloudFormation use them."""

INIT, CREATE, DELETE, UPDATE, ROLLBACK, SUSPEND, RESUME, CHECK, ADOPT, SNAPSHOT, RESTORE = (
    'INIT', 'CREATE', 'DELETE', 'UPDATE', 'ROLLBACK', 'SUSPEND', 'RESUME', 'CHECK', 'ADOPT',
    'SNAPSHOT', 'RESTORE')
IN_PROGRESS, COMPLETE, FAILED = 'IN_PROGRESS', 'COMPLETE', 'FAILED'

ACTIONS = (INIT, CREATE, DELETE, UPDATE, ROLLBACK, SUSPEND, RESUME, CHECK, ADOPT)
STATUSES = (IN_PROGRESS, COMPLETE, FAILED)


def word(action: str, status: str) -> str:
    """``CREATE`` + ``COMPLETE`` -> ``CREATE_COMPLETE``."""
    return '%s_%s' % (action, status)
