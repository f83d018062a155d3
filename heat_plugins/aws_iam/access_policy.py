"""OS::Heat::AccessPolicy (see the package docstring)."""

from __future__ import annotations

from heat_core.resources.resource import Resource
from heat_core.resources.runtime import ResourceFailure
from heat_core.resources.schema import LIST, STRING, Schema
from heat_core.template import functions as fn


class AccessPolicy(Resource):
    """Which resources of the stack the keys of a user may access.

    A User lists this resource in its Policies; AllowedResources are names
    of resources of the same stack.
    """

    properties_schema = {
        'AllowedResources': Schema(LIST, 'Resources that users are allowed to access by the '
                                   'DescribeStackResource API.', required=True,
                                   schema=Schema(STRING)),
    }

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = definition.properties
        allowed = props.get('AllowedResources') if isinstance(props, dict) else None
        allowed = fn.try_resolve(allowed, ctx.scope, None)
        for i, name in enumerate(allowed if isinstance(allowed, list) else ()):
            if isinstance(name, str) and name not in ctx.template.resources:
                ctx.issues.error(definition.key_path('properties') + ('AllowedResources', i),
                                 'The Resource (%s) could not be found in the template.' % name)

    def handle_create(self):
        for name in self.properties.get('AllowedResources') or ():
            if name not in self.stack.resources:
                raise ResourceFailure('The Resource (%s) could not be found in Stack %s.'
                                      % (name, self.stack.name))

    def access_allowed(self, resource_name: str) -> bool:
        """Whether ``resource_name`` is one of the allowed resources."""
        return resource_name in (self.properties.get('AllowedResources') or ())
