#!/usr/bin/env python3
"""Count the KVM suites and test cases that ran, check them against the list
of suites (config/kunit-suites.txt) and print one line per suite: "N of at
least M". Exit 1 if a case failed, or if a listed suite is missing, ran
fewer cases than listed or was skipped as a whole, or if a KVM suite (a name
that starts with "kvm") ran that the list does not name.

Cases count as kunit.py's JSON results count them: each parameter of a
parameterized case is a case. Skipped cases do not count towards M.

usage: kunit-count.py SUITES-LIST RESULTS.json
       kunit-count.py --module MODULE SUITES-LIST CONSOLE-LOG

The first form reads kunit.py's JSON results. The second reads the KTAP
lines of a kernel console log, as a module prints them when it loads with
KUnit autorun, and checks only the suites that the list places in MODULE.
"""
import argparse
import json
import re
import sys


def json_cases(group):
    """Every leaf test case of a kunit.py JSON group: its status."""
    for case in group.get('test_cases', []):
        yield case['status']
    for sub in group.get('sub_groups', []):
        if sub.get('test_cases') or sub.get('sub_groups'):
            yield from json_cases(sub)
        else:
            yield sub.get('status', 'PASS')


def from_json(path):
    """{suite: (suite status, [case statuses])} of the KVM suites."""
    results = json.load(open(path))
    return {s['name']: (s.get('status', 'PASS'), list(json_cases(s)))
            for s in results.get('sub_groups', []) if s['name'].startswith('kvm')}


PREFIX = re.compile(r'^\[[^\]]*\] ?')
RESULT = re.compile(r'^( *)(not ok|ok) [0-9]+ (\S+)(.*)$')


def status(ok, rest):
    if '# SKIP' in rest:
        return 'SKIP'
    return 'PASS' if ok == 'ok' else 'FAILURE'


def from_log(path):
    """The same from the KTAP lines of a console log: a suite's cases are at
    indentation 4, the parameters of a case at 8, the suite's result at 0."""
    suites = {}
    cases = []
    params = []
    for raw in open(path, errors='replace'):
        m = RESULT.match(PREFIX.sub('', raw.rstrip('\r\n')))
        if not m:
            continue
        indent, ok, name, rest = len(m[1]), m[2], m[3], m[4]
        if indent == 8:
            params.append(status(ok, rest))
        elif indent == 4:
            cases.extend(params or [status(ok, rest)])
            params = []
        elif indent == 0:
            if name.startswith('kvm'):
                suites[name] = (status(ok, rest), cases)
            cases = []
            params = []
    return suites


def read_list(path):
    """[(suite, least cases, module)] from the list, in its order."""
    listed = []
    for line in open(path):
        words = line.split('#', 1)[0].split()
        if words:
            listed.append((words[0], int(words[1]), words[2] if len(words) > 2 else ''))
    return listed


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument('--module')
    ap.add_argument('suites_list')
    ap.add_argument('results')
    args = ap.parse_args()
    everything = listed = read_list(args.suites_list)
    if args.module:
        ran = from_log(args.results)
        listed = [entry for entry in listed if entry[2] == args.module]
    else:
        ran = from_json(args.results)
    total = bad = 0
    problems = []
    for name, least, _ in listed:
        if name not in ran:
            print(f'  suite {name}: MISSING, expected at least {least} cases')
            problems.append(f'{name} did not run')
            continue
        suite_status, statuses = ran[name]
        passed = statuses.count('PASS')
        skipped = statuses.count('SKIP')
        failed = len(statuses) - passed - skipped
        total += passed
        bad += failed
        note = f', {skipped} skipped' if skipped else ''
        note += f', {failed} FAILED' if failed else ''
        print(f'  suite {name}: {passed} of at least {least} cases{note}')
        if suite_status == 'SKIP' or (statuses and skipped == len(statuses)):
            problems.append(f'{name} was skipped as a whole')
        elif passed < least:
            problems.append(f'{name} ran {passed} cases, fewer than {least}')
        if failed:
            problems.append(f'{name}: {failed} cases failed')
    checked = {name for name, _, _ in listed}
    known = {name for name, _, _ in everything}
    for name in sorted(set(ran) - checked):
        if name not in known:
            print(f'  suite {name}: {ran[name][1].count("PASS")} cases, '
                  f'but not in {args.suites_list}')
            problems.append(f'{name} is not listed; add it with its number of cases')
        elif [s for s in ran[name][1] if s not in ('PASS', 'SKIP')]:
            problems.append(f'{name}: cases failed')
    print(f'KVM suites: {len(ran)}, KVM test cases: {total}, failed: {bad}')
    if not listed:
        problems.append(f'{args.suites_list} lists no suite'
                        + (f' in {args.module}' if args.module else ''))
    for p in problems:
        print(f'kunit-count: {p}', file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
