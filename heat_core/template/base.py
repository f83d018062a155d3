"""The template-format plugin interface.

A format (CloudFormation, HOT, ...) is a :class:`Template` subclass
registered in ``heat.templates`` as ``<version key>.<version>``.  It reads
its own sections into format-neutral definitions
(:mod:`heat_core.template.definitions`, :class:`Parameter`) and records
every problem in ``self.issues``; everything after that (validation,
dependencies, the engine) is shared.
"""

from __future__ import annotations

from typing import Any, ClassVar

from heat_core import plugins
from heat_core.errors import Issues
from heat_core.template import functions as fn
from heat_core.template.environment import Environment

_TABLES: dict = {}


class Template:
    """A parsed template of one format and version."""

    #: 'cfn' or 'hot': which function plugins apply
    dialect: ClassVar[str] = ''
    #: the top-level key naming the version, e.g. 'heat_template_version'
    version_key: ClassVar[str] = ''
    #: the version this class handles, e.g. '2016-10-14'
    version: ClassVar[str] = ''
    #: other spellings of the version (HOT release names)
    aliases: ClassVar[tuple] = ()
    #: names accepted by Ref/get_param without a declaration
    pseudo_parameters: ClassVar[tuple] = ()
    #: whether the format has a conditions section
    has_conditions: ClassVar[bool] = True
    #: section and key spellings, for paths in messages
    resources_key: ClassVar[str] = 'Resources'
    conditions_key: ClassVar[str] = 'Conditions'
    outputs_key: ClassVar[str] = 'Outputs'
    parameters_key: ClassVar[str] = 'Parameters'
    default_key: ClassVar[str] = 'Default'

    def __init__(self, doc, env: Environment | None = None, files: dict | None = None,
                 issues: Issues | None = None):
        self.doc = doc
        self.data = doc.data if isinstance(doc.data, dict) else {}
        self.env = env if env is not None else Environment()
        self.files = files or {}
        self.issues = issues if issues is not None else Issues(source=doc)
        self.description: Any = ''
        self.metadata: Any = None
        self.parameters: dict = {}
        self.parameter_groups: list = []
        self.mappings: dict = {}
        self.conditions: dict = {}
        self.rules: dict = {}
        self.resources: dict = {}
        self.outputs: dict = {}
        self.transforms: list = []
        #: condition name -> bool where known (set by validation / the engine)
        self.condition_values: dict = {}
        self.parse()

    # -- the format's part -------------------------------------------------
    def parse(self) -> None:
        """Read the sections into definitions, recording problems."""
        raise NotImplementedError

    # -- functions -----------------------------------------------------------
    @classmethod
    def accepts_function(cls, fcls) -> bool:
        """Whether a function plugin belongs to this format and version."""
        if fcls.dialect != cls.dialect:
            return False
        if fcls.since is not None and cls.version < fcls.since:
            return False
        if fcls.until is not None and cls.version > fcls.until:
            return False
        return True

    def function_table(self) -> dict:
        """``{name: Function class}`` for this template (its version and
        declared transforms)."""
        key = (type(self), tuple(self.transforms))
        table = _TABLES.get(key)
        if table is None:
            table = {}
            for fcls in plugins.function_classes():
                if not self.accepts_function(fcls):
                    continue
                if fcls.requires_transform and fcls.requires_transform not in self.transforms:
                    continue
                table[fcls.name] = fcls
            _TABLES[key] = table
        return table

    @classmethod
    def all_functions(cls) -> dict:
        """Every function of this version, transforms included (for
        ``heat template function list``)."""
        out = {}
        for fcls in plugins.function_classes():
            if cls.accepts_function(fcls):
                out[fcls.name] = fcls
        return dict(sorted(out.items()))

    def parse_tree(self, data: Any, path: tuple) -> Any:
        return fn.parse(self.function_table(), self, data, path, self.unknown_function)

    #: ``unknown_function(key, path)``: called for one-key maps that name no
    #: function (a format may report them); None: treat them as data
    unknown_function = None

    # -- helpers for formats ------------------------------------------------
    def section(self, key: str, kind: type = dict, default=None):
        """A top-level section, type-checked (problems recorded)."""
        value = self.data.get(key, default)
        if value is None:
            return default if default is not None else kind()
        if not isinstance(value, kind):
            self.issues.error((key,), 'The %s section must be %s' % (
                key, 'a map' if kind is dict else 'a list' if kind is list else 'a string'))
            return kind()
        return value

    def has_parameter(self, name: str) -> bool:
        return name in self.parameters or name in self.pseudo_parameters

    @classmethod
    def version_name(cls) -> str:
        return '%s.%s' % (cls.version_key, cls.version)
