"""stack.prev_parameters: the parameters an update rolls back to

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stack', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_parameters', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('stack', schema=None) as batch_op:
        batch_op.drop_column('prev_parameters')
