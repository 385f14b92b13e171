#!/usr/bin/env python3
"""The side-by-side table for scripts/bench-jwt, from the files it wrote.

Usage: report.py WORKDIR

Reads hyperfine's --export-json files (several rounds per comparison),
`/usr/bin/time -v` logs and the output of `openssl speed`, and prints one
table: tool, work, measured figure, the target, the ratio to it and whether
it is met. Measured numbers only: a figure that is missing is "n/a".
"""

import glob
import json
import os
import re
import statistics
import sys

W = sys.argv[1]


def path(name):
    return os.path.join(W, name)


def pooled_times(pattern):
    """{command name: [seconds…]} over every hyperfine export matching."""
    times = {}
    order = []
    for name in sorted(glob.glob(path(pattern))):
        with open(name) as f:
            for r in json.load(f)["results"]:
                if r["command"] not in times:
                    order.append(r["command"])
                times.setdefault(r["command"], []).extend(r["times"])
    return {c: times[c] for c in order}


def max_rss_mb(name):
    try:
        with open(path(name)) as f:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
    except FileNotFoundError:
        return None
    return int(m.group(1)) / 1024 if m else None


def wall_seconds(name):
    """Elapsed wall clock from `/usr/bin/time -v` (h:mm:ss or m:ss.ss)."""
    with open(path(name)) as f:
        m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", f.read())
    if not m:
        return None
    secs = 0.0
    for part in m.group(1).split(":"):
        secs = secs * 60 + float(part)
    return secs


OPENSSL_LINE = {
    "RS256": r"^rsa\s+2048 bits\s",
    "ES256": r"^\s*256 bits ecdsa \(nistp256\)",
    "EdDSA": r"^\s*253 bits EdDSA \(Ed25519\)",
}


def openssl_verify_rate(alg, name):
    """verify/s (the last column) from one `openssl speed` output."""
    try:
        with open(path(name)) as f:
            for line in f:
                if re.search(OPENSSL_LINE[alg], line):
                    return float(line.split()[-1])
    except FileNotFoundError:
        pass
    return None


with open(path("meta.json")) as f:
    M = json.load(f)
COUNT = M["count"]
rows = []  # (tool, work, figure, target, ratio, verdict)
notes = []  # per-round detail under the table


def ms(s):
    return f"{s * 1000:.2f} ms"


def rate(r):
    return f"{r:,.0f} tok/s"


def verdict(ok):
    return "MET" if ok else "MISSED"


med = statistics.median

# 1. Per process: the median of every run over every round.
for group, work, ref in [
    ("decode", "decode 1 RS256 token (1 process)", "jwt-cli decode"),
    ("validate", "verify 1 RS256 token (1 process)", "jwt-cli decode -A RS256 -S @pub.pem"),
]:
    times = pooled_times(f"hf-{group}-*.json")
    base = med(times[ref])
    for name, t in times.items():
        r = med(t) / base
        label = f"{work}, n={len(t)}"
        if name.startswith("oauthctl"):
            rows.append((name, label, ms(med(t)), "<= jwt-cli", f"{r:.2f}x jwt-cli",
                         verdict(r <= 1.0)))
        else:
            rows.append((name, label, ms(med(t)), "", f"{r:.2f}x jwt-cli", ""))

