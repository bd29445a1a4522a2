//! One self-contained HTML page (`report.html`, `compare.html`): inline CSS and SVG, no
//! network, every piece of text escaped; a page with an explore view (see
//! [`Page::explore`]) also carries its data as JSON and the script that draws it, inline. A page is a title, a list of what was
//! run, an optional headline table and sections, each with a heading, a short explanation
//! and figures or tables.
//!
//! ```
//! use wfcast_report::format::NumberFormat;
//! use wfcast_report::html::{Block, Cell, Page, Section, Table};
//!
//! let headline = Table::new(["", "2030 mean", "P10", "P90"])
//!     .row([Cell::text("Gap (WTE)"), Cell::num(4870.0, NumberFormat::Count),
//!           Cell::num(3260.0, NumberFormat::Count), Cell::num(6850.0, NumberFormat::Count)]);
//! let html = Page::new("wfcast report: data-driven")
//!     .meta("Scenario", "data-driven")
//!     .meta("Draws", "1,000")
//!     .headline(headline)
//!     .section(Section::new("Gap by role", "Establishment minus staff in post.")
//!         .block(Block::figure("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", "Gap by role")))
//!     .render();
//! assert!(html.contains("<svg") && !html.contains("<script"));
//! ```

use std::fmt::Write as _;

use crate::charts::Chart;
use crate::error::Result;
use crate::format::{NumberFormat, format};

/// An HTML page being built.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    title: String,
    intro: String,
    meta: Vec<(String, String)>,
    headline: Option<Table>,
    explore: Option<String>,
    sections: Vec<Section>,
}

/// The interactive view's script and style: plain JavaScript and CSS, inlined so the page
/// needs nothing beyond itself.
const EXPLORE_JS: &str = include_str!("assets/explore.js");
const EXPLORE_CSS: &str = include_str!("assets/explore.css");

/// A titled part of a page: a heading, a short paragraph, then its blocks in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    heading: String,
    text: String,
    blocks: Vec<Block>,
}

/// Something shown in a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A chart as inline SVG with a caption under it.
    Figure {
        /// The SVG document, as made by [`crate::charts::Chart::svg`]; inserted as is.
        svg: String,
        /// A note under the figure (source, how to read it); also its accessible name.
        /// Empty for none: the chart's own title and legend then speak for it.
        caption: String,
        /// What the chart shows, for screen readers (the SVG's `<title>` and `aria-label`);
        /// empty to use the caption.
        alt: String,
    },
    /// A table of text and numbers.
    Table(Table),
    /// A paragraph of text.
    Paragraph(String),
    /// Blocks next to each other (e.g. scenario A and B), stacked on narrow screens and paper.
    SideBySide(Vec<Block>),
}

