"""client request tokens (CloudFormation's ClientRequestToken)

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'client_request',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('tenant', sa.String(length=64), nullable=False),
        sa.Column('action', sa.String(length=64), nullable=False),
        sa.Column('token', sa.String(length=128), nullable=False),
        sa.Column('stack_id', sa.String(length=36), nullable=False),
        sa.Column('result', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['stack_id'], ['stack.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('client_request', schema=None) as batch_op:
        batch_op.create_index('ix_client_request_token', ['tenant', 'action', 'token'],
                              unique=True)


def downgrade():
    op.drop_table('client_request')
