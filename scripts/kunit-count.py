#!/usr/bin/env python3
"""Count the KVM suites and test cases in kunit.py's JSON results and print
one line per suite. Exit 1 if no KVM suite ran a test case or any failed.

usage: kunit-count.py RESULTS.json
"""
import json
import sys


def cases(group):
    """Every leaf test case of a group: (status, name)."""
    for case in group.get('test_cases', []):
        yield case['status'], case['name']
    for sub in group.get('sub_groups', []):
        if sub.get('test_cases') or sub.get('sub_groups'):
            yield from cases(sub)
        else:
            yield sub.get('status', 'PASS'), sub['name']


def main():
    results = json.load(open(sys.argv[1]))
    suites = [s for s in results.get('sub_groups', []) if s['name'].startswith('kvm')]
    total = bad = 0
    for suite in suites:
        statuses = [status for status, _ in cases(suite)]
        failed = [s for s in statuses if s not in ('PASS', 'SKIP')]
        total += len(statuses)
        bad += len(failed)
        print(f'  suite {suite["name"]}: {len(statuses)} cases, '
              f'{statuses.count("PASS")} passed, {statuses.count("SKIP")} skipped, '
              f'{len(failed)} failed')
    print(f'KVM suites: {len(suites)}, KVM test cases: {total}, failed: {bad}')
    sys.exit(0 if suites and total and not bad else 1)


if __name__ == '__main__':
    main()
