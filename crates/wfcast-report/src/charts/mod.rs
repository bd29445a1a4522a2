//! Charts that show a forecast and how sure it is, as SVG (for the HTML report and
//! slides) and PNG (for documents and e-mail):
//! - [`FanChart`]: one or more quantities over the years, each with its mean line and its
//!   P25–P75 and P10–P90 bands (supply vs demand, scenario A vs B, or a difference B − A);
//! - [`SmallMultiples`]: one small fan chart per region in one figure;
//! - [`Tornado`]: which uncertain inputs drive the uncertainty of an outcome, in its unit;
//! - [`RangeBars`]: a mean per category with its P10–P90 range (e.g. the gap by role);
//! - [`Frontier`]: a plan's lever packages by cost and probability of meeting its target.
//!
//! Charts take plain data ([`Series`], label-value pairs), so the same code draws one
//! scenario's results and a comparison of two. Wrap a chart in [`Chart`] to render it.
//!
//! PNG text is drawn with DejaVu Sans compiled into the binary, so it renders the same on
//! a machine with no fonts installed; SVG text names the reader's own sans-serif font and
//! refers to nothing outside the file.
//!
//! Layout: `frame` holds what every chart shares (font, colours, header, scales); `fan`,
//! `multiples`, `bars` and `tornado` each define and draw one kind of chart (the tornado on
//! the bar charts' frame); `render` sizes a [`Chart`] and renders it as SVG or PNG, with
//! `glyphs` laying out the PNG's text.

mod bars;
mod fan;
mod frame;
mod frontier;
mod glyphs;
mod multiples;
mod render;
mod tornado;

pub use bars::RangeBars;
pub use fan::{FanChart, Series};
pub use frontier::{Frontier, PlanPoint};
pub use multiples::{Panel, PlacePanels, SmallMultiples, region_panels};
pub use render::Chart;
pub use tornado::{Bar, Tornado};
