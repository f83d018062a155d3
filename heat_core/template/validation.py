"""Validation of a parsed template: every problem in one pass.

The format plugin has already read the sections (recording structural
problems); this module checks what is shared by all formats: parameter
values, conditions, resource types and properties, references, outputs,
the dependency graph and limits.
"""

from __future__ import annotations

from heat_core.config import CONF
from heat_core.errors import Issues, Unresolved, did_you_mean
from heat_core.resources import registry as reg
from heat_core.resources import schema as sch
from heat_core.resources import signals
from heat_core.template import dependencies as deps
from heat_core.template import functions as fn
from heat_core.template import provider as prov
from heat_core.template.scope import StaticScope

DELETION_POLICIES = ('Delete', 'Retain', 'Snapshot', 'RetainExceptOnCreate')


class ValidationContext:
    """What function and resource validators may consult."""

    def __init__(self, template, registry: reg.TypeRegistry, scope, cloud=None,
                 issues: Issues | None = None):
        self.template = template
        self.registry = registry
        self.scope = scope
        self.cloud = cloud
        self.issues = issues if issues is not None else template.issues
        self.in_conditions = False
        self.types: dict = {}          # resource name -> TypeResolution
        self.nested_depth = 0

    def resource_class(self, name: str):
        """The plugin class of resource ``name``, or None if unknown."""
        res = self.types.get(name)
        return res.cls if res is not None and res.kind == reg.PLUGIN else None

    def resource_resolution(self, name: str):
        return self.types.get(name)

    def check_attribute(self, resource: str, attribute: str, path: tuple) -> None:
        """Record an error if ``resource`` has no attribute ``attribute``."""
        res = self.types.get(resource)
        if res is None or not res.ok:
            return
        if res.kind == reg.TEMPLATE:
            outputs = getattr(res, 'outputs', None)
            if outputs is None or attribute in outputs or attribute.startswith('resource.') \
                    or attribute in ('show', 'OS::stack_id'):
                return
            choices = outputs
        else:
            cls = res.cls
            if cls.has_attribute(attribute) or cls.has_attribute(attribute.split('.', 1)[0]):
                return
            choices = cls.attributes_schema
        self.issues.error(path, 'Resource "%s" (%s) has no attribute "%s"%s' % (
            resource, res.name, attribute, did_you_mean(attribute, choices)))


def parameter_values(template, params: dict | None, issues: Issues, cloud=None,
                     check_values: bool = True, require_values: bool = False) -> dict:
    """Typed values for the template's parameters from (in order of
    precedence) ``params`` (the command line or API request), the
    environment's parameters, its parameter_defaults and the declared
    defaults.  Problems are recorded where the value came from (the
    environment file's line, or the template's Default).  Declared defaults
    are checked even when a value is given.  Without ``cloud`` the checks
    that ask the cloud (custom constraints, AWS-specific types) are skipped;
    with ``require_values`` a parameter without any value is an error."""
    from heat_core.template import parameters as pm
    env = template.env
    given = dict(params or {})
    for name in list(env.parameters) + [n for n in given if n not in env.parameters]:
        if name not in template.parameters:
            where, source = _origin(template, 'parameters', name, given)
            issues.error(where, 'Parameter "%s" is not defined in the template%s' % (
                name, did_you_mean(str(name), template.parameters)), source)
    values = {}
    for name, p in template.parameters.items():
        for path, msg in pm.declaration_problems(p):
            issues.error(path, msg)
        default_path = p.path + (template.default_key,)
        if given.get(name) is not None or env.parameters.get(name) is not None:
            section = 'parameters'
            raw = given[name] if given.get(name) is not None else env.parameters[name]
        elif env.parameter_defaults.get(name) is not None:
            section, raw = 'parameter_defaults', env.parameter_defaults[name]
        elif p.has_default and p.default is not None:
            value = _report(pm.check_default(p, cloud), default_path, None, issues, check_values)
            if value is not None:
                values[name] = value
            continue
        else:
            if require_values and not p.pseudo:
                issues.error(p.path, 'Parameter "%s" has no value: it has no default and none '
                             'was given' % name)
            continue
        # a default must be valid even when a value replaces it (cloud-free checks)
        _report(pm.check_default(p, None), default_path, None, issues, check_values)
        where, source = _origin(template, section, name, given)
        value = _report(pm.check_value(p, raw, cloud), where, source, issues, check_values)
        if value is not None:
            values[name] = value
    return values


