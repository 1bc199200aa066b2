"""Criteria, evaluation and results through the binding (qualification module)."""

import array
import os
import tempfile
import unittest

import sqlscore
from sqlscore import Criteria, Crossing, Lead

DAY = 86400
AS_OF = 1793577600          # 2026-11-01T00:00Z

RULES = """\
# The qualification rules used by these tests.
criteria "demo" version 3
group "web" cap 30
fit "big" if employees >= 500 then +20 points and +3 grade
fit "vp" in group "web" if title contains "VP" then +10 points
engagement "demo" on "demo_request" then +40 points once
engagement "visits" on "visit" if value >= 60 then +5 points decay half-life 1w
disqualify "competitor" if domain ends with "rival.com"
gate "authority" if authority is met
mql at score 30
sql at score 60 and grade C
"""


def built():
    """The same criteria as RULES, through the builder API."""
    c = Criteria("demo", 3)
    c.add_group("web", 30)
    c.add_fit("big", "employees >= 500", 20, 3)
    c.add_fit("vp", 'title contains "VP"', 10, group="web")
    c.add_engagement("demo", "demo_request", 40, limit=1)
    c.add_engagement("visits", "visit", 5, value="value >= 60",
                     decay=sqlscore.DECAY_HALF_LIFE, decay_period=7 * DAY)
    c.add_disqualifier("competitor", 'domain ends with "rival.com"')
    c.add_gate("authority", "authority is met")
    c.set_mql(30).set_sql(60, sqlscore.GRADE_C)
    return c.build()


def vp_lead(authority=True, domain="acme.com"):
    lead = Lead("L-1")
    lead["employees"] = 800
    lead["title"] = "VP Sales"
    lead["domain"] = domain
    lead.add_event("demo_request", AS_OF - 3 * DAY)
    lead.add_event("demo_request", AS_OF - 2 * DAY)      # once: counted one time
    lead.add_event("visit", AS_OF - 7 * DAY, value=90)   # one half-life old: 2.5
    lead.add_event("visit", AS_OF - DAY, value=30)       # value test fails
    lead.add_event("visit", AS_OF + DAY, value=90)       # after as_of: ignored
    if authority:
        lead.set_check("authority", True)
    return lead


