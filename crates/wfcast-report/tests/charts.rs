//! Charts and the HTML page, built from a real (small) run of a shipped scenario and read
//! back with independent readers: SVG with an XML parser, PNG with a PNG decoder.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

use std::sync::OnceLock;

use wfcast_core::Metric;
use wfcast_core::analysis::{RegionFilter, Stats, SummaryRow, summarise};
use wfcast_core::taxonomy::ALL;
use wfcast_core::{Baseline, Method, Projection, run};
use wfcast_report::charts::{
    Bar, Chart, FanChart, RangeBars, Series, SmallMultiples, Tornado, region_panels,
};
use wfcast_report::format::NumberFormat;
use wfcast_report::html::{Block, Cell, Page, Section, Table};
use wfcast_report::tidy::Labels;

struct Fixture {
    projection: Projection,
    rows: Vec<SummaryRow>,
    role_names: Vec<(String, String)>,
}

/// One 40-draw run of the shipped data-driven scenario, shared by every test here.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let b = Baseline::embedded().unwrap();
        let mut s = wfcast_core::scenario::load_shipped("data-driven.toml", &b).unwrap();
        s.draws = 40;
        let projection = run(&s, &b, Method::MonteCarlo, &|| {});
        let rows = summarise(&projection, RegionFilter::All);
        let role_names = b
            .roles
            .iter()
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect();
        Fixture {
            projection,
            rows,
            role_names,
        }
    })
}

fn national() -> Chart {
    let f = fixture();
    FanChart {
        title: "National fan chart".into(),
        subtitle: "data-driven, 40 draws".into(),
        y_label: "WTE".into(),
        series: vec![
            Series::from_summary("Staff in post", &f.rows, ALL, ALL, Metric::Wte),
            Series::from_summary("Establishment", &f.rows, ALL, ALL, Metric::DemandWte),
        ],
        zero_line: false,
    }
    .into()
}

fn regions() -> Chart {
    let f = fixture();
    SmallMultiples {
        title: "By region".into(),
        subtitle: String::new(),
        y_label: "WTE".into(),
        panels: region_panels(
            &f.rows,
            &[
                ("Staff in post", Metric::Wte),
                ("Establishment", Metric::DemandWte),
            ],
            &Labels::new(&f.role_names, &f.projection.geography),
            ALL,
        )
        .panels,
        zero_line: false,
        shared_scale: false,
    }
    .into()
}

fn last_year() -> i32 {
    *fixture().projection.years.last().unwrap()
}

fn gap_by_role() -> RangeBars {
    let f = fixture();
    let last = last_year();
    RangeBars {
        title: format!("Gap by role in {last}"),
        subtitle: String::new(),
        x_label: "Gap (WTE)".into(),
        bars: f
            .role_names
            .iter()
            .map(|(id, name)| {
                let row = f
                    .rows
                    .iter()
                    .find(|r| {
                        r.year == last
                            && r.role == *id
                            && r.region == ALL
                            && r.metric == Metric::GapWte
                    })
                    .unwrap();
                (name.clone(), row.stats)
            })
            .collect(),
    }
}

/// Rank correlation of each sampled parameter with the last year's national gap: a real,
/// signed influence in [-1, 1] for every uncertain input of the run.
fn influences() -> Vec<(String, f64)> {
    let p = &fixture().projection;
    let y = p.years.len() - 1;
    let (wte, demand) = (
        p.slot(&Metric::Wte.into()).unwrap(),
        p.slot(&Metric::DemandWte.into()).unwrap(),
    );
    let draws = p.draws as usize;
    let gap: Vec<f64> = (0..draws)
        .map(|d| {
            p.role_regions()
                .map(|rr| p.value(d, y, rr, demand) - p.value(d, y, rr, wte))
                .sum()
        })
        .collect();
    let k = p.parameter_names.len();
    let ranks = |v: &[f64]| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        let mut r = vec![0.0; v.len()];
        for (rank, i) in idx.into_iter().enumerate() {
            r[i] = rank as f64;
        }
        r
    };
    let rg = ranks(&gap);
    p.parameter_names
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let x: Vec<f64> = (0..draws).map(|d| p.sampled[d * k + j]).collect();
            let rx = ranks(&x);
            let m = (draws as f64 - 1.0) / 2.0;
            let cov: f64 = rx.iter().zip(&rg).map(|(a, b)| (a - m) * (b - m)).sum();
            let var: f64 = rx.iter().map(|a| (a - m).powi(2)).sum();
            (name.clone(), cov / var)
        })
        .collect()
}

