#!/usr/bin/env python3
"""Write examples/ics-staff/: a synthetic ESR-style staff list of one integrated care
system's digital, data and informatics staff, with the mapping and establishment files
`wfcast data import` reads.

Run from the repository root:

    python3 examples/ics-staff/generate.py

It rewrites, byte-identically on every run (Python's seeded Mersenne Twister):

    staff_list.csv     one row per assignment (15 people hold two), with the mess real
                       extracts have
    establishment.csv  funded posts per organisation and role
    (mapping.toml is written by hand; it is not generated)

EVERYTHING HERE IS SYNTHETIC. "Anyshire and Beyond ICS" and its organisations (codes XA1,
XB1, XC1, XQ1) are invented. Each assignment's role, band and age band is drawn from the
shipped national synthetic baseline (data/staff_in_post_2024.csv), so the local mix looks
like the national one; about 1 in 9 assignments ended in the year before the census date
(a leaver), a few ended earlier. The mess is deliberate and counted below: job titles
written many ways, some no role matches, missing or non-AfC bands, impossible ages, an
organisation in no place, an unreadable FTE and a bad date.
"""

import csv
import datetime
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.dirname(os.path.abspath(__file__))
CENSUS = datetime.date(2024, 3, 31)

# (code, staff in the list); the ICB's own team is small
ORGS = [("XA1", 520), ("XB1", 210), ("XC1", 150), ("XQ1", 70)]

# How staff lists write each role's job titles (the first is the commonest).
TITLES = {
    "architect": ["Solution Architect", "Enterprise Architect", "Technical Architect", "Data Architect"],
    "digital_leadership": ["Chief Digital Officer", "Head of Digital", "Director of Informatics", "Chief Information Officer"],
    "data_analyst": ["Data Analyst", "Senior Information Analyst", "Snr. Data Analyst", "Performance Analyst", "BI Developer", "INFORMATION ANALYST"],
    "data_scientist": ["Data Scientist", "Senior Data Scientist", "Machine Learning Engineer"],
    "data_engineer": ["Data Engineer", "Database Administrator", "Data Warehouse Developer"],
    "service_desk": ["Service Desk Analyst", "IT Service Desk Analyst", "IT Support Officer", "Helpdesk Technician"],
    "infrastructure_engineer": ["Infrastructure Engineer", "Network Engineer", "Server Engineer", "Telecoms Engineer"],
    "cyber_security": ["Cyber Security Analyst", "Information Security Officer", "Cyber Security Lead"],
    "delivery_manager": ["Project Manager", "Programme Manager", "Digital Delivery Manager", "Project Support Officer", "PMO Analyst"],
    "business_analyst": ["Business Analyst", "Senior Business Analyst"],
    "product_manager": ["Product Owner", "Product Manager"],
    "test_engineer": ["Test Analyst", "Software Tester", "Test Engineer"],
    "software_developer": ["Software Developer", "Software Engineer", "Developer (Web)", "Application Developer"],
    "user_centred_design": ["User Researcher", "UX Designer", "Service Designer"],
    "clinical_coder": ["Clinical Coder", "Clinical Coder (Trainee)", "Senior Clinical Coder", "Clinical Coding Auditor"],
    "health_records": ["Health Records Officer", "Medical Records Clerk", "Health Records Supervisor"],
    "clinical_informatics": ["CCIO", "Clinical Safety Officer", "Clinical Informatics Lead"],
    "digital_trainer": ["Digital Trainer", "EPR Trainer", "EHR Trainer", "IT Trainer", "Systems Trainer"],
    "knowledge_library": ["Librarian", "Knowledge Manager", "Library Assistant"],
}
# titles no role pattern matches: the importer must report them
UNMAPPED = ["Admin Assistant", "Digital Transformation Officer", "Team Secretary"]
BAND_SPELLINGS = ["Band {}", "{}", "AfC Band {}", "Band {}"]
AGE_LO = {"<20": 17, "65+": 65}


def read(name):
    with open(os.path.join(ROOT, "data", name), newline="") as f:
        return list(csv.DictReader(f))