# 2. Bulk: medians over the rounds; OpenSSL measured in the same rounds.
for alg in M["algs"]:
    times = pooled_times(f"hf-bulk-{alg}-*.json")
    one = COUNT / med(times["1 thread"])
    alln = COUNT / med(times["all cores"])
    rounds = len(times["1 thread"])
    ossl = [openssl_verify_rate(alg, f"openssl-{alg}-{r}.txt") for r in range(1, rounds + 1)]
    ossl = [x for x in ossl if x]
    base = med(ossl) if ossl else None
    rss = max_rss_mb(f"rss-{alg}.txt")
    if base:
        rows.append((f"openssl speed {alg} verify", f"1 thread, -seconds {M['ossl_seconds']}, "
                     f"{len(ossl)} rounds", rate(base), "", "", ""))
    if alg == "RS256":
        single = openssl_verify_rate(alg, "openssl-single-RS256.txt")
        multi = openssl_verify_rate(alg, "openssl-multi-RS256.txt")
        if single and multi:
            rows.append((f"openssl speed -multi {M['nproc']} {alg} verify",
                         "the machine's own scaling", rate(multi), "",
                         f"{multi / single:.2f}x 1 process", ""))
            if multi / single < 0.8 * M["nproc"]:
                notes.append(f"warning: openssl itself scaled only {multi / single:.2f}x on "
                             f"{M['nproc']} cores: other work had the CPUs, so the all-cores "
                             "figures are capped by the machine, not by oauthctl")
    # OpenSSL and oauthctl ran back to back in each round: the paired
    # ratios show how much of a miss or a pass is the machine's drift.
    per_round = [
        (COUNT / t1) / o
        for t1, o in zip(times["1 thread"], [openssl_verify_rate(alg, f"openssl-{alg}-{r}.txt")
                                             for r in range(1, rounds + 1)])
        if o
    ]
    if per_round:
        notes.append(f"{alg}: 1 thread / openssl per round: "
                     + ", ".join(f"{x:.2f}" for x in per_round)
                     + f"; 1-thread times: " + ", ".join(f"{t:.2f} s" for t in times["1 thread"])
                     + "; all-cores times: " + ", ".join(f"{t:.2f} s" for t in times["all cores"]))
    work = f"{COUNT:,} {alg}, RAYON_NUM_THREADS=1"
    if alg == "RS256" and base:
        r = one / base
        rows.append(("oauthctl validate --bulk", work, rate(one), ">= 0.70x openssl",
                     f"{r:.2f}x openssl", verdict(r >= 0.70)))
    else:
        ratio = f"{one / base:.2f}x openssl" if base else ""
        rows.append(("oauthctl validate --bulk", work, rate(one), "", ratio, ""))
    s = alln / one
    rss_note = f", peak {rss:.1f} MB" if rss is not None else ""
    rows.append(("oauthctl validate --bulk", f"{COUNT:,} {alg}, all {M['nproc']} cores{rss_note}",
                 rate(alln), ">= 1.6x 1 thread", f"{s:.2f}x 1 thread", verdict(s >= 1.6)))

# 3. Memory for 1,000,000 tokens.
mem = max_rss_mb("mem-1M.txt")
secs = wall_seconds("mem-1M.txt")
fig = f"{mem:.1f} MB" if mem is not None else "n/a"
if secs:
    fig += f" ({rate(M['mem_count'] / secs)})"
rows.append(("oauthctl validate --bulk", f"{M['mem_count']:,} HS256, all cores, peak RSS",
             fig, "< 50 MB", f"{mem / 50:.2f}x limit" if mem is not None else "n/a",
             verdict(mem is not None and mem < 50)))

head = ("tool", "work", "median / rate", "target", "ratio", "")
widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]


def line(r):
    return "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()


print()
print(f"machine: {M['cpu']}, nproc {M['nproc']}; load average before {M['load_before']}, "
      f"after {M['load_after']}")
print(f"tools: {M['versions']}")
print(f"per process: hyperfine -N, {M['runs']} runs per command in {M['rounds']} rounds "
      f"(order rotated, warmup {M['warmup']} per round), median of all runs")
print(f"bulk: {COUNT:,} distinct tokens per algorithm; {M['bulk_runs']} rounds of "
      f"[openssl speed, 1 thread, all cores], medians over the rounds")
print("CPU busy with other work when each phase started: " + ", ".join(M.get("busy", [])))
print()
print(line(head))
print(line(tuple("-" * w for w in widths)))
for r in rows:
    print(line(r))
missed = [r for r in rows if r[5] == "MISSED"]
if notes:
    print()
    for n in notes:
        print(n)
print()
print(f"targets: {sum(r[5] == 'MET' for r in rows)} met, {len(missed)} missed")
