"""HOT functions that refer to something outside the call: parameters,
resources and their attributes, supplied files and the facade resource of
a provider template."""

from __future__ import annotations

from heat_core.errors import Unresolved, did_you_mean
from heat_core.template import functions as fn
from heat_core.template.functions import Function
from heat_plugins.hot import versions as v
from heat_plugins.hot.functions_base import HotFunction, select_path


class GetParam(HotFunction):
    """``get_param: name`` or ``get_param: [name, key_or_index, ...]``."""

    name = 'get_param'
    description = 'The value of a parameter, optionally a key or index inside it.'
    usage = 'name or [name, key_or_index, ...]'
    condition_function = True

    def _name(self):
        """(parameter name as written, sub-path of it) or (None, ())."""
        args = self.args
        if isinstance(args, str):
            return args, ()
        if isinstance(args, list) and args and isinstance(args[0], str):
            return args[0], (0,)
        return None, ()

    def check(self, ctx):
        args = self.args
        if isinstance(args, Function):
            return True
        if not isinstance(args, (str, list)) or args in ('', []):
            self.error(ctx, 'the argument must be a parameter name or a list: %s' % self.usage)
            return False
        name, sub = self._name()
        if name is None:
            if not isinstance(args[0], Function):
                self.error(ctx, 'the parameter name must be a string', (0,))
                return False
            return True
        tmpl = self.template
        if not tmpl.has_parameter(name):
            self.error(ctx, 'unknown parameter "%s"%s' % (name, did_you_mean(
                name, list(tmpl.parameters) + list(tmpl.pseudo_parameters))), sub)
            return False
        return True

    def parameter_reference(self):
        name, _ = self._name()
        if name is not None and name in self.template.parameters:
            yield name

    def result(self, scope):
        args = fn.resolve(self.args, scope)
        if isinstance(args, str):
            name, path = args, []
        elif isinstance(args, list) and args:
            name, path = args[0], args[1:]
        else:
            self.fail('the argument must be a parameter name or a list: %s' % self.usage)
        if not isinstance(name, str):
            self.fail('the parameter name must be a string', (0,))
        if not self.template.has_parameter(name):
            self.fail('unknown parameter "%s"' % name, (0,) if isinstance(args, list) else ())
        value = scope.parameter(name)
        if not path:
            return value
        try:
            return select_path(value, path)
        except (KeyError, IndexError, TypeError, ValueError):
            # Heat: a path that leads nowhere gives an empty string
            return ''


class GetResource(HotFunction):
    """``get_resource: name``: the reference (physical ID) of a resource."""

    name = 'get_resource'
    description = 'The reference (physical ID) of a resource of the template.'
    usage = 'resource_name'

    def check(self, ctx):
        target = self.args
        if isinstance(target, Function):
            return True
        if not isinstance(target, str):
            self.error(ctx, 'the argument must be the name of a resource')
            return False
        if target not in self.template.resources:
            self.error(ctx, 'unknown resource "%s"%s' % (target, did_you_mean(
                target, self.template.resources)))
            return False
        return True

    def dependencies(self):
        if isinstance(self.args, str) and self.args in self.template.resources:
            yield self.args
        else:
            yield from fn.dependencies(self.args)

    def result(self, scope):
        target = fn.resolve(self.args, scope)
        if not isinstance(target, str) or target not in self.template.resources:
            self.fail('unknown resource "%s"' % (target,))
        return scope.resource(target).reference()


