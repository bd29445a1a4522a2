#!/usr/bin/env python3
"""Write examples/icb-data/: the shipped synthetic baseline split over the 42 integrated
care boards (ICBs) of England, under their seven NHS England regions.

Run from the repository root:

    python3 examples/icb-data/generate.py

It reads data/ and rewrites, byte-identically on every run:

    places.csv              England > 7 regions > 42 ICBs (names public; shares synthetic)
    staff_in_post_2024.csv  each region's cells split over its ICBs
    vacancies_2024.csv      each region's vacant WTE split over its ICBs
    labour_pool_2024.csv    each region's market split over its ICBs, mobility as the region's
    market_salaries.csv     each ICB takes its region's median salary
    cost_of_living.csv      each ICB takes its region's index
    roles.csv, bands.csv, ages.csv, afc_pay_2024_25.csv   copied unchanged

THE SPLIT IS SYNTHETIC. The ICB names and the region each belongs to are public (NHS
England, 2022 boundaries); the ONS codes are left empty rather than typed from memory. Each
ICB's share of its region (WEIGHTS below, roughly in proportion to its population) and its
high-cost-area zone shares are invented. Headcounts are split with largest-remainder
rounding (ties to the earlier ICB), so every region's and England's headcount equals the
shipped data's exactly; WTE follows each cell's headcount split.
"""

import csv
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data")
OUT = os.path.dirname(os.path.abspath(__file__))

# (id, name, region, weight within the region, [inner London, outer London, fringe])
ICBS = [
    ("north_central_london", "North Central London", "london", 15, [0.7, 0.3, 0]),
    ("north_east_london", "North East London", "london", 20, [0.5, 0.5, 0]),
    ("north_west_london", "North West London", "london", 23, [0.4, 0.6, 0]),
    ("south_east_london", "South East London", "london", 20, [0.5, 0.5, 0]),
    ("south_west_london", "South West London", "london", 16, [0.3, 0.7, 0]),
    ("bob", "Buckinghamshire, Oxfordshire and Berkshire West", "south_east", 19, [0, 0, 0.2]),
    ("frimley", "Frimley", "south_east", 9, [0, 0, 0.6]),
    ("hampshire_iow", "Hampshire and Isle of Wight", "south_east", 20, [0, 0, 0]),
    ("kent_medway", "Kent and Medway", "south_east", 21, [0, 0, 0.3]),
    ("surrey_heartlands", "Surrey Heartlands", "south_east", 12, [0, 0, 0.7]),
    ("sussex", "Sussex", "south_east", 19, [0, 0, 0.1]),
    ("bsw", "Bath and North East Somerset, Swindon and Wiltshire", "south_west", 16, [0, 0, 0]),
    ("bnssg", "Bristol, North Somerset and South Gloucestershire", "south_west", 18, [0, 0, 0]),
    ("cornwall", "Cornwall and the Isles of Scilly", "south_west", 11, [0, 0, 0]),
    ("devon", "Devon", "south_west", 22, [0, 0, 0]),
    ("dorset", "Dorset", "south_west", 15, [0, 0, 0]),
    ("gloucestershire", "Gloucestershire", "south_west", 12, [0, 0, 0]),
    ("somerset", "Somerset", "south_west", 10, [0, 0, 0]),
    ("blmk", "Bedfordshire, Luton and Milton Keynes", "east_of_england", 15, [0, 0, 0.3]),
    ("cambs_peterborough", "Cambridgeshire and Peterborough", "east_of_england", 15, [0, 0, 0]),
    ("herts_west_essex", "Hertfordshire and West Essex", "east_of_england", 23, [0, 0, 0.8]),
    ("mid_south_essex", "Mid and South Essex", "east_of_england", 19, [0, 0, 0.5]),
    ("norfolk_waveney", "Norfolk and Waveney", "east_of_england", 16, [0, 0, 0]),
    ("suffolk_ne_essex", "Suffolk and North East Essex", "east_of_england", 12, [0, 0, 0]),
    ("birmingham_solihull", "Birmingham and Solihull", "midlands", 13, [0, 0, 0]),
    ("black_country", "Black Country", "midlands", 11, [0, 0, 0]),
    ("coventry_warwickshire", "Coventry and Warwickshire", "midlands", 9, [0, 0, 0]),
    ("derby_derbyshire", "Derby and Derbyshire", "midlands", 10, [0, 0, 0]),
    ("hereford_worcester", "Herefordshire and Worcestershire", "midlands", 7, [0, 0, 0]),
    ("llr", "Leicester, Leicestershire and Rutland", "midlands", 10, [0, 0, 0]),
    ("lincolnshire", "Lincolnshire", "midlands", 7, [0, 0, 0]),
    ("northamptonshire", "Northamptonshire", "midlands", 7, [0, 0, 0]),
    ("nottingham", "Nottingham and Nottinghamshire", "midlands", 11, [0, 0, 0]),
    ("shropshire_telford", "Shropshire, Telford and Wrekin", "midlands", 5, [0, 0, 0]),
    ("staffs_stoke", "Staffordshire and Stoke-on-Trent", "midlands", 10, [0, 0, 0]),
    ("humber_north_yorks", "Humber and North Yorkshire", "north_east_yorkshire", 21, [0, 0, 0]),
    ("ne_north_cumbria", "North East and North Cumbria", "north_east_yorkshire", 37, [0, 0, 0]),
    ("south_yorkshire", "South Yorkshire", "north_east_yorkshire", 17, [0, 0, 0]),
    ("west_yorkshire", "West Yorkshire", "north_east_yorkshire", 25, [0, 0, 0]),
    ("cheshire_merseyside", "Cheshire and Merseyside", "north_west", 36, [0, 0, 0]),
    ("greater_manchester", "Greater Manchester", "north_west", 40, [0, 0, 0]),
    ("lancs_south_cumbria", "Lancashire and South Cumbria", "north_west", 24, [0, 0, 0]),
]


