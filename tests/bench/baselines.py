#!/usr/bin/python3
"""Baselines of `make bench`: what a user would otherwise write.

    baselines.py WORKLOAD BASELINE DATADIR REPS

Reads the data sqlscore-bench wrote to DATADIR (the very same arrays the
library is timed on), makes one untimed warm-up run, times REPS runs and
prints lines for tests/bench/run.py:

    result WORKLOAD BASELINE SIZE ITEMS_PER_SECOND
    check WORKLOAD NAME VALUE
    note WORKLOAD TEXT
    rss WORKLOAD.BASELINE KILOBYTES
    skip REASON            (the baseline cannot run here, and why)

Loading the data into arrays or a DataFrame is not timed (the library's
loading is not timed either); the computation from those arrays to the
per-group figures is.  Slow baselines (plain Python, PostgreSQL) run on a
slice: the per-item rates are compared.  Runs on Debian's python3 with
python3-numpy and python3-pandas; plain-Python baselines need neither.
"""

import array
import os
import resource
import statistics
import sys
import time

SEGMENTS = 50
CAMPAIGNS = 100
HALF_LIFE = 604800.0
PY_SLICE_ANSWERS = 1_000_000
PY_SLICE_LEADS = 100_000
PY_SLICE_TOUCHES = 500_000


class Skip(Exception):
    """The baseline's tool is missing; the message says why."""


def meta(datadir):
    out = {}
    with open(os.path.join(datadir, "meta.txt")) as f:
        for line in f:
            k, v = line.split()
            out[k] = float(v) if k == "scale" else int(v)
    return out


def timeit(reps, fn):
    """One warm-up, then the median of reps timed calls; returns (s, value)."""
    value = fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), value


def need_numpy():
    try:
        import numpy
    except ImportError as e:
        raise Skip("numpy not importable by %s (%s): apt-get install python3-numpy"
                   % (sys.executable, e))
    return numpy


def need_pandas():
    need_numpy()
    try:
        import pandas
    except ImportError as e:
        raise Skip("pandas not importable by %s (%s): apt-get install python3-pandas"
                   % (sys.executable, e))
    return pandas


def raw(datadir, name, typecode, count=None):
    """Plain-Python reading of a raw array (no numpy), optionally the first count items."""
    a = array.array(typecode)
    with open(os.path.join(datadir, name), "rb") as f:
        if count is None:
            a.frombytes(f.read())
        else:
            a.fromfile(f, count)
    return a


def lines(datadir, name, count=None):
    with open(os.path.join(datadir, name)) as f:
        out = f.read().split("\n")[:-1]
    return out if count is None else out[:count]


# ---------------------------------------------------------------------------
# enps

def enps_numpy(datadir, m, reps, narrow=False):
    np = need_numpy()
    ans = np.fromfile(os.path.join(datadir, "enps_answers.u8"), dtype=np.uint8)
    if narrow:
        seg = np.fromfile(os.path.join(datadir, "enps_segments.u8"), dtype=np.uint8)
    else:
        seg = np.fromfile(os.path.join(datadir, "enps_segments.u32"), dtype=np.uint32)

    def run():
        # uint8 * 11 would wrap: 1-byte indices are widened to uint16 (550
        # slots), the narrowest type that holds the slot numbers (and the
        # fastest way found: 347 M answers/s against 285 M through intp)
        s = seg.astype(np.uint16) if narrow else seg
        counts = np.bincount(s * 11 + ans, minlength=SEGMENTS * 11).reshape(SEGMENTS, 11)
        det = counts[:, :7].sum(axis=1)
        pas = counts[:, 7:9].sum(axis=1)
        pro = counts[:, 9:].sum(axis=1)
        enps = 100.0 * (pro - det) / (det + pas + pro)
        return det, pas, pro, enps

    sec, (det, pas, pro, enps) = timeit(reps, run)
    check = sum((s + 1) * (int(det[s]) + 7 * int(pas[s]) + 3 * int(pro[s]))
                for s in range(SEGMENTS))
    print("check %s counts %d" % ("enps_narrow" if narrow else "enps", check))
    return len(ans), sec


