"""The base class of every resource type plugin.

A type is declarative schemas plus a few small handlers, as in OpenStack
Heat's plugin API::

    class Value(Resource):
        '''A value that other resources and outputs can use.'''
        support_status = SupportStatus(version='7.0.0')
        properties_schema = {'value': Schema(ANY, 'The value', required=True,
                                             update_allowed=True)}
        attributes_schema = {'value': Attribute('The value')}

        def handle_create(self):
            ...

Template-time rules beyond the schemas go in :meth:`Resource.validate_definition`.
The engine (state, events, retries, rollback) calls the handlers.
"""

from __future__ import annotations

import inspect
from typing import ClassVar

from heat_core.resources.runtime import ResourceRuntime
from heat_core.resources.schema import MAP, Attribute, Schema, SupportStatus, validate_properties

__all__ = ['Attribute', 'Resource', 'Schema', 'SupportStatus']


class Resource(ResourceRuntime):
    """A resource type: schemas as data, behaviour in ``handle_*`` methods
    (the run-time interface is documented in
    :mod:`heat_core.resources.runtime`)."""

    #: property name -> Schema
    properties_schema: ClassVar[dict[str, Schema]] = {}
    #: attribute name -> Attribute
    attributes_schema: ClassVar[dict[str, Attribute]] = {}
    #: attributes every resource has (Heat's ``base_attributes_schema``)
    base_attributes_schema: ClassVar[dict[str, Attribute]] = {
        'show': Attribute('Every detail of the resource, as its service shows it.', MAP),
    }
    #: update policy name -> Schema; None: the type does not check its
    #: update_policy section (types that honour one declare it)
    update_policy_schema: ClassVar[dict[str, Schema] | None] = None
    #: SupportStatus (compares equal to its status string); HIDDEN types
    #: work but are never listed
    support_status: ClassVar[SupportStatus] = SupportStatus()
    #: accepts any property without a schema (OS::Heat::None)
    accepts_any_properties: ClassVar[bool] = False
    #: the type name it is registered under (set by the registry)
    type_name: ClassVar[str] = ''

    @classmethod
    def description(cls) -> str:
        """The first paragraph of the docstring, on one line."""
        doc = (cls.__doc__ or '').strip()
        return doc.split('\n\n')[0].replace('\n', ' ') if doc else ''

    @classmethod
    def getdoc(cls) -> str:
        """The whole docstring (Heat's ``resource_schema`` description)."""
        if not cls.__doc__:
            return 'No description available'
        return inspect.cleandoc(cls.__doc__)

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        """Extra, type-specific template checks beyond the property schema
        (e.g. two properties that exclude each other).  Record problems with
        ``ctx.issues.error(definition.key_path('properties') + (...), msg)``.

        The property values were already checked against the schema and
        their function calls validated; ``ctx.scope`` resolves what is
        known statically.  Overrides should call ``super()``: the base
        checks the update policy against :attr:`update_policy_schema`."""
        cls.validate_update_policy(definition, ctx)

    @classmethod
    def validate_update_policy(cls, definition, ctx) -> None:
        """Check ``definition.update_policy`` against
        :attr:`update_policy_schema` (when the type declares one)."""
        schema = cls.update_policy_schema
        if schema is None or definition.update_policy is None:
            return
        validate_properties(schema, definition.update_policy,
                            definition.key_path('update_policy'), ctx,
                            functions=False, noun='update policy')

    @classmethod
    def has_attribute(cls, name: str) -> bool:
        """Whether ``Fn::GetAtt``/``get_attr`` may ask for ``name``."""
        return cls.accepts_any_properties or name in cls.attributes_schema \
            or name in cls.base_attributes_schema or name == 'OS::stack_id'
