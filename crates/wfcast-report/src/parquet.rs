//! Parquet outputs for pandas, Power BI and polars users: `summary.parquet` (the rows and
//! columns of `summary.csv`, typed) and `draws.parquet` (every draw's values, for analysts
//! who want the distributions themselves).

use polars::prelude::{
    ArrowDataType, ArrowSchema, Column, CompatLevel, DataFrame, KeyValueMetadata, NamedFrom,
    ParquetCompression, ParquetWriter, SchemaExt, Series,
};
use wfcast_core::Metric;
use wfcast_core::Projection;
use wfcast_core::analysis::{QUANTILE_COLUMNS, RegionFilter, SummaryRow};
use wfcast_core::taxonomy::ALL;

use crate::error::{Error, Result};
use crate::tidy::rounded;

fn parquet_bytes(name: &str, columns: Vec<Column>) -> Result<Vec<u8>> {
    let polars_err = |e: polars::error::PolarsError| Error::Parquet {
        path: name.into(),
        message: e.to_string(),
    };
    let mut df = DataFrame::new_infer_height(columns).map_err(polars_err)?;
    let mut buf = Vec::new();
    // Snappy, not polars' default zstd: every Parquet reader analysts use (Power BI, older
    // Spark and pandas) reads it. The Arrow schema polars embeds types the text columns as
    // Arrow `string_view`, which pyarrow before 15 cannot read and pyarrow's filters, sorts
    // and joins refuse; ours says plain UTF-8 `string` (the Parquet data is the same).
    let metadata = KeyValueMetadata::from_static(vec![
        plain_text_schema(&df),
        (
            "created_by_app".to_owned(),
            format!("wfcast {}", env!("CARGO_PKG_VERSION")),
        ),
    ]);
    ParquetWriter::new(&mut buf)
        .with_compression(ParquetCompression::Snappy)
        .with_key_value_metadata(Some(metadata))
        .finish(&mut df)
        .map_err(polars_err)?;
    Ok(buf)
}

/// The `ARROW:schema` key of a Parquet file holding `df`, with every text column typed as
/// Arrow's plain `string` rather than polars' `string_view`.
fn plain_text_schema(df: &DataFrame) -> (String, String) {
    let schema: ArrowSchema = df
        .schema()
        .to_arrow(CompatLevel::newest())
        .iter_values()
        .map(|field| {
            let mut field = field.clone();
            if matches!(
                field.dtype,
                ArrowDataType::Utf8View | ArrowDataType::LargeUtf8
            ) {
                field.dtype = ArrowDataType::Utf8;
            }
            (field.name.clone(), field)
        })
        .collect();
    let key = polars_parquet::write::schema_to_metadata_key(&schema);
    (key.key, key.value.unwrap_or_default())
}

fn floats(name: &str, values: Vec<Option<f64>>) -> Column {
    Series::new(name.into(), values).into()
}

