#!/usr/bin/env python3
"""CPSQL per campaign: spend from one CSV, touches and SQL conversions from
another, SQL credit shared between campaigns by linear attribution.

    python3 cpsql_by_campaign.py [spend.csv touches.csv]

Money is exact (minor units); CPSQL = spend / SQL credit, rounded once.
"""
import csv
import os
import sys

import sqlscore

DAY = 86400
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "csv")
spend_path = sys.argv[1] if len(sys.argv) > 2 else os.path.join(here, "campaign_spend.csv")
touch_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "campaign_touches.csv")
CATEGORY = {"marketing": sqlscore.SPEND_MARKETING, "sales": sqlscore.SPEND_SALES}

campaigns = {}
with open(spend_path, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["campaign"] not in campaigns:
            campaigns[row["campaign"]] = sqlscore.Campaign(row["campaign"], "USD")
        campaigns[row["campaign"]].add_spend(sqlscore.parse_money(row["amount"], "USD"),
                                             CATEGORY[row["category"]])

attribution = sqlscore.Attribution(model=sqlscore.MODEL_LINEAR)
with open(touch_path, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["kind"] == "sql":
            attribution.add_conversion(row["lead"], int(row["day"]) * DAY)
        else:
            attribution.add_touch(row["lead"], row["campaign"], int(row["day"]) * DAY)

portfolio = sqlscore.Portfolio("USD", campaigns.values())
portfolio.compute(sqlscore.COUNT_PERIOD, attribution, attribution.run(), start=0, end=365 * DAY)


def line(name, spend, credit_ppm, cpsql):
    print("%-8s %10s %10.6f %10s" % (name, sqlscore.format_money(spend, "USD"),
                                      credit_ppm / sqlscore.CREDIT_ONE,
                                      sqlscore.format_money(sqlscore.ratio_round(cpsql), "USD")))


print("%-8s %10s %10s %10s" % ("campaign", "spend", "SQLs", "CPSQL"))
for i, row in enumerate(portfolio.rows):
    line(row.campaign_id, row.spend, row.sql_credit_ppm, portfolio.cpsql(i))
total = portfolio.total
line("all", total.spend, total.sql_credit_ppm, portfolio.cpsql())
