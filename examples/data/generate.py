#!/usr/bin/env python3
"""Generate the sample data in examples/data/ (written for libsqlscore).

Deterministic: a fixed seed and the standard library only, so running it
again reproduces the committed CSV files byte for byte:

    python3 examples/data/generate.py examples/data

The story, for `make demo`:
  * a B2B software company ran eight campaigns from April to September 2026;
  * leads.csv: who the leads are (fit: title, industry, size, BANT answers),
    with a few that must be disqualified (a competitor's domain, a student,
    do-not-contact);
  * events.csv: what they did (page views, webinars, demo requests ...),
    heavier for the leads that go on to buy;
  * stages.csv: their moves through the funnel (inquiry -> mql -> sal ->
    sql -> opportunity -> customer, with nurture, disqualified, lost), plus
    two moves a CRM should never have allowed;
  * spend.csv: weekly marketing and sales spend per campaign, with the
    leads, MQLs and SQLs the CRM counted: "Retargeting display" and
    "Podcast sponsorship" produced no SQL at all;
  * survey.csv: two quarterly eNPS pulse surveys; Legal has only three
    people, so its score must be withheld (and one more team with it).
"""
import csv
import datetime as dt
import random
import sys

SEED = 20261128
START = dt.datetime(2026, 4, 1, tzinfo=dt.timezone.utc)
END = dt.datetime(2026, 9, 30, 23, 59, tzinfo=dt.timezone.utc)

CAMPAIGNS = [
    # id, name, weekly marketing spend (cents), weekly sales spend, lead share, quality
    ("C01", "Spring webinar series", 180000, 60000, 0.17, 0.55),
    ("C02", "Paid search - CRM keywords", 260000, 40000, 0.22, 0.35),
    ("C03", "LinkedIn ABM - enterprise", 310000, 90000, 0.12, 0.70),
    ("C04", "Trade show Berlin", 0, 0, 0.10, 0.50),
    ("C05", "Partner referrals", 40000, 30000, 0.09, 0.75),
    ("C06", "Retargeting display", 90000, 0, 0.13, 0.0),
    ("C07", "Podcast sponsorship", 50000, 0, 0.03, 0.0),
    ("C08", "Content syndication", 120000, 10000, 0.14, 0.25),
]

FIRST = ["Anna", "Ben", "Carla", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
         "Kemal", "Lena", "Marta", "Nils", "Olga", "Pedro", "Quentin", "Rosa", "Sven", "Tomas",
         "Ute", "Vera", "Wiebke", "Xavier", "Yusuf", "Zoe", "Amélie", "Björn", "Çağla", "Søren"]
LAST = ["Keller", "Novak", "Schmidt", "Moreau", "Rossi", "Kowalski", "Jansen", "Larsen",
        "García", "Okafor", "Yilmaz", "Müller", "Dubois", "Nowak", "Silva", "O'Brien"]
COMPANY_A = ["Nord", "Alpen", "Rhein", "Baltic", "Iberia", "Atlas", "Vector", "Helix", "Quanta",
             "Orbit", "Lumen", "Cobalt", "Granite", "Pioneer", "Summit", "Harbor"]
COMPANY_B = ["Logistics", "Health", "Bank", "Retail", "Energy", "Software", "Foods", "Motors",
             "Insurance", "Labs", "Telecom", "Media"]
COMPANY_C = ["GmbH", "AG", "SA", "Ltd", "B.V.", "AB", "S.p.A.", "Inc."]
INDUSTRY = {"Logistics": "Logistics", "Health": "Healthcare", "Bank": "Financial Services",
            "Retail": "Retail", "Energy": "Energy", "Software": "Software", "Foods": "Retail",
            "Motors": "Manufacturing", "Insurance": "Financial Services", "Labs": "Healthcare",
            "Telecom": "Telecommunications", "Media": "Media"}
TITLES = [("VP Sales", 3), ("Head of Sales Operations", 3), ("Chief Revenue Officer", 3),
          ("Sales Director", 2), ("Marketing Manager", 1), ("CRM Administrator", 1),
          ("Sales Representative", 0), ("Marketing Intern", -1), ("IT Manager", 1),
          ("Chief Executive Officer", 3), ("Revenue Operations Analyst", 1)]