def enps_python(datadir, m, reps, narrow=False):
    n = min(m["answers"], PY_SLICE_ANSWERS)
    ans = raw(datadir, "enps_answers.u8", "B", n)
    if narrow:
        seg = raw(datadir, "enps_segments.u8", "B", n)
    else:
        seg = raw(datadir, "enps_segments.u32", "I", n)

    def run():
        counts = [[0] * 11 for _ in range(SEGMENTS)]
        for s, a in zip(seg, ans):
            counts[s][a] += 1
        out = []
        for c in counts:
            det, pas, pro = sum(c[:7]), c[7] + c[8], c[9] + c[10]
            out.append(100.0 * (pro - det) / (det + pas + pro))
        return out

    sec, _ = timeit(reps, run)
    return n, sec


def enps_postgresql(datadir, m, reps):
    import postgres_baseline
    return postgres_baseline.run(datadir, m, reps)


# ---------------------------------------------------------------------------
# score_columnar: the 20 fit rules of tests/bench/bench.c, written as an
# analyst would.  Text tests ignore case in the library, so they do here.

NUM_COLS = ("employees", "revenue", "web_visits", "tenure_days", "nps")
TEXT_COLS = ("country", "industry", "title", "source")


def load_frame(datadir, m, rows=None):
    pd = need_pandas()
    np = need_numpy()
    rows = m["leads"] if rows is None else rows
    cols = {}
    for c in NUM_COLS:
        cols[c] = np.fromfile(os.path.join(datadir, "lead_%s.f64" % c), dtype=np.float64)[:rows]
    for c in TEXT_COLS:
        cols[c] = lines(datadir, "lead_%s.txt" % c, rows)
    return pd.DataFrame(cols)


def score_pandas_frame(df):
    np = need_numpy()
    country = df["country"].str.lower()
    industry = df["industry"].str.lower()
    title = df["title"].str.lower()
    source = df["source"].str.lower()
    score = np.zeros(len(df))
    steps = np.zeros(len(df), dtype=np.int64)
    score += 10 * (df["employees"] >= 500)
    score -= 5 * (df["employees"] < 10)
    steps += 1 * (df["employees"] >= 5000)
    score += 15 * (df["revenue"] >= 10_000_000)
    score += 5 * df["revenue"].between(1_000_000, 10_000_000)
    score += 5 * (df["web_visits"] > 20)
    score += 5 * (df["web_visits"] > 100)
    score += 3 * (df["tenure_days"] >= 365)
    score += 4 * (df["nps"] >= 9)
    score += 8 * country.isin(["de", "at", "ch"])
    score += 6 * country.isin(["us", "ca"])
    score += 10 * industry.isin(["software", "saas", "fintech"])
    score -= 3 * industry.isin(["retail", "hospitality"])
    score += 7 * source.isin(["referral", "partner"])
    score -= 2 * source.isin(["ads", "outbound"])
    vp = title.str.startswith("vp")
    chief = title.str.startswith("chief")
    intern = title.str.startswith("intern")
    score += 12 * vp
    steps += 1 * vp
    score += 8 * title.str.startswith("head")
    score += 15 * chief
    steps += 2 * chief
    score -= 10 * intern
    steps -= 1 * intern
    score += 2 * industry.str.startswith("fin")
    grade = np.clip(2 + steps, 0, 12)
    verdict = np.where(score >= 60, 2, np.where(score >= 30, 1, 0))
    return score, grade, verdict


def score_columnar_pandas(datadir, m, reps):
    df = load_frame(datadir, m)
    sec, (score, grade, verdict) = timeit(reps, lambda: score_pandas_frame(df))
    print("check score_columnar score_sum %.3f" % float(score.sum()))
    print("check score_columnar grade_sum %d" % int(grade.sum()))
    print("check score_columnar mql %d" % int((verdict == 1).sum()))
    print("check score_columnar sql %d" % int((verdict == 2).sum()))
    return len(df), sec