fn tornado() -> Tornado {
    Tornado {
        title: "What drives the uncertainty of the gap".into(),
        subtitle: String::new(),
        x_label: "Rank correlation".into(),
        outcome: "gap".into(),
        bars: influences()
            .into_iter()
            .map(|(label, value)| Bar {
                label,
                value,
                within_noise: false,
            })
            .collect(),
    }
}

/// Every `<text>` element of an SVG: (y, content).
fn texts(svg: &str) -> Vec<(f64, String)> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            (
                n.attribute("y").unwrap().parse().unwrap(),
                n.text().unwrap_or("").trim().to_owned(),
            )
        })
        .collect()
}

/// The SVG parses, is an `<svg>` document and refers to nothing outside itself.
fn assert_self_contained(svg: &str) {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let without_ns = svg.replace("http://www.w3.org/2000/svg", "");
    assert!(
        !without_ns.contains("http"),
        "external reference in the SVG"
    );
    for bad in ["href", "<image", "@import", "url("] {
        assert!(!svg.contains(bad), "{bad} in the SVG");
    }
}

#[test]
fn fan_chart_svg_has_title_axes_legend_bands_and_thousands_separators() {
    let svg = national().svg().unwrap();
    assert_self_contained(&svg);
    let all: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
    for expected in [
        "National fan chart",
        "WTE",
        "Year",
        "Staff in post",
        "Establishment",
        "2024",
        "2030",
    ] {
        assert!(
            all.iter().any(|t| t == expected),
            "no text {expected:?} in {all:?}"
        );
    }
    assert!(all.iter().any(|t| t.contains("P10–P90")) && all.iter().any(|t| t.contains("P25–P75")));
    // y ticks of a ~50,000 WTE workforce are written with separators
    assert!(
        all.iter().any(|t| t.len() >= 6
            && t.contains(',')
            && t.chars().all(|c| c.is_ascii_digit() || c == ',')),
        "no thousands-separated tick in {all:?}"
    );
    // two bands for each of the two series
    assert_eq!(svg.matches("<polygon").count(), 4);
}

#[test]
fn fan_chart_end_labels_are_the_final_means() {
    let f = fixture();
    let last = last_year();
    let svg = national().svg().unwrap();
    let all: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
    for metric in [Metric::Wte, Metric::DemandWte] {
        let mean = f
            .rows
            .iter()
            .find(|r| r.year == last && r.role == ALL && r.region == ALL && r.metric == metric)
            .unwrap()
            .stats
            .mean;
        let label = wfcast_report::format::format(mean, NumberFormat::Count);
        assert!(
            all.contains(&label),
            "{metric}: no label {label} in {all:?}"
        );
    }
}

#[test]
fn small_multiples_have_one_titled_panel_per_region() {
    let chart = regions();
    let svg = chart.svg().unwrap();
    assert_self_contained(&svg);
    let all: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
    let geography = &fixture().projection.geography;
    let regions = geography.children(0);
    assert_eq!(regions.len(), 7, "the shipped geography has seven regions");
    for k in regions {
        let name = &geography.nodes()[k].name;
        assert!(all.iter().any(|t| t == name), "no panel titled {name}");
    }
    assert_eq!(svg.matches("<polygon").count(), 4 * 7);
}

