"""alembic environment: runs migrations on the engine handed over by
:func:`heat_core.db.api.db_sync`."""

from alembic import context

from heat_core.db.models import Base

config = context.config
engine = config.attributes['engine']

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == 'sqlite')
    with context.begin_transaction():
        context.run_migrations()