def score_python_row(emp, rev, vis, ten, nps, country, industry, title, source):
    score = 0.0
    steps = 0
    if emp >= 500:
        score += 10
    if emp < 10:
        score -= 5
    if emp >= 5000:
        steps += 1
    if rev >= 10_000_000:
        score += 15
    if 1_000_000 <= rev <= 10_000_000:
        score += 5
    if vis > 20:
        score += 5
    if vis > 100:
        score += 5
    if ten >= 365:
        score += 3
    if nps >= 9:
        score += 4
    country, industry, title, source = (country.lower(), industry.lower(), title.lower(),
                                        source.lower())
    if country in ("de", "at", "ch"):
        score += 8
    if country in ("us", "ca"):
        score += 6
    if industry in ("software", "saas", "fintech"):
        score += 10
    if industry in ("retail", "hospitality"):
        score -= 3
    if source in ("referral", "partner"):
        score += 7
    if source in ("ads", "outbound"):
        score -= 2
    if title.startswith("vp"):
        score += 12
        steps += 1
    if title.startswith("head"):
        score += 8
    if title.startswith("chief"):
        score += 15
        steps += 2
    if title.startswith("intern"):
        score -= 10
        steps -= 1
    if industry.startswith("fin"):
        score += 2
    grade = min(max(2 + steps, 0), 12)
    verdict = 2 if score >= 60 else 1 if score >= 30 else 0
    return score, grade, verdict


def score_columnar_python(datadir, m, reps):
    n = min(m["leads"], PY_SLICE_LEADS)
    nums = [raw(datadir, "lead_%s.f64" % c, "d", n) for c in NUM_COLS]
    texts = [lines(datadir, "lead_%s.txt" % c, n) for c in TEXT_COLS]

    def run():
        return [score_python_row(*row) for row in zip(*nums, *texts)]

    sec, _ = timeit(reps, run)
    return n, sec


# ---------------------------------------------------------------------------
# attribution: W-shaped and time decay over the same touches

def attribution_pandas(datadir, m, reps):
    pd = need_pandas()
    np = need_numpy()

    def col(name, dt):
        return np.fromfile(os.path.join(datadir, name), dtype=dt)

    touches = pd.DataFrame({"lead": col("touch_lead.i32", np.int32),
                            "campaign": col("touch_campaign.i32", np.int32),
                            "time": col("touch_time.i64", np.int64),
                            "flags": col("touch_flags.i32", np.int32)})
    conv = pd.DataFrame({"lead": col("conv_lead.i32", np.int32),
                         "ctime": col("conv_time.i64", np.int64)})

    def run():
        t = touches.merge(conv, on="lead")
        t = t[t["time"] <= t["ctime"]]
        t = t.sort_values(["lead", "time"], kind="stable")
        g = t.groupby("lead", sort=False)
        # W-shaped: first, lead creation, opportunity creation 30 % each,
        # the other touches share 10 %; absent roles drop out
        first = g.cumcount() == 0
        lc = (t["flags"] & 1) != 0
        oc = (t["flags"] & 2) != 0
        lc_first = lc & (lc.groupby(t["lead"]).cumsum() == 1)
        oc_first = oc & (oc.groupby(t["lead"]).cumsum() == 1)
        middle = ~(first | lc_first | oc_first)
        nmid = middle.groupby(t["lead"]).transform("sum")
        w = 30.0 * first + 30.0 * lc_first + 30.0 * oc_first
        w = w + np.where(middle, 10.0 / nmid.clip(lower=1), 0.0)
        share = w / w.groupby(t["lead"]).transform("sum")
        w_credit = share.groupby(t["campaign"]).sum()
        # time decay, half-life 7 days
        d = np.exp2(-(t["ctime"] - t["time"]) / HALF_LIFE)
        share = d / d.groupby(t["lead"]).transform("sum")
        d_credit = share.groupby(t["campaign"]).sum()
        return w_credit, d_credit

    sec, (w_credit, d_credit) = timeit(reps, run)
    print("check attribution w_shaped_c0 %.6f" % float(w_credit.loc[0]))
    print("check attribution time_decay_c0 %.6f" % float(d_credit.loc[0]))
    return len(touches), sec