/// Two panels of different size (the national picture and London): with a shared scale both
/// carry the same vertical ticks, without it they do not.
#[test]
fn shared_scale_gives_every_panel_the_same_ticks() {
    let f = fixture();
    let panel = |title: &str, region: &str| wfcast_report::charts::Panel {
        title: title.into(),
        series: vec![Series::from_summary(
            "Staff in post",
            &f.rows,
            ALL,
            region,
            Metric::Wte,
        )],
    };
    let ticks = |shared: bool| {
        let svg = Chart::from(SmallMultiples {
            title: "A and B".into(),
            subtitle: String::new(),
            y_label: "WTE".into(),
            panels: vec![panel("England", ALL), panel("London", "london")],
            zero_line: false,
            shared_scale: shared,
        })
        .svg()
        .unwrap();
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for (_, t) in texts(&svg) {
            if t.contains(',') && t.chars().all(|c| c.is_ascii_digit() || c == ',') {
                *counts.entry(t).or_default() += 1;
            }
        }
        counts
    };
    let shared = ticks(true);
    assert!(
        !shared.is_empty() && shared.values().all(|&n| n == 2),
        "{shared:?}"
    );
    let own = ticks(false);
    assert!(own.values().any(|&n| n == 1), "{own:?}");
}

#[test]
fn tornado_puts_the_largest_influence_on_top_and_caps_the_bars() {
    let t = tornado();
    assert!(
        t.bars.len() > Tornado::MAX_BARS,
        "the shipped scenario samples many inputs"
    );
    let svg = Chart::from(t.clone()).svg().unwrap();
    assert_self_contained(&svg);
    let found = texts(&svg);
    let mut expected: Vec<(String, f64)> =
        t.bars.iter().map(|b| (b.label.clone(), b.value)).collect();
    expected.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let y_of = |name: &str| {
        found
            .iter()
            .find(|(_, t)| t == name)
            .map(|(y, _)| *y)
            .unwrap_or_else(|| panic!("no label {name}"))
    };
    let ys: Vec<f64> = expected[..Tornado::MAX_BARS]
        .iter()
        .map(|(n, _)| y_of(n))
        .collect();
    assert!(
        ys.windows(2).all(|w| w[0] < w[1]),
        "not sorted top-down by |influence|: {ys:?}"
    );
    let hidden = &expected[Tornado::MAX_BARS..];
    assert!(
        hidden
            .iter()
            .all(|(n, _)| !found.iter().any(|(_, t)| t == n))
    );
    let note = format!("{} further parameters", hidden.len());
    assert!(
        found.iter().any(|(_, t)| t.starts_with(&note)),
        "no note {note:?}"
    );
}

#[test]
fn range_bars_are_sorted_by_mean_and_show_every_role() {
    let bars = gap_by_role();
    let svg = Chart::from(bars.clone()).svg().unwrap();
    assert_self_contained(&svg);
    let found = texts(&svg);
    let mut expected: Vec<(String, Stats)> = bars.bars.clone();
    expected.sort_by(|a, b| b.1.mean.total_cmp(&a.1.mean));
    let ys: Vec<f64> = expected
        .iter()
        .map(|(n, _)| {
            found
                .iter()
                .find(|(_, t)| t == n)
                .expect("every role labelled")
                .0
        })
        .collect();
    assert!(
        ys.windows(2).all(|w| w[0] < w[1]),
        "not sorted by mean: {ys:?}"
    );
}

#[test]
fn text_is_escaped_in_svg() {
    let mut c = gap_by_role();
    c.title = "R&D <roles> \"quoted\"".into();
    let svg = Chart::from(c).svg().unwrap();
    assert!(
        texts(&svg)
            .iter()
            .any(|(_, t)| t == "R&D <roles> \"quoted\"")
    );
}

fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// Share of pixels in the box that are dark (text ink), and whether any pixel is not white.
fn ink(img: &(u32, u32, Vec<u8>), x: std::ops::Range<u32>, y: std::ops::Range<u32>) -> (f64, bool) {
    let (w, _, px) = img;
    let (mut dark, mut any, mut n) = (0, false, 0);
    for yy in y {
        for xx in x.clone() {
            let i = ((yy * w + xx) * 3) as usize;
            let p = &px[i..i + 3];
            dark += usize::from(p.iter().all(|&c| c < 110));
            any |= p.iter().any(|&c| c < 250);
            n += 1;
        }
    }
    (dark as f64 / n as f64, any)
}

