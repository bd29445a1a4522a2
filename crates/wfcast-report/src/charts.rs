//! Charts that show a forecast and how sure it is, as SVG (for the HTML report and
//! slides) and PNG (for documents and e-mail):
//! - [`FanChart`]: one or more quantities over the years, each with its median line and its
//!   P25–P75 and P10–P90 bands (supply vs demand, scenario A vs B, or a difference B − A);
//! - [`SmallMultiples`]: one small fan chart per region in one figure;
//! - [`Tornado`]: which uncertain inputs drive the uncertainty of an outcome;
//! - [`RangeBars`]: a mean per category with its P10–P90 range (e.g. the gap by role).
//!
//! Charts take plain data ([`Series`], label-value pairs), so the same code draws one
//! scenario's results and a comparison of two. Wrap a chart in [`Chart`] to render it.
//!
//! PNG text is drawn with DejaVu Sans compiled into the binary, so it renders the same on
//! a machine with no fonts installed; SVG text names the reader's own sans-serif font and
//! refers to nothing outside the file.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wfcast_core::summary::{Stats, SummaryRow};
use wfcast_core::taxonomy::{ALL, REGIONS};

use crate::error::{Error, Result};
use crate::format::thousands;
use crate::glyphs::{self, Raster};

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
        metric: &str,
    ) -> Self {
        let mut points: Vec<(i32, Stats)> = rows
            .iter()
            .filter(|r| r.role == role && r.region == region && r.metric == metric)
            .map(|r| (r.year, r.stats))
            .collect();
        points.sort_by_key(|(year, _)| *year);
        Self::new(label, points)
    }
}

/// Fan chart: each series' median over the years with its P25–P75 (darker) and P10–P90
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

/// One panel of a [`SmallMultiples`] figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Panel heading, e.g. a region's name.
    pub title: String,
    /// The quantities shown in this panel, in the same order in every panel.
    pub series: Vec<Series>,
}

/// Small multiples: one small fan chart per panel (e.g. per region, or scenario A and B),
/// sharing one legend. The figure says whether the panels share one vertical scale.
#[derive(Debug, Clone, PartialEq)]
pub struct SmallMultiples {
    /// Headline above the figure.
    pub title: String,
    /// A line under the title; empty for none.
    pub subtitle: String,
    /// Vertical axis label with its unit, e.g. "WTE".
    pub y_label: String,
    /// The panels, in reading order (left to right, then down).
    pub panels: Vec<Panel>,
    /// Draw a line at zero in every panel and keep zero in view.
    pub zero_line: bool,
    /// Put every panel on one vertical scale, so heights compare across panels (use it for
    /// A vs B); otherwise each panel has its own scale, so small regions stay readable.
    pub shared_scale: bool,
}

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

/// Any chart, ready to render as SVG or PNG.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// See [`FanChart`].
    Fan(FanChart),
    /// See [`SmallMultiples`].
    SmallMultiples(SmallMultiples),
    /// See [`Tornado`].
    Tornado(Tornado),
    /// See [`RangeBars`].
    RangeBars(RangeBars),
}

impl From<FanChart> for Chart {
    fn from(c: FanChart) -> Self {
        Self::Fan(c)
    }
}

impl From<SmallMultiples> for Chart {
    fn from(c: SmallMultiples) -> Self {
        Self::SmallMultiples(c)
    }
}

impl From<Tornado> for Chart {
    fn from(c: Tornado) -> Self {
        Self::Tornado(c)
    }
}

impl From<RangeBars> for Chart {
    fn from(c: RangeBars) -> Self {
        Self::RangeBars(c)
    }
}

/// One panel per region (NHS England regions in reporting order, titled with their names)
/// showing, for every `(label, metric)` in `metrics`, that metric for all roles in the region.
/// Regions absent from `rows` (e.g. under `--region`) get no panel.
pub fn region_panels(rows: &[SummaryRow], metrics: &[(&str, &str)]) -> Vec<Panel> {
    REGIONS
        .iter()
        .map(|(id, name)| Panel {
            title: (*name).to_owned(),
            series: metrics
                .iter()
                .map(|(label, metric)| Series::from_summary(*label, rows, ALL, id, metric))
                .collect(),
        })
        .filter(|p| p.series.iter().any(|s| !s.points.is_empty()))
        .collect()
}

impl Chart {
    /// The chart's headline.
    pub fn title(&self) -> &str {
        match self {
            Self::Fan(c) => &c.title,
            Self::SmallMultiples(c) => &c.title,
            Self::Tornado(c) => &c.title,
            Self::RangeBars(c) => &c.title,
        }
    }

