"""Reads report.html or compare.html the way a person does, in a real headless Chromium, and
checks the explore view against the CSV files written beside the page: the headline cells
for England and all roles at load, then for a region picked with the mouse's select and a
role picked with the keyboard; the fan chart's title; the gap bars, one per role in the
order of the CSV means; the shareable URL hash; no horizontal scroll on a phone; and no
errors in the browser's console.

    python3 tests/readers/browser.py report OUT/data-driven [--screenshots DIR]
    python3 tests/readers/browser.py compare OUT/compare [--screenshots DIR]

Exits 0 when every check passed, 1 on a mismatch (printing the place, role, metric, and
what was shown against what was expected), and 77 (skip) when selenium, Chromium or
chromedriver is missing.
"""

import argparse
import csv
import math
import os
import pathlib
import re
import shutil
import sys
import tempfile
import time

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
MINUS = "\u2212"
DASH = "\u2013"
METRICS = ["headcount", "wte", "demand_wte", "gap_wte", "vacancy_rate", "pay_cost"]
KIND = {m: "count" for m in METRICS[:4]} | {"vacancy_rate": "rate", "pay_cost": "gbp"}


class Mismatch(Exception):
    pass


# ---- the page's number formats (crates/wfcast-report/src/format.rs), in Python ----
# Python's fixed-point formatting rounds the exact binary value half to even, as Rust's does.


def thousands(x, d):
    text = f"{abs(x):,.{d}f}"
    return MINUS + text if x < 0 and re.search("[1-9]", text) else text


def signed(t):
    return t if t.startswith(MINUS) or not re.search("[1-9]", t) else "+" + t


def pounds(t):
    return MINUS + "£" + t[1:] if t.startswith(MINUS) else "£" + t


def formatted(x, kind, diff=False):
    if x is None:
        return DASH
    if kind == "prob":
        return thousands(x * 100, 0) + "%"
    if kind == "rate":
        return signed(thousands(x * 100, 1)) + " pp" if diff else thousands(x * 100, 1) + "%"
    if kind == "gbp":
        t = thousands(x / 1e6, 1)
        if not diff:
            return pounds(t) + "m"
        s = signed(t)
        return ("+£" + s[1:] if s.startswith("+") else pounds(s)) + "m"
    return signed(thousands(x, 0)) if diff else thousands(x, 0)


def parse(text, kind):
    """The number a cell shows and half its display unit, or (None, 0) for a dash."""
    t = text.strip()
    if t == DASH:
        return None, 0
    t = t.replace(MINUS, "-").replace(",", "").replace("£", "").replace("+", "")
    scale, half = 1.0, 0.5
    if kind == "gbp":
        t, scale, half = t.removesuffix("m"), 1e6, 0.05e6
    elif kind in ("rate", "prob"):
        t = t.removesuffix("%").removesuffix(" pp")
        scale, half = 0.01, (0.0005 if kind == "rate" else 0.005)
    return float(t) * scale, half


def number(cell):
    return None if cell is None or cell.strip() == "" else float(cell)


# ---- what the CSV files say ----


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def index(rows):
    """(place, role, metric, year) -> row, read by column name."""
    return {(r["region"], r["role"], r["metric"], int(r["year"])): r for r in rows}


def expected_cells(mode, rows, place, role, base, last):
    """metric -> [(data-col, value, kind, diff?)] for the headline table."""
    out = {}
    for m in METRICS:
        if mode == "report":
            b, h = rows.get((place, role, m, base)), rows.get((place, role, m, last))
            cells = [("base", number(b["mean"]) if b else None, KIND[m], False)]
            cells += [(c, number(h[col]) if h else None, KIND[m], False)
                      for c, col in (("mean", "mean"), ("p10", "p10"), ("p90", "p90"))]
        else:
            h = rows.get((place, role, m, last))
            get = lambda col: number(h[col]) if h else None  # noqa: E731
            cells = [("a", get("mean_a"), KIND[m], False), ("b", get("mean_b"), KIND[m], False),
                     ("diff", get("diff_mean"), KIND[m], True), ("diff_p10", get("diff_p10"), KIND[m], True),
                     ("diff_p90", get("diff_p90"), KIND[m], True), ("p_greater", get("p_b_greater"), "prob", False)]
        if any(c[1] is not None for c in cells):
            out[m] = cells
    return out


