"""Running a simulated server's user data on the Heat host
(``[cloud_sim] run_user_data``, off by default).

On a real cloud cloud-init runs a server's user data at first boot, and the
script's ``cfn-signal`` tells a wait condition the server is configured.
With this option the simulated cloud does the same on one machine: when a
server created while the option was on is first seen ``ACTIVE``, its user
data runs on a background thread (the engine's create never waits for it):

- a plain script (``#!`` line), or a MIME multipart as heat-cfntools and
  cloud-init make it: its ``text/x-shellscript`` parts run in order, its
  ``text/x-cfninitdata`` parts (``cfn-init-data``, ``cfn-metadata-server``,
  ``cfn-boto-cfg`` ...) are written to ``var/lib/heat-cfntools/`` of the
  sandbox as heat-cfntools' part handler does; other parts are not run
  (the console log says so);
- in a fresh temporary directory (the *sandbox*, removed afterwards), which
  is also the working directory and ``HOME``;
- with a small environment of its own (nothing of the Heat process's, which
  may hold credentials): ``PATH`` with the sandbox's ``opt/aws/bin`` first,
  ``HEAT_CLOUD_SIM=1``, ``HEAT_CLOUD_SIM_ROOT`` (the sandbox),
  ``HEAT_CLOUD_SIM_SERVER_ID``;
- the literal prefix ``/opt/aws/bin/`` in the script (where cfn-signal is
  on the cfntools images) is rewritten to the sandbox's ``opt/aws/bin/``,
  which holds heat-cfntools' ``cfn-signal``, ``cfn-init``,
  ``cfn-push-stats``, ``cfn-get-metadata`` and ``cfn-hup`` as run by
  :mod:`heat_plugins.cloud_sim.cfn_tools` (their files kept in the sandbox);
- in its own process group, killed when ``[cloud_sim] user_data_timeout``
  passes, when the script ends (what it left running in the background),
  or when the server is deleted.

Its output (stdout and stderr, the last 64 KiB) becomes the server's
console log (``get_server_console_output``), ending with how it ended; the
server stays ACTIVE whatever the exit status, as on a real cloud.  The
script's output is never written to Heat's own log.
"""

from __future__ import annotations

import base64
import binascii
import email
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlsplit

from heat_core.config import CONF

LOG = logging.getLogger(__name__)

#: the heat-cfntools commands the sandbox provides
TOOLS = ('cfn-signal', 'cfn-init', 'cfn-push-stats', 'cfn-get-metadata', 'cfn-hup')
#: how much of the output the console log keeps (as Nova keeps the tail)
CONSOLE_LIMIT = 64 * 1024
#: the server body's private key holding the run's state
KEY = '_user_data_run'
PENDING, RUNNING, DONE = 'pending', 'running', 'done'

_running: dict[str, subprocess.Popen] = {}
_running_lock = threading.Lock()


def enabled() -> bool:
    """Whether new servers run their user data (``[cloud_sim] run_user_data``)."""
    return bool(CONF.cloud_sim.run_user_data)


def due(body: dict | None) -> bool:
    """Whether a stored server body should start running its user data now:
    made while the option was on, ACTIVE, not started yet."""
    return bool(body and (body.get(KEY) or {}).get('state') == PENDING
                and body.get('status') == 'ACTIVE' and not body.get('task_state'))


def decode(user_data: str | None) -> str:
    """The text of the user data a server body keeps (base64, as Nova)."""
    if not user_data:
        return ''
    try:
        return base64.b64decode(user_data).decode('utf-8', errors='replace')
    except (binascii.Error, ValueError):
        return user_data


def parts(text: str) -> tuple[list[tuple[str, str]], dict[str, str], list[str]]:
    """``(scripts, cfn_data, notes)`` of user data: the scripts to run
    ``[(name, text)]``, heat-cfntools data files ``{name: text}``, and what
    the console log should say about parts not run."""
    head = text.lstrip()
    if head.startswith('#!'):
        return [('user-data', text)], {}, []
    if not head.lower().startswith(('content-type:', 'mime-version:')):
        return [], {}, ['user data is not a script (no #! line) nor MIME multipart: '
                        'nothing to run']
    scripts, data, notes = [], {}, []
    message = email.message_from_string(head)
    for n, part in enumerate(message.walk()):
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        name = os.path.basename(part.get_filename() or 'part-%03d' % n) or 'part-%03d' % n
        payload = part.get_payload(decode=True) or b''
        body = payload.decode('utf-8', errors='replace')
        if kind == 'text/x-shellscript':
            scripts.append((name, body))
        elif kind == 'text/x-cfninitdata':
            data[name] = body
        else:
            notes.append('part %s (%s) is not run by the simulated cloud' % (name, kind))
    return scripts, data, notes


