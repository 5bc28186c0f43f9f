#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Which kernel functions account for the difference in instructions per
exit between two kernels: the profiles that cost/run.sh writes with
COST_PROFILE=1 (cost/profile.py's output).

    profile-diff.py BASE/profile.txt SERIES/profile.txt [--min N]

Prints, per kind of exit, the total of each kernel and every function whose
count per exit differs by at least N (default 0.5) instructions. Counts are
per basic block, so a function whose code the compiler laid out differently
can show a difference that another function's balances; the totals are
exact to a few instructions (see cost/NOTES.md).
"""
import re
import sys


def load(path):
    prof, totals, kind = {}, {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r"== (\S+) \(repetition \d+\): ([\d.]+) ", line)
            if m:
                kind = m.group(1)
                totals[kind] = float(m.group(2))
                prof[kind] = {}
                continue
            m = re.match(r"\s+(-?[\d.]+)\s+(\S+(?: \[\S+\])?)\s*$", line)
            if m and kind:
                prof[kind][m.group(2)] = float(m.group(1))
    return prof, totals


def main():
    args = sys.argv[1:]
    least = 0.5
    if "--min" in args:
        i = args.index("--min")
        least = float(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    (bp, bt), (sp, st) = load(args[0]), load(args[1])
    if not bp or bp.keys() != sp.keys():
        sys.exit(f"profile-diff: the profiles have kinds {sorted(bp)} and {sorted(sp)}")
    for kind in bp:
        print(f"{kind}: {bt[kind]:.1f} -> {st[kind]:.1f} ({st[kind] - bt[kind]:+.1f})")
        rows = []
        for fn in bp[kind].keys() | sp[kind].keys():
            b, s = bp[kind].get(fn, 0.0), sp[kind].get(fn, 0.0)
            if abs(s - b) >= least:
                rows.append((s - b, fn, b, s))
        for d, fn, b, s in sorted(rows, key=lambda r: (-abs(r[0]), r[1])):
            print(f"  {d:+8.1f}  {fn} ({b:.1f} -> {s:.1f})")


if __name__ == "__main__":
    main()
