//! The tornado of influences ([`Tornado`]): each input's signed effect on an outcome in
//! the outcome's unit, largest at the top, grey where it cannot be told from noise.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{BarAxis, bar_chart, category_labels, zero_line};
use super::frame::{
    Area, Drawn, INK, Key, MUTED, PAD, PALETTE, VALUE_SIZE, anchored, axis_decimals, bold, fail,
    header, text,
};
use crate::format::thousands;

/// Tornado chart: horizontal bars of signed effects on an outcome in the outcome's unit
/// (e.g. how many WTE the gap moves when an input goes from its P10 to its P90), largest
/// effect at the top; bars within the noise are grey. At most [`Tornado::MAX_BARS`] bars
/// are drawn; the figure says how many smaller ones were left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    /// Headline, e.g. "What drives the uncertainty of the 2030 gap".
    pub title: String,
    /// A line under the title; empty for none.
    pub subtitle: String,
    /// Horizontal axis label with its unit, e.g. "WTE the gap moves, input from P10 to P90".
    pub x_label: String,
    /// The outcome the effects refer to, e.g. "2030 gap"; used in the legend.
    pub outcome: String,
    /// The bars, in any order.
    pub bars: Vec<Bar>,
}

/// One input's bar in a [`Tornado`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The input's name.
    pub label: String,
    /// Its signed effect on the outcome.
    pub value: f64,
    /// Whether the effect cannot be told from noise: the bar is drawn grey.
    pub within_noise: bool,
}

impl Tornado {
    /// The most bars a tornado shows; smaller influences are summarised in a note.
    pub const MAX_BARS: usize = 15;
}

/// Grey for the bars within the noise.
const NOISE: RGBColor = RGBColor(190, 190, 190);

/// The notes under a tornado: the bars left out, and what grey means.
fn tornado_notes(hidden: usize, undefined: usize, noise: bool) -> Vec<String> {
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
    if noise {
        notes.push(
            "Grey: within the noise (neither swing nor share clear of 0, at 95% for all inputs together)."
                .to_owned(),
        );
    }
    notes
}

/// The half-width of a tornado's axis: a little past the longest bar, so value labels
/// fit, rounded up to 1, 1.5, 2, 3, 4, 5, 6 or 8 times a power of ten.
fn reach(longest: f64) -> f64 {
    let want = (longest * 1.25).max(f64::MIN_POSITIVE);
    let step = 10f64.powf(want.log10().floor());
    [1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * step)
        .find(|&r| r >= want)
        .unwrap_or(10.0 * step)
}

/// A signed number with thousands separators and a true minus sign.
fn signed(v: f64, decimals: usize) -> String {
    let body = thousands(v, decimals);
    if v > 0.0 && body.chars().any(|c| c != '0' && c != '.' && c != ',') {
        format!("+{body}")
    } else {
        body
    }
}

/// Draws a tornado filling `root`: the largest influences as signed bars with their
/// values (grey within the noise), and notes on any left out.
pub(super) fn draw_tornado<DB: DrawingBackend>(root: &Area<DB>, c: &Tornado) -> Drawn {
    if c.bars.is_empty() {
        return Err("no parameters to draw".to_owned());
    }
    let mut bars: Vec<&Bar> = c.bars.iter().filter(|b| b.value.is_finite()).collect();
    if bars.is_empty() {
        return Err("no parameter has a numeric influence".to_owned());
    }
    bars.sort_by(|a, b| {
        b.value
            .abs()
            .total_cmp(&a.value.abs())
            .then_with(|| a.label.cmp(&b.label))
    });
    let hidden = bars.len().saturating_sub(Tornado::MAX_BARS);
    bars.truncate(Tornado::MAX_BARS);
    let noise = bars.iter().any(|b| b.within_noise);
    let notes = tornado_notes(hidden, c.bars.len() - bars.len() - hidden, noise);
    let mut legend = vec![
        (
            Key::Swatch(PALETTE[0], 0.85),
            format!("higher value → larger {}", c.outcome),
        ),
        (
            Key::Swatch(PALETTE[1], 0.85),
            format!("higher value → smaller {}", c.outcome),
        ),
    ];
    if noise {
        legend.push((Key::Swatch(NOISE, 1.0), "within the noise".to_owned()));
    }
    let plot = header(root, &c.title, &c.subtitle, &legend, "")?;
    let n = bars.len();
    let m = reach(bars.first().map_or(0.0, |b| b.value.abs()));
    let decimals = axis_decimals(m);
    let x_fmt = |v: &f64| {
        if v.abs() < m * 1e-9 {
            "0".to_owned()
        } else {
            thousands(*v, decimals)
        }
    };
    let labels: Vec<&str> = bars.iter().map(|b| b.label.as_str()).collect();
    let axis = BarAxis {
        x: -m..m,
        ticks: 5,
        format: &x_fmt,
        desc: &c.x_label,
        margin_bottom: 12 + 24 * notes.len() as u32,
    };
    let mut chart = bar_chart(&plot, &labels, axis)?;
    // the largest influence at the top
    let row = |k: usize| (n - 1 - k) as f64;
    chart
        .draw_series(bars.iter().enumerate().map(|(k, b)| {
            let colour = match (b.within_noise, b.value >= 0.0) {
                (true, _) => NOISE.filled(),
                (false, true) => PALETTE[0].mix(0.85).filled(),
                (false, false) => PALETTE[1].mix(0.85).filled(),
            };
            Rectangle::new([(0.0, row(k) - 0.32), (b.value, row(k) + 0.32)], colour)
        }))
        .map_err(fail)?;
    zero_line(&mut chart, n)?;
    let (xs, ys) = plot.get_pixel_range();
    let (edge_left, edge_right) = (
        chart.backend_coord(&(-m, 0.0)).0,
        chart.backend_coord(&(m, 0.0)).0,
    );
    for (k, b) in bars.iter().enumerate() {
        let v = b.value;
        let (px, py) = chart.backend_coord(&(v, row(k)));
        let label = signed(v, axis_decimals(v.abs()).max(decimals));
        let width = plot
            .estimate_text_size(&label, &text(VALUE_SIZE, INK))
            .map_err(fail)?
            .0 as i32;
        let outside = if v >= 0.0 {
            edge_right - px
        } else {
            px - edge_left
        };
        // beyond the bar's end if there is room, else inside it in white
        let fits = outside >= width + 12;
        let (h, dx, ink) = match (v >= 0.0, fits) {
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
            .map(|(k, b)| (chart.backend_coord(&(-m, row(k))).1, b.label.clone())),
    )?;
    let (_, h) = plot.dim_in_pixel();
    for (i, note) in notes.iter().rev().enumerate() {
        plot.draw_text(
            note,
            &text(VALUE_SIZE, MUTED),
            (PAD, h as i32 - 22 - 24 * i as i32),
        )
        .map_err(fail)?;
    }
    Ok(())
}
