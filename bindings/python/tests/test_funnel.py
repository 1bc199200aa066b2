"""Funnels, stage moves and funnel metrics through the binding (funnel module)."""

import array
import unittest

import sqlscore
from sqlscore import Funnel, FunnelMetrics, Lead, Move

DAY = 86400


def journeys(funnel):
    """Four leads; the metrics below are worked out by hand from these moves."""
    a = Lead("A").move(funnel, "inquiry", 0).move(funnel, "mql", 100).move(funnel, "sql", 300)
    b = Lead("B").move(funnel, "inquiry", 50).move(funnel, "mql", 150)
    b.move(funnel, "nurture", 400, reason="no budget this year")
    c = Lead("C").move(funnel, "inquiry", 500).move(funnel, "disqualified", 800)
    d = Lead("D").move(funnel, "inquiry", 1500)          # after the window
    return [a, b, c, d]


class FunnelTest(unittest.TestCase):
    def test_default_funnel(self):
        f = Funnel.default()
        self.assertEqual(f.name, "default")
        self.assertEqual([s.name for s in f.stages],
                         ["inquiry", "mql", "sal", "sql", "opportunity", "customer",
                          "nurture", "disqualified", "lost"])
        self.assertEqual((f.sql_stage, f.skip, f.side_stages), (3, sqlscore.SKIP_ALLOWED, 7))
        self.assertEqual(f.find("MQL"), 1)                 # case-insensitive
        self.assertEqual(f.stage("customer").kind, sqlscore.STAGE_KIND_WON)
        with self.assertRaises(sqlscore.NotFound):
            f.find("won")

    def test_custom_funnel(self):
        f = Funnel("sales", stages=["new", ("working", 7 * DAY), "qualified", "won"],
                   sql_stage="qualified", skip=sqlscore.SKIP_FORBIDDEN,
                   side_stages=sqlscore.SIDE_DISQUALIFIED)
        self.assertEqual([s.name for s in f.stages], ["new", "working", "qualified", "won",
                                                      "disqualified"])
        self.assertEqual(f.stage(1).max_dwell, 7 * DAY)
        lead = Lead("L").move(f, "new", 0)
        with self.assertRaises(sqlscore.TransitionNotAllowed):
            lead.move(f, "qualified", 10)             # skipping is forbidden
        lead.move(f, "working", DAY)
        self.assertFalse(lead.is_stale(f, 8 * DAY))  # exactly at the SLA: not stale
        self.assertTrue(lead.is_stale(f, 8 * DAY + 1))
        with self.assertRaises(sqlscore.InvalidState):
            f.add_stage("late")                       # built
        with self.assertRaises(sqlscore.NotFound):
            Funnel("x", stages=["a", "b"], sql_stage="c")
        with self.assertRaises(sqlscore.InvalidArgument):
            Funnel("x", stages=["a"])                 # fewer than two main stages
        with self.assertRaises(sqlscore.InvalidArgument):
            Funnel("x").add_stage("nurture")          # reserved

    def test_moves_and_history(self):
        f = Funnel.default()
        a, b, c, d = journeys(f)
        self.assertIsNone(Lead("new").stage)
        self.assertEqual(a.stage, (3, 300))
        self.assertEqual(a.stage_history, [
            Move(None, 0, 0, sqlscore.MOVE_KIND_ENTER, 0, 0, ""),
            Move(0, 1, 100, sqlscore.MOVE_KIND_FORWARD, 0, 0, ""),
            Move(1, 2, 300, sqlscore.MOVE_KIND_FORWARD, sqlscore.MOVE_SKIPPED, 0, ""),
            Move(2, 3, 300, sqlscore.MOVE_KIND_FORWARD, 0, 0, "")])
        self.assertEqual(b.stage_history[-1].kind, sqlscore.MOVE_KIND_RECYCLE)
        self.assertEqual(b.stage_history[-1].reason, "no budget this year")
        with self.assertRaises(sqlscore.TransitionNotAllowed) as cm:
            a.move(f, "mql", 400)
        self.assertIn("SQLSCORE_MOVE_RESET", cm.exception.message)
        a.move(f, "mql", 400, flags=sqlscore.MOVE_RESET, reason_code=7, reason="re-check")
        self.assertEqual(a.stage_history[-1][3:], (sqlscore.MOVE_KIND_RESET,
                                                   sqlscore.MOVE_RESET, 7, "re-check"))
        with self.assertRaises(sqlscore.InvalidState):
            a.move(f, "sql", 399)                     # time going backwards
        with self.assertRaises(sqlscore.NotFound):
            a.move(f, "won", 500)
        with self.assertRaises(sqlscore.TransitionNotAllowed):
            c.move(f, "mql", 900)                     # leaving disqualified needs REOPEN
        other = Funnel("other", stages=["x", "y", "z"], sql_stage="y")
        with self.assertRaises(sqlscore.Incompatible):
            d.move(other, "y", 2000)
        self.assertEqual(len(d.stage_history), 1)     # refused moves changed nothing