def _report(checked, path, source, issues, check_values):
    """Record the problems of a ``(value, messages)`` check; only the failure
    to convert unless ``check_values``.  Returns the value (None if it
    could not be converted)."""
    value, problems = checked
    if value is None:
        for msg in problems[:1]:
            issues.error(path, msg, source)
    elif check_values:
        for msg in problems:
            issues.error(path, msg, source)
    return value


def _origin(template, section, name, given=None):
    """``(path, source)`` of a value: the command line, or an environment file."""
    if section == 'parameters' and given and given.get(name) is not None:
        return ('parameters', name), _CommandLine
    origin = template.env.origins.get((section, name))
    if origin is None:
        return (section, name), _CommandLine
    doc, path = origin
    return path, doc


class _CommandLine:
    name = '<command line>'


def validate(template, registry: reg.TypeRegistry | None = None, params: dict | None = None,
             cloud=None, stack_name: str | None = None, require_values: bool = False) -> Issues:
    """Validate ``template`` completely; returns its Issues (located).
    ``require_values``: a parameter without any value is an error (a stack
    is being made of it, not just a template checked)."""
    issues = template.issues
    registry = registry or reg.TypeRegistry(template.env)
    values = parameter_values(template, params, issues, cloud, require_values=require_values)
    scope = StaticScope(template, values, cloud, stack_name=stack_name)
    ctx = ValidationContext(template, registry, scope, cloud, issues)

    _validate_conditions(template, ctx)
    _validate_rules(template, ctx)
    active = _validate_resources(template, ctx)
    _validate_outputs(template, ctx)
    _validate_graph(template, active, issues)
    _warn_unused(template, issues)

    limit = CONF.max_resources_per_stack
    if limit is not None and limit >= 0 and len(template.resources) > limit:
        issues.error((template.resources_key,), 'The template has %d resources, more than the '
                     'limit of %d (max_resources_per_stack)' % (len(template.resources), limit))
    return issues.locate()


def _validate_conditions(template, ctx):
    ctx.in_conditions = True
    try:
        for name, tree in template.conditions.items():
            fn.validate_tree(tree, ctx)
            if not isinstance(tree, (fn.Function, bool)) and not (
                    isinstance(tree, str) and tree.lower() in ('true', 'false')):
                ctx.issues.error((template.conditions_key, name),
                                 'A condition must be a condition function or a boolean')
    finally:
        ctx.in_conditions = False
    for name in template.conditions:
        try:
            template.condition_values[name] = ctx.scope.condition(name)
        except Unresolved as exc:
            if 'refers to itself' in str(exc):
                ctx.issues.error((template.conditions_key, name),
                                 'Condition "%s" refers to itself' % name)
        except Exception:  # noqa: BLE001 - bad arguments reported by validate()
            pass


def _validate_rules(template, ctx):
    validator = getattr(template, 'validate_rules', None)
    if validator is not None:
        validator(ctx)


