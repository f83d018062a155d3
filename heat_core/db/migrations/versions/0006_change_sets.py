"""CloudFormation change sets

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'change_set',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=128), nullable=False),
        sa.Column('stack_id', sa.String(length=36), nullable=False),
        sa.Column('tenant', sa.String(length=64), nullable=False),
        sa.Column('change_set_type', sa.String(length=16), nullable=False),
        sa.Column('raw_template_id', sa.Integer(), nullable=False),
        sa.Column('stack_template_id', sa.Integer(), nullable=True),
        sa.Column('parameters', sa.JSON(), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('tags', sa.JSON(), nullable=False),
        sa.Column('capabilities', sa.JSON(), nullable=False),
        sa.Column('client_token', sa.String(length=128), nullable=True),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('status_reason', sa.Text(), nullable=False),
        sa.Column('execution_status', sa.String(length=32), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('executed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['raw_template_id'], ['raw_template.id'], ),
        sa.ForeignKeyConstraint(['stack_id'], ['stack.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('change_set', schema=None) as batch_op:
        batch_op.create_index('ix_change_set_stack_name', ['stack_id', 'name'],
                              unique=True)
        batch_op.create_index('ix_change_set_tenant', ['tenant'], unique=False)


def downgrade():
    op.drop_table('change_set')