def start(cloud, body: dict) -> threading.Thread:
    """Run the user data of the server ``body`` on a background thread;
    the outcome is recorded on the server in ``cloud``."""
    thread = threading.Thread(target=_run, args=(cloud, body), daemon=True,
                              name='user-data-%s' % body['id'])
    thread.start()
    return thread


def stop(server_id: str) -> None:
    """Kill the user data of ``server_id`` if it runs in this process (the
    server is being deleted)."""
    with _running_lock:
        proc = _running.get(server_id)
    if proc is not None:
        _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _run(cloud, body: dict) -> None:
    server_id = body['id']
    root = tempfile.mkdtemp(prefix='heat-sim-user-data-')
    try:
        console, outcome = Sandbox(root, body).run()
    except Exception as exc:   # noqa: BLE001 - a broken run must not kill the thread silently
        LOG.exception('Could not run the user data of simulated server %s', server_id)
        console, outcome = '', {'status': 'error', 'error': str(exc)}
    finally:
        shutil.rmtree(root, ignore_errors=True)
    LOG.info('User data of simulated server %s: %s', server_id, _describe(outcome))
    _record(cloud, server_id, console, outcome)


def _describe(outcome: dict) -> str:
    status = outcome.get('status')
    if status == 'exited':
        return 'exited with status %d' % outcome['exit_code']
    if status == 'killed':
        return 'killed after %s s (%s)' % (outcome.get('seconds'), outcome.get('reason'))
    if status == 'error':
        return 'could not be run: %s' % outcome.get('error')
    return 'nothing to run'


def _record(cloud, server_id: str, console: str, outcome: dict) -> None:
    line = '[heat-cloud-sim] user data %s\n' % _describe(outcome)
    if console and not console.endswith('\n'):
        line = '\n' + line
    with cloud._txn(write=True) as t:
        stored = t.get('server', server_id)
        if stored is None:      # deleted meanwhile
            return
        stored[KEY] = dict(outcome, state=DONE)
        stored['_console'] = (console + line)[-CONSOLE_LIMIT:]
        t.put('server', stored)


