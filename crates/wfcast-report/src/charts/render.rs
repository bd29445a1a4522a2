//! [`Chart`]: any chart, sized and rendered as an SVG document or PNG bytes.

use plotters::prelude::*;

use super::bars::{RangeBars, draw_range_bars};
use super::fan::{FanChart, draw_fan};
use super::frame::{Area, Drawn, fail, fonts};
use super::frontier::{Frontier, draw_frontier};
use super::glyphs::Raster;
use super::multiples::{SmallMultiples, draw_small_multiples, grid};
use super::tornado::{Tornado, draw_tornado};
use crate::error::{Error, Result};

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
    /// See [`Frontier`].
    Frontier(Frontier),
}

impl From<Frontier> for Chart {
    fn from(c: Frontier) -> Self {
        Self::Frontier(c)
    }
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

impl Chart {
    /// The chart's headline.
    pub fn title(&self) -> &str {
        match self {
            Self::Fan(c) => &c.title,
            Self::SmallMultiples(c) => &c.title,
            Self::Tornado(c) => &c.title,
            Self::RangeBars(c) => &c.title,
            Self::Frontier(c) => &c.title,
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
            Self::Tornado(c) => (1000, 240 + 36 * c.bars.len().min(Tornado::MAX_BARS) as u32),
            Self::RangeBars(c) => (1000, 200 + 36 * c.bars.len() as u32),
            Self::Frontier(_) => (1000, 660),
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

    /// A drawing failure as the crate's error, naming this chart.
    fn error(&self, reason: String) -> Error {
        Error::Chart {
            chart: self.title().to_owned(),
            reason,
        }
    }

    /// Draws the chart on a white `root`, of whatever backend.
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn {
        root.fill(&WHITE).map_err(fail)?;
        match self {
            Self::Fan(c) => draw_fan(root, c),
            Self::SmallMultiples(c) => draw_small_multiples(root, c),
            Self::Tornado(c) => draw_tornado(root, c),
            Self::RangeBars(c) => draw_range_bars(root, c),
            Self::Frontier(c) => draw_frontier(root, c),
        }
    }
}
