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
    cfg.IntOpt('template_fetch_timeout', default=60, min=1,
               help='Seconds the engine may spend fetching a template from an '
                    'http(s) URL (the TemplateURL of AWS::CloudFormation::Stack); '
                    'a slower server fails the resource.'),
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
    cfg.IntOpt('max_software_configs_per_tenant', default=4096,
               help='Maximum number of software configs any one tenant may '
                    'have active at one time. -1 stands for unlimited.'),
    cfg.IntOpt('max_software_deployments_per_tenant', default=4096,
               help='Maximum number of software deployments any one tenant '
                    'may have active at one time. -1 stands for unlimited.'),
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
    cfg.StrOpt('price_table',
               help='YAML file of resource prices for template cost estimates '
                    '(EstimateTemplateCost). Its top-level keys and its entries '
                    'under "types" replace those of the built-in table '
                    '(heat_core/data/prices.yaml, which documents the format). '
                    'Unset: the built-in table alone.'),
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
    cfg.URIOpt('public_url', schemes=['http', 'https'],
               help='Base URL servers reach the CloudFormation API at '
                    '(scheme://host:port[/prefix]); wait condition handles '
                    'give pre-signed URLs under it ("/v1/waitcondition/..."). '
                    'Unset: http://<bind_host>:<bind_port>, with 127.0.0.1 for '
                    'a wildcard bind_host.'),
    cfg.ListOpt('template_dirs', default=[],
                help='Directories whose files a TemplateURL of the form file:///PATH may '
                     'name. Empty: file URLs are refused (the server reads no local '
                     'file for a client).'),
    cfg.IntOpt('page_size', default=100, min=1,
               help='Items per page of the paged Query API answers (ListStacks, '
                    'DescribeStacks, DescribeStackEvents, ListStackResources, ...); '
                    'NextToken gives the next page.'),
]

api_server_opts = [
    cfg.IntOpt('threads', default=8, min=1,
               help='Worker threads of the HTTP server that heat-api and heat-all '
                    'embed (requests served at once).'),
]

auth_opts = [
    cfg.StrOpt('strategy', default='embedded',
               choices=[('embedded', 'tokens, passwords and EC2 keys of the identity '
                                     'store in Heat\'s database (heat-manage bootstrap)'),
                        ('keystone', 'Keystone, through keystonemiddleware\'s auth_token '
                                     'filter configured in [keystone_authtoken]')],
               help='Who authenticates API requests.'),
    cfg.IntOpt('token_expiration', default=86400, min=60,
               help='Lifetime in seconds of the tokens the embedded identity store '
                    'issues.'),
]

ec2authtoken_opts = [
    cfg.StrOpt('auth_uri',
               help='Keystone URL the CloudFormation API asks to check the signatures '
                    'of its requests when [auth] strategy = keystone (POST '
                    '<auth_uri>/ec2tokens), e.g. http://keystone:5000/v3; a v2.0 URL '
                    'is read as v3.'),
    cfg.StrOpt('ca_file',
               help='CA certificates to verify Keystone\'s HTTPS certificate with.'),
    cfg.BoolOpt('insecure', default=False,
                help='Do not verify Keystone\'s HTTPS certificate.'),
    cfg.FloatOpt('timeout', default=10.0, min=0.1,
                 help='Seconds to wait for Keystone\'s answer to an ec2tokens request.'),
]