#[test]
fn png_decodes_at_the_chart_size_with_the_title_drawn_where_it_belongs() {
    for chart in [
        national(),
        regions(),
        tornado().into(),
        gap_by_role().into(),
    ] {
        let png = chart.png().unwrap();
        let img = decode(&png);
        assert_eq!((img.0, img.1), chart.size(), "{}", chart.title());
        // something is drawn across the picture
        let (_, drawn) = ink(&img, 0..img.0, img.1 / 3..img.1);
        assert!(drawn, "{}: blank plot", chart.title());
        // the title's glyphs sit at the top left (embedded font, no system fonts needed) ...
        let (title_ink, _) = ink(&img, 24..200, 14..42);
        assert!(title_ink > 0.08, "{}: title ink {title_ink}", chart.title());
        // ... and the top right corner next to it is paper
        let (_, corner) = ink(&img, img.0 - 120..img.0, 0..42);
        assert!(!corner, "{}: ink in the top right corner", chart.title());
    }
}

#[test]
fn empty_input_is_an_error_naming_the_chart_not_a_panic() {
    let chart = Chart::from(FanChart {
        title: "Nothing here".into(),
        subtitle: String::new(),
        y_label: "WTE".into(),
        series: vec![Series::from_summary(
            "Staff",
            &fixture().rows,
            "no_such_role",
            ALL,
            Metric::Wte,
        )],
        zero_line: false,
    });
    for err in [chart.svg().unwrap_err(), chart.png().unwrap_err()] {
        let msg = err.to_string();
        assert!(
            msg.contains("Nothing here") && msg.contains("\"Staff\" has no data"),
            "{msg}"
        );
    }
    let empty = Chart::from(Tornado {
        title: "No inputs".into(),
        subtitle: String::new(),
        x_label: String::new(),
        outcome: String::new(),
        bars: vec![],
    });
    assert!(empty.svg().unwrap_err().to_string().contains("No inputs"));
}

#[test]
fn report_page_inlines_every_figure_and_references_nothing_outside() {
    let charts = [
        national(),
        regions(),
        tornado().into(),
        gap_by_role().into(),
    ];
    let mut section = Section::new("Charts & tables", "Every chart of the report.");
    for c in &charts {
        section = section.figure(c.svg().unwrap(), c.title());
    }
    let html = Page::new("Report <data-driven>")
        .meta("Scenario", "data-driven")
        .meta("Draws", "40")
        .headline(Table::new(["", "2030"]).row([
            Cell::text("Gap (WTE)"),
            Cell::num(4870.4, NumberFormat::Count),
        ]))
        .section(section)
        .section(
            Section::new("Side by side", "").block(Block::SideBySide(vec![
                Block::chart(&charts[0], "A").unwrap(),
                Block::chart(&charts[0], "B").unwrap(),
            ])),
        )
        .render();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<svg").count(), charts.len() + 2);
    assert!(!html.to_lowercase().contains("<script"));
    for bad in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(bad), "{bad} in the page");
    }
    assert!(
        !html
            .replace("http://www.w3.org/2000/svg", "")
            .contains("http")
    );
    assert!(html.contains("<title>Report &lt;data-driven&gt;</title>"));
    assert!(html.contains("<h2>Charts &amp; tables</h2>"));
    assert!(html.contains("<td class=\"num\">4,870</td>"));
    // every inline figure is still a well-formed SVG document
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        roxmltree::Document::parse(&rest[start..end]).unwrap();
        rest = &rest[end..];
    }
}

