"""What showing a stack keeps between calls (parsed templates, parameter
values) never shows stale or foreign data: entries are keyed by the raw
template row (id and creation time) and the given parameter values, the
stack row and its resources are read on every call, and the tenant is
checked before any entry is used."""

import textwrap

from sqlalchemy import event, update

from heat_core.engine.cache import LRUCache, ReadCache
from heat_core.engine.context import RequestContext
from heat_core.engine.service import StackNotFound
from heat_core.engine.store import R, T
from tests import base

FIRST = '''
    heat_template_version: 2018-08-31
    description: the first template
    parameters:
      name: {type: string, default: one}
      password: {type: string, hidden: true, default: first-secret}
    resources:
      thing: {type: OS::Heat::None}
    outputs:
      thing_id: {value: {get_resource: thing}, description: first output}
      name: {value: {get_param: name}}
      secret: {value: {get_param: password}}
'''
SECOND = '''
    heat_template_version: 2018-08-31
    description: the second template
    parameters:
      name: {type: string, default: two}
    resources:
      thing: {type: OS::Heat::None}
    outputs:
      greeting: {value: {list_join: [' ', [hello, {get_param: name}]]}}
'''


def outputs(shown: dict) -> dict:
    return {o['output_key']: o['output_value'] for o in shown['outputs']}


class ShowStackCacheTest(base.EngineTestCase):

    def show(self, name_or_id='stack', ctx=None):
        return self.service.show_stack(ctx or self.ctx, name_or_id)

    def test_a_second_show_is_answered_from_the_parsed_template_kept(self):
        row = self.create(FIRST)
        first = self.show(row['id'])
        cache = self.service._read_cache()
        misses = cache.templates.misses
        self.assertEqual(first, self.show(row['id']))
        self.assertEqual(misses, cache.templates.misses)
        self.assertEqual(1, len(cache.templates))

    def test_reads_after_a_create_use_the_template_the_create_parsed(self):
        parsed = []
        from heat_core.engine import cache as cache_module
        self.patch(cache_module, 'parse',
                   lambda raw, _parse=cache_module.parse: parsed.append(raw) or _parse(raw))
        row = self.create(FIRST, params={'password': 'given-secret'})
        events = self.service.list_events(self.ctx, row['id'])
        shown = self.show(row['id'])
        self.assertEqual([], parsed)
        self.assertEqual(('CREATE_COMPLETE', 'the first template', '******'),
                         (shown['stack_status'], shown['description'], outputs(shown)['secret']))
        self.assertNotIn('given-secret', repr(events) + repr(shown))
        self.assertEqual(1, len(self.service._read_cache().templates))

    def test_show_after_update_gives_the_new_templates_description_and_outputs(self):
        row = self.create(FIRST)
        self.assertEqual('the first template', self.show(row['id'])['description'])
        self.service.update_stack(self.ctx, 'stack', textwrap.dedent(SECOND), wait=True)
        shown = self.show(row['id'])
        self.assertEqual(('the second template', 'UPDATE_COMPLETE'),
                         (shown['description'], shown['stack_status']))
        self.assertEqual({'greeting': 'hello two'}, outputs(shown))

    def test_show_after_new_parameter_values_gives_the_new_values(self):
        row = self.create(FIRST, params={'name': 'alpha'})
        self.assertEqual('alpha', outputs(self.show(row['id']))['name'])
        self.service.update_stack(self.ctx, 'stack', existing=True, params={'name': 'beta'},
                                  wait=True)
        shown = self.show(row['id'])
        self.assertEqual(('beta', 'beta'), (outputs(shown)['name'],
                                            shown['parameters']['name']))

    def test_a_new_noecho_value_is_masked_after_an_update(self):
        row = self.create(FIRST, params={'password': 'old-secret'})
        self.assertEqual('******', outputs(self.show(row['id']))['secret'])
        self.service.update_stack(self.ctx, 'stack', existing=True,
                                  params={'password': 'new-secret'}, wait=True)
        shown = self.show(row['id'])
        self.assertEqual(('******', '******'), (outputs(shown)['secret'],
                                                shown['parameters']['password']))
        self.assertNotIn('new-secret', repr(shown))

    def test_outputs_follow_the_resources_as_they_are_now(self):
        row = self.create(FIRST)
        self.show(row['id'])
        with self.service.store._write() as c:
            c.execute(update(R).where(R.c.stack_id == row['id'])
                      .values(physical_resource_id='changed-id'))
        self.assertEqual('changed-id', outputs(self.show(row['id']))['thing_id'])

    def test_the_stack_row_is_read_on_every_show(self):
        row = self.create(FIRST)
        self.show(row['id'])
        self.service.store.update_stack(row['id'], status_reason='read again')
        self.assertEqual('read again', self.show(row['id'])['stack_status_reason'])

    def test_a_template_row_created_again_under_the_same_id_is_parsed_again(self):
        # raw templates are never changed; a purge could let SQLite hand out
        # a deleted row's id again: the row's creation time tells them apart
        row = self.create(FIRST)
        self.assertEqual('the first template', self.show(row['id'])['description'])
        with self.service.store._write() as c:
            c.execute(update(T).where(T.c.id == row['raw_template_id']).values(
                template=textwrap.dedent(SECOND), created_at=row['created_at'].replace(
                    year=row['created_at'].year + 1)))
        shown = self.show(row['id'])
        self.assertEqual('the second template', shown['description'])
        self.assertEqual({'greeting': 'hello two'}, outputs(shown))

    def test_another_tenant_cannot_show_a_stack_whose_template_is_kept(self):
        row = self.create(FIRST)
        self.show(row['id'])
        intruder = RequestContext(tenant='tenant-b', user='mallory')
        for name_or_id in (row['id'], 'stack'):
            self.assertRaises(StackNotFound, self.show, name_or_id, intruder)

    def test_another_tenants_stack_of_the_same_name_shows_its_own_data(self):
        self.create(FIRST, params={'name': 'mine'})
        other = RequestContext(tenant='tenant-b', user='bob')
        self.service.create_stack(other, 'stack', textwrap.dedent(SECOND),
                                  params={'name': 'theirs'}, wait=True)
        self.assertEqual('mine', outputs(self.show('stack'))['name'])
        self.assertEqual({'greeting': 'hello theirs'}, outputs(self.show('stack', other)))

    def test_a_deleted_stack_shows_by_id_without_outputs(self):
        row = self.create(FIRST)
        self.show(row['id'])
        self.service.delete_stack(self.ctx, 'stack', wait=True)
        shown = self.show(row['id'])
        self.assertEqual('DELETE_COMPLETE', shown['stack_status'])
        self.assertNotIn('outputs', shown)
        self.assertRaises(StackNotFound, self.show, 'stack')

    def test_changed_operator_policy_parses_the_template_again(self):
        row = self.create(FIRST)
        self.assertEqual('CREATE_COMPLETE', self.show(row['id'])['stack_status'])
        self.config(group='resources', disabled_types=['OS::Heat::None'])
        shown = self.show(row['id'])
        # the live stack cannot be built with the type disabled: the stored
        # outputs of the last operation are shown instead
        self.assertEqual(2, len(self.service._read_cache().templates))
        self.assertEqual('one', outputs(shown)['name'])

    def test_show_by_id_runs_one_query(self):
        row = self.create(FIRST)
        self.show(row['id'])
        statements = []
        # SQLite reads run on the DBAPI connection, others through SQLAlchemy
        reader = self.service._reader()
        fetch = reader._fetch

        def counted_fetch(sql, params):
            statements.append(sql)
            return fetch(sql, params)

        def counted_execute(conn, cursor, sql, *args):
            statements.append(sql)
        reader._fetch = counted_fetch
        engine = self.service.store.engine
        event.listen(engine, 'before_cursor_execute', counted_execute)
        self.addCleanup(event.remove, engine, 'before_cursor_execute', counted_execute)
        self.show(row['id'])
        self.assertEqual(1, len(statements))