cloud_sim_opts = [
    cfg.DictOpt('latency', default={},
                help='Seconds each request of the simulated cloud takes, by '
                     'operation, e.g. "create_server:2,delete_volume:0.5". For '
                     'requests with a lifecycle (create_server, delete_server, '
                     'resize_server, confirm_server_resize, suspend_server, '
                     'resume_server, create_volume, delete_volume, extend_volume, '
                     'create_volume_attachment, delete_volume_attachment, '
                     'create_snapshot, delete_snapshot, create_backup, '
                     'delete_backup) it is the time the object spends in its '
                     'transitional status (BUILD, creating, deleting, ...); '
                     'other requests take that long to answer. Default 0.'),
    cfg.MultiStrOpt('faults', default=[],
                    help='Faults the simulated cloud injects, one per line: '
                         'OPERATION[#N][:EFFECT[:MESSAGE]]. Without #N every '
                         'call of OPERATION (e.g. create_server) is hit, with '
                         'it only the Nth. EFFECT: "fail" (the request is '
                         'refused with MESSAGE), "error" (accepted, but the '
                         'object ends in its error status, e.g. a server in '
                         'ERROR with MESSAGE as its fault) or "hang" (the '
                         'object stays in its transitional status).'),
    cfg.IntOpt('quota_instances', default=10,
               help='Servers the simulated project may have (-1: unlimited).'),
    cfg.IntOpt('quota_cores', default=20,
               help='vCPUs of all servers of the simulated project (-1: unlimited).'),
    cfg.IntOpt('quota_ram', default=51200,
               help='MB of RAM of all servers of the simulated project (-1: unlimited).'),
    cfg.IntOpt('quota_volumes', default=10,
               help='Volumes the simulated project may have (-1: unlimited).'),
    cfg.IntOpt('quota_gigabytes', default=1000,
               help='GB of all volumes and snapshots of the simulated project '
                    '(-1: unlimited).'),
    cfg.IntOpt('quota_snapshots', default=10,
               help='Volume snapshots the simulated project may have (-1: unlimited).'),
    cfg.IntOpt('quota_backups', default=10,
               help='Volume backups the simulated project may have (-1: unlimited).'),
    cfg.IntOpt('quota_floating_ips', default=50,
               help='Floating IPs the simulated project may have (-1: unlimited).'),
    cfg.IntOpt('quota_ports', default=500,
               help='Ports the simulated project may have (-1: unlimited).'),
    cfg.IntOpt('quota_networks', default=100,
               help='Networks the simulated project may have (-1: unlimited).'),
    cfg.IntOpt('quota_subnets', default=100,
               help='Subnets the simulated project may have (-1: unlimited).'),
    cfg.IntOpt('quota_routers', default=10,
               help='Routers the simulated project may have (-1: unlimited).'),
    cfg.IntOpt('quota_security_groups', default=10,
               help='Security groups the simulated project may create (-1: unlimited).'),
    cfg.IntOpt('quota_security_group_rules', default=100,
               help='Rules of the security groups the simulated project creates '
                    '(-1: unlimited).'),
    cfg.StrOpt('object_store_url', default='http://127.0.0.1:8080/v1/AUTH_sim',
               help='Account URL the simulated object storage reports (the '
                    'DomainName and WebsiteURL of buckets are made from it).'),
    cfg.BoolOpt('run_user_data', default=False,
                help='Run the user data of each simulated server once it is '
                     'ACTIVE, in a subprocess on the Heat host (a temporary '
                     'directory, HEAT_CLOUD_SIM=1, heat-cfntools on PATH), so '
                     'that cfn-signal reaches wait conditions as on a real '
                     'cloud. SECURITY: this executes code taken from templates '
                     'as the user Heat runs as, with its network access; only '
                     'for single-user development machines, never on a shared '
                     'or production service (docs/wait-conditions.md).'),
    cfg.IntOpt('user_data_timeout', default=300, min=1,
               help='Seconds the user data of a simulated server may run '
                    '(run_user_data); then its process group is killed.'),
]

cloud_openstack_opts = [
    cfg.StrOpt('cloud',
               help='Entry of clouds.yaml the "openstack" cloud backend connects '
                    'to (default_cloud = openstack). Unset: the OS_CLOUD '
                    'environment variable, else the OS_* environment '
                    '(OS_AUTH_URL, OS_USERNAME, ...).'),
    cfg.StrOpt('region_name',
               help='Region of that cloud resources are created in. Unset: '
                    'the region clouds.yaml or OS_REGION_NAME names.'),
]

GROUPS = (
    (None, default_opts),
    ('resources', resources_opts),
    ('database', database_opts),
    ('heat_api', api_opts),
    ('heat_api_cfn', api_cfn_opts),
    ('cloud_sim', cloud_sim_opts),
    ('heat_api', api_server_opts),
    ('auth', auth_opts),
    ('ec2authtoken', ec2authtoken_opts),
    ('cloud_openstack', cloud_openstack_opts),
)

for _group, _opts in GROUPS:
    CONF.register_opts(_opts, group=_group)


def stack_action_timeout_mins() -> float:
    """``stack_action_timeout`` (seconds) in minutes, the unit of a stack's
    timeout, exact to the second: the timeout of an action whose stack has
    none of its own."""
    return CONF.stack_action_timeout / 60


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
