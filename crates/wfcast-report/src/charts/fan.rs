//! Fan charts: each quantity's mean over the years with its P25–P75 and P10–P90 bands,
//! drawn as a whole figure ([`FanChart`]) or as one panel of a small multiple.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use wfcast_core::Measure;
use wfcast_core::analysis::{Stats, SummaryRow};

use super::frame::{
    Area, Drawn, GRID, INK, INNER_BAND, INNER_KEY, Key, LABEL_SIZE, MUTED, OUTER_BAND, OUTER_KEY,
    PAD, PANEL_LABEL_SIZE, PANEL_TITLE_SIZE, VALUE_SIZE, anchored, axis_decimals, bold, colour,
    fail, finite, header, text, value_range,
};
use crate::format::thousands;

/// One quantity over the years with its distribution across draws in each year.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// What the line is, as the legend shows it, e.g. "Staff in post (supply)".
    pub label: String,
    /// `(year, distribution)` in year order.
    pub points: Vec<(i32, Stats)>,
}

impl Series {
    /// A series from its label and points.
    pub fn new(label: impl Into<String>, points: Vec<(i32, Stats)>) -> Self {
        Self {
            label: label.into(),
            points,
        }
    }

    /// The series of `metric` for `role` and `region` (ids, or `ALL`) taken from summary rows,
    /// in year order. Empty if the rows hold no such series.
    pub fn from_summary(
        label: impl Into<String>,
        rows: &[SummaryRow],
        role: &str,
        region: &str,
        metric: impl Into<Measure>,
    ) -> Self {
        let metric = metric.into();
        let mut points: Vec<(i32, Stats)> = rows
            .iter()
            .filter(|r| r.role == role && r.region == region && r.metric == metric)
            .map(|r| (r.year, r.stats))
            .collect();
        points.sort_by_key(|(year, _)| *year);
        Self::new(label, points)
    }
}

/// Fan chart: each series' mean over the years with its P25–P75 (darker) and P10–P90
/// (lighter) bands.
#[derive(Debug, Clone, PartialEq)]
pub struct FanChart {
    /// Headline above the chart, e.g. "England: staff in post vs establishment".
    pub title: String,
    /// A line under the title (scenario, draws); empty for none.
    pub subtitle: String,
    /// Vertical axis label with its unit, e.g. "WTE".
    pub y_label: String,
    /// The quantities shown; the first two get the most distinct colours.
    pub series: Vec<Series>,
    /// Draw a line at zero and keep zero in view (for differences such as B − A).
    pub zero_line: bool,
}

/// Legend of a fan chart: one row naming the series, then a row saying what the line and
/// the two bands mean (in neutral grey, as every series follows the same rule).
pub(super) fn fan_legend(series: &[Series]) -> Vec<(Key, String)> {
    let mut legend: Vec<(Key, String)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (Key::Line(colour(i), i % 2 == 1), s.label.clone()))
        .collect();
    // a single projection (one draw, or the expected-value method) has no spread to explain
    let spread = series
        .iter()
        .any(|s| s.points.iter().any(|(_, st)| st.q[5] > st.q[1]));
    if !spread {
        return legend;
    }
    legend.push((Key::Break, String::new()));
    legend.push((Key::Line(MUTED, false), "line: mean".to_owned()));
    legend.push((
        Key::Swatch(MUTED, INNER_BAND + OUTER_BAND),
        format!("darker band: {INNER_KEY}"),
    ));
    legend.push((
        Key::Swatch(MUTED, OUTER_BAND),
        format!("lighter band: {OUTER_KEY}"),
    ));
    legend
}

/// Refuses to draw series that are missing or hold a value that is not a number, saying
/// which.
pub(super) fn check_series(series: &[Series]) -> Drawn {
    if series.is_empty() {
        return Err("no series to draw".to_owned());
    }
    for s in series {
        if s.points.is_empty() {
            return Err(format!("the series \"{}\" has no data", s.label));
        }
        if let Some((year, _)) = s.points.iter().find(|(_, st)| !finite(st)) {
            return Err(format!(
                "the series \"{}\" has no number in {year} (a run without draws?)",
                s.label
            ));
        }
    }
    Ok(())
}

/// Draws a fan chart filling `root`: header and legend, then one panel.
pub(super) fn draw_fan<DB: DrawingBackend>(root: &Area<DB>, c: &FanChart) -> Drawn {
    check_series(&c.series)?;
    let plot = header(root, &c.title, &c.subtitle, &fan_legend(&c.series), "")?;
    fan_panel(&plot, &c.series, &c.y_label, c.zero_line, None, None)
}

/// `title` cut with an ellipsis to the width of `area`, so the titles of panels side by
/// side (long place names such as an NHS trust's) never run into each other.
fn fitted<DB: DrawingBackend>(area: &Area<DB>, title: &str, style: &TextStyle<'_>) -> String {
    let width = area.dim_in_pixel().0.saturating_sub(8);
    let fits = |t: &str| {
        area.estimate_text_size(t, style)
            .is_ok_and(|(w, _)| w <= width)
    };
    if fits(title) {
        return title.to_owned();
    }
    let chars: Vec<char> = title.chars().collect();
    (1..chars.len())
        .rev()
        .map(|n| format!("{}…", chars[..n].iter().collect::<String>().trim_end()))
        .find(|t| fits(t))
        .unwrap_or_else(|| "…".to_owned())
}

