"""heat_core.engine.deferred: stand-ins for modules taskflow imports but
Heat's flows never use."""

import os
import subprocess
import sys
import tempfile
import textwrap
import threading

import testtools

from heat_core.engine import deferred


class DeferredModulesTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.dir = tempfile.mkdtemp(prefix='heat-deferred-')
        self.pkg = 'heatdeferredpkg%d' % id(self)
        os.makedirs(os.path.join(self.dir, self.pkg))
        with open(os.path.join(self.dir, self.pkg, '__init__.py'), 'w') as f:
            f.write('')
        # the module counts its own executions in the package
        with open(os.path.join(self.dir, self.pkg, 'slow.py'), 'w') as f:
            f.write(textwrap.dedent('''\
                import sys, time
                _pkg = sys.modules[__name__.rpartition('.')[0]]
                _pkg.loads = getattr(_pkg, 'loads', 0) + 1
                time.sleep(0.05)        # a second thread arrives meanwhile
                VALUE = 42

                def double(x):
                    return 2 * x
                '''))
        sys.path.insert(0, self.dir)
        self.addCleanup(sys.path.remove, self.dir)
        self.addCleanup(self._forget)

    def _forget(self):
        for name in list(sys.modules):
            if name == self.pkg or name.startswith(self.pkg + '.'):
                del sys.modules[name]

    def test_stand_in_until_an_attribute_is_read(self):
        name = self.pkg + '.slow'
        deferred.defer([name])
        pkg = sys.modules[self.pkg]
        self.assertIsInstance(sys.modules[name], deferred._StandIn)
        self.assertFalse(hasattr(pkg, 'loads'))
        # importing it (either way) gives the stand-in and runs nothing
        top = __import__(name)                                      # import pkg.slow
        from_import = __import__(self.pkg, fromlist=['slow']).slow  # from pkg import slow
        self.assertIs(from_import, sys.modules[name])
        self.assertIs(top.slow, from_import)
        self.assertFalse(hasattr(pkg, 'loads'))
        # the first attribute read loads it
        self.assertEqual(42, from_import.VALUE)
        self.assertEqual(1, pkg.loads)
        self.assertEqual(8, from_import.double(4))
        self.assertNotIsInstance(sys.modules[name], deferred._StandIn)
        self.assertEqual(1, pkg.loads)

    def test_threads_reading_at_once_load_it_once(self):
        name = self.pkg + '.slow'
        deferred.defer([name])
        stand_in = sys.modules[name]
        seen, errors = [], []
        start = threading.Barrier(6)

        def read():
            try:
                start.wait()
                seen.append(stand_in.VALUE)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=read) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual([], errors)
        self.assertEqual([42] * 6, seen)
        self.assertEqual(1, sys.modules[self.pkg].loads)

    def test_imported_or_missing_modules_are_left_alone(self):
        name = self.pkg + '.slow'
        __import__(name)
        real = sys.modules[name]
        deferred.defer([name, self.pkg + '.missing', 'heat_no_such_package.mod'])
        self.assertIs(real, sys.modules[name])
        self.assertNotIn(self.pkg + '.missing', sys.modules)
        self.assertNotIn('heat_no_such_package.mod', sys.modules)

    def test_a_failing_load_can_be_retried(self):
        with open(os.path.join(self.dir, self.pkg, 'broken.py'), 'w') as f:
            f.write('raise RuntimeError("not today")\n')
        name = self.pkg + '.broken'
        deferred.defer([name])
        stand_in = sys.modules[name]
        self.assertRaises(RuntimeError, getattr, stand_in, 'anything')
        self.assertIs(stand_in, sys.modules[name])


class WalkerImportTest(testtools.TestCase):

    def test_the_engine_leaves_what_taskflow_does_not_use_unloaded(self):
        # a fresh interpreter: this test process may have imported them already
        code = ('import sys, heat_core.engine.walker\n'
                'from taskflow.types import failure\n'
                'print(sorted(m for m in ("jsonschema", "psutil", "msgpack") '
                'if m in sys.modules))\n'
                'failure.Failure.from_exception(ValueError("x")).to_dict()\n'
                'print("jsonschema" in sys.modules)\n'
                'try:\n'
                '    failure.Failure.validate({})\n'
                'except Exception as exc:\n'
                '    print(type(exc).__name__, "jsonschema" in sys.modules)\n')
        out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                             check=True).stdout.split('\n')
        self.assertEqual(['[]', 'False', 'InvalidFormat True'], out[:3])