class FunnelMetricsTest(unittest.TestCase):
    def setUp(self):
        self.f = Funnel.default()
        self.leads = journeys(self.f)

    def metrics(self):
        return FunnelMetrics(self.f, 0, 1000, as_of=2000)

    def check_numbers(self, m):
        # inquiry: A, B, C entered in the window; D at 1500 did not.
        self.assertEqual(m.count("inquiry", sqlscore.METRIC_ENTERED), 3)
        self.assertEqual(m.count("inquiry", sqlscore.METRIC_FORWARD), 2)
        self.assertEqual(m.count("inquiry", sqlscore.METRIC_DISQUALIFIED), 1)
        self.assertEqual(m.count("mql", sqlscore.METRIC_RECYCLED), 1)
        self.assertEqual(m.count("sal", sqlscore.METRIC_ENTERED), 1)      # A skipped through
        self.assertEqual(m.count(3, sqlscore.METRIC_IN_AT_END), 1)
        self.assertEqual(m.count("nurture", sqlscore.METRIC_IN_AT_END), 1)
        self.assertEqual(m.conversion("inquiry", "mql"), (2, 3, 2 / 3))
        self.assertEqual(m.conversion("mql", "sql"), (1, 2, 0.5))
        self.assertEqual(m.lead_to_sql(), (1, 3, 1 / 3))
        # inquiry stays 100 (A), 100 (B), 300 (C): median 100, p90 rank 3.
        t = m.time_in_stage("inquiry")
        self.assertEqual((t.count, t.median, t.p90), (3, 100.0, 300.0))
        self.assertAlmostEqual(t.mean, 500 / 3, places=10)
        # mql stays 200 (A) and 250 (B).
        self.assertEqual(m.time_in_stage("mql"), (2, 225.0, 225.0, 250.0))
        self.assertEqual(m.velocity(), (1, 300.0, 300.0, 300.0))

    def test_leads_one_by_one_batch_and_merged(self):
        one = self.metrics()
        for lead in self.leads:
            one.add_lead(lead)
        self.check_numbers(one)
        batch = self.metrics().add_leads(self.leads)
        self.check_numbers(batch)
        left = self.metrics().add_leads(self.leads[:2])
        left += self.metrics().add_leads(self.leads[2:])
        self.check_numbers(left)
        with self.assertRaises(sqlscore.Incompatible):
            left.merge(FunnelMetrics(self.f, 0, 999, as_of=2000))

    def test_event_log(self):
        m = self.metrics()
        m.add_log(array.array("q", [0, 0, 0, 1, 1, 1, 2, 2, 3]),
                  ["inquiry", "mql", "sql", "inquiry", "mql", "nurture", "inquiry",
                   "disqualified", "inquiry"],
                  [0, 100, 300, 50, 150, 400, 500, 800, 1500])
        self.check_numbers(m)
        bad = self.metrics()
        with self.assertRaises(sqlscore.TransitionNotAllowed) as cm:
            bad.add_log([0, 0], [3, 1], [0, 10])     # sql back to mql without RESET
        self.assertEqual(cm.exception.index, 1)
        with self.assertRaises(sqlscore.UndefinedRatio):
            bad.lead_to_sql()                         # nothing was added
        with self.assertRaises(sqlscore.NotFound):
            bad.count("won", sqlscore.METRIC_ENTERED)

    def test_bad_window(self):
        with self.assertRaises(sqlscore.InvalidArgument):
            FunnelMetrics(self.f, 10, 10)
        with self.assertRaises(sqlscore.InvalidArgument):
            FunnelMetrics(self.f, 0, 10, as_of=5)


if __name__ == "__main__":
    unittest.main()
