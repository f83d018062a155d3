"""The simulated cloud's tables, in Heat's own database (migration
``0005_cloud_sim``), so that its objects outlive the process that made them.

``sim_object`` holds every object a request created (servers, volumes,
ports, ...) as its openstacksdk-style body; the built-in catalogue
(flavors, images, the ``private`` network, ...) is not stored.
``sim_fault`` holds the faults injected through the test API.
"""

from __future__ import annotations

import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from heat_core.db.models import Base, utcnow


class SimObject(Base):
    """One live object of the simulated cloud."""
    __tablename__ = 'sim_object'
    # insertion order: listings come back in the order objects were made
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    id: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(255))
    body: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index('ix_sim_object_kind_id', 'kind', 'id', unique=True),)


class SimFault(Base):
    """A fault to inject: the ``nth`` call of ``operation`` (counted from
    the injection) and the ``times - 1`` after it get ``effect``."""
    __tablename__ = 'sim_fault'
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    operation: Mapped[str] = mapped_column(String(64), index=True)
    effect: Mapped[str] = mapped_column(String(16))
    message: Mapped[str | None] = mapped_column(Text)
    nth: Mapped[int] = mapped_column(Integer, default=1)
    times: Mapped[int | None] = mapped_column(Integer)      # None: every call from nth on
    seen: Mapped[int] = mapped_column(Integer, default=0)   # calls counted so far
    fired: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, default=utcnow)
