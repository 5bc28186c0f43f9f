#!/usr/bin/env python3
"""Print the compiler, sparse or Sphinx warnings of TIP_LOG that BASE_LOG
does not also have, and exit 1 if there are any.

Line and column numbers, and the object directory a file was built in, are
left out of the comparison, since patches move code; a warning counts as new when the same file has it more often in TIP_LOG
than in BASE_LOG.

usage: new-warnings.py BASE_LOG TIP_LOG
"""
import collections
import re
import sys

OBJDIR = re.compile(r'^.*/obj-[^/]+/')
WARN = re.compile(r'^(?P<file>[^\s:]+):(?P<line>\d+):(?:(?P<col>\d+):)?\s*'
                  r'(?P<kind>warning|error|WARNING|ERROR|CRITICAL):?\s*(?P<msg>.*)$')


def warnings(path):
    found = collections.Counter()
    first = {}
    with open(path, errors='replace') as f:
        for raw in f:
            m = WARN.match(raw.strip())
            if not m:
                continue
            # The base and the series are built in object directories of
            # their own (obj-docs-base, obj-docs-series): leave them out.
            key = (OBJDIR.sub('', m['file']), m['kind'].lower(), m['msg'])
            found[key] += 1
            first.setdefault(key, []).append(raw.rstrip())
    return found, first


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    base, _ = warnings(sys.argv[1])
    tip, lines = warnings(sys.argv[2])
    new = tip - base
    for key, count in sorted(new.items()):
        for line in lines[key][-count:]:
            print(line)
    print(f'{sum(tip.values())} warnings with the series, '
          f'{sum(base.values())} on the base, {sum(new.values())} new')
    sys.exit(1 if new else 0)


if __name__ == '__main__':
    main()
