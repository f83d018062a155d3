"""Stack updates: full and patch updates, their previews, update rollback, cancel update,
continue rollback and marking resources unhealthy."""


class UpdateMixin:
    """Calls of :class:`~heat_core.engine.service.EngineService` (see the module doc)."""
