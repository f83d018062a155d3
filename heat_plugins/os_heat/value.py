"""OS::Heat::Value: a value computed from parameters and other resources."""

from heat_core.constraints import AllowedValues
from heat_core.errors import Unresolved
from heat_core.resources import schema as sch
from heat_core.resources.resource import Resource, SupportStatus
from heat_core.resources.schema import ANY, STRING, Attribute, Schema
from heat_core.template import functions as fn

#: HOT parameter types and the property type a value of each must have
VALUE_TYPES = {
    'string': sch.STRING,
    'number': sch.NUMBER,
    'comma_delimited_list': sch.LIST,
    'json': sch.MAP,
    'boolean': sch.BOOLEAN,
}


class Value(Resource):
    """Exposes its value property as its value attribute.

    Useful to compute a value once (from parameters, attributes of other
    resources, functions) and use it in several places; ``type`` checks the
    value's type.
    """

    support_status = SupportStatus(version='7.0.0')

    properties_schema = {
        'value': Schema(ANY, 'The value the value attribute gives.', required=True,
                        update_allowed=True),
        'type': Schema(STRING, 'The type the value must have (a HOT parameter type).',
                       constraints=[AllowedValues(list(VALUE_TYPES))], update_allowed=True),
    }

    attributes_schema = {
        'value': Attribute('The value property, of the declared type.'),
    }

    _typed = {name: Schema(t, required=True, update_allowed=True)
              for name, t in VALUE_TYPES.items()}

    @classmethod
    def validate_definition(cls, definition, ctx) -> None:
        super().validate_definition(definition, ctx)
        props = definition.properties
        if not isinstance(props, dict) or 'value' not in props:
            return
        declared = fn.try_resolve(props.get('type'), ctx.scope)
        schema = cls._typed.get(declared) if isinstance(declared, str) else None
        if schema is None:
            return  # no type, or a bad one (reported by the schema check)
        value = props['value']
        if isinstance(value, fn.Function):
            value = fn.try_resolve(value, ctx.scope)
        if value is Unresolved or value is fn.NO_VALUE or value is None:
            return
        # Only the outer type matters: a map or list is one whatever calls
        # it holds.
        _, problem = sch.coerce(schema, value)
        if problem:
            ctx.issues.error(definition.key_path('properties') + ('value',),
                             '%s (type is "%s")' % (problem, declared))

    def handle_create(self):
        self.resource_id_set(self.physical_resource_name())

    def handle_update(self, new_definition, prop_diff):
        return None

    def resolve_attribute(self, name):
        if name != 'value':
            return None
        value = self.properties.get('value')
        declared = self.properties.get('type')
        schema = self._typed.get(declared) if declared else None
        if schema is not None:
            value, _problem = sch.coerce(schema, value)
        return value
