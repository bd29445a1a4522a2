//! Horizontal bar charts: the tornado of influences ([`Tornado`]) and a mean per category
//! with its P10–P90 range ([`RangeBars`]), on one shared frame.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use wfcast_core::analysis::Stats;

use super::frame::{
    Area, Drawn, GRID, INK, Key, LABEL_SIZE, MUTED, OUTER_KEY, PAD, PALETTE, VALUE_SIZE, anchored,
    axis_decimals, bold, fail, finite, header, text, value_range,
};
use crate::format::thousands;

/// Tornado chart: horizontal bars of signed influence coefficients in [-1, 1], largest
/// influence at the top. At most [`Tornado::MAX_BARS`] bars are drawn; the figure says how
/// many smaller ones were left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    /// Headline, e.g. "What drives the uncertainty of the 2030 gap".
    pub title: String,
    /// A line under the title; empty for none.
    pub subtitle: String,
    /// Horizontal axis label, e.g. "Standardised rank regression coefficient".
    pub x_label: String,
    /// The outcome the coefficients refer to, e.g. "2030 gap"; used in the legend.
    pub outcome: String,
    /// `(parameter name, coefficient)`, in any order.
    pub bars: Vec<(String, f64)>,
}

impl Tornado {
    /// The most bars a tornado shows; smaller influences are summarised in a note.
    pub const MAX_BARS: usize = 15;
}

/// Horizontal bars of a mean per category with its P10–P90 range as an error bar, largest
/// mean at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeBars {
    /// Headline, e.g. "Gap by role in 2030".
    pub title: String,
    /// A line under the title; empty for none.
    pub subtitle: String,
    /// Horizontal axis label with its unit, e.g. "Gap (WTE): establishment minus staff in post".
    pub x_label: String,
    /// `(category, distribution)`, in any order.
    pub bars: Vec<(String, Stats)>,
}

/// Longest category label drawn, in characters; longer ones are cut with an ellipsis so the
/// bars keep most of the width.
const MAX_LABEL: usize = 48;

/// `label` cut to [`MAX_LABEL`] characters.
fn short(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(MAX_LABEL - 1).collect();
        format!("{cut}…")
    }
}

/// Draws category labels at the left of horizontal bars, right-aligned against the axis.
fn category_labels<DB: DrawingBackend>(
    area: &Area<DB>,
    plot_left: i32,
    rows: impl Iterator<Item = (i32, String)>,
) -> Drawn {
    let (xs, ys) = area.get_pixel_range();
    let style = anchored(text(LABEL_SIZE, INK), HPos::Right, VPos::Center);
    for (py, label) in rows {
        area.draw_text(
            &short(&label),
            &style,
            (plot_left - xs.start - 10, py - ys.start),
        )
        .map_err(fail)?;
    }
    Ok(())
}

/// The widest label in pixels, to size the label column.
fn widest<DB: DrawingBackend>(area: &Area<DB>, labels: impl Iterator<Item = String>) -> Drawn<u32> {
    let style = text(LABEL_SIZE, INK);
    let mut w = 0;
    for l in labels {
        w = w.max(area.estimate_text_size(&short(&l), &style).map_err(fail)?.0);
    }
    Ok(w)
}

/// The value axis of a horizontal bar chart.
struct BarAxis<'a> {
    /// The values shown, left to right.
    x: std::ops::Range<f64>,
    /// How many tick labels to aim for.
    ticks: usize,
    /// A tick's label.
    format: &'a dyn Fn(&f64) -> String,
    /// The axis's name, with its unit.
    desc: &'a str,
    /// Room below the axis (for a note), in pixels.
    margin_bottom: u32,
}

/// A horizontal bar chart's frame, shared by the tornado and the range bars: one row per
/// label (room for the widest), the value axis below with vertical grid lines only.
fn bar_chart<'a, DB: DrawingBackend>(
    plot: &'a Area<DB>,
    labels: &[&str],
    axis: BarAxis,
) -> Drawn<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>> {
    let label_w = widest(plot, labels.iter().map(|l| (*l).to_owned()))?;
    let n = labels.len();
    let mut chart = ChartBuilder::on(plot)
        .margin_left(PAD as u32)
        .margin_right(40)
        .margin_bottom(axis.margin_bottom)
        .x_label_area_size(50)
        .y_label_area_size(label_w + 20)
        .build_cartesian_2d(axis.x, -0.5..(n as f64 - 0.5))
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED)
        .x_labels(axis.ticks)
        .x_label_formatter(axis.format)
        .label_style(text(LABEL_SIZE, INK))
        .axis_desc_style(text(LABEL_SIZE, MUTED))
        .x_desc(axis.desc)
        .draw()
        .map_err(fail)?;
    Ok(chart)
}

