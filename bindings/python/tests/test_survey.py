"""eNPS and pulse surveys through the binding (survey module)."""

import array
import datetime
import math
import unittest

import sqlscore
from sqlscore import EnpsResult, Pulse, Survey

Z95 = 1.959963984540054
UTC = datetime.timezone.utc


def wald(d, pa, p):
    """eNPS, SE and Wald bounds from the definitions (GUIDE section 3)."""
    n = d + pa + p
    pp, dd = p / n, d / n
    var = pp + dd - (pp - dd) ** 2
    se = 100 * math.sqrt(var / n)
    e = 100 * (pp - dd)
    return e, var, se, max(-100.0, e - Z95 * se), min(100.0, e + Z95 * se)


class EnpsResultTest(unittest.TestCase):
    def test_from_counts(self):
        with EnpsResult(2, 3, 5) as r:
            e, var, se, lo, hi = wald(2, 3, 5)
            self.assertEqual((r.n, r.skipped, r.suppressed), (10, 0, False))
            self.assertEqual(r.counts, (2, 3, 5))
            self.assertEqual(r.counts.promoters, 5)
            self.assertAlmostEqual(r.score, 30.0, places=12)
            self.assertEqual(r.rounded, 30)
            self.assertAlmostEqual(r.variance, 0.61, places=12)
            self.assertAlmostEqual(r.se, se, places=10)
            self.assertAlmostEqual(r.margin, Z95 * se, places=10)
            low, high = r.interval()
            self.assertAlmostEqual(low, lo, places=10)
            self.assertAlmostEqual(high, hi, places=10)
            self.assertEqual(repr(r), "<sqlscore.EnpsResult n=10 enps=+30.00>")

    def test_adjusted_wald(self):
        r = EnpsResult(2, 3, 5)
        e, var, se, lo, hi = wald(2.75, 4.5, 5.75)
        low, high = r.interval(sqlscore.ADJUSTED_WALD)
        self.assertAlmostEqual(low, lo, places=10)
        self.assertAlmostEqual(high, hi, places=10)
        # Only promoters: a zero-width Wald interval, but not an adjusted one.
        allp = EnpsResult(0, 0, 4)
        self.assertEqual(allp.interval(), (100.0, 100.0))
        self.assertLess(allp.interval(sqlscore.ADJUSTED_WALD)[0], 100.0)

    def test_rounding_ties(self):
        # 100 * 101 / 200 = 50.5 exactly.
        self.assertEqual(EnpsResult(0, 99, 101).rounded, 50)
        self.assertEqual(EnpsResult(0, 99, 101, rounding=sqlscore.ROUND_HALF_UP).rounded, 51)
        self.assertEqual(EnpsResult(101, 99, 0).rounded, -50)
        self.assertEqual(EnpsResult(101, 99, 0, rounding=sqlscore.ROUND_HALF_UP).rounded, -51)

    def test_empty_and_bad(self):
        r = EnpsResult(0, 0, 0)
        self.assertEqual(r.n, 0)
        with self.assertRaises(sqlscore.UndefinedRatio):
            r.score
        with self.assertRaises(sqlscore.OutOfRange):
            EnpsResult(1, 1, 1, level=1.0)
        with self.assertRaises(sqlscore.OutOfRange):
            EnpsResult(-1, 1, 1)
        with self.assertRaises(sqlscore.InvalidArgument):
            EnpsResult(1, 1, 1, level=float("nan"))
        with self.assertRaises(sqlscore.InvalidArgument):
            EnpsResult(1, 1, 1).interval(5)

    def test_compare(self):
        a, b = EnpsResult(2, 3, 5), EnpsResult(5, 3, 2)
        c = a.compare(b)
        se = 100 * math.sqrt(0.61 / 10 + 0.61 / 10)
        self.assertAlmostEqual(c.diff, 60.0, places=10)
        self.assertAlmostEqual(c.se, se, places=10)
        self.assertAlmostEqual(c.low, 60 - Z95 * se, places=10)
        self.assertAlmostEqual(c.p_value, math.erfc(abs(60 / se) / math.sqrt(2)), places=12)
        self.assertEqual(a - b, c)
        with self.assertRaises(sqlscore.Incompatible):
            a.compare(EnpsResult(1, 1, 1, level=0.9))


