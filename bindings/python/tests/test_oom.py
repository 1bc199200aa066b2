"""Allocation failures through the binding's entry points (issue 9).

The binding does not offer the allocator hook as API, so this test installs
one itself through the raw FFI: ctypes callbacks that count every
allocation the library asks for, pass it on to the process's malloc(),
realloc() and free(), and make one of them fail.  For each entry point the
walk fails the k-th allocation for k = 1, 2, ... until the call succeeds,
twice: only that allocation, then that one and every later one.  At every
step it checks that:

- the binding raised :class:`sqlscore.OutOfMemory` (status ``ENOMEM``, an
  "out of memory" detail), never another exception, a crash or a value;
- the objects the call was given are as they were (unless the entry point
  interns identifiers in earlier library calls, see ``keeps``) and no block
  stayed allocated while they live;
- the same call, repeated without a failure, gives what it gives on fresh
  objects, so the handles stay usable;
- once every object of the step is closed, the live blocks are back to
  their count before the step.

The walk then checks that the successful call made as many allocations as
steps failed, and returns the number for the TAP diagnostics.

Rules of sqlscore_allocator_set() respected here: every handle a walk uses
is created after the hook is installed and closed before it is removed
(the fixture is built inside each step), and the garbage collector is off
during the walk, so no object of another test is finalized through the
hook.  The hook hands out the process's own malloc() blocks, so even a
handle made before it (another test's, freed late) is released correctly.
"""

import array
import ctypes
import gc
import sys
import types
import unittest

import sqlscore
from sqlscore import _lib
from sqlscore._handle import Handle

# dlopen(NULL): the malloc the library itself would use (the sanitizer's
# when one is preloaded), not a second copy from libc.so by name.
_libc = ctypes.CDLL(None)
_libc.malloc.restype = ctypes.c_void_p
_libc.malloc.argtypes = [ctypes.c_size_t]
_libc.realloc.restype = ctypes.c_void_p
_libc.realloc.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
_libc.free.restype = None
_libc.free.argtypes = [ctypes.c_void_p]

_MALLOC = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_size_t)
_REALLOC = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
_FREE = ctypes.CFUNCTYPE(None, ctypes.c_void_p)

T0 = 1767225600            # 2026-01-01T00:00:00Z
DAY = 86400
MAX_STEPS = 5000


class CountingAllocator:
    """malloc/realloc/free for sqlscore_allocator_set(), counting blocks.

    ``blocks`` holds the addresses it handed out and that were not freed
    yet; ``attempts`` counts allocations (malloc, and realloc of a block)
    since :meth:`arm`; the ``fail_at``-th of them returns NULL, and with
    ``sticky`` every later one too.
    """

    def __init__(self):
        self.blocks = set()
        self.attempts = 0
        self.fail_at = None
        self.sticky = False
        # The callbacks must outlive every call that may reach them.
        self.fns = (_MALLOC(self._malloc), _REALLOC(self._realloc), _FREE(self._free))

    def _fail(self):
        self.attempts += 1
        if self.fail_at is None:
            return False
        return self.attempts == self.fail_at or (self.sticky and self.attempts > self.fail_at)

    def _malloc(self, size):
        if self._fail():
            return None
        p = _libc.malloc(size)
        if p:
            self.blocks.add(p)
        return p

    def _realloc(self, ptr, size):
        if not ptr:
            return self._malloc(size)
        if self._fail():
            return None
        q = _libc.realloc(ptr, size)
        if q and ptr in self.blocks:
            self.blocks.discard(ptr)
            self.blocks.add(q)
        return q

    def _free(self, ptr):
        self.blocks.discard(ptr)
        _libc.free(ptr)

    @property
    def live(self):
        return len(self.blocks)

    def install(self):
        # Through the raw function: the binding has no API for it.
        _lib.lib.sqlscore_allocator_set(*[ctypes.cast(f, ctypes.c_void_p) for f in self.fns])

    @staticmethod
    def restore():
        _lib.lib.sqlscore_allocator_set(None, None, None)

    def arm(self, k, sticky=False):
        self.attempts = 0
        self.fail_at = k
        self.sticky = sticky

    def disarm(self):
        self.fail_at = None
        return self.attempts

    def forget(self):
        """Stop tracking the blocks of earlier tests: one that leaked and is
        freed late must not upset the counts of the next."""
        self.blocks.clear()


