#!/usr/bin/env python3
"""eNPS by team from a CSV of survey answers (respondent, team, answer).

    python3 enps_by_team.py [answers.csv]

An empty answer is a skipped question.  Teams under the anonymity threshold
(5) are hidden, and so is the next-smallest team, which could otherwise be
worked out from the company total.
"""
import csv
import os
import sys

import sqlscore

here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "csv", "survey_answers.csv")
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))

with sqlscore.Survey(threshold=5) as survey:
    # One library call for the whole file.
    survey.add_batch([int(r["answer"]) if r["answer"] else None for r in rows],
                     segments=[r["team"] for r in rows],
                     respondents=[r["respondent"] for r in rows])
    for team in survey.segments + [None]:
        result = survey.result(team)
        name = team or "All teams"
        if result.suppressed:
            print("%-12s n=%-3d hidden (anonymity)" % (name, result.n))
            continue
        low, high = result.interval(sqlscore.ADJUSTED_WALD)
        print("%-12s n=%-3d eNPS %+4d   95%% CI %+6.1f .. %+6.1f" %
              (name, result.n, result.rounded, low, high))
