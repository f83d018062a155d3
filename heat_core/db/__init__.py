"""Persistence: SQLAlchemy models, sessions and alembic migrations."""