ALLOC = CountingAllocator()


def close_all(fx):
    """Close every handle of a fixture (attributes, lists of handles)."""
    for v in vars(fx).values():
        for h in (v if isinstance(v, (list, tuple)) else [v]):
            if isinstance(h, Handle):
                h.close()


# ---- fixtures ------------------------------------------------------------

RULES = (
    'criteria "oom" version 3\n'
    'group "web" cap 10\n'
    'fit "Big" if employees >= 1000 or title contains "chief" then +30 points and +2 grades\n'
    'fit "Region" if country in ("DE", "FR", "K\u00f6ln") then +5 points\n'
    'engagement "View" in group "web" on page_view if value >= 30 then +1 points max 5 per 7d\n'
    'disqualify "Student" if title contains "student"\n'
    'gate "Budget" if budget is met\n'
    'mql at score 10 and grade D\n'
    'sql at score 40\n')


FUNNEL_RULES = (
    'funnel "sales"\n'
    '  stage new\n'
    '  stage working sla 1w\n'
    '  stage qualified\n'
    '  stage won\n'
    '  side disqualified\n'
    '  sql_stage qualified\n'
    'end\n')


def make_lead(i=0):
    lead = sqlscore.Lead("lead-%d-\u00e9" % i)
    lead["employees"] = 400 + 900 * i
    lead["title"] = "Chief Revenue Officer" if i % 2 else "Engineer"
    lead["country"] = ("DE", "FR", "US")[i % 3]
    lead["budget_eur"] = sqlscore.Money(250000 * (i + 1), "EUR")
    lead.set_check("budget", i % 2 == 0)
    for d in range(i + 2):
        lead.add_event("page_view", T0 + d * DAY, value=20 + 7 * d, campaign="web-%d" % (d % 2))
    return lead


def lead_state(lead):
    """Everything the lead's getters show, as plain values."""
    return (lead.id, sorted(lead.attributes.types().items()),
            sorted((k, lead.get(k)) for k in lead.attributes), lead.framework,
            lead.checklist, lead.events, lead.stage_history)


def result_state(r):
    return (r.verdict, r.score, r.grade, r.fit_points, r.engagement_points, r.gates_failed,
            r.points_to_sql, r.lead_id, r.rules, r.explain())


def scores(s):
    return (list(s.scores), list(s.grades), list(s.verdicts))


def metrics_state(m):
    return [[m.count(stage, what) for what in range(10)] for stage in range(9)]


def survey_state(s):
    return s.serialize()


def enps_state(r):
    n, skipped, sup = r.n, r.skipped, r.suppressed
    if sup or n == 0:
        return (n, skipped, sup)
    return (n, skipped, sup, tuple(r.counts), r.score, r.rounded, r.interval())


def make_survey(salt):
    s = sqlscore.Survey(period=sqlscore.PERIOD_MONTH, threshold=3)
    for i in range(24):
        s.add((i * 7 + salt) % 11, segment="Sales" if i % 2 else "Engineering",
              time=T0 + i * 3 * DAY)
    return s


def new_pulse():
    return sqlscore.Pulse(sqlscore.PULSE_MONTHLY, threshold=3,
                          questions=[("enps", "Would you recommend us?", sqlscore.QUESTION_ENPS),
                                     ("growth", "I can grow here", sqlscore.QUESTION_LIKERT)])


def fill_pulse(p):
    p.set_invited("Sales", T0, 12)
    for i in range(6):
        p.add_response("Sales", T0 + i * DAY, [(i * 3) % 11, 1 + i % 5])
    return p


