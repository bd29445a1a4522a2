//! The cost-probability frontier of a plan: every lever package the search evaluated as a
//! point (its cost and its probability of meeting the target), the cheapest way to each
//! probability as a step line, the required probability as a line, and the package chosen.

use plotters::prelude::*;

use super::frame::{
    Area, Drawn, GRID, INK, Key, LABEL_SIZE, MUTED, PAD, colour, fail, header, text,
};
use crate::format::thousands;

/// One evaluated package: its cost and its probability of meeting the target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanPoint {
    /// Total cost, GBP.
    pub cost: f64,
    /// Probability of meeting the target (share of draws).
    pub probability: f64,
    /// Whether it meets the target surely enough (lower bound at least the requirement)
    /// within the budget.
    pub feasible: bool,
}

/// Cost against probability for the packages of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontier {
    /// Headline above the chart.
    pub title: String,
    /// A line under the title.
    pub subtitle: String,
    /// Every package evaluated.
    pub points: Vec<PlanPoint>,
    /// The probability the plan requires.
    pub required: f64,
    /// The package chosen, if any.
    pub chosen: Option<PlanPoint>,
}

impl Frontier {
    /// The cheapest cost at which each probability is reached: the points no other point
    /// beats on both cost and probability, cheapest first.
    ///
    /// ```
    /// use wfcast_report::charts::{Frontier, PlanPoint};
    /// let p = |cost, probability| PlanPoint { cost, probability, feasible: false };
    /// let f = Frontier { title: String::new(), subtitle: String::new(), required: 0.8,
    ///     chosen: None, points: vec![p(0.0, 0.1), p(5.0, 0.4), p(6.0, 0.3), p(9.0, 0.9)] };
    /// let costs: Vec<f64> = f.pareto().iter().map(|q| q.cost).collect();
    /// assert_eq!(costs, vec![0.0, 5.0, 9.0]);
    /// ```
    pub fn pareto(&self) -> Vec<PlanPoint> {
        let mut sorted = self.points.clone();
        sorted.sort_by(|a, b| {
            a.cost
                .total_cmp(&b.cost)
                .then(b.probability.total_cmp(&a.probability))
        });
        let mut best = f64::NEG_INFINITY;
        sorted
            .into_iter()
            .filter(|p| {
                let better = p.probability > best;
                best = best.max(p.probability);
                better
            })
            .collect()
    }
}

/// Draws the frontier filling `root`.
pub(super) fn draw_frontier<DB: DrawingBackend>(root: &Area<DB>, c: &Frontier) -> Drawn {
    if c.points.is_empty() {
        return Err("no package to draw".to_owned());
    }
    let legend = vec![
        (Key::Swatch(MUTED, 0.5), "package evaluated".to_owned()),
        (
            Key::Swatch(colour(0), 0.9),
            "meets the target surely enough".to_owned(),
        ),
        (
            Key::Line(colour(0), false),
            "cheapest way to each probability".to_owned(),
        ),
        (
            Key::Line(colour(1), true),
            format!("required: {:.0}%", c.required * 100.0),
        ),
    ];
    let plot = header(root, &c.title, &c.subtitle, &legend, "")?;
    let top = c.points.iter().map(|p| p.cost).fold(0.0, f64::max).max(1.0) / 1e6;
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(PAD as u32 - 8)
        .margin_right(48)
        .margin_top(8)
        .margin_bottom(12)
        .x_label_area_size(54)
        .y_label_area_size(90)
        .build_cartesian_2d(0.0..top * 1.05, 0.0..1.0)
        .map_err(fail)?;
    let x_fmt = |v: &f64| format!("£{}m", thousands(*v, if top < 10.0 { 1 } else { 0 }));
    let y_fmt = |v: &f64| format!("{:.0}%", v * 100.0);
    chart
        .configure_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(text(LABEL_SIZE, INK))
        .axis_desc_style(text(LABEL_SIZE, MUTED))
        .x_desc("Total cost to the horizon (GBP, 2024/25 prices)")
        .y_desc("Probability of meeting the target")
        .draw()
        .map_err(fail)?;
    chart
        .draw_series(DashedLineSeries::new(
            [(0.0, c.required), (top * 1.05, c.required)],
            10,
            6,
            colour(1).stroke_width(2),
        ))
        .map_err(fail)?;
    let mut steps = Vec::new();
    for p in c.pareto() {
        if let Some(&(_, last)) = steps.last() {
            steps.push((p.cost / 1e6, last));
        }
        steps.push((p.cost / 1e6, p.probability));
    }
    chart
        .draw_series(LineSeries::new(steps, colour(0).stroke_width(2)))
        .map_err(fail)?;
    chart
        .draw_series(c.points.iter().map(|p| {
            let style = if p.feasible {
                colour(0).mix(0.9).filled()
            } else {
                MUTED.mix(0.5).filled()
            };
            Circle::new((p.cost / 1e6, p.probability), 6, style)
        }))
        .map_err(fail)?;
    if let Some(p) = c.chosen {
        let at = (p.cost / 1e6, p.probability);
        chart
            .draw_series([Circle::new(at, 11, INK.stroke_width(3))])
            .map_err(fail)?;
        // the label beside the point, clear of its ring, on the side with room
        let right = at.0 < 0.7 * top;
        let (dx, side) = if right {
            (18, plotters::style::text_anchor::HPos::Left)
        } else {
            (-18, plotters::style::text_anchor::HPos::Right)
        };
        let label = EmptyElement::at(at)
            + Text::new(
                format!("chosen: £{}m", thousands(p.cost / 1e6, 1)),
                (dx, 0),
                text(LABEL_SIZE, INK).pos(plotters::style::text_anchor::Pos::new(
                    side,
                    plotters::style::text_anchor::VPos::Center,
                )),
            );
        chart.draw_series([label]).map_err(fail)?;
    }
    Ok(())
}
