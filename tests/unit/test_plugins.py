"""heat_core.plugins: a namespace's plugins, each imported on first lookup."""

import importlib.metadata
import os
import sys
import tempfile

import fixtures
import testtools

from heat_core import plugins


class LazyPluginsTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix='heat-plugins-')
        self.pkg = 'heatplugintest%d' % id(self)
        os.makedirs(os.path.join(self.dir, self.pkg))
        for name, body in (('__init__', ''),
                           ('alpha', 'class Alpha:\n    pass\n'),
                           ('beta', 'class Beta:\n    pass\n'),
                           ('broken', 'raise ImportError("no such dependency")\n')):
            with open(os.path.join(self.dir, self.pkg, name + '.py'), 'w') as f:
                f.write(body)
        sys.path.insert(0, self.dir)
        self.addCleanup(sys.path.remove, self.dir)
        self.addCleanup(self._forget)
        self.log = self.useFixture(fixtures.FakeLogger(name='heat_core.plugins'))

    def _forget(self):
        for name in list(sys.modules):
            if name == self.pkg or name.startswith(self.pkg + '.'):
                del sys.modules[name]

    def mapping(self):
        eps = [importlib.metadata.EntryPoint(name, '%s.%s:%s' % (self.pkg, mod, cls), 'test')
               for name, mod, cls in (('Test::Beta', 'beta', 'Beta'),
                                      ('Test::Broken', 'broken', 'Broken'),
                                      ('Test::Alpha', 'alpha', 'Alpha'))]
        return plugins.Plugins('test', eps)

    def imported(self, module):
        return '%s.%s' % (self.pkg, module) in sys.modules

    def test_a_lookup_imports_only_that_plugin(self):
        found = self.mapping()
        self.assertEqual('Alpha', found['Test::Alpha'].__name__)
        self.assertEqual((True, False, False),
                         (self.imported('alpha'), self.imported('beta'), self.imported('broken')))
        self.assertIsNone(found.get('Test::Nothing'))
        self.assertNotIn('Test::Nothing', found)
        self.assertFalse(self.imported('beta'))

    def test_iterating_imports_all_in_entry_point_order_without_the_broken(self):
        found = self.mapping()
        self.assertIs(found['Test::Alpha'], found.get('Test::Alpha'))   # imported first
        self.assertEqual(['Test::Beta', 'Test::Alpha'], list(found))
        self.assertEqual(['Beta', 'Alpha'], [cls.__name__ for cls in found.values()])
        self.assertEqual(2, len(found))
        self.assertIn('Could not load plugin Test::Broken from test: no such dependency',
                      self.log.output)

    def test_a_broken_plugin_is_missing_when_looked_up(self):
        found = self.mapping()
        self.assertNotIn('Test::Broken', found)
        self.assertIsNone(found.get('Test::Broken'))
        self.assertRaises(KeyError, found.__getitem__, 'Test::Broken')
        self.assertEqual(1, self.log.output.count('Could not load plugin Test::Broken'))

    def test_plugins_can_be_added_and_removed(self):
        found = self.mapping()
        found['Test::Added'] = int
        self.assertIs(int, found['Test::Added'])
        self.assertIs(int, found.pop('Test::Added'))
        found['Test::Alpha'] = str          # replaces the entry point, never imported
        self.assertEqual(['Test::Beta', 'Test::Alpha'], list(found))
        self.assertIs(str, found['Test::Alpha'])
        self.assertFalse(self.imported('alpha'))
        del found['Test::Beta']
        self.assertEqual(['Test::Alpha'], list(found))

    def test_the_installed_resource_types_load_one_family_at_a_time(self):
        plugins.reset()
        self.addCleanup(plugins.reset)
        found = plugins.resource_classes()
        self.assertIsInstance(found, plugins.Plugins)
        self.assertEqual('heat_plugins.os_heat.none', found['OS::Heat::None'].__module__)
        self.assertIn('AWS::EC2::Instance', list(found))