def moved_lead(funnel, i):
    lead = sqlscore.Lead("m%d" % i)
    lead.add_event("webinar", T0, campaign="camp-%d" % (i % 2))
    lead.move(funnel, "inquiry", T0 + i * DAY)
    lead.move(funnel, "mql", T0 + (i + 2) * DAY)
    if i % 2 == 0:
        lead.move(funnel, "sql", T0 + (i + 5) * DAY)
    return lead


def log_events(salt):
    ent, stg, tim = [], [], []
    for e in range(8):
        for s in range(1 + (e + salt) % 4):
            ent.append(100 * salt + e)
            stg.append(s)
            tim.append(T0 + (e + s * 3) * DAY)
    return ent, stg, tim


def make_attribution():
    a = sqlscore.Attribution(model=sqlscore.MODEL_W_SHAPED)
    for i in range(6):
        lead = "l%d" % i
        for t in range(3):
            a.add_touch(lead, "c%d" % ((i + t) % 4), T0 + (i + t) * DAY,
                        sqlscore.TOUCH_LEAD_CREATION if t == 1 else 0)
        if i % 3 != 2:
            a.add_conversion(lead, T0 + (i + 5) * DAY)
    return a


def attribution_state(a, r):
    return (r.conversions, r.attributed, list(r.credits()),
            [tuple(r.touch(i)) for i in range(a.sizes.touches)])


def make_campaign(i):
    c = sqlscore.Campaign("camp-%d" % i, "EUR", name="Campaign %d" % i)
    c.add_spend(150000 + 1000 * i, sqlscore.SPEND_MARKETING, T0)
    c.add_spend(9900, sqlscore.SPEND_SALES, T0 + DAY, currency="USD")
    return c


def make_rates():
    r = sqlscore.Rates()
    r.set("USD", "EUR", 0, "0.9222")
    return r


# ---- the walk -------------------------------------------------------------