class SurveyTest(unittest.TestCase):
    def team_survey(self, **config):
        s = Survey(**config)
        self.addCleanup(s.close)
        for a in (10, 9, 9, 7, 3, 0):
            s.add(a, segment="Sales")
        for a in (9, 9, 8, 8, 6):
            s.add(a, segment="Engineering")
        for a in (10, 2):
            s.add(a, segment="Legal")
        s.add(None, segment="Sales")
        return s

    def test_segments_and_scores(self):
        s = self.team_survey()
        self.assertEqual(s.segments, ["Sales", "Engineering", "Legal"])
        sales = s.result("Sales")
        # Sales: promoters 10,9,9 / passive 7 / detractors 3,0 -> 100*(3-2)/6.
        self.assertEqual(sales.counts, (2, 1, 3))
        self.assertEqual((sales.n, sales.skipped), (6, 1))
        self.assertAlmostEqual(sales.score, 100 / 6, places=12)
        self.assertEqual(sales.rounded, 17)
        total = s.result()
        self.assertEqual(total.counts, (4, 3, 6))
        self.assertEqual(total.n, 13)

    def test_anonymity_with_complementary_suppression(self):
        s = self.team_survey()
        legal = s.result("Legal")
        self.assertTrue(legal.suppressed)
        self.assertEqual(legal.n, 2)       # n stays visible
        with self.assertRaises(sqlscore.Suppressed) as cm:
            legal.score
        self.assertEqual(cm.exception.code, sqlscore.ESUPPRESSED)
        # Legal alone hidden could be derived from the total: Engineering
        # (the next smallest, n = 5) is hidden too.
        self.assertTrue(s.result("Engineering").suppressed)
        self.assertFalse(s.result("Sales").suppressed)
        self.assertEqual(repr(legal), "<sqlscore.EnpsResult n=2 suppressed>")
        with self.assertRaises(sqlscore.NotFound):
            s.result("Marketing")

    def test_configuration(self):
        s = Survey(scale=(1, 5, 2, 5), threshold=3, rounding=sqlscore.ROUND_HALF_UP)
        for a in (5, 5, 4, 1):
            s.add(a)
        self.assertEqual(s.result().counts, (1, 1, 2))
        with self.assertRaises(sqlscore.InvalidState):
            s.set_threshold(4)
        with self.assertRaises(sqlscore.InvalidArgument) as cm:
            s.add(6)
        self.assertEqual(cm.exception.code, sqlscore.EINVAL)
        with self.assertRaises(sqlscore.InvalidArgument):
            s.add(4.5)
        with self.assertRaises(sqlscore.OutOfRange):
            Survey(threshold=2)
        with self.assertRaises(sqlscore.OutOfRange):
            Survey(scale=(0, 10, 9, 6))
        self.assertEqual(s.result().n, 4)

    def test_missing_as_passive(self):
        s = Survey(missing=sqlscore.MISSING_PASSIVE, threshold=3)
        s.add(10)
        s.add(None)
        s.add(0)
        r = s.result()
        self.assertEqual((r.counts, r.skipped), ((1, 1, 1), 0))

    def test_batch_matches_one_by_one(self):
        answers = [10, 9, 3, 7, None, 8, 0, 10]
        teams = ["A", "B", "A", "A", "B", "B", "A", "B"]
        one = Survey(threshold=3)
        for a, t in zip(answers, teams):
            one.add(a, segment=t)
        for buf in (answers, array.array("B", [255 if a is None else a for a in answers]),
                    bytes([255 if a is None else a for a in answers])):
            with self.subTest(kind=type(buf).__name__):
                many = Survey(threshold=3)
                many.add_batch(buf, segments=teams)
                for team in ("A", "B", None):
                    r1, r2 = one.result(team), many.result(team)
                    self.assertEqual((r1.counts, r1.skipped), (r2.counts, r2.skipped))
        # Segment indices straight from segment(): no per-row name lookup.
        idx = Survey(threshold=3)
        a, b = idx.segment("A"), idx.segment("B")
        idx.add_batch(array.array("B", [10, 0, 9, 9, 0, 0]),
                      segments=array.array("I", [a, b, a, a, b, b]))
        self.assertEqual(idx.result("A").counts, (0, 0, 3))

    def test_batch_narrow_segment_indices(self):
        # 1- and 2-byte index buffers (array.array here; NumPy int8/uint16
        # arrays and pandas codes are the same buffers) count what 4-byte
        # indices count; a negative signed index is refused before the
        # library is called.
        answers = array.array("B", [10, 0, 9, 9, 255, 0, 7, 8, 3, 10, 6, 2])
        teams = [0, 1, 0, 2, 1, 1, 2, 0, 2, 1, 0, 2]
        want = Survey(threshold=3)
        for name in ("A", "B", "C"):
            want.segment(name)
        want.add_batch(answers, segments=array.array("I", teams))
        for code in ("B", "b", "H", "h", "I", "l", "q"):
            with self.subTest(code=code):
                s = Survey(threshold=3)
                for name in ("A", "B", "C"):
                    s.segment(name)
                s.add_batch(answers, segments=array.array(code, teams))
                for team in ("A", "B", "C"):
                    r1, r2 = want.result(team), s.result(team)
                    self.assertEqual((r1.counts, r1.skipped), (r2.counts, r2.skipped))
        self.assertEqual(want.result("A").counts, (1, 1, 2))
        s = Survey(threshold=3)
        s.segment("A")
        with self.assertRaises(ValueError) as cm:
            s.add_batch(array.array("B", [9, 9, 9]), segments=array.array("b", [0, -1, 0]))
        self.assertIn("negative index -1 at index 1", str(cm.exception))
        # an index never interned, from a 1-byte buffer: the library's error
        with self.assertRaises(sqlscore.InvalidArgument) as cm:
            s.add_batch(array.array("B", [9, 9, 9]), segments=array.array("B", [0, 0, 200]))
        self.assertEqual(cm.exception.index, 2)
        self.assertIn("sqlscore_survey_add_batch_width: segment index 200 at index 2",
                      cm.exception.message)
        self.assertEqual(s.result("A").n, 0)

    def test_batch_segments_in_order_of_first_appearance(self):
        s = Survey()
        names = ["zulu", "alpha", "mike", "alpha", "zulu", "kilo"]
        s.add_batch([9] * len(names), segments=names)
        self.assertEqual(s.segments, ["zulu", "alpha", "mike", "kilo"])

    def test_batch_all_or_nothing(self):
        s = Survey()
        with self.assertRaises(sqlscore.InvalidArgument) as cm:
            s.add_batch([9, 11, 3], segments="Sales")
        self.assertEqual(cm.exception.index, 1)
        self.assertIn("1", cm.exception.message)
        self.assertEqual(s.result().n, 0)
        with self.assertRaises(ValueError):
            s.add_batch([9, 9], times=[1])
        s.add_batch([9, 9], segments="Sales", respondents=["r1", None])
        self.assertEqual(s.result("Sales").n, 2)
        # Arguments the binding refuses register no segment name.
        before = s.segments
        for kwargs in ({"segments": ["New1", "New2"], "times": [1]},
                       {"segments": ["New1", "New2"], "respondents": ["r"]},
                       {"segments": ["New1", "New2", "New3"]}):
            with self.assertRaises(ValueError):
                s.add_batch([9, 9], **kwargs)
            self.assertEqual(s.segments, before)

    def test_periods_and_trend(self):
        s = Survey(period=sqlscore.PERIOD_MONTH, threshold=3)
        oct_ = datetime.datetime(2026, 10, 5, tzinfo=UTC)
        nov = datetime.datetime(2026, 11, 20, tzinfo=UTC)
        for a in (10, 10, 0, 7):
            s.add(a, time=oct_)
        for a in (10, 10, 10, 9, 3):
            s.add(a, time=nov)
        oct_start = int(datetime.datetime(2026, 10, 1, tzinfo=UTC).timestamp())
        nov_start = int(datetime.datetime(2026, 11, 1, tzinfo=UTC).timestamp())
        dec_start = int(datetime.datetime(2026, 12, 1, tzinfo=UTC).timestamp())
        self.assertEqual(s.periods, [oct_start, nov_start])
        self.assertEqual(s.period_of(nov), (nov_start, dec_start))
        self.assertAlmostEqual(s.result(period=oct_).score, 25.0)
        self.assertAlmostEqual(s.result(period=nov_start).score, 60.0)
        self.assertEqual(s.result().n, 9)
        t = s.trend(1)
        self.assertAlmostEqual(t.change, 35.0, places=10)
        c = s.result(period=nov).compare(s.result(period=oct_))
        self.assertAlmostEqual(t.p_value, c.p_value, places=12)
        self.assertEqual(t.significant, c.p_value < 0.05)
        with self.assertRaises(sqlscore.UndefinedRatio):
            s.trend(0)
        # Rolling windows: periods starting in [start, end).
        self.assertEqual(s.result_range(oct_start, dec_start).n, 9)
        self.assertEqual(s.result_range(nov_start, dec_start).counts,
                         s.result(period=nov).counts)
        with self.assertRaises(sqlscore.InvalidArgument):
            s.result_range(dec_start, nov_start)
        with self.assertRaises(sqlscore.InvalidArgument):
            s.add(9)            # periods need a time

    def test_merge_and_serialize(self):
        whole = self.team_survey()
        a = Survey()
        b = Survey()
        for s, answers in ((a, (10, 9, 9)), (b, (7, 3, 0))):
            for x in answers:
                s.add(x, segment="Sales")
        for x in (9, 9, 8, 8, 6):
            b.add(x, segment="Engineering")
        a.add(10, segment="Legal")
        b.add(2, segment="Legal")
        a.add(None, segment="Sales")
        a += b
        for seg in ("Sales", "Engineering", "Legal", None):
            r1, r2 = whole.result(seg), a.result(seg)
            self.assertEqual((r1.n, r1.skipped, r1.suppressed), (r2.n, r2.skipped, r2.suppressed))
        self.assertEqual(whole.result("Sales").counts, a.result("Sales").counts)
        data = bytes(a)
        back = Survey.parse(data)
        self.assertEqual(back.result("Sales").counts, (2, 1, 3))
        self.assertEqual(back.serialize(), data)
        bad = bytearray(data)
        bad[len(bad) // 2] ^= 0xFF
        with self.assertRaises(sqlscore.ParseError):
            Survey.parse(bad)
        with self.assertRaises(sqlscore.ParseError):
            Survey.parse(data[:-3])
        with self.assertRaises(sqlscore.Incompatible):
            a.merge(Survey(threshold=7))
        with self.assertRaises(sqlscore.InvalidArgument):
            a.merge(a)


class PulseTest(unittest.TestCase):
    T = 1793577600   # 2026-11-01T00:00Z

    def make(self):
        p = Pulse(sqlscore.PULSE_MONTHLY, threshold=3,
                  questions=[("enps", "Would you recommend us?", sqlscore.QUESTION_ENPS),
                             ("growth", "I can grow here", sqlscore.QUESTION_LIKERT)])
        self.addCleanup(p.close)
        return p

    def test_questions_rates_and_stats(self):
        p = self.make()
        self.assertEqual(p.questions, [
            sqlscore.Question("enps", "Would you recommend us?", sqlscore.QUESTION_ENPS),
            sqlscore.Question("growth", "I can grow here", sqlscore.QUESTION_LIKERT)])
        p.set_invited("A", self.T, 8)
        p.add_response("A", self.T, [10, 5])
        p.add_response("A", self.T + 60, [9, 4])
        p.add_response("A", self.T + 120, {"enps": 3, "growth": 2})
        p.add_response("A", self.T + 180, [None, None])
        self.assertEqual(p.response_rate("A", self.T), (4, 8, 0.5))
        g = p.question("growth", "A", self.T)
        self.assertEqual(g.n, 3)
        self.assertAlmostEqual(g.mean, 11 / 3, places=12)
        self.assertAlmostEqual(g.favorable, 200 / 3, places=10)
        r = p.enps("enps", "A", self.T)
        self.assertEqual(r.counts, (1, 0, 2))
        with self.assertRaises(sqlscore.WrongType):
            p.enps("growth", "A", self.T)

    def test_limits(self):
        p = Pulse(sqlscore.PULSE_WEEKLY)
        for i in range(10):
            p.add_question("q%d" % i, "Question %d" % i)
        with self.assertRaises(sqlscore.OutOfRange):
            p.add_question("q10", "One too many")
        self.assertEqual([q.id for q in p.questions], ["q%d" % i for i in range(10)])
        with self.assertRaises(sqlscore.AlreadyExists):
            Pulse(questions=[("a", "x"), ("a", "y")])
        q = self.make()
        with self.assertRaises(sqlscore.InvalidArgument):
            q.add_response("A", self.T, [10])          # one answer for two questions
        with self.assertRaises(sqlscore.InvalidArgument):
            q.add_response("A", self.T, [10, 6])       # Likert is 1-5
        with self.assertRaises(sqlscore.NotFound):
            q.add_response("A", self.T, {"nope": 1})
        q.add_response("A", self.T, [10, 5])
        with self.assertRaises(sqlscore.Suppressed):
            q.question("growth", "A", self.T)          # 1 response < threshold 3
        with self.assertRaises(sqlscore.UndefinedRatio):
            q.response_rate("A", self.T)               # nobody recorded as invited


if __name__ == "__main__":
    unittest.main()
