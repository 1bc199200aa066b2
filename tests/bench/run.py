#!/usr/bin/python3
"""Driver of `make bench`: every workload beside its baselines, one table.

    run.py --bench PATH --srcdir DIR --builddir DIR [--scale S] [--reps N]
           [--only w1,w2] [--cflags FLAGS]

Generates the data once per scale with sqlscore-bench (fixed seed, in
BUILDDIR/bench-data), then runs each workload in its own process (so each
peak-RSS figure is that workload's) and each baseline in its own process
on the same data.  Prints a table, writes BUILDDIR/bench-results.csv
(workload,size,library_per_s,baseline,baseline_per_s,ratio) and
BUILDDIR/bench-memory.csv.  A baseline that cannot run gives a row with an
empty ratio and a printed reason.  Needs only the Python standard library;
the baselines need numpy and pandas (Debian's python3-numpy,
python3-pandas) and PostgreSQL's server binaries.  No goal is enforced:
the table says which hold.
"""

import argparse
import csv
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# workload -> baselines, in the order of the issue
PLAN = [
    ("enps", ["numpy", "python", "read_bandwidth", "postgresql"]),
    ("enps_narrow", ["numpy", "python", "read_bandwidth"]),
    ("score_columnar", ["pandas", "python"]),
    ("score_columnar_text", ["score_columnar"]),
    ("score_handles", ["score_columnar"]),
    ("attribution", ["pandas", "python"]),
    ("funnel", ["pandas"]),
    ("parse_rules", [""]),
    ("python_batch", ["native"]),
    ("survey_merge", [""]),
]

# ratio goals of the issue (library_per_s / baseline_per_s >= goal)
GOALS = {
    ("enps", "numpy"): 1.5, ("enps", "python"): 100.0, ("enps", "read_bandwidth"): 0.25,
    ("enps", "postgresql"): 50.0,
    # the same work with 1-byte segment indices: the same goals
    ("enps_narrow", "numpy"): 1.5, ("enps_narrow", "python"): 100.0,
    ("enps_narrow", "read_bandwidth"): 0.25, ("score_columnar", "pandas"): 2.0,
    ("score_columnar", "python"): 100.0, ("attribution", "pandas"): 10.0,
    ("funnel", "pandas"): 10.0, ("python_batch", "native"): 0.8,
}
# what the C side computes natively in the same process
C_BASELINES = {("enps", "read_bandwidth"), ("enps_narrow", "read_bandwidth")}
# checksums compared between library and baselines (relative tolerance);
# attribution credits are exact ppm in the library, floats in pandas
CHECK_TOL = {"attribution": 1e-5}


def machine():
    model = platform.processor() or platform.machine()
    try:
        out = subprocess.run(["lscpu"], stdout=subprocess.PIPE, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1048576)
    except OSError:
        pass
    return model, os.cpu_count(), mem


def parse_lines(text):
    out = {"result": [], "check": {}, "note": [], "rss": {}, "memory": [], "skip": None}
    for line in text.splitlines():
        parts = line.split(" ", 1)
        if len(parts) < 2:
            continue
        kind, rest = parts
        if kind == "result":
            w, b, size, rate = rest.split()
            out["result"].append((w, b, int(size), float(rate)))
        elif kind == "check":
            w, name, value = rest.split()
            out["check"][(w, name)] = float(value)
        elif kind == "note":
            out["note"].append(rest)
        elif kind == "rss":
            w, kb = rest.split()
            out["rss"][w] = int(kb)
        elif kind == "memory":
            out["memory"].append(rest)
        elif kind == "skip":
            out["skip"] = rest
    return out


