"""Every configuration option Heat reads, registered with oslo.config.

Option names follow OpenStack Heat's where Heat has one, so an operator's
existing ``heat.conf`` keeps its meaning.  ``list_opts`` feeds
oslo-config-generator (``tox -e genconfig``) which writes
``etc/heat/heat.conf.sample``.
"""

from __future__ import annotations

from oslo_config import cfg

CONF = cfg.CONF

default_opts = [
    cfg.IntOpt('max_template_size', default=524288, min=1,
               help='Maximum raw byte size of any template.'),
    cfg.IntOpt('max_resources_per_stack', default=1000,
               help='Maximum resources allowed per top-level stack. '
                    '-1 stands for unlimited.'),
    cfg.IntOpt('max_nested_stack_depth', default=5, min=1,
               help='Maximum depth allowed when using nested stacks.'),
    cfg.IntOpt('max_json_body_size', default=1048576, min=1,
               help='Maximum raw byte size of a JSON request body.'),
    cfg.IntOpt('max_stacks_per_tenant', default=512,
               help='Maximum number of stacks any one tenant may have '
                    'active at one time. -1 stands for unlimited.'),
    cfg.IntOpt('max_events_per_stack', default=1000,
               help='Rough number of events kept per stack; the oldest '
                    'are purged beyond it. 0 stands for unlimited.'),
    cfg.IntOpt('event_purge_batch_size', default=200, min=1,
               help='Number of events purged at once when a stack has '
                    'more than max_events_per_stack.'),
    cfg.IntOpt('stack_action_timeout', default=3600,
               help='Timeout in seconds for stack action (create, update, ...).'),
    cfg.StrOpt('environment_dir', default='/etc/heat/environment.d',
               help='Directory of global environment files, merged in '
                    'alphabetical order after the built-in defaults. '
                    'A missing directory is ignored.'),
    cfg.StrOpt('region_name_for_services', default='RegionOne',
               help='Region name of this cloud: the value of AWS::Region and '
                    'OS::region and the region signed requests must name.'),
    cfg.StrOpt('default_cloud', default='sim',
               help='Cloud backend (heat.clouds entry point) resources are '
                    'created in: "sim" (the embedded simulated cloud) or '
                    '"openstack".'),
]

resources_opts = [
    cfg.ListOpt('enabled_types', default=['*'],
                help='Glob patterns of the resource types that exist, e.g. '
                     '"AWS::*,OS::Heat::*". A type must match one of these '
                     'and none of disabled_types.'),
    cfg.ListOpt('disabled_types', default=[],
                help='Glob patterns of resource types the operator disables, '
                     'e.g. "AWS::IAM::*". Templates using them are refused '
                     'at validation.'),
]

database_opts = [
    cfg.StrOpt('connection', secret=True,
               help='SQLAlchemy URL of the database. Default: a SQLite file '
                    'under $XDG_DATA_HOME/heat/.'),
]

api_opts = [
    cfg.HostAddressOpt('bind_host', default='127.0.0.1',
                       help='Address to bind the server to.'),
    cfg.PortOpt('bind_port', default=8004, help='Port the server listens on.'),
]

api_cfn_opts = [
    cfg.HostAddressOpt('bind_host', default='127.0.0.1',
                       help='Address to bind the server to.'),
    cfg.PortOpt('bind_port', default=8000, help='Port the server listens on.'),
]

GROUPS = (
    (None, default_opts),
    ('resources', resources_opts),
    ('database', database_opts),
    ('heat_api', api_opts),
    ('heat_api_cfn', api_cfn_opts),
)

for _group, _opts in GROUPS:
    CONF.register_opts(_opts, group=_group)


def list_opts():
    """Options for oslo-config-generator (entry point ``heat.config``)."""
    return [('DEFAULT' if group is None else group, opts) for group, opts in GROUPS]


def load(args: list[str] | None = None, config_files: list[str] | None = None) -> cfg.ConfigOpts:
    """Parse configuration with built-in defaults for every option.

    Without ``config_files`` no file is required to exist: Heat runs on
    defaults alone.
    """
    CONF([] if args is None else args, project='heat',
         default_config_files=config_files or [], default_config_dirs=[])
    return CONF
