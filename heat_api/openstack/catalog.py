"""What the service offers, and the top of the URL tree: the version
document, ``/v1/{tenant_id}``, template validation, resource types,
template versions and their functions, build information."""

from __future__ import annotations

import re

from heat_api.faults import BadRequest, HTTPError, NotFound
from heat_api.openstack import params as p
from heat_api.openstack.routing import Node, Reply
from heat_api.openstack.software import SoftwareConfigs, SoftwareDeployments
from heat_api.openstack.stacks import Stacks


def _version() -> str:
    from importlib import metadata
    try:
        return metadata.version('heat')
    except metadata.PackageNotFoundError:
        return 'unknown'


class Validate(Node):
    """``POST /validate``: the template's parameters and description, or
    400 with every problem found (``ignore_errors``: codes or message parts
    to leave out)."""

    def POST(self, req):
        data = p.StackData(p.object_body(req))
        show_nested = p.query_bool(req, 'show_nested', False)
        ignore = [t.strip() for t in (req.GET.get('ignore_errors') or '').split(',')
                  if t.strip()]
        params = data.parameters()
        loaded = self.engine.validate_template(
            req.ctx, data.template(), template_name=data.data.get('template_url'),
            env_texts=data.environments(), files=data.files(), params=params)
        errors = [i for i in loaded.issues.errors
                  if not any(t == getattr(i, 'code', None) or t in i.message for t in ignore)]
        if errors or loaded.template is None:
            raise HTTPError(400, '\n'.join(str(i) for i in errors) or 'The template is invalid',
                            'StackValidationFailed')
        return _summary(loaded, params, show_nested, data.environments())


def _summary(loaded, params, show_nested: bool, env_texts) -> dict:
    """Heat's validate answer: ``Description``, ``Parameters``
    (``ParameterGroups``, ``NestedParameters`` when there are any) and the
    user's ``Environment`` as the stack would keep it."""
    from heat_core.engine.wire import user_environment
    from heat_core.template.summary import validate_summary
    result = validate_summary(loaded.template, params, show_nested=show_nested)
    result['Environment'] = user_environment(env_texts or [], params, encrypted_names=True)
    return result


def _status(cls) -> str:
    status = getattr(cls, 'support_status', None) or 'SUPPORTED'
    return str(getattr(status, 'status', status))


def _status_version(cls):
    return getattr(getattr(cls, 'support_status', None), 'version', None)


class ResourceTypeTemplate(Node):
    """``GET /resource_types/{type_name}/template?template_type=cfn|hot``."""

    def GET(self, req):
        template_type = (req.GET.get('template_type') or 'cfn').lower()
        if template_type not in ('cfn', 'hot'):
            raise BadRequest('Template type is not supported: Invalid template type "%s", '
                             'valid types are: cfn, hot.' % req.GET['template_type'])
        from heat_core.resources import describe
        name = self.path['type_name']
        return describe.generate_template(name, self.api.resource_class(name), template_type)


class ResourceType(Node):
    """``GET /resource_types/{type_name}``: the type's schema."""

    children = {'template': ResourceTypeTemplate}

    def GET(self, req):
        from heat_core.resources import describe
        name = self.path['type_name']
        with_description = p.query_bool(req, 'with_description', False)
        return describe.resource_schema(name, self.api.resource_class(name), with_description)


class ResourceTypes(Node):
    """``GET /resource_types``: the types templates may use here (filters
    ``name`` (a regular expression), ``version``, ``support_status``)."""

    variable = ('type_name', ResourceType)

    def GET(self, req):
        with_description = p.query_bool(req, 'with_description', False)
        name, version = req.GET.get('name'), req.GET.get('version')
        status = req.GET.get('support_status')
        try:
            pattern = re.compile(name) if name else None
        except re.error as exc:
            raise BadRequest('Invalid name filter %r: %s' % (name, exc)) from None
        registry = self.api.registry()
        found = []
        for type_name in registry.available():
            cls = registry.resolve(type_name).cls
            if pattern is not None and not pattern.match(type_name):
                continue
            if status and _status(cls) != status.upper():
                continue
            if version and str(_status_version(cls)) != version:
                continue
            found.append({'resource_type': type_name, 'description': cls.description()}
                         if with_description else type_name)
        return {'resource_types': found}


def _template_classes() -> dict:
    from heat_core import plugins
    return plugins.template_classes()


def _aliases(cls) -> list[str]:
    return ['%s.%s' % (cls.version_key, alias) for alias in cls.aliases]


class TemplateFunctions(Node):
    """``GET /template_versions/{template_version}/functions``."""

    def GET(self, req):
        wanted = self.path['template_version']
        with_conditions = p.query_bool(req, 'with_condition_func', False)
        for name, cls in _template_classes().items():
            if wanted == name or wanted in _aliases(cls):
                break
        else:
            raise NotFound('Template with version %s not found' % wanted)
        return {'template_functions': [
            {'functions': fname, 'description': fcls.description}
            for fname, fcls in cls.all_functions().items()
            if fcls.value_function or (with_conditions and fcls.condition_function)]}


class TemplateVersion(Node):
    children = {'functions': TemplateFunctions}


class TemplateVersions(Node):
    variable = ('template_version', TemplateVersion)

    def GET(self, req):
        return {'template_versions': [
            {'version': name, 'type': cls.dialect, 'aliases': _aliases(cls)}
            for name, cls in sorted(_template_classes().items())]}


class BuildInfo(Node):
    def GET(self, req):
        version = _version()
        return {'api': {'revision': version}, 'engine': {'revision': version}}


class Tenant(Node):
    """``/v1/{tenant_id}``."""

    children = {'stacks': Stacks, 'validate': Validate, 'resource_types': ResourceTypes,
                'template_versions': TemplateVersions, 'build_info': BuildInfo,
                'software_configs': SoftwareConfigs,
                'software_deployments': SoftwareDeployments}


class V1(Node):
    variable = ('tenant_id', Tenant)


class Versions(Node):
    """``GET /``: the API versions (300 Multiple Choices, as Heat)."""

    children = {'v1': V1}
    tenant_scoped = False

    def GET(self, req):
        return Reply(300, {'versions': [{
            'id': 'v1.0', 'status': 'CURRENT',
            'links': [{'rel': 'self', 'href': req.application_url + '/v1/'}]}]})
