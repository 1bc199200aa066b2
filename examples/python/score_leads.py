#!/usr/bin/env python3
"""Score a CSV of leads with a rules file, one library call for the table.

    python3 score_leads.py [leads.csv [leads.rules]]

Numeric columns become number attributes, the others text; an empty cell
is a missing attribute.  The rules format is described in sqlscore-rules(5).
"""
import csv
import os
import sys

import sqlscore

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "csv")
leads_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "leads.csv")
rules_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "leads.rules")

with open(leads_path, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))

with sqlscore.Criteria.load(rules_path) as criteria:
    columns = {
        "employees": [float(r["employees"]) if r["employees"] else None for r in rows],
        "title": [r["title"] or None for r in rows],
        "country": [r["country"] or None for r in rows],
        "domain": [r["domain"] or None for r in rows],
    }
    out = criteria.evaluate_columns(columns)
    for row, score, grade, verdict in zip(rows, out.scores, out.grades, out.verdicts):
        print("%-6s %6.1f  %-2s  %s" % (row["id"], score, sqlscore.grade_name(grade),
                                       sqlscore.verdict_name(verdict)))