# ---- checks in the browser ----


def check_headline(driver, mode, rows, place, role, base, last, By):
    want = expected_cells(mode, rows, place, role, base, last)
    shown = driver.find_elements(By.CSS_SELECTOR, "#explore-headline tbody tr[data-metric]")
    got = [tr.get_attribute("data-metric") for tr in shown]
    if got != list(want):
        raise Mismatch(f"{place}/{role}: headline rows {got}, expected {list(want)}")
    n = 0
    for tr in shown:
        metric = tr.get_attribute("data-metric")
        for col, value, kind, diff in want[metric]:
            text = tr.find_element(By.CSS_SELECTOR, f'td[data-col="{col}"]').text
            x, half = parse(text, kind)
            where = f"{place}/{role}/{metric}/{col}"
            if (x is None) != (value is None) or (
                    x is not None and abs(x - value) > half * (1 + 1e-9) + 1e-9 * abs(value)):
                raise Mismatch(f"{where}: shown {text!r}, expected {value!r} ({formatted(value, kind, diff)!r})")
            if text != formatted(value, kind, diff):
                raise Mismatch(f"{where}: shown {text!r}, expected the format {formatted(value, kind, diff)!r}")
            n += 1
    print(f"  headline {place}/{role}: {len(shown)} rows, {n} cells match the CSV")


def check_gap_bars(driver, mode, rows, place, role, roles, last, By):
    bars = driver.find_elements(By.CSS_SELECTOR, "#explore-gap g.bar")
    got = [b.get_attribute("data-role") for b in bars]
    col = "mean" if mode == "report" else "diff_mean"
    means = {}
    for rid in roles:
        r = rows.get((place, rid, "gap_wte", last))
        if r is not None and number(r[col]) is not None:
            means[rid] = number(r[col])
    if sorted(got) != sorted(means):
        raise Mismatch(f"{place}/{role}: gap bars for {sorted(got)}, expected one per role {sorted(means)}")
    shown = [means[r] for r in got]
    if any(a < b for a, b in zip(shown, shown[1:])):
        raise Mismatch(f"{place}/{role}: gap bars in the order {got}, not largest mean first: {shown}")
    selected = [b.get_attribute("data-role") for b in bars if "selected" in b.get_attribute("class").split()]
    if selected != ([role] if role in means else []):
        raise Mismatch(f"{place}/{role}: highlighted bars {selected}, expected {role}")
    mark = f"{role} highlighted" if selected else "none highlighted"
    print(f"  gap bars {place}: {len(bars)} roles, largest {col} first ({got[0]} {shown[0]:.1f}), {mark}")


def check_view(driver, mode, rows, place, role, names, roles, base, last, By):
    check_headline(driver, mode, rows, place, role, base, last, By)
    title = driver.find_element(By.CSS_SELECTOR, "#explore-fan > title").get_attribute("textContent")
    label = driver.find_element(By.ID, "explore-fan").get_attribute("aria-label")
    if names[place] not in title or label != title:
        raise Mismatch(f"{place}/{role}: fan chart title {title!r} (aria-label {label!r}) does not name {names[place]!r}")
    print(f"  fan chart title: {title}")
    check_gap_bars(driver, mode, rows, place, role, roles, last, By)
    caption = driver.find_element(By.ID, "explore-caption").text
    if not caption.startswith(names[place] + ","):
        raise Mismatch(f"{place}/{role}: caption {caption!r} does not start with {names[place]!r}")


def check_no_scroll(driver, width):
    driver.set_window_size(width, 900)
    inner, scroll = driver.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]")
    if scroll > inner:
        raise Mismatch(f"at {inner} px wide the page scrolls sideways ({scroll} px of content)")
    print(f"  {inner} px wide: no horizontal page scroll")
    if width >= 1280:
        # on a desktop screen every table is seen whole, without its own scrollbar
        hidden = driver.execute_script(
            "return [...document.querySelectorAll('.table-wrap')]"
            ".filter(w => w.scrollWidth > w.clientWidth + 1)"
            ".map(w => (w.querySelector('caption') || w).textContent.slice(0, 60))")
        if hidden:
            raise Mismatch(f"at {inner} px wide these tables scroll sideways: {hidden}")
        print(f"  {inner} px wide: every table fits")