    /// Width and height in pixels (PNG) or user units (SVG).
    pub fn size(&self) -> (u32, u32) {
        match self {
            Self::Fan(_) => (1000, 660),
            Self::SmallMultiples(c) => {
                let (rows, cols) = grid(c.panels.len());
                // few panels: narrower, so a page shows them unscaled; more: taller rows
                let (width, row_height) = if cols <= 2 { (1000, 440) } else { (1200, 320) };
                (width, 200 + row_height * rows as u32)
            }
            Self::Tornado(c) => (1000, 200 + 36 * c.bars.len().min(Tornado::MAX_BARS) as u32),
            Self::RangeBars(c) => (1000, 200 + 36 * c.bars.len() as u32),
        }
    }

    /// The chart as a self-contained SVG document.
    pub fn svg(&self) -> Result<String> {
        fonts().map_err(|reason| self.error(reason))?;
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, self.size()).into_drawing_area();
            self.draw(&root).map_err(|reason| self.error(reason))?;
            root.present().map_err(|e| self.error(e.to_string()))?;
        }
        Ok(out)
    }

    /// The chart as PNG bytes (8-bit RGB).
    pub fn png(&self) -> Result<Vec<u8>> {
        fonts().map_err(|reason| self.error(reason))?;
        let (w, h) = self.size();
        let mut pixels = vec![255u8; w as usize * h as usize * 3];
        {
            let root = Raster(BitMapBackend::with_buffer(&mut pixels, (w, h))).into_drawing_area();
            self.draw(&root).map_err(|reason| self.error(reason))?;
            root.present().map_err(|e| self.error(e.to_string()))?;
        }
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder
            .write_header()
            .map_err(|e| self.error(e.to_string()))?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| self.error(e.to_string()))?;
        writer.finish().map_err(|e| self.error(e.to_string()))?;
        Ok(out)
    }

    fn error(&self, reason: String) -> Error {
        Error::Chart {
            chart: self.title().to_owned(),
            reason,
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn {
        root.fill(&WHITE).map_err(fail)?;
        match self {
            Self::Fan(c) => draw_fan(root, c),
            Self::SmallMultiples(c) => draw_small_multiples(root, c),
            Self::Tornado(c) => draw_tornado(root, c),
            Self::RangeBars(c) => draw_range_bars(root, c),
        }
    }
}

type Area<DB> = DrawingArea<DB, Shift>;

/// Drawing errors carry plotters' message; [`Chart`] turns them into [`Error::Chart`].
type Drawn<T = ()> = std::result::Result<T, String>;

fn fail(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Family name the embedded font is registered under; SVG text names it too, so a browser
/// uses its own sans-serif font.
const FONT: &str = "sans-serif";

/// Registers the embedded DejaVu Sans once per process.
fn fonts() -> Drawn {
    static READY: OnceLock<bool> = OnceLock::new();
    let ready = *READY.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    if ready && glyphs::available() {
        Ok(())
    } else {
        Err("the embedded DejaVu Sans font could not be read".to_owned())
    }
}

// Colours: the series palette alternates dark and light so that the first two series stay
// apart in greyscale print; the second series is also dashed.
const INK: RGBColor = RGBColor(33, 33, 33);
const MUTED: RGBColor = RGBColor(96, 96, 96);
const GRID: RGBColor = RGBColor(226, 226, 226);
const PALETTE: [RGBColor; 4] = [
    RGBColor(0x1b, 0x4f, 0x8a), // dark blue
    RGBColor(0xe0, 0x8a, 0x00), // orange
    RGBColor(0x2a, 0x8a, 0x4a), // green
    RGBColor(0x9c, 0x3d, 0x8a), // purple
];
/// Opacity of the P10–P90 band and of the P25–P75 band drawn over it.
const OUTER_BAND: f64 = 0.16;
const INNER_BAND: f64 = 0.30;
const OUTER_KEY: &str = "P10–P90, 8 draws in 10";
const INNER_KEY: &str = "P25–P75, middle half of draws";

fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

fn text(size: u32, colour: RGBColor) -> TextStyle<'static> {
    styled((FONT, size).into_font(), colour)
}

fn bold(size: u32, colour: RGBColor) -> TextStyle<'static> {
    styled((FONT, size, FontStyle::Bold).into_font(), colour)
}

