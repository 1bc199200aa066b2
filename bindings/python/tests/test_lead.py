"""Leads through the binding (qualification module)."""

import copy
import datetime
import gc
import unittest

import sqlscore
from sqlscore import Event, Lead, Money

UTC = datetime.timezone.utc


class LeadTest(unittest.TestCase):
    def setUp(self):
        self.lead = Lead("lead-1")
        self.addCleanup(self.lead.close)

    def test_id_and_repr(self):
        self.assertEqual(self.lead.id, "lead-1")
        self.assertEqual(repr(self.lead), "<sqlscore.Lead 'lead-1'>")
        with Lead("Zoë") as other:
            self.assertEqual(other.id, "Zoë")

    def test_bad_id(self):
        with self.assertRaises(sqlscore.InvalidArgument) as cm:
            Lead("")
        self.assertIn("sqlscore_lead_new", cm.exception.message)
        with self.assertRaises(sqlscore.InvalidArgument):
            Lead("\udcff")
        with self.assertRaises(TypeError):
            Lead(42)

    def test_typed_attributes_by_python_type(self):
        when = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
        values = {"title": "CTO", "score": 2.5, "employees": 250, "student": False,
                  "signed_up": when, "budget": Money(5000000, "USD")}
        for k, v in values.items():
            self.lead[k] = v
        types = self.lead.attributes.types()
        self.assertEqual(types, {"budget": sqlscore.ATTR_MONEY, "employees": sqlscore.ATTR_INTEGER,
                                 "score": sqlscore.ATTR_NUMBER, "signed_up": sqlscore.ATTR_TIME,
                                 "student": sqlscore.ATTR_BOOLEAN, "title": sqlscore.ATTR_TEXT})
        for k, v in values.items():
            with self.subTest(attr=k):
                self.assertEqual(self.lead[k], v)
                self.assertIs(type(self.lead[k]), type(v))
        # 2026-03-01T12:00Z = 20513 days * 86400 + 12 h.
        self.assertEqual(self.lead.get_time("signed_up"), 20513 * 86400 + 43200)
        # Ordered by name, as the library iterates them.
        self.assertEqual(list(self.lead.attributes),
                         ["budget", "employees", "score", "signed_up", "student", "title"])
        self.assertEqual(len(self.lead.attributes), 6)
        self.assertEqual(dict(self.lead.attributes)["employees"], 250)

    def test_explicit_setters_and_type_errors(self):
        self.lead.set_time("created", 1700000000)
        self.assertEqual(self.lead.attr_type("created"), sqlscore.ATTR_TIME)
        self.lead.set_money("deal", 1999, "EUR")
        self.assertEqual(self.lead.get_money("deal"), Money(1999, "EUR"))
        self.lead.set_number("ratio", 3)
        self.assertEqual(self.lead.get_number("ratio"), 3.0)
        with self.assertRaises(sqlscore.WrongType) as cm:
            self.lead.get_text("ratio")
        self.assertEqual(cm.exception.code, sqlscore.ETYPE)
        # An integer is not a number, as the C API says.
        self.lead["n"] = 5
        with self.assertRaises(sqlscore.WrongType):
            self.lead.get_number("n")

    def test_bad_values(self):
        with self.assertRaises(sqlscore.InvalidArgument) as cm:
            self.lead["x"] = float("nan")
        self.assertIn("NaN", cm.exception.message)
        with self.assertRaises(sqlscore.InvalidArgument):
            self.lead.set_number("x", float("inf"))
        with self.assertRaises(sqlscore.InvalidArgument):
            self.lead.set_money("x", 1, "usd")
        with self.assertRaises(sqlscore.InvalidArgument):
            self.lead[""] = 1
        with self.assertRaises(TypeError):
            self.lead["x"] = [1, 2]
        with self.assertRaises(ValueError):
            self.lead["x"] = datetime.datetime(2026, 1, 1)   # naive
        with self.assertRaises(sqlscore.OutOfRange):
            self.lead["x"] = 2 ** 63
        with self.assertRaises(sqlscore.OutOfRange):
            self.lead.set_check("budget", 2 ** 32 + 1)
        # A failed call changed nothing.
        self.assertEqual(len(self.lead.attributes), 0)

    def test_missing_and_unset(self):
        with self.assertRaises(sqlscore.NotFound) as cm:
            self.lead["nope"]
        self.assertIsInstance(cm.exception, LookupError)
        self.assertIsNone(self.lead.get("nope", None))
        self.assertNotIn("nope", self.lead)
        self.lead["a"] = "x"
        self.assertIn("a", self.lead)
        del self.lead["a"]
        self.assertNotIn("a", self.lead.attributes)
        with self.assertRaises(sqlscore.NotFound):
            del self.lead["a"]
        self.lead.attributes.update({"p": 1, "q": "two"})
        self.assertEqual(self.lead.attributes.pop("p"), 1)
        self.assertEqual(dict(self.lead.attributes), {"q": "two"})

    def test_checklist(self):
        self.assertEqual(self.lead.framework, "BANT")
        self.assertEqual(self.lead.checklist, {"budget": 0, "authority": 0, "need": 0, "timeline": 0})
        self.assertEqual(list(self.lead.checklist), ["budget", "authority", "need", "timeline"])
        self.lead.set_check("budget", True)
        self.lead.set_check("need", sqlscore.CHECK_NOT_MET)
        self.assertEqual(self.lead.get_check("budget"), sqlscore.CHECK_MET)
        self.assertEqual(self.lead.get_check("need"), sqlscore.CHECK_NOT_MET)
        self.lead.set_check("need", None)
        self.assertEqual(self.lead.get_check("need"), sqlscore.CHECK_UNKNOWN)
        with self.assertRaises(sqlscore.NotFound):
            self.lead.set_check("champion", True)
        with self.assertRaises(sqlscore.InvalidArgument):
            self.lead.set_check("budget", 7)
        # A new framework keeps the state of items it shares (budget).
        self.lead.set_checklist("ANUM", ["authority", "need", "urgency", "money", "budget"])
        self.assertEqual(self.lead.framework, "ANUM")
        self.assertEqual(self.lead.checklist, {"authority": 0, "need": 0, "urgency": 0,
                                               "money": 0, "budget": 1})
        with self.assertRaises(sqlscore.AlreadyExists):
            self.lead.set_checklist("X", ["a", "a"])
        with self.assertRaises(sqlscore.InvalidArgument):
            self.lead.set_checklist("X", [])
        self.assertEqual(self.lead.framework, "ANUM")

    def test_events_kept_in_time_order(self):
        self.lead.add_event("visit", 300, value=42.5)
        self.lead.add_event("demo_request", 100, campaign="webinar-7")
        self.lead.add_event("visit", 300)
        self.lead.add_event("form", datetime.datetime(1970, 1, 1, 0, 3, 20, tzinfo=UTC))
        self.assertEqual(self.lead.event_count, 4)
        self.assertEqual(self.lead.events, [
            Event("demo_request", 100, None, "webinar-7"),
            Event("form", 200, None, None),
            Event("visit", 300, 42.5, None),     # equal times keep insertion order
            Event("visit", 300, None, None)])
        with self.assertRaises(sqlscore.InvalidArgument):
            self.lead.add_event("visit", 1, value=float("nan"))
        with self.assertRaises(sqlscore.InvalidArgument):
            self.lead.add_event("visit", 1, campaign="")
        self.assertEqual(self.lead.event_count, 4)

    def test_clone_is_deep(self):
        self.lead["a"] = 1
        self.lead.add_event("visit", 5)
        twin = self.lead.clone()
        twin["a"] = 2
        twin.add_event("visit", 6)
        self.assertEqual((self.lead["a"], self.lead.event_count), (1, 1))
        self.assertEqual((twin["a"], twin.event_count, twin.id), (2, 2, "lead-1"))
        self.assertEqual(copy.copy(self.lead)["a"], 1)
        self.assertEqual(copy.deepcopy(self.lead).events, [Event("visit", 5)])

    def test_closed_lead_refuses_every_call(self):
        lead = Lead("gone")
        lead.close()
        self.assertEqual(repr(lead), "<sqlscore.Lead (closed)>")
        for call in (lambda: lead.id, lambda: lead["a"], lambda: lead.set("a", 1),
                     lambda: lead.events, lambda: lead.clone(), lambda: lead.checklist):
            with self.assertRaises(sqlscore.ClosedError):
                call()
        lead.close()

    def test_many_leads_collected(self):
        for i in range(2000):
            lead = Lead("l%d" % i)
            lead["x"] = i
        del lead
        gc.collect()


if __name__ == "__main__":
    unittest.main()
