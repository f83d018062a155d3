"""Shared test helpers."""

from __future__ import annotations

import textwrap

import testtools

from heat_core import config
from heat_core.template import loader


class TestCase(testtools.TestCase):
    """Base test case: configuration reset to built-in defaults."""

    def setUp(self):
        super().setUp()
        config.load([])
        self.addCleanup(config.CONF.reset)

    def config(self, group=None, **kwargs):
        """Override options for this test."""
        for name, value in kwargs.items():
            config.CONF.set_override(name, value, group)
        self.addCleanup(lambda: [config.CONF.clear_override(n, group) for n in kwargs])

    def validate(self, text, name='template.yaml', env=None, params=None, files=None,
                 cloud=None):
        """Validate template text (dedented); returns the Loaded result."""
        env_texts = [(textwrap.dedent(e), 'env%d.yaml' % i) for i, e in enumerate(env or [])]
        return loader.validate(textwrap.dedent(text), name, env_texts, params, files, cloud)

    def errors(self, text, **kwargs):
        """Error strings ('PATH: message') of validating template text."""
        from heat_core.errors import format_path
        loaded = self.validate(text, **kwargs)
        return ['%s: %s' % (format_path(i.path), i.message) for i in loaded.issues.errors]

    def assertValid(self, text, **kwargs):
        loaded = self.validate(text, **kwargs)
        self.assertEqual([], [str(i) for i in loaded.issues.errors])
        return loaded.template