/// Draws one fan panel filling `area`; `panel_title` makes it a compact small multiple and
/// `range` fixes the vertical scale.
pub(super) fn fan_panel<DB: DrawingBackend>(
    area: &Area<DB>,
    series: &[Series],
    y_label: &str,
    zero_line: bool,
    panel_title: Option<&str>,
    range: Option<(f64, f64)>,
) -> Drawn {
    let compact = panel_title.is_some();
    let points = || series.iter().flat_map(|s| s.points.iter());
    let x0 = points().map(|(y, _)| *y).min().unwrap_or(0);
    let x1 = points().map(|(y, _)| *y).max().unwrap_or(0).max(x0 + 1);
    let (lo, hi) = range.unwrap_or_else(|| value_range(points().map(|(_, s)| s), zero_line));
    let decimals = axis_decimals(hi - lo);

    let mut builder = ChartBuilder::on(area);
    if let Some(t) = panel_title {
        let style = bold(PANEL_TITLE_SIZE, INK);
        builder.caption(fitted(area, t, &style), style.clone());
    }
    builder
        .margin_left(if compact { 6 } else { PAD as u32 - 8 })
        .margin_right(if compact { 28 } else { 96 })
        .margin_top(if compact { 4 } else { 8 })
        .margin_bottom(if compact { 6 } else { 12 })
        .x_label_area_size(if compact { 30 } else { 54 })
        .y_label_area_size(if compact { 70 } else { 104 });
    let mut chart = builder.build_cartesian_2d(x0..x1, lo..hi).map_err(fail)?;
    let years = (x1 - x0 + 1) as usize;
    let label_size = if compact {
        PANEL_LABEL_SIZE
    } else {
        LABEL_SIZE
    };
    let y_fmt = |v: &f64| thousands(*v, decimals);
    let x_fmt = |y: &i32| y.to_string();
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED)
        .x_labels(if compact { years.min(4) } else { years })
        .y_labels(if compact { 5 } else { 8 })
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(text(label_size, INK))
        .axis_desc_style(text(label_size, MUTED));
    if !compact {
        mesh.x_desc("Year").y_desc(y_label);
    }
    mesh.draw().map_err(fail)?;

    for (opacity, lower, upper) in [(OUTER_BAND, 1, 5), (INNER_BAND, 2, 4)] {
        for (i, s) in series.iter().enumerate() {
            let mut outline: Vec<(i32, f64)> =
                s.points.iter().map(|(y, st)| (*y, st.q[upper])).collect();
            outline.extend(s.points.iter().rev().map(|(y, st)| (*y, st.q[lower])));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    outline,
                    colour(i).mix(opacity).filled(),
                )))
                .map_err(fail)?;
        }
    }
    if zero_line {
        chart
            .draw_series(LineSeries::new([(x0, 0.0), (x1, 0.0)], INK.stroke_width(1)))
            .map_err(fail)?;
    }
    let width = if compact { 2 } else { 3 };
    for (i, s) in series.iter().enumerate() {
        let mean: Vec<(i32, f64)> = s.points.iter().map(|(y, st)| (*y, st.mean)).collect();
        let style = colour(i).stroke_width(width);
        if i % 2 == 1 {
            chart
                .draw_series(DashedLineSeries::new(mean, 10, 6, style))
                .map_err(fail)?;
        } else {
            chart
                .draw_series(LineSeries::new(mean, style))
                .map_err(fail)?;
        }
    }
    if !compact {
        end_labels(area, &chart, series, decimals)?;
    }
    Ok(())
}

/// Writes each series' final mean at the right end of its line, nudged apart so labels
/// never overlap.
fn end_labels<DB: DrawingBackend>(
    area: &Area<DB>,
    chart: &ChartContext<
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordi32, plotters::coord::types::RangedCoordf64>,
    >,
    series: &[Series],
    decimals: usize,
) -> Drawn {
    let (xs, ys) = area.get_pixel_range();
    let mut labels: Vec<(i32, i32, usize, String)> = series
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let (year, st) = s.points.last()?;
            let (px, py) = chart.backend_coord(&(*year, st.mean));
            Some((
                px - xs.start + 8,
                py - ys.start,
                i,
                thousands(st.mean, decimals),
            ))
        })
        .collect();
    labels.sort_by_key(|l| l.1);
    /// Least vertical distance between two labels' centres, in pixels.
    const GAP: i32 = 20;
    for k in 1..labels.len() {
        if labels[k].1 - labels[k - 1].1 < GAP {
            labels[k].1 = labels[k - 1].1 + GAP;
        }
    }
    for (x, y, i, label) in labels {
        area.draw_text(
            &label,
            &anchored(bold(VALUE_SIZE, colour(i)), HPos::Left, VPos::Center),
            (x, y),
        )
        .map_err(fail)?;
    }
    Ok(())
}