/// `summary.parquet`: the same rows, columns and (rounded) numbers as `summary.csv`, with
/// `year` as a 32-bit integer and the statistics as 64-bit floats (null where undefined).
pub fn summary_parquet(rows: &[SummaryRow], labels: &crate::tidy::Labels) -> Result<Vec<u8>> {
    let text = |f: fn(&SummaryRow) -> &str| -> Vec<&str> { rows.iter().map(f).collect() };
    let mut columns: Vec<Column> = vec![
        Series::new("scenario".into(), text(|r| &r.scenario)).into(),
        Series::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        )
        .into(),
        Series::new("role".into(), text(|r| &r.role)).into(),
        Series::new("region".into(), text(|r| &r.region)).into(),
        Series::new(
            "metric".into(),
            rows.iter()
                .map(|r| r.metric.to_string())
                .collect::<Vec<String>>(),
        )
        .into(),
        floats("mean", rows.iter().map(|r| rounded(r.stats.mean)).collect()),
        floats("sd", rows.iter().map(|r| rounded(r.stats.sd)).collect()),
    ];
    for (i, q) in QUANTILE_COLUMNS.iter().enumerate() {
        columns.push(floats(
            q,
            rows.iter().map(|r| rounded(r.stats.q[i])).collect(),
        ));
    }
    columns.push(
        Series::new(
            "level".into(),
            rows.iter()
                .map(|r| labels.level(&r.role, &r.region))
                .collect::<Vec<String>>(),
        )
        .into(),
    );
    columns.push(
        Series::new(
            "unit".into(),
            rows.iter()
                .map(|r| r.metric.unit().name())
                .collect::<Vec<&str>>(),
        )
        .into(),
    );
    let [role_name, region_name, region_code] = crate::tidy::LABEL_COLUMNS;
    let roles: Vec<&str> = rows.iter().map(|r| labels.role(&r.role)).collect();
    let regions: Vec<&str> = rows.iter().map(|r| labels.region(&r.region)).collect();
    let codes: Vec<&str> = rows.iter().map(|r| labels.region_code(&r.region)).collect();
    columns.push(Series::new(role_name.into(), roles).into());
    columns.push(Series::new(region_name.into(), regions).into());
    columns.push(Series::new(region_code.into(), codes).into());
    parquet_bytes("summary.parquet", columns)
}

/// `draws.parquet`: one row per draw, year, role and region with one column per recorded
/// metric (plus `gap_wte`). Rows are the role x place cells of the finest places and
/// their totals (`ALL`, `ALL`; or `ALL` and the place given to `--region`, over the places
/// under it). Draw 0 is the principal projection.
pub fn draws_parquet(p: &Projection, filter: RegionFilter) -> Result<Vec<u8>> {
    let geography = &p.geography;
    let regions = geography.members(filter.node());
    let total_region = geography.label(filter.node());
    let k = p.metrics.len();
    let (wte, demand) = (
        p.slot(&Metric::Wte.into()),
        p.slot(&Metric::DemandWte.into()),
    );
    let mut draw = Vec::new();
    let mut year = Vec::new();
    let mut role = Vec::new();
    let mut region = Vec::new();
    // NaN, not null, where a value is undefined: every value here is finite in practice, and
    // plain floats halve the memory of a large export.
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); k + 1];
    let mut push = |d: usize, y: usize, role_id: &str, region_id: &str, cell: &[f64]| {
        draw.push(d as u32);
        year.push(p.years[y]);
        role.push(role_id.to_owned());
        region.push(region_id.to_owned());
        for (column, &v) in values.iter_mut().zip(cell) {
            column.push(rounded(v).unwrap_or(f64::NAN));
        }
        let gap = match (wte, demand) {
            (Some(w), Some(dm)) => cell[dm] - cell[w],
            _ => f64::NAN,
        };
        values[k].push(rounded(gap).unwrap_or(f64::NAN));
    };
    for d in 0..p.draws as usize {
        for y in 0..p.years.len() {
            let mut total = vec![0.0; k];
            for (r, role_id) in p.roles.iter().enumerate() {
                for &g in regions {
                    let rr = p.pair(r, g);
                    let cell: Vec<f64> = (0..k).map(|m| p.value(d, y, rr, m)).collect();
                    for (t, v) in total.iter_mut().zip(&cell) {
                        *t += v;
                    }
                    push(d, y, role_id, &geography.place(g).id, &cell);
                }
            }
            push(d, y, ALL, total_region, &total);
        }
    }
    let mut columns: Vec<Column> = vec![
        Series::new("draw".into(), draw).into(),
        Series::new("year".into(), year).into(),
        Series::new("role".into(), role).into(),
        Series::new("region".into(), region).into(),
    ];
    let names = p
        .metrics
        .iter()
        .map(ToString::to_string)
        .chain([Metric::GapWte.name().to_owned()]);
    for (name, v) in names.zip(values) {
        columns.push(Series::new(name.into(), v).into());
    }
    parquet_bytes("draws.parquet", columns)
}
