//! Renders every chart and both HTML pages from real 200-draw runs of the shipped
//! "data-driven" and "investment-stalls" scenarios into /tmp/charts/ (or the folder given),
//! so a person can look at them: `cargo run -p wfcast-report --example charts [DIR]`.
//!
//! The sensitivity (rank correlation) and the paired difference computed here are simple
//! stand-ins for the real analyses, enough to draw realistic charts.

#![allow(clippy::unwrap_used, clippy::expect_used)] // an example may stop on a broken install

use wfcast_core::summary::{RegionFilter, Stats, SummaryRow, summarise};
use wfcast_core::taxonomy::ALL;
use wfcast_core::{Baseline, Method, Projection, Scenario, run};
use wfcast_report::charts::{
    Chart, FanChart, Panel, RangeBars, Series, SmallMultiples, Tornado, region_panels,
};
use wfcast_report::format::NumberFormat;
use wfcast_report::html::{Cell, Page, Section, Table};

const DRAWS: u64 = 200;

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/charts".to_owned());
    std::fs::create_dir_all(&out).unwrap();
    let b = Baseline::embedded().unwrap();
    let load = |name: &str| {
        let mut s = wfcast_core::scenario::load_shipped(name, &b).unwrap();
        s.draws = DRAWS;
        s
    };
    let (sa, sb) = (load("data-driven.toml"), load("investment-stalls.toml"));
    let (pa, pb) = (
        run(&sa, &b, Method::MonteCarlo, &|| {}),
        run(&sb, &b, Method::MonteCarlo, &|| {}),
    );
    let (ra, rb) = (
        summarise(&pa, RegionFilter::All),
        summarise(&pb, RegionFilter::All),
    );
    let last = *pa.years.last().unwrap();
    let subtitle =
        |s: &Scenario| format!("Scenario {}, {} draws, seed {}", s.name, s.draws, s.seed);

    let national = |s: &Scenario, rows: &[SummaryRow]| FanChart {
        title: format!("England: staff in post vs establishment ({})", s.name),
        subtitle: subtitle(s),
        y_label: "WTE".into(),
        series: vec![
            Series::from_summary("Staff in post", rows, ALL, ALL, "wte"),
            Series::from_summary("Establishment (demand)", rows, ALL, ALL, "demand_wte"),
        ],
        zero_line: false,
    };
    let gap = FanChart {
        title: "England: gap (establishment minus staff in post)".into(),
        subtitle: subtitle(&sa),
        y_label: "Gap (WTE)".into(),
        series: vec![Series::from_summary("Gap", &ra, ALL, ALL, "gap_wte")],
        zero_line: true,
    };
    let regions = SmallMultiples {
        title: "Staff in post vs establishment by region".into(),
        subtitle: subtitle(&sa),
        y_label: "WTE".into(),
        panels: region_panels(
            &ra,
            &[
                ("Staff in post", "wte"),
                ("Establishment (demand)", "demand_wte"),
            ],
        ),
        zero_line: false,
        shared_scale: false,
    };
    let fan_panel = |s: &Scenario, rows: &[SummaryRow], tag: &str| Panel {
        title: format!("{tag}: {}", s.name),
        series: vec![
            Series::from_summary("Staff in post", rows, ALL, ALL, "wte"),
            Series::from_summary("Establishment (demand)", rows, ALL, ALL, "demand_wte"),
        ],
    };
    let side_by_side = SmallMultiples {
        title: "England: staff in post vs establishment, A and B".into(),
        subtitle: format!("{DRAWS} draws each, seed {}", sa.seed),
        y_label: "WTE".into(),
        panels: vec![fan_panel(&sa, &ra, "A"), fan_panel(&sb, &rb, "B")],
        zero_line: false,
        shared_scale: true,
    };
    let gap_by_role = |s: &Scenario, rows: &[SummaryRow]| RangeBars {
        title: format!("Gap by role in {last} ({})", s.name),
        subtitle: subtitle(s),
        x_label: "Gap (WTE): establishment minus staff in post".into(),
        bars: b
            .roles
            .iter()
            .filter_map(|r| find(rows, last, &r.id, ALL, "gap_wte").map(|st| (r.name.clone(), st)))
            .collect(),
    };
    let by_role = gap_by_role(&sa, &ra);
    let tornado = Tornado {
        title: format!("What drives the uncertainty of the {last} gap"),
        subtitle: subtitle(&sa),
        x_label: "Rank correlation with the national gap across draws".into(),
        outcome: format!("{last} gap"),
        bars: rank_correlations(&pa),
    };
    let difference = FanChart {
        title: format!("Difference {} minus {}", sb.name, sa.name),
        subtitle: format!("Paired draws (common random numbers), {DRAWS} draws"),
        y_label: "Difference (WTE)".into(),
        series: vec![
            Series::new("Staff in post, B − A", paired(&pa, &pb, "wte")),
            Series::new("Establishment, B − A", paired(&pa, &pb, "demand_wte")),
        ],
        zero_line: true,
    };
    let charts: Vec<(&str, Chart)> = vec![
        ("national", national(&sa, &ra).into()),
        ("side_by_side", side_by_side.into()),
        ("gap", gap.into()),
        ("regions", regions.into()),
        ("gap_by_role", by_role.clone().into()),
        ("gap_by_role_b", gap_by_role(&sb, &rb).into()),
        (
            "difference_by_role",
            RangeBars {
                title: format!("Gap in {last}: {} minus {}, by role", sb.name, sa.name),
                subtitle: format!("Paired draws, {DRAWS} draws"),
                x_label: "Difference in gap (WTE), B − A".into(),
                bars: b
                    .roles
                    .iter()
                    .enumerate()
                    .map(|(r, role)| (role.name.clone(), paired_role_gap(&pa, &pb, r)))
                    .collect(),
            }
            .into(),
        ),
        ("sensitivity", tornado.into()),
        ("difference", difference.into()),
    ];
    let mut svg = std::collections::HashMap::new();
    for (name, chart) in &charts {
        let t0 = std::time::Instant::now();
        let s = chart.svg().unwrap();
        let t1 = std::time::Instant::now();
        let png = chart.png().unwrap();
        let t2 = std::time::Instant::now();
        std::fs::write(format!("{out}/{name}.svg"), &s).unwrap();
        std::fs::write(format!("{out}/{name}.png"), png).unwrap();
        println!(
            "{out}/{name}.svg ({:.1} ms) and .png ({:.1} ms)",
            (t1 - t0).as_secs_f64() * 1e3,
            (t2 - t1).as_secs_f64() * 1e3
        );
        svg.insert(*name, s);
    }

    // report.html
    let base = pa.years[0];
    let mut headline = Table::new([
        "".to_owned(),
        format!("{base}"),
        format!("{last} median"),
        "P10".to_owned(),
        "P90".to_owned(),
    ]);
    for (label, metric, f) in [
        ("Staff in post (WTE)", "wte", NumberFormat::Count),
        ("Establishment (WTE)", "demand_wte", NumberFormat::Count),
        ("Gap (WTE)", "gap_wte", NumberFormat::Count),
        ("Vacancy rate", "vacancy_rate", NumberFormat::Percent(1)),
        ("Pay cost", "pay_cost", NumberFormat::GbpMillions),
    ] {
        let (Some(now), Some(then)) = (
            find(&ra, base, ALL, ALL, metric),
            find(&ra, last, ALL, ALL, metric),
        ) else {
            continue;
        };
        headline.push_row([
            Cell::text(label),
            Cell::num(now.q[3], f),
            Cell::num(then.q[3], f),
            Cell::num(then.q[1], f),
            Cell::num(then.q[5], f),
        ]);
    }
    let mut roles = Table::new(["Role", "Mean gap (WTE)", "P10", "P90"]);
    let mut sorted = by_role.bars.clone();
    sorted.sort_by(|a, b| b.1.mean.total_cmp(&a.1.mean));
    for (name, st) in &sorted {
        roles.push_row([
            Cell::text(name),
            Cell::num(st.mean, NumberFormat::Count),
            Cell::num(st.q[1], NumberFormat::Count),
            Cell::num(st.q[5], NumberFormat::Count),
        ]);
    }
    let stamp = wfcast_report::provenance::timestamp(std::time::SystemTime::now());
    let report = Page::new(format!("Workforce forecast: {}", sa.name))
        .intro(sa.description.clone())
        .meta("Scenario", &sa.name)
        .meta("Seed", sa.seed.to_string())
        .meta("Draws", DRAWS.to_string())
        .meta("Method", "monte-carlo")
        .meta("wfcast", env!("CARGO_PKG_VERSION"))
        .meta("Run", stamp.clone())
        .headline(headline.caption(format!("England, all roles: {base} and {last}")))
        .section(
            Section::new(
                "Supply and demand",
                "Staff in post against the funded establishment. Lines are medians across draws; \
                 the darker band holds the middle half of draws, the lighter band 8 draws in 10.",
            )
            .figure(
                &svg["national"],
                "England: staff in post vs establishment, WTE",
            )
            .figure(&svg["gap"], "England: gap, WTE"),
        )
        .section(
            Section::new("Regions", "The same picture for each NHS England region.")
                .figure(&svg["regions"], "Staff in post vs establishment by region"),
        )
        .section(
            Section::new(
                format!("Gap by role in {last}"),
                "Bars show the mean gap across draws, whiskers the P10 to P90 range.",
            )
            .figure(&svg["gap_by_role"], format!("Gap by role in {last}, WTE"))
            .table(roles),
        )
        .section(
            Section::new(
                "What drives the uncertainty",
                "Uncertain inputs ranked by how strongly they move the national gap across draws.",
            )
            .figure(
                &svg["sensitivity"],
                "Influence of each uncertain input on the gap",
            ),
        )
        .render();
    std::fs::write(format!("{out}/report.html"), report).unwrap();

    // compare.html
    let mut diffs = Table::new([
        "Metric (England)",
        "A: mean",
        "B: mean",
        "B − A: median",
        "P(B > A)",
    ]);
    for (label, metric) in [
        ("Staff in post (WTE)", "wte"),
        ("Establishment (WTE)", "demand_wte"),
        ("Gap (WTE)", "gap_wte"),
    ] {
        let d = paired(&pa, &pb, metric);
        let (_, st) = d.last().unwrap();
        let p = share_greater(&pa, &pb, metric);
        diffs.push_row([
            Cell::text(label),
            Cell::num(
                find(&ra, last, ALL, ALL, metric).unwrap().mean,
                NumberFormat::Count,
            ),
            Cell::num(
                find(&rb, last, ALL, ALL, metric).unwrap().mean,
                NumberFormat::Count,
            ),
            Cell::num_note(
                st.q[3],
                NumberFormat::SignedCount,
                format!(
                    "({} to {})",
                    wfcast_report::format::format(st.q[1], NumberFormat::SignedCount),
                    wfcast_report::format::format(st.q[5], NumberFormat::SignedCount)
                ),
            ),
            Cell::num(p, NumberFormat::Percent(0)),
        ]);
    }
    let compare = Page::new(format!("{} vs {}", sa.name, sb.name))
        .intro(format!("A: {} B: {}", sa.description, sb.description))
        .meta("A", &sa.name)
        .meta("B", &sb.name)
        .meta("Seed", sa.seed.to_string())
        .meta("Draws", DRAWS.to_string())
        .meta("Method", "monte-carlo, common random numbers")
        .meta("wfcast", env!("CARGO_PKG_VERSION"))
        .meta("Run", stamp)
        .headline(diffs.caption(format!("{last}: B − A with its P10 to P90 range")))
        .section(
            Section::new("Side by side", "Each scenario's supply and demand, on one scale.")
                .figure(&svg["side_by_side"], ""),
        )
        .section(
            Section::new(
                "Difference",
                "B minus A, draw by draw. Where the band clears zero, the futures differ whatever the uncertainty.",
            )
            .figure(&svg["difference"], "Difference B − A, WTE"),
        )
        .render();
    std::fs::write(format!("{out}/compare.html"), compare).unwrap();
    println!("{out}/report.html and compare.html");
}