class CriteriaTest(unittest.TestCase):
    def setUp(self):
        self.crit = built()
        self.addCleanup(self.crit.close)

    def test_sql_lead(self):
        # fit 20 + 10 = 30, grade D + 3 = C; engagement 40 + 5 x 2^-1 = 42.5.
        with self.crit.evaluate(vp_lead(), AS_OF) as r:
            self.assertEqual(r.verdict, sqlscore.VERDICT_SQL)
            self.assertEqual(r.verdict_name, "SQL")
            self.assertEqual(r.score, 72.5)
            self.assertEqual((r.grade, r.grade_name), (sqlscore.GRADE_C, "C"))
            self.assertEqual((r.fit_points, r.engagement_points), (30.0, 42.5))
            self.assertEqual((r.gates_failed, r.points_to_sql), (0, 0.0))
            self.assertEqual((r.criteria_name, r.criteria_version, r.lead_id, r.as_of),
                             ("demo", 3, "L-1", AS_OF))
            self.assertEqual(repr(r), "<sqlscore.Result 'L-1': SQL, score 72.5, grade C>")

    def test_rule_outcomes(self):
        r = self.crit.evaluate(vp_lead(), AS_OF)
        R = sqlscore.RuleOutcome
        self.assertEqual(r.rules, [
            R("big", sqlscore.RULE_FIT, True, 20.0, 3),
            R("vp", sqlscore.RULE_FIT, True, 10.0, 0),
            R("demo", sqlscore.RULE_ENGAGEMENT, True, 40.0, 0),
            R("visits", sqlscore.RULE_ENGAGEMENT, True, 2.5, 0),      # 5 x 2^-1
            R("competitor", sqlscore.RULE_DISQUALIFIER, False, 0.0, 0),
            R("authority", sqlscore.RULE_GATE, True, 0.0, 0)])
        gate = self.crit.evaluate(vp_lead(authority=False), AS_OF).rules[-1]
        self.assertFalse(gate.fired)

    def test_failed_gate_explained(self):
        r = self.crit.evaluate(vp_lead(authority=False), AS_OF)
        self.assertEqual((r.verdict, r.gates_failed), (sqlscore.VERDICT_MQL, 1))
        text = r.explain()
        self.assertIn('gate "authority" failed', text)
        self.assertEqual(str(r), text)

    def test_crossings(self):
        mql = self.crit.evaluate(vp_lead(authority=False), AS_OF)
        sql = self.crit.evaluate(vp_lead(), AS_OF)
        self.assertEqual(sql.crossings(mql), Crossing.SQL_UP)
        self.assertEqual(sql.crossings(None), Crossing.MQL_UP | Crossing.SQL_UP)
        self.assertEqual(mql.crossings(sql), Crossing.SQL_DOWN)
        self.assertEqual(sql.crossings(sql), Crossing.NONE)
        dq = self.crit.evaluate(vp_lead(domain="sales.rival.com"), AS_OF)
        self.assertEqual(dq.verdict, sqlscore.VERDICT_DISQUALIFIED)
        self.assertEqual(dq.score, 72.5)        # still computed
        self.assertEqual(dq.crossings(sql),
                         Crossing.DISQUALIFIED | Crossing.SQL_DOWN | Crossing.MQL_DOWN)
        with Lead("other") as other:
            with self.assertRaises(sqlscore.Incompatible):
                self.crit.evaluate(other, AS_OF).crossings(sql)

    def test_rules_text_round_trip(self):
        parsed = Criteria.parse(RULES)
        self.assertEqual(parsed.write(), self.crit.write())
        again = Criteria.parse(parsed.write())
        self.assertEqual(again.write(), parsed.write())
        self.assertEqual((parsed.name, parsed.version), ("demo", 3))
        self.assertEqual(parsed.framework, ("BANT", ["budget", "authority", "need", "timeline"]))
        self.assertEqual(parsed.evaluate(vp_lead(), AS_OF).score, 72.5)

    def test_parse_error_has_line_and_column(self):
        bad = 'criteria "x" version 1\nfit "a" iff employees > 5 then +1 points\n'
        with self.assertRaises(sqlscore.ParseError) as cm:
            Criteria.parse(bad, "leads.rules")
        self.assertEqual(cm.exception.code, sqlscore.EPARSE)
        self.assertTrue(cm.exception.message.startswith("leads.rules:2:9: "), cm.exception.message)
        with self.assertRaises(sqlscore.ParseError) as cm:
            Criteria.parse(bad)
        self.assertTrue(cm.exception.message.startswith("rules:2:"))

    def test_load_names_the_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "demo.rules")
            with open(path, "w", encoding="utf-8") as f:
                f.write(RULES)
            self.assertEqual(Criteria.load(path).name, "demo")
            with open(path, "w", encoding="utf-8") as f:
                f.write("criteria \"x\" version 1\nfitt\n")
            with self.assertRaises(sqlscore.ParseError) as cm:
                Criteria.load(path)
            self.assertIn(path + ":2:1:", cm.exception.message)

    def test_builder_errors(self):
        c = Criteria("x")
        with self.assertRaises(sqlscore.ParseError):
            c.add_fit("a", "employees >>= 5", 1)
        c.add_fit("a", "employees >= 5", 1)
        with self.assertRaises(sqlscore.AlreadyExists):
            c.add_fit("a", "employees >= 6", 1)
        with self.assertRaises(sqlscore.NotFound):
            c.add_fit("b", "employees >= 6", 1, group="nope")
        with self.assertRaises(sqlscore.InvalidArgument):
            c.add_fit("b", "employees >= 6", float("nan"))
        with self.assertRaises(sqlscore.InvalidArgument):
            c.build()                       # no thresholds yet
        c.set_mql(50).set_sql(40)
        with self.assertRaises(sqlscore.InvalidArgument) as cm:
            c.build()                       # SQL below MQL
        self.assertIn("SQL", cm.exception.message)
        c.set_sql(60).build()
        with self.assertRaises(sqlscore.InvalidState):
            c.add_gate("g", "budget is met")
        with self.assertRaises(sqlscore.InvalidState):
            Criteria("y").add_fit("a", "x = 1", 1).write()
        with self.assertRaises(sqlscore.InvalidState):
            Criteria("y").add_fit("a", "x = 1", 1).evaluate(Lead("l"), AS_OF)

    def test_batch_equals_one_by_one(self):
        leads = [vp_lead(), vp_lead(authority=False), vp_lead(domain="rival.com"), Lead("empty")]
        out = self.crit.evaluate_batch(leads, AS_OF)
        self.assertIsInstance(out.scores, array.array)
        for i, lead in enumerate(leads):
            r = self.crit.evaluate(lead, AS_OF)
            self.assertEqual((out.scores[i], out.grades[i], out.verdicts[i]),
                             (r.score, r.grade, r.verdict))
        self.assertEqual(list(out.verdicts), [2, 1, 3, 0])
        empty = self.crit.evaluate_batch([], AS_OF)
        self.assertEqual(len(empty.scores), 0)
        with self.assertRaises(TypeError):
            self.crit.evaluate_batch(["L-1"], AS_OF)

    def test_columns_equal_leads(self):
        employees = array.array("d", [800, 100, 600, 0])
        titles = ["VP Sales", "VP Ops", None, "Engineer"]
        domains = ["acme.com", "rival.com", "b.io", None]
        missing_employees = [800.0, None, 600.0, 0.0]
        out = self.crit.evaluate_columns({"employees": employees, "title": titles,
                                          "domain": domains})
        out2 = self.crit.evaluate_columns({"employees": missing_employees, "title": titles,
                                           "domain": domains})
        for i in range(4):
            lead = Lead("row%d" % i)
            lead.set_number("employees", employees[i])
            if titles[i] is not None:
                lead["title"] = titles[i]
            if domains[i] is not None:
                lead["domain"] = domains[i]
            r = self.crit.evaluate(lead, AS_OF)
            self.assertEqual((out.scores[i], out.grades[i], out.verdicts[i]),
                             (r.score, r.grade, r.verdict))
            lead.unset("employees") if missing_employees[i] is None else None
            r2 = self.crit.evaluate(lead, AS_OF)
            self.assertEqual((out2.scores[i], out2.grades[i], out2.verdicts[i]),
                             (r2.score, r2.grade, r2.verdict))
        # 800 employees: +20 and C; VP: +10; no events, no authority -> MQL.
        self.assertEqual(list(out.scores), [30.0, 10.0, 20.0, 0.0])
        self.assertEqual(list(out.verdicts), [1, 3, 0, 0])
        with self.assertRaises(ValueError):
            self.crit.evaluate_columns({"employees": [1.0], "title": ["a", "b"]})
        with self.assertRaises(sqlscore.InvalidArgument) as cm:
            self.crit.evaluate_columns({"employees": [1.0, float("nan")]})
        self.assertIn("employees", cm.exception.message)

    def test_coded_columns_equal_text_columns(self):
        employees = array.array("d", [800, 100, 600, 0, 50, 900])
        titles = ["VP Sales", "VP Ops", None, "Engineer", "VP Sales", None]
        plain = self.crit.evaluate_columns({"employees": employees, "title": titles})
        # A duplicate category, a None category and two kinds of negative
        # codes: the same table, the same scores.
        cats = ["Engineer", "VP Sales", "VP Ops", "VP Sales", None]
        codes = array.array("i", [1, 2, -1, 0, 3, 4])
        coded = self.crit.evaluate_columns({"employees": employees,
                                            "title": sqlscore.Coded(codes, cats)})
        self.assertEqual(list(coded.scores), list(plain.scores))
        self.assertEqual(list(coded.grades), list(plain.grades))
        self.assertEqual(list(coded.verdicts), list(plain.verdicts))
        # 800 employees +20, VP +10; 100: +10 (VP only); 600: +20; ...
        self.assertEqual(list(plain.scores), [30.0, 10.0, 20.0, 0.0, 10.0, 20.0])
        # codes of another integer type are converted
        small = sqlscore.Coded(array.array("b", [1, 2, -7, 0, 3, -1]), cats)
        self.assertEqual(list(self.crit.evaluate_columns(
            {"employees": employees, "title": small}).scores), list(plain.scores))
        with self.assertRaises(sqlscore.InvalidArgument) as cm:
            self.crit.evaluate_columns({"employees": employees,
                                        "title": sqlscore.Coded([0, 1, 2, 3, 4, 5], cats)})
        self.assertIn("column 'title' row 5: code 5 is outside the dictionary (5 entries)",
                      cm.exception.message)
        with self.assertRaises(ValueError):
            self.crit.evaluate_columns({"employees": employees,
                                        "title": sqlscore.Coded([0, 1], cats)})
        with self.assertRaises(TypeError):
            self.crit.evaluate_columns({"title": ["VP", 3]})
        with self.assertRaises(TypeError):
            self.crit.evaluate_columns({"title": ["VP", ["x"]]})
        with self.assertRaises(TypeError):
            self.crit.evaluate_columns({"title": sqlscore.Coded([0], [7])})

    def test_coded_columns_from_numpy(self):
        try:
            import numpy as np
        except ImportError:
            self.skipTest("NumPy is not installed (python3-numpy)")
        employees = np.array([800, 100, 600, 0, 50, 900], dtype=np.float64)
        cats = ["Engineer", "VP Sales", "VP Ops", "VP Sales", None]
        # 800 employees +20, VP +10; 100: VP only; 600: +20; ...
        want = [30.0, 10.0, 20.0, 0.0, 10.0, 20.0]
        # NumPy int8 codes (what pandas uses for few categories) go
        # through NumPy's own conversion; int32 codes are not copied.
        for dtype in ("int8", "int16", "int32", "int64"):
            npc = sqlscore.Coded(np.array([1, 2, -1, 0, 3, 4], dtype=dtype), cats)
            got = self.crit.evaluate_columns({"employees": employees, "title": npc})
            self.assertEqual(list(got.scores), want, dtype)
        # a categorical made by NumPy itself: codes from np.unique
        titles = np.array(["VP Sales", "VP Ops", "Engineer", "Engineer", "VP Sales", "x"],
                          dtype=object)
        uniq, codes = np.unique(titles, return_inverse=True)
        got = self.crit.evaluate_columns({"employees": employees,
                                          "title": sqlscore.Coded(codes.astype(np.int32),
                                                                  [str(u) for u in uniq])})
        self.assertEqual(list(got.scores), [30.0, 10.0, 20.0, 0.0, 10.0, 20.0])

    def test_names(self):
        self.assertEqual(sqlscore.grade_name(sqlscore.GRADE_A_PLUS), "A+")
        self.assertEqual(sqlscore.grade_name(0), "F")
        self.assertEqual(sqlscore.verdict_name(sqlscore.VERDICT_DISQUALIFIED), "disqualified")
        with self.assertRaises(sqlscore.InvalidArgument):
            sqlscore.grade_name(13)


if __name__ == "__main__":
    unittest.main()
