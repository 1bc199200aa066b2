"""Money through the binding (cpsql module): digits, parsing, formatting."""

import decimal
import threading
import unittest

import sqlscore
from sqlscore import Money


class MoneyTest(unittest.TestCase):
    def test_currency_digits(self):
        # ISO 4217: yen has no minor unit, dollars cents, dinars fils, CLF 4.
        for code, digits in (("JPY", 0), ("USD", 2), ("EUR", 2), ("KWD", 3), ("CLF", 4)):
            with self.subTest(code=code):
                self.assertEqual(sqlscore.currency_digits(code), digits)

    def test_currency_errors(self):
        with self.assertRaises(sqlscore.InvalidArgument) as cm:
            sqlscore.currency_digits("usd")
        self.assertEqual(cm.exception.code, sqlscore.EINVAL)
        with self.assertRaises(sqlscore.NotFound):
            sqlscore.currency_digits("XXX")
        with self.assertRaises(TypeError):
            sqlscore.currency_digits(840)

    def test_parse(self):
        cases = [("1234.5", "USD", 123450), ("1,234.56", "USD", 123456),
                 ("-3", "USD", -300), ("+3", "JPY", 3), ("0.001", "KWD", 1),
                 ("-0", "EUR", 0)]
        for text, cur, want in cases:
            with self.subTest(text=text, cur=cur):
                self.assertEqual(sqlscore.parse_money(text, cur), want)

    def test_rounding_ties(self):
        # 0.125 USD is 12.5 cents: half-even gives 12, half-up 13.
        self.assertEqual(sqlscore.parse_money("0.125", "USD"), 12)
        self.assertEqual(sqlscore.parse_money("0.125", "USD", sqlscore.ROUND_HALF_UP), 13)
        self.assertEqual(sqlscore.parse_money("-0.125", "USD"), -12)
        self.assertEqual(sqlscore.parse_money("-0.125", "USD", sqlscore.ROUND_HALF_UP), -13)
        self.assertEqual(sqlscore.parse_money("0.1251", "USD"), 13)

    def test_parse_errors(self):
        with self.assertRaises(sqlscore.ParseError) as cm:
            sqlscore.parse_money("1,23.4", "USD")
        self.assertEqual(cm.exception.code, sqlscore.EPARSE)
        self.assertIn("1,23.4", cm.exception.message)
        self.assertIn("position 5", cm.exception.message)
        for bad in (".5", "5.", "1e3", " 5", "", "0,500"):
            with self.subTest(text=bad):
                with self.assertRaises(sqlscore.ParseError):
                    sqlscore.parse_money(bad, "USD")
        with self.assertRaises(sqlscore.OutOfRange):
            sqlscore.parse_money("92233720368547758.08", "USD")
        with self.assertRaises(sqlscore.InvalidArgument):
            sqlscore.parse_money("1", "USD", 7)
        # A byte that is not UTF-8 is outside the grammar like any other.
        with self.assertRaises(sqlscore.ParseError) as cm:
            sqlscore.parse_money("1\udcff", "USD")
        self.assertIn("position 2", cm.exception.message)

    def test_format(self):
        self.assertEqual(sqlscore.format_money(-123456, "USD"), "-1234.56")
        self.assertEqual(sqlscore.format_money(5, "JPY"), "5")
        self.assertEqual(sqlscore.format_money(1, "KWD"), "0.001")
        lo = -2 ** 63
        self.assertEqual(sqlscore.format_money(lo, "USD"), "-92233720368547758.08")
        self.assertEqual(sqlscore.parse_money(sqlscore.format_money(lo, "USD"), "USD"), lo)
        with self.assertRaises(sqlscore.NotFound):
            sqlscore.format_money(1, "XXX")

    def test_buffer_grows_when_too_small(self):
        # Start with a 1-byte buffer: the binding retries with the size needed.
        from sqlscore import _lib, _money
        self.assertEqual(_lib.buffer_text(_money._format, 1, -123456, b"USD"), "-1234.56")

    def test_error_detail_is_per_thread(self):
        # ctypes releases the GIL during calls, so calls from several threads
        # overlap; each exception must carry its own thread's detail.
        failures = []

        def work(k):
            for i in range(300):
                bad = "%d.%d.9" % (k, i)        # two decimal points
                try:
                    sqlscore.parse_money(bad, "USD")
                except sqlscore.ParseError as e:
                    if ("'%s'" % bad) not in e.message:
                        failures.append((bad, e.message))
                else:
                    failures.append((bad, "no error"))

        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])

    def test_money_value(self):
        m = Money.parse("1,234.56", "USD")
        self.assertEqual(m, Money(123456, "USD"))
        self.assertEqual(str(m), "1234.56 USD")
        self.assertEqual(m.text, "1234.56")
        self.assertEqual(m.to_decimal(), decimal.Decimal("1234.56"))
        self.assertEqual(Money.parse("0.125", "USD", sqlscore.ROUND_HALF_UP).minor, 13)


if __name__ == "__main__":
    unittest.main()