fn styled(font: FontDesc<'static>, colour: RGBColor) -> TextStyle<'static> {
    TextStyle {
        color: colour.to_backend_color(),
        ..TextStyle::from(font)
    }
}

fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// A legend entry's symbol.
#[derive(Clone, Copy)]
enum Key {
    /// A median line; dashed for odd series.
    Line(RGBColor, bool),
    /// A filled box of this colour and opacity.
    Swatch(RGBColor, f64),
    /// A horizontal error bar with caps.
    Whisker,
    /// Not drawn: the next entry starts a new row.
    Break,
}

const PAD: i32 = 24;
// Text sizes in pixels (plotters' convention: about 1.24 times the em size). Charts are
// usually shown shrunk to a page's width, so nothing is smaller than 16.
const TITLE_SIZE: u32 = 28;
const SUBTITLE_SIZE: u32 = 19;
const LEGEND_SIZE: u32 = 18;
const LEGEND_ROW: i32 = 28;
const LABEL_SIZE: u32 = 18;
const VALUE_SIZE: u32 = 17;
const PANEL_TITLE_SIZE: u32 = 20;
const PANEL_LABEL_SIZE: u32 = 17;

/// Draws the title, subtitle, legend and a note at the top of `root` and returns the area
/// below.
fn header<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    subtitle: &str,
    legend: &[(Key, String)],
    note: &str,
) -> Drawn<Area<DB>> {
    let (w, _) = root.dim_in_pixel();
    let mut y = 16;
    root.draw_text(title, &bold(TITLE_SIZE, INK), (PAD, y))
        .map_err(fail)?;
    y += TITLE_SIZE as i32 + 8;
    if !subtitle.is_empty() {
        root.draw_text(subtitle, &text(SUBTITLE_SIZE, MUTED), (PAD, y))
            .map_err(fail)?;
        y += SUBTITLE_SIZE as i32 + 10;
    }
    y += 4;
    // legend: entries flow left to right and wrap
    let style = text(LEGEND_SIZE, INK);
    let mut x = PAD;
    for (key, label) in legend {
        if matches!(key, Key::Break) {
            if x > PAD {
                x = PAD;
                y += LEGEND_ROW;
            }
            continue;
        }
        let (tw, _) = root.estimate_text_size(label, &style).map_err(fail)?;
        let width = 40 + tw as i32 + 26;
        if x > PAD && x + width > w as i32 - PAD {
            x = PAD;
            y += LEGEND_ROW;
        }
        let mid = y + LEGEND_ROW / 2 - 2;
        draw_key(root, *key, x, mid)?;
        root.draw_text(
            label,
            &anchored(style.clone(), HPos::Left, VPos::Center),
            (x + 40, mid),
        )
        .map_err(fail)?;
        x += width;
    }
    if !legend.is_empty() {
        y += LEGEND_ROW;
    }
    if !note.is_empty() {
        root.draw_text(note, &text(LEGEND_SIZE, MUTED), (PAD, y + 4))
            .map_err(fail)?;
        y += LEGEND_ROW;
    }
    Ok(root.split_vertically(y + 6).1)
}

fn draw_key<DB: DrawingBackend>(root: &Area<DB>, key: Key, x: i32, mid: i32) -> Drawn {
    match key {
        Key::Line(c, dashed) => {
            let style = c.stroke_width(3);
            if dashed {
                for x0 in [x, x + 12, x + 24] {
                    root.draw(&PathElement::new(vec![(x0, mid), (x0 + 8, mid)], style))
                        .map_err(fail)?;
                }
            } else {
                root.draw(&PathElement::new(vec![(x, mid), (x + 32, mid)], style))
                    .map_err(fail)?;
            }
        }
        Key::Swatch(c, opacity) => {
            root.draw(&Rectangle::new(
                [(x, mid - 8), (x + 32, mid + 8)],
                c.mix(opacity).filled(),
            ))
            .map_err(fail)?;
            // an outline keeps a pale swatch visible
            root.draw(&Rectangle::new(
                [(x, mid - 8), (x + 32, mid + 8)],
                c.mix(0.45).stroke_width(1),
            ))
            .map_err(fail)?;
        }
        Key::Break => {}
        Key::Whisker => {
            let style = INK.stroke_width(2);
            root.draw(&PathElement::new(vec![(x, mid), (x + 32, mid)], style))
                .map_err(fail)?;
            for cap in [x, x + 32] {
                root.draw(&PathElement::new(
                    vec![(cap, mid - 6), (cap, mid + 6)],
                    style,
                ))
                .map_err(fail)?;
            }
        }
    }
    Ok(())
}

