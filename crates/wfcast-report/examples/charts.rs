//! Renders every chart from a real 200-draw run of the shipped "data-driven" scenario to
//! /tmp/charts/ (SVG and PNG), so a person can look at them:
//! `cargo run -p wfcast-report --example charts [DIR]`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // an example may stop on a broken install

use wfcast_core::scenario::load_shipped;
use wfcast_core::summary::{RegionFilter, summarise};
use wfcast_core::taxonomy::ALL;
use wfcast_core::{Baseline, Method, run};
use wfcast_report::charts::{
    Chart, FanChart, RangeBars, Series, SmallMultiples, Tornado, region_panels,
};

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/charts".to_owned());
    std::fs::create_dir_all(&out).unwrap();
    let b = Baseline::embedded().unwrap();
    let mut s = load_shipped("data-driven.toml", &b).unwrap();
    s.draws = 200;
    let p = run(&s, &b, Method::MonteCarlo, &|| {});
    let rows = summarise(&p, RegionFilter::All);
    let subtitle = format!("Scenario {}, {} draws, seed {}", s.name, s.draws, s.seed);
    let last = *p.years.last().unwrap();

    let national = FanChart {
        title: "England: staff in post vs funded establishment".into(),
        subtitle: subtitle.clone(),
        y_label: "WTE".into(),
        series: vec![
            Series::from_summary("Staff in post", &rows, ALL, ALL, "wte"),
            Series::from_summary("Establishment (demand)", &rows, ALL, ALL, "demand_wte"),
        ],
        zero_line: false,
    };
    let gap = FanChart {
        title: "England: gap (establishment minus staff in post)".into(),
        subtitle: subtitle.clone(),
        y_label: "Gap (WTE)".into(),
        series: vec![Series::from_summary("Gap", &rows, ALL, ALL, "gap_wte")],
        zero_line: true,
    };
    let regions = SmallMultiples {
        title: "Staff in post vs establishment by region".into(),
        subtitle: subtitle.clone(),
        y_label: "WTE".into(),
        panels: region_panels(
            &rows,
            &[
                ("Staff in post", "wte"),
                ("Establishment (demand)", "demand_wte"),
            ],
        ),
        zero_line: false,
    };
    let by_role = RangeBars {
        title: format!("Gap by role in {last}"),
        subtitle: subtitle.clone(),
        x_label: "Gap (WTE): establishment minus staff in post".into(),
        bars: b
            .roles
            .iter()
            .filter_map(|r| {
                rows.iter()
                    .find(|x| {
                        x.year == last && x.region == ALL && x.role == r.id && x.metric == "gap_wte"
                    })
                    .map(|x| (r.name.clone(), x.stats))
            })
            .collect(),
    };
    let tornado = Tornado {
        title: format!("What drives the uncertainty of the {last} gap"),
        subtitle: subtitle.clone(),
        x_label: "Rank correlation with the national gap across draws".into(),
        outcome: format!("{last} gap"),
        bars: rank_correlations(&p),
    };
    let charts: Vec<(&str, Chart)> = vec![
        ("national", national.into()),
        ("gap", gap.into()),
        ("regions", regions.into()),
        ("gap_by_role", by_role.into()),
        ("sensitivity", tornado.into()),
    ];
    for (name, chart) in &charts {
        std::fs::write(format!("{out}/{name}.svg"), chart.svg().unwrap()).unwrap();
        std::fs::write(format!("{out}/{name}.png"), chart.png().unwrap()).unwrap();
        println!("{out}/{name}.svg and .png");
    }
}

/// Spearman correlation of each sampled parameter with the national gap in the last year:
/// a simple stand-in for the sensitivity analysis, enough to draw a realistic tornado.
fn rank_correlations(p: &wfcast_core::Projection) -> Vec<(String, f64)> {
    let draws = p.draws as usize;
    let y = p.years.len() - 1;
    let (wte, demand) = (
        p.metric_index("wte").unwrap(),
        p.metric_index("demand_wte").unwrap(),
    );
    let gap: Vec<f64> = (0..draws)
        .map(|d| {
            (0..p.n_role_regions())
                .map(|rr| p.value(d, y, rr, demand) - p.value(d, y, rr, wte))
                .sum()
        })
        .collect();
    let k = p.parameter_names.len();
    p.parameter_names
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let x: Vec<f64> = (0..draws).map(|d| p.sampled[d * k + j]).collect();
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