def read(name):
    with open(os.path.join(DATA, name), newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [r for r in rows[1:] if r]


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def icbs_of(region):
    return [i for i in ICBS if i[2] == region]


def split(total, weights):
    """Largest-remainder split of the integer `total` in proportion to `weights`."""
    s = sum(weights)
    exact = [total * w / s for w in weights]
    parts = [int(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda k: (-(exact[k] - parts[k]), k))
    for k in order[: total - sum(parts)]:
        parts[k] += 1
    return parts


def fmt(x, places):
    text = f"{x:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def places():
    header, rows = read("places.csv")
    out = [r for r in rows if r[4] == ""]
    for r in rows:
        if r[4] != "":
            out.append(r[:5] + ["", "", ""])
    for icb, name, region, _, hcas in ICBS:
        out.append([icb, name, "", "icb", region]
                   + [fmt(h, 2) for h in hcas])
    write("places.csv", header, out)


def staff():
    header, rows = read("staff_in_post_2024.csv")
    out = []
    for role, region, band, age, heads, wte in rows:
        icbs = icbs_of(region)
        parts = split(int(heads), [i[3] for i in icbs])
        for (icb, *_), h in zip(icbs, parts):
            if h > 0:
                out.append([role, icb, band, age, h, fmt(float(wte) * h / int(heads), 2)])
    out.sort(key=lambda r: ([i[0] for i in ICBS].index(r[1]),))
    write("staff_in_post_2024.csv", header, out)


def per_pair(name, value):
    """A role x region file as role x ICB: `value(fields, icbs)` gives each ICB's fields."""
    header, rows = read(name)
    out = []
    for r in rows:
        icbs = icbs_of(r[1])
        for (icb, *_), fields in zip(icbs, value(r[2:], icbs)):
            out.append([r[0], icb] + fields)
    write(name, header, out)


def copy(name):
    shutil.copyfile(os.path.join(DATA, name), os.path.join(OUT, name))


def main():
    places()
    staff()
    per_pair("vacancies_2024.csv", lambda f, icbs: [
        [fmt(p / 10, 1)] for p in split(round(float(f[0]) * 10), [i[3] for i in icbs])])
    per_pair("labour_pool_2024.csv", lambda f, icbs: [
        [p, f[1]] for p in split(int(f[0]), [i[3] for i in icbs])])
    per_pair("market_salaries.csv", lambda f, icbs: [f for _ in icbs])
    header, rows = read("cost_of_living.csv")
    write("cost_of_living.csv", header,
          [[icb, r[1]] for r in rows for icb, *_ in icbs_of(r[0])])
    for name in ["roles.csv", "bands.csv", "ages.csv", "afc_pay_2024_25.csv"]:
        copy(name)


if __name__ == "__main__":
    main()
