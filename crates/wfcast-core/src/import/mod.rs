//! `wfcast data import`: a data folder built from a planner's own staff list.
//!
//! The staff list is ESR-style: one row per assignment with an occupation code and/or job
//! title, an Agenda for Change band, an age or date of birth, FTE, the employing
//! organisation and, optionally, the date the assignment ended. A [`Mapping`] says which
//! columns hold these, which role each code or title is, and which organisations make up
//! each place. The import counts staff in post by role, place, band and age band, works out
//! vacancies (from an establishment file or vacancy rates), fits each role's leaving rate to
//! the leavers the list shows (when it has leaving dates), and takes the rest (band and age
//! rates, pay) from a template data folder. Person-level rows are never written out.

mod dates;
mod folder;
mod mapping;
mod staff;
mod suppress;

use std::fmt::Write as _;
use std::path::Path;

pub use dates::Date;
pub use folder::{LEAVING_PRIOR, RoleLeaving};
pub use mapping::{Columns, Hcas, MappedPlace, Mapping, Matched, STARTER};
pub use staff::Refused;
pub use suppress::{Suppressed, suppress};

use crate::error::Result;
use crate::input::{Baseline, DataFile};

/// What to import and how.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The staff list: CSV, or an XLSX/ODS workbook (first sheet).
    pub staff: &'a Path,
    /// The checked mapping.
    pub mapping: &'a Mapping,
    /// The data the rates, pay and markets come from.
    pub template: &'a Baseline,
    /// The day the staff list describes: ages are worked out and leavers counted up to it.
    pub census: Date,
    /// Funded posts per role and place or organisation, if given.
    pub establishment: Option<&'a Path>,
    /// Hide published counts below this (with complementary suppression), if given.
    pub suppress_below: Option<u32>,
}

/// What the import found, for the console and the folder's README.
#[derive(Debug, Clone)]
pub struct Report {
    /// Data rows in the staff list.
    pub rows: usize,
    /// Assignments counted in post.
    pub in_post: usize,
    /// Assignments that ended in the year up to the census date.
    pub leavers: usize,
    /// Rows that ended before that year (not counted).
    pub left_earlier: usize,
    /// Rows matched to a role by occupation code, and by job title.
    pub by_code: usize,
    /// Rows matched to a role by job title.
    pub by_title: usize,
    /// Assignments folded into another of the same person's, so headcount counts people.
    pub merged: usize,
    /// Rows that could not be used, in file order.
    pub refused: Vec<Refused>,
    /// Job titles that mapped to no role, most frequent first.
    pub unmapped_titles: Vec<(String, u32)>,
    /// Organisation codes in no place, most frequent first.
    pub unmapped_organisations: Vec<(String, u32)>,
    /// Headcount and WTE in post, and vacant WTE, over every place.
    pub headcount: u64,
    /// WTE in post.
    pub wte: f64,
    /// Vacant WTE.
    pub vacancies_wte: f64,
    /// Where vacancies came from, in words.
    pub vacancies_from: String,
    /// Each role's fitted leaving, when the list has leaving dates.
    pub leaving: Option<Vec<RoleLeaving>>,
    /// Counts hidden in the published table, when suppression was asked for.
    pub suppressed: Option<usize>,
}

/// A data folder ready to be written: the data files (checked by reading them back as
/// a run would), `README.md`, and with suppression `published/headcount_by_place_role.csv`.
#[derive(Debug, Clone)]
pub struct Imported {
    /// `(path within the folder, text)`, in writing order.
    pub files: Vec<(String, String)>,
    /// What was found.
    pub report: Report,
    /// The data as `wfcast run --data` will read it.
    pub baseline: Baseline,
}