/// A table: column headers and rows of cells. Columns whose cells are numbers are right
/// aligned, headers included.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    caption: String,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, left aligned.
    Text(String),
    /// A number shown in a format, right aligned.
    Number(f64, NumberFormat),
    /// A number with a note after it (e.g. a range), right aligned.
    NumberWithNote(f64, NumberFormat, String),
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    /// A number cell.
    pub fn num(x: f64, format: NumberFormat) -> Self {
        Self::Number(x, format)
    }

    /// A number cell with a note in smaller type after it, e.g. "(3,260 to 6,850)".
    pub fn num_note(x: f64, format: NumberFormat, note: impl Into<String>) -> Self {
        Self::NumberWithNote(x, format, note.into())
    }

    fn is_number(&self) -> bool {
        !matches!(self, Self::Text(_))
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Self::text(s)
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl Table {
    /// A table with these column headers and no rows yet.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        Self {
            caption: String::new(),
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Sets the caption shown above the table.
    pub fn caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = caption.into();
        self
    }

    /// Adds a row.
    pub fn row<C: Into<Cell>>(mut self, cells: impl IntoIterator<Item = C>) -> Self {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    /// Adds a row (for filling a table in a loop).
    pub fn push_row<C: Into<Cell>>(&mut self, cells: impl IntoIterator<Item = C>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn numeric_column(&self, c: usize) -> bool {
        let mut cells = self.rows.iter().filter_map(|r| r.get(c)).peekable();
        cells.peek().is_some() && cells.all(Cell::is_number)
    }

    fn render(&self, out: &mut String, class: &str) {
        out.push_str(&format!(
            "<div class=\"table-wrap\"><table class=\"{class}\">"
        ));
        if !self.caption.is_empty() {
            out.push_str(&format!("<caption>{}</caption>", escape(&self.caption)));
        }
        let numeric: Vec<bool> = (0..self.header.len())
            .map(|c| self.numeric_column(c))
            .collect();
        let align = |c: usize| {
            if numeric.get(c).copied().unwrap_or(false) {
                " class=\"num\""
            } else {
                ""
            }
        };
        out.push_str("<thead><tr>");
        for (c, h) in self.header.iter().enumerate() {
            out.push_str(&format!("<th scope=\"col\"{}>{}</th>", align(c), escape(h)));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            out.push_str("<tr>");
            for (c, cell) in row.iter().enumerate() {
                // the first text column labels the row
                let (open, close) = if c == 0 && !cell.is_number() {
                    ("<th scope=\"row\"", "</th>")
                } else {
                    ("<td", "</td>")
                };
                match cell {
                    Cell::Text(s) => out.push_str(&format!("{open}>{}{close}", escape(s))),
                    Cell::Number(x, f) => {
                        out.push_str(&format!(
                            "{open} class=\"num\">{}{close}",
                            escape(&format(*x, *f))
                        ));
                    }
                    Cell::NumberWithNote(x, f, note) => out.push_str(&format!(
                        "{open} class=\"num\">{} <span class=\"note\">{}</span>{close}",
                        escape(&format(*x, *f)),
                        escape(note)
                    )),
                }
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>\n");
    }
}

impl Block {
    /// A figure from an SVG document made by [`crate::charts::Chart::svg`].
    pub fn figure(svg: impl Into<String>, caption: impl Into<String>) -> Self {
        Self::Figure {
            svg: svg.into(),
            caption: caption.into(),
            alt: String::new(),
        }
    }

    /// A chart as inline SVG with no caption, named `alt` for screen readers.
    pub fn image(svg: impl Into<String>, alt: impl Into<String>) -> Self {
        Self::Figure {
            svg: svg.into(),
            caption: String::new(),
            alt: alt.into(),
        }
    }

    /// A figure drawn from `chart` (rendered to SVG here).
    pub fn chart(chart: &Chart, caption: impl Into<String>) -> Result<Self> {
        Ok(Self::figure(chart.svg()?, caption))
    }

    fn render(&self, out: &mut String) {
        match self {
            Self::Figure { svg, caption, alt } if caption.is_empty() => {
                let _ = writeln!(out, "<figure>{}</figure>", labelled_svg(svg, alt));
            }
            Self::Figure { svg, caption, alt } => {
                let label = if alt.is_empty() { caption } else { alt };
                let _ = writeln!(
                    out,
                    "<figure role=\"group\" aria-label=\"{0}\">{1}<figcaption>{0}</figcaption></figure>",
                    escape(caption),
                    labelled_svg(svg, label)
                );
            }
            Self::Table(t) => t.render(out, "data"),
            Self::Paragraph(p) => {
                let _ = writeln!(out, "<p>{}</p>", escape(p));
            }
            Self::SideBySide(blocks) => {
                out.push_str("<div class=\"side-by-side\">");
                for b in blocks {
                    out.push_str("<div>");
                    b.render(out);
                    out.push_str("</div>");
                }
                out.push_str("</div>\n");
            }
        }
    }
}

/// An SVG document ready to sit inside HTML: any XML prologue or doctype before the `<svg`
/// element removed (they are not allowed there).
fn inline_svg(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |i| &svg[i..]).trim_end()
}

/// `svg` inline, announced to screen readers as an image named `label` (`role="img"`, an
/// `aria-label` and a `<title>`), when there is a label.
fn labelled_svg(svg: &str, label: &str) -> String {
    let svg = inline_svg(svg);
    match (label.is_empty(), svg.strip_prefix("<svg"), svg.find('>')) {
        (false, Some(_), Some(end)) => format!(
            "<svg role=\"img\" aria-label=\"{0}\"{1}<title>{0}</title>{2}",
            escape(label),
            &svg[4..=end],
            &svg[end + 1..]
        ),
        _ => svg.to_owned(),
    }
}

impl Section {
    /// A section with a heading and a short explanatory paragraph (empty for none).
    pub fn new(heading: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            heading: heading.into(),
            text: text.into(),
            blocks: Vec::new(),
        }
    }

    /// Adds a block (figure, table, paragraph or side-by-side group).
    pub fn block(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }

    /// Adds a table.
    pub fn table(self, table: Table) -> Self {
        self.block(Block::Table(table))
    }

    /// Adds an inline SVG figure with its caption.
    pub fn figure(self, svg: impl Into<String>, caption: impl Into<String>) -> Self {
        self.block(Block::figure(svg, caption))
    }
}

impl Page {
    /// An empty page with this title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// A sentence under the title saying what the page is for.
    pub fn intro(mut self, text: impl Into<String>) -> Self {
        self.intro = text.into();
        self
    }

    /// Adds an entry to the "what was run" list (scenario, seed, draws, method, version, date).
    pub fn meta(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.meta.push((key.into(), value.into()));
        self
    }

    /// Sets the headline table shown first, in larger type.
    pub fn headline(mut self, table: Table) -> Self {
        self.headline = Some(table);
        self
    }

    /// Adds the explore view after the headline: a place and role picker that redraws a fan
    /// chart, a headline table and gap bars from `data`, the JSON of
    /// [`crate::explore::report_data`] or [`crate::explore::compare_data`]. The rest of
    /// the page stays as it is, for print and for readers without scripts.
    pub fn explore(mut self, data: String) -> Self {
        self.explore = Some(data);
        self
    }

    /// Adds a section.
    pub fn section(mut self, section: Section) -> Self {
        self.sections.push(section);
        self
    }

    /// The page as one HTML document.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(64 * 1024);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>{STYLE}{}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>{}</h1>\n",
            escape(&self.title),
            if self.explore.is_some() {
                EXPLORE_CSS
            } else {
                ""
            },
            escape(&self.title)
        );
        if !self.intro.is_empty() {
            let _ = writeln!(out, "<p class=\"intro\">{}</p>", escape(&self.intro));
        }
        if !self.meta.is_empty() {
            out.push_str("<dl class=\"meta\">");
            for (k, v) in &self.meta {
                let _ = write!(
                    out,
                    "<div><dt>{}</dt><dd>{}</dd></div>",
                    escape(k),
                    escape(v)
                );
            }
            out.push_str("</dl>\n");
        }
        out.push_str("</header>\n");
        if let Some(h) = &self.headline {
            out.push_str("<section class=\"headline\">\n");
            h.render(&mut out, "headline");
            out.push_str("</section>\n");
        }
        if self.explore.is_some() {
            out.push_str(
                "<section id=\"explore\" class=\"explore\">\n<h2>Explore by region and role</h2>\n\
                 <noscript><p>Turn on JavaScript to pick a region and role here; the charts and \
                 tables below cover England and every region.</p></noscript>\n</section>\n",
            );
        }
        for s in &self.sections {
            // the heading, its paragraph and the first block stay together on paper
            let _ = writeln!(
                out,
                "<section>\n<div class=\"keep\">\n<h2>{}</h2>",
                escape(&s.heading)
            );
            if !s.text.is_empty() {
                let _ = writeln!(out, "<p>{}</p>", escape(&s.text));
            }
            let mut blocks = s.blocks.iter();
            if let Some(first) = blocks.next() {
                first.render(&mut out);
            }
            out.push_str("</div>\n");
            for b in blocks {
                b.render(&mut out);
            }
            out.push_str("</section>\n");
        }
        out.push_str("</main>\n");
        if let Some(data) = &self.explore {
            let _ = write!(
                out,
                "<script type=\"application/json\" id=\"wfcast-data\">{data}</script>\n<script>{EXPLORE_JS}</script>\n"
            );
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// `text` with the characters that mean something in HTML replaced by entities, safe in
/// element content and in quoted attribute values.
///
/// ```
/// assert_eq!(wfcast_report::html::escape("A&B <i>\"x\"</i>"),
///            "A&amp;B &lt;i&gt;&quot;x&quot;&lt;/i&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page's style sheet: system fonts, a readable measure, right-aligned numbers with
/// tabular figures, and print rules that keep figures and tables whole.
const STYLE: &str = r#"
:root { --ink: #212121; --muted: #5f6368; --rule: #d9dde3; --accent: #1b4f8a; --band: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 32px 24px 64px; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 24px; padding-bottom: 12px; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 8px; }
h2 { font-size: 1.35rem; margin: 40px 0 8px; padding-top: 8px; border-top: 1px solid var(--rule); }
p { max-width: 72ch; margin: 0 0 12px; }
.intro { font-size: 1.1rem; color: var(--muted); }
dl.meta { display: flex; flex-wrap: wrap; gap: 4px 28px; margin: 12px 0 0; font-size: .9rem; }
dl.meta div { display: flex; gap: 6px; }
dl.meta dt { color: var(--muted); }
dl.meta dt::after { content: ":"; }
dl.meta dd { margin: 0; font-weight: 600; }
.table-wrap { overflow-x: auto; margin: 12px 0 20px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 6px; }
th, td { padding: 6px 12px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
tbody th { font-weight: normal; }
tbody tr:nth-child(even) { background: var(--band); }
.num { text-align: right; white-space: nowrap; }
.note { color: var(--muted); font-size: .85em; }
table.headline { font-size: 1.15rem; }
table.headline tbody th { font-weight: 600; white-space: nowrap; }
table.headline th, table.headline td { padding: 6px 10px; }
table.headline thead th { white-space: normal; vertical-align: bottom; }
figure { margin: 16px 0 24px; }
figure svg { display: block; width: 100%; height: auto; max-width: 1000px; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: 6px; }
.side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 24px; }
.side-by-side > div { min-width: 0; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  .keep, figure, table { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table.headline { font-size: 1rem; }
  table.headline tbody th { white-space: normal; }
  .side-by-side { grid-template-columns: 1fr; }
  tbody tr:nth-child(even) { background: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_piece_of_text_is_escaped() {
        let html = Page::new("<b>A & B</b>")
            .intro("x < y")
            .meta("Scenario", "\"quoted\" 'name'")
            .section(
                Section::new("<h2>", "p & q")
                    .table(Table::new(["<col>"]).row([Cell::text("<script>alert(1)</script>")]))
                    .figure("<svg></svg>", "a \"caption\" <here>"),
            )
            .render();
        assert!(!html.contains("<b>A"));
        assert!(!html.contains("<script"));
        assert!(html.contains("&lt;b&gt;A &amp; B&lt;/b&gt;"));
        assert!(html.contains("&quot;quoted&quot; &#39;name&#39;"));
        assert!(html.contains("aria-label=\"a &quot;caption&quot; &lt;here&gt;\""));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn number_columns_are_right_aligned_and_formatted() {
        let t = Table::new(["Role", "Gap (WTE)", "Cost"])
            .row([
                Cell::text("Data analyst"),
                Cell::num(1234.4, NumberFormat::Count),
                Cell::num(2_500_000.0, NumberFormat::GbpMillions),
            ])
            .row([
                Cell::text("Coder"),
                Cell::num_note(-56.0, NumberFormat::SignedCount, "(−80 to −20)"),
                Cell::num(f64::NAN, NumberFormat::Gbp),
            ]);
        let html = Page::new("t")
            .section(Section::new("s", "").table(t))
            .render();
        assert!(html.contains("<th scope=\"col\">Role</th>"));
        assert!(html.contains("<th scope=\"col\" class=\"num\">Gap (WTE)</th>"));
        assert!(html.contains("<td class=\"num\">1,234</td>"));
        assert!(html.contains("<td class=\"num\">£2.5m</td>"));
        assert!(html.contains("\u{2212}56 <span class=\"note\">(−80 to −20)</span>"));
        assert!(html.contains("<th scope=\"row\">Coder</th>"));
        assert!(html.contains("<td class=\"num\">–</td>"));
    }

    #[test]
    fn a_chart_is_an_image_named_for_screen_readers() {
        let html = Page::new("t")
            .section(Section::new("s", "").block(Block::image(
                "<?xml version=\"1.0\"?>\n<svg width=\"10\"><rect/></svg>",
                "Gap & more",
            )))
            .render();
        assert!(html.contains(
            "<svg role=\"img\" aria-label=\"Gap &amp; more\" width=\"10\"><title>Gap &amp; more</title><rect/></svg>"
        ));
    }

    #[test]
    fn the_explore_view_carries_its_data_and_script_inline() {
        let html = Page::new("t")
            .explore("{\"page\":\"report\"}".into())
            .render();
        assert!(html.contains("<section id=\"explore\""));
        assert!(html.contains(
            "<script type=\"application/json\" id=\"wfcast-data\">{\"page\":\"report\"}</script>"
        ));
        // the script and style are inlined whole: nothing in them may end their element
        assert!(!EXPLORE_JS.contains("</script") && !EXPLORE_CSS.contains("</style"));
        let without_svg_namespace = html.replace("http://www.w3.org/2000/svg", "");
        assert!(
            !html.contains("src=") && !without_svg_namespace.contains("http"),
            "no network"
        );
        assert!(!Page::new("t").render().contains("<script"));
    }

    #[test]
    fn an_xml_prologue_is_dropped_from_inline_svg() {
        assert_eq!(
            inline_svg("<?xml version=\"1.0\"?>\n<svg a=\"1\"></svg>\n"),
            "<svg a=\"1\"></svg>"
        );
    }
}