def _validate_resources(template, ctx) -> set:
    issues = ctx.issues
    active = set()
    for name, defn in template.resources.items():
        # resolve the type first: GetAtt checks in other resources need it
        if isinstance(defn.type, str) and defn.type:
            ctx.types[name] = prov.resolve_type(ctx, defn.type, name)
    for name, defn in template.resources.items():
        res = ctx.types.get(name)
        type_path = defn.key_path('type')
        if res is None:
            if not defn.type:
                issues.error(defn.path, 'Resource "%s" has no %s' % (name, defn.keys.get('type',
                                                                                     'type')))
            else:
                issues.error(type_path, 'The resource type must be a string')
        elif not res.ok:
            issues.error(type_path, res.message)
        for dep in defn.depends_on:
            if not isinstance(dep, str):
                issues.error(defn.key_path('depends_on'), 'DependsOn must name resources')
            elif dep not in template.resources:
                issues.error(defn.key_path('depends_on'), 'Resource "%s" depends on unknown '
                             'resource "%s"%s' % (name, dep, did_you_mean(dep, template.resources)))
        cond = defn.condition
        is_active = True
        if cond is not None:
            if isinstance(cond, str):
                if cond not in template.conditions:
                    issues.error(defn.key_path('condition'), 'Unknown condition "%s"%s' % (
                        cond, did_you_mean(cond, template.conditions)))
                else:
                    is_active = template.condition_values.get(cond, True)
            elif isinstance(cond, bool):
                is_active = cond
            else:
                ctx.in_conditions = True
                fn.validate_tree(cond, ctx)
                ctx.in_conditions = False
                value = fn.try_resolve(cond, ctx.scope)
                if isinstance(value, bool):
                    is_active = value
        if is_active:
            active.add(name)
        for key in ('deletion_policy', 'update_replace_policy'):
            policy = getattr(defn, key)
            if policy is None:
                continue
            fn.validate_tree(policy, ctx)
            value = fn.try_resolve(policy, ctx.scope)
            if value is Unresolved:
                continue
            if not isinstance(value, str) or value.capitalize() not in DELETION_POLICIES \
                    and value not in DELETION_POLICIES:
                issues.error(defn.key_path(key), 'Invalid %s "%s": use one of %s' % (
                    defn.keys.get(key, key), value, ', '.join(DELETION_POLICIES)))
        fn.validate_tree(defn.metadata, ctx)
        fn.validate_tree(defn.update_policy, ctx)
        fn.validate_tree(defn.creation_policy, ctx)
        signals.validate_creation_policy(defn, ctx)
        props_path = defn.key_path('properties')
        if res is not None and res.kind == reg.PLUGIN:
            cls = res.cls
            if cls.accepts_any_properties:
                fn.validate_tree(defn.properties, ctx)
            else:
                sch.validate_properties(cls.properties_schema, defn.properties, props_path, ctx)
            cls.validate_definition(defn, ctx)
        elif res is not None and res.kind == reg.TEMPLATE:
            prov.validate_provider(defn, res, ctx)
            # for the validate summary's NestedParameters (show_nested)
            template.__dict__.setdefault('nested_templates', {})[name] = (
                res.template, prov.provider_template(ctx, res))
        else:
            fn.validate_tree(defn.properties, ctx)
    return active


def _validate_outputs(template, ctx):
    for out in template.outputs.values():
        fn.validate_tree(out.value, ctx)
        fn.validate_tree(out.export_name, ctx)
        cond = out.condition
        if isinstance(cond, str) and cond not in template.conditions:
            ctx.issues.error(out.key_path('condition'), 'Unknown condition "%s"%s' % (
                cond, did_you_mean(cond, template.conditions)))
        elif cond is not None and not isinstance(cond, (str, bool)):
            ctx.in_conditions = True
            fn.validate_tree(cond, ctx)
            ctx.in_conditions = False


def _validate_graph(template, active, issues):
    g = deps.graph(template)
    cycle = deps.find_cycle(g)
    if cycle:
        first = template.resources[cycle[0]]
        issues.error(first.path, 'Circular dependency: %s' % ' → '.join(cycle))


def _warn_unused(template, issues):
    used = set(getattr(template, 'loop_parameters', ()))
    trees = [d.properties for d in template.resources.values()]
    trees += [d.metadata for d in template.resources.values()]
    trees += [d.condition for d in template.resources.values()]
    trees += [o.value for o in template.outputs.values()]
    trees += [o.condition for o in template.outputs.values()]
    trees += list(template.conditions.values())
    trees += [getattr(template, 'rules_tree', None)]
    for tree in trees:
        for f in fn.iter_functions(tree):
            ref = getattr(f, 'parameter_reference', None)
            if ref is not None:
                used.update(ref())
    for name, p in template.parameters.items():
        if name not in used and not p.pseudo:
            issues.warning(p.path, 'Parameter "%s" is not used' % name)
