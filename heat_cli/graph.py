"""``heat stack graph``: a stack's resources and their dependencies as a
Graphviz graph (DOT text, or SVG/PNG drawn by Graphviz's ``dot`` program).

The graph is built from the resource list, in both modes the same way:
each resource's ``required_by`` (Heat's wire format) names the resources
that depend on it, which is the stack's dependency graph.  An edge goes
from a resource to each resource that requires it, so the graph reads in
the order the stack is created.  Resources of nested stacks
(``--nested-depth``) are drawn in a cluster, with a dashed edge from the
resource that owns the nested stack.

DOT is written directly (it is a small text format): no graph library is
imported.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from heat_cli import CommandError, common

#: fill colour of a node by the last word of its status
STATUS_COLOURS = {'COMPLETE': 'palegreen', 'IN_PROGRESS': 'yellow', 'FAILED': 'lightcoral'}
#: fill colour of any other status (INIT_COMPLETE counts as complete; ``''``)
OTHER_COLOUR = 'lightgrey'
FORMATS = ('dot', 'svg', 'png')
INSTALL_HINT = 'apt-get install graphviz'


def status_colour(status: str | None) -> str:
    """The fill colour of a resource (or stack) in ``status``."""
    status = status or ''
    for word, colour in STATUS_COLOURS.items():
        if status.endswith('_' + word):
            return colour
    return OTHER_COLOUR


def quote(text: str) -> str:
    """A DOT double-quoted string (``\\n`` in ``text`` stays a line break
    only when the caller writes it as such: backslashes are escaped)."""
    return '"%s"' % str(text).replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')


def _stack_id_of(resource: dict) -> str | None:
    """The id of the stack a resource belongs to (its ``stack`` link)."""
    for link in resource.get('links') or ():
        if link.get('rel') == 'stack':
            return link.get('href', '').rstrip('/').rsplit('/', 1)[-1] or None
    return None


class Graph:
    """The resources of one stack (and its nested stacks) as DOT.

    ``resources`` are resource dicts in Heat's wire format, those of nested
    stacks included; the stack id of each comes from its ``stack`` link.
    """

    def __init__(self, stack: dict, resources: list[dict]):
        self.stack = stack
        self.by_stack: dict[str, list[dict]] = {}
        for res in resources:
            self.by_stack.setdefault(_stack_id_of(res) or stack['id'], []).append(res)
        # nested stack id -> node id of the resource that owns it
        self.owner: dict[str, str] = {}
        self._paths(stack['id'], '')

    def _paths(self, stack_id: str, prefix: str, depth: int = 0) -> None:
        for res in self.by_stack.get(stack_id, ()):
            child = res.get('physical_resource_id')
            if child and child in self.by_stack and child not in self.owner and depth < 50:
                self.owner[child] = prefix + res['resource_name']
                self._paths(child, prefix + res['resource_name'] + '.', depth + 1)

    def _prefix(self, stack_id: str) -> str:
        return self.owner[stack_id] + '.' if stack_id in self.owner else ''

    def dot(self) -> str:
        """The graph as DOT text (deterministic: sorted by name)."""
        stack = self.stack
        lines = ['digraph %s {' % quote(stack['stack_name']),
                 '  graph [rankdir=LR, compound=true, fontname="Helvetica", label=%s];' % quote(
                     '%s (%s)' % (stack['stack_name'], stack.get('stack_status', ''))),
                 '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
                 '  edge [fontname="Helvetica"];']
        edges: list[str] = []
        self._stack_body(stack['id'], lines, edges, '  ')
        for nested_id in sorted(self.owner, key=lambda i: self.owner[i]):
            if nested_id == stack['id']:
                continue
            members = sorted(self.by_stack.get(nested_id, ()), key=lambda r: r['resource_name'])
            lines.append('  subgraph %s {' % quote('cluster_' + nested_id))
            lines.append('    label=%s; style="rounded,dashed";' % quote(
                '%s (%s)' % (self.owner[nested_id], _stack_name_of(members, nested_id))))
            self._stack_body(nested_id, lines, edges, '    ')
            lines.append('  }')
            if members:
                first = self._prefix(nested_id) + members[0]['resource_name']
                edges.append('  %s -> %s [style=dashed, lhead=%s];' % (
                    quote(self.owner[nested_id]), quote(first), quote('cluster_' + nested_id)))
        lines.extend(edges)
        lines.append('}')
        return '\n'.join(lines) + '\n'

    def _stack_body(self, stack_id: str, lines: list, edges: list, indent: str) -> None:
        prefix = self._prefix(stack_id)
        resources = sorted(self.by_stack.get(stack_id, ()), key=lambda r: r['resource_name'])
        names = {r['resource_name'] for r in resources}
        for res in resources:
            status = res.get('resource_status') or ''
            label = '%s\n%s\n%s' % (res['resource_name'], res.get('resource_type') or '',
                                    status)
            attrs = ['label=%s' % quote(label), 'fillcolor=%s' % status_colour(status)]
            if res.get('physical_resource_id'):
                attrs.append('tooltip=%s' % quote(res['physical_resource_id']))
            lines.append('%s%s [%s];' % (indent, quote(prefix + res['resource_name']),
                                         ', '.join(attrs)))
            for dependent in sorted(res.get('required_by') or ()):
                if dependent in names:
                    edges.append('  %s -> %s;' % (quote(prefix + res['resource_name']),
                                                  quote(prefix + dependent)))


def _stack_name_of(resources: list[dict], stack_id: str) -> str:
    for res in resources:
        if res.get('stack_name'):
            return res['stack_name']
        for link in res.get('links') or ():
            if link.get('rel') == 'stack':
                parts = link.get('href', '').rstrip('/').split('/')
                if len(parts) >= 2 and parts[-1] == stack_id:
                    from urllib.parse import unquote
                    return unquote(parts[-2])
    return stack_id


def render(dot_text: str, fmt: str, dot_program: str | None = None) -> bytes:
    """``dot_text`` drawn by Graphviz in ``fmt`` (svg, png)."""
    program = dot_program or shutil.which('dot')
    if not program:
        raise CommandError("--format %s needs Graphviz's dot program, which is not on PATH: "
                           "install Graphviz (%s) or use --format dot" % (fmt, INSTALL_HINT))
    try:
        done = subprocess.run([program, '-T' + fmt], input=dot_text.encode('utf-8'),
                              capture_output=True, timeout=300)
    except OSError as exc:
        raise CommandError('Could not run %s: %s' % (program, exc.strerror or exc)) from None
    if done.returncode != 0:
        message = (done.stderr.decode('utf-8', 'replace').strip().splitlines() or ['failed'])[0]
        raise CommandError('dot -T%s: %s' % (fmt, message))
    return done.stdout


class StackGraph(common.StackCommand):
    """Draw a stack's resources and their dependencies (Graphviz)"""

    def get_parser(self, prog_name):
        parser = super().get_parser(prog_name)
        parser.add_argument('stack', metavar='<stack>', help='Name or ID of stack to draw')
        parser.add_argument('--format', dest='graph_format', metavar='<format>',
                            choices=FORMATS, default='dot',
                            help='Output format: dot (Graphviz text, the default), svg or '
                            "png (drawn by Graphviz's dot program)")
        parser.add_argument('--output', metavar='<file>',
                            help='Write the graph to this file instead of stdout')
        parser.add_argument('-n', '--nested-depth', metavar='<nested-depth>', type=int,
                            default=0, help='Depth of nested stacks to draw, each as a '
                            'cluster (default 0: only this stack)')
        return parser

    def take_action(self, parsed_args):
        if parsed_args.nested_depth < 0:
            raise CommandError('--nested-depth must not be negative')
        fmt = parsed_args.graph_format
        if fmt != 'dot' and not shutil.which('dot'):
            render('', fmt)        # the one-line "install Graphviz" error, before any call
        stack = common.get_stack(self.client, parsed_args.stack)
        with common.not_found('Stack not found: %s' % parsed_args.stack):
            resources = self.client.list_resources(
                stack['id'], nested_depth=parsed_args.nested_depth or None)
        text = Graph(stack, resources).dot()
        data = text.encode('utf-8') if fmt == 'dot' else render(text, fmt)
        if parsed_args.output:
            try:
                with open(parsed_args.output, 'wb') as f:
                    f.write(data)
            except OSError as exc:
                raise CommandError('Could not write %s: %s' % (
                    parsed_args.output, exc.strerror or exc)) from None
            return 0
        if fmt == 'png' and _is_terminal(self.app.stdout):
            raise CommandError('PNG is binary: give --output FILE (or redirect stdout)')
        out = getattr(self.app.stdout, 'buffer', None)
        if out is None:
            self.app.stdout.write(data.decode('utf-8', 'replace'))
        else:
            self.app.stdout.flush()
            out.write(data)
            out.flush()
        return 0


def _is_terminal(stream) -> bool:
    try:
        return os.isatty(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return False
