"""From text to a validated template: the front door of the template
language (used by the CLI, the APIs and the engine)."""

from __future__ import annotations

from dataclasses import dataclass, field

from heat_core import plugins
from heat_core.config import CONF
from heat_core.errors import Issues, did_you_mean
from heat_core.template.environment import Environment, default_environment
from heat_core.template.source import Document

VERSION_KEYS = ('AWSTemplateFormatVersion', 'HeatTemplateFormatVersion', 'heat_template_version')


def template_versions() -> dict:
    """``{(version key, version or alias): Template class}``."""
    out = {}
    for cls in plugins.template_classes().values():
        out[(cls.version_key, cls.version)] = cls
        for alias in cls.aliases:
            out[(cls.version_key, alias)] = cls
    return out


def template_class(doc: Document, issues: Issues):
    """The format class for a parsed document, or None (problem recorded)."""
    data = doc.data
    if not isinstance(data, dict):
        issues.error((), 'A template must be a map of sections, not %s' % (
            'empty' if data is None else type(data).__name__), doc)
        return None
    versions = template_versions()
    present = [k for k in VERSION_KEYS if k in data]
    if len(present) > 1:
        issues.error((present[1],), 'A template may have only one of %s' % ', '.join(present), doc)
    if not present:
        if 'Resources' in data or 'Parameters' in data or 'Outputs' in data:
            key, version = 'AWSTemplateFormatVersion', '2010-09-09'
        else:
            issues.error((), 'Unknown template format: the template needs a version key '
                         '(heat_template_version, AWSTemplateFormatVersion or '
                         'HeatTemplateFormatVersion)', doc)
            return None
    else:
        key = present[0]
        version = data[key]
        version = str(version) if version is not None else ''
    cls = versions.get((key, version))
    if cls is None:
        known = sorted(v for k, v in versions if k == key)
        issues.error((key,), 'Unknown %s "%s"%s; known versions: %s' % (
            key, version, did_you_mean(version, known), ', '.join(known)), doc)
    return cls


@dataclass
class Loaded:
    """The result of loading: the template (None if unreadable), its
    environment and every issue found."""
    template: object
    environment: Environment
    issues: Issues
    documents: list = field(default_factory=list)


def load_environment(env_texts: list | None, issues: Issues) -> Environment:
    env = default_environment(issues, CONF.environment_dir)
    for text, name in env_texts or []:
        env.merge_document(Document.parse(text, name, issues), issues)
    return env


def load(text, name: str | None = None, env_texts: list | None = None,
         files: dict | None = None, environment: Environment | None = None) -> Loaded:
    """Parse a template and its environment files (``[(text, name)]``).
    Never raises for bad input: problems are in ``.issues``."""
    issues = Issues()
    if isinstance(text, bytes):
        size = len(text)
    else:
        size = len(text.encode('utf-8')) if not text.isascii() else len(text)
    doc = Document(name, text if isinstance(text, str) else text.decode('utf-8', 'replace'))
    issues.source = doc
    env = environment if environment is not None else load_environment(env_texts, issues)
    if size > CONF.max_template_size:
        issues.error((), 'Template size (%d bytes) exceeds the maximum allowed size (%d bytes, '
                     'max_template_size)' % (size, CONF.max_template_size), doc)
        return Loaded(None, env, issues.locate(), [doc])
    before = len(issues.items)
    doc = Document.parse(doc.text, name, issues)
    issues.source = doc
    if len(issues.items) > before:  # the template itself is unreadable
        return Loaded(None, env, issues.locate(), [doc])
    cls = template_class(doc, issues)
    if cls is None:
        return Loaded(None, env, issues.locate(), [doc])
    tmpl = cls(doc, env, files, issues)
    return Loaded(tmpl, env, issues.locate() if issues.items else issues, [doc])


def validate(text, name: str | None = None, env_texts: list | None = None,
             params: dict | None = None, files: dict | None = None, cloud=None,
             registry=None, require_values: bool = False) -> Loaded:
    """Load and fully validate; ``.issues`` holds every error and warning,
    located and sorted.  ``require_values``: every parameter needs a value
    (given or default), as when a stack is created from the template."""
    loaded = load(text, name, env_texts, files)
    if loaded.template is not None:
        from heat_core.template import validation
        validation.validate(loaded.template, registry, params, cloud,
                            require_values=require_values)
    loaded.issues.locate()
    return loaded
