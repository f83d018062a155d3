"""What a command reads from the local disk: the template, environment
files, the files they refer to, and ``--parameter`` values.

Imported inside ``take_action`` (it pulls in ``heat_core``).
"""

from __future__ import annotations

import os

from heat_cli import CommandError

#: names that make a resource type (or resource_registry target) a
#: provider template, as heat_core's environment decides
TEMPLATE_SUFFIXES = ('.yaml', '.yml', '.template', '.json')


def read_text(path: str, what: str = 'template') -> str:
    """The text of a local file; a missing or unreadable file is a
    CommandError naming it."""
    try:
        with open(path, 'rb') as f:
            data = f.read()
    except OSError as exc:
        raise CommandError('Could not read %s file %s: %s' % (
            what, path, exc.strerror or exc)) from None
    return data.decode('utf-8', errors='replace')


def parameters(pairs: list[str] | None, file_pairs: list[str] | None = None) -> dict:
    """``--parameter K=V`` and ``--parameter-file K=FILE`` values.

    As in python-heatclient: a single ``--parameter`` may hold several
    ``K=V`` separated by ``;``, and a key given twice becomes a list.
    """
    params: dict = {}
    pairs = list(pairs or [])
    if len(pairs) == 1:
        pairs = pairs[0].split(';')
    for pair in pairs:
        name, value = _split(pair)
        if name in params:
            if not isinstance(params[name], list):
                params[name] = [params[name]]
            params[name].append(value)
        else:
            params[name] = value
    for pair in file_pairs or []:
        name, path = _split(pair)
        params[name] = read_text(path, 'parameter')
    return params


def _split(pair: str) -> tuple[str, str]:
    name, sep, value = pair.partition('=')
    if not sep or not name:
        raise CommandError('Malformed parameter(%s). Use the key=value format.' % pair)
    return name, value


def is_template_name(name) -> bool:
    return isinstance(name, str) and (name.endswith(TEMPLATE_SUFFIXES) or '://' in name
                                      or name.startswith('/'))


def collect_files(template_path: str, template_text: str,
                  environments: list[tuple[str, str]]) -> dict:
    """The ``files`` map: local files named by ``get_file``, provider
    templates (resource types and resource_registry targets that are file
    names) and nested stack templates (the ``TemplateURL`` of
    AWS::CloudFormation::Stack when it is a path or a ``file://`` URL),
    read relative to the file that names them, recursively through the
    templates found.

    Each file is stored under its path as the user would open it (joined to
    the referring file's directory: relative when the template was given
    relatively), which is how validation finds provider templates and how
    it names them in messages; ``get_file`` contents also under the name as
    written, which is what ``get_file`` looks up.  Files that cannot be read
    are left out: validation then reports the reference with its position.
    """
    files: dict = {}
    seen: set = set()
    _scan_template(template_path, template_text, files, seen)
    for path, text in environments:
        for name in _registry_templates(_data(text, path)):
            _add(path, name, files, seen, template=True)
    return files


def _scan_template(path, text, files, seen):
    if 'get_file' not in text and 'TemplateURL' not in text and \
            not any(s in text for s in TEMPLATE_SUFFIXES):
        return    # nothing to find: skip the second parse of a large template
    for kind, name in _references(_data(text, path)):
        _add(path, name, files, seen, template=(kind == 'template'))


def _add(referrer, name, files, seen, template):
    if name.startswith('file://'):
        local = name[len('file://'):]
    elif '://' in name:
        return    # a URL: not fetched by the CLI
    else:
        local = os.path.normpath(name if os.path.isabs(name) else os.path.join(
            os.path.dirname(referrer), name))
    try:
        with open(local, 'rb') as f:
            text = f.read().decode('utf-8', errors='replace')
    except OSError:
        return
    files.setdefault(local, text)
    if not template:
        files.setdefault(name, text)
        return
    real = os.path.realpath(local)
    if real not in seen:
        seen.add(real)
        _scan_template(local, text, files, seen)


def _data(text, name):
    from heat_core.errors import Issues
    from heat_core.template.source import Document
    return Document.parse(text, name, Issues()).data


def _references(data):
    """``('file', name)`` for each get_file and ``('template', name)`` for
    each resource type that is a template file name and each local
    ``TemplateURL``."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if len(node) == 1 and isinstance(node.get('get_file'), str):
                yield 'file', node['get_file']
            for key, value in node.items():
                if key in ('type', 'Type') and isinstance(value, str) \
                        and value.endswith(TEMPLATE_SUFFIXES):
                    yield 'template', value
                elif key == 'TemplateURL' and isinstance(value, str) and value \
                        and ('://' not in value or value.startswith('file://')):
                    yield 'template', value    # AWS::CloudFormation::Stack
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _registry_templates(data):
    """Provider-template targets of an environment's resource_registry."""
    registry = data.get('resource_registry') if isinstance(data, dict) else None
    if not isinstance(registry, dict):
        return
    for pattern, target in registry.items():
        if pattern == 'resources' and isinstance(target, dict):
            for entries in target.values():
                if isinstance(entries, dict):
                    for sub_pattern, sub_target in entries.items():
                        if sub_pattern != 'hooks' and is_template_name(sub_target):
                            yield sub_target
        elif pattern != 'base_url' and is_template_name(target):
            yield target


def cloud():
    """The configured cloud backend, or None while heat_core has none."""
    try:
        from heat_core.clouds import get_cloud
    except ImportError:
        return None
    return get_cloud()
