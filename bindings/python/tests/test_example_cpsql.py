"""examples/python/cpsql_by_campaign.py prints the figures worked out by
hand below."""

import unittest

from example_runner import run_example


class CpsqlExampleTest(unittest.TestCase):
    def test_cpsql_by_campaign(self):
        # Spend: webinar 1200 + 300, ads 2000, events 500 (USD).
        # Linear credit: A (ads, webinar) 1/2 each; B (ads, events) 1/2 each;
        # C (webinar) 1; D never converts.  ads 1, webinar 1.5, events 0.5.
        # CPSQL: 2000/1, 1500/1.5, 500/0.5; all: 4000/3 = 1333.33.
        self.assertEqual(run_example("cpsql_by_campaign.py"), [
            "campaign      spend       SQLs      CPSQL",
            "webinar     1500.00   1.500000    1000.00",
            "ads         2000.00   1.000000    2000.00",
            "events       500.00   0.500000    1000.00",
            "all         4000.00   3.000000    1333.33",
        ])


if __name__ == "__main__":
    unittest.main()