/// Draws the line at zero across all `rows` rows, over the bars.
fn zero_line<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    rows: usize,
) -> Drawn {
    chart
        .draw_series(LineSeries::new(
            [(0.0, -0.5), (0.0, rows as f64 - 0.5)],
            INK.stroke_width(1),
        ))
        .map_err(fail)?;
    Ok(())
}

/// Draws a tornado filling `root`: the largest influences as signed bars with their
/// values, and a note on any left out.
pub(super) fn draw_tornado<DB: DrawingBackend>(root: &Area<DB>, c: &Tornado) -> Drawn {
    if c.bars.is_empty() {
        return Err("no parameters to draw".to_owned());
    }
    let mut bars: Vec<&(String, f64)> = c.bars.iter().filter(|(_, v)| v.is_finite()).collect();
    if bars.is_empty() {
        return Err("no parameter has a numeric influence".to_owned());
    }
    bars.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then_with(|| a.0.cmp(&b.0)));
    let hidden = bars.len().saturating_sub(Tornado::MAX_BARS);
    let undefined = c.bars.len() - bars.len();
    let mut notes = Vec::new();
    match hidden {
        0 => {}
        1 => notes.push("1 further parameter with smaller influence is not shown.".to_owned()),
        n => notes.push(format!(
            "{n} further parameters with smaller influence are not shown."
        )),
    }
    match undefined {
        0 => {}
        1 => notes.push("1 parameter without a computable influence is left out.".to_owned()),
        n => notes.push(format!(
            "{n} parameters without a computable influence are left out."
        )),
    }
    bars.truncate(Tornado::MAX_BARS);
    let legend = [
        (
            Key::Swatch(PALETTE[0], 0.85),
            format!("higher value → larger {}", c.outcome),
        ),
        (
            Key::Swatch(PALETTE[1], 0.85),
            format!("higher value → smaller {}", c.outcome),
        ),
    ];
    let plot = header(root, &c.title, &c.subtitle, &legend, "")?;
    let n = bars.len();
    let reach = bars.first().map_or(0.0, |b| b.1.abs());
    // a little past the longest bar, in steps of 0.1, so value labels fit
    let m = ((reach * 10.0).floor() + 2.0).min(11.0) / 10.0;
    let x_fmt = |v: &f64| {
        if v.abs() < 1e-9 {
            "0".to_owned()
        } else {
            format!("{v:+.1}").replace('-', "\u{2212}")
        }
    };
    let labels: Vec<&str> = bars.iter().map(|b| b.0.as_str()).collect();
    let axis = BarAxis {
        x: -m..m,
        ticks: 11,
        format: &x_fmt,
        desc: &c.x_label,
        margin_bottom: if notes.is_empty() { 12 } else { 36 },
    };
    let mut chart = bar_chart(&plot, &labels, axis)?;
    // the largest influence at the top
    let row = |k: usize| (n - 1 - k) as f64;
    chart
        .draw_series(bars.iter().enumerate().map(|(k, (_, v))| {
            let c = if *v >= 0.0 { PALETTE[0] } else { PALETTE[1] };
            Rectangle::new(
                [(0.0, row(k) - 0.32), (*v, row(k) + 0.32)],
                c.mix(0.85).filled(),
            )
        }))
        .map_err(fail)?;
    zero_line(&mut chart, n)?;
    let (xs, ys) = plot.get_pixel_range();
    let (edge_left, edge_right) = (
        chart.backend_coord(&(-m, 0.0)).0,
        chart.backend_coord(&(m, 0.0)).0,
    );
    for (k, (_, v)) in bars.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(*v, row(k)));
        let label = format!("{v:+.2}").replace('-', "\u{2212}");
        let width = plot
            .estimate_text_size(&label, &text(VALUE_SIZE, INK))
            .map_err(fail)?
            .0 as i32;
        let outside = if *v >= 0.0 {
            edge_right - px
        } else {
            px - edge_left
        };
        // beyond the bar's end if there is room, else inside it in white
        let fits = outside >= width + 12;
        let (h, dx, ink) = match (*v >= 0.0, fits) {
            (true, true) => (HPos::Left, 6, INK),
            (false, true) => (HPos::Right, -6, INK),
            (true, false) => (HPos::Right, -6, WHITE),
            (false, false) => (HPos::Left, 6, WHITE),
        };
        let style = if fits {
            text(VALUE_SIZE, ink)
        } else {
            bold(VALUE_SIZE, ink)
        };
        plot.draw_text(
            &label,
            &anchored(style, h, VPos::Center),
            (px - xs.start + dx, py - ys.start),
        )
        .map_err(fail)?;
    }
    category_labels(
        &plot,
        edge_left,
        bars.iter()
            .enumerate()
            .map(|(k, (name, _))| (chart.backend_coord(&(-m, row(k))).1, name.clone())),
    )?;
    if !notes.is_empty() {
        let (_, h) = plot.dim_in_pixel();
        plot.draw_text(
            &notes.join(" "),
            &text(VALUE_SIZE, MUTED),
            (PAD, h as i32 - 22),
        )
        .map_err(fail)?;
    }
    Ok(())
}

