"""OS::Heat::None."""

from heat_core.resources.resource import Resource


class NoneResource(Resource):
    """Accepts any properties and does nothing.

    Map a type to it in an environment's resource_registry to disable that
    resource without editing the template; every attribute is None.
    """
    accepts_any_properties = True