def main():
    rng = random.Random(20240331)
    cells = [r for r in read("staff_in_post_2024.csv") if int(r["headcount"]) > 0]
    weights = [int(r["headcount"]) for r in cells]
    rows = []
    funded = {}
    for org, n in ORGS:
        for _ in range(n):
            cell = rng.choices(cells, weights)[0]
            role, band, age_band = cell["role"], cell["band"], cell["age_band"]
            lo = AGE_LO.get(age_band) or int(age_band.split("-")[0])
            age = lo + rng.randrange(4 if age_band != "<20" else 3)
            born = CENSUS - datetime.timedelta(days=365.25 * age + rng.randrange(365))
            fte = 1.0 if rng.random() < 0.8 else rng.choice([0.4, 0.5, 0.6, 0.8, 0.9])
            leaving = ""
            u = rng.random()
            if u < 0.11:
                leaving = (CENSUS - datetime.timedelta(days=rng.randrange(1, 364))).isoformat()
            elif u < 0.13:
                leaving = (CENSUS - datetime.timedelta(days=rng.randrange(400, 700))).isoformat()
            if not leaving:
                funded[(org, role)] = funded.get((org, role), 0.0) + fte
            title = rng.choice(TITLES[role]) if rng.random() < 0.5 else TITLES[role][0]
            spelled = rng.choice(BAND_SPELLINGS).format(band.upper() if rng.random() < 0.3 else band)
            use_dob = rng.random() < 0.6
            rows.append({
                "Organisation": org,
                "Occupation Code": "",
                "Job Title": title,
                "Pay Band": spelled,
                "Date of Birth": born.strftime("%d/%m/%Y") if use_dob else "",
                "Age": "" if use_dob else str(age),
                "FTE": f"{fte:.2f}",
                "Leaving Date": leaving,
            })
    # the deliberate mess, each at a fixed row
    mess = [
        (5, "Job Title", UNMAPPED[0]), (40, "Job Title", UNMAPPED[1]), (41, "Job Title", UNMAPPED[1]),
        (77, "Job Title", UNMAPPED[2]), (90, "Pay Band", ""), (91, "Pay Band", ""),
        (130, "Pay Band", "VSM"), (150, "Age", "12"), (151, "Age", "104"),
        (152, "Organisation", "XZ9"), (153, "Organisation", "XZ9"), (200, "FTE", "full"),
        (201, "FTE", "0"), (202, "Date of Birth", "31/02/1980"),
    ]
    for i, col, value in mess:
        rows[i][col] = value
        if col == "Age":
            rows[i]["Date of Birth"] = ""
        if col == "Date of Birth":
            rows[i]["Age"] = ""
        rows[i]["Leaving Date"] = ""
    for k, r in enumerate(rows):
        r["Staff Number"] = str(10000000 + k)
        r["Assignment Number"] = f"{10000000 + k}-1"
    # a second, part-time assignment for 15 people in post (ESR lists one row per
    # assignment): headcount must count each of them once
    bad = {i for i, _, _ in mess}
    second = [k for k, r in enumerate(rows) if not r["Leaving Date"] and k not in bad][::50][:15]
    for k in second:
        extra = dict(rows[k])
        extra["Assignment Number"] = f"{rows[k]['Staff Number']}-2"
        extra["FTE"] = "0.20"
        rows.append(extra)
    header = ["Staff Number", "Assignment Number", "Organisation", "Occupation Code", "Job Title",
              "Pay Band", "Date of Birth", "Age", "FTE", "Leaving Date"]
    with open(os.path.join(OUT, "staff_list.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r[h] for h in header])
    with open(os.path.join(OUT, "establishment.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["organisation", "role", "establishment_wte"])
        for (org, role) in sorted(funded):
            # funded posts: staff in post plus about 8% vacant, to a tenth of a WTE
            w.writerow([org, role, f"{funded[(org, role)] * 1.08 + 0.4:.1f}"])
    print(f"staff_list.csv {len(rows)} rows ({len(mess)} deliberately bad, {len(second)} second"
          f" assignments), establishment.csv {len(funded)} rows")


if __name__ == "__main__":
    main()