def run(cmd, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if p.returncode != 0:
        raise RuntimeError("%s exited with %d: %s" % (os.path.basename(cmd[1] if cmd[0].endswith(
            "python3") else cmd[0]), p.returncode, (p.stderr or p.stdout).strip()[-600:]))
    return parse_lines(p.stdout)


def fmt_rate(x):
    if x is None:
        return ""
    for unit, div in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= div:
            return "%.3g %s" % (x / div, unit)
    return "%.3g" % x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--srcdir", required=True)
    ap.add_argument("--builddir", required=True)
    ap.add_argument("--scale", default="")
    ap.add_argument("--reps", default="")
    ap.add_argument("--only", default="")
    ap.add_argument("--cflags", default="")
    a = ap.parse_args()
    scale = float(a.scale or 1)
    reps = int(a.reps or 5)
    if reps < 5:
        print("bench: note: fewer than 5 repetitions (BENCH_REPS=%d)" % reps)
    only = set(x for x in a.only.replace(" ", ",").split(",") if x)
    bench = os.path.abspath(a.bench)
    datadir = os.path.abspath(os.path.join(a.builddir, "bench-data"))
    py = sys.executable

    model, cores, mem = machine()
    load0 = os.getloadavg()
    print("libsqlscore benchmarks: scale %g, %d timed repetitions (median) after a warm-up"
          % (scale, reps))
    print("machine: %s, %s cores, %s RAM; load average %.2f %.2f %.2f at start"
          % (model, cores, mem, *load0))
    print("C flags: %s; baselines: %s (Python %s)" % (a.cflags.strip() or "(default)", py,
                                                      platform.python_version()))

    # data: regenerate when missing, made for another scale, or made by an
    # older generator (without a file this one writes)
    have = None
    try:
        with open(os.path.join(datadir, "meta.txt")) as f:
            have = float(f.readline().split()[1])
    except (OSError, IndexError, ValueError):
        pass
    if have != scale or not os.path.exists(os.path.join(datadir, "enps_segments.u8")):
        os.makedirs(datadir, exist_ok=True)
        t0 = time.time()
        subprocess.run([bench, "gen", datadir, repr(scale)], check=True)
        print("generated the data in %s (%.1f s)" % (datadir, time.time() - t0))

    # Baseline processes: OpenBLAS variables slow a current numpy and are
    # unset for them (see the environment notes); nothing here uses BLAS.
    benv = dict(os.environ)
    benv.pop("OPENBLAS_CORETYPE", None)
    benv.pop("OPENBLAS_L2_SIZE", None)

    rows = []      # (workload, size, lib_rate, baseline, base_rate, ratio)
    reasons = []   # printed after the table
    notes = []
    rss = []       # (what, kB)
    memory = []
    checks_lib = {}
    checks_base = {}
    lib = {}       # workload -> (size, rate)
    for workload, bases in PLAN:
        if only and workload not in only:
            continue
        print("running %s ..." % workload, flush=True)
        cres = None
        if workload == "python_batch":
            # the library side here is the binding; native is the C call
            try:
                if "score_columnar" in lib:
                    native = lib["score_columnar"]
                else:
                    r = run([bench, "run", "score_columnar", datadir, str(reps)])
                    native = (r["result"][0][2], r["result"][0][3])
                pr = run([py, os.path.join(HERE, "python_batch.py"), os.path.abspath(a.srcdir),
                          os.path.abspath(a.builddir), datadir, str(reps)], env=benv)
                notes += pr["note"]
                if pr["skip"]:
                    rows.append((workload, native[0], None, "native", native[1], None))
                    reasons.append("python_batch: %s" % pr["skip"])
                else:
                    size, rate = pr["result"][0][2], pr["result"][0][3]
                    rows.append((workload, size, rate, "native", native[1], rate / native[1]))
                    rss += list(pr["rss"].items())
            except RuntimeError as e:
                rows.append((workload, "", None, "native", None, None))
                reasons.append("python_batch: %s" % e)
            continue
        try:
            cres = run([bench, "run", workload, datadir, str(reps)])
        except RuntimeError as e:
            for b in bases:
                rows.append((workload, "", None, b, None, None))
            reasons.append("%s: the library run failed: %s" % (workload, e))
            continue
        notes += cres["note"]
        rss += list(cres["rss"].items())
        checks_lib.update(cres["check"])
        libres = [r for r in cres["result"] if r[1] == "-"][0]
        lib[workload] = (libres[2], libres[3])
        for b in bases:
            if b == "":
                rows.append((workload, libres[2], libres[3], "", None, None))
                continue
            if (workload, b) in C_BASELINES:
                br = [r for r in cres["result"] if r[1] == b][0]
                rows.append((workload, libres[2], libres[3], b, br[3], libres[3] / br[3]))
                continue
            if b == "score_columnar":
                base = lib.get("score_columnar")
                if base is None:
                    rows.append((workload, libres[2], libres[3], b, None, None))
                    reasons.append("%s: score_columnar did not run" % workload)
                else:
                    rows.append((workload, libres[2], libres[3], b, base[1],
                                 libres[3] / base[1]))
                continue
            try:
                br = run([py, os.path.join(HERE, "baselines.py"), workload, b, datadir,
                          str(reps)], env=benv)
            except RuntimeError as e:
                rows.append((workload, libres[2], libres[3], b, None, None))
                reasons.append("%s/%s: %s" % (workload, b, e))
                continue
            notes += br["note"]
            if br["skip"]:
                rows.append((workload, libres[2], libres[3], b, None, None))
                reasons.append("%s/%s: %s" % (workload, b, br["skip"]))
                continue
            rate = br["result"][0][3]
            if br["result"][0][2] != libres[2]:
                notes.append("%s %s: on a slice of %d of the %d items" % (
                    workload, b, br["result"][0][2], libres[2]))
            rows.append((workload, libres[2], libres[3], b, rate, libres[3] / rate))
            rss += list(br["rss"].items())
            for k, v in br["check"].items():
                checks_base[(k, b)] = v
    if not only or "survey_memory" in only:
        try:
            memory = run([bench, "run", "survey_memory", datadir, "1"])["memory"]
        except RuntimeError as e:
            reasons.append("survey_memory: %s" % e)
    load1 = os.getloadavg()

    # the table
    print()
    hdr = ("workload", "size", "library/s", "baseline", "baseline/s", "ratio", "goal")
    table = []
    for w, size, lr, b, br, ratio in rows:
        goal = GOALS.get((w, b))
        gtext = ""
        if goal is not None:
            gtext = ">= %g: %s" % (goal, "n/a" if ratio is None else
                                    ("holds" if ratio >= goal else "MISSED"))
        table.append((w, str(size), fmt_rate(lr), b or "-", fmt_rate(br),
                      "" if ratio is None else "%.2f" % ratio, gtext))
    widths = [max(len(r[i]) for r in table + [hdr]) for i in range(len(hdr))]
    line = "  ".join("%-*s" % (widths[i], hdr[i]) for i in range(len(hdr)))
    print(line)
    print("-" * len(line))
    for r in table:
        print("  ".join("%-*s" % (widths[i], r[i]) for i in range(len(hdr))))
    print()
    if "score_columnar" in lib:
        r = lib["score_columnar"][1]
        print("score_columnar: %s leads/s on one core (goal >= 2 M): %s"
              % (fmt_rate(r), "holds" if r >= 2e6 else "MISSED"))
    if "parse_rules" in lib:
        size, r = lib["parse_rules"]
        ms = size / r * 1e3
        print("parse_rules: %d rules in %.1f ms (goal < 50 ms): %s"
              % (size, ms, "holds" if ms < 50 else "MISSED"))
    for reason in reasons:
        print("no ratio: %s" % reason)
    for n in notes:
        print("note: %s" % n)

    # same results?
    for (k, b), v in sorted(checks_base.items()):
        w, name = k
        if (w, name) not in checks_lib:
            continue
        lv = checks_lib[(w, name)]
        tol = CHECK_TOL.get(w, 1e-9)
        same = abs(lv - v) <= tol * max(1.0, abs(lv))
        print("check %s %s: library %s, %s %s: %s" % (w, name, lv, b, v,
                                                       "same" if same else "DIFFERENT"))

    print()
    print("peak memory (max RSS of each workload's process, data included):")
    for what, kb in rss:
        print("  %-28s %10.1f MiB" % (what, kb / 1024))
    if memory:
        print("survey aggregate: bytes the library holds after add_batch (counting allocator):")
        for mline in memory:
            print("  " + mline)
    print("load average %.2f %.2f %.2f at the end" % load1)

    with open(os.path.join(a.builddir, "bench-results.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["workload", "size", "library_per_s", "baseline", "baseline_per_s", "ratio"])
        for w, size, lr, b, br, ratio in rows:
            wr.writerow([w, size, "" if lr is None else "%.6g" % lr, b,
                         "" if br is None else "%.6g" % br,
                         "" if ratio is None else "%.4g" % ratio])
    with open(os.path.join(a.builddir, "bench-memory.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["what", "answers", "segments", "periods", "bytes"])
        for what, kb in rss:
            wr.writerow(["max_rss:" + what, "", "", "", kb * 1024])
        for mline in memory:
            kv = dict(x.split("=") for x in mline.split()[1:])
            wr.writerow(["survey_live_bytes", kv["answers"], kv["segments"], kv["periods"],
                         kv["live_bytes"]])
    print("wrote %s and %s" % (os.path.join(a.builddir, "bench-results.csv"),
                               os.path.join(a.builddir, "bench-memory.csv")))


if __name__ == "__main__":
    main()
