"""Heat core: template language, engine, persistence and plugin interfaces."""

__version__ = "0.1.0"
