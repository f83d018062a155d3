"""Nested stacks and cross-stack exports (Fn::ImportValue)."""


class NestedMixin:
    """Calls of :class:`~heat_core.engine.service.EngineService` (see the module doc)."""
