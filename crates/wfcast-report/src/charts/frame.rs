//! What every chart shares: the embedded font, colours, text sizes and styles, the header
//! (title, subtitle, legend, note) and the value scale of an axis.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wfcast_core::analysis::Stats;

use super::glyphs;

/// A region of a drawing, in pixels from its top left corner.
pub(super) type Area<DB> = DrawingArea<DB, Shift>;

/// Drawing errors carry plotters' message; [`super::Chart`] turns them into
/// [`crate::Error::Chart`].
pub(super) type Drawn<T = ()> = std::result::Result<T, String>;

/// Keeps a plotters error's message (the chart's title is added by [`super::Chart`]).
pub(super) fn fail(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Family name the embedded font is registered under; SVG text names it too, so a browser
/// uses its own sans-serif font.
const FONT: &str = "sans-serif";

/// Registers the embedded DejaVu Sans once per process.
pub(super) fn fonts() -> Drawn {
    /// Whether both faces were registered (tried once).
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
/// Text, axes and zero lines.
pub(super) const INK: RGBColor = RGBColor(33, 33, 33);
/// Secondary text (subtitles, notes, axis names) and the neutral legend keys.
pub(super) const MUTED: RGBColor = RGBColor(96, 96, 96);
/// Grid lines, faint so the data stands out.
pub(super) const GRID: RGBColor = RGBColor(226, 226, 226);
/// The series colours, in order.
pub(super) const PALETTE: [RGBColor; 4] = [
    RGBColor(0x1b, 0x4f, 0x8a), // dark blue
    RGBColor(0xe0, 0x8a, 0x00), // orange
    RGBColor(0x2a, 0x8a, 0x4a), // green
    RGBColor(0x9c, 0x3d, 0x8a), // purple
];
/// Opacity of the P10–P90 band.
pub(super) const OUTER_BAND: f64 = 0.16;
/// Opacity of the P25–P75 band, drawn over the P10–P90 band.
pub(super) const INNER_BAND: f64 = 0.30;
/// What the P10–P90 band means, as legends say it.
pub(super) const OUTER_KEY: &str = "P10–P90, 8 draws in 10";
/// What the P25–P75 band means, as legends say it.
pub(super) const INNER_KEY: &str = "P25–P75, middle half of draws";

/// The colour of series `i`, repeating the palette.
pub(super) fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Regular text of `size` pixels.
pub(super) fn text(size: u32, colour: RGBColor) -> TextStyle<'static> {
    styled((FONT, size).into_font(), colour)
}

/// Bold text of `size` pixels.
pub(super) fn bold(size: u32, colour: RGBColor) -> TextStyle<'static> {
    styled((FONT, size, FontStyle::Bold).into_font(), colour)
}

/// `font` in `colour`.
fn styled(font: FontDesc<'static>, colour: RGBColor) -> TextStyle<'static> {
    TextStyle {
        color: colour.to_backend_color(),
        ..TextStyle::from(font)
    }
}

/// `style` placed by the point it is drawn at (e.g. right-aligned, centred vertically).
pub(super) fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// A legend entry's symbol.
#[derive(Clone, Copy)]
pub(super) enum Key {
    /// A mean line; dashed for odd series.
    Line(RGBColor, bool),
    /// A filled box of this colour and opacity.
    Swatch(RGBColor, f64),
    /// A horizontal error bar with caps.
    Whisker,
    /// Not drawn: the next entry starts a new row.
    Break,
}

/// Margin between the figure's edge and its text, in pixels.
pub(super) const PAD: i32 = 24;
// Text sizes in pixels (plotters' convention: about 1.24 times the em size). Charts are
// usually shown shrunk to a page's width, so nothing is smaller than 16.
/// The headline.
const TITLE_SIZE: u32 = 28;
/// The line under the headline.
const SUBTITLE_SIZE: u32 = 19;
/// Legend entries and notes.
const LEGEND_SIZE: u32 = 18;
/// Height of one legend row.
const LEGEND_ROW: i32 = 28;
/// Axis and category labels.
pub(super) const LABEL_SIZE: u32 = 18;
/// Numbers written at bars and line ends.
pub(super) const VALUE_SIZE: u32 = 17;
/// A small multiple's panel heading.
pub(super) const PANEL_TITLE_SIZE: u32 = 20;
/// A small multiple's axis labels.
pub(super) const PANEL_LABEL_SIZE: u32 = 17;

/// Draws the title, subtitle, legend and a note at the top of `root` and returns the area
/// below.
pub(super) fn header<DB: DrawingBackend>(
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

/// Draws a legend symbol `key` starting at `x`, centred on the line `mid`.
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

/// Whether everything a chart draws of `st` (mean, P10 to P90) is a number.
pub(super) fn finite(st: &Stats) -> bool {
    st.mean.is_finite() && st.q[1..=5].iter().all(|v| v.is_finite())
}

/// Lowest and highest value shown: the P10–P90 range of every series (with zero when asked),
/// padded so bands do not touch the frame.
pub(super) fn value_range<'a>(
    values: impl Iterator<Item = &'a Stats>,
    with_zero: bool,
) -> (f64, f64) {
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
pub(super) fn axis_decimals(span: f64) -> usize {
    if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else {
        2
    }
}
