"""Campaigns, rates, ratios, attribution and portfolios through the binding
(cpsql module)."""

import array
import decimal
import unittest
from fractions import Fraction

import sqlscore
from sqlscore import Attribution, Campaign, Money, Portfolio, Rates

DAY = 86400


class RatioTest(unittest.TestCase):
    def test_round(self):
        self.assertEqual(sqlscore.ratio_round(Fraction(100000, 3)), 33333)   # 333.33
        self.assertEqual(sqlscore.ratio_round(Fraction(1, 8), 1000000), 125000)
        self.assertEqual(sqlscore.ratio_round((5, 2)), 2)                     # tie: even
        self.assertEqual(sqlscore.ratio_round((5, 2), rounding=sqlscore.ROUND_HALF_UP), 3)
        self.assertEqual(sqlscore.ratio_round((-5, 2), rounding=sqlscore.ROUND_HALF_UP), -3)
        with self.assertRaises(sqlscore.UndefinedRatio):
            sqlscore.ratio_round((1, 0))
        with self.assertRaises(sqlscore.OutOfRange):
            sqlscore.ratio_round((2 ** 62, 1), 4)

    def test_compare(self):
        self.assertEqual(sqlscore.ratio_compare(Fraction(1, 3), (2, 6)), 0)
        self.assertEqual(sqlscore.ratio_compare((1, 3), (1, 2)), -1)
        self.assertEqual(sqlscore.ratio_compare((2 ** 62, 3), (2 ** 62 - 1, 3)), 1)
        with self.assertRaises(TypeError):
            sqlscore.ratio_compare(0.5, (1, 2))


class CampaignTest(unittest.TestCase):
    def make(self):
        c = Campaign("webinar-7", "USD", name="Webinar 7")
        self.addCleanup(c.close)
        c.add_spend(100000, sqlscore.SPEND_MARKETING, 1000)     # 1000.00
        c.add_spend(Money(20000, "USD"), sqlscore.SPEND_SALES, 2000)
        c.set_counts(leads=80, mqls=20, sqls=5, opportunities=2)
        return c

    def test_identity_and_metrics(self):
        c = self.make()
        self.assertEqual((c.id, c.name, c.currency), ("webinar-7", "Webinar 7", "USD"))
        self.assertEqual(c.counts, (80, 20, 5, 2))
        self.assertEqual(c.spend(), 120000)
        self.assertEqual(c.spend(sqlscore.SPEND_MARKETING), 100000)
        cpl = c.metric(sqlscore.METRIC_CPL)
        cpsql = c.metric(sqlscore.METRIC_CPSQL)
        r1 = c.metric(sqlscore.METRIC_LEAD_TO_MQL)
        r2 = c.metric(sqlscore.METRIC_MQL_TO_SQL)
        self.assertEqual((cpl, cpsql, r1, r2), (1500, 24000, Fraction(1, 4), Fraction(1, 4)))
        self.assertEqual(cpsql, cpl / (r1 * r2))       # CPSQL = CPL / (rate x rate)
        self.assertEqual(c.metric_rounded(sqlscore.METRIC_LEAD_TO_MQL), 250000)
        self.assertEqual(c.cpsql(), Money(24000, "USD"))
        self.assertEqual(str(c.cpsql()), "240.00 USD")
        self.assertEqual(c.spends, [(100000, "USD", 1, 1000), (20000, "USD", 2, 2000)])

    def test_rounding_of_metrics(self):
        c = Campaign("c", "USD").add_spend(100000).set_counts(leads=3, mqls=3, sqls=3)
        self.assertEqual(c.metric(sqlscore.METRIC_CPSQL), Fraction(100000, 3))
        self.assertEqual(c.metric_rounded(sqlscore.METRIC_CPSQL), 33333)

    def test_zero_sqls_and_zero_spend(self):
        c = Campaign("c", "USD").set_counts(leads=10, mqls=2, sqls=0)
        self.assertEqual(c.metric(sqlscore.METRIC_CPL), 0)        # no spend: a cost of 0
        with self.assertRaises(sqlscore.UndefinedRatio) as cm:
            c.metric(sqlscore.METRIC_CPSQL)
        self.assertEqual(cm.exception.code, sqlscore.EUNDEFINED)

    def test_bad_input(self):
        with self.assertRaises(sqlscore.NotFound):
            Campaign("c", "XXX")
        with self.assertRaises(sqlscore.InvalidArgument):
            Campaign("", "USD")
        c = Campaign("c", "USD")
        with self.assertRaises(sqlscore.InvalidArgument):
            c.add_spend(1, category=7)
        with self.assertRaises(sqlscore.InvalidArgument):
            c.set_counts(leads=-1)
        self.assertEqual((c.spends, c.counts), ([], (0, 0, 0, 0)))
        with self.assertRaises(sqlscore.InvalidArgument):
            c.metric(99)

    def test_clone_is_independent(self):
        c = self.make()
        d = c.clone()
        d.add_spend(1)
        self.assertEqual((c.spend(), d.spend()), (120000, 120001))


