"""OS::Heat::None."""

from heat_core.resources.resource import Resource, SupportStatus


class NoneResource(Resource):
    """Accepts any properties and does nothing.

    Map a type to it in an environment's resource_registry to disable that
    resource without editing the template; every attribute is None. It is
    never replaced on update, whatever its properties become.
    """
    support_status = SupportStatus(version='5.0.0')
    accepts_any_properties = True

    def handle_create(self):
        self.resource_id_set(self.physical_resource_name())

    def handle_update(self, new_definition, prop_diff):
        return None

    def needs_replacement(self, new_definition, new_props) -> bool:
        return self.needs_replace
