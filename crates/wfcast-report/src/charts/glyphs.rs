//! Text in PNG charts, drawn with the embedded DejaVu Sans (licence in `fonts/`).
//!
//! plotters 0.3.7 rasterises `ab_glyph` text one glyph at a time from each glyph's own
//! bounding box, dropping the side bearing and the baseline: digits come out unevenly
//! spaced ("2 03 0") and full stops float at mid-height. [`Raster`] wraps plotters' bitmap
//! backend and lays text out on a common baseline with advances, kerning and side bearings
//! (hand-written because it is the one method of the backend that needs fixing; everything
//! else is passed through).

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::backend::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

/// The regular and bold faces, parsed once.
fn faces() -> Option<&'static (FontRef<'static>, FontRef<'static>)> {
    /// Parsed on first use; `None` if either face cannot be read.
    static FACES: OnceLock<Option<(FontRef<'static>, FontRef<'static>)>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some((
                FontRef::try_from_slice(dejavu::sans::regular()).ok()?,
                FontRef::try_from_slice(dejavu::sans::bold()).ok()?,
            ))
        })
        .as_ref()
}

/// Whether the embedded faces can be read (checked before drawing, so a broken font is an
/// error rather than a chart without text).
pub(crate) fn available() -> bool {
    faces().is_some()
}

/// The face of `style`: bold, or regular for every other style.
fn face(style: FontStyle) -> Option<&'static FontRef<'static>> {
    faces().map(|(regular, bold)| match style {
        FontStyle::Bold => bold,
        _ => regular,
    })
}

/// Width of `text` in pixels and the height plotters reserves for a line of it: the same
/// convention as plotters' own estimate (`size / 1.24`), so layouts computed through
/// either agree.
fn measure(font: &FontRef<'static>, size: f64, text: &str) -> (i32, i32) {
    let scaled = font.as_scaled(PxScale::from(size as f32));
    let mut width = 0.0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        prev = Some(id);
    }
    (width.ceil() as i32, (size / 1.24) as i32)
}

/// plotters' bitmap backend with correct text.
pub(crate) struct Raster<'a>(pub(crate) BitMapBackend<'a>);

/// What the backend's drawing methods return.
type Drawn<E> = Result<(), DrawingErrorKind<E>>;

impl DrawingBackend for Raster<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Drawn<Self::ErrorType> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Drawn<Self::ErrorType> {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn<Self::ErrorType> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn<Self::ErrorType> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn<Self::ErrorType> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn<Self::ErrorType> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn<Self::ErrorType> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn<Self::ErrorType> {
        self.0.fill_polygon(vert, style)
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        match face(style.style()) {
            Some(font) => {
                let (w, h) = measure(font, style.size(), text);
                Ok((w.max(0) as u32, h.max(0) as u32))
            }
            None => self.0.estimate_text_size(text, style),
        }
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Drawn<Self::ErrorType> {
        let color = style.color();
        let Some(font) = face(style.style()) else {
            return self.0.draw_text(text, style, pos);
        };
        if color.alpha == 0.0 {
            return Ok(());
        }
        let size = style.size();
        let (width, height) = measure(font, size, text);
        let scaled = font.as_scaled(PxScale::from(size as f32));
        // Centre the capital letters in the line box, as the SVG backend's `dy` does.
        let cap = scaled
            .outline_glyph(scaled.scaled_glyph('H'))
            .map_or(size as f32 * 0.6, |g| g.px_bounds().height());
        let baseline = (height as f32 + cap) / 2.0;
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let turn = style.transform();
        let mut pixels = Vec::new();
        let mut caret = 0.0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                caret += scaled.kern(p, id);
            }
            let glyph = id.with_scale_and_position(scaled.scale(), point(caret, baseline));
            if let Some(outline) = scaled.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|x, y, coverage| {
                    pixels.push((
                        b.min.x as i32 + x as i32,
                        b.min.y as i32 + y as i32,
                        coverage,
                    ));
                });
            }
            caret += scaled.h_advance(id);
            prev = Some(id);
        }
        for (x, y, coverage) in pixels {
            let (x, y) = turn.transform(x + dx, y + dy);
            self.0.draw_pixel(
                (pos.0 + x, pos.1 + y),
                BackendColor {
                    alpha: color.alpha * f64::from(coverage.min(1.0)),
                    rgb: color.rgb,
                },
            )?;
        }
        Ok(())
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Drawn<Self::ErrorType> {
        self.0.blit_bitmap(pos, size, src)
    }
}