/// Legend of a fan chart: one row naming the series, then a row saying what the line and
/// the two bands mean (in neutral grey, as every series follows the same rule).
fn fan_legend(series: &[Series]) -> Vec<(Key, String)> {
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
    legend.push((Key::Line(MUTED, false), "line: median".to_owned()));
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

fn check_series(series: &[Series]) -> Drawn {
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

/// Whether everything a chart draws of `st` (mean, P10 to P90) is a number.
fn finite(st: &Stats) -> bool {
    st.mean.is_finite() && st.q[1..=5].iter().all(|v| v.is_finite())
}

/// Longest category label drawn, in characters; longer ones are cut with an ellipsis so the
/// bars keep most of the width.
const MAX_LABEL: usize = 48;

fn short(label: &str) -> String {
    if label.chars().count() <= MAX_LABEL {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(MAX_LABEL - 1).collect();
        format!("{cut}…")
    }
}

/// Lowest and highest value shown: the P10–P90 range of every series (with zero when asked),
/// padded so bands do not touch the frame.
fn value_range<'a>(values: impl Iterator<Item = &'a Stats>, with_zero: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for s in values {
        for v in [s.q[1], s.q[5], s.q[3], s.mean] {
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
    }
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if with_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let pad = if hi > lo {
        (hi - lo) * 0.06
    } else {
        lo.abs().max(1.0) * 0.1
    };
    (lo - pad, hi + pad)
}

/// Decimals for axis labels over a range of this width: none unless the range is small.
fn axis_decimals(span: f64) -> usize {
    if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else {
        2
    }
}

fn draw_fan<DB: DrawingBackend>(root: &Area<DB>, c: &FanChart) -> Drawn {
    check_series(&c.series)?;
    let plot = header(root, &c.title, &c.subtitle, &fan_legend(&c.series), "")?;
    fan_panel(&plot, &c.series, &c.y_label, c.zero_line, None, None)
}

/// Draws one fan panel filling `area`; `panel_title` makes it a compact small multiple and
/// `range` fixes the vertical scale.
fn fan_panel<DB: DrawingBackend>(
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
        builder.caption(t, bold(PANEL_TITLE_SIZE, INK));
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
        let median: Vec<(i32, f64)> = s.points.iter().map(|(y, st)| (*y, st.q[3])).collect();
        let style = colour(i).stroke_width(width);
        if i % 2 == 1 {
            chart
                .draw_series(DashedLineSeries::new(median, 10, 6, style))
                .map_err(fail)?;
        } else {
            chart
                .draw_series(LineSeries::new(median, style))
                .map_err(fail)?;
        }
    }
    if !compact {
        end_labels(area, &chart, series, decimals)?;
    }
    Ok(())
}

/// Writes each series' final median at the right end of its line, nudged apart so labels
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
            let (px, py) = chart.backend_coord(&(*year, st.q[3]));
            Some((
                px - xs.start + 8,
                py - ys.start,
                i,
                thousands(st.q[3], decimals),
            ))
        })
        .collect();
    labels.sort_by_key(|l| l.1);
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

/// Rows and columns of a grid for `n` cells, at most four columns.
fn grid(n: usize) -> (usize, usize) {
    let cols = n.clamp(1, 4);
    (n.div_ceil(cols), cols)
}

fn draw_small_multiples<DB: DrawingBackend>(root: &Area<DB>, c: &SmallMultiples) -> Drawn {
    let first = c
        .panels
        .first()
        .ok_or_else(|| "no panels to draw".to_owned())?;
    for p in &c.panels {
        check_series(&p.series).map_err(|e| format!("panel \"{}\": {e}", p.title))?;
    }
    let note = if c.shared_scale {
        format!("Vertical axes: {}, one scale for all panels.", c.y_label)
    } else {
        format!(
            "Vertical axes: {}. Each panel has its own scale: compare shapes and widths, not heights.",
            c.y_label
        )
    };
    let below = header(
        root,
        &c.title,
        &c.subtitle,
        &fan_legend(&first.series),
        &note,
    )?;
    let range = c.shared_scale.then(|| {
        value_range(
            c.panels.iter().flat_map(|p| {
                p.series
                    .iter()
                    .flat_map(|s| s.points.iter().map(|(_, st)| st))
            }),
            c.zero_line,
        )
    });
    let cells = below.margin(0, 8, 8, 16).split_evenly(grid(c.panels.len()));
    for (cell, panel) in cells.iter().zip(&c.panels) {
        fan_panel(
            cell,
            &panel.series,
            &c.y_label,
            c.zero_line,
            Some(&panel.title),
            range,
        )?;
    }
    Ok(())
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
    x: std::ops::Range<f64>,
    ticks: usize,
    format: &'a dyn Fn(&f64) -> String,
    desc: &'a str,
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

fn draw_tornado<DB: DrawingBackend>(root: &Area<DB>, c: &Tornado) -> Drawn {
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
    chart
        .draw_series(LineSeries::new(
            [(0.0, -0.5), (0.0, n as f64 - 0.5)],
            INK.stroke_width(1),
        ))
        .map_err(fail)?;
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

fn draw_range_bars<DB: DrawingBackend>(root: &Area<DB>, c: &RangeBars) -> Drawn {
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
    chart
        .draw_series(LineSeries::new(
            [(0.0, -0.5), (0.0, n as f64 - 0.5)],
            INK.stroke_width(1),
        ))
        .map_err(fail)?;
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
