//! The Sensitivity sheet: what each uncertain input does to each headline output, in the
//! output's unit, with the inputs inside the noise greyed and labelled, and a bar chart of
//! the gap's swings.

use rust_xlsxwriter::{Chart, ChartAxisLabelPosition, ChartType, Format, Worksheet};
use wfcast_core::analysis::Driver;
use wfcast_core::model::Unit;
use wfcast_core::{Measure, Metric};

use super::{Formats, XResult, header, number};

/// The most inputs the chart shows.
const CHARTED: usize = 15;

/// Bar colours: an input that moves the gap, and one within the noise.
const MOVES: &str = "#4472C4";
const NOISE: &str = "#BFBFBF";

/// What a within-noise row's font looks like.
fn greyed(f: &Format) -> Format {
    f.clone().set_font_color("#808080")
}

/// Writes the sheet: one row per output and input (as in `sensitivity.csv`), and a bar
/// chart of the horizon-year gap's swings, grey where they are within the noise.
pub(super) fn sheet(ws: &mut Worksheet, f: &Formats, drivers: &[Driver]) -> XResult {
    let name = "Sensitivity";
    ws.set_name(name)?;
    header(
        ws,
        f,
        &[
            "output",
            "rank",
            "parameter",
            "input",
            "unit",
            "swing P10 to P90",
            "swing se",
            "variance share",
            "share lo (95%)",
            "share hi (95%)",
            "within noise",
            "prcc",
            "spearman",
        ],
        &[
            12.0, 6.0, 40.0, 48.0, 6.0, 14.0, 11.0, 10.0, 10.0, 10.0, 10.0, 8.0, 9.0,
        ],
    )?;
    let plain = Format::new();
    // the swing's columns as wide as their widest value: pay cost swings run to £ billions
    let (mut swing_width, mut se_width) = (14.0, 11.0);
    let mut rank = 0;
    for (i, d) in drivers.iter().enumerate() {
        let row = i as u32 + 1;
        rank = if i > 0 && drivers[i - 1].output == d.output {
            rank + 1
        } else {
            1
        };
        let unit = d.output.unit();
        let value = if unit == Unit::Gbp {
            &f.money
        } else {
            &f.count
        };
        let look = |format: &Format| {
            if d.within_noise {
                greyed(format)
            } else {
                format.clone()
            }
        };
        let text = look(&plain);
        ws.write_string_with_format(row, 0, d.output.name(), &text)?;
        ws.write_number_with_format(row, 1, rank, &text)?;
        ws.write_string_with_format(row, 2, &d.parameter, &text)?;
        ws.write_string_with_format(row, 3, &d.label, &text)?;
        ws.write_string_with_format(row, 4, unit.name(), &text)?;
        number(ws, row, 5, d.swing, &look(value))?;
        number(ws, row, 6, d.swing_se, &look(value))?;
        let output = Measure::Metric(d.output);
        swing_width = super::width_for(d.swing, &output, swing_width);
        se_width = super::width_for(d.swing_se, &output, se_width);
        let percent = look(&f.percent);
        number(ws, row, 7, d.variance_share, &percent)?;
        number(ws, row, 8, d.variance_share_lo, &percent)?;
        number(ws, row, 9, d.variance_share_hi, &percent)?;
        if d.within_noise {
            ws.write_string_with_format(row, 10, "within noise", &text)?;
        }
        number(ws, row, 11, d.prcc, &look(&f.coefficient))?;
        number(ws, row, 12, d.spearman, &look(&f.coefficient))?;
    }
    ws.set_column_width(5, swing_width)?;
    ws.set_column_width(6, se_width)?;
    let gap: Vec<(usize, &Driver)> = drivers
        .iter()
        .enumerate()
        .filter(|(_, d)| d.output == Metric::GapWte && d.swing.is_finite())
        .take(CHARTED)
        .collect();
    if let (Some(&(first, _)), Some(&(last, _))) = (gap.first(), gap.last()) {
        let (first, last) = (first as u32 + 1, last as u32 + 1);
        let colours: Vec<&str> = gap
            .iter()
            .map(|(_, d)| if d.within_noise { NOISE } else { MOVES })
            .collect();
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name("WTE the gap moves from the input's P10 to its P90")
            .set_categories((name, first, 3, last, 3))
            .set_values((name, first, 5, last, 5))
            .set_point_colors(&colours);
        chart
            .title()
            .set_name("What drives the uncertainty of the gap (grey: within the noise)");
        chart
            .x_axis()
            .set_name("Swing of the gap (WTE), input from its P10 to its P90");
        chart
            .y_axis()
            .set_reverse()
            .set_label_position(ChartAxisLabelPosition::Low);
        chart.legend().set_hidden();
        chart.show_hidden_data();
        chart.set_width(760).set_height(60 + 24 * gap.len() as u32);
        ws.insert_chart(1, 14, &chart)?;
    } else {
        ws.write_string_with_format(
            1,
            3,
            "No sensitivity: the run had too few draws or no uncertain parameter.",
            &f.wrap,
        )?;
    }
    ws.autofilter(0, 0, drivers.len().max(1) as u32, 12)?;
    Ok(())
}
