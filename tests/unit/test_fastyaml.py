"""The fast YAML reader gives exactly what PyYAML's loader gives, or hands
the text over to it."""

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from heat_core.template import fastyaml, source
from tests import base

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(['yes', 'No', 'on', 'OFF', '0x1F', '1_000', '1:20', '.5', '~', '017',
                     '0o17', '2010-09-09', '2001-12-14t21:59:43.10-05:00', '-.inf', 'null',
                     '', ' lead', 'a: b', '- x', '!Ref', '#c']))
DATA = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=20)


def full_loader(text):
    return yaml.load(text, Loader=source._Loader)


class FastYamlTest(base.TestCase):

    def assertSameAsFullLoader(self, text):
        try:
            fast = fastyaml.load(text, source.SHORT_FORMS)
        except fastyaml.Fallback:
            return
        self.assertEqual(full_loader(text), fast)

    @settings(max_examples=200, deadline=None)
    @given(DATA, st.booleans())
    def test_random_documents_read_the_same(self, data, flow):
        self.assertSameAsFullLoader(yaml.safe_dump(data, default_flow_style=flow))

    def test_yaml_1_1_scalars_and_strings_kept_as_heat_reads_them(self):
        text = ('a: yes\nb: No\nc: 0x1F\nd: 1_000\ne: 1:20\nf: .5\ng: ~\nh: 2010-09-09\n'
                'i: "yes"\nj: \'1\'\n')
        self.assertEqual({'a': True, 'b': False, 'c': 31, 'd': 1000, 'e': 80, 'f': 0.5,
                          'g': None, 'h': '2010-09-09', 'i': 'yes', 'j': '1'},
                         fastyaml.load(text, source.SHORT_FORMS))

    def test_short_forms_become_functions(self):
        text = ('a: !Ref X\nb: !GetAtt A.B.C\nc: !Sub [x, {a: 1}]\n'
                'd: !If [c, !Ref x, !Ref "AWS::NoValue"]\n')
        self.assertEqual({'a': {'Ref': 'X'}, 'b': {'Fn::GetAtt': ['A', 'B.C']},
                          'c': {'Fn::Sub': ['x', {'a': 1}]},
                          'd': {'Fn::If': ['c', {'Ref': 'x'}, {'Ref': 'AWS::NoValue'}]}},
                         fastyaml.load(text, source.SHORT_FORMS))
        self.assertSameAsFullLoader(text)

    def test_unusual_documents_fall_back(self):
        for text in ('a: 1\na: 2\n', '<<: {a: 1}\n', 'a: !!str 1\n', 'x: &a [1]\ny: *a\n',
                     '---\na: 1\n---\nb: 2\n', '? [a]\n: 1\n', 'a: [1,\n'):
            self.assertRaises(fastyaml.Fallback, fastyaml.load, text, source.SHORT_FORMS)

    def test_duplicate_key_is_still_reported_with_its_position(self):
        loaded = self.validate('heat_template_version: 2018-08-31\nresources: {}\n'
                               'resources: {}\n', name='d.yaml')
        self.assertEqual(['d.yaml:3:1: duplicate key "resources"'],
                         [str(i) for i in loaded.issues.errors])
