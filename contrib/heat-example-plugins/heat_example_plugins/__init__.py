"""Example third-party plugins for Heat.

Everything here uses only Heat's public plugin interfaces: the
``heat.functions`` and ``heat.resources`` entry point namespaces, the
:class:`~heat_core.template.functions.Function` base class and the
:class:`~heat_core.resources.resource.Resource` base class with its
schemas.
"""