fn find(rows: &[SummaryRow], year: i32, role: &str, region: &str, metric: &str) -> Option<Stats> {
    rows.iter()
        .find(|r| r.year == year && r.role == role && r.region == region && r.metric == metric)
        .map(|r| r.stats)
}

/// A national metric of every draw in year index `y`.
fn national(p: &Projection, y: usize, metric: &str) -> Vec<f64> {
    let gap = metric == "gap_wte";
    let m = p.metric_index(if gap { "wte" } else { metric }).unwrap();
    let d_m = p.metric_index("demand_wte").unwrap();
    (0..p.draws as usize)
        .map(|d| {
            (0..p.n_role_regions())
                .map(|rr| {
                    if gap {
                        p.value(d, y, rr, d_m) - p.value(d, y, rr, m)
                    } else {
                        p.value(d, y, rr, m)
                    }
                })
                .sum()
        })
        .collect()
}

/// Per year, the distribution of B − A draw by draw.
fn paired(a: &Projection, b: &Projection, metric: &str) -> Vec<(i32, Stats)> {
    (0..a.years.len())
        .map(|y| {
            let (va, vb) = (national(a, y, metric), national(b, y, metric));
            let mut d: Vec<f64> = vb.iter().zip(&va).map(|(x, y)| x - y).collect();
            (a.years[y], Stats::of(&mut d))
        })
        .collect()
}

