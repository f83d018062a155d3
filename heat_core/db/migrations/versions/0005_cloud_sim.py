"""the simulated cloud's objects and injected faults

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sim_object',
        sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('id', sa.String(length=255), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('seq'),
    )
    with op.batch_alter_table('sim_object', schema=None) as batch_op:
        batch_op.create_index('ix_sim_object_kind_id', ['kind', 'id'], unique=True)

    op.create_table(
        'sim_fault',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('operation', sa.String(length=64), nullable=False),
        sa.Column('effect', sa.String(length=16), nullable=False),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('nth', sa.Integer(), nullable=False),
        sa.Column('times', sa.Integer(), nullable=True),
        sa.Column('seen', sa.Integer(), nullable=False),
        sa.Column('fired', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('sim_fault', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sim_fault_operation'), ['operation'],
                              unique=False)


def downgrade():
    op.drop_table('sim_fault')
    op.drop_table('sim_object')
