#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Instructions per exit of each L1 kernel function, per kind: where the
instructions of cost/report.py's table go.

    profile.py CONSOLE.txt MARKS.txt System.map [MIN_INSNS_PER_EXIT]

Needs a run with COST_PROFILE=1: the plugin's prof=1 prints, after each
marker, "PROF <addr> <insns>" for the kernel translation blocks run since
the previous marker, and the guest prints its modules' symbols as
"@@ KSYM <addr> <type> <name> [<module>]".  Each block is charged to the
text symbol at or below its address; for each kind, the first clean
repetition gives (insns(2N) - insns(N)) / N per function.  Functions under
MIN_INSNS_PER_EXIT (default 1) are summed into one line.
"""
import bisect
import sys

from report import read_phases


def symbols(sysmap, console):
    syms = []
    with open(sysmap) as f:
        for line in f:
            p = line.split()
            if len(p) >= 3 and p[1] in "tT":
                syms.append((int(p[0], 16), p[2]))
    with open(console) as f:
        for line in f:
            p = line.split()
            if len(p) >= 5 and p[:2] == ["@@", "KSYM"] and p[3] in "tT":
                mod = p[5].strip("[]") if len(p) > 5 else ""
                syms.append((int(p[2], 16), f"{p[4]} [{mod}]" if mod else p[4]))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def main():
    console, marks, sysmap = sys.argv[1:4]
    floor = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
    addrs, names = symbols(sysmap, console)

    def name(a):
        i = bisect.bisect_right(addrs, a) - 1
        return names[i] if i >= 0 else hex(a)

    phases = read_phases(console)
    intervals = []  # (MARK fields, {function: insns since the previous marker})
    with open(marks) as f:
        for line in f:
            p = line.split()
            if p and p[0] == "MARK":
                intervals.append((p, {}))
            elif p and p[0] == "PROF" and intervals:
                fn = name(int(p[1], 16))
                d = intervals[-1][1]
                d[fn] = d.get(fn, 0) + int(p[2])
    if len(intervals) != 2 * len(phases):
        sys.exit(f"profile: {len(phases)} phases but {len(intervals)} markers")
    by = {}  # (kind, rep) -> {exits: (insns by function, clean)}
    for i, (rep, kind, exits) in enumerate(phases):
        start, end = intervals[2 * i], intervals[2 * i + 1]
        by.setdefault((kind, rep), {})[exits] = (end[1], start[0][5] == end[0][5])
    done = set()
    for (kind, rep), d in sorted(by.items(), key=lambda x: x[0][1]):
        if kind in done or len(d) != 2:
            continue
        n1, n2 = sorted(d)
        if not (d[n1][1] and d[n2][1]):
            continue
        done.add(kind)
        a, b = d[n1][0], d[n2][0]
        per = {fn: (b.get(fn, 0) - a.get(fn, 0)) / n1 for fn in set(a) | set(b)}
        total = sum(per.values())
        big = sorted(((v, fn) for fn, v in per.items() if abs(v) >= floor),
                     key=lambda r: (-r[0], r[1]))
        rest = total - sum(v for v, _ in big)
        print(f"== {kind} (repetition {rep}): {total:.1f} kernel instructions per exit")
        for v, fn in big:
            print(f"  {v:8.1f}  {fn}")
        print(f"  {rest:8.1f}  (functions under {floor} each)")


if __name__ == "__main__":
    main()
