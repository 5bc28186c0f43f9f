#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare the instructions per exit of two kernels (cost/run.sh's
table.json files) and apply the cost rule of the series.

    compare.py BASE.json SERIES.json [--markdown FILE] [--limit PCT] [--doc FILE]...

For each kind of exit it prints the medians, the difference, the ratio and
the least increase the repetitions allow: (series min - base max) / base
median. The rule: that least increase must not exceed PCT (default 1) per
cent for any kind. Exit status 1 if it does, or if a kind is missing from
either table.

--doc FILE: FILE quotes the figures (README.md, the cover letter): for each
kind, a line with its description (WHAT below) followed by the base and the
series median. Exit status 1 if one is missing or differs from the measured
one by more than 0.1%.
"""
import re
import json
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


def main():
    args = sys.argv[1:]
    md = None
    limit = 1.0
    if "--markdown" in args:
        i = args.index("--markdown")
        md = args[i + 1]
        del args[i:i + 2]
    docs = []
    while "--doc" in args:
        i = args.index("--doc")
        docs.append(args[i + 1])
        del args[i:i + 2]
    if "--limit" in args:
        i = args.index("--limit")
        limit = float(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    with open(args[0]) as f:
        base = json.load(f)
    with open(args[1]) as f:
        series = json.load(f)

    rows = []
    bad = []
    for kind in ORDER:
        if kind not in base or kind not in series:
            bad.append(f"{kind}: not measured on the "
                       f"{'base' if kind not in base else 'series'}")
            continue
        b, s = base[kind], series[kind]
        delta = s["median"] - b["median"]
        ratio = s["median"] / b["median"]
        least = (s["min"] - b["max"]) / b["median"] * 100
        spread = max(b["spread_pct"], s["spread_pct"])
        ok = least <= limit
        if not ok:
            bad.append(f"{kind}: at least {least:+.2f}% per exit (limit {limit:g}%)")
        rows.append((kind, b["median"], s["median"], delta, ratio, spread, least, ok))

    print(f"{'kind':8} {'base':>9} {'series':>9} {'+insns':>8} {'ratio':>7}"
          f" {'spread':>7} {'least':>7}")
    for kind, bm, sm, d, r, sp, least, ok in rows:
        print(f"{kind:8} {bm:9.1f} {sm:9.1f} {d:+8.1f} {r:7.4f} {sp:6.2f}%"
              f" {least:+6.2f}%{'' if ok else '  OVER THE LIMIT'}")
    print("instructions the L1 host (kernel + VMM) executes per exit, median of the"
          " clean repetitions; spread = the larger of the two kernels';"
          f" least = (series min - base max) / base median, limit {limit:g}%")
    if md:
        with open(md, "w") as f:
            f.write("| exit | base | series | difference | ratio |\n")
            f.write("| --- | ---: | ---: | ---: | ---: |\n")
            for kind, bm, sm, d, r, sp, least, ok in rows:
                f.write(f"| {WHAT[kind]} | {bm:.0f} | {sm:.0f} | {d:+.0f} |"
                        f" {r:.4f} |\n")
    for doc in docs:
        with open(doc) as f:
            lines = f.read().splitlines()
        stale = []
        for kind, bm, sm, *_ in rows:
            quoted = [ln.split(WHAT[kind], 1)[1] for ln in lines if WHAT[kind] in ln]
            nums = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", quoted[0])[:2]] if quoted else []
            if len(quoted) != 1 or len(nums) != 2:
                stale.append(f"{kind}: no single line quoting it")
            elif abs(nums[0] - bm) > bm / 1000 or abs(nums[1] - sm) > sm / 1000:
                stale.append(f"{kind}: quotes {nums[0]:.0f} and {nums[1]:.0f},"
                             f" measured {bm:.0f} and {sm:.0f}")
        if stale:
            bad.append(f"{doc} quotes other figures (copy them from the"
                       f" table above): {'; '.join(stale)}")
        else:
            print(f"{doc}: quotes the figures measured")
    for b in bad:
        print(f"FAIL {b}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
