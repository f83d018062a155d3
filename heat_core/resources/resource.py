"""The base class of every resource type plugin.

A type is declarative schemas plus a few small handlers, as in OpenStack
Heat's plugin API::

    class Value(Resource):
        '''A value that other resources and outputs can use.'''
        properties_schema = {'value': Schema(ANY, 'The value', required=True,
                                             update_allowed=True)}
        attributes_schema = {'value': Attribute('The value')}

        def handle_create(self):
            ...

The engine (state, events, retries, rollback) calls the handlers; runtime
hooks arrive with the engine.
"""

from __future__ import annotations

from typing import ClassVar

from heat_core.resources.schema import Attribute, Schema


class SupportStatus:
    SUPPORTED = 'SUPPORTED'
    DEPRECATED = 'DEPRECATED'
    UNSUPPORTED = 'UNSUPPORTED'
    HIDDEN = 'HIDDEN'


class Resource:
    """A resource type: schemas as data, behaviour in ``handle_*`` methods."""

    #: property name -> Schema
    properties_schema: ClassVar[dict[str, Schema]] = {}
    #: attribute name -> Attribute
    attributes_schema: ClassVar[dict[str, Attribute]] = {}
    #: SupportStatus value; HIDDEN types work but are never listed
    support_status: ClassVar[str] = SupportStatus.SUPPORTED
    #: accepts any property without a schema (OS::Heat::None)
    accepts_any_properties: ClassVar[bool] = False
    #: the type name it is registered under (set by the registry)
    type_name: ClassVar[str] = ''

    @classmethod
    def description(cls) -> str:
        doc = (cls.__doc__ or '').strip()
        return doc.split('\n\n')[0].replace('\n', ' ') if doc else ''

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        """Extra, type-specific template checks beyond the schema (e.g.
        two properties that exclude each other).  Record problems with
        ``ctx.issues.error(definition.key_path('properties') + (...), msg)``."""

    @classmethod
    def has_attribute(cls, name: str) -> bool:
        return cls.accepts_any_properties or name in cls.attributes_schema \
            or name in ('show', 'OS::stack_id')
