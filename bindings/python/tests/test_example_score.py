"""examples/python/score_leads.py scores examples/csv/leads.csv with
examples/csv/leads.rules and prints the figures worked out by hand below."""

import unittest

from example_runner import run_example


class ScoreExampleTest(unittest.TestCase):
    def test_score_leads(self):
        # Every lead starts at grade D; verdict MQL at 25, SQL at 50 + gate.
        #   L-001 2500, VP, DE:      30 + 25 + 10 = 65, D+3 = C, gate holds -> SQL
        #   L-002 450, Chief, US:    15 + 25 = 40, D+1 = D+ -> MQL (below 50)
        #   L-003 120, Manager, AT:  10 -> unqualified
        #   L-004 5000, rival.com:   30 + 10 = 40, C, but a competitor -> disqualified
        #   L-005 no size, VP, FR:   25 -> MQL
        #   L-006 800, no title, DE: 15 + 10 = 25, D+ -> MQL (gate fails; MQL needs none)
        self.assertEqual(run_example("score_leads.py"), [
            "L-001    65.0  C   SQL",
            "L-002    40.0  D+  MQL",
            "L-003    10.0  D   unqualified",
            "L-004    40.0  C   disqualified",
            "L-005    25.0  D   MQL",
            "L-006    25.0  D+  MQL",
        ])


if __name__ == "__main__":
    unittest.main()
