"""Nested stacks of the stack resource types: OS::Heat::Stack (a template
given as a property), AWS::CloudFormation::Stack (a TemplateURL in the
files or fetched over http) and the nesting depth limit."""

import functools
import http.server
import os
import tempfile
import textwrap
import threading
import time

from heat_core.errors import TemplateInvalid
from tests.unit.test_engine_nested import NestedTestCase


class DepthLimitTest(NestedTestCase):

    INNER_INLINE = '''
        heat_template_version: 2018-08-31
        resources:
          outer:
            type: OS::Heat::Stack
            properties:
              template: |
                heat_template_version: 2018-08-31
                resources:
                  inner:
                    type: OS::Heat::Stack
                    properties:
                      template: "heat_template_version: 2018-08-31"
    '''

    def test_too_deep_is_refused_at_validation_naming_the_chain(self):
        self.config(max_nested_stack_depth=1)
        err = self.assertRaises(TemplateInvalid, self.create, self.INNER_INLINE)
        self.assertIn('Nested stacks are more than 1 deep (max_nested_stack_depth): '
                      'template.yaml → template.yaml#outer → template.yaml#outer#inner',
                      str(err))

    def test_too_deep_at_run_time_fails_naming_the_stacks(self):
        # the innermost template is known only at run time
        self.config(max_nested_stack_depth=1)
        self.create('''
            heat_template_version: 2018-08-31
            resources:
              text:
                type: OS::Heat::Value
                properties: {value: "heat_template_version: 2018-08-31"}
              outer:
                type: OS::Heat::Stack
                properties:
                  parameters: {inner: {get_attr: [text, value]}}
                  template: |
                    heat_template_version: 2018-08-31
                    parameters:
                      inner: {type: string}
                    resources:
                      inner:
                        type: OS::Heat::Stack
                        properties: {template: {get_param: inner}}
        ''', disable_rollback=True)
        reason = self.service.show_stack(self.ctx, 'stack')['stack_status_reason']
        self.assertRegex(reason, r'^Resource CREATE failed: outer: Resource CREATE failed: '
                                 r'inner: Nested stacks are more than 1 deep '
                                 r'\(max_nested_stack_depth\): stack → stack-outer-[0-9a-f]{12} '
                                 r'→ stack-outer-[0-9a-f]{12}-inner-[0-9a-f]{12}$')


class HeatStackTest(NestedTestCase):

    TEMPLATE = '''
        heat_template_version: 2018-08-31
        resources:
          sub:
            type: OS::Heat::Stack
            properties:
              parameters: {word: hello}
              timeout: 7
              template: |
                heat_template_version: 2018-08-31
                parameters:
                  word: {type: string}
                resources:
                  r: {type: OS::Heat::TestResource, properties: {value: {get_param: word}}}
                outputs:
                  said: {value: {get_attr: [r, output]}}
        outputs:
          outputs: {value: {get_attr: [sub, outputs]}}
          name: {value: {get_attr: [sub, stack_name]}}
          ref: {value: {get_resource: sub}}
    '''

    def test_creates_a_nested_stack_from_the_template_property(self):
        row = self.create(self.TEMPLATE)
        self.assertEqual('CREATE_COMPLETE', self.status())
        [child] = self.children(row['id'])
        self.assertEqual(7, child['timeout'])
        self.assertEqual({'word': 'hello'}, child['parameters'])
        self.assertEqual({'outputs': {'said': 'hello'}, 'name': child['name'],
                          'ref': child['id']}, self.outputs())

    def test_another_region_is_refused(self):
        err = self.assertRaises(TemplateInvalid, self.create, '''
            heat_template_version: 2018-08-31
            resources:
              sub:
                type: OS::Heat::Stack
                properties:
                  context: {region_name: Elsewhere}
                  template: "heat_template_version: 2018-08-31"
        ''')
        self.assertEqual('template.yaml:7:30: resources.sub.properties.context.region_name: '
                         'Region '
                         '"Elsewhere" is not available: stacks are created in this cloud\'s '
                         'region ("RegionOne") only', str(err))

    def test_undeclared_parameter_is_refused(self):
        err = self.assertRaises(TemplateInvalid, self.create, '''
            heat_template_version: 2018-08-31
            resources:
              sub:
                type: OS::Heat::Stack
                properties:
                  parameters: {nope: 1}
                  template: "heat_template_version: 2018-08-31"
        ''')
        self.assertEqual('template.yaml:7:26: resources.sub.properties.parameters.nope: '
                         'Parameter "nope" is not defined in the nested template', str(err))


CFN_CHILD = '''
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Size: {Type: Number}
Resources:
  R: {Type: OS::Heat::TestResource, Properties: {value: {Ref: Size}}}
Outputs:
  Echo: {Value: {"Fn::GetAtt": [R, output]}}
'''

CFN_PARENT = '''
    AWSTemplateFormatVersion: "2010-09-09"
    Resources:
      Nested:
        Type: AWS::CloudFormation::Stack
        Properties:
          TemplateURL: %s
          TimeoutInMinutes: 3
          Parameters: {Size: 4}
    Outputs:
      Echo: {Value: {"Fn::GetAtt": [Nested, Outputs.Echo]}}
      Ref: {Value: {Ref: Nested}}
'''