class RatesTest(unittest.TestCase):
    def test_convert(self):
        r = Rates()
        r.set("EUR", "USD", 0, "1.0843")
        r.set("USD", "JPY", 0, Fraction(150))
        r.set("GBP", "USD", 0, decimal.Decimal("1.25"))
        self.assertEqual(r.convert(10000, "EUR", "USD", 5), 10843)     # 100 EUR
        self.assertEqual(r.convert(10843, "USD", "EUR", 5), 10000)     # inverted exactly
        self.assertEqual(r.convert(100, "USD", "JPY", 5), 150)         # cents to yen
        self.assertEqual(r.convert(400, "GBP", "USD", 5), 500)
        with self.assertRaises(sqlscore.Incompatible):
            r.convert(1, "EUR", "JPY", 5)
        with self.assertRaises(sqlscore.ParseError):
            r.set("EUR", "CHF", 0, "1,05")
        with self.assertRaises(TypeError):
            r.set("EUR", "CHF", 0, 1.05)

    def test_rate_in_force_at_the_time(self):
        r = Rates().set("EUR", "USD", 0, "1.0").set("EUR", "USD", 100, "2.0")
        self.assertEqual(r.convert(100, "EUR", "USD", 99), 100)
        self.assertEqual(r.convert(100, "EUR", "USD", 100), 200)

    def test_campaign_in_other_currency(self):
        c = Campaign("c", "USD").add_spend(10000, currency="EUR", time=50)
        c.set_counts(sqls=1)
        with self.assertRaises(sqlscore.Incompatible):
            c.spend()
        r = Rates().set("EUR", "USD", 0, "1.0843")
        self.assertEqual(c.spend(rates=r), 10843)
        self.assertEqual(c.metric(sqlscore.METRIC_CPSQL, rates=r), 10843)