class ShowStackCachePostgresTest(ShowStackCacheTest):
    """The same on PostgreSQL (the query runs through SQLAlchemy there)."""
    backend = 'postgresql'


class LRUCacheTest(base.TestCase):

    def test_keeps_the_entries_used_last(self):
        cache = LRUCache(2)
        cache.get_or_build('a', lambda: 1)
        cache.get_or_build('b', lambda: 2)
        cache.get_or_build('a', lambda: 'not built')     # 'a' used last
        cache.get_or_build('c', lambda: 3)
        self.assertEqual((2, True, False, True), (len(cache), 'a' in cache, 'b' in cache,
                                                  'c' in cache))

    def test_builds_an_entry_once_while_it_is_kept(self):
        cache = LRUCache(4)
        built = []
        for _ in range(3):
            cache.get_or_build('k', lambda: built.append(1) or len(built))
        self.assertEqual(([1], 2, 1), (built, cache.hits, cache.misses))

    def test_read_cache_is_bounded(self):
        cache = ReadCache(templates_max=2, values_max=3)
        raw = {'template': 'heat_template_version: 2018-08-31\n', 'template_name': 't',
               'environment': [], 'files': {}}
        for i in range(5):
            for p in range(2):
                cache.stack_view(i, None, {'p': p}, lambda: raw)
        self.assertEqual((2, 3), (len(cache.templates), len(cache.values)))

    def test_a_size_below_one_is_refused(self):
        self.assertRaises(ValueError, LRUCache, 0)
