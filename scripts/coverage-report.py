#!/usr/bin/env python3
"""Report the line coverage of the lines that the series adds or changes in
arch/x86/kvm, test files left out: executed N of M, in total, per file and
per patch, and the added lines never executed, grouped by function. A line
counts when gcov instrumented it (lcov has a DA record for it); it is
executed when any run (KUnit, boot) executed it.

The series' lines are those that "git blame BASE..HEAD" attributes to a
commit of the series, so each line belongs to the last patch that touched it.
Functions come from lcov's FN records: a line belongs to the function that
starts last before it.

Writes OUTDIR/summary.txt, OUTDIR/unexecuted.txt and OUTDIR/summary.json
(with $SERIES_STAMP, which names the series measured), prints the summary,
and exits 1 if the total is below the floor (a percentage, the first number
in FLOOR-FILE).

usage: coverage-report.py TREE BASE TRACEFILE FLOOR-FILE OUTDIR
"""
import collections
import json
import os
import re
import subprocess
import sys

# Test code is not what the figure measures.
TEST_FILE = re.compile(r'(^|/)tests?/|_test\.[ch]$|kunit')


def git(tree, *args):
    return subprocess.run(['git', '-C', tree, *args], check=True,
                          capture_output=True, text=True).stdout


def series_lines(tree, base, path, commits):
    """{line number: commit} of the lines of PATH at HEAD that the series
    added or last changed."""
    lines = {}
    sha = None
    for raw in git(tree, 'blame', '--line-porcelain', f'{base}..HEAD', '--', path).splitlines():
        m = re.match(r'^([0-9a-f]{40}) \d+ (\d+)', raw)
        if m:
            sha, final = m[1], int(m[2])
            if sha in commits:
                lines[final] = sha
    return lines


def read_tracefile(path, tree):
    """{file relative to TREE: ({line: count}, [(start line, function)])}."""
    files = {}
    root = os.path.realpath(tree)
    current = None
    for raw in open(path, errors='replace'):
        raw = raw.rstrip('\n')
        if raw.startswith('SF:'):
            rel = os.path.relpath(os.path.realpath(raw[3:]), root)
            current = files.setdefault(rel, (collections.Counter(), set()))
        elif raw.startswith('DA:') and current is not None:
            line, count = raw[3:].split(',')[:2]
            current[0][int(line)] += int(count)
        elif raw.startswith('FN:') and current is not None:
            # lcov 1.x: FN:start,name; lcov 2.x: FN:start,end,name
            fields = raw[3:].split(',')
            current[1].add((int(fields[0]), fields[-1]))
        elif raw == 'end_of_record':
            current = None
    return {f: (da, sorted(fn)) for f, (da, fn) in files.items()}


OUTSIDE = '(outside any function)'


def function_of(functions, line):
    name = OUTSIDE
    for start, fn in functions:
        if start > line:
            break
        name = fn
    return name


