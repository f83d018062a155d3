"""The tables that are the engine's source of truth.

Every stack or resource state change is one short transaction that also
writes one event row (see :mod:`heat_core.db.api`).
"""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    pass


class RawTemplate(Base):
    """A template as submitted, with its files and environment."""
    __tablename__ = 'raw_template'
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    template: Mapped[str] = mapped_column(Text)            # the text as submitted
    template_name: Mapped[str | None] = mapped_column(String(255))
    files: Mapped[dict] = mapped_column(JSON, default=dict)
    environment: Mapped[list] = mapped_column(JSON, default=list)   # [(text, name)]
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class Stack(Base):
    __tablename__ = 'stack'
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(255))
    tenant: Mapped[str] = mapped_column(String(64))
    username: Mapped[str | None] = mapped_column(String(256))
    raw_template_id: Mapped[int] = mapped_column(ForeignKey('raw_template.id'))
    prev_raw_template_id: Mapped[int | None] = mapped_column(ForeignKey('raw_template.id'))
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)   # user-supplied values
    # the user-supplied values of prev_raw_template (what an update rolls back to)
    prev_parameters: Mapped[dict | None] = mapped_column(JSON)
    action: Mapped[str] = mapped_column(String(32), default='INIT')
    status: Mapped[str] = mapped_column(String(32), default='COMPLETE')
    status_reason: Mapped[str] = mapped_column(Text, default='')
    disable_rollback: Mapped[bool] = mapped_column(Boolean, default=False)
    on_failure: Mapped[str | None] = mapped_column(String(16))
    timeout: Mapped[int | None] = mapped_column(Integer)          # minutes
    tags: Mapped[list] = mapped_column(JSON, default=list)
    # what the create/update acknowledged (CloudFormation's Capabilities);
    # None: not given (or a stack from before they were kept)
    capabilities: Mapped[list | None] = mapped_column(JSON, nullable=True)
    owner_id: Mapped[str | None] = mapped_column(String(36), index=True)   # parent stack
    nested_depth: Mapped[int] = mapped_column(Integer, default=0)
    outputs: Mapped[dict] = mapped_column(JSON, default=dict)      # resolved outputs
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)
    deleted_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index('ix_stack_tenant_name', 'tenant', 'name'),)


class Resource(Base):
    __tablename__ = 'resource'
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), default=new_id, unique=True)
    stack_id: Mapped[str] = mapped_column(ForeignKey('stack.id', ondelete='CASCADE'),
                                          index=True)
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(255))
    physical_resource_id: Mapped[str | None] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(32), default='INIT')
    status: Mapped[str] = mapped_column(String(32), default='COMPLETE')
    status_reason: Mapped[str] = mapped_column(Text, default='')
    properties_data: Mapped[dict | None] = mapped_column(JSON)
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    rsrc_metadata: Mapped[dict | None] = mapped_column(JSON)
    data: Mapped[dict] = mapped_column(JSON, default=dict)        # handler-private state
    needs_replace: Mapped[bool] = mapped_column(Boolean, default=False)
    replaces: Mapped[int | None] = mapped_column(Integer)
    replaced_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)


class Event(Base):
    __tablename__ = 'event'
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[str] = mapped_column(String(36), default=new_id, unique=True)
    stack_id: Mapped[str] = mapped_column(ForeignKey('stack.id', ondelete='CASCADE'),
                                          index=True)
    resource_name: Mapped[str] = mapped_column(String(255))
    physical_resource_id: Mapped[str | None] = mapped_column(String(255))
    resource_type: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default='')
    properties: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class StackLock(Base):
    """Who may operate on a stack; the holder's heartbeat is in Engine."""
    __tablename__ = 'stack_lock'
    stack_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    engine_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    #: a cancel request for the operation holding the lock, from any engine
    #: (``rollback`` / ``no_rollback``); it ends with the lock
    cancel: Mapped[str | None] = mapped_column(String(16), nullable=True)