def attribution_python(datadir, m, reps):
    n = min(m["touches"], PY_SLICE_TOUCHES)
    lead = raw(datadir, "touch_lead.i32", "i", n)
    camp = raw(datadir, "touch_campaign.i32", "i", n)
    tm = raw(datadir, "touch_time.i64", "q", n)
    flags = raw(datadir, "touch_flags.i32", "i", n)
    ctime = raw(datadir, "conv_time.i64", "q")  # conversion i is lead i

    def run():
        by_lead = {}
        for i in range(n):
            if tm[i] <= ctime[lead[i]]:
                by_lead.setdefault(lead[i], []).append(i)
        w_credit = [0.0] * CAMPAIGNS
        d_credit = [0.0] * CAMPAIGNS
        for ld, idx in by_lead.items():
            idx.sort(key=lambda i: tm[i])
            lc = next((i for i in idx if flags[i] & 1), None)
            oc = next((i for i in idx if flags[i] & 2), None)
            roles = {}
            for r in (idx[0], lc, oc):
                if r is not None:
                    roles[r] = roles.get(r, 0.0) + 30.0
            mids = [i for i in idx if i not in roles]
            weights = dict(roles)
            for i in mids:
                weights[i] = 10.0 / len(mids)
            total = sum(weights.values())
            for i, w in weights.items():
                w_credit[camp[i]] += w / total
            ct = ctime[ld]
            ds = [2.0 ** (-(ct - tm[i]) / HALF_LIFE) for i in idx]
            total = sum(ds)
            for i, d in zip(idx, ds):
                d_credit[camp[i]] += d / total
        return w_credit, d_credit

    sec, _ = timeit(reps, run)
    return n, sec


# ---------------------------------------------------------------------------
# funnel: per-stage entries, time in stage (count, median, mean, p90) and
# lead velocity to SQL, from the event log

def funnel_pandas(datadir, m, reps):
    pd = need_pandas()
    np = need_numpy()

    def col(name, dt):
        return np.fromfile(os.path.join(datadir, name), dtype=dt)

    log = pd.DataFrame({"entity": col("funnel_entity.i64", np.int64),
                        "stage": col("funnel_stage.i32", np.int32),
                        "time": col("funnel_time.i64", np.int64)})

    def run():
        df = log.sort_values(["entity", "time"], kind="stable")
        nxt = df.groupby("entity", sort=False)["time"].shift(-1)
        df = df.assign(duration=nxt - df["time"])
        entered = df.groupby("stage").size()
        stays = df.dropna(subset=["duration"]).groupby("stage")["duration"]
        stats = stays.agg(["count", "median", "mean"])
        stats["p90"] = stays.quantile(0.9, interpolation="higher")
        first = df[df["stage"] == 0].groupby("entity")["time"].min()
        sql = df[df["stage"] == 3].groupby("entity")["time"].min()
        velocity = (sql - first).dropna()
        return entered, stats, velocity.median()

    sec, (entered, stats, _vel) = timeit(reps, run)
    print("check funnel entered_0 %d" % int(entered.loc[0]))
    print("check funnel entered_3 %d" % int(entered.loc[3]))
    print("check funnel median_0 %.1f" % float(stats.loc[0, "median"]))
    print("check funnel median_2 %.1f" % float(stats.loc[2, "median"]))
    return len(log), sec


BASELINES = {
    ("enps", "numpy"): enps_numpy,
    ("enps", "python"): enps_python,
    ("enps", "postgresql"): enps_postgresql,
    ("enps_narrow", "numpy"): lambda d, m, r: enps_numpy(d, m, r, narrow=True),
    ("enps_narrow", "python"): lambda d, m, r: enps_python(d, m, r, narrow=True),
    ("score_columnar", "pandas"): score_columnar_pandas,
    ("score_columnar", "python"): score_columnar_python,
    ("attribution", "pandas"): attribution_pandas,
    ("attribution", "python"): attribution_python,
    ("funnel", "pandas"): funnel_pandas,
}


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: baselines.py WORKLOAD BASELINE DATADIR REPS")
    workload, baseline, datadir, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    fn = BASELINES.get((workload, baseline))
    if fn is None:
        sys.exit("baselines.py: no baseline %s for %s" % (baseline, workload))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        size, sec = fn(datadir, meta(datadir), reps)
    except Skip as e:
        print("skip %s" % e)
        return
    print("result %s %s %d %.6g" % (workload, baseline, size, size / sec))
    print("rss %s.%s %d" % (workload, baseline,
                            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
