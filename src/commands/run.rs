//! `wfcast run`: every scenario's draws, kept whole or folded into running summaries, then
//! published; with `--shard K/N`, only this shard's draws, written raw for `wfcast merge`.

use std::collections::BTreeMap;
use std::time::Instant;

use wfcast_core::analysis::{BLOCK_DRAWS, MIN_SENSITIVITY_DRAWS};
use wfcast_core::run::{DrawSet, Runner};
use wfcast_core::scenario::Scenario;
use wfcast_core::{Keep, Method, summarise_run};
use wfcast_report::store::provenance::RunInfo;
use wfcast_report::store::shard::{ShardWriter, file_name};
use wfcast_report::tidy::Labels;

use crate::cli::{RunArgs, Shard};
use crate::error::CliError;
use crate::human::bytes;
use crate::publish::{
    Formats, Kept, Publish, input_hashes, publish, role_names, run_info, shard_header,
    write_run_json,
};
use crate::session::{Prepared, commit};

/// `wfcast run`.
pub(crate) fn run(args: &RunArgs) -> Result<(), CliError> {
    let method = Method::from(args.method);
    let budget = if args.shard.is_some() {
        // a shard streams its draws to disk: it never keeps them all
        Some(0)
    } else {
        Some(args.common.memory_budget)
    };
    let shards = args.shard.map_or(1, |s| s.n);
    let mut prep = Prepared::new(&args.scenarios, &args.common, method, false, budget, shards)?;
    if method == Method::Expected {
        if args.shard.is_some() {
            return Err(CliError::usage(
                "--shard",
                "the expected-value method makes no draws to share out",
                Some("drop --shard, or use --method monte-carlo".into()),
            ));
        }
        for s in &mut prep.scenarios {
            s.draws = 1;
        }
    }
    if let Some(shard) = args.shard {
        return run_shard(prep, args, shard);
    }
    if args.keep_draws && prep.keep == Keep::Running {
        return Err(CliError::usage(
            "--keep-draws",
            format!(
                "draws.parquet needs every draw in memory, more than --memory-budget {} allows for these draws",
                bytes(args.common.memory_budget)
            ),
            Some(
                "raise --memory-budget, use fewer --draws, or run shards (--shard K/N) whose files hold every draw"
                    .into(),
            ),
        ));
    }
    let (filter, keep_draws, quiet) = (prep.filter, args.keep_draws, args.common.quiet);
    let keep = prep.keep;
    let kept: Vec<Kept> = prep
        .each(quiet, |s, b, tick| {
            summarise_run(s, b, method, keep, filter, tick)
        })
        .into_iter()
        .map(|(results, secs)| Kept::new(results, keep_draws, secs))
        .collect();
    if method == Method::MonteCarlo {
        note_no_sensitivity(&prep.scenarios, &kept);
    }
    let infos: Vec<RunInfo> = prep
        .scenarios
        .iter()
        .zip(&kept)
        .map(|(s, k)| {
            k.info(
                &prep.start,
                s,
                method,
                args.common.region.as_deref(),
                input_hashes(s, &prep.baseline),
            )
        })
        .collect();
    publish(
        prep.staging,
        &prep.pool,
        &Publish {
            start: &prep.start,
            scenarios: &prep.scenarios,
            kept: &kept,
            infos: &infos,
            filter,
            formats: Formats::from_flags(&args.common.format),
            labels: Labels::new(&role_names(&prep.baseline), &prep.baseline.geography),
        },
    )
}

/// Says on stderr why a scenario gets no sensitivity.csv and no sensitivity chart: they are
/// left out when there is nothing to rank, and leaving them out without a word looked like
/// a lost file.
fn note_no_sensitivity(scenarios: &[Scenario], kept: &[Kept]) {
    for (s, k) in scenarios.iter().zip(kept) {
        if !k.results.drivers.is_empty() {
            continue;
        }
        let why = if s.draws < MIN_SENSITIVITY_DRAWS {
            format!(
                "ranking the uncertain parameters needs at least {MIN_SENSITIVITY_DRAWS} draws, and this run made {}",
                s.draws
            )
        } else {
            "no uncertain parameter (or no headline output) varied across the draws".to_owned()
        };
        eprintln!(
            "note: {}: no sensitivity.csv or sensitivity chart: {why}",
            s.name
        );
    }
}

/// The folder a shard's files are published in: one per shard, so shards sharing an output
/// folder never replace each other's files.
fn shard_folder(scenario: &str, shard: Shard) -> String {
    format!("{scenario}.shard-{}-of-{}", shard.k, shard.n)
}

/// `wfcast run --shard K/N`: makes this shard's draws of every scenario and writes them,
/// block by block, to `out/<scenario>.shard-K-of-N/shard-K-of-N.wfshard`.
fn run_shard(mut prep: Prepared, args: &RunArgs, shard: Shard) -> Result<(), CliError> {
    let mut paths = BTreeMap::new();
    for s in &prep.scenarios {
        let dir = prep.staging.dir(&shard_folder(&s.name, shard))?;
        paths.insert(s.name.clone(), dir.join(file_name(shard.k, shard.n)));
    }
    let written = prep.each(args.common.quiet, |s, b, tick| {
        let clock = Instant::now();
        let runner = Runner::new(s, b);
        let header = shard_header(
            s,
            b,
            &runner,
            (shard.k, shard.n),
            args.common.region.clone(),
        );
        let mut writer = ShardWriter::create(&paths[&s.name], &header)?;
        runner.in_blocks(
            DrawSet::shard(s.draws, shard.k, shard.n),
            BLOCK_DRAWS,
            tick,
            |indices, block| writer.append(indices, block),
        )?;
        writer.finish(clock.elapsed().as_secs_f64())
    });
    for (s, (result, seconds)) in prep.scenarios.iter().zip(written) {
        result?;
        let mut info = run_info(
            &prep.start,
            &s.name,
            s,
            Method::MonteCarlo,
            args.common.region.as_deref(),
            seconds,
            input_hashes(s, &prep.baseline),
        );
        info.draws = DrawSet::shard(s.draws, shard.k, shard.n).len();
        "none: a shard keeps its raw draws for `wfcast merge`".clone_into(&mut info.quantiles);
        write_run_json(
            &prep.staging,
            &shard_folder(&s.name, shard),
            &info,
            &prep.start,
        )?;
    }
    let out = args.common.out.display().to_string();
    for p in commit(prep.staging)? {
        say!("wrote {}", p.display());
    }
    say!(
        "shard {}/{} done; when every shard has run: wfcast merge {out} --out <folder>",
        shard.k,
        shard.n
    );
    Ok(())
}
