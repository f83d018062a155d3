"""Other stack actions: preview, suspend, resume, check, abandon, adopt, export
and resource signals."""


class LifecycleMixin:
    """Calls of :class:`~heat_core.engine.service.EngineService` (see the module doc)."""
