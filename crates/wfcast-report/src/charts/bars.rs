//! Horizontal bar charts: the frame they share (one row per labelled category, the value
//! axis below), and a mean per category with its P10–P90 range ([`RangeBars`]). The
//! tornado (`tornado.rs`) draws on the same frame.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use wfcast_core::analysis::Stats;

use super::frame::{
    Area, Drawn, GRID, INK, Key, LABEL_SIZE, MUTED, OUTER_KEY, PAD, PALETTE, VALUE_SIZE, anchored,
    axis_decimals, bold, fail, finite, header, text, value_range,
};
use crate::format::thousands;

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
pub(super) fn category_labels<DB: DrawingBackend>(
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
pub(super) struct BarAxis<'a> {
    /// The values shown, left to right.
    pub(super) x: std::ops::Range<f64>,
    /// How many tick labels to aim for.
    pub(super) ticks: usize,
    /// A tick's label.
    pub(super) format: &'a dyn Fn(&f64) -> String,
    /// The axis's name, with its unit.
    pub(super) desc: &'a str,
    /// Room below the axis (for a note), in pixels.
    pub(super) margin_bottom: u32,
}

/// A horizontal bar chart's frame, shared by the tornado and the range bars: one row per
/// label (room for the widest), the value axis below with vertical grid lines only.
pub(super) fn bar_chart<'a, DB: DrawingBackend>(
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
pub(super) fn zero_line<DB: DrawingBackend>(
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
