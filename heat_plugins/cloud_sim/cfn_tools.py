"""heat-cfntools inside the sandbox of a simulated server's user data
(:mod:`heat_plugins.cloud_sim.user_data`).

heat-cfntools is made for a server it owns: it logs to ``/var/log``, keeps
its files in ``/var/lib/heat-cfntools`` and ``/var/cache``, asks the
metadata service at 169.254.169.254, and cfn-init installs packages and
starts services as root.  Here the sandbox (``$HEAT_CLOUD_SIM_ROOT``)
stands for the server's disk:

- ``cfn-signal``, ``cfn-get-metadata``, ``cfn-push-stats``: heat-cfntools'
  own scripts, run unchanged, with those paths moved into the sandbox and
  the metadata service's ``meta_data.json`` written there by the simulated
  cloud (the server's id, name and metadata);
- ``cfn-init``: heat-cfntools' ``Metadata`` fetches the resource metadata
  from the CloudFormation API (``DescribeStackResource`` with
  ``--access-key``/``--secret-key``), else reads the sandbox's
  ``cfn-init-data``; then the ``AWS::CloudFormation::Init`` config (or
  configSets) is applied *sandboxed*: ``files`` are written under the
  sandbox (``/etc/x`` → ``$HEAT_CLOUD_SIM_ROOT/etc/x``; owner and group
  recorded), ``commands`` run for real (as the user data does) with the
  sandbox as default working directory, and ``packages``, ``sources``,
  ``groups``, ``users`` and ``services`` are recorded, not performed: each
  is printed and appended to ``var/log/cfn-init-actions.json``;
- ``cfn-hup``: recorded, not started (there is no daemon to keep).
"""

from __future__ import annotations

import json
import logging
import os
import runpy
import subprocess
import sys
import sysconfig

RECORDED = ('packages', 'sources', 'groups', 'users', 'services')


def _root() -> str:
    root = os.environ.get('HEAT_CLOUD_SIM_ROOT')
    if not root or not os.path.isdir(root):
        sys.exit('%s: HEAT_CLOUD_SIM_ROOT is not set: this runs only in the user data '
                 'of a simulated server' % os.path.basename(sys.argv[0]))
    return root


def _helper(root: str, tool: str):
    """heat-cfntools' ``cfn_helper`` with its files in the sandbox."""
    lib = os.path.join(root, 'var/lib/heat-cfntools')
    # boto 2 reads its configuration when imported: import it with Heat's cfn-boto-cfg
    os.environ['BOTO_CONFIG'] = os.path.join(lib, 'cfn-boto-cfg')
    import boto  # noqa: F401
    logging.basicConfig(filename=os.path.join(root, 'var/log', tool + '.log'),
                        format='%(levelname)s [%(asctime)s] %(message)s', level=logging.DEBUG)
    from heat_cfntools.cfntools import cfn_helper
    cache = os.path.join(root, 'var/cache/heat-cfntools/last_metadata')
    cfn_helper.Metadata.get_nova_meta.__defaults__ = (os.path.join(lib, 'nova_meta.json'),)
    cfn_helper.Metadata.retrieve.__defaults__ = (None, os.path.join(lib, 'cfn-init-data'),
                                                 cache)
    cfn_helper.metadata_server_port.__defaults__ = (os.path.join(lib, 'cfn-metadata-server'),)
    cfn_helper.parse_creds_file.__defaults__ = (os.path.join(root, 'etc/cfn/cfn-credentials'),)
    return cfn_helper


def _script(tool: str) -> str:
    """heat-cfntools' own script for ``tool`` (installed next to Python)."""
    for folder in (sysconfig.get_path('scripts'), os.path.dirname(sys.executable)):
        path = os.path.join(folder, tool)
        if os.path.isfile(path):
            return path
    sys.exit('%s: heat-cfntools is not installed (pip install heat-cfntools)' % tool)


def main(tool: str, argv: list[str] | None = None) -> None:
    """Run ``tool`` (one of ``user_data.TOOLS``) in the sandbox."""
    argv = sys.argv[1:] if argv is None else argv
    root = _root()
    if tool == 'cfn-hup':
        _record(root, 'cfn-hup', {'argv': argv})
        print('cfn-hup (simulated): recorded, not started')
        return
    _helper(root, tool)
    if tool == 'cfn-init':
        sys.exit(cfn_init(root, argv))
    sys.argv = [tool] + list(argv)
    # a real log file name is set by the script: ours (above) is already in place
    runpy.run_path(_script(tool), run_name='__main__')


