"""Reading and writing the embedded identity store.

Every write is one short transaction; "ensure" calls are idempotent (they
return what exists, creating it if needed), so ``heat-manage bootstrap``
can be run again safely.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from heat_core.db import api as db
from heat_core.db.models import utcnow
from heat_core.identity import models as m
from heat_core.identity.passwords import hash_password, verify_password

PROJECT = m.Project.__table__
USER = m.User.__table__
ROLE = m.Role.__table__
ASSIGNMENT = m.Assignment.__table__
TOKEN = m.Token.__table__
EC2 = m.Ec2Credential.__table__

ADMIN_ROLE = 'admin'


@dataclass(frozen=True)
class Principal:
    """Who a token, password or EC2 key authenticates: a user in a project."""
    user_id: str
    user_name: str
    project_id: str
    project_name: str
    roles: tuple = ()
    expires_at: datetime.datetime | None = None

    @property
    def is_admin(self) -> bool:
        return ADMIN_ROLE in self.roles


def _new_id() -> str:
    return uuid.uuid4().hex


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode('utf-8')).hexdigest()


class IdentityStore:
    """Projects, users, roles, tokens and EC2 credentials in one database."""

    def __init__(self, url: str | None = None):
        self.engine = db.get_engine(url)

    # -- projects, users, roles -------------------------------------------------
    def _ensure(self, table, name: str, values: dict, new_id: str | None = None) -> dict:
        """The row named ``name``, inserted with ``values`` if missing."""
        for _ in range(2):
            with self.engine.connect() as c:
                row = c.execute(select(table).where(table.c.name == name)).mappings().first()
            if row is not None:
                return dict(row)
            try:
                with self.engine.begin() as c:
                    c.execute(insert(table).values(id=new_id or _new_id(), name=name,
                                                   **values))
            except IntegrityError:
                continue        # created concurrently: read it
        with self.engine.connect() as c:
            return dict(c.execute(select(table).where(table.c.name == name)).mappings().one())

    def ensure_project(self, name: str, description: str = '',
                       project_id: str | None = None) -> dict:
        """The project ``name``; a new one gets ``project_id`` (default: a
        new UUID).  An existing project keeps its id."""
        return self._ensure(PROJECT, name, dict(description=description, enabled=True,
                                                created_at=utcnow()), project_id)

    def ensure_role(self, name: str) -> dict:
        return self._ensure(ROLE, name, {})

    def ensure_user(self, name: str, password: str | None = None,
                    default_project_id: str | None = None) -> dict:
        """The user ``name``; a given ``password`` replaces the stored one."""
        row = self._ensure(USER, name, dict(
            password_hash=hash_password(password) if password is not None else None,
            default_project_id=default_project_id, enabled=True, created_at=utcnow()))
        changes = {}
        if password is not None and not verify_password(password, row['password_hash']):
            changes['password_hash'] = hash_password(password)
        if default_project_id and not row['default_project_id']:
            changes['default_project_id'] = default_project_id
        if changes:
            with self.engine.begin() as c:
                c.execute(update(USER).where(USER.c.id == row['id']).values(**changes))
            row.update(changes)
        return row

    def get_project(self, id_or_name: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(PROJECT).where(or_(
                PROJECT.c.id == id_or_name, PROJECT.c.name == id_or_name))).mappings().first()
        return dict(row) if row else None

    def grant(self, user_id: str, project_id: str, role_name: str) -> None:
        role = self.ensure_role(role_name)
        try:
            with self.engine.begin() as c:
                c.execute(insert(ASSIGNMENT).values(user_id=user_id, project_id=project_id,
                                                    role_id=role['id']))
        except IntegrityError:
            pass                # already granted

    def roles(self, user_id: str, project_id: str) -> list[str]:
        q = (select(ROLE.c.name).select_from(ASSIGNMENT.join(ROLE))
             .where(and_(ASSIGNMENT.c.user_id == user_id, ASSIGNMENT.c.project_id == project_id))
             .order_by(ROLE.c.name))
        with self.engine.connect() as c:
            return list(c.execute(q).scalars())

    # -- tokens -----------------------------------------------------------------
    def issue_token(self, user_id: str, project_id: str,
                    ttl: int | None = None) -> tuple[str, datetime.datetime]:
        """A new token for the user in the project, valid ``ttl`` seconds
        (``[auth] token_expiration``); expired tokens are purged."""
        if ttl is None:
            from heat_core.config import CONF
            ttl = CONF.auth.token_expiration
        # hex: a token is passed on command lines (--os-auth-token, --os-token),
        # where one starting with "-" (1 in 64 of URL-safe base64 ones) is
        # taken for an option
        token = secrets.token_hex(32)
        now = utcnow()
        expires = now + datetime.timedelta(seconds=ttl)
        with self.engine.begin() as c:
            c.execute(delete(TOKEN).where(TOKEN.c.expires_at < now))
            c.execute(insert(TOKEN).values(id=token_digest(token), user_id=user_id,
                                           project_id=project_id, issued_at=now,
                                           expires_at=expires))
        return token, expires

    def revoke_token(self, token: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(TOKEN).where(TOKEN.c.id == token_digest(token)))

    def validate_token(self, token: str) -> Principal | None:
        """The principal of a valid (known, unexpired, enabled) token, or None."""
        if not token:
            return None
        q = (select(TOKEN.c.user_id, TOKEN.c.project_id, TOKEN.c.expires_at,
                    USER.c.name.label('user_name'), PROJECT.c.name.label('project_name'))
             .select_from(TOKEN.join(USER, USER.c.id == TOKEN.c.user_id)
                          .join(PROJECT, PROJECT.c.id == TOKEN.c.project_id))
             .where(and_(TOKEN.c.id == token_digest(token), TOKEN.c.expires_at > utcnow(),
                         USER.c.enabled.is_(True), PROJECT.c.enabled.is_(True))))
        with self.engine.connect() as c:
            row = c.execute(q).mappings().first()
        if row is None:
            return None
        return Principal(row['user_id'], row['user_name'], row['project_id'],
                         row['project_name'], tuple(self.roles(row['user_id'],
                                                               row['project_id'])),
                         row['expires_at'])

    # -- passwords --------------------------------------------------------------
    def authenticate(self, user_name: str, password: str, project: str) -> Principal | None:
        """The principal of ``user_name`` in ``project`` (id or name) if the
        password matches and the user has a role there, else None."""
        with self.engine.connect() as c:
            user = c.execute(select(USER).where(and_(
                USER.c.name == user_name, USER.c.enabled.is_(True)))).mappings().first()
        proj = self.get_project(project) if project else None
        if user is None or not verify_password(password, user['password_hash']):
            return None
        if proj is None or not proj['enabled']:
            return None
        roles = self.roles(user['id'], proj['id'])
        if not roles:
            return None
        return Principal(user['id'], user['name'], proj['id'], proj['name'], tuple(roles))

    # -- EC2 credentials ---------------------------------------------------------
    def ec2_credential(self, user_id: str, project_id: str) -> tuple[str, str]:
        """The user's EC2 (access, secret) pair for the project, created once."""
        q = select(EC2.c.access, EC2.c.secret).where(and_(
            EC2.c.user_id == user_id, EC2.c.project_id == project_id)).order_by(
                EC2.c.created_at, EC2.c.access)
        with self.engine.connect() as c:
            row = c.execute(q).first()
        if row is not None:
            return row[0], row[1]
        access, secret = uuid.uuid4().hex, secrets.token_hex(16)
        with self.engine.begin() as c:
            c.execute(insert(EC2).values(access=access, secret=secret, user_id=user_id,
                                         project_id=project_id, created_at=utcnow()))
        return access, secret

    def find_ec2_credential(self, access: str) -> tuple[str, Principal] | None:
        """``(secret, principal)`` of an EC2 access key, or None."""
        q = (select(EC2.c.secret, EC2.c.user_id, EC2.c.project_id,
                    USER.c.name.label('user_name'), PROJECT.c.name.label('project_name'))
             .select_from(EC2.join(USER, USER.c.id == EC2.c.user_id)
                          .join(PROJECT, PROJECT.c.id == EC2.c.project_id))
             .where(and_(EC2.c.access == access, USER.c.enabled.is_(True),
                         PROJECT.c.enabled.is_(True))))
        with self.engine.connect() as c:
            row = c.execute(q).mappings().first()
        if row is None:
            return None
        return row['secret'], Principal(row['user_id'], row['user_name'], row['project_id'],
                                        row['project_name'],
                                        tuple(self.roles(row['user_id'], row['project_id'])))

    # -- bootstrap ----------------------------------------------------------------
    def bootstrap(self, project: str, user: str, password: str | None = None,
                  role: str = ADMIN_ROLE) -> dict:
        """Make sure ``user`` has ``role`` in ``project`` (creating them as
        needed) and hand out a fresh token and the user's EC2 key pair."""
        proj = self.ensure_project(project)
        usr = self.ensure_user(user, password, default_project_id=proj['id'])
        self.grant(usr['id'], proj['id'], role)
        token, _expires = self.issue_token(usr['id'], proj['id'])
        access, secret = self.ec2_credential(usr['id'], proj['id'])
        return {'project_id': proj['id'], 'token': token, 'ec2_access_key': access,
                'ec2_secret_key': secret}
