"""The identity tables (see :mod:`heat_core.identity`).

Tokens are stored as their SHA-256 digest, never in clear; passwords as
salted scrypt hashes (:mod:`heat_core.identity.passwords`).  EC2 secrets
are kept in clear because request signatures are HMACs of them.
"""

from __future__ import annotations

import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heat_core.db.models import Base, utcnow


class Project(Base):
    __tablename__ = 'identity_project'
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str] = mapped_column(Text, default='')
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    __tablename__ = 'identity_user'
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))   # None: tokens only
    default_project_id: Mapped[str | None] = mapped_column(
        ForeignKey('identity_project.id', ondelete='SET NULL'))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class Role(Base):
    __tablename__ = 'identity_role'
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)


class Assignment(Base):
    """A user has a role on a project."""
    __tablename__ = 'identity_assignment'
    user_id: Mapped[str] = mapped_column(
        ForeignKey('identity_user.id', ondelete='CASCADE'), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        ForeignKey('identity_project.id', ondelete='CASCADE'), primary_key=True)
    role_id: Mapped[str] = mapped_column(
        ForeignKey('identity_role.id', ondelete='CASCADE'), primary_key=True)


class Token(Base):
    """A project-scoped token, identified by the SHA-256 of its value."""
    __tablename__ = 'identity_token'
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        ForeignKey('identity_user.id', ondelete='CASCADE'), index=True)
    project_id: Mapped[str] = mapped_column(
        ForeignKey('identity_project.id', ondelete='CASCADE'))
    issued_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTime, index=True)


class Ec2Credential(Base):
    """An EC2-style access/secret key pair of a user in a project."""
    __tablename__ = 'identity_ec2_credential'
    access: Mapped[str] = mapped_column(String(64), primary_key=True)
    secret: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(
        ForeignKey('identity_user.id', ondelete='CASCADE'), index=True)
    project_id: Mapped[str] = mapped_column(
        ForeignKey('identity_project.id', ondelete='CASCADE'))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
