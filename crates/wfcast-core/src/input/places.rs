//! Reader of `places.csv`: the places a run plans for and the places they roll up into.

use super::table::Table;
use crate::error::{Error, Location, Result};
use crate::geography::{Geography, Place, PlaceSpec};

/// The columns of `places.csv`.
pub(crate) const COLUMNS: [&str; 8] = [
    "place",
    "name",
    "code",
    "level",
    "parent",
    "hcas_inner_london",
    "hcas_outer_london",
    "hcas_fringe",
];

/// Reads the geography: every row a place, the one with no parent the top.
pub(super) fn read_places(table: &Table) -> Result<Geography> {
    let mut specs = Vec::new();
    let mut errors = Vec::new();
    for row in table.rows() {
        let parsed = (|| -> Result<PlaceSpec> {
            let id = row.text("place")?.to_owned();
            if !super::readers::is_id(&id) {
                return Err(row
                    .error(
                        "place",
                        format!("place id `{id}` must be lower-case letters, digits and `_`"),
                    )
                    .with_help("e.g. `north_west`; ids are used as TOML keys and column values"));
            }
            let share = |column: &str| -> Result<f64> {
                if row.raw(column).is_empty() {
                    Ok(0.0)
                } else {
                    row.number(column, 0.0, 1.0)
                }
            };
            let hcas = [
                share("hcas_inner_london")?,
                share("hcas_outer_london")?,
                share("hcas_fringe")?,
            ];
            if hcas.iter().sum::<f64>() > 1.0 + 1e-9 {
                return Err(row
                    .error(
                        "hcas_inner_london",
                        "the high-cost-area shares add up to more than 1",
                    )
                    .with_help("each share is the part of the place's staff in that zone"));
            }
            let parent = row.raw("parent");
            Ok(PlaceSpec {
                place: Place {
                    name: row.text("name")?.to_owned(),
                    code: row.raw("code").to_owned(),
                    level: row.text("level")?.to_owned(),
                    hcas,
                    id,
                },
                parent: (!parent.is_empty()).then(|| parent.to_owned()),
            })
        })();
        match parsed {
            Ok(spec) => specs.push(spec),
            Err(e) => errors.push(e),
        }
    }
    Error::collect(errors)?;
    let lines: Vec<usize> = table.rows().map(|row| row.line()).collect();
    Geography::new(specs).map_err(|e| {
        let at = match e.place.and_then(|i| lines.get(i)) {
            Some(&line) => Location::csv(table.file(), line, None),
            None => Location::file(table.file()),
        };
        Error::input(at, e.message).with_help(
            "each row is a place with the id of the place it rolls up into (`parent`); one \
             place (e.g. England) has none, and every branch ends on the same level",
        )
    })
}
