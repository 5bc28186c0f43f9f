#!/usr/bin/env python3
"""Keep the coverage paragraph of the cover letter true to the last coverage
check.

The paragraph is the item of patches/cover-letter.txt that starts with
"- Line coverage". It gives the figure of the coverage check (the series'
lines in arch/x86/kvm that the KUnit suites and the boot test execute) and
names the functions that have lines of the series of which none ran.

  check LETTER SUMMARY.json   exit 1, and print the paragraph that should be
                              there, if the letter's is missing or stale
  update LETTER SUMMARY.json  write that paragraph into the letter

The paragraph is stale when its number of lines or its list of functions
differs from the check's, or its number of executed lines differs by more
than SLACK lines: which of the series' lines the boot test's selftests
reach can vary by a line or two from run to run.
"""
import json
import re
import sys
import textwrap

START = ' - Line coverage'
SLACK = 3
INDENT = '   '


def paragraph(summary):
    n, m = summary['executed'], summary['lines']
    fns = summary['never_run_functions']
    text = ('Line coverage, measured here by the coverage check: the KUnit '
            f'suites and the boot test together execute {n} of the {m} lines '
            f'that the series adds or changes in arch/x86/kvm, test files left '
            f'out ({100.0 * n / m:.1f}%). ')
    if fns:
        text += (f'The {len(fns)} functions with lines of the series of which '
                 f'none ran here: ' + ', '.join(f'{f}()' for f in fns) + '.')
    else:
        text += 'Every function with lines of the series ran here.'
    lines = textwrap.wrap(text, width=72 - len(INDENT), break_on_hyphens=False)
    return ' - ' + lines[0] + ''.join('\n' + INDENT + ln for ln in lines[1:]) + '\n'


def find(letter):
    """(start, end) offsets of the paragraph in LETTER, or None."""
    m = re.search(r'^' + re.escape(START) + r'.*?(?=^ - |^\S|^\s*$|\Z)', letter,
                  re.M | re.S)
    return (m.start(), m.end()) if m else None


def parse(text):
    text = ' '.join(text.split())
    m = re.search(r'execute (\d+) of the (\d+) lines', text)
    fns = re.search(r'none ran here: (.*)\.$', text)
    if not m:
        return None
    names = [f.strip().removesuffix('()') for f in fns[1].split(',')] if fns else []
    return int(m[1]), int(m[2]), sorted(names)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('check', 'update'):
        sys.exit(__doc__)
    mode, letter_path, summary_path = sys.argv[1:]
    summary = json.load(open(summary_path))
    letter = open(letter_path).read()
    want = paragraph(summary)
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
             have[2] == sorted(summary['never_run_functions']))
    if fresh:
        print(f'cover letter: coverage paragraph matches ({have[0]} of {have[1]} '
              f'lines there, {n} of {m} measured, {len(have[2])} functions)')
        return
    print(f'cover letter: the coverage paragraph of {letter_path} is '
          f'{"stale" if span else "missing"}; "make mail" writes this one:')
    print(want, end='')
    sys.exit(1)


if __name__ == '__main__':
    main()
