"""software configs and deployments

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'software_config',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('group', sa.String(length=255), nullable=True),
        sa.Column('config', sa.JSON(), nullable=False),
        sa.Column('tenant', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('software_config', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_software_config_tenant'), ['tenant'],
                              unique=False)

    op.create_table(
        'software_deployment',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('config_id', sa.String(length=36), nullable=False),
        sa.Column('server_id', sa.String(length=255), nullable=False),
        sa.Column('input_values', sa.JSON(), nullable=True),
        sa.Column('output_values', sa.JSON(), nullable=True),
        sa.Column('action', sa.String(length=255), nullable=True),
        sa.Column('status', sa.String(length=255), nullable=True),
        sa.Column('status_reason', sa.Text(), nullable=True),
        sa.Column('tenant', sa.String(length=64), nullable=False),
        sa.Column('stack_user_project_id', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['config_id'], ['software_config.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('software_deployment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_software_deployment_config_id'), ['config_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_software_deployment_server_id'), ['server_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_software_deployment_tenant'), ['tenant'],
                              unique=False)


def downgrade():
    op.drop_table('software_deployment')
    op.drop_table('software_config')
