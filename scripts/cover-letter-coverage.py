#!/usr/bin/env python3
"""Keep the coverage item of the cover letter true to the last coverage check.

The item is the one of patches/cover-letter.txt that starts with
" - Line coverage". It gives the figure of the coverage check (the series'
lines in arch/x86/kvm that the KUnit suites and the boot test execute) and
names, file by file, the functions that have lines of the series of which
none ran.

  check LETTER SUMMARY.json   exit 1, and print the item that should be
                              there, if the letter's is missing or stale
  update LETTER SUMMARY.json  write that item into the letter

The item is stale when its number of lines or its functions differ from the
check's, when its number of executed lines differs by more than SLACK lines
(which of the series' lines the boot test's selftests reach can vary by a
line or two from run to run), or when its percentage doesn't follow from
its own numbers.
"""
import json
import re
import sys
import textwrap

START = ' - Line coverage'
SLACK = 3
INDENT = '   '
KVM = 'arch/x86/kvm/'


def functions(summary):
    """{(file relative to arch/x86/kvm, function)} of the summary."""
    return {(f.removeprefix(KVM), fn) for f, fn in summary['never_run_functions']}


def item(summary):
    n, m = summary['executed'], summary['lines']
    fns = functions(summary)
    text = ('Line coverage, measured here by the coverage check: the KUnit '
            f'suites and the boot test together execute {n} of the {m} lines '
            'that the series adds or changes in arch/x86/kvm, test files left '
            f'out ({100.0 * n / m:.1f}%). ')
    if fns:
        by_file = {}
        for f, fn in sorted(fns):
            by_file.setdefault(f, []).append(f'{fn}()')
        text += (f'Functions with lines of the series of which none ran here '
                 f'({len(fns)}): ' +
                 '; '.join(f'in {f}: ' + ', '.join(names)
                           for f, names in by_file.items()) + '.')
    else:
        text += 'Every function with lines of the series ran here.'
    lines = textwrap.wrap(text, width=72 - len(INDENT), break_long_words=False,
                          break_on_hyphens=False)
    return ' - ' + lines[0] + ''.join('\n' + INDENT + ln for ln in lines[1:]) + '\n'


def find(letter):
    """(start, end) offsets of the item in LETTER: its first line and the
    indented lines after it, or None."""
    m = re.search(r'^' + re.escape(START) + r'.*\n(?:' + INDENT + r'\S.*\n)*', letter, re.M)
    return (m.start(), m.end()) if m else None


def parse(text):
    """(executed, lines, percent, {(file, function)}) of an item, or None."""
    text = ' '.join(text.split())
    m = re.search(r'execute (\d+) of the (\d+) lines .*?\(([0-9.]+)%\)', text)
    if not m:
        return None
    fns = set()
    listed = re.search(r'of which none ran here \(\d+\): (.*)\.$', text)
    for group in (listed[1].split('; ') if listed else []):
        g = re.fullmatch(r'in (\S+): (.*)', group)
        if not g:
            return None
        fns |= {(g[1], fn.strip().removesuffix('()')) for fn in g[2].split(',')}
    return int(m[1]), int(m[2]), float(m[3]), fns


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('check', 'update'):
        sys.exit(__doc__)
    mode, letter_path, summary_path = sys.argv[1:]
    summary = json.load(open(summary_path))
    if not summary.get('lines'):
        sys.exit(f'{summary_path}: no line of the series measured')
    letter = open(letter_path).read()
    want = item(summary)
    span = find(letter)

    if mode == 'update':
        if not span:
            sys.exit(f'{letter_path}: no item starting with "{START}" to update; '
                     'add one where the letter says what was verified')
        open(letter_path, 'w').write(letter[:span[0]] + want + letter[span[1]:])
        return

    have = parse(letter[span[0]:span[1]]) if span else None
    n, m = summary['executed'], summary['lines']
    fresh = (have is not None and have[1] == m and abs(have[0] - n) <= SLACK and
             abs(have[2] - 100.0 * have[0] / have[1]) < 0.05 and
             have[3] == functions(summary))
    if fresh:
        print(f'cover letter: coverage item matches ({have[0]} of {have[1]} '
              f'lines there, {n} of {m} measured, {len(have[3])} functions)')
        return
    print(f'cover letter: the coverage item of {letter_path} is '
          f'{"stale" if span else "missing"}; "make mail" writes this one:')
    print(want, end='')
    sys.exit(1)


if __name__ == '__main__':
    main()