class CfnStackTest(NestedTestCase):

    def test_template_url_in_files(self):
        row = self.create(CFN_PARENT % 'child.yaml', files={'child.yaml': CFN_CHILD})
        self.assertEqual('CREATE_COMPLETE', self.status())
        [child] = self.children(row['id'])
        self.assertEqual(3, child['timeout'])
        self.assertEqual({'Echo': '4', 'Ref': 'arn:openstack:heat::tenant-a:stacks/%s/%s' % (
            child['name'], child['id'])}, self.outputs())

    def test_file_url_is_looked_up_in_files(self):
        self.create(CFN_PARENT % 'file:///srv/child.yaml',
                    files={'file:///srv/child.yaml': CFN_CHILD})
        self.assertEqual('4', self.outputs()['Echo'])

    def test_template_url_fetched_over_http(self):
        url = serve(self, CFN_CHILD)
        self.create(CFN_PARENT % url)
        self.assertEqual('CREATE_COMPLETE', self.status())
        self.assertEqual('4', self.outputs()['Echo'])

    def test_unreachable_url_fails_the_resource(self):
        url = serve(self, CFN_CHILD).replace('/child.yaml', '/missing.yaml')
        self.create(CFN_PARENT % url, disable_rollback=True)
        self.assertEqual('Resource CREATE failed: Nested: Could not fetch the template at '
                         '"%s": HTTP 404 File not found' % url,
                         self.service.show_stack(self.ctx, 'stack')['stack_status_reason'])

    def reason(self) -> str:
        return self.service.show_stack(self.ctx, 'stack')['stack_status_reason']

    def assert_fetch_times_out(self, url: str) -> None:
        """A create nesting the template at ``url`` fails within the 1 s
        template_fetch_timeout (plus a margin), saying so."""
        started = time.monotonic()
        self.create(CFN_PARENT % url, disable_rollback=True)
        self.assertLess(time.monotonic() - started, 2.5)
        self.assertEqual('Resource CREATE failed: Nested: Could not fetch the template at '
                         '"%s": no answer within 1 s (template_fetch_timeout)' % url,
                         self.reason())

    def test_a_server_slower_than_template_fetch_timeout_fails_the_resource(self):
        self.config(template_fetch_timeout=1)
        self.assert_fetch_times_out(serve_slowly(self, CFN_CHILD, first_byte_after=3))

    def test_a_template_trickling_in_longer_than_the_timeout_fails(self):
        # every byte comes quickly, the whole template does not
        self.config(template_fetch_timeout=1)
        self.assert_fetch_times_out(serve_slowly(self, CFN_CHILD, byte_every=0.1))

    def test_a_template_larger_than_max_template_size_fails_the_resource(self):
        url = serve(self, CFN_CHILD + '#' * 524288 + '\n')
        row = self.create(CFN_PARENT % url, disable_rollback=True)
        self.assertEqual('CREATE_FAILED', self.status())
        self.assertEqual('Resource CREATE failed: Nested: The template at "%s" is larger than '
                         'the maximum allowed size (524288 bytes, max_template_size)' % url,
                         self.reason())
        self.assertEqual([], self.children(row['id']))

    def test_max_template_size_is_configurable(self):
        self.config(max_template_size=500)   # the parent template is smaller
        url = serve(self, CFN_CHILD + '#' * 500 + '\n')
        self.create(CFN_PARENT % url, disable_rollback=True)
        self.assertIn('is larger than the maximum allowed size (500 bytes, max_template_size)',
                      self.reason())

    def test_file_not_supplied_is_refused(self):
        err = self.assertRaises(TemplateInvalid, self.create, CFN_PARENT % 'child.yaml')
        self.assertEqual('template.yaml:7:20: Resources.Nested.Properties.TemplateURL: '
                         'TemplateURL "child.yaml" was not supplied: it is not among the files '
                         'given with the template (templates the engine fetches must be http or '
                         'https URLs)', str(err))


def serve(test, text: str) -> str:
    """Serve ``text`` as /child.yaml over HTTP on localhost for the test."""
    root = tempfile.mkdtemp()
    with open(os.path.join(root, 'child.yaml'), 'w') as f:
        f.write(textwrap.dedent(text))
    handler = functools.partial(_QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    test.addCleanup(server.server_close)
    test.addCleanup(server.shutdown)
    return 'http://127.0.0.1:%d/child.yaml' % server.server_address[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_slowly(test, text: str, first_byte_after: float = 0.0,
                 byte_every: float = 0.0) -> str:
    """Serve ``text`` as /child.yaml, answering after ``first_byte_after``
    seconds and then sending one byte every ``byte_every`` seconds."""
    body = textwrap.dedent(text).encode()

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(first_byte_after)
            try:
                self.send_response(200)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                for i in range(len(body)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(byte_every)
            except OSError:
                pass   # the engine gave up and closed the connection

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    test.addCleanup(server.server_close)
    test.addCleanup(server.shutdown)
    return 'http://127.0.0.1:%d/child.yaml' % server.server_address[1]
