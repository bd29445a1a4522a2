//! Small multiples: one small fan chart per panel (per region, or scenario A and B) in one
//! figure with one legend.

use plotters::prelude::*;
use wfcast_core::Metric;
use wfcast_core::analysis::SummaryRow;
use wfcast_core::taxonomy::ALL;

use crate::tidy::Labels;

use super::fan::{Series, check_series, fan_legend, fan_panel};
use super::frame::{Area, Drawn, header, value_range};

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

/// The panels of the places one level under a place, and that level's name.
#[derive(Debug, Clone)]
pub struct PlacePanels {
    /// The level of the places the panels show, e.g. `region`; `None` for a place with
    /// none under it.
    pub level: Option<String>,
    /// One panel per place.
    pub panels: Vec<Panel>,
}

/// One panel per place directly under `place` (`ALL` for England: the regions, in
/// reporting order, titled with their names) showing, for every `(label, metric)` in
/// `metrics`, that metric for all roles in the place. Places absent from `rows` get no
/// panel.
pub fn region_panels(
    rows: &[SummaryRow],
    metrics: &[(&str, Metric)],
    labels: &Labels,
    place: &str,
) -> PlacePanels {
    let geography = labels.geography();
    let children = geography
        .node_of_label(place)
        .map(|node| geography.children(node))
        .unwrap_or_default();
    PlacePanels {
        level: children
            .first()
            .map(|&k| geography.nodes()[k].level.clone()),
        panels: children
            .iter()
            .map(|&k| {
                let p = &geography.nodes()[k];
                Panel {
                    title: p.name.clone(),
                    series: metrics
                        .iter()
                        .map(|(label, metric)| {
                            Series::from_summary(*label, rows, ALL, &p.id, *metric)
                        })
                        .collect(),
                }
            })
            .filter(|p| p.series.iter().any(|s| !s.points.is_empty()))
            .collect(),
    }
}

/// Rows and columns of a grid for `n` cells, at most four columns.
pub(super) fn grid(n: usize) -> (usize, usize) {
    let cols = n.clamp(1, 4);
    (n.div_ceil(cols), cols)
}

/// Draws a small-multiples figure filling `root`: one header and legend (the first
/// panel's series), a note on the scales, then the panels in a grid.
pub(super) fn draw_small_multiples<DB: DrawingBackend>(
    root: &Area<DB>,
    c: &SmallMultiples,
) -> Drawn {
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