class AttributionTest(unittest.TestCase):
    def three_touches(self, **kw):
        a = Attribution(**kw)
        self.addCleanup(a.close)
        a.add_touch("L1", "c1", 1, sqlscore.TOUCH_LEAD_CREATION)
        a.add_touch("L1", "c2", 2)
        a.add_touch("L1", "c3", 3)
        a.add_touch("L1", "c2", 20)          # after the conversion: ignored
        a.add_conversion("L1", 10)
        return a

    def test_linear_largest_remainder(self):
        a = self.three_touches()
        r = a.run()
        self.assertEqual((r.conversions, r.attributed), (1, 1))
        self.assertEqual(list(r.credits()), [333334, 333333, 333333])
        self.assertEqual(sum(r.credits()), sqlscore.CREDIT_ONE)
        self.assertEqual(r.credit(a.find_campaign("c2")), 333333)
        self.assertEqual(r.touch(0), (333334, 0))
        self.assertEqual(r.touch(3), (0, None))
        self.assertEqual(a.sizes, (3, 1, 4, 1))

    def test_models(self):
        # U-shaped with the lead created on the first touch: all to it.
        self.assertEqual(list(self.three_touches(model=sqlscore.MODEL_U_SHAPED).run().credits()),
                         [1000000, 0, 0])
        # Position-based: 40 / 20 / 40.
        self.assertEqual(list(self.three_touches(model=sqlscore.MODEL_POSITION_BASED).run()
                              .credits()), [400000, 200000, 400000])
        self.assertEqual(list(self.three_touches(model=sqlscore.MODEL_LAST_TOUCH).run().credits()),
                         [0, 0, 1000000])
        custom = self.three_touches(weights=(1, 0, 0, 1, 2))   # 25 / 50 / 25
        self.assertEqual(list(custom.run().credits()), [250000, 500000, 250000])
        with self.assertRaises(sqlscore.InvalidState):
            Attribution(model=sqlscore.MODEL_CUSTOM)

    def test_batch_equals_one_by_one(self):
        one = self.three_touches()
        many = Attribution()
        many.add_touches(["L1", "L1", "L1", "L1"], ["c1", "c2", "c3", "c2"],
                         array.array("q", [1, 2, 3, 20]), flags=[1, 0, 0, 0])
        many.add_conversions(["L1"], [10])
        self.assertEqual(list(one.run().credits()), list(many.run().credits()))
        with self.assertRaises(sqlscore.InvalidArgument):
            many.add_touches(array.array("i", [0, 9]), array.array("i", [0, 0]), [1, 2])
        self.assertEqual(many.sizes.touches, 4)        # all or nothing
        with self.assertRaises(ValueError):
            many.add_touches(["L1"], ["c1", "c2"], [1])

    def test_cpsql_with_fractional_credit(self):
        a = self.three_touches()
        r = a.run()
        c1 = Campaign("c1", "USD").add_spend(100000)
        # 1000.00 / 0.333334 SQL = 100000 x 10^6 / 333334 cents.
        self.assertEqual(a.cpsql(r, c1), Fraction(100000 * 10 ** 6, 333334))
        with self.assertRaises(sqlscore.UndefinedRatio):
            a.cpsql(r, c1, min_credit=500000)
        self.assertEqual(a.campaign_counts(r, "c2"), (1, 1))
        a.add_conversion("L2", 5)
        with self.assertRaises(sqlscore.InvalidState):
            a.cpsql(r, c1)                  # r is from older data

    def test_batch_interns_in_order_of_first_appearance(self):
        a = Attribution().add_touches(["L9", "L1", "L9"], ["zz", "aa", "mm"], [1, 2, 3])
        self.assertEqual([a.campaign_id(i) for i in range(3)], ["zz", "aa", "mm"])
        self.assertEqual((a.find_lead("L9"), a.find_lead("L1")), (0, 1))

    def test_lookups(self):
        a = Attribution()
        self.assertEqual((a.campaign("x"), a.campaign("y"), a.campaign("x")), (0, 1, 0))
        self.assertEqual(a.campaign_id(1), "y")
        with self.assertRaises(sqlscore.NotFound):
            a.find_lead("nobody")


class PortfolioTest(unittest.TestCase):
    def test_direct_counting(self):
        a = Campaign("a", "USD").add_spend(100000).set_counts(leads=50, sqls=4)
        b = Campaign("b", "EUR").add_spend(10000).set_counts(leads=10, sqls=1)
        rates = Rates().set("EUR", "USD", 0, "1.1")
        p = Portfolio("USD", [a, b])
        self.assertEqual(len(p), 2)
        with self.assertRaises(sqlscore.InvalidState):
            p.total
        p.compute(rates=rates)
        self.assertEqual(p.rows, [("a", 100000, 50, 4, 4000000), ("b", 11000, 10, 1, 1000000)])
        self.assertEqual(p.total, (111000, 60, 5, 5000000))
        self.assertEqual(p.cpsql(0), 25000)
        self.assertEqual(p.cpsql(), Fraction(111000, 5))
        with self.assertRaises(sqlscore.AlreadyExists):
            p.add(a)
        with self.assertRaises(sqlscore.Incompatible):
            Portfolio("USD", [b]).compute()


if __name__ == "__main__":
    unittest.main()
