"""``heat stack graph``: the installed ``heat`` drawing real stacks (local
mode; remote mode is in ``test_cli_stack_remote``), and the DOT it writes
for resource lists of every status."""

from __future__ import annotations

import os
import re
import shutil

import testtools

from heat_cli import graph
from tests.functional.test_cli_stack import FAILING, INNER, OUTER, StackCliTestCase

#: a node line: "name" [label="...", fillcolor=colour, ...];
NODE = re.compile(r'^\s*"([^"]+)" \[label="([^"]*)", fillcolor=(\w+)')
EDGE = re.compile(r'^\s*"([^"]+)" -> "([^"]+)"( \[[^]]*\])?;$')


def nodes(dot: str) -> dict:
    """``{node id: (label, fill colour)}`` of DOT text written by ``heat``."""
    return {m.group(1): (m.group(2), m.group(3))
            for m in map(NODE.match, dot.splitlines()) if m}


def edges(dot: str) -> list:
    return sorted((m.group(1), m.group(2)) for m in map(EDGE.match, dot.splitlines()) if m)


def without_dot_env(env: dict) -> dict:
    """``env`` with a PATH that has no Graphviz ``dot``."""
    out = dict(env)
    out['PATH'] = os.pathsep.join(p for p in env.get('PATH', '').split(os.pathsep)
                                  if p and not os.path.exists(os.path.join(p, 'dot')))
    return out


class TestGraphLocal(StackCliTestCase):

    def test_dot_has_a_node_per_resource_and_the_dependency_edges(self):
        self.create()
        result = self.heat('stack', 'graph', 'hello')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertTrue(result.stdout.startswith('digraph "hello" {\n'), result.stdout)
        self.assertTrue(result.stdout.endswith('}\n'))
        found = nodes(result.stdout)
        self.assertEqual({'message': ('message\\nOS::Heat::Value\\nCREATE_COMPLETE', 'palegreen'),
                          'store': ('store\\nOS::Heat::TestResource\\nCREATE_COMPLETE',
                                    'palegreen')}, found)
        # store uses message's value: message is required by store
        self.assertEqual([('message', 'store')], edges(result.stdout))

    def test_failed_resources_are_red_and_complete_ones_green(self):
        self.write('failing.yaml', FAILING)
        self.heat('stack', 'create', '--disable-rollback', '-t', 'failing.yaml', 'bad')
        found = nodes(self.heat('stack', 'graph', 'bad').stdout)
        self.assertEqual({'good': 'palegreen', 'boom': 'lightcoral'},
                         {name: colour for name, (_, colour) in found.items()})

    def test_nested_stacks_are_clusters_owned_by_their_resource(self):
        self.write('inner.yaml', INNER)
        self.write('outer.yaml', OUTER)
        self.create('nest', 'outer.yaml')
        flat = self.heat('stack', 'graph', 'nest').stdout
        self.assertEqual(['child'], list(nodes(flat)))
        self.assertNotIn('subgraph', flat)
        result = self.heat('stack', 'graph', 'nest', '--nested-depth', '1')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual(['child', 'child.leaf'], sorted(nodes(result.stdout)))
        cluster = re.search(r'subgraph "cluster_[^"]+" \{\n(.*?)\n  \}', result.stdout, re.S)
        self.assertIsNotNone(cluster, result.stdout)
        self.assertIn('"child.leaf" [', cluster.group(1))
        self.assertEqual([('child', 'child.leaf')], edges(result.stdout))

    def test_output_file(self):
        self.create()
        result = self.heat('stack', 'graph', 'hello', '--output', 'hello.dot')
        self.assertEqual(('', '', 0), (result.stdout, result.stderr, result.returncode))
        with open(os.path.join(self.dir, 'hello.dot'), encoding='utf-8') as f:
            self.assertEqual([('message', 'store')], edges(f.read()))

    def test_unknown_stack(self):
        result = self.heat('stack', 'graph', 'nosuch')
        self.assertEqual(('Stack not found: nosuch\n', 1), (result.stderr, result.returncode))

    def test_unknown_format_is_a_usage_error(self):
        result = self.heat('stack', 'graph', 'hello', '--format', 'gif')
        self.assertEqual(2, result.returncode)
        self.assertIn("invalid choice: 'gif'", result.stderr)

    @testtools.skipUnless(shutil.which('dot'), 'Graphviz dot is not installed')
    def test_svg_is_drawn_by_graphviz(self):
        self.create()
        result = self.heat('stack', 'graph', 'hello', '--format', 'svg')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        self.assertIn('<svg', result.stdout)
        self.assertIn('<title>message&#45;&gt;store</title>', result.stdout)
        self.assertTrue(result.stdout.rstrip().endswith('</svg>'))

    @testtools.skipUnless(shutil.which('dot'), 'Graphviz dot is not installed')
    def test_png_to_a_file(self):
        self.create()
        result = self.heat('stack', 'graph', 'hello', '--format', 'png', '--output', 'g.png')
        self.assertEqual(('', 0), (result.stderr, result.returncode))
        with open(os.path.join(self.dir, 'g.png'), 'rb') as f:
            self.assertEqual(b'\x89PNG\r\n\x1a\n', f.read(8))

    def test_without_dot_svg_is_a_one_line_error_naming_the_install(self):
        self.create()
        self.env = without_dot_env(self.env)
        result = self.heat('stack', 'graph', 'hello', '--format', 'svg')
        self.assertEqual(1, result.returncode)
        self.assertEqual(1, len(result.stderr.splitlines()), result.stderr)
        self.assertIn("Graphviz's dot program", result.stderr)
        self.assertIn('apt-get install graphviz', result.stderr)
        # DOT text needs no Graphviz
        self.assertEqual(0, self.heat('stack', 'graph', 'hello').returncode)