class AllocationFailureTest(unittest.TestCase):
    """One test per binding entry point; see the module docstring."""

    def setUp(self):
        gc.collect()
        gc.disable()
        self.addCleanup(gc.enable)
        ALLOC.forget()
        ALLOC.install()
        # Cleanups run even when the test fails: the default allocator is
        # always back before the next test.
        self.addCleanup(ALLOC.restore)
        self.addCleanup(ALLOC.disarm)

    def walk(self, name, setup, run, state=lambda fx: None, keeps=None, min_allocs=1):
        """Fail the k-th allocation of run(fixture) for k = 1, 2, ..., twice:
        only that one (the caller's next allocation would succeed), then
        that one and every later one (nothing can be allocated any more).

        setup() builds a fresh fixture (a namespace of handles and data)
        with allocations succeeding; run(fx) makes the call and returns its
        outcome as plain values, closing any handle it made; state(fx)
        describes the fixture.  keeps: for a call made of several library
        calls, where a failure in a later one keeps what the earlier ones
        did (identifiers interned, objects built), the part of the state a
        failure must still leave alone (keeps(fx)).  Returns the number of
        allocations of the successful call.
        """
        n = self._walk(name, setup, run, state, keeps, min_allocs, False)
        self.assertEqual(self._walk(name + " (sticky)", setup, run, state, keeps, min_allocs, True),
                         n, name)
        sys.stdout.write("# oom walk %s: %d allocations, %d steps each way\n" % (name, n, n + 1))
        return n

    def _walk(self, name, setup, run, state, keeps, min_allocs, sticky):
        live0 = ALLOC.live
        fx = setup()
        want = run(fx)
        want_state = state(fx)
        close_all(fx)
        self.assertEqual(ALLOC.live, live0, "%s: blocks left after a plain call" % name)
        for k in range(1, MAX_STEPS + 1):
            fx = setup()
            live_fx = ALLOC.live
            before = state(fx)
            kept = keeps(fx) if keeps is not None else None
            ALLOC.arm(k, sticky)
            try:
                got = run(fx)
            except sqlscore.OutOfMemory as e:
                err = e
            except Exception as e:
                ALLOC.disarm()
                close_all(fx)
                raise AssertionError("%s, allocation %d failing: raised %r instead of "
                                     "OutOfMemory" % (name, k, e)) from e
            else:
                err = None
            attempts = ALLOC.disarm()
            if err is None:
                self.assertEqual(got, want, "%s: a successful step (k=%d) gave another "
                                 "value" % (name, k))
                self.assertEqual(state(fx), want_state, name)
                close_all(fx)
                self.assertEqual(ALLOC.live, live0, "%s: blocks leaked after success" % name)
                self.assertEqual(attempts, k - 1, "%s: the successful call allocated %d "
                                 "times after %d failing steps" % (name, attempts, k - 1))
                self.assertGreaterEqual(attempts, min_allocs,
                                        "%s: the walk exercised nothing" % name)
                return attempts
            where = "%s, allocation %d failing" % (name, k)
            self.assertIsInstance(err, MemoryError, where)
            self.assertEqual(err.code, sqlscore.ENOMEM, where)
            self.assertIn("out of memory", err.message, where)
            if keeps is None:
                self.assertEqual(ALLOC.live, live_fx, "%s: %d blocks leaked"
                                 % (where, ALLOC.live - live_fx))
                self.assertEqual(state(fx), before, "%s: the objects changed" % where)
            else:
                self.assertEqual(keeps(fx), kept, "%s: the objects changed" % where)
            # Still usable: the same call now gives what it gives on fresh objects.
            self.assertEqual(run(fx), want, "%s: the retry differs" % where)
            self.assertEqual(state(fx), want_state, "%s: the retry's effect differs" % where)
            close_all(fx)
            self.assertEqual(ALLOC.live, live0, "%s: %d blocks leaked after closing"
                             % (where, ALLOC.live - live0))
        self.fail("%s never succeeded in %d steps" % (name, MAX_STEPS))

    # ---- qualification ----------------------------------------------------

    def test_criteria_parse(self):
        def run(fx):
            with sqlscore.Criteria.parse(RULES, "oom.rules") as c:
                return (c.name, c.version, c.framework)
        self.walk("Criteria.parse", types.SimpleNamespace, run, min_allocs=5)

    def test_criteria_write(self):
        def setup():
            return types.SimpleNamespace(c=sqlscore.Criteria.parse(RULES))
        self.walk("Criteria.write", setup, lambda fx: fx.c.write())

    def test_criteria_built_by_methods(self):
        def run(fx):
            with sqlscore.Criteria("built", 2) as c:
                c.add_group("web", 10).add_fit("Big", "employees >= 1000", 30, 2)
                c.add_engagement("View", "page_view", 1, value="value >= 30", limit=5,
                                 window=7 * DAY, group="web")
                c.add_gate("Budget", "budget is met").set_mql(10).set_sql(40).build()
                return c.write()
        # Several calls: a failure in any leaves nothing behind once closed.
        self.walk("Criteria(...).add_*/build", types.SimpleNamespace, run)

    def test_evaluate(self):
        def setup():
            return types.SimpleNamespace(c=sqlscore.Criteria.parse(RULES), lead=make_lead(3))

        def run(fx):
            with fx.c.evaluate(fx.lead, T0 + 10 * DAY) as r:
                return result_state(r)
        self.walk("Criteria.evaluate", setup, run, lambda fx: lead_state(fx.lead))

    def test_evaluate_batch(self):
        def setup():
            return types.SimpleNamespace(c=sqlscore.Criteria.parse(RULES),
                                         leads=[make_lead(i) for i in range(5)])
        self.walk("Criteria.evaluate_batch", setup,
                  lambda fx: scores(fx.c.evaluate_batch(fx.leads, T0 + 10 * DAY)),
                  lambda fx: [lead_state(x) for x in fx.leads])

    def test_evaluate_columns(self):
        columns = {"employees": array.array("d", [50, 5000, 1200, 10, 800]),
                   "revenue": [1.5, None, 3.0, None, 7.25],
                   "title": ["CTO", None, "Chief of Staff", "student", "VP Sales"],
                   "country": ["DE", "FR", None, "K\u00f6ln", "US"]}

        def setup():
            return types.SimpleNamespace(c=sqlscore.Criteria.parse(RULES))
        # Text columns go to sqlscore_criteria_evaluate_coded, numbers only
        # to sqlscore_criteria_evaluate_columns.
        self.walk("Criteria.evaluate_columns (text)", setup,
                  lambda fx: scores(fx.c.evaluate_columns(columns)))
        numbers = {k: columns[k] for k in ("employees", "revenue")}
        self.walk("Criteria.evaluate_columns (numbers)", setup,
                  lambda fx: scores(fx.c.evaluate_columns(numbers)), min_allocs=0)
        coded = {"employees": columns["employees"],
                 "title": sqlscore.Coded(array.array("i", [2, -1, 0, 1, 2]),
                                         ["student", "Chief of Staff", None]),
                 "country": sqlscore.Coded([0, 1, 1, 2, -1], ["DE", "K\u00f6ln", "US"])}
        self.walk("Criteria.evaluate_columns (Coded)", setup,
                  lambda fx: scores(fx.c.evaluate_columns(coded)))

    # ---- leads --------------------------------------------------------------

    def lead_walk(self, name, call, min_allocs=1):
        def setup():
            return types.SimpleNamespace(lead=make_lead(2))

        def run(fx):
            call(fx.lead)
            return None
        return self.walk(name, setup, run, lambda fx: lead_state(fx.lead), min_allocs=min_allocs)

    def test_lead_new_and_clone(self):
        def run(fx):
            with sqlscore.Lead("Zo\u00eb") as a:
                return a.id
        self.walk("Lead()", types.SimpleNamespace, run)

        def setup():
            return types.SimpleNamespace(lead=make_lead(2))

        def clone(fx):
            with fx.lead.clone() as c:
                return lead_state(c)
        self.walk("Lead.clone", setup, clone, lambda fx: lead_state(fx.lead), min_allocs=4)

    def test_lead_set_attributes(self):
        self.lead_walk("Lead.set_text (new)", lambda l: l.set_text("industry", "Manufacturing"))
        self.lead_walk("Lead.set_text (replace)",
                       lambda l: l.set_text("title", "Chief Revenue Officer, EMEA and APAC"))
        self.lead_walk("Lead.set_number", lambda l: l.set_number("revenue", 12.5))
        self.lead_walk("Lead.set_integer", lambda l: l.set_integer("seats", -7))
        self.lead_walk("Lead.set_boolean", lambda l: l.set_boolean("student", False))
        self.lead_walk("Lead.set_time", lambda l: l.set_time("signed_up", T0 - 5))
        self.lead_walk("Lead.set_money", lambda l: l.set_money("deal", -250, "JPY"))
        self.lead_walk("Lead.set_checklist",
                       lambda l: l.set_checklist("MEDDIC", ["metrics", "economic_buyer", "budget",
                                                            "decision_criteria", "champion"]))

    def test_lead_events(self):
        # Earlier than every event: goes first in the ledger.
        self.lead_walk("Lead.add_event",
                       lambda l: l.add_event("unsubscribe", T0 - DAY, value=-3, campaign="news"))

    # ---- funnels ------------------------------------------------------------

    def test_funnel_transitions(self):
        def setup():
            f = sqlscore.Funnel.default()
            return types.SimpleNamespace(f=f, lead=moved_lead(f, 1))
        self.walk("Lead.move", setup,
                  lambda fx: fx.lead.move(fx.f, "sql", T0 + 9 * DAY, reason="ready").stage,
                  lambda fx: lead_state(fx.lead), min_allocs=0)

        def first():
            f = sqlscore.Funnel.default()
            return types.SimpleNamespace(f=f, lead=sqlscore.Lead("fresh"))
        self.walk("Lead.move (first)", first,
                  lambda fx: fx.lead.move(fx.f, "mql", T0).stage,
                  lambda fx: lead_state(fx.lead))

        def gated():
            f = sqlscore.Funnel.default()
            lead = make_lead(3)
            lead.move(f, "sal", T0)
            return types.SimpleNamespace(f=f, c=sqlscore.Criteria.parse(RULES), lead=lead)
        self.walk("Lead.move (gated)", gated,
                  lambda fx: fx.lead.move(fx.f, "sql", T0 + 5 * DAY, flags=sqlscore.MOVE_OVERRIDE,
                                          reason="exec sponsor", criteria=fx.c).stage,
                  lambda fx: lead_state(fx.lead))

    def test_funnel_new_and_parse(self):
        def built(fx):
            with sqlscore.Funnel("sales", stages=["new", ("working", 7 * DAY), "qualified", "won"],
                                 sql_stage="qualified") as f:
                return f.write()
        self.walk("Funnel(stages=...)", types.SimpleNamespace, built, min_allocs=3)

        def parsed(fx):
            with sqlscore.Funnel.parse(FUNNEL_RULES, "f.rules") as f:
                return [tuple(s) for s in f.stages]
        self.walk("Funnel.parse", types.SimpleNamespace, parsed)

    def metrics_setup(self):
        f = sqlscore.Funnel.default()
        return types.SimpleNamespace(f=f, m=sqlscore.FunnelMetrics(f, T0, T0 + 60 * DAY),
                                     leads=[moved_lead(f, i) for i in range(4)])

    def test_funnel_metrics(self):
        def new(fx):
            with sqlscore.FunnelMetrics(fx.f, T0, T0 + 30 * DAY) as m:
                return metrics_state(m)

        def setup():
            return types.SimpleNamespace(f=sqlscore.Funnel.default())
        self.walk("FunnelMetrics()", setup, new)
        st = lambda fx: metrics_state(fx.m)                       # noqa: E731
        self.walk("FunnelMetrics.add_lead", self.metrics_setup,
                  lambda fx: fx.m.add_lead(fx.leads[0]) and None, st)
        self.walk("FunnelMetrics.add_leads", self.metrics_setup,
                  lambda fx: fx.m.add_leads(fx.leads) and None, st)

        def log(fx):
            fx.m.add_log(*log_events(1))
        self.walk("FunnelMetrics.add_log", self.metrics_setup, log, st)

        def merge_setup():
            fx = self.metrics_setup()
            fx.m.add_leads(fx.leads[:2])
            fx.m.add_log(*log_events(1))
            fx.o = sqlscore.FunnelMetrics(fx.f, T0, T0 + 60 * DAY)
            fx.o.add_leads(fx.leads[2:])
            fx.o.add_log(*log_events(2))
            return fx
        self.walk("FunnelMetrics.merge", merge_setup, lambda fx: fx.m.merge(fx.o) and None,
                  lambda fx: (metrics_state(fx.m), metrics_state(fx.o)))

        def durations_setup():
            fx = self.metrics_setup()
            fx.m.add_log(*log_events(3))
            return fx
        self.walk("FunnelMetrics.time_in_stage", durations_setup,
                  lambda fx: [tuple(fx.m.time_in_stage(s)) for s in range(3)], st)

    # ---- campaigns and attribution -------------------------------------------

    def test_campaign_metrics(self):
        def setup():
            f = sqlscore.Funnel.default()
            return types.SimpleNamespace(f=f, c=make_campaign(0), rates=make_rates(),
                                         leads=[moved_lead(f, i) for i in range(5)])

        def state(fx):
            return (fx.c.counts, fx.c.spends)
        self.walk("Campaign.count_leads", setup,
                  lambda fx: fx.c.count_leads(fx.f, fx.leads) and None, state, min_allocs=0)

        def counted():
            fx = setup()
            fx.c.count_leads(fx.f, fx.leads)
            return fx

        def metrics(fx):
            return ([fx.c.metric(m, fx.rates) for m in (0, 1, 2, 4, 5, 6, 7)],
                    fx.c.metric_rounded(sqlscore.METRIC_CPSQL, fx.rates),
                    fx.c.cpsql(fx.rates), fx.c.spend(sqlscore.SPEND_ALL, fx.rates))
        # Exact ratios need no memory: the first step already succeeds.
        self.walk("Campaign.metric", counted, metrics, state, min_allocs=0)

        def build(fx):
            with sqlscore.Campaign("new", "EUR", name="Spring") as c:
                c.add_spend(1000).add_spend(2000, sqlscore.SPEND_SALES, T0)
                return c.spends
        self.walk("Campaign()/add_spend", types.SimpleNamespace, build)

    def test_portfolio(self):
        def setup():
            fx = types.SimpleNamespace(cs=[make_campaign(i) for i in range(3)],
                                       rates=make_rates())
            for i, c in enumerate(fx.cs):
                c.set_counts(10 + i, 5, 2 + i, 1)
            return fx

        def run(fx):
            with sqlscore.Portfolio("EUR", fx.cs) as p:
                p.compute(rates=fx.rates)
                return (p.rows, p.total, p.cpsql())
        self.walk("Portfolio(campaigns).compute", setup, run)

    def test_attribution_run(self):
        def setup():
            return types.SimpleNamespace(a=make_attribution())

        def run(fx):
            with fx.a.run() as r:
                return attribution_state(fx.a, r)
        self.walk("Attribution.run", setup, run, lambda fx: fx.a.sizes)

        def touches(fx):
            fx.a.add_touches(["l1", "new-lead", "l9"], ["c0", "new-camp", "c2"],
                             [T0, T0 + DAY, T0 + 2 * DAY])
        def run_state(fx):
            with fx.a.run() as r:
                return fx.a.sizes[2:], attribution_state(fx.a, r)
        # New identifiers are interned by separate calls before the batch
        # (and stay); touches, conversions and credits must not change.
        self.walk("Attribution.add_touches", setup, touches, lambda fx: fx.a.sizes,
                  keeps=run_state)

        def add_lead_setup():
            f = sqlscore.Funnel.default()
            return types.SimpleNamespace(a=make_attribution(), f=f, lead=moved_lead(f, 2))
        self.walk("Attribution.add_lead", add_lead_setup,
                  lambda fx: fx.a.add_lead(fx.lead, fx.f) and None, lambda fx: fx.a.sizes)

    def test_other_constructors(self):
        def enps(fx):
            with sqlscore.EnpsResult(3, 4, 9, level=0.9) as r:
                return enps_state(r)
        self.walk("EnpsResult()", types.SimpleNamespace, enps)

        def rates(fx):
            with sqlscore.Rates() as r:
                r.set("EUR", "USD", T0, "1.0843").set("GBP", "EUR", 0, (117, 100))
                return (r.convert(10000, "USD", "EUR", T0), r.convert(333, "GBP", "EUR", T0))
        self.walk("Rates()/set", types.SimpleNamespace, rates)

        def survey(fx):
            with sqlscore.Survey(scale=(1, 10, 6, 9), threshold=4, period=sqlscore.PERIOD_DAYS,
                                 days=14, dedup=True) as s:
                s.add(9, segment="Ops", time=T0, respondent="a")
                return s.serialize()
        self.walk("Survey(**config)", types.SimpleNamespace, survey)

        def attribution(fx):
            with sqlscore.Attribution(weights=(1, 0, 0, 1, 2), half_life=3 * DAY,
                                      lookback=90 * DAY) as a:
                a.add_touch("l", "c", T0).add_conversion("l", T0 + DAY)
                with a.run() as r:
                    return attribution_state(a, r)
        self.walk("Attribution(**config)", types.SimpleNamespace, attribution)

        def clone(fx):
            with fx.c.clone() as c:
                return (c.id, c.name, c.currency, c.spends, c.counts)
        self.walk("Campaign.clone", lambda: types.SimpleNamespace(c=make_campaign(4)), clone,
                  lambda fx: fx.c.spends)

    # ---- surveys --------------------------------------------------------------

    def test_survey_add(self):
        def setup():
            return types.SimpleNamespace(s=make_survey(0))
        self.walk("Survey.add (new segment)", setup,
                  lambda fx: fx.s.add(10, segment="Support", time=T0 + 100 * DAY,
                                      respondent="r-1"),
                  lambda fx: survey_state(fx.s))
        self.walk("Survey.add_missing", setup,
                  lambda fx: fx.s.add_missing(segment="Sales", time=T0 + 40 * DAY),
                  lambda fx: survey_state(fx.s), min_allocs=0)

    def test_survey_add_batch(self):
        answers = array.array("B", [9, 10, 3, 255, 7, 0, 8, 10, 6, 9])
        segs = ["Sales", "Ops", "Ops", "Legal", "Sales", "Legal", "Ops", "HR", "HR", "Sales"]
        times = [T0 + i * 17 * DAY for i in range(10)]
        resp = ["p%d" % i if i % 3 else None for i in range(10)]

        def setup():
            return types.SimpleNamespace(s=make_survey(2))
        def counted(fx):
            with fx.s.result() as a, fx.s.result("Sales") as b, fx.s.result("Engineering") as c:
                return enps_state(a), enps_state(b), enps_state(c), fx.s.periods

        # New segment names are interned (one call each) before the batch
        # and stay; what was counted must not change.
        self.walk("Survey.add_batch", setup,
                  lambda fx: fx.s.add_batch(answers, segments=segs, times=times, respondents=resp),
                  lambda fx: survey_state(fx.s), keeps=counted)

        def by_index():
            fx = setup()
            fx.idx = array.array("I", [fx.s.segment(x) for x in segs])
            return fx
        self.walk("Survey.add_batch (indices)", by_index,
                  lambda fx: fx.s.add_batch(answers, segments=fx.idx, times=times),
                  lambda fx: survey_state(fx.s))

    def test_survey_merge_serialize_parse(self):
        def setup():
            fx = types.SimpleNamespace(s=make_survey(0), o=make_survey(5))
            fx.o.add(10, segment="Support", time=T0)
            return fx
        self.walk("Survey.merge", setup, lambda fx: fx.s.merge(fx.o) and None,
                  lambda fx: (survey_state(fx.s), survey_state(fx.o)))
        self.walk("Survey.serialize", setup, lambda fx: fx.s.serialize())
        data = None

        def parse_setup():
            nonlocal data
            fx = setup()
            data = fx.o.serialize()
            return fx

        def parse(fx):
            with sqlscore.Survey.parse(data) as copy:
                return copy.serialize()
        self.walk("Survey.parse", parse_setup, parse)

    def test_survey_results(self):
        def setup():
            return types.SimpleNamespace(s=make_survey(1))

        def run(fx):
            with fx.s.result("Sales", T0 + 10 * DAY) as a, fx.s.result() as b, \
                    fx.s.result_range(T0, T0 + 60 * DAY, "Engineering") as c:
                return (enps_state(a), enps_state(b), enps_state(c), tuple(fx.s.trend(1)))
        self.walk("Survey.result/result_range/trend", setup, run, lambda fx: survey_state(fx.s))

    def test_pulse(self):
        def build(fx):
            with new_pulse() as p:
                fill_pulse(p)
                return (p.questions, tuple(p.response_rate("Sales", T0)))
        self.walk("Pulse(questions)/set_invited/add_response", types.SimpleNamespace, build,
                  min_allocs=5)

        def setup():
            return types.SimpleNamespace(p=fill_pulse(new_pulse()))

        def pstate(fx):
            return (tuple(fx.p.response_rate("Sales", T0)),
                    tuple(fx.p.question("growth", None, T0)))
        self.walk("Pulse.add_response", setup,
                  lambda fx: fx.p.add_response("Ops", T0 + 40 * DAY, {"enps": 9}), pstate)

        def read(fx):
            with fx.p.enps("enps", "Sales", T0) as r:
                return (enps_state(r), tuple(fx.p.question("growth", "Sales", T0)),
                        tuple(fx.p.response_rate(None, T0)))
        self.walk("Pulse.enps/question/response_rate", setup, read, pstate, min_allocs=0)


if __name__ == "__main__":
    unittest.main()