def screenshot(driver, folder, name, width):
    driver.set_window_size(width, 900)
    time.sleep(0.5)  # the view redraws its charts to the new width after a resize settles
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height + 140, 8000))
    time.sleep(0.3)
    path = os.path.join(folder, f"{name}-{width}.png")
    driver.find_element("id", "explore").screenshot(path)
    print(f"  screenshot {path}")


def run(mode, folder, shots):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    page = pathlib.Path(folder, f"{mode}.html").resolve()
    rows = index(read_csv(pathlib.Path(folder, "summary.csv" if mode == "report" else "compare.csv")))
    years = sorted({k[3] for k in rows})
    base, last = years[0], years[-1]
    profile = tempfile.mkdtemp(prefix="wfcast-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,900"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        driver.get(page.as_uri())
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#explore-headline tbody tr"))
        print(f"{page}: explore view drawn")
        place_sel = Select(driver.find_element(By.ID, "explore-place"))
        role_el = driver.find_element(By.ID, "explore-role")
        names = {o.get_attribute("value"): o.text for o in place_sel.options}
        role_ids = [o.get_attribute("value") for o in Select(role_el).options]
        roles = [r for r in role_ids if r != "ALL"]
        first_place = place_sel.options[0].get_attribute("value")
        print(f"  {len(names)} places, {len(roles)} roles, years {base} to {last}")

        # at load: the first place (England when the run has it) and all roles
        check_view(driver, mode, rows, first_place, "ALL", names, roles, base, last, By)

        # a region picked from the select
        place = "london" if "london" in names else list(names)[-1]
        place_sel.select_by_value(place)
        check_view(driver, mode, rows, place, "ALL", names, roles, base, last, By)

        # a role picked with the keyboard: focus the select and press the down arrow
        role = "data_engineer" if "data_engineer" in roles else roles[len(roles) // 2]
        driver.execute_script("arguments[0].focus()", role_el)
        for _ in range(role_ids.index(role) - role_ids.index(role_el.get_attribute("value"))):
            role_el.send_keys(Keys.ARROW_DOWN)
        if role_el.get_attribute("value") != role:
            raise Mismatch(f"the keyboard moved the role select to {role_el.get_attribute('value')!r}, not {role!r}")
        check_view(driver, mode, rows, place, role, names, roles, base, last, By)

        want = f"#place={place}&role={role}"
        got = driver.execute_script("return location.hash")
        if got != want:
            raise Mismatch(f"URL hash {got!r}, expected {want!r}")
        print(f"  URL hash {got}")

        # a shared link opens on its view
        other = next((p for p in names if p not in (place, first_place)), place)
        driver.get(page.as_uri() + f"#place={other}&role={roles[0]}")
        driver.refresh()
        WebDriverWait(driver, 10).until(
            lambda d: d.find_element(By.ID, "explore-place").get_attribute("value") == other)
        check_view(driver, mode, rows, other, roles[0], names, roles, base, last, By)
        print(f"  a link to #place={other}&role={roles[0]} opens on that view")

        for width in (390, 1280):
            check_no_scroll(driver, width)
        if shots:
            os.makedirs(shots, exist_ok=True)
            driver.get(page.as_uri() + f"#place={place}&role={role}")
            driver.refresh()
            for width in (1280, 390):
                screenshot(driver, shots, mode, width)

        severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        if severe:
            raise Mismatch(f"browser console errors: {severe}")
        print("  no errors in the browser console")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["report", "compare"])
    ap.add_argument("folder")
    ap.add_argument("--screenshots", metavar="DIR")
    args = ap.parse_args()
    try:
        import selenium  # noqa: F401
    except ImportError as e:
        print(f"skip: selenium cannot be imported ({e})")
        return 77
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            print(f"skip: {path} is missing")
            return 77
    try:
        run(args.mode, args.folder, args.screenshots)
    except Mismatch as e:
        print(f"FAIL: {e}")
        return 1
    print(f"{args.mode}: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
