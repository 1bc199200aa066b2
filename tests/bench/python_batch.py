#!/usr/bin/python3
"""python_batch: score_columnar called from Python through the binding.

    python_batch.py SRCDIR BUILDDIR DATADIR REPS

Scores the same 1 M-row table as the C score_columnar workload, with the
same criteria (DATADIR/bench.rules), through bindings/python of the source
tree and the shared library of the build tree: number columns as NumPy
float64 arrays, text columns dictionary-encoded as a data team holds them
(NumPy int32 codes and the list of categories, `sqlscore.Coded`, what
pandas Categorical gives), exactly the arguments of the C call.  Prints
`result python_batch python SIZE RATE` (compared with the native call by
run.py) or `skip REASON` when the binding offers no columnar scoring.  The
same table with the text columns as lists of str (encoded by the binding
on each call) is timed too and reported as a note.
"""

import os
import resource
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baselines  # noqa: E402
from baselines import Skip  # noqa: E402

# Method names the binding's criteria object may give its columnar call.
COLUMNAR_NAMES = ("score_columns", "evaluate_columns", "score_columnar", "score_table")


def main():
    srcdir, builddir, datadir, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    try:
        np = baselines.need_numpy()
        binding = os.path.join(srcdir, "bindings", "python")
        if not os.path.isdir(os.path.join(binding, "sqlscore")):
            raise Skip("the Python binding (bindings/python) is not in this tree yet "
                       "(branch bind not merged into main)")
        so = os.path.join(builddir, "lib", ".libs", "libsqlscore.so")
        if os.path.exists(so):
            os.environ["SQLSCORE_LIBRARY"] = os.path.abspath(so)
        sys.path.insert(0, binding)
        try:
            import sqlscore
        except Exception as e:  # noqa: BLE001 - any import failure is a reason to report
            raise Skip("import sqlscore failed: %s" % e)
        crit = getattr(sqlscore, "Criteria", None)
        if crit is None:
            raise Skip("the Python binding has no Criteria (no criteria or columnar scoring "
                       "API in bindings/python yet)")
        m = baselines.meta(datadir)
        with open(os.path.join(datadir, "bench.rules")) as f:
            rules = f.read()
        c = crit.parse(rules) if hasattr(crit, "parse") else crit(rules)
        fn = None
        for name in COLUMNAR_NAMES:
            fn = getattr(c, name, None)
            if fn is not None:
                break
        if fn is None:
            raise Skip("the binding's Criteria has none of %s" % ", ".join(COLUMNAR_NAMES))
        n = m["leads"]
        cols = {}
        for col in baselines.NUM_COLS:
            cols[col] = np.fromfile(os.path.join(datadir, "lead_%s.f64" % col),
                                    dtype=np.float64)
        strs = dict(cols)
        coded = getattr(sqlscore, "Coded", None)
        if coded is None:
            raise Skip("the Python binding has no Coded (dictionary-encoded) text columns")
        for col in baselines.TEXT_COLS:
            strs[col] = baselines.lines(datadir, "lead_%s.txt" % col)
            cats, codes = np.unique(np.array(strs[col], dtype=object), return_inverse=True)
            cols[col] = coded(codes.astype(np.int32), [str(c) for c in cats])
        try:
            sec, out = baselines.timeit(reps, lambda: fn(cols))
            ssec, sout = baselines.timeit(reps, lambda: fn(strs))
        except TypeError as e:
            raise Skip("Criteria.%s(columns) is not callable with a dict of columns: %s"
                       % (fn.__name__, e))
        if (bytes(out.scores) != bytes(sout.scores) or bytes(out.grades) != bytes(sout.grades)
                or bytes(out.verdicts) != bytes(sout.verdicts)):
            raise RuntimeError("coded and str columns gave different results")
    except Skip as e:
        print("skip %s" % e)
        return
    print("note python_batch: Criteria.%s over %d rows, text columns as sqlscore.Coded "
          "(NumPy int32 codes)" % (fn.__name__, n))
    print("note python_batch: the same with text columns as lists of str (encoded by the "
          "binding): %.3g rows/s" % (n / ssec))
    print("result python_batch python %d %.6g" % (n, n / sec))
    print("rss python_batch.python %d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    del out


if __name__ == "__main__":
    main()