COUNTRIES = ["DE", "DE", "US", "US", "GB", "NL", "FR", "CA", "AT", "CH", "SE", "DK", "PL",
             "ES", "IT"]
SOURCES = {"C01": "webinar", "C02": "paid search", "C03": "paid social", "C04": "event",
           "C05": "partner", "C06": "display", "C07": "audio", "C08": "content"}


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def weighted(rng, items):
    total = sum(w for _, w in items)
    x = rng.random() * total
    for item, w in items:
        x -= w
        if x < 0:
            return item
    return items[-1][0]


def make_leads(rng, n=800):
    leads = []
    span = (END - START).total_seconds() - 45 * 86400  # leave time to convert
    for i in range(1, n + 1):
        camp = weighted(rng, [(c, c[4]) for c in CAMPAIGNS])
        a, b = rng.choice(COMPANY_A), rng.choice(COMPANY_B)
        company = f"{a} {b} {rng.choice(COMPANY_C)}"
        domain = f"{a}{b}".lower() + rng.choice([".de", ".com", ".eu", ".net"])
        first, last = rng.choice(FIRST), rng.choice(LAST)
        title, seniority = rng.choice(TITLES)
        employees = int(rng.lognormvariate(5.3, 1.3)) + 5
        if camp[0] == "C04":
            # Met at the booth, 9 to 12 June.
            created = dt.datetime(2026, 6, 9, 9, tzinfo=dt.timezone.utc) + \
                dt.timedelta(seconds=int(rng.random() * 3.4 * 86400))
        else:
            created = START + dt.timedelta(seconds=int(rng.random() * span))
        quality = camp[5]
        # Latent intent: who will buy.  Campaign quality, seniority and size
        # all help; the two dead campaigns never produce a buyer.
        intent = rng.random() * 0.55 + quality * 0.3 + seniority * 0.05 + \
            (0.08 if employees > 200 else 0.0)
        if quality == 0.0:
            # Clicks and MQLs, but nobody sales would call qualified.
            intent = min(intent, 0.7)
        lead = {
            "id": f"L{i:04d}",
            "email": f"{first.lower()}.{last.lower()}@{domain}".replace("'", ""),
            "name": f"{first} {last}",
            "company": company,
            "title": title,
            "industry": INDUSTRY[b],
            "employees": str(employees),
            "country": rng.choice(COUNTRIES),
            "budget": "",
            "authority": "",
            "need": "",
            "timeline": "",
            "phone": (f"+{rng.randint(1, 49)} {rng.randint(100, 999)} {rng.randint(1000000, 9999999)}"
                      if rng.random() < 0.55 else ""),
            "annual_revenue": (f"{employees * rng.randint(60, 250) * 1000:.2f} USD"
                               if rng.random() < 0.7 else ""),
            "do_not_contact": "false",
            "source": SOURCES[camp[0]],
            "campaign": camp[0],
            "signed_up": iso(created),
            "_intent": intent,
            "_created": created,
            "_dq": None,
        }
        # BANT answers from discovery calls: known only for engaged leads.
        if intent > 0.55:
            for item in ("budget", "authority", "need", "timeline"):
                r = rng.random()
                p_yes = min(0.92, intent + 0.15)
                lead[item] = "yes" if r < p_yes else ("no" if r < p_yes + 0.1 else "")
            if seniority >= 3 and intent > 0.7:
                lead["authority"] = "yes"
        elif intent > 0.4:
            lead["need"] = rng.choice(["yes", "", "no"])
        leads.append(lead)
    # Leads that must come out disqualified whatever they did.
    for idx, why in ((17, "competitor"), (123, "student"), (256, "dnc"), (411, "competitor"),
                     (502, "student"), (640, "dnc"), (733, "competitor")):
        lead = leads[idx]
        lead["_dq"] = why
        lead["_intent"] = max(lead["_intent"], 0.8)  # busy, but not a buyer
        if why == "competitor":
            lead["email"] = lead["email"].split("@")[0] + "@rivalsoft.example"
            lead["company"] = "RivalSoft"
            lead["industry"] = "Software"
        elif why == "student":
            lead["title"] = "Student"
            lead["employees"] = ""
        else:
            lead["do_not_contact"] = "true"
    # A handful of real-export quirks: a missing size, a name with a comma.
    leads[5]["employees"] = "NA"
    leads[42]["company"] = "Müller, Schmidt & Partner GmbH"
    return leads


