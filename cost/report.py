#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the workload's phases and the plugin's markers into the table of
instructions per exit.

    report.py CONSOLE.txt MARKS.txt [--json FILE]

CONSOLE.txt has "@@ PHASE <rep> <kind> <exits>" lines in the order the
phases ran; MARKS.txt has "MARK <id> <l1k> <l1u> <l2> <nirq> <gcov>" lines,
two per phase (id kind<<1 before, kind<<1|1 after).

For each repetition and kind, the cost per exit is
(count(2N phase) - count(N phase)) / N, which cancels all that a phase does
once (the VMM's set-up of the phase, the exit that asks for the next
command, the markers).  A repetition is "clean" if no L1 interrupt (nirq)
fell into either of its phases; the table is made of the clean repetitions.
"irq-pio" is irq minus pio of the same repetition: the interrupt alone,
without the port I/O exit that each irq iteration also takes.

Exit status 3 if a kind has no clean repetition (its figure is then made of
all repetitions and marked).
"""
import json
import statistics
import sys

KINDS = {"cpuid": 1, "vmmcall": 2, "pio": 3, "irq": 4, "hlt": 5}
ORDER = ("cpuid", "vmmcall", "pio", "irq", "irq-pio", "hlt")
# Fields of a MARK line after the id, and of a per-exit tuple.
L1K, L1U, L2, NIRQ, GCOV = range(5)
IRQ_DETECTION = False


def read_phases(console):
    """[(repetition, kind, exits)] of the "@@ PHASE" lines of the console."""
    phases = []
    with open(console) as f:
        for line in f:
            p = line.split()
            if len(p) == 5 and p[:2] == ["@@", "PHASE"]:
                phases.append((int(p[2]), p[3], int(p[4])))
    return phases


def parse(console, marks):
    phases = read_phases(console)
    counts = []
    global IRQ_DETECTION
    with open(marks) as f:
        for line in f:
            p = line.split()
            if p and p[0] == "IRQS":
                IRQ_DETECTION = int(p[1]) > 0
            if p and p[0] == "MARK":
                counts.append(tuple(int(x) for x in p[1:7]))
    if len(counts) != 2 * len(phases):
        sys.exit(f"report: {len(phases)} phases but {len(counts)} markers")
    res = {}  # (rep, kind) -> {exits: counter deltas}
    for i, (rep, kind, exits) in enumerate(phases):
        a, b = counts[2 * i], counts[2 * i + 1]
        k = KINDS[kind]
        if a[0] != k << 1 or b[0] != (k << 1 | 1):
            sys.exit(f"report: phase {i} ({kind}) has markers {a[0]}, {b[0]}")
        res.setdefault((rep, kind), {})[exits] = tuple(y - x for x, y in zip(a[1:], b[1:]))
    return res


def per_exit(res):
    """kind -> rep -> per-exit counts (NIRQ: interrupts in both phases)."""
    out = {}
    for (rep, kind), d in res.items():
        if len(d) != 2:
            sys.exit(f"report: {kind} rep {rep}: phases {sorted(d)}")
        n1, n2 = sorted(d)
        if n2 != 2 * n1:
            sys.exit(f"report: {kind} rep {rep}: phases of {n1} and {n2} exits")
        v = [(d[n2][j] - d[n1][j]) / n1 for j in range(5)]
        v[NIRQ] = d[n1][NIRQ] + d[n2][NIRQ]
        out.setdefault(kind, {})[rep] = tuple(v)
    if "irq" in out and "pio" in out:
        out["irq-pio"] = {}
        for rep, a in out["irq"].items():
            if rep in out["pio"]:
                b = out["pio"][rep]
                v = [x - y for x, y in zip(a, b)]
                v[NIRQ] = a[NIRQ] + b[NIRQ]
                out["irq-pio"][rep] = tuple(v)
    return out


def main():
    args = sys.argv[1:]
    jpath = None
    if "--json" in args:
        i = args.index("--json")
        jpath = args[i + 1]
        del args[i:i + 2]
    res = per_exit(parse(args[0], args[1]))
    print(f"{'kind':8} {'L1/exit':>9} {'min':>9} {'max':>9} {'spread':>7}"
          f" {'kernel':>9} {'user':>6} {'gcov':>7} {'L1-gcov':>8} {'L2':>4}"
          f"  clean  all reps: min..max")
    table = {}
    status = 0
    for kind in (k for k in ORDER if k in res):
        reps = res[kind]
        clean = [v for v in reps.values() if v[NIRQ] == 0]
        use = clean or list(reps.values())
        l1 = [v[L1K] + v[L1U] for v in use]
        every = [v[L1K] + v[L1U] for v in reps.values()]
        med = statistics.median(l1)
        spread = (max(l1) - min(l1)) / med * 100 if med else 0.0

        def m(j):
            return statistics.median(v[j] for v in use)
        note = ""
        if not clean:
            note = "  NO CLEAN REPETITION (all used): lower COST_N"
            status = 3
        print(f"{kind:8} {med:9.1f} {min(l1):9.1f} {max(l1):9.1f} {spread:6.2f}%"
              f" {m(L1K):9.1f} {m(L1U):6.1f} {m(GCOV):7.1f} {med - m(GCOV):8.1f}"
              f" {m(L2):4.1f}  {len(clean):2}/{len(reps):<2}"
              f"  {min(every):.1f}..{max(every):.1f}{note}")
        table[kind] = {
            "median": med, "min": min(l1), "max": max(l1), "spread_pct": spread,
            "l1_kernel": m(L1K), "l1_user": m(L1U), "gcov": m(GCOV), "l2": m(L2),
            "clean": len(clean), "reps": len(reps),
            "per_rep": {r: {"l1_kernel": v[L1K], "l1_user": v[L1U], "l2": v[L2],
                            "gcov": v[GCOV], "irqs": v[NIRQ]}
                        for r, v in sorted(reps.items())}}
    print("L1/exit = kernel + user, median over the clean repetitions; spread ="
          " (max - min) / median; gcov = gcov counter updates among the kernel's;"
          " L2 = the nested guest's own instructions per exit (not in L1/exit)")
    if not IRQ_DETECTION:
        print("WARNING: the plugin had no interrupt entry points (irqs=):"
              " phases with L1 interrupts could not be told apart")
        status = 3
    if jpath:
        with open(jpath, "w") as f:
            json.dump(table, f, indent=1)
    if status:
        print("report: the figures above are not clean (see the marks in the table)",
              file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
