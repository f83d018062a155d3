"""The embedded identity store: projects, users, roles, tokens, EC2 keys."""

from __future__ import annotations

import datetime

from sqlalchemy import select, text, update

from heat_core.identity import passwords
from heat_core.identity import store as s
from tests import base


class TestPasswords(base.TestCase):

    def test_a_hash_verifies_its_password_only(self):
        stored = passwords.hash_password('correct horse')
        self.assertTrue(stored.startswith('scrypt$16384$8$1$'))
        self.assertTrue(passwords.verify_password('correct horse', stored))
        self.assertFalse(passwords.verify_password('wrong', stored))

    def test_hashes_are_salted(self):
        self.assertNotEqual(passwords.hash_password('x'), passwords.hash_password('x'))

    def test_nothing_verifies_against_no_hash_or_garbage(self):
        self.assertFalse(passwords.verify_password('x', None))
        self.assertFalse(passwords.verify_password('x', 'md5$abc'))
        self.assertFalse(passwords.verify_password('x', 'scrypt$nope'))


class IdentityTestCase(base.TestCase):

    backend = 'sqlite'

    def setUp(self):
        super().setUp()
        base.DatabaseFixture(self, self.backend).setUp()
        self.store = s.IdentityStore()


class TestEnsure(IdentityTestCase):

    def test_ensure_is_idempotent(self):
        first = self.store.ensure_project('demo')
        self.assertEqual(first['id'], self.store.ensure_project('demo')['id'])
        user = self.store.ensure_user('alice', 'pw')
        self.assertEqual(user['id'], self.store.ensure_user('alice')['id'])
        self.assertEqual(self.store.ensure_role('admin')['id'],
                         self.store.ensure_role('admin')['id'])

    def test_a_project_may_be_given_its_id_when_created(self):
        self.assertEqual('local', self.store.ensure_project('local', project_id='local')['id'])
        self.assertEqual('local', self.store.ensure_project('local', project_id='other')['id'])
        self.assertEqual('local', self.store.get_project('local')['id'])

    def test_a_given_password_replaces_the_stored_one(self):
        self.store.ensure_user('alice', 'old')
        project = self.store.ensure_project('demo')
        user = self.store.ensure_user('alice', 'new')
        self.store.grant(user['id'], project['id'], 'member')
        self.assertIsNone(self.store.authenticate('alice', 'old', 'demo'))
        self.assertIsNotNone(self.store.authenticate('alice', 'new', 'demo'))

    def test_grants_are_idempotent_and_roles_listed(self):
        project = self.store.ensure_project('demo')
        user = self.store.ensure_user('alice')
        for role in ('member', 'admin', 'member'):
            self.store.grant(user['id'], project['id'], role)
        self.assertEqual(['admin', 'member'], self.store.roles(user['id'], project['id']))


class TestTokens(IdentityTestCase):

    def setUp(self):
        super().setUp()
        self.project = self.store.ensure_project('demo')
        self.user = self.store.ensure_user('alice')
        self.store.grant(self.user['id'], self.project['id'], 'admin')

    def test_a_token_names_its_user_project_and_roles(self):
        token, expires = self.store.issue_token(self.user['id'], self.project['id'], ttl=60)
        principal = self.store.validate_token(token)
        self.assertEqual((self.user['id'], 'alice', self.project['id'], 'demo', ('admin',)),
                         (principal.user_id, principal.user_name, principal.project_id,
                          principal.project_name, principal.roles))
        self.assertTrue(principal.is_admin)
        self.assertEqual(expires, principal.expires_at)

    def test_tokens_last_token_expiration_seconds(self):
        self.config('auth', token_expiration=120)
        _token, expires = self.store.issue_token(self.user['id'], self.project['id'])
        left = (expires - datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None))
        self.assertAlmostEqual(120, left.total_seconds(), delta=5)

    def test_unknown_expired_and_revoked_tokens_are_invalid(self):
        self.assertIsNone(self.store.validate_token('nope'))
        self.assertIsNone(self.store.validate_token(''))
        token, _ = self.store.issue_token(self.user['id'], self.project['id'])
        self.store.revoke_token(token)
        self.assertIsNone(self.store.validate_token(token))
        token, _ = self.store.issue_token(self.user['id'], self.project['id'])
        with self.store.engine.begin() as c:
            c.execute(update(s.TOKEN).values(expires_at=datetime.datetime(2000, 1, 1)))
        self.assertIsNone(self.store.validate_token(token))

    def test_a_disabled_user_has_no_valid_token(self):
        token, _ = self.store.issue_token(self.user['id'], self.project['id'])
        with self.store.engine.begin() as c:
            c.execute(update(s.USER).values(enabled=False))
        self.assertIsNone(self.store.validate_token(token))

    def test_tokens_are_stored_as_digests_only(self):
        token, _ = self.store.issue_token(self.user['id'], self.project['id'])
        with self.store.engine.connect() as c:
            stored = list(c.execute(select(s.TOKEN.c.id)).scalars())
            dump = '\n'.join(str(r) for r in c.execute(text('SELECT * FROM identity_token')))
        self.assertEqual([s.token_digest(token)], stored)
        self.assertNotIn(token, dump)

    def test_tokens_can_be_given_as_command_line_option_values(self):
        # argparse takes "--os-auth-token -abc..." for two options: no
        # token may start with "-" (1 in 64 URL-safe base64 tokens did)
        tokens = [self.store.issue_token(self.user['id'], self.project['id'])[0]
                  for _ in range(300)]
        self.assertEqual([], [t for t in tokens if t.startswith('-')])
        self.assertEqual(300, len(set(tokens)))
        self.assertTrue(all(len(t) >= 43 for t in tokens))   # 256 bits or more

    def test_issuing_purges_expired_tokens(self):
        self.store.issue_token(self.user['id'], self.project['id'])
        with self.store.engine.begin() as c:
            c.execute(update(s.TOKEN).values(expires_at=datetime.datetime(2000, 1, 1)))
        self.store.issue_token(self.user['id'], self.project['id'])
        with self.store.engine.connect() as c:
            self.assertEqual(1, len(c.execute(select(s.TOKEN.c.id)).all()))


