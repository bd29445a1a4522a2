//! A geography from the data: the shipped example folder splits England's regions into its
//! 42 integrated care boards. Every coarser place must be the sum of the places under it in
//! every draw, an entry given for a region must reach its ICBs and only them, and the split
//! must keep every region's staff.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::path::Path;

use wfcast_core::analysis::{Group, RegionFilter, columns, summarise};
use wfcast_core::model::Metric;
use wfcast_core::scenario::load_shipped;
use wfcast_core::{Baseline, Measure, Method, Projection, Scenario, run};

fn icb_data() -> Baseline {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/icb-data");
    Baseline::from_dir(&dir).unwrap()
}

fn mean(p: &Projection, year: usize, place: &str, metric: Metric) -> f64 {
    let node = p.geography.node_of_label(place).unwrap();
    let group = Group {
        year,
        role: None,
        place: node,
    };
    let column = columns(p, group)
        .into_iter()
        .find(|c| c.metric == Measure::Metric(metric))
        .unwrap();
    column.values.iter().sum::<f64>() / column.values.len() as f64
}

#[test]
fn the_icb_example_is_england_over_its_regions_over_42_icbs() {
    let b = icb_data();
    let g = &b.geography;
    assert_eq!(g.n_places(), 42);
    assert_eq!(g.finest_level(), "icb");
    let regions = g.children(0);
    assert_eq!(regions.len(), 7);
    let icbs: usize = regions.iter().map(|&r| g.children(r).len()).sum();
    assert_eq!(icbs, 42, "every ICB sits under a region");
    // the split keeps each region's headcount: the base year is the data as read
    let shipped = Baseline::embedded().unwrap();
    let s = load_shipped("data-driven.toml", &shipped).unwrap();
    let base = run(&s, &shipped, Method::Expected, &|| {});
    let s = load_shipped("data-driven.toml", &b).unwrap();
    let split = run(&s, &b, Method::Expected, &|| {});
    for place in ["ALL", "london", "midlands", "north_west"] {
        assert_eq!(
            mean(&base, 0, place, Metric::Headcount),
            mean(&split, 0, place, Metric::Headcount),
            "{place}"
        );
    }
}

/// England is the sum of its regions and each region of its ICBs, draw by draw, for every
/// additive metric and the gap; checked on the first projected year and the horizon.
#[test]
fn every_coarser_place_is_the_sum_of_the_places_under_it_in_every_draw() {
    let b = icb_data();
    let mut s = load_shipped("data-driven.toml", &b).unwrap();
    s.draws = 12;
    let p = run(&s, &b, Method::MonteCarlo, &|| {});
    let g = &p.geography;
    let last = p.years.len() - 1;
    let mut checked = 0;
    for year in [1, last] {
        for role in [None, Some(3)] {
            for parent in (0..g.nodes().len()).filter(|&k| !g.children(k).is_empty()) {
                let of = |place| columns(&p, Group { year, role, place });
                let whole = of(parent);
                let parts: Vec<_> = g.children(parent).into_iter().map(of).collect();
                for (m, column) in whole.iter().enumerate() {
                    if column.metric == Measure::Metric(Metric::VacancyRate) {
                        continue; // a ratio of sums, not a sum
                    }
                    for (d, &v) in column.values.iter().enumerate() {
                        let sum: f64 = parts.iter().map(|c| c[m].values[d]).sum();
                        let tolerance = 1e-9 * v.abs().max(1.0);
                        assert!(
                            (v - sum).abs() <= tolerance,
                            "{} of {} in draw {d}: {v} vs {sum}",
                            column.metric,
                            g.label(parent)
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 10_000, "only {checked} values checked");
}

fn leavers_by_icb(text: &str, b: &Baseline) -> Vec<f64> {
    let s = Scenario::from_str(Path::new("t.toml"), text, b).unwrap();
    let p = run(&s, b, Method::Expected, &|| {});
    (0..p.geography.n_places())
        .map(|g| {
            let node = p.geography.node_of(g);
            mean(&p, 1, p.geography.label(node), Metric::Leavers)
        })
        .collect()
}

/// An entry for a region reaches every ICB under it and no other: in the first projected
/// year leaving acts on the base-year staff, so the ICBs outside London leave as before.
#[test]
fn an_entry_for_a_region_covers_its_icbs_and_only_them() {
    let b = icb_data();
    let head = "[scenario]\nname = \"t\"\ndraws = 1\n";
    let plain = leavers_by_icb(head, &b);
    let london = leavers_by_icb(
        &format!("{head}[leaving.multiplier]\nall = 1\nregion.london = 2\n"),
        &b,
    );
    let g = &b.geography;
    let london_node = g.find("london").unwrap();
    for (k, (a, b)) in plain.iter().zip(&london).enumerate() {
        let id = &g.place(k).id;
        if g.members(london_node).contains(&k) {
            assert!(*b > 1.8 * a && *a > 0.0, "{id}: {a} -> {b}");
        } else {
            assert!((a - b).abs() <= 1e-9 * a.max(1.0), "{id}: {a} -> {b}");
        }
    }
    // and the roll-up of the run for London alone is the region's ICBs
    let s = Scenario::from_str(Path::new("t.toml"), head, &b).unwrap();
    let p = run(&s, &b, Method::Expected, &|| {});
    let rows = summarise(&p, RegionFilter::Only(london_node));
    let places: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(places.len(), 1 + g.members(london_node).len());
    assert!(places.contains("london") && !places.contains("ALL"));
}