EVENT_TYPES = [("page_view", 10), ("email_open", 6), ("email_click", 3), ("content_download", 2),
               ("webinar", 1), ("demo_request", 0), ("unsubscribe", 0)]


def make_events(rng, leads):
    rows = []
    for lead in leads:
        intent = lead["_intent"]
        n = int(rng.expovariate(1.0) * (2 + intent * 14)) + 1
        t = lead["_created"]
        kinds = [(k, w + (3 * intent if k in ("content_download", "webinar") else 0))
                 for k, w in EVENT_TYPES if w > 0]
        for _ in range(n):
            t = t + dt.timedelta(seconds=int(rng.expovariate(1 / (4 * 86400))))
            if t > END:
                break
            kind = weighted(rng, kinds)
            value = ""
            if kind == "webinar":
                value = str(rng.choice([15, 30, 45, 60]))  # minutes attended
            elif kind == "page_view":
                # Seconds on the page: buyers read the pricing page.
                long_read = rng.random() < intent * 0.6
                value = str(rng.randint(30, 400) if long_read else rng.randint(2, 29))
            rows.append([lead["id"], kind, iso(t), value, lead["campaign"]])
        if intent > 0.75 and rng.random() < 0.8 and t < END:
            t2 = min(t + dt.timedelta(hours=rng.randint(2, 72)), END)
            rows.append([lead["id"], "demo_request", iso(t2), "", lead["campaign"]])
        # Buyers who signed up this summer are in the middle of their
        # evaluation: pricing pages read and a demo booked in September.
        if intent > 0.7 and lead["_created"] > dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc):
            for _ in range(rng.randint(2, 5)):
                t3 = END - dt.timedelta(hours=rng.randint(1, 24 * 25))
                rows.append([lead["id"], "page_view", iso(t3), str(rng.randint(45, 300)),
                             lead["campaign"]])
            if rng.random() < 0.7:
                t3 = END - dt.timedelta(hours=rng.randint(1, 24 * 14))
                rows.append([lead["id"], "demo_request", iso(t3), "", lead["campaign"]])
        if intent < 0.3 and rng.random() < 0.08:
            t2 = min(t + dt.timedelta(days=rng.randint(1, 20)), END)
            rows.append([lead["id"], "unsubscribe", iso(t2), "", lead["campaign"]])
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows


def make_stages(rng, leads):
    rows = []
    outcome = {}
    for lead in leads:
        intent = lead["_intent"]
        t = lead["_created"]
        lid = lead["id"]
        path = [("inquiry", t)]

        def step(stage, lo, hi):
            nonlocal t
            t = t + dt.timedelta(hours=rng.randint(lo, hi))
            if t <= END:
                path.append((stage, t))
                return True
            return False

        reached = "inquiry"
        if lead["_dq"]:
            step("disqualified", 24, 24 * 10)
            reached = "disqualified"
        elif intent > 0.5 and step("mql", 24, 24 * 21):
            reached = "mql"
            if intent > 0.6 and step("sal", 2, 24 * 4):
                reached = "sal"
                if intent > 0.72 and step("sql", 24, 24 * 14):
                    reached = "sql"
                    if intent > 0.8 and step("opportunity", 24, 24 * 10):
                        reached = "opportunity"
                        r = rng.random()
                        if r < 0.45 and step("customer", 24 * 7, 24 * 40):
                            reached = "customer"
                        elif r < 0.75 and step("lost", 24 * 7, 24 * 40):
                            reached = "lost"
                else:
                    if rng.random() < 0.5 and step("nurture", 24 * 3, 24 * 20):
                        reached = "nurture"
            elif rng.random() < 0.3 and step("nurture", 24 * 5, 24 * 30):
                reached = "nurture"
        outcome[lid] = reached
        rows.extend([lid, s, iso(when)] for s, when in path)
    # Two moves a CRM should have refused: a customer sent back to MQL, and
    # a lead that jumps backwards from opportunity to SAL without a recycle.
    customers = [lid for lid, s in outcome.items() if s == "customer"]
    opps = [lid for lid, s in outcome.items() if s == "opportunity"]
    for lid, stage in ((customers[0], "mql"), (opps[0], "sal")):
        last = max(r[2] for r in rows if r[0] == lid)
        when = dt.datetime.strptime(last, "%Y-%m-%dT%H:%M:%SZ") + dt.timedelta(days=2)
        rows.append([lid, stage, iso(min(when.replace(tzinfo=dt.timezone.utc), END))])
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows, outcome