class TestPasswordsAndKeys(IdentityTestCase):

    def setUp(self):
        super().setUp()
        self.project = self.store.ensure_project('demo')
        self.user = self.store.ensure_user('alice', 'pw')
        self.store.grant(self.user['id'], self.project['id'], 'member')

    def test_authenticate_in_a_project_by_id_or_name(self):
        for project in (self.project['id'], 'demo'):
            principal = self.store.authenticate('alice', 'pw', project)
            self.assertEqual((self.project['id'], ('member',)),
                             (principal.project_id, principal.roles))
            self.assertFalse(principal.is_admin)

    def test_wrong_password_unknown_user_or_project_fail(self):
        self.assertIsNone(self.store.authenticate('alice', 'wrong', 'demo'))
        self.assertIsNone(self.store.authenticate('nobody', 'pw', 'demo'))
        self.assertIsNone(self.store.authenticate('alice', 'pw', 'nowhere'))
        self.assertIsNone(self.store.authenticate('alice', 'pw', None))

    def test_a_user_without_a_role_in_the_project_fails(self):
        self.store.ensure_project('other')
        self.assertIsNone(self.store.authenticate('alice', 'pw', 'other'))

    def test_a_user_without_a_password_cannot_use_one(self):
        user = self.store.ensure_user('bot')
        self.store.grant(user['id'], self.project['id'], 'member')
        self.assertIsNone(self.store.authenticate('bot', '', 'demo'))

    def test_ec2_credentials_are_made_once_and_found_by_access_key(self):
        access, secret = self.store.ec2_credential(self.user['id'], self.project['id'])
        self.assertEqual((access, secret),
                         self.store.ec2_credential(self.user['id'], self.project['id']))
        found_secret, principal = self.store.find_ec2_credential(access)
        self.assertEqual(secret, found_secret)
        self.assertEqual(('alice', 'demo'), (principal.user_name, principal.project_name))
        self.assertIsNone(self.store.find_ec2_credential('nope'))


class TestBootstrap(IdentityTestCase):

    def test_bootstrap_makes_an_admin_with_a_token_and_keys(self):
        result = self.store.bootstrap('demo', 'alice', 'pw')
        self.assertEqual({'project_id', 'token', 'ec2_access_key', 'ec2_secret_key'},
                         set(result))
        principal = self.store.validate_token(result['token'])
        self.assertEqual((result['project_id'], 'alice', ('admin',)),
                         (principal.project_id, principal.user_name, principal.roles))
        self.assertIsNotNone(self.store.authenticate('alice', 'pw', 'demo'))

    def test_bootstrap_again_keeps_everything_but_the_token(self):
        first = self.store.bootstrap('demo', 'alice', 'pw')
        again = self.store.bootstrap('demo', 'alice')
        self.assertEqual((first['project_id'], first['ec2_access_key'], first['ec2_secret_key']),
                         (again['project_id'], again['ec2_access_key'], again['ec2_secret_key']))
        self.assertNotEqual(first['token'], again['token'])
        self.assertIsNotNone(self.store.validate_token(first['token']))
        self.assertIsNotNone(self.store.authenticate('alice', 'pw', 'demo'))

    def test_bootstrap_with_another_role(self):
        result = self.store.bootstrap('demo', 'bob', role='member')
        self.assertEqual(('member',), self.store.validate_token(result['token']).roles)


class TestTokensPostgres(TestTokens):
    backend = 'postgresql'


class TestPasswordsAndKeysPostgres(TestPasswordsAndKeys):
    backend = 'postgresql'


class TestBootstrapPostgres(TestBootstrap):
    backend = 'postgresql'
