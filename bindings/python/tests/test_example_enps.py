"""examples/python/enps_by_team.py runs and prints the figures worked
out by hand below."""

import unittest

from example_runner import run_example


class EnpsExampleTest(unittest.TestCase):
    def test_enps_by_team(self):
        # examples/csv/survey_answers.csv, threshold 5:
        #   Sales: promoters 10,9,9,10  passives 8,7  detractors 6,3 -> 100*2/8 = 25
        #   Engineering (one skipped): 3 / 2 / 1 -> 100*2/6 = 33.3 -> 33
        #   Legal n=2 hidden; Support (n=5, the next smallest) hidden with it
        #   All: 11 / 5 / 5 -> 100*6/21 = 28.6 -> 29
        # Adjusted Wald for Sales: 4.75 / 3.5 / 2.75 of 11 -> 18.18 +- 47.59.
        self.assertEqual(run_example("enps_by_team.py"), [
            "Sales        n=8   eNPS  +25   95% CI  -29.4 ..  +65.8",
            "Engineering  n=6   eNPS  +33   95% CI  -26.7 ..  +71.2",
            "Support      n=5   hidden (anonymity)",
            "Legal        n=2   hidden (anonymity)",
            "All teams    n=21  eNPS  +29   95% CI   -7.7 ..  +57.7",
        ])


if __name__ == "__main__":
    unittest.main()