class Sandbox:
    """One run of a server's user data in the temporary directory ``root``."""

    def __init__(self, root: str, body: dict):
        self.root = root
        self.body = body
        self.bin = os.path.join(root, 'opt', 'aws', 'bin')
        self.console = os.path.join(root, 'var', 'log', 'cloud-init-output.log')

    def run(self) -> tuple[str, dict]:
        scripts, data, notes = parts(decode(self.body.get('user_data')))
        self._prepare(data)
        with open(self.console, 'ab') as out:
            for note in notes:
                out.write(('[heat-cloud-sim] %s\n' % note).encode('utf-8'))
        outcome = {'status': 'nothing'}
        deadline = time.monotonic() + CONF.cloud_sim.user_data_timeout
        for name, text in scripts:
            outcome = self._script(name, text, deadline)
            if outcome['status'] != 'exited':
                break
        return self._tail(), outcome

    def _tail(self) -> str:
        with open(self.console, 'rb') as f:
            f.seek(max(0, os.path.getsize(self.console) - CONSOLE_LIMIT))
            return f.read().decode('utf-8', errors='replace')

    # -- the sandbox's files -------------------------------------------------------------------
    def _prepare(self, data: dict[str, str]) -> None:
        for folder in (self.bin, 'var/lib/heat-cfntools', 'var/log', 'var/cache', 'tmp',
                       'etc/cfn', 'var/lib/cloud/scripts'):
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)
        open(self.console, 'wb').close()
        cfn = self._cfn_url()
        files = {
            # heat-cfntools reads the port from the end of this URL (":8000/"),
            # and adds the /v1 path itself
            'cfn-metadata-server': cfn.rstrip('/') + '/',
            'cfn-boto-cfg': _boto_config(cfn),
            'nova_meta.json': _json({
                'uuid': self.body['id'], 'name': self.body.get('name'),
                'hostname': self.body.get('hostname') or self.body.get('name'),
                'availability_zone': self.body.get('availability_zone'),
                'meta': self.body.get('metadata') or {}}),
        }
        files.update(data)
        for name, text in files.items():
            self._write(os.path.join('var/lib/heat-cfntools', name), text, 0o600)
        for tool in TOOLS:
            self._write(os.path.join(self.bin, tool),
                        '#!%s\nfrom heat_plugins.cloud_sim import cfn_tools\n'
                        'cfn_tools.main(%r)\n' % (sys.executable, tool), 0o700)

    @staticmethod
    def _cfn_url() -> str:
        from heat_core.resources.signed_url import public_url
        return public_url()

    def _write(self, path: str, text: str, mode: int) -> str:
        path = os.path.join(self.root, path)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode), 'w',
                  encoding='utf-8') as f:
            f.write(text)
        return path

    def environment(self) -> dict[str, str]:
        """What the script's environment holds: nothing of Heat's own."""
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))
        return {
            'PATH': os.pathsep.join([self.bin, os.environ.get('PATH') or os.defpath]),
            'HOME': self.root, 'TMPDIR': os.path.join(self.root, 'tmp'),
            'LANG': 'C.UTF-8', 'PYTHONPATH': package_root,
            'HEAT_CLOUD_SIM': '1', 'HEAT_CLOUD_SIM_ROOT': self.root,
            'HEAT_CLOUD_SIM_SERVER_ID': self.body['id'],
        }

    # -- running ---------------------------------------------------------------------------
    def _script(self, name: str, text: str, deadline: float) -> dict:
        text = text.replace('/opt/aws/bin/', self.bin + '/')
        path = self._write(os.path.join('var/lib/cloud/scripts', name), text, 0o700)
        started = time.monotonic()
        with open(self.console, 'ab') as out:
            try:
                proc = subprocess.Popen([path], cwd=self.root, env=self.environment(),
                                        stdin=subprocess.DEVNULL, stdout=out,
                                        stderr=subprocess.STDOUT, start_new_session=True)
            except OSError as exc:
                out.write(('[heat-cloud-sim] %s could not be started: %s\n'
                           % (name, exc.strerror or exc)).encode('utf-8'))
                return {'status': 'exited', 'exit_code': 126}
            with _running_lock:
                _running[self.body['id']] = proc
            try:
                code = proc.wait(timeout=max(0.0, deadline - time.monotonic()))
                outcome = {'status': 'exited', 'exit_code': code}
            except subprocess.TimeoutExpired:
                _kill(proc)
                proc.wait()
                outcome = {'status': 'killed', 'reason': 'user_data_timeout',
                           'seconds': CONF.cloud_sim.user_data_timeout}
            finally:
                _kill(proc)     # what the script left running in the background
                with _running_lock:
                    _running.pop(self.body['id'], None)
        if outcome['status'] == 'exited' and outcome['exit_code'] < 0:
            outcome = {'status': 'killed', 'reason': 'signal %d' % -outcome['exit_code'],
                       'seconds': round(time.monotonic() - started, 1)}
        return outcome


def _json(value) -> str:
    import json
    return json.dumps(value)


def _boto_config(cfn_url: str) -> str:
    """What Heat writes as ``cfn-boto-cfg``: boto 2 (heat-cfntools) talks to
    the CloudFormation API at this host (retrying twice, not boto's default
    five times with growing pauses, so that a wrong ``public_url`` shows
    soon)."""
    url = urlsplit(cfn_url)
    host = url.hostname or '127.0.0.1'
    return ('[Boto]\ndebug = 0\nis_secure = %d\nhttps_validate_certificates = 1\n'
            'num_retries = 2\nhttp_socket_timeout = 30\n'
            'cfn_region_name = heat\ncfn_region_endpoint = %s\n'
            'cloudwatch_region_name = heat\ncloudwatch_region_endpoint = %s\n'
            % (url.scheme == 'https', host, host))
