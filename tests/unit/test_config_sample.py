"""etc/heat/heat.conf.sample is what oslo-config-generator writes today."""

import io
import os

from oslo_config import cfg, generator

from tests import base

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENERATOR_CONF = os.path.join(ROOT, 'etc', 'heat', 'heat-config-generator.conf')
SAMPLE = os.path.join(ROOT, 'etc', 'heat', 'heat.conf.sample')


def generate_sample() -> str:
    """The sample as ``tox -e genconfig`` would write it."""
    conf = cfg.ConfigOpts()
    generator.register_cli_opts(conf)
    conf(['--config-file', GENERATOR_CONF], default_config_files=[], default_config_dirs=[])
    out = io.StringIO()
    generator.generate(conf, output_file=out)
    return out.getvalue()


class TestConfigSample(base.TestCase):

    def test_committed_sample_matches_the_registered_options(self):
        with open(SAMPLE, encoding='utf-8') as f:
            committed = f.read()
        self.assertEqual(committed, generate_sample(),
                         'etc/heat/heat.conf.sample is out of date: run tox -e genconfig')