#[test]
fn numbers_missing_from_a_summary_are_an_error_not_a_broken_picture() {
    let nan = Stats::of(&mut []);
    let fan = Chart::from(FanChart {
        title: "No draws".into(),
        subtitle: String::new(),
        y_label: "WTE".into(),
        series: vec![Series::new("Staff", vec![(2024, nan), (2025, nan)])],
        zero_line: false,
    });
    let msg = fan.png().unwrap_err().to_string();
    assert!(msg.contains("\"Staff\" has no number in 2024"), "{msg}");
    let bars = Chart::from(RangeBars {
        title: "Gap by role".into(),
        subtitle: String::new(),
        x_label: "WTE".into(),
        bars: vec![("Coder".into(), nan)],
    });
    assert!(
        bars.svg()
            .unwrap_err()
            .to_string()
            .contains("\"Coder\" has no number")
    );
}

#[test]
fn very_long_labels_are_shortened_and_the_bars_keep_their_room() {
    let long = format!("{}.end", "pipelines.a_very_long_route_name".repeat(4));
    let chart = Chart::from(Tornado {
        title: "Long names".into(),
        subtitle: String::new(),
        x_label: "Influence".into(),
        outcome: "gap".into(),
        bars: [
            (long.clone(), 0.5),
            ("short".to_owned(), -0.2),
            ("collinear".to_owned(), f64::NAN),
        ]
        .into_iter()
        .map(|(label, value)| Bar {
            label,
            value,
            within_noise: false,
        })
        .collect(),
    });
    let svg = chart.svg().unwrap();
    let found = texts(&svg);
    let shown = found
        .iter()
        .find(|(_, t)| t.ends_with('…'))
        .expect("shortened label");
    assert!(long.starts_with(shown.1.trim_end_matches('…')));
    assert!(shown.1.chars().count() < long.chars().count());
    assert!(!found.iter().any(|(_, t)| t == "collinear"));
    assert!(
        found
            .iter()
            .any(|(_, t)| t == "1 parameter without a computable influence is left out.")
    );
    let img = decode(&chart.png().unwrap());
    assert_eq!((img.0, img.1), chart.size());
}

#[test]
fn a_single_projection_has_no_band_legend() {
    let point = |v: f64| Stats::of(&mut [v]);
    let chart = Chart::from(FanChart {
        title: "Expected value".into(),
        subtitle: String::new(),
        y_label: "WTE".into(),
        series: vec![Series::new(
            "Staff",
            vec![(2024, point(100.0)), (2025, point(110.0))],
        )],
        zero_line: false,
    });
    let svg = chart.svg().unwrap();
    let all: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
    assert!(all.iter().any(|t| t == "Staff"));
    assert!(
        !all.iter()
            .any(|t| t.contains("P10–P90") || t.contains("median")),
        "{all:?}"
    );
}

/// A tornado in WTE: values with thousands separators and signs, bars within the noise
/// grey (the only grey fill) with a legend key and a note saying what grey means.
#[test]
fn tornado_in_wte_greys_the_bars_within_the_noise() {
    let bar = |label: &str, value, within_noise| Bar {
        label: label.into(),
        value,
        within_noise,
    };
    let chart = Chart::from(Tornado {
        title: "What drives the uncertainty of the 2030 gap".into(),
        subtitle: String::new(),
        x_label: "WTE the 2030 gap moves when the input goes from its P10 to its P90".into(),
        outcome: "2030 gap".into(),
        bars: vec![
            bar("Demand growth, all roles", 8701.4, false),
            bar(
                "Share of vacancies filled at home, all roles",
                -8163.0,
                false,
            ),
            bar("Moves between regions (rate), all roles", 312.0, true),
        ],
    });
    let svg = chart.svg().unwrap();
    assert_self_contained(&svg);
    let found: Vec<String> = texts(&svg).into_iter().map(|(_, t)| t).collect();
    for expected in ["+8,701", "\u{2212}8,163", "+312", "within the noise"] {
        assert!(found.iter().any(|t| t == expected), "{expected}: {found:?}");
    }
    assert!(
        found.iter().any(|t| t.contains("Grey: within the noise")),
        "{found:?}"
    );
    // one grey bar and one grey legend key
    assert_eq!(svg.matches("fill=\"#BEBEBE\"").count(), 2, "{svg}");
    assert!(chart.png().is_ok());
}