def make_spend(rng, leads, stage_rows):
    # Count leads, MQLs and SQLs per campaign and week as the CRM would:
    # by the week the lead was created / first reached the stage.
    first = {}
    for lid, stage, when in stage_rows:
        first.setdefault((lid, stage), when)
    camp_of = {lead["id"]: lead["campaign"] for lead in leads}
    counts = {}

    def week_of(ts):
        d = dt.datetime.strptime(ts[:10], "%Y-%m-%d").date()
        return d - dt.timedelta(days=d.weekday())

    for (lid, stage), when in first.items():
        key = (camp_of[lid], week_of(when))
        c = counts.setdefault(key, {"inquiry": 0, "mql": 0, "sql": 0})
        if stage in c:
            c[stage] += 1
    rows = []
    week = START.date() - dt.timedelta(days=START.weekday())
    while week <= END.date():
        for cid, name, mkt, sales, _, _ in CAMPAIGNS:
            if cid == "C04":
                # The trade show is one big invoice in its week.
                m, s = (4850000, 720000) if week == dt.date(2026, 6, 8) else (0, 0)
            else:
                m = int(mkt * rng.uniform(0.8, 1.2)) if mkt else 0
                s = int(sales * rng.uniform(0.7, 1.3)) if sales else 0
            c = counts.get((cid, week), {"inquiry": 0, "mql": 0, "sql": 0})
            rows.append([week.isoformat(), cid, name, f"{m / 100:.2f}", f"{s / 100:.2f}",
                         c["inquiry"], c["mql"], c["sql"]])
        week += dt.timedelta(days=7)
    return rows


TEAMS = [
    # team, headcount, mean-ish score, spread
    ("Engineering", 56, 8.2, 1.6),
    ("Sales", 41, 6.4, 2.3),
    ("Customer Success", 23, 7.6, 1.8),
    ("Marketing", 18, 7.0, 2.0),
    ("Finance", 7, 6.8, 1.5),
    ("Legal", 3, 5.0, 2.0),
]


def make_survey(rng):
    rows = []
    rid = 0
    people = []
    for team, heads, mean, sd in TEAMS:
        for _ in range(heads):
            rid += 1
            people.append((f"E{rid:03d}", team, mean, sd))
    for quarter_start, drift in ((dt.datetime(2026, 6, 15, tzinfo=dt.timezone.utc), 0.0),
                                 (dt.datetime(2026, 9, 14, tzinfo=dt.timezone.utc), 0.4)):
        for pid, team, mean, sd in people:
            if team != "Legal" and rng.random() < 0.12:
                continue  # did not answer this pulse
            t = quarter_start + dt.timedelta(minutes=rng.randint(0, 7 * 24 * 60))
            if rng.random() < 0.04:
                score = ""  # opened the survey, skipped the question
            else:
                m = mean + (drift if team != "Sales" else -drift)
                score = str(max(0, min(10, round(rng.gauss(m, sd)))))
            rows.append([pid, team, iso(t), score])
    rows.sort(key=lambda r: (r[2], r[0]))
    return rows


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    rng = random.Random(SEED)
    leads = make_leads(rng)
    cols = ["id", "email", "name", "company", "title", "industry", "employees", "country",
            "phone", "annual_revenue", "budget", "authority", "need", "timeline",
            "do_not_contact", "source", "campaign", "signed_up"]
    write(f"{out}/leads.csv", cols, [[lead[c] for c in cols] for lead in leads])
    write(f"{out}/events.csv", ["lead", "type", "time", "value", "campaign"],
          make_events(rng, leads))
    stage_rows, _ = make_stages(rng, leads)
    write(f"{out}/stages.csv", ["lead", "stage", "time"], stage_rows)
    write(f"{out}/spend.csv",
          ["week", "campaign", "campaign_name", "spend", "sales_spend", "leads", "mqls", "sqls"],
          make_spend(rng, leads, stage_rows))
    write(f"{out}/survey.csv", ["respondent", "team", "submitted", "score"], make_survey(rng))


if __name__ == "__main__":
    main()