def _record(root: str, kind: str, detail) -> None:
    with open(os.path.join(root, 'var/log/cfn-init-actions.json'), 'a', encoding='utf-8') as f:
        f.write(json.dumps({'kind': kind, 'detail': detail}, sort_keys=True) + '\n')


def cfn_init(root: str, argv: list[str]) -> int:
    """heat-cfntools' cfn-init, its config applied to the sandbox."""
    import argparse

    from heat_cfntools.cfntools import cfn_helper
    parser = argparse.ArgumentParser(prog='cfn-init')
    parser.add_argument('-s', '--stack', dest='stack_name')
    parser.add_argument('-r', '--resource', dest='logical_resource_id')
    parser.add_argument('--access-key', dest='access_key')
    parser.add_argument('--secret-key', dest='secret_key')
    parser.add_argument('--region', dest='region')
    parser.add_argument('-c', '--configsets', dest='configsets')
    args = parser.parse_args(argv)
    metadata = cfn_helper.Metadata(args.stack_name, args.logical_resource_id,
                                   access_key=args.access_key, secret_key=args.secret_key,
                                   region=args.region, configsets=args.configsets)
    try:
        metadata.retrieve()
        if not metadata._is_valid_metadata():
            raise ValueError('invalid metadata: no AWS::CloudFormation::Init')
        init = metadata._metadata
        sets = cfn_helper.ConfigsetsHandler(init.get('configSets'),
                                            args.configsets).get_configsets()
        for name in sets or ['config']:
            if name not in init:
                raise ValueError("Could not find '%s' set in template, may need to specify "
                                 "another set." % name)
            _apply(root, name, init[name])
    except Exception as exc:    # noqa: BLE001 - as cfn-init: any failure is exit status 1
        logging.getLogger('cfntools').exception('Error processing metadata')
        print('cfn-init: %s' % exc, file=sys.stderr)
        return 1
    return 0


def _apply(root: str, name: str, config: dict) -> None:
    for kind in RECORDED:
        if config.get(kind):
            _record(root, kind, config[kind])
            print('cfn-init (simulated): %s of config %s recorded, not performed: %s'
                  % (kind, name, json.dumps(config[kind], sort_keys=True)))
    for path, spec in sorted((config.get('files') or {}).items()):
        _file(root, path, spec)
    for label in sorted(config.get('commands') or {}):
        _command(root, label, config['commands'][label])


def _inside(root: str, path: str) -> str:
    target = os.path.normpath(os.path.join(root, path.lstrip('/')))
    if os.path.commonpath([root, target]) != os.path.normpath(root):
        raise ValueError('file %s is outside the server' % path)
    return target


def _file(root: str, path: str, spec: dict) -> None:
    target = _inside(root, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if 'content' in spec:
        content = spec['content']
        if not isinstance(content, str):
            content = json.dumps(content, indent=4)
        with open(target, 'w', encoding='utf-8') as f:
            f.write(content)
    elif 'source' in spec:
        _record(root, 'file source', {'path': path, 'source': spec['source']})
        print('cfn-init (simulated): %s from %s recorded, not fetched' % (path, spec['source']))
        return
    else:
        raise ValueError('file %s has neither content nor source' % path)
    if 'mode' in spec:
        os.chmod(target, int(str(spec['mode']), 8) & 0o777)
    if 'owner' in spec or 'group' in spec:
        _record(root, 'file owner', {'path': path, 'owner': spec.get('owner'),
                                     'group': spec.get('group')})


def _command(root: str, label: str, spec: dict) -> None:
    cwd = _inside(root, spec['cwd']) if spec.get('cwd') else root
    env = dict(os.environ, **{str(k): str(v) for k, v in (spec.get('env') or {}).items()})
    if 'test' in spec:
        if subprocess.run(spec['test'], shell=True, cwd=cwd, env=env).returncode != 0:
            print('cfn-init: %s test returns false, skipping command' % label)
            return
    if 'command' not in spec:
        raise ValueError("%s has failed. 'command' property missing" % label)
    command = spec['command']
    code = subprocess.run(command, shell=isinstance(command, str), cwd=cwd, env=env).returncode
    if code != 0 and str(spec.get('ignoreErrors', 'false')).lower() != 'true':
        raise RuntimeError('%s has failed.' % label)
