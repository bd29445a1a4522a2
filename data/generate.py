#!/usr/bin/env python3
"""Generate the default synthetic baseline data for wfcast.

Run from the repository root:

    python3 data/generate.py

It (re)writes these files in data/, byte-identically on every run:

    roles.csv              per-role FTE ratio, leaver rate, promotion multiplier
    bands.csv              per-AfC-band leaver multiplier and promotion rate
    ages.csv               per-age-band leaver multiplier, retirement rate, hire age mix
    staff_in_post_2024.csv headcount and WTE by role x region x band x age (50,000 heads)
    vacancies_2024.csv     vacant WTE by role x region
    afc_pay_2024_25.csv    Agenda for Change 2024/25 pay points (published, not synthetic)
    market_salaries.csv    market median salary by role x region
    labour_pool_2024.csv   the wider labour market per role x region: size and job mobility
    cost_of_living.csv     cost-of-living index by region

and prints a calibration check to stdout.

EVERYTHING HERE IS SYNTHETIC (except the AfC pay points, which are the published
2024/25 scale). No real ESR or other person-level data is used. The numbers are
invented but calibrated to public aggregates (listed in the project's reference notes,
public-figures.md): HEE's 46,009 WTE DDaT + informatics workforce (2020, range
41k-53k) and its ~GBP 2.05bn pay bill, ~3,500 FTE vacancies (~7%, HEE / NHS Digital),
~10,000 data and analytics staff (Goldacre review 2022), an 8-11% annual leaver rate
(NHS workforce statistics) and the NHS pension normal pension age / admin-clerical
retirement ages. See data/README.md.

Determinism: Python 3 standard library only, no random numbers at all. Only +, -, *, /
on floats (IEEE 754, correctly rounded, so identical on every platform); no exp/log.
Integer totals are split with largest-remainder rounding (ties go to the earlier item),
so every total hits its target exactly.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))

# ----------------------------------------------------------------------------------------
# Identifiers
# ----------------------------------------------------------------------------------------

REGIONS = ["london", "south_east", "south_west", "east_of_england", "midlands",
           "north_east_yorkshire", "north_west"]
BANDS = ["2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"]
AGES = ["<20", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59",
        "60-64", "65+"]
# representative age of each age band (<20 = apprentices aged 16-19; 65+ mostly 65-69)
AGE_MID = [18.0, 22.0, 27.0, 32.0, 37.0, 42.0, 47.0, 52.0, 57.0, 62.0, 67.0]

# ----------------------------------------------------------------------------------------
# Roles: id, name, family, fte_ratio, leaver_rate, promotion_multiplier,
#        headcount target (before rescaling to 50,000), centre of the age profile (years),
#        London weight multiplier (regional concentration)
# ----------------------------------------------------------------------------------------
ROLES = [
    # id                       name                                            family                        fte   leave  promo  heads age_c  london
    ("architect",               "Architect (enterprise/solution/technical)",   "architecture",               0.96, 0.100, 0.80,   850, 46.0, 1.20),
    ("digital_leadership",      "Chief digital/data and senior leadership",    "chief digital and data",     0.97, 0.090, 0.60,   650, 50.0, 1.10),
    ("data_analyst",            "Data analyst",                                "data",                       0.94, 0.105, 1.20,  6800, 38.0, 1.00),
    ("data_scientist",          "Data scientist",                              "data",                       0.95, 0.130, 1.10,  1100, 34.0, 1.60),
    ("data_engineer",           "Data engineer",                               "data",                       0.96, 0.120, 1.10,  1600, 35.5, 1.40),
    ("service_desk",            "Service desk analyst",                        "IT operations",              0.95, 0.100, 1.20,  5400, 40.0, 0.95),
    ("infrastructure_engineer", "Infrastructure engineer",                     "IT operations",              0.96, 0.090, 1.00,  4900, 43.5, 0.95),
    ("cyber_security",          "Cyber security specialist",                   "IT operations",              0.96, 0.125, 1.10,  1100, 38.5, 1.20),
    ("delivery_manager",        "Delivery/project/programme manager",          "product and delivery",       0.94, 0.095, 0.90,  3300, 45.0, 1.10),
    ("business_analyst",        "Business analyst",                            "product and delivery",       0.94, 0.100, 1.00,  1400, 41.5, 1.10),
    ("product_manager",         "Product manager",                             "product and delivery",       0.95, 0.110, 0.90,   550, 39.0, 1.40),
    ("test_engineer",           "Test engineer",                               "quality assurance testing",  0.95, 0.105, 1.00,   750, 37.0, 1.10),
    ("software_developer",      "Software developer",                          "software development",       0.96, 0.120, 1.10,  2300, 35.5, 1.40),
    ("user_centred_design",     "User-centred designer/researcher",            "user-centred design",        0.93, 0.110, 1.00,   350, 35.5, 1.50),
    ("clinical_coder",          "Clinical coder",                              "informatics",                0.88, 0.075, 1.30,  6200, 48.0, 0.90),
    ("health_records",          "Health records officer",                      "informatics",                0.86, 0.075, 0.70,  7600, 48.5, 0.90),
    ("clinical_informatics",    "Clinical informatics (CCIO/clinical safety)", "informatics",                0.89, 0.085, 0.80,  1100, 48.0, 1.05),
    ("digital_trainer",         "Digital trainer/educator",                    "informatics",                0.91, 0.090, 0.90,  1500, 44.5, 0.95),
    ("knowledge_library",       "Knowledge and library specialist",            "informatics",                0.88, 0.070, 0.70,  1700, 49.5, 0.95),
]
ROLE_IDS = [r[0] for r in ROLES]
TOTAL_HEADCOUNT = 50000

# Band mix per role: relative weights over BANDS (2,3,4,5,6,7,8a,8b,8c,8d,9).
BAND_MIX = {
    "architect":               [0, 0, 0, 0, 5, 30, 35, 20, 8, 2, 0],
    "digital_leadership":      [0, 0, 0, 0, 0, 0, 6, 24, 30, 25, 15],
    "data_analyst":            [0, 0, 6, 30, 35, 20, 7, 2, 0, 0, 0],
    "data_scientist":          [0, 0, 0, 2, 25, 40, 23, 8, 2, 0, 0],
    "data_engineer":           [0, 0, 0, 8, 30, 35, 20, 6, 1, 0, 0],
    "service_desk":            [0, 4, 30, 40, 21, 5, 0, 0, 0, 0, 0],
    "infrastructure_engineer": [0, 0, 0, 10, 30, 32, 18, 8, 2, 0, 0],
    "cyber_security":          [0, 0, 0, 6, 25, 35, 22, 9, 3, 0, 0],
    "delivery_manager":        [0, 0, 0, 8, 25, 32, 22, 10, 3, 0, 0],
    "business_analyst":        [0, 0, 0, 12, 38, 35, 12, 3, 0, 0, 0],
    "product_manager":         [0, 0, 0, 0, 10, 35, 35, 15, 5, 0, 0],
    "test_engineer":           [0, 0, 8, 25, 40, 20, 7, 0, 0, 0, 0],
    "software_developer":      [0, 0, 0, 12, 35, 33, 15, 5, 0, 0, 0],
    "user_centred_design":     [0, 0, 0, 8, 32, 35, 18, 7, 0, 0, 0],
    "clinical_coder":          [0, 20, 35, 28, 12, 4, 1, 0, 0, 0, 0],
    "health_records":          [70, 70, 36, 14, 6, 3, 1, 0, 0, 0, 0],
    "clinical_informatics":    [0, 0, 0, 5, 20, 30, 25, 12, 5, 3, 0],
    "digital_trainer":         [0, 0, 15, 40, 30, 12, 3, 0, 0, 0, 0],
    "knowledge_library":       [8, 22, 20, 15, 18, 10, 5, 2, 0, 0, 0],
}

# Age shift by band (years, relative to the role's mean band): higher bands are older.
BAND_AGE_SHIFT = [-5.0, -3.0, -2.0, -1.0, 0.0, 1.5, 3.0, 4.5, 6.0, 7.0, 8.0]

# ----------------------------------------------------------------------------------------
# Regions
# ----------------------------------------------------------------------------------------
REGION_SHARE = [0.17, 0.14, 0.10, 0.10, 0.18, 0.17, 0.14]   # target national shares
# synthetic cost-of-living index (workforce-weighted national average = 1.00)
COST_OF_LIVING = [1.19, 1.07, 0.98, 1.02, 0.93, 0.91, 0.92]
# vacancy-rate multiplier by region (London and the South East hardest to recruit)
REGION_VACANCY_MULT = [1.30, 1.20, 0.95, 1.05, 0.95, 0.80, 0.90]
# market-pay position of each region relative to England (London = +1, scaled per role)
REGION_PAY_POSITION = [1.00, 0.32, 0.02, 0.14, -0.12, -0.22, -0.14]

# ----------------------------------------------------------------------------------------
# Bands and ages (flow parameters)
# ----------------------------------------------------------------------------------------
BAND_LEAVER_MULT = [1.15, 1.10, 1.05, 1.00, 0.95, 0.90, 0.85, 0.85, 0.80, 0.80, 0.80]
BAND_PROMOTION = [0.090, 0.085, 0.080, 0.075, 0.065, 0.050, 0.040, 0.030, 0.025, 0.020, 0.0]

AGE_LEAVER_MULT = [1.60, 1.50, 1.30, 1.10, 1.00, 0.90, 0.80, 0.80, 0.75, 0.75, 0.80]
AGE_RETIREMENT = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.005, 0.04, 0.14, 0.35]
AGE_HIRE_WEIGHT = [300, 1400, 1900, 1800, 1400, 1100, 900, 700, 380, 100, 20]
# tail factors on the staff age profile: few apprentices under 20, most retire by 65+
AGE_TAIL = [0.12, 0.75, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.80, 0.35]
AGE_HALF_WIDTH = 26.0   # half-width of the parabolic age profile (years)
# mean position between a band's first (0) and top (1) pay point by age: the young have
# just entered their band; by the mid-thirties most have passed the two to five years of
# service that Agenda for Change progression takes, but some in every age were promoted
# recently and restart at the first point of their new band (invented)
AGE_PAY_POSITION = [0.05, 0.20, 0.40, 0.55, 0.65, 0.72, 0.78, 0.80, 0.82, 0.85, 0.85]
# FTE adjustment by age: more part-time work from 55
AGE_FTE_ADJ = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.97, 0.93, 0.85]

# ----------------------------------------------------------------------------------------
# Vacancies and market pay
# ----------------------------------------------------------------------------------------
TOTAL_VACANCY_TENTHS = 35000   # 3,500.0 WTE
ROLE_VACANCY_RATE = {           # relative vacancy rate before scaling to the total
    "architect": 0.110, "digital_leadership": 0.060, "data_analyst": 0.075,
    "data_scientist": 0.130, "data_engineer": 0.130, "service_desk": 0.065,
    "infrastructure_engineer": 0.075, "cyber_security": 0.140, "delivery_manager": 0.065,
    "business_analyst": 0.075, "product_manager": 0.095, "test_engineer": 0.090,
    "software_developer": 0.120, "user_centred_design": 0.110, "clinical_coder": 0.075,
    "health_records": 0.040, "clinical_informatics": 0.080, "digital_trainer": 0.060,
    "knowledge_library": 0.050,
}
# (England median outside the NHS in GBP, London premium over England)
MARKET_PAY = {
    "architect": (76000, 0.27), "digital_leadership": (112000, 0.28),
    "data_analyst": (40000, 0.25), "data_scientist": (58000, 0.28),
    "data_engineer": (60000, 0.28), "service_desk": (28500, 0.18),
    "infrastructure_engineer": (46000, 0.24), "cyber_security": (60000, 0.27),
    "delivery_manager": (53000, 0.26), "business_analyst": (48000, 0.26),
    "product_manager": (62000, 0.28), "test_engineer": (45000, 0.26),
    "software_developer": (55000, 0.28), "user_centred_design": (52000, 0.28),
    "clinical_coder": (31000, 0.15), "health_records": (24500, 0.15),
    "clinical_informatics": (56000, 0.20), "digital_trainer": (34000, 0.18),
    "knowledge_library": (32000, 0.17),
}

# ----------------------------------------------------------------------------------------
# Agenda for Change 2024/25 pay points (public, shared/reference/public-figures.md)
# ----------------------------------------------------------------------------------------
AFC_2024_25 = {
    "2": [23615], "3": [24071, 25674], "4": [26530, 29114],
    "5": [29970, 32324, 36483], "6": [37338, 39405, 44962],
    "7": [46148, 48526, 52809], "8a": [53755, 56454, 60504],
    "8b": [62215, 66246, 72293], "8c": [74290, 78814, 85601],
    "8d": [88168, 93572, 101677], "9": [105385, 111740, 121271],
}


# ----------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------
# Labour pool (synthetic): per role family, people doing such work in the wider economy per
# NHS digital employee, and the share of them who change jobs in a year. Generic tech roles
# have large markets and high mobility; NHS-specific informatics roles (clinical coding,
# health records) small ones. London's and the South East's markets are deeper.
MARKET_MULTIPLE = {
    "architecture": (6.0, 0.12),
    "chief digital and data": (3.0, 0.10),
    "data": (7.0, 0.14),
    "IT operations": (8.0, 0.13),
    "product and delivery": (6.0, 0.12),
    "quality assurance testing": (6.0, 0.13),
    "software development": (10.0, 0.14),
    "user-centred design": (8.0, 0.14),
    "informatics": (3.0, 0.08),
}
MARKET_REGION_MULT = [1.40, 1.15, 0.90, 1.00, 0.90, 0.85, 0.95]


def largest_remainder(total, weights):
    """Split integer `total` in proportion to `weights`; ties go to the earlier item."""
    s = float(sum(weights))
    if total == 0 or s <= 0.0:
        return [0] * len(weights)
    quotas = [total * w / s for w in weights]
    floors = [int(q) for q in quotas]
    rest = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[:rest]:
        floors[i] += 1
    return floors


def fmt(x, dp):
    return "%.*f" % (dp, x)


def write_csv(name, header, rows):
    path = os.path.join(HERE, name)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(header) + "\n")
        for r in rows:
            line = ",".join(str(v) for v in r)
            assert '"' not in line and line.count(",") == len(header) - 1, line
            f.write(line + "\n")
    return len(rows)


def mid_pay(band):
    pts = AFC_2024_25[band]
    n = len(pts)
    return pts[n // 2] if n % 2 else (pts[n // 2 - 1] + pts[n // 2]) / 2.0


def age_weights(mean_age):
    """Parabolic age profile around mean_age with tail factors (no transcendental maths)."""
    h2 = AGE_HALF_WIDTH * AGE_HALF_WIDTH
    out = []
    for x, tail in zip(AGE_MID, AGE_TAIL):
        d = x - mean_age
        out.append(max(h2 - d * d, 0.02 * h2) * tail)
    return out


def region_weights():
    """Per-role region weights: London tilt per role, then rescaled (a few raking passes)
    so that the national region mix matches REGION_SHARE."""
    heads = {r[0]: r[6] for r in ROLES}
    base = {}
    for role in ROLES:
        w = list(REGION_SHARE)
        w[0] *= role[8]
        s = sum(w)
        base[role[0]] = [x / s for x in w]
    adj = [1.0] * len(REGIONS)
    for _ in range(20):
        shares = {}
        national = [0.0] * len(REGIONS)
        for rid in ROLE_IDS:
            w = [b * a for b, a in zip(base[rid], adj)]
            s = sum(w)
            shares[rid] = [x / s for x in w]
            for k in range(len(REGIONS)):
                national[k] += heads[rid] * shares[rid][k]
        tot = sum(national)
        adj = [a * t / (n / tot) for a, t, n in zip(adj, REGION_SHARE, national)]
    return shares


# ----------------------------------------------------------------------------------------
# Build
# ----------------------------------------------------------------------------------------
def build_staff():
    role_heads = largest_remainder(TOTAL_HEADCOUNT, [r[6] for r in ROLES])
    rshares = region_weights()
    rows = []
    for role, rtotal in zip(ROLES, role_heads):
        rid, fte, mean_age = role[0], role[3], role[7]
        mix = BAND_MIX[rid]
        msum = float(sum(mix))
        mean_shift = sum(m * s for m, s in zip(mix, BAND_AGE_SHIFT)) / msum
        by_region = largest_remainder(rtotal, rshares[rid])
        for gi, greg in enumerate(REGIONS):
            by_band = largest_remainder(by_region[gi], mix)
            for bi, band in enumerate(BANDS):
                if by_band[bi] == 0:
                    continue
                aw = age_weights(mean_age + BAND_AGE_SHIFT[bi] - mean_shift)
                by_age = largest_remainder(by_band[bi], aw)
                for ai, age in enumerate(AGES):
                    h = by_age[ai]
                    if h == 0:
                        continue
                    cell_fte = min(1.0, fte * AGE_FTE_ADJ[ai])
                    tenths = int(h * cell_fte * 10.0 + 0.5)
                    tenths = min(tenths, 10 * h)
                    rows.append((rid, greg, band, age, h, tenths))
    return rows


def main():
    roles_rows = [(r[0], r[1], r[2], fmt(r[3], 2), fmt(r[4], 4), fmt(r[5], 2)) for r in ROLES]
    n_roles = write_csv("roles.csv",
                        ["role", "name", "family", "fte_ratio", "leaver_rate",
                         "promotion_multiplier"], roles_rows)

    n_bands = write_csv("bands.csv", ["band", "leaver_multiplier", "promotion_rate"],
                        [(b, fmt(m, 2), fmt(p, 4))
                         for b, m, p in zip(BANDS, BAND_LEAVER_MULT, BAND_PROMOTION)])

    hire = largest_remainder(10000, AGE_HIRE_WEIGHT)
    n_ages = write_csv("ages.csv",
                       ["age_band", "leaver_multiplier", "retirement_rate", "hire_share",
                        "pay_position"],
                       [(a, fmt(m, 2), fmt(r, 4), "%d.%04d" % (h // 10000, h % 10000), fmt(p, 2))
                        for a, m, r, h, p in zip(AGES, AGE_LEAVER_MULT, AGE_RETIREMENT, hire,
                                                 AGE_PAY_POSITION)])

    staff = build_staff()
    n_staff = write_csv("staff_in_post_2024.csv",
                        ["role", "region", "band", "age_band", "headcount", "wte"],
                        [(r, g, b, a, h, "%d.%d" % (t // 10, t % 10))
                         for r, g, b, a, h, t in staff])

    # WTE by role x region, for vacancies
    wte_rr = {(r, g): 0 for r in ROLE_IDS for g in REGIONS}
    for r, g, b, a, h, t in staff:
        wte_rr[(r, g)] += t
    vac_w = []
    for r in ROLE_IDS:
        for gi, g in enumerate(REGIONS):
            rate = ROLE_VACANCY_RATE[r] * REGION_VACANCY_MULT[gi]
            vac_w.append(wte_rr[(r, g)] / 10.0 * rate / (1.0 - rate))
    vac = largest_remainder(TOTAL_VACANCY_TENTHS, vac_w)
    vac_rows = []
    i = 0
    for r in ROLE_IDS:
        for g in REGIONS:
            vac_rows.append((r, g, "%d.%d" % (vac[i] // 10, vac[i] % 10)))
            i += 1
    n_vac = write_csv("vacancies_2024.csv", ["role", "region", "vacancies_wte"], vac_rows)

    pay_rows = [(b, i + 1, p) for b in BANDS for i, p in enumerate(AFC_2024_25[b])]
    n_pay = write_csv("afc_pay_2024_25.csv", ["band", "point", "salary"], pay_rows)

    # market salaries: England median x (1 + London premium x regional pay position),
    # positions centred on the workforce-weighted mean so England = base, London = +premium
    pos_mean = sum(s * p for s, p in zip(REGION_SHARE, REGION_PAY_POSITION))
    pos = [(p - pos_mean) / (1.0 - pos_mean) for p in REGION_PAY_POSITION]
    mkt_rows = []
    for r in ROLE_IDS:
        base, prem = MARKET_PAY[r]
        for gi, g in enumerate(REGIONS):
            sal = base * (1.0 + prem * pos[gi])
            mkt_rows.append((r, g, int(sal / 100.0 + 0.5) * 100))
    n_mkt = write_csv("market_salaries.csv", ["role", "region", "median_salary"], mkt_rows)

    n_col = write_csv("cost_of_living.csv", ["region", "index"],
                      [(g, fmt(c, 2)) for g, c in zip(REGIONS, COST_OF_LIVING)])

    # labour pool: people doing the job in the region's whole labour market (NHS staff in
    # post x a family multiple), and the share of them who change jobs in a year
    heads_rr = {(r, g): 0 for r in ROLE_IDS for g in REGIONS}
    for r, g, b, a, h, t in staff:
        heads_rr[(r, g)] += h
    family = {r[0]: r[2] for r in ROLES}
    pool_rows = []
    for r in ROLE_IDS:
        multiple, mobility = MARKET_MULTIPLE[family[r]]
        for gi, g in enumerate(REGIONS):
            size = heads_rr[(r, g)] * multiple * MARKET_REGION_MULT[gi]
            pool_rows.append((r, g, int(size + 0.5), fmt(mobility, 3)))
    n_pool = write_csv("labour_pool_2024.csv", ["role", "region", "market_size", "mobility"],
                       pool_rows)

    # ---------------------------------------------------------------- calibration check
    role_leave = {r[0]: r[4] for r in ROLES}
    heads = sum(s[4] for s in staff)
    wte = sum(s[5] for s in staff) / 10.0
    vac_total = sum(vac) / 10.0
    leave = 0.0
    retire = 0.0
    paybill = 0.0
    age_sum = 0.0
    da = 0
    by_region = [0] * len(REGIONS)
    for r, g, b, a, h, t in staff:
        bi, ai = BANDS.index(b), AGES.index(a)
        p_ret = AGE_RETIREMENT[ai]
        p_all = min(1.0, role_leave[r] * BAND_LEAVER_MULT[bi] * AGE_LEAVER_MULT[ai] + p_ret)
        leave += h * p_all
        retire += h * p_ret
        paybill += t / 10.0 * mid_pay(b)
        age_sum += h * AGE_MID[ai]
        if r in ("data_analyst", "data_scientist", "data_engineer"):
            da += h
        by_region[REGIONS.index(g)] += h
    col_mean = sum(c * n for c, n in zip(COST_OF_LIVING, by_region)) / heads
    print("wfcast synthetic baseline 2024 - calibration check")
    print("  headcount                     %d  (target 50,000)" % heads)
    print("  WTE                           %.1f  (HEE 2020: 46,009; range 41k-53k)" % wte)
    print("  vacancies                     %.1f WTE, rate %.1f%% of WTE+vacancies"
          "  (HEE/NHS Digital: ~3,500, ~7%%)" % (vac_total, 100.0 * vac_total / (wte + vac_total)))
    print("  all-cause leaving             %.1f%% per year, of which retirement %.1f%%"
          "  (proxy 8-11%%)" % (100.0 * leave / heads, 100.0 * retire / heads))
    print("  data & analytics headcount    %d  (Goldacre/HEE: ~10,000)" % da)
    print("  basic pay bill 2024/25        GBP %.2fbn, GBP %d per WTE  (HEE 2020: GBP 2.05bn"
          " for 46,009 WTE)" % (paybill / 1e9, int(paybill / wte + 0.5)))
    print("  mean age                      %.1f" % (age_sum / heads))
    print("  region shares                 " + " ".join(
        "%s %.1f%%" % (g, 100.0 * n / heads) for g, n in zip(REGIONS, by_region)))
    print("  cost of living, weighted mean %.3f" % col_mean)
    pool = sum(int(size) * float(mob) for _, _, size, mob in pool_rows)
    print("  labour pool                   %d job movers a year in the wider market, %.1f per"
          " NHS vacancy" % (int(pool + 0.5), pool / vac_total))
    print("files: roles.csv %d, bands.csv %d, ages.csv %d, staff_in_post_2024.csv %d, "
          "vacancies_2024.csv %d, afc_pay_2024_25.csv %d, market_salaries.csv %d, "
          "cost_of_living.csv %d, labour_pool_2024.csv %d rows"
          % (n_roles, n_bands, n_ages, n_staff, n_vac, n_pay, n_mkt, n_col, n_pool))


if __name__ == "__main__":
    main()