fn most_frequent(map: std::collections::BTreeMap<String, u32>) -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Builds the data folder's files from the staff list. Errors (exit 2) are problems of the
/// inputs as a whole: an unreadable list, a missing column, a mapping whose places are no
/// tree, a bad establishment file, or a list with no usable row. Single bad rows are
/// refused and reported instead.
pub fn import(o: &Options<'_>) -> Result<Imported> {
    let geo = folder::geography(o.mapping)?;
    let likes = folder::likes(o.mapping, &geo, o.template)?;
    let table = staff::read_table(o.staff)?;
    let list = staff::read_staff(&table, o.mapping, o.census)?;
    let leaf: Vec<Option<usize>> = o
        .mapping
        .places
        .iter()
        .map(|p| geo.place_index(&p.id))
        .collect();
    let n_roles = o.template.roles.len();
    let counts = folder::counts(&list, &leaf, n_roles, geo.n_places());
    if counts.heads.iter().all(|&h| h == 0) {
        return Err(crate::Error::input(
            crate::Location::file(o.staff),
            format!(
                "no row of the staff list could be used ({} refused)",
                list.refused.len()
            ),
        )
        .with_help(format!(
            "{}; check [columns], [[roles.titles]] and [[places]] in the mapping against the list",
            list.refused
                .iter()
                .take(3)
                .map(|r| format!("line {}: {}", r.line, r.reason))
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    let in_post = counts.wte_by_pair();
    let (vacancies, vacancies_from) = match o.establishment {
        Some(path) => (
            folder::vacancies_from_establishment(path, o.mapping, &geo, o.template, &in_post)?,
            format!("funded posts in {} less staff in post", path.display()),
        ),
        None => (
            folder::vacancies_from_rates(o.mapping, o.template, &in_post, geo.n_places()),
            "vacancy rates: the mapping's [vacancies], else each role's national rate in the template".to_owned(),
        ),
    };
    let leaving = list.has_leaving.then(|| folder::leaving(&list, o.template));
    let parts = folder::Parts {
        mapping: o.mapping,
        geo: &geo,
        template: o.template,
        likes: &likes,
        counts: &counts,
        vacancies: &vacancies,
        leaving: leaving.as_deref(),
    };
    let data = folder::files(&parts);
    let baseline = Baseline::from_files(
        data.iter()
            .map(|(name, text)| DataFile {
                name,
                origin: Path::new("imported").join(name),
                text: text.clone(),
            })
            .collect(),
    )?;
    let published = o
        .suppress_below
        .map(|n| published_table(&counts, &geo, o.template, n));
    let report = Report {
        rows: list.rows,
        in_post: list.assignments.iter().filter(|a| !a.left).count(),
        leavers: list.assignments.iter().filter(|a| a.left).count(),
        left_earlier: list.left_earlier,
        by_code: list.by_code,
        by_title: list.by_title,
        merged: list.merged,
        refused: list.refused,
        unmapped_titles: most_frequent(list.unmapped_titles),
        unmapped_organisations: most_frequent(list.unmapped_organisations),
        headcount: baseline.total_headcount(),
        wte: in_post.iter().sum(),
        vacancies_wte: vacancies.iter().sum(),
        vacancies_from,
        leaving,
        suppressed: published.as_ref().map(|(_, hidden)| *hidden),
    };
    let mut files: Vec<(String, String)> =
        data.into_iter().map(|(n, t)| (n.to_owned(), t)).collect();
    files.push(("README.md".to_owned(), readme(o, &report)));
    if let Some((text, _)) = published {
        files.push(("published/headcount_by_place_role.csv".to_owned(), text));
    }
    Ok(Imported {
        files,
        report,
        baseline,
    })
}

/// Headcount in post by place (rows) and role (columns) with totals, counts below
/// `threshold` and their complements shown as `*`; and how many were hidden.
fn published_table(
    counts: &folder::Counts,
    geo: &crate::geography::Geography,
    t: &Baseline,
    threshold: u32,
) -> (String, usize) {
    let (rows, cols) = (geo.n_places(), t.roles.len());
    let mut table = vec![0u64; rows * cols];
    for g in 0..rows {
        for r in 0..cols {
            table[g * cols + r] = counts.heads_of(counts.pair(r, g));
        }
    }
    let s = suppress(&table, rows, cols, u64::from(threshold));
    let mut out = String::from("place");
    for role in &t.roles {
        let _ = write!(out, ",{}", role.id);
    }
    out.push_str(",total\n");
    for i in 0..=rows {
        out.push_str(if i == rows { "total" } else { &geo.place(i).id });
        for j in 0..=cols {
            let k = s.at(i, j);
            if s.hidden[k] {
                out.push_str(",*");
            } else {
                let _ = write!(out, ",{}", s.values[k]);
            }
        }
        out.push('\n');
    }
    (out, s.hidden.iter().filter(|&&h| h).count())
}

/// The folder's README: what came from where.
fn readme(o: &Options<'_>, r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Data folder imported by `wfcast data import`\n");
    let _ = writeln!(
        s,
        "Staff list: `{}`, census date {}. Mapping: `{}`.\n",
        o.staff.display(),
        o.census,
        o.mapping.file.display()
    );
    let _ = writeln!(
        s,
        "**This folder holds counts of small groups of staff (one cell is a role, place, band and age band). Keep it as you keep the staff list; publish only `published/` (written with `--suppress-below`) or wfcast's outputs.**\n"
    );
    let _ = writeln!(s, "| what | count |\n|---|---|");
    let _ = writeln!(s, "| rows in the staff list | {} |", r.rows);
    let _ = writeln!(s, "| in post at the census date | {} |", r.in_post);
    let _ = writeln!(s, "| left in the year before it | {} |", r.leavers);
    let _ = writeln!(s, "| left earlier (not counted) | {} |", r.left_earlier);
    let _ = writeln!(
        s,
        "| role found by occupation code / by job title | {} / {} |",
        r.by_code, r.by_title
    );
    let _ = writeln!(
        s,
        "| assignments folded into the same person's main one | {} |",
        r.merged
    );
    let _ = writeln!(
        s,
        "| refused (listed by line on the console) | {} |",
        r.refused.len()
    );
    let _ = writeln!(
        s,
        "| headcount / WTE in post | {} / {:.1} |",
        r.headcount, r.wte
    );
    let _ = writeln!(s, "| vacant WTE | {:.1} |\n", r.vacancies_wte);
    let _ = writeln!(s, "## Where each file came from\n");
    let _ = writeln!(
        s,
        "- `staff_in_post_2024.csv`: the staff list, counted by role, place, band and age band at the census date (wfcast treats it as the base year)."
    );
    let _ = writeln!(s, "- `vacancies_2024.csv`: {}.", r.vacancies_from);
    let _ = writeln!(s, "- `places.csv`: the mapping's [[places]].");
    match &r.leaving {
        Some(_) => {
            let _ = writeln!(
                s,
                "- `roles.csv`: the template's roles, each leaver rate scaled by (leavers + {LEAVING_PRIOR}) / (expected + {LEAVING_PRIOR}) (table below)."
            );
        }
        None => {
            let _ = writeln!(
                s,
                "- `roles.csv`: the template's, unchanged (the staff list has no leaving dates)."
            );
        }
    }
    let _ = writeln!(
        s,
        "- `market_salaries.csv`, `cost_of_living.csv`: each place takes its `like` template place's values."
    );
    let _ = writeln!(
        s,
        "- `labour_pool_2024.csv`: the `like` place's market for each role, scaled by the place's headcount over the `like` place's; mobility as the template's."
    );
    let _ = writeln!(
        s,
        "- `bands.csv`, `ages.csv`, `afc_pay_2024_25.csv`, `skill_levels.csv`: copied from the template data."
    );
    let template = o
        .template
        .files
        .first()
        .map(|f| f.origin.display().to_string())
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "\nTemplate: `{}` (the shipped data is synthetic; see its README).",
        Path::new(&template)
            .parent()
            .map_or(template.clone(), |p| p.display().to_string())
    );
    if let Some(leaving) = &r.leaving {
        let _ = writeln!(
            s,
            "\n## Leaving fitted to the staff list\n\n| role | leavers | expected at the template's rates | multiplier |\n|---|---|---|---|"
        );
        for l in leaving.iter().filter(|l| l.expected > 0.0 || l.leavers > 0) {
            let _ = writeln!(
                s,
                "| {} | {} | {:.1} | {:.3} |",
                l.role, l.leavers, l.expected, l.multiplier
            );
        }
    }
    if let Some(n) = o.suppress_below {
        let _ = writeln!(
            s,
            "\n`published/headcount_by_place_role.csv`: headcount by place and role with totals; counts from 1 to {} are shown as `*`, and so are enough others that none can be worked out from the totals ({} hidden).",
            n.saturating_sub(1),
            r.suppressed.unwrap_or(0)
        );
    }
    s
}
