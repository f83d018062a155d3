"""OS::Heat::SoftwareConfig and OS::Heat::StructuredConfig: a software
config recorded as the REST API's ``/software_configs`` are, so servers
and deployments can name it."""

from heat_core.constraints import AllowedValues
from heat_core.engine import service_software as software
from heat_core.resources.resource import Resource, SupportStatus
from heat_core.resources.schema import ANY, BOOLEAN, LIST, MAP, STRING, Attribute, Schema

_INPUT = {
    'name': Schema(STRING, 'Name of the input.', required=True),
    'description': Schema(STRING, 'Description of the input.'),
    'type': Schema(STRING, 'Type of the value of the input.', default='String',
                   constraints=[AllowedValues(list(software.IO_TYPES))]),
    'default': Schema(ANY, 'Default value for the input if none is specified.'),
    'replace_on_change': Schema(BOOLEAN, 'Replace the deployment instead of updating it '
                                'when the input value changes.', default=False),
}

_OUTPUT = {
    'name': Schema(STRING, 'Name of the output.', required=True),
    'description': Schema(STRING, 'Description of the output.'),
    'type': Schema(STRING, 'Type of the value of the output.', default='String',
                   constraints=[AllowedValues(list(software.IO_TYPES))]),
    'error_output': Schema(BOOLEAN, 'Denotes that the deployment is in an error state if '
                           'this output has a value.', default=False),
}


class SoftwareConfig(Resource):
    """A configuration script or data for a server to run.

    ``group`` names the tool that runs it (``script``, ``puppet``,
    ``ansible`` ...); ``inputs`` and ``outputs`` declare what a deployment
    passes in and gets back.  The config is immutable: any change makes a
    new one.  Its reference is the config's id.
    """

    support_status = SupportStatus(version='2014.1')

    properties_schema = {
        'group': Schema(STRING, 'Namespace to group this software config by when delivered '
                        'to a server; the configuration tool that runs it.',
                        default='Heat::Ungrouped'),
        'config': Schema(STRING, 'Configuration script or manifest which specifies what '
                         'actual configuration is performed.'),
        'options': Schema(MAP, 'Map containing options specific to the configuration '
                          'management tool used by this resource.'),
        'inputs': Schema(LIST, 'Schema representing the inputs that this software config '
                         'is expecting.', schema=_INPUT),
        'outputs': Schema(LIST, 'Schema representing the outputs that this software config '
                          'will produce.', schema=_OUTPUT),
    }

    attributes_schema = {
        'config': Attribute('The config value of the software config.'),
    }

    def handle_create(self):
        # the id is chosen first, so a create run again finds what it made
        config_id = self.data.get('config_id')
        if config_id is None:
            from heat_core.db.models import new_id
            config_id = new_id()
            self.data_set('config_id', config_id)
        props = self.properties
        software.store_config(self.stack.store, self.stack.tenant,
                              name=self.physical_resource_name(), group=props.get('group'),
                              config=props.get('config'),
                              inputs=props.get('inputs'), outputs=props.get('outputs'),
                              options=props.get('options'), config_id=config_id,
                              check_limit=False)
        self.resource_id_set(config_id)

    def handle_delete(self):
        if self.resource_id is not None:
            software.remove_config(self.stack.store, self.stack.tenant, self.resource_id)

    def resolve_attribute(self, name):
        if name == 'config':
            return self.properties.get('config')
        return None


class StructuredConfig(SoftwareConfig):
    """A software config whose ``config`` is a map (for configuration tools
    that take structured data rather than a script)."""

    properties_schema = dict(SoftwareConfig.properties_schema, config=Schema(
        MAP, 'Map representing the configuration data structure which will be '
             'serialized to JSON format.'))