class GetAttThenSelect(HotFunction):
    """``get_attr: [resource, attribute, key_or_index, ...]`` (2013-05-23):
    the whole attribute is read, then the path is followed in it."""

    name = 'get_attr'
    description = 'An attribute of a resource, optionally a key or index inside it.'
    usage = '[resource_name, attribute_name, key_or_index, ...]'
    until = v.V2013_05_23
    #: whether [resource_name] alone (all attributes) is allowed
    all_attributes_form = False
    #: whether the attribute name may be computed by a function
    computed_attribute = False

    def _parts(self):
        args = self.args
        if not isinstance(args, list):
            return None
        if len(args) == 1 and self.all_attributes_form:
            return args[0], None, []
        if len(args) < 2:
            return None
        return args[0], args[1], args[2:]

    def check(self, ctx):
        parts = self._parts()
        if parts is None:
            self.error(ctx, 'the argument must be a list: %s' % self.usage)
            return False
        res, attr, _ = parts
        if isinstance(res, Function):
            return True
        if not isinstance(res, str):
            self.error(ctx, 'the resource name must be a string', (0,))
            return False
        if res not in self.template.resources:
            self.error(ctx, 'unknown resource "%s"%s' % (res, did_you_mean(
                res, self.template.resources)), (0,))
            return False
        if isinstance(attr, str):
            ctx.check_attribute(res, attr, self.args_path + (1,))
        elif attr is None and self.all_attributes_form:
            pass
        elif isinstance(attr, Function) and self.computed_attribute:
            pass
        else:
            self.error(ctx, 'the attribute name must be a string', (1,))
            return False
        return True

    def dependencies(self):
        parts = self._parts()
        if parts is not None and isinstance(parts[0], str) \
                and parts[0] in self.template.resources:
            yield parts[0]
        yield from fn.dependencies(self.args)

    def _resolved_parts(self, scope):
        parts = self._parts()
        if parts is None:
            self.fail('the argument must be a list: %s' % self.usage)
        res, attr, path = parts
        res = fn.resolve(res, scope)
        if not isinstance(res, str) or res not in self.template.resources:
            self.fail('unknown resource "%s"' % (res,), (0,))
        if attr is not None:
            attr = fn.resolve(attr, scope)
            if not isinstance(attr, str):
                self.fail('the attribute name must be a string', (1,))
        return res, attr, fn.resolve(path, scope)

    def result(self, scope):
        res, attr, path = self._resolved_parts(scope)
        value = scope.resource(res).attribute(attr)
        try:
            return select_path(value, path)
        except (KeyError, IndexError, TypeError, ValueError):
            return None


class GetAtt(GetAttThenSelect):
    """``get_attr`` of 2014-10-16 and 2015-04-30: the resource follows the
    path itself, and the attribute name may be computed."""

    since = v.V2014_10_16
    until = v.V2015_04_30
    computed_attribute = True

    def result(self, scope):
        res, attr, path = self._resolved_parts(scope)
        return scope.resource(res).attribute(attr, *path)


class GetAttAllAttributes(GetAtt):
    """``get_attr`` from 2015-10-15: ``[resource_name]`` alone gives a map
    of all its attributes."""

    description = ('An attribute of a resource, optionally a key or index inside it; '
                   'all its attributes when only the resource is named.')
    usage = '[resource_name] or [resource_name, attribute_name, key_or_index, ...]'
    since = v.V2015_10_15
    until = None
    all_attributes_form = True

    def result(self, scope):
        res, attr, path = self._resolved_parts(scope)
        resource = scope.resource(res)
        if attr is not None:
            return resource.attribute(attr, *path)
        every = getattr(resource, 'all_attributes', None)
        if every is None:
            raise Unresolved('resource %s cannot list its attributes' % res)
        return every()


class GetFile(HotFunction):
    """``get_file: key``: the content of a file supplied with the template
    (the client puts it in the ``files`` map)."""

    name = 'get_file'
    description = 'The content of a file supplied with the template.'
    usage = 'file_name_or_url'

    def check(self, ctx):
        key = self.args
        if isinstance(key, Function):
            return True
        if not isinstance(key, str):
            self.error(ctx, 'the argument must be a file name or URL (a string)')
            return False
        files = self.template.files or {}
        if key not in files:
            self.error(ctx, 'the file "%s" was not supplied (it is not in the files map)%s'
                       % (key, did_you_mean(key, files)))
            return False
        return True

    def result(self, scope):
        key = fn.resolve(self.args, scope)
        if not isinstance(key, str):
            self.fail('the argument must be a file name or URL (a string)')
        files = self.template.files or {}
        if key not in files:
            self.fail('the file "%s" was not supplied (it is not in the files map)' % key)
        return files[key]


class ResourceFacade(HotFunction):
    """``resource_facade: metadata|deletion_policy|update_policy``: data of
    the resource that a provider template implements."""

    name = 'resource_facade'
    description = ('Data (metadata, deletion_policy or update_policy) of the resource '
                   'that this provider template implements.')
    #: accepted argument -> the facade field it names
    KINDS = {'metadata': 'metadata', 'deletion_policy': 'deletion_policy',
             'update_policy': 'update_policy'}
    usage = 'metadata | deletion_policy | update_policy'

    def _kind_ok(self) -> bool:
        return isinstance(self.args, str) and self.args in self.KINDS

    def check(self, ctx):
        if not self._kind_ok():
            self.error(ctx, 'the argument must be one of %s, not "%s"%s' % (
                ', '.join(self.KINDS), self.args, did_you_mean(str(self.args), self.KINDS)))
            return False
        return True

    def result(self, scope):
        if not self._kind_ok():
            self.fail('the argument must be one of %s' % ', '.join(self.KINDS))
        facade = getattr(scope, 'resource_facade', None)
        if facade is None:
            raise Unresolved('%s: only a provider template has a facade resource'
                             % self.fn_name)
        return facade(self.KINDS[self.args])
