"""The table and summary of ab-corpus.sh's A/B run.

Usage: ab_corpus_summary.py PARTS_FOLDER NAMES RESULTS.tsv A_LABEL B_LABEL WALL_SECONDS

Joins the rows that ab_corpus_one.py wrote, PARTS_FOLDER/NAME.tsv for each name in the file
NAMES (one a line, in the table's order), into RESULTS.tsv with a header (a name without its
rows, its worker having died, gets one failed row), then prints one line per (array, bound)
and the summary. Exit status 1 when some row has a failed command or a broken bound.
"""

import math
import os
import sys

from ab_corpus_one import COLUMNS


def join_rows(parts, names, path):
    """Writes RESULTS.tsv and returns its rows as dicts."""
    rows = []
    for name in names:
        part = os.path.join(parts, name + ".tsv")
        if not os.path.exists(part):
            values = {c: "" for c in COLUMNS}
            values.update(name=name, bound="all", timeA="0", timeB="0", identical="n/a",
                          okA="FAIL", okB="FAIL", rcA="worker", rcB="worker",
                          note="ab_corpus_one.py failed")
            rows.append(values)
            continue
        with open(part) as f:
            rows += [dict(zip(COLUMNS, line.rstrip("\n").split("\t")))
                     for line in f if line.strip()]
    with open(path, "w") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            f.write("\t".join(row[c] for c in COLUMNS) + "\n")
    return rows


def table(rows):
    print(f"{'array':36} {'n':>8} {'bound':16} {'bitsA':>8} {'bitsB':>8} {'B/A':>8} "
          f"{'timeA':>7} {'timeB':>7} {'ident':>5}  boundOK A/B")
    for r in rows:
        ratio = f"{float(r['ratioBA']):.4f}" if r["ratioBA"] else "-"
        bits_a = f"{float(r['bitsA']):.4f}" if r["bitsA"] else "FAIL"
        bits_b = f"{float(r['bitsB']):.4f}" if r["bitsB"] else "FAIL"
        mark = "" if r["okA"] == r["okB"] == "ok" else "   <-- " + r["note"]
        print(f"{r['name']:36} {r['n']:>8} {r['bound']:16} {bits_a:>8} {bits_b:>8} {ratio:>8} "
              f"{float(r['timeA']):7.3f} {float(r['timeB']):7.3f} {r['identical']:>5}  "
              f"{r['okA']}/{r['okB']}{mark}")


def summary(rows, wall):
    both = [r for r in rows if r["ratioBA"]]
    ratios = [float(r["ratioBA"]) for r in both]
    identical = sum(r["identical"] == "yes" for r in rows)
    smaller = [r for r in both if float(r["ratioBA"]) < 1 - 1e-3]
    larger = [r for r in both if float(r["ratioBA"]) > 1 + 1e-3]
    time_a = sum(float(r["timeA"]) for r in rows)
    time_b = sum(float(r["timeB"]) for r in rows)
    dtime_a = sum(float(r["dtimeA"] or 0) for r in rows)
    dtime_b = sum(float(r["dtimeB"] or 0) for r in rows)
    arrays = len({r["name"] for r in rows})
    print(f"\n=== summary: {arrays} arrays, {len(rows)} (array, bound) cases, "
          f"run wall time {float(wall):.0f} s")
    print(f"byte-identical outputs: {identical} of {len(rows)}")
    print(f"B smaller than A by > 0.1%: {len(smaller)};  B larger than A by > 0.1%: {len(larger)};"
          f"  within 0.1%: {len(both) - len(smaller) - len(larger)}")
    if ratios:
        geo = math.exp(sum(math.log(q) for q in ratios) / len(ratios))
        worst = max(both, key=lambda r: float(r["ratioBA"]))
        best = min(both, key=lambda r: float(r["ratioBA"]))
        print(f"geometric-mean size ratio B/A: {geo:.6f}  (over {len(ratios)} cases)")
        for label, r in (("worst ratio B/A:", worst), ("best ratio B/A: ", best)):
            print(f"{label} {float(r['ratioBA']):.6f}  ({r['name']}, {r['bound']})")
    ratio = f" (B/A {time_b / time_a:.3f})" if time_a > 0 else ""
    print(f"total compress time: A {time_a:.2f} s, B {time_b:.2f} s{ratio}")
    print(f"total decompress time: A {dtime_a:.2f} s, B {dtime_b:.2f} s")
    for label, side in (("larger", larger), ("smaller", smaller)):
        if side and len(side) <= 20:
            listed = sorted(side, key=lambda r: -abs(math.log(float(r["ratioBA"]))))
            print(f"B {label} by > 0.1%: " + ", ".join(
                f"{r['name']} {r['bound']} {float(r['ratioBA']):.4f}" for r in listed))


def problems(rows):
    """One line per failed command or broken bound."""
    found = []
    for r in rows:
        for side in ("A", "B"):
            where = f"{side}: {r['name']} {r['bound']}"
            if r["rc" + side] != "0":
                found.append(f"FAILURE {where}: exit {r['rc' + side]} ({r['note']})")
            elif r["ok" + side] == "VIOLATED":
                found.append(f"BOUND VIOLATED {where}: error {r['err' + side]} of the bound")
            elif r["ok" + side] != "ok":
                found.append(f"FAILURE {where}: {r['note']}")
    return found


def main():
    parts, names_file, path, label_a, label_b, wall = sys.argv[1:7]
    with open(names_file) as f:
        names = [line.strip() for line in f if line.strip()]
    rows = join_rows(parts, names, path)
    print(f"A = {label_a}\nB = {label_b}\n")
    table(rows)
    summary(rows, wall)
    found = problems(rows)
    if found:
        print(f"*** {len(found)} failure(s) / bound violation(s):")
        for line in found:
            print("  " + line)
    else:
        print("bound violations: none; failures (nonzero exit): none")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