def pct(n, m):
    return f'{100.0 * n / m:.1f}%' if m else '-'


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    tree, base, tracefile, floor_file, outdir = sys.argv[1:]
    os.makedirs(outdir, exist_ok=True)
    order = git(tree, 'rev-list', '--reverse', f'{base}..HEAD').split()
    commits = {sha: i + 1 for i, sha in enumerate(order)}
    subjects = {sha: git(tree, 'log', '-1', '--format=%s', sha).strip() for sha in order}
    files = [f for f in git(tree, 'diff', '--name-only', '--diff-filter=AM', base, 'HEAD',
                            '--', 'arch/x86/kvm').split()
             if f.endswith(('.c', '.h')) and not TEST_FILE.search(f)]
    trace = read_tracefile(tracefile, tree)

    per_file = {}
    per_patch = collections.defaultdict(lambda: [0, 0])
    unexecuted = collections.defaultdict(list)
    # {(file, function): [series lines, executed]}
    per_function = collections.defaultdict(lambda: [0, 0])
    for path in files:
        da, functions = trace.get(path, ({}, []))
        src = open(os.path.join(tree, path), errors='replace').read().split('\n')
        n = m = 0
        for line, sha in sorted(series_lines(tree, base, path, commits).items()):
            if line not in da:
                continue
            m += 1
            per_patch[sha][1] += 1
            fn = function_of(functions, line)
            per_function[(path, fn)][0] += 1
            if da[line] > 0:
                n += 1
                per_patch[sha][0] += 1
                per_function[(path, fn)][1] += 1
            else:
                unexecuted[(path, fn)].append((line, commits[sha], src[line - 1].strip()))
        if m:
            per_file[path] = (n, m, path in trace)
    total_n = sum(n for n, _, _ in per_file.values())
    total_m = sum(m for _, m, _ in per_file.values())
    floor = float(re.search(r'^\s*([0-9.]+)', open(floor_file).read(), re.M)[1])

    out = []
    out.append(f'series lines executed in arch/x86/kvm: {total_n} of {total_m} '
               f'({pct(total_n, total_m)}), floor {floor:g}% ({floor_file})')
    out.append('per file:')
    for path, (n, m, _) in sorted(per_file.items()):
        out.append(f'  {pct(n, m):>6}  {n:4} of {m:4}  {path}')
    out.append('per patch (lines as the last patch that touched them left them):')
    for sha in order:
        if sha in per_patch:
            n, m = per_patch[sha]
            out.append(f'  {pct(n, m):>6}  {n:4} of {m:4}  [{commits[sha]}] {subjects[sha]}')
    never_run = sorted(key for key, (_, ran) in per_function.items()
                       if not ran and key[1] != OUTSIDE)
    out.append(f'functions with series lines never executed: {len(unexecuted)}, '
               f'{len(never_run)} of them with none executed (marked "none"; '
               f'the lines: {outdir}/unexecuted.txt)')
    for (path, fn), lines in sorted(unexecuted.items()):
        mark = 'none' if (path, fn) in never_run else '    '
        out.append(f'  {len(lines):4} lines {mark}  {fn}  ({path})')
    summary = '\n'.join(out) + '\n'
    open(os.path.join(outdir, 'summary.txt'), 'w').write(summary)
    print(summary, end='')

    with open(os.path.join(outdir, 'unexecuted.txt'), 'w') as f:
        f.write('# Lines the series adds or changes in arch/x86/kvm that no run here\n'
                '# executed, by function. [N] is the patch that last touched the line.\n')
        for (path, fn), lines in sorted(unexecuted.items()):
            f.write(f'\n{path}: {fn}\n')
            for line, patch, text in lines:
                f.write(f'  {line:5} [{patch}] {text}\n')
    report = {'executed': total_n, 'lines': total_m,
              'percent': round(100.0 * total_n / total_m, 1) if total_m else None,
              'floor': floor,
              'files': {p: {'executed': n, 'lines': m} for p, (n, m, _) in per_file.items()},
              'patches': [{'patch': commits[s], 'subject': subjects[s],
                           'executed': per_patch[s][0], 'lines': per_patch[s][1]}
                          for s in order if s in per_patch],
              'unexecuted_functions': sorted({fn for _, fn in unexecuted}),
              # [file, function] of the functions with series lines
              # (outside functions left out) of which none ran.
              'never_run_functions': [list(key) for key in never_run],
              'series': os.environ.get('SERIES_STAMP', ''),
              'passed': False}
    summary_json = os.path.join(outdir, 'summary.json')
    json.dump(report, open(summary_json, 'w'), indent=1)

    if not total_m:
        sys.exit('coverage: no line of the series in arch/x86/kvm has coverage data')
    missing = [p for p in files if p not in trace and p.endswith('.c')]
    for p in missing:
        print(f'coverage: no gcov data for {p}', file=sys.stderr)
    if 100.0 * total_n / total_m < floor:
        sys.exit(f'coverage: {pct(total_n, total_m)} is below the floor of {floor:g}%')
    # Only the figures of a passing check may go into the cover letter.
    report['passed'] = True
    json.dump(report, open(summary_json, 'w'), indent=1)


if __name__ == '__main__':
    main()
