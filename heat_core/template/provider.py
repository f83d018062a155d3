"""Provider templates: a template file used as a resource type.

A type becomes a template either through the environment
(``resource_registry: {"My::Web": web.yaml}``) or by naming the file as the
type (``type: web.yaml``).  The file comes from the template's ``files``
(the CLI reads local files into it), looked up by the name as written, or
as an absolute path or ``file://`` URL.  Validation then

* checks the resource's properties against the provider's parameters
  (unknown properties, parameters without default that are not given,
  values of the wrong type);
* validates the provider itself with those values, adding its issues
  (located in the provider file) to the parent's;
* records the provider's outputs on the type resolution, so that
  ``Fn::GetAtt``/``get_attr`` are checked against them;
* limits nesting to ``max_nested_stack_depth``, naming the chain.

Each provider file is parsed once per validation; validating it again with
the same property values reuses the first result.
"""

from __future__ import annotations

import dataclasses
import os

from heat_core.config import CONF
from heat_core.errors import Unresolved, did_you_mean
from heat_core.resources import registry as reg
from heat_core.template import functions as fn

TEMPLATE_SUFFIXES = ('.yaml', '.yml', '.template', '.json')


def is_template_type(type_name) -> bool:
    """Whether a type written in a template names a template file."""
    return isinstance(type_name, str) and (
        type_name.endswith(TEMPLATE_SUFFIXES) or '://' in type_name)


@dataclasses.dataclass
class _Provider:
    """A provider file as found and parsed (shared by every resource of
    that type)."""
    key: str | None = None         # its key in files
    template: object = None        # the parsed Template (read-only), or None
    issues: object = None          # problems of parsing it
    problem: str = ''              # why it could not be found


def resolve_type(ctx, type_name: str, resource_name: str | None = None):
    """The :class:`~heat_core.resources.registry.TypeResolution` of a type
    written in a template: a template file, or what the registry says.  For
    templates the provider's outputs are recorded (``res.outputs``); a file
    that was not supplied resolves as unknown, with a message saying so."""
    res = ctx.registry.resolve(type_name, resource_name)
    if res.kind == reg.UNKNOWN and res.mapping is None and is_template_type(type_name):
        # a template file used directly as the type (registries that do not
        # know about them yet)
        res = reg.TypeResolution(type_name, reg.TEMPLATE, type_name, template=type_name)
    if res.kind != reg.TEMPLATE:
        return res
    provider = _provider(ctx, res)
    if provider.problem:
        return dataclasses.replace(res, kind=reg.UNKNOWN, message=provider.problem)
    if provider.template is not None:
        res.outputs = set(provider.template.outputs)
    return res


def validate_provider(defn, res, ctx, functions: bool = True) -> None:
    """Validate resource ``defn`` whose type resolved to the provider
    template ``res.template``.  ``functions=False`` when the function calls
    in its properties were validated already."""
    if functions:
        fn.validate_tree(defn.properties, ctx)
    provider = _provider(ctx, res)
    if provider.problem:
        return  # reported with the type
    if provider.template is None:
        ctx.issues.items.extend(provider.issues.items)
        return
    chain = _chain(ctx)
    limit = CONF.max_nested_stack_depth
    if len(chain) > limit:
        ctx.issues.error(defn.key_path('type'), 'Nested stacks are more than %d deep '
                         '(max_nested_stack_depth): %s' % (
                             limit, ' → '.join(chain + (provider.key,))))
        return
    params = _check_properties(defn, provider, ctx)
    if params is None:
        return
    ctx.issues.items.extend(_validate_nested(ctx, provider, chain, params))


