"""Parse + validate time of a 1000-resource CloudFormation template.

    python benchmarks/bench_validate.py [--runs N] [--resources N]

Builds one realistic template (parameters, a condition, Refs between
resources, Fn::GetAtt, Fn::Join / Fn::Sub, DependsOn, outputs) as JSON and
as YAML and times ``heat_core.template.loader.validate`` in-process: the
median of N runs after a warm-up.  Prints numbers only; the target is
50 ms per variant.

The template uses the OS::Heat types and CFN functions installed when it
runs (a missing type becomes OS::Heat::None, a missing function a plain
Ref) and says which, so numbers from different checkouts can be compared.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

import yaml

from heat_core import config, plugins
from heat_core.template import loader

TARGET_MS = 50


def available():
    functions = {f.name for f in plugins.function_classes() if f.dialect == 'cfn'}
    types = set(plugins.resource_classes())
    return functions, types


def build_template(resources: int = 1000, seed: int = 1) -> dict:
    """The benchmark template as data."""
    functions, types = available()
    rnd = random.Random(seed)

    def rtype(name):
        return name if name in types else 'OS::Heat::None'

    def join(sep, parts):
        if 'Fn::Join' in functions:
            return {'Fn::Join': [sep, parts]}
        return parts[0]

    def attr(res, name):
        return {'Fn::GetAtt': [res, name]}

    params = {
        'Environment': {'Type': 'String', 'Default': 'test',
                        'AllowedValues': ['test', 'staging', 'production'],
                        'Description': 'Deployment environment'},
        'Prefix': {'Type': 'String', 'Default': 'bench', 'MinLength': 1, 'MaxLength': 32,
                   'AllowedPattern': '[a-z][a-z0-9-]*'},
        'PasswordLength': {'Type': 'Number', 'Default': 24, 'MinValue': 8, 'MaxValue': 64},
        'AdminPassword': {'Type': 'String', 'NoEcho': True, 'Default': 'not-a-secret',
                          'MinLength': 8},
        'Zones': {'Type': 'CommaDelimitedList', 'Default': 'az1,az2,az3'},
    }
    conditions = {}
    if 'Fn::Equals' in functions:
        conditions['IsProduction'] = {'Fn::Equals': [{'Ref': 'Environment'}, 'production']}

    res: dict = {}
    for i in range(resources):
        name = 'Res%04d' % i
        earlier = ['Res%04d' % j for j in rnd.sample(range(i), min(i, 2))] if i else []
        kind = i % 4
        if kind == 0:
            body = {'Type': rtype('OS::Heat::RandomString'),
                    'Properties': {'length': {'Ref': 'PasswordLength'}}}
            if 'OS::Heat::RandomString' in types:
                body['Properties']['character_classes'] = [
                    {'class': 'lettersdigits', 'min': 1}]
        elif kind == 1:
            if earlier and 'Fn::Sub' in functions:
                value = {'Fn::Sub': '${Prefix}-%s-${%s.value}' % (i, earlier[0])}
            elif earlier:
                value = join('-', [{'Ref': 'Prefix'}, attr(earlier[0], 'value')])
            else:
                value = join('-', [{'Ref': 'Prefix'}, {'Ref': 'AWS::StackName'}])
            body = {'Type': rtype('OS::Heat::Value'), 'Properties': {'value': value}}
        elif kind == 2:
            body = {'Type': rtype('OS::Heat::Value'),
                    'Properties': {'value': join(',', [{'Ref': e} for e in earlier]
                                                 or [{'Ref': 'Environment'}]),
                                   'type': 'string'}}
        else:
            body = {'Type': 'OS::Heat::None',
                    'Properties': {'password': {'Ref': 'AdminPassword'},
                                   'environment': {'Ref': 'Environment'},
                                   'zones': {'Ref': 'Zones'},
                                   'peer': {'Ref': earlier[-1]} if earlier else 'none'},
                    'Metadata': {'index': i}}
            if earlier:
                body['DependsOn'] = earlier
            if conditions and i % 40 == 3:
                body['Condition'] = 'IsProduction'
        res[name] = body

    outputs = {}
    for i in range(1, resources, 20):
        name = 'Res%04d' % i
        outputs['Out%04d' % i] = {'Description': 'Value of %s' % name,
                                  'Value': attr(name, 'value')}
    template = {'AWSTemplateFormatVersion': '2010-09-09',
                'Description': 'Benchmark: %d resources' % resources,
                'Parameters': params}
    if conditions:
        template['Conditions'] = conditions
    template['Resources'] = res
    template['Outputs'] = outputs
    return template


def measure(text: str, name: str, runs: int) -> tuple[float, float, int, int]:
    """(median wall ms, median CPU ms, errors, warnings) of validating
    ``text``.  The CPU time of this process is printed beside the wall time
    because the work is single-threaded: on a busy machine the wall time
    also counts time spent waiting for a core."""
    for _ in range(3):
        loaded = loader.validate(text, name)
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        loaded = loader.validate(text, name)
        cpu.append(time.process_time() - start_cpu)
        times.append(time.perf_counter() - start)
    return (statistics.median(times) * 1000, statistics.median(cpu) * 1000,
            len(loaded.issues.errors), len(loaded.issues.warnings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--runs', type=int, default=20)
    parser.add_argument('--resources', type=int, default=1000)
    args = parser.parse_args()
    config.load([])
    data = build_template(args.resources)
    functions, types = available()
    used_types = sorted({r['Type'] for r in data['Resources'].values()})
    used_functions = sorted(f for f in ('Ref', 'Fn::GetAtt', 'Fn::Join', 'Fn::Sub',
                                        'Fn::Equals') if f in functions)
    print('resources: %d  types: %s' % (args.resources, ', '.join(used_types)))
    print('functions: %s' % ', '.join(used_functions))
    variants = (('json', json.dumps(data, indent=2), 'bench.json'),
                ('yaml', yaml.safe_dump(data, sort_keys=False), 'bench.yaml'))
    for label, text, name in variants:
        ms, cpu_ms, errors, warnings = measure(text, name, args.runs)
        print('%s: %.1f ms wall, %.1f ms CPU  (%d bytes, %d errors, %d warnings, '
              'median of %d)%s' % (label, ms, cpu_ms, len(text), errors, warnings, args.runs,
                                   '' if ms <= TARGET_MS else '  MISS'))
    print('target: %d ms' % TARGET_MS)


if __name__ == '__main__':
    main()
