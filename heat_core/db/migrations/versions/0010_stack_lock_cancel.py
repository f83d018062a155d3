"""stack_lock.cancel: a cancel request for the operation holding the lock

(``rollback`` or ``no_rollback``; set by ``cancel_update`` in any engine
process, read by the engine running the update between resource steps.
It goes away with the lock when the operation ends.)

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stack_lock', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancel', sa.String(16), nullable=True))


def downgrade():
    with op.batch_alter_table('stack_lock', schema=None) as batch_op:
        batch_op.drop_column('cancel')