/// The distribution of B − A in one role's national gap in the last year.
fn paired_role_gap(a: &Projection, b: &Projection, role: usize) -> Stats {
    let y = a.years.len() - 1;
    let gap = |p: &Projection, d: usize| -> f64 {
        let (w, dm) = (
            p.metric_index("wte").unwrap(),
            p.metric_index("demand_wte").unwrap(),
        );
        (0..wfcast_core::taxonomy::N_REGIONS)
            .map(|g| {
                let rr = role * wfcast_core::taxonomy::N_REGIONS + g;
                p.value(d, y, rr, dm) - p.value(d, y, rr, w)
            })
            .sum()
    };
    let mut d: Vec<f64> = (0..a.draws as usize)
        .map(|d| gap(b, d) - gap(a, d))
        .collect();
    Stats::of(&mut d)
}

fn share_greater(a: &Projection, b: &Projection, metric: &str) -> f64 {
    let y = a.years.len() - 1;
    let (va, vb) = (national(a, y, metric), national(b, y, metric));
    vb.iter().zip(&va).filter(|(x, y)| x > y).count() as f64 / va.len() as f64
}

/// Spearman correlation of each sampled parameter with the national gap in the last year.
fn rank_correlations(p: &Projection) -> Vec<(String, f64)> {
    let gap = national(p, p.years.len() - 1, "gap_wte");
    let k = p.parameter_names.len();
    p.parameter_names
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let x: Vec<f64> = (0..p.draws as usize)
                .map(|d| p.sampled[d * k + j])
                .collect();
            (name.clone(), pearson(&ranks(&x), &ranks(&gap)))
        })
        .collect()
}

fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    for (rank, i) in idx.into_iter().enumerate() {
        r[i] = rank as f64;
    }
    r
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    if va > 0.0 && vb > 0.0 {
        cov / (va * vb).sqrt()
    } else {
        0.0
    }
}
