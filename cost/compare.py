#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare the instructions per exit of two kernels (cost/run.sh's
table.json files) and apply the cost rule of the series.

    compare.py BASE.json SERIES.json [--limit PCT] [--markdown FILE]
               [--doc FILE]... [--update FILE]...

For each kind of exit it prints the medians, the difference, the ratio and
the least increase that the repetitions allow: (series min - base max) /
base median. The rule: that least increase must not exceed PCT (default 1)
per cent for any kind. Exit status 1 if it does, if a kind is missing from
either table, or if a table can't tell: fewer than 3 clean repetitions
(without an L1 interrupt), or a spread over 0.25% (the harness gives 0.00%
and, for HLT, up to 0.06%; more means that something made the counts
depend on time).

--doc FILE: FILE quotes the figures (README.md, the cover letter): for each
kind, one line with its description (WHAT below) followed by the base
median, the series median and the difference. Exit status 1 if a line is
missing or a figure is off by more than one instruction (0.1% for a kind
whose repetitions differ, i.e. HLT).
--update FILE: rewrite those figures in FILE instead.
"""
import json
import re
import sys

ORDER = ("cpuid", "vmmcall", "pio", "irq", "irq-pio", "hlt")
WHAT = {
    "cpuid": "CPUID (in the kernel)",
    "vmmcall": "VMMCALL, unknown hypercall (in the kernel)",
    "pio": "port I/O (to the VMM and back)",
    "irq": "port I/O + KVM_SIGNAL_MSI, taken and EOIed",
    "irq-pio": "the interrupt alone (irq - pio)",
    "hlt": "HLT, woken by KVM_SIGNAL_MSI",
}
MAX_SPREAD = 0.25
MIN_CLEAN = 3
NUM = re.compile(r"[-+]?\d+(?:\.\d+)?")


def tolerance(t):
    """How far a quoted median may be from this one: a kind whose
    repetitions agree to the instruction (all but HLT) varies by no more
    across boots; HLT's PELT noise moves it by up to 0.1% from boot to
    boot."""
    return 1 + (t["median"] / 1000 if t["max"] > t["min"] else 0)


def option(args, name, many=False):
    vals = []
    while name in args:
        i = args.index(name)
        if i + 1 >= len(args):
            sys.exit(f"compare: {name} needs an argument")
        vals.append(args[i + 1])
        del args[i:i + 2]
    return vals if many else (vals[-1] if vals else None)


def quoted(line, kind):
    """The numbers after the kind's description on a line, or None."""
    if WHAT[kind] not in line:
        return None
    return NUM.findall(line.split(WHAT[kind], 1)[1])


def check_doc(path, rows):
    with open(path) as f:
        lines = f.read().splitlines()
    stale = []
    for r in rows:
        hits = [q for q in (quoted(ln, r["kind"]) for ln in lines) if q is not None]
        if len(hits) != 1 or len(hits[0]) < 3:
            stale.append(f"{r['kind']}: not one line with its figures")
            continue
        b, s, d = (float(x) for x in hits[0][:3])
        if (abs(b - r["base"]) > r["btol"] or abs(s - r["series"]) > r["stol"]
                or abs(d - r["delta"]) > r["btol"] + r["stol"]):
            stale.append(f"{r['kind']}: quotes {b:.0f}, {s:.0f}, {d:+.0f};"
                         f" measured {r['base']:.0f}, {r['series']:.0f}, {r['delta']:+.0f}")
    return stale


def update_doc(path, rows):
    with open(path) as f:
        lines = f.read().split("\n")
    for r in rows:
        new = [f"{r['base']:.0f}", f"{r['series']:.0f}", f"{r['delta']:+.0f}",
               f"{r['ratio']:.4f}"]
        for i, ln in enumerate(lines):
            if quoted(ln, r["kind"]) is None:
                continue
            head, tail = ln.split(WHAT[r["kind"]], 1)
            k = iter(new)

            def sub(m):
                # Keep the line's column widths: right-align in the same room.
                v = next(k, m.group(2))
                room = len(m.group(0))
                return v.rjust(room) if len(m.group(1)) > 1 else m.group(1) + v
            tail = re.sub(r"( *)([-+]?\d+(?:\.\d+)?)", sub, tail)
            lines[i] = head + WHAT[r["kind"]] + tail
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    args = sys.argv[1:]
    md = option(args, "--markdown")
    limit = float(option(args, "--limit") or 1)
    docs = option(args, "--doc", many=True)
    updates = option(args, "--update", many=True)
    if len(args) != 2:
        sys.exit(__doc__)
    with open(args[0]) as f:
        base = json.load(f)
    with open(args[1]) as f:
        series = json.load(f)

    rows, bad = [], []
    for kind in ORDER:
        if kind not in base or kind not in series:
            bad.append(f"{kind}: not measured on the {'base' if kind not in base else 'series'}")
            continue
        b, s = base[kind], series[kind]
        for name, t in (("base", b), ("series", s)):
            if t["median"] <= 0:
                bad.append(f"{kind}: the {name}'s median is {t['median']}")
            if t["clean"] < MIN_CLEAN:
                bad.append(f"{kind}: {t['clean']} of {t['reps']} repetitions of the {name}"
                           f" are clean, fewer than {MIN_CLEAN}")
            if t["spread_pct"] > MAX_SPREAD:
                bad.append(f"{kind}: the {name}'s spread is {t['spread_pct']:.2f}%,"
                           f" over {MAX_SPREAD}%")
        if b["median"] <= 0:
            continue
        least = (s["min"] - b["max"]) / b["median"] * 100
        rows.append({"kind": kind, "base": b["median"], "series": s["median"],
                     "delta": s["median"] - b["median"], "ratio": s["median"] / b["median"],
                     "spread": max(b["spread_pct"], s["spread_pct"]), "least": least,
                     "btol": tolerance(b), "stol": tolerance(s)})
        if least > limit:
            bad.append(f"{kind}: at least {least:+.2f}% per exit (limit {limit:g}%)")

    print(f"{'kind':8} {'base':>9} {'series':>9} {'+insns':>8} {'ratio':>7}"
          f" {'spread':>7} {'least':>7}")
    for r in rows:
        print(f"{r['kind']:8} {r['base']:9.1f} {r['series']:9.1f} {r['delta']:+8.1f}"
              f" {r['ratio']:7.4f} {r['spread']:6.2f}% {r['least']:+6.2f}%"
              f"{'  OVER THE LIMIT' if r['least'] > limit else ''}")
    print("instructions the L1 host (kernel + VMM) executes per exit, median of the"
          " clean repetitions; spread = the larger of the two kernels';"
          f" least = (series min - base max) / base median, limit {limit:g}%")
    if md:
        with open(md, "w") as f:
            f.write("| exit | base | series | difference | ratio |\n")
            f.write("| --- | ---: | ---: | ---: | ---: |\n")
            for r in rows:
                f.write(f"| {WHAT[r['kind']]} | {r['base']:.0f} | {r['series']:.0f} |"
                        f" {r['delta']:+.0f} | {r['ratio']:.4f} |\n")
    for doc in updates:
        update_doc(doc, rows)
        print(f"{doc}: figures rewritten")
    for doc in docs:
        stale = check_doc(doc, rows)
        if stale:
            bad.append(f"{doc} quotes other figures ('make mail' rewrites them):"
                       f" {'; '.join(stale)}")
        else:
            print(f"{doc}: quotes the figures measured")
    for b in bad:
        print(f"FAIL {b}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