class Engine(Base):
    """A running engine and its heartbeat."""
    __tablename__ = 'engine'
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    heartbeat_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class Export(Base):
    """An output a stack exports (``Export: {Name: ...}``), for
    ``Fn::ImportValue`` in other stacks of the tenant; names are unique per
    tenant."""
    __tablename__ = 'export'
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    stack_id: Mapped[str] = mapped_column(ForeignKey('stack.id', ondelete='CASCADE'),
                                          index=True)
    tenant: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    value: Mapped[object] = mapped_column(JSON, nullable=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index('ix_export_tenant_name', 'tenant', 'name', unique=True),)


class StackImport(Base):
    """A stack that imports another stack's export (which may then not be
    deleted or changed)."""
    __tablename__ = 'stack_import'
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    stack_id: Mapped[str] = mapped_column(ForeignKey('stack.id', ondelete='CASCADE'),
                                          index=True)
    tenant: Mapped[str] = mapped_column(String(64))
    export_name: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index('ix_stack_import_stack_export', 'stack_id', 'export_name',
                            unique=True),
                      Index('ix_stack_import_tenant_export', 'tenant', 'export_name'))


class ChangeSet(Base):
    """A CloudFormation change set: a template and parameters proposed for a
    stack, with the changes executing them would make (``changes``, computed
    when the change set is created).  A change set of type CREATE belongs to
    a stack in REVIEW_IN_PROGRESS that has no resources yet."""
    __tablename__ = 'change_set'
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(128))
    stack_id: Mapped[str] = mapped_column(ForeignKey('stack.id', ondelete='CASCADE'))
    tenant: Mapped[str] = mapped_column(String(64))
    change_set_type: Mapped[str] = mapped_column(String(16))      # CREATE | UPDATE
    raw_template_id: Mapped[int] = mapped_column(ForeignKey('raw_template.id'))
    # the stack's template when the changes were computed: once the stack
    # has another one, the change set is OBSOLETE
    stack_template_id: Mapped[int | None] = mapped_column(Integer)
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)   # user-supplied values
    description: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list] = mapped_column(JSON, default=list)
    capabilities: Mapped[list] = mapped_column(JSON, default=list)
    client_token: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(32))
    status_reason: Mapped[str] = mapped_column(Text, default='')
    execution_status: Mapped[str] = mapped_column(String(32))
    changes: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    executed_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index('ix_change_set_stack_name', 'stack_id', 'name', unique=True),
                      Index('ix_change_set_tenant', 'tenant'))


class SoftwareConfig(Base):
    """A software config (``/software_configs``): what a server should run,
    immutable once created.  ``config`` holds Heat's inner document:
    ``{"config": ..., "inputs": [...], "outputs": [...], "options": {...}}``."""
    __tablename__ = 'software_config'
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str | None] = mapped_column(String(255))
    group: Mapped[str | None] = mapped_column(String(255))
    config: Mapped[dict] = mapped_column(JSON, default=dict)
    tenant: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)


class SoftwareDeployment(Base):
    """A software config deployed to a server, with the state and outputs the
    server's agent reports back (``/software_deployments``)."""
    __tablename__ = 'software_deployment'
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    config_id: Mapped[str] = mapped_column(ForeignKey('software_config.id'), index=True)
    server_id: Mapped[str] = mapped_column(String(255), index=True)
    input_values: Mapped[dict | None] = mapped_column(JSON)
    output_values: Mapped[dict | None] = mapped_column(JSON)
    action: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str | None] = mapped_column(String(255))
    status_reason: Mapped[str | None] = mapped_column(Text)
    tenant: Mapped[str] = mapped_column(String(64), index=True)
    stack_user_project_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(DateTime)


class ClientRequest(Base):
    """A request a client named with a ClientRequestToken (CloudFormation's
    CreateStack, UpdateStack): a retry with the same token is answered with
    the first one's result instead of being carried out again."""
    __tablename__ = 'client_request'
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    token: Mapped[str] = mapped_column(String(128))
    stack_id: Mapped[str] = mapped_column(ForeignKey('stack.id', ondelete='CASCADE'))
    result: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index('ix_client_request_token', 'tenant', 'action', 'token',
                            unique=True),)
