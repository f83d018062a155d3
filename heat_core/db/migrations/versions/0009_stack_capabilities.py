"""stack.capabilities: the capabilities the create or update acknowledged

(CloudFormation's DescribeStacks answers those the request passed; NULL
for the stacks made before they were kept.)

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stack', schema=None) as batch_op:
        batch_op.add_column(sa.Column('capabilities', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('stack', schema=None) as batch_op:
        batch_op.drop_column('capabilities')
