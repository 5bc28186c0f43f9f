#!/usr/bin/env python3
"""Read the list of mutants (config/mutants.txt) and apply one to a tree.

A mutant is a block that starts with "# id: NAME":

    # id: hvdb-post-without-nfs
    # rule: what rule of the series the mutant breaks
    # needs: kunit            (or snp-hardware, with a "# why:" line)
    # why: why only an SNP host could kill it (snp-hardware only)
    file: arch/x86/kvm/svm/sev.c
    - <a line of the file as it is, tabs included>
    + <the line that replaces it>

The "-" lines must match whole consecutive lines of the file, exactly, and
exactly once; the "+" lines replace them (none: the lines are deleted). A "-"
line after a "+" line starts another change in the same file. "-" or "+"
alone stands for an empty line. Other lines that start with "#", and blank
lines, are comments.

usage: mutate.py LIST list               print "ID NEEDS FILE" per mutant
       mutate.py LIST check TREE         check every mutant against TREE
       mutate.py LIST apply ID TREE      apply mutant ID to TREE
       mutate.py LIST show ID            print mutant ID's rule and change

check and apply fail, naming the mutant, if a mutant's old text is not found
exactly once: the list must follow the code, not rot silently.
"""
import argparse
import os
import sys

NEEDS = ('kunit', 'snp-hardware')


class Mutant:
    def __init__(self, mid, where):
        self.id = mid
        self.where = where
        self.rule = self.needs = self.why = self.file = None
        self.hunks = []     # [(old lines, new lines)]


def fail(msg):
    print(f'mutate: {msg}', file=sys.stderr)
    sys.exit(1)


def read_list(path):
    mutants = []
    m = None
    last = None     # '-' or '+': what the previous change line was
    for n, raw in enumerate(open(path), 1):
        line = raw.rstrip('\n')
        where = f'{path}:{n}'
        if line.startswith('# id:'):
            m = Mutant(line[5:].strip(), where)
            mutants.append(m)
            last = None
            continue
        if m is None or not line.strip():
            continue
        for field in ('rule', 'needs', 'why'):
            if line.startswith(f'# {field}:'):
                setattr(m, field, line.split(':', 1)[1].strip())
                break
        else:
            if line.startswith('#'):
                continue
            if line.startswith('file:'):
                m.file = line[5:].strip()
            elif line[0] in '-+' and line[1:2] in ('', ' '):
                text = line[2:]
                if line[0] == '-':
                    if last != '-':
                        m.hunks.append(([], []))
                    m.hunks[-1][0].append(text)
                else:
                    if not m.hunks:
                        fail(f'{where}: "+" line before any "-" line')
                    m.hunks[-1][1].append(text)
                last = line[0]
            else:
                fail(f'{where}: not a field, "-"/"+" line or comment: {line!r}')
    seen = set()
    for m in mutants:
        if not m.id or m.id in seen:
            fail(f'{m.where}: missing or duplicate id {m.id!r}')
        seen.add(m.id)
        if not m.rule or not m.file or not m.hunks:
            fail(f'{m.where}: mutant {m.id} needs a rule, a file and a change')
        if m.needs not in NEEDS:
            fail(f'{m.where}: mutant {m.id}: "needs" must be one of {NEEDS}')
        if m.needs == 'snp-hardware' and not m.why:
            fail(f'{m.where}: mutant {m.id} needs SNP hardware: say why')
        if any(old == new for old, new in m.hunks):
            fail(f'{m.where}: mutant {m.id} changes nothing')
    return mutants


def find(lines, old):
    """Indices where OLD matches whole consecutive lines of LINES."""
    n = len(old)
    return [i for i in range(len(lines) - n + 1) if lines[i:i + n] == old]


def mutate(m, tree):
    """The mutated text of M's file in TREE; fails unless every change's old
    text is found exactly once."""
    path = os.path.join(tree, m.file)
    try:
        lines = open(path).read().split('\n')
    except OSError as e:
        fail(f'mutant {m.id} ({m.where}): {e}')
    for old, new in m.hunks:
        at = find(lines, old)
        if len(at) != 1:
            fail(f'mutant {m.id} ({m.where}): its old text is found '
                 f'{len(at)} times in {m.file}, not once:\n  '
                 + '\n  '.join(old))
        lines[at[0]:at[0] + len(old)] = new
    return path, '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument('list')
    ap.add_argument('command', choices=('list', 'check', 'apply', 'show'))
    ap.add_argument('args', nargs='*')
    args = ap.parse_args()
    mutants = read_list(args.list)
    by_id = {m.id: m for m in mutants}

    def one(mid):
        if mid not in by_id:
            fail(f'no mutant {mid} in {args.list}')
        return by_id[mid]

    if args.command == 'list':
        for m in mutants:
            print(m.id, m.needs, m.file)
    elif args.command == 'check':
        (tree,) = args.args
        for m in mutants:
            mutate(m, tree)
        print(f'{len(mutants)} mutants, each found exactly once in {tree}')
    elif args.command == 'apply':
        mid, tree = args.args
        path, text = mutate(one(mid), tree)
        with open(path, 'w') as f:
            f.write(text)
    else:
        (mid,) = args.args
        m = one(mid)
        print(f'{m.id} ({m.needs}): {m.rule}')
        if m.why:
            print(f'  why: {m.why}')
        for old, new in m.hunks:
            print(f'  {m.file}:')
            print('\n'.join(f'    - {t}' for t in old))
            print('\n'.join(f'    + {t}' for t in new))


if __name__ == '__main__':
    main()