def _res(name, status, required_by=(), stack='top', physical='', type_='OS::Heat::None'):
    return {'resource_name': name, 'resource_status': status, 'resource_type': type_,
            'physical_resource_id': physical, 'required_by': list(required_by),
            'links': [{'rel': 'stack', 'href': 'http://h/v1/t/stacks/%s/%s-id' % (stack, stack)}]}


class TestDot(testtools.TestCase):
    """The DOT of resource lists the engine rarely shows (statuses in flight)."""

    def test_colours_by_status(self):
        stack = {'id': 'top-id', 'stack_name': 'top', 'stack_status': 'UPDATE_IN_PROGRESS'}
        dot = graph.Graph(stack, [_res('a', 'CREATE_COMPLETE', ['b']),
                                  _res('b', 'UPDATE_IN_PROGRESS', ['c']),
                                  _res('c', 'DELETE_FAILED'), _res('d', 'INIT_COMPLETE'),
                                  _res('e', '')]).dot()
        self.assertEqual({'a': 'palegreen', 'b': 'yellow', 'c': 'lightcoral',
                          'd': 'palegreen', 'e': 'lightgrey'},
                         {k: v[1] for k, v in nodes(dot).items()})
        self.assertEqual([('a', 'b'), ('b', 'c')], edges(dot))

    def test_names_are_quoted(self):
        stack = {'id': 'top-id', 'stack_name': 'my "stack"', 'stack_status': 'CREATE_COMPLETE'}
        dot = graph.Graph(stack, [_res('we\\ird"name', 'CREATE_COMPLETE',
                                       physical='phys-1')]).dot()
        self.assertIn('digraph "my \\"stack\\"" {', dot)
        self.assertIn('"we\\\\ird\\"name" [label="we\\\\ird\\"name\\n', dot)
        self.assertIn('tooltip="phys-1"', dot)

    def test_edges_to_resources_not_listed_are_left_out(self):
        stack = {'id': 'top-id', 'stack_name': 'top', 'stack_status': 'CREATE_FAILED'}
        dot = graph.Graph(stack, [_res('a', 'CREATE_COMPLETE', ['never_created'])]).dot()
        self.assertEqual([], edges(dot))
        self.assertEqual(['a'], list(nodes(dot)))

    def test_nested_cluster_label_names_the_owner_and_the_nested_stack(self):
        stack = {'id': 'top-id', 'stack_name': 'top', 'stack_status': 'CREATE_COMPLETE'}
        dot = graph.Graph(stack, [
            _res('owner', 'CREATE_COMPLETE', physical='inner-id'),
            _res('x', 'CREATE_COMPLETE', ['y'], stack='inner'),
            _res('y', 'CREATE_FAILED', stack='inner')]).dot()
        self.assertIn('subgraph "cluster_inner-id" {', dot)
        self.assertIn('label="owner (inner)"', dot)
        self.assertEqual([('owner', 'owner.x'), ('owner.x', 'owner.y')], edges(dot))
        self.assertIn('lhead="cluster_inner-id"', dot)