/// Draws range bars filling `root`: each category's mean as a bar with its P10–P90
/// whisker and the mean's value.
pub(super) fn draw_range_bars<DB: DrawingBackend>(root: &Area<DB>, c: &RangeBars) -> Drawn {
    if c.bars.is_empty() {
        return Err("no categories to draw".to_owned());
    }
    if let Some((name, _)) = c.bars.iter().find(|(_, st)| !finite(st)) {
        return Err(format!("\"{name}\" has no number (a run without draws?)"));
    }
    let mut bars: Vec<&(String, Stats)> = c.bars.iter().collect();
    bars.sort_by(|a, b| b.1.mean.total_cmp(&a.1.mean).then_with(|| a.0.cmp(&b.0)));
    let legend = [
        (
            Key::Swatch(PALETTE[0], 0.75),
            "mean (number shown)".to_owned(),
        ),
        (Key::Whisker, OUTER_KEY.to_owned()),
    ];
    let plot = header(root, &c.title, &c.subtitle, &legend, "")?;
    let n = bars.len();
    let (lo, hi) = value_range(bars.iter().map(|b| &b.1), true);
    // room on the right for the value labels
    let hi = hi + (hi - lo) * 0.12;
    let decimals = axis_decimals(hi - lo);
    let x_fmt = |v: &f64| thousands(*v, decimals);
    let labels: Vec<&str> = bars.iter().map(|b| b.0.as_str()).collect();
    let axis = BarAxis {
        x: lo..hi,
        ticks: 8,
        format: &x_fmt,
        desc: &c.x_label,
        margin_bottom: 12,
    };
    let mut chart = bar_chart(&plot, &labels, axis)?;
    let row = |k: usize| (n - 1 - k) as f64;
    chart
        .draw_series(bars.iter().enumerate().map(|(k, (_, s))| {
            Rectangle::new(
                [(0.0, row(k) - 0.3), (s.mean, row(k) + 0.3)],
                PALETTE[0].mix(0.75).filled(),
            )
        }))
        .map_err(fail)?;
    let whisker = INK.stroke_width(2);
    for (k, (_, s)) in bars.iter().enumerate() {
        let y = row(k);
        chart
            .draw_series([
                PathElement::new(vec![(s.q[1], y), (s.q[5], y)], whisker),
                PathElement::new(vec![(s.q[1], y - 0.18), (s.q[1], y + 0.18)], whisker),
                PathElement::new(vec![(s.q[5], y - 0.18), (s.q[5], y + 0.18)], whisker),
            ])
            .map_err(fail)?;
    }
    zero_line(&mut chart, n)?;
    let (xs, ys) = plot.get_pixel_range();
    // with both signs present (e.g. differences B − A), positive values get a plus sign
    let signed = bars.iter().any(|b| b.1.mean < 0.0);
    for (k, (_, s)) in bars.iter().enumerate() {
        let right = s.q[5].max(s.mean).max(0.0);
        let (px, py) = chart.backend_coord(&(right, row(k)));
        plot.draw_text(
            &if signed && s.mean > 0.0 {
                format!("+{}", thousands(s.mean, decimals))
            } else {
                thousands(s.mean, decimals)
            },
            &anchored(bold(VALUE_SIZE, INK), HPos::Left, VPos::Center),
            (px - xs.start + 8, py - ys.start),
        )
        .map_err(fail)?;
    }
    let left = chart.backend_coord(&(lo, 0.0)).0;
    category_labels(
        &plot,
        left,
        bars.iter()
            .enumerate()
            .map(|(k, (name, _))| (chart.backend_coord(&(lo, row(k))).1, name.clone())),
    )
}
