"""``heat-manage bootstrap``, run as an operator runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

from tests import base


def heat_manage() -> str:
    here = os.path.join(os.path.dirname(sys.executable), 'heat-manage')
    return here if os.path.exists(here) else shutil.which('heat-manage')


class TestBootstrapCommand(base.TestCase):

    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix='heat-test-boot-')
        self.addCleanup(shutil.rmtree, self.home, True)
        self.conf = os.path.join(self.home, 'heat.conf')
        with open(self.conf, 'w', encoding='utf-8') as f:
            f.write('[database]\nconnection = sqlite:///%s\n[auth]\ntoken_expiration = 600\n'
                    % os.path.join(self.home, 'ids.sqlite'))

    def bootstrap(self, *args) -> subprocess.CompletedProcess:
        return subprocess.run(
            [heat_manage(), '--config-file', self.conf, 'bootstrap', *args],
            env=dict(os.environ, XDG_DATA_HOME=self.home), capture_output=True, text=True,
            timeout=120)

    def test_prints_exactly_one_json_document_and_logs_to_stderr(self):
        done = self.bootstrap('--project', 'demo', '--user', 'admin', '--password', 'pw')
        self.assertEqual(0, done.returncode, done.stderr)
        result = json.loads(done.stdout)
        self.assertEqual({'project_id', 'token', 'ec2_access_key', 'ec2_secret_key'},
                         set(result))
        self.assertEqual(1, done.stdout.count('\n'))
        self.assertIn('has role admin in project demo', done.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.home, 'ids.sqlite')))

    def test_is_idempotent(self):
        first = json.loads(self.bootstrap('--project', 'demo', '--user', 'admin').stdout)
        again = json.loads(self.bootstrap('--project', 'demo', '--user', 'admin').stdout)
        self.assertEqual(first['project_id'], again['project_id'])
        self.assertEqual(first['ec2_access_key'], again['ec2_access_key'])
        self.assertNotEqual(first['token'], again['token'])

    def test_project_id_and_role(self):
        done = self.bootstrap('--project', 'local', '--project-id', 'local', '--user', 'bob',
                              '--role', 'member')
        self.assertEqual('local', json.loads(done.stdout)['project_id'])

    def test_the_project_and_user_are_required(self):
        done = self.bootstrap('--project', 'demo')
        self.assertEqual(2, done.returncode)
        self.assertEqual('', done.stdout)
        self.assertIn('--user', done.stderr)