def _check_properties(defn, provider, ctx) -> dict | None:
    """Check the properties against the provider's parameters; returns the
    statically known values to validate the provider with (None when the
    properties are not a map)."""
    tmpl = provider.template
    declared = tmpl.parameters
    path = defn.key_path('properties')
    props = defn.properties
    if isinstance(props, fn.Function):
        props = fn.try_resolve(props, ctx.scope)
        if not isinstance(props, dict):
            return {}
    elif props is None:
        props = {}
    elif not isinstance(props, dict):
        ctx.issues.error(path, 'Properties must be a map')
        return None
    params = {}
    for key, value in props.items():
        param = declared.get(key)
        if param is None or param.pseudo:
            ctx.issues.error(path + (key,), 'Unknown property "%s": provider template "%s" '
                             'has no such parameter%s' % (
                                 key, provider.key, did_you_mean(str(key), declared)))
            continue
        if isinstance(value, fn.Function) or (isinstance(value, (dict, list))
                                              and fn.contains_function(value)):
            value = fn.try_resolve(value, ctx.scope)
        if value is Unresolved or value is fn.NO_VALUE or value is None:
            continue
        try:
            problems = param.check(param.convert(value), ctx.cloud)
        except ValueError as exc:
            problems = param.masked([str(exc)], value)
        for msg in problems:
            ctx.issues.error(path + (key,), msg)
        if not problems:
            params[key] = value
    defaults = ctx.template.env.parameter_defaults
    for name, param in declared.items():
        if not param.has_default and not param.pseudo and name not in props \
                and name not in defaults:
            ctx.issues.error(path, 'Property "%s" is required: provider template "%s" has '
                             'no default for it' % (name, provider.key))
    return params


# -- finding, parsing and validating provider files ----------------------------

def _state(ctx) -> dict:
    """Per-validation caches, kept on the outermost template."""
    root = getattr(ctx.template, '_provider_root', ctx.template)
    state = root.__dict__.get('_provider_state')
    if state is None:
        state = root.__dict__['_provider_state'] = {'parsed': {}, 'validated': {}}
    return state


def _chain(ctx) -> tuple:
    """Names of the templates from the outermost one to ``ctx.template``."""
    chain = getattr(ctx.template, '_provider_chain', None)
    if chain is None:
        doc = getattr(ctx.template, 'doc', None)
        chain = (getattr(doc, 'name', None) or '<template>',)
    return chain


def provider_template(ctx, res):
    """The parsed provider template of a TEMPLATE type resolution (None
    if it could not be read)."""
    return _provider(ctx, res).template


def _provider(ctx, res) -> _Provider:
    tmpl = ctx.template
    name = res.template
    bases = []
    if res.mapping is not None and ctx.template.env.files_base.get(name) is not None:
        bases.append(ctx.template.env.files_base[name])
    doc_name = getattr(getattr(tmpl, 'doc', None), 'name', None)
    if doc_name and '://' not in doc_name:
        bases.append(os.path.dirname(doc_name))
    cache = _state(ctx)['parsed']
    found = cache.get((name, tuple(bases)))
    if found is not None:
        return found
    files = tmpl.files or {}
    key = _find(files, name, bases)
    if key is None:
        via = ''
        if res.mapping is not None:
            via = ' (resource_registry maps "%s" to it)' % res.requested
        found = _Provider(problem='Provider template "%s"%s was not supplied: it is not '
                          'among the files given with the template' % (name, via))
    else:
        loaded = _load(ctx, key, files)
        found = _Provider(key=key, template=loaded.template, issues=loaded.issues)
    cache[(name, tuple(bases))] = found
    return found


def _find(files: dict, name: str, bases: list) -> str | None:
    """The key of ``name`` in ``files``: as written, as an absolute path or
    as a ``file://`` URL (relative names against each base directory)."""
    if name in files:
        return name
    candidates = []
    if name.startswith('file://'):
        candidates.append(name[len('file://'):])
    elif name.startswith('/'):
        candidates.append('file://' + name)
    elif '://' not in name:
        for base in bases + ['']:
            full = os.path.abspath(os.path.join(base, name))
            candidates += [full, 'file://' + full, os.path.normpath(os.path.join(base, name))]
    for key in candidates:
        if key in files:
            return key
    return None


def _load(ctx, key: str, files: dict):
    from heat_core.template import loader
    env = dataclasses.replace(ctx.template.env, parameters={})
    return loader.load(files[key], key, files=files, environment=env)


def _validate_nested(ctx, provider, chain, params) -> list:
    """Issues of validating the provider with ``params`` (cached)."""
    cache = _state(ctx)['validated']
    cache_key = (provider.key, chain, repr(sorted(params.items(), key=lambda kv: kv[0])))
    found = cache.get(cache_key)
    if found is not None:
        return found
    from heat_core.template import validation
    loaded = _load(ctx, provider.key, ctx.template.files)
    nested = loaded.template
    if nested is None:  # parsed before, so only if the files changed meanwhile
        found = list(loaded.issues.items)
    else:
        nested._provider_root = getattr(ctx.template, '_provider_root', ctx.template)
        nested._provider_chain = chain + (provider.key,)
        found = list(validation.validate(nested, ctx.registry, params, ctx.cloud).items)
    cache[cache_key] = found
    return found
