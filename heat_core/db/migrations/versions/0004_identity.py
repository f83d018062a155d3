"""identity: projects, users, roles, assignments, tokens, EC2 credentials

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'identity_project',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'identity_role',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'identity_user',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=True),
        sa.Column('default_project_id', sa.String(length=64), nullable=True),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['default_project_id'], ['identity_project.id'],
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'identity_assignment',
        sa.Column('user_id', sa.String(length=64), nullable=False),
        sa.Column('project_id', sa.String(length=64), nullable=False),
        sa.Column('role_id', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['identity_project.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['role_id'], ['identity_role.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['identity_user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'project_id', 'role_id'),
    )
    op.create_table(
        'identity_token',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.String(length=64), nullable=False),
        sa.Column('project_id', sa.String(length=64), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['identity_project.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['identity_user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_identity_token_user_id', 'identity_token', ['user_id'])
    op.create_index('ix_identity_token_expires_at', 'identity_token', ['expires_at'])
    op.create_table(
        'identity_ec2_credential',
        sa.Column('access', sa.String(length=64), nullable=False),
        sa.Column('secret', sa.String(length=255), nullable=False),
        sa.Column('user_id', sa.String(length=64), nullable=False),
        sa.Column('project_id', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['identity_project.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['identity_user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('access'),
    )
    op.create_index('ix_identity_ec2_credential_user_id', 'identity_ec2_credential',
                    ['user_id'])


def downgrade():
    op.drop_table('identity_ec2_credential')
    op.drop_table('identity_token')
    op.drop_table('identity_assignment')
    op.drop_table('identity_user')
    op.drop_table('identity_role')
    op.drop_table('identity_project')
