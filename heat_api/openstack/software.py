"""Software configs and deployments: ``/software_configs[/{config_id}]``,
``/software_deployments[/{deployment_id}]`` and
``/software_deployments/metadata/{server_id}``.

Heat answers 200 (not 201) to creating either, and 204 to deleting.
"""

from __future__ import annotations

from heat_api.openstack import params as p
from heat_api.openstack.routing import NO_BODY, Node, Reply

#: the body keys of each request, as Heat's controllers read them
CONFIG_KEYS = ('name', 'group', 'config', 'inputs', 'outputs', 'options')
DEPLOYMENT_CREATE_KEYS = ('config_id', 'server_id', 'input_values', 'action', 'status',
                          'status_reason', 'stack_user_project_id')
DEPLOYMENT_UPDATE_KEYS = ('config_id', 'input_values', 'output_values', 'action', 'status',
                          'status_reason')


class SoftwareConfig(Node):
    """``/software_configs/{config_id}``: show, delete."""

    def GET(self, req):
        return {'software_config': self.engine.show_software_config(
            req.ctx, self.path['config_id'])}

    def DELETE(self, req):
        self.engine.delete_software_config(req.ctx, self.path['config_id'])
        return Reply(204, NO_BODY)


class SoftwareConfigs(Node):
    """``/software_configs``: list (``limit``, ``marker``), create."""

    variable = ('config_id', SoftwareConfig)

    def GET(self, req):
        p.query_bool(req, 'global_tenant', False)    # checked; configs stay per tenant
        return {'software_configs': self.engine.list_software_configs(req.ctx, **p.page(req))}

    def POST(self, req):
        body = p.object_body(req)
        config = self.engine.create_software_config(
            req.ctx, **{k: body.get(k) for k in CONFIG_KEYS})
        return {'software_config': config}


class DeploymentMetadata(Node):
    """``/software_deployments/metadata/{server_id}``: the configs deployed
    to a server, with their input values."""

    def GET(self, req):
        return {'metadata': self.engine.metadata_software_deployments(
            req.ctx, self.path['server_id'])}


class DeploymentsMetadata(Node):
    variable = ('server_id', DeploymentMetadata)


class SoftwareDeployment(Node):
    """``/software_deployments/{deployment_id}``: show, update (what a
    server's agent reports), delete."""

    def GET(self, req):
        return {'software_deployment': self.engine.show_software_deployment(
            req.ctx, self.path['deployment_id'])}

    def PUT(self, req):
        body = p.object_body(req)
        changes = {k: body[k] for k in DEPLOYMENT_UPDATE_KEYS if body.get(k) is not None}
        return {'software_deployment': self.engine.update_software_deployment(
            req.ctx, self.path['deployment_id'], **changes)}

    def DELETE(self, req):
        self.engine.delete_software_deployment(req.ctx, self.path['deployment_id'])
        return Reply(204, NO_BODY)


class SoftwareDeployments(Node):
    """``/software_deployments``: list (``server_id``), create."""

    children = {'metadata': DeploymentsMetadata}
    variable = ('deployment_id', SoftwareDeployment)

    def GET(self, req):
        args = {}
        if req.GET.get('server_id'):
            args['server_id'] = req.GET['server_id']
        return {'software_deployments': self.engine.list_software_deployments(req.ctx,
                                                                               **args)}

    def POST(self, req):
        body = p.object_body(req)
        deployment = self.engine.create_software_deployment(
            req.ctx, **{k: body.get(k) for k in DEPLOYMENT_CREATE_KEYS})
        return {'software_deployment': deployment}
