"""exports and imports between stacks

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'export',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('stack_id', sa.String(length=36), nullable=False),
        sa.Column('tenant', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('value', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['stack_id'], ['stack.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_stack_id'), ['stack_id'], unique=False)
        batch_op.create_index('ix_export_tenant_name', ['tenant', 'name'], unique=True)

    op.create_table(
        'stack_import',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('stack_id', sa.String(length=36), nullable=False),
        sa.Column('tenant', sa.String(length=64), nullable=False),
        sa.Column('export_name', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['stack_id'], ['stack.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('stack_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stack_import_stack_id'), ['stack_id'],
                              unique=False)
        batch_op.create_index('ix_stack_import_stack_export', ['stack_id', 'export_name'],
                              unique=True)
        batch_op.create_index('ix_stack_import_tenant_export', ['tenant', 'export_name'],
                              unique=False)


def downgrade():
    op.drop_table('stack_import')
    op.drop_table('export')
