//! The labour market and the metrics that describe it: the recruitment need adds up over
//! years, vacancies roll up as positive parts, the first year has returners, the base year
//! counted as the data is the same in every draw, and faster growth lowers the share of open posts filled.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

mod common;

use common::scenario;

use wfcast_core::run::run_monte_carlo;
use wfcast_core::scenario::{Param, ParamId, Uncertain, load_shipped};
use wfcast_core::{Baseline, Method, Metric, Projection, run};

fn slot(p: &Projection, m: Metric) -> usize {
    p.slot(&m.into()).unwrap()
}

fn national(p: &Projection, d: usize, y: usize, m: Metric) -> f64 {
    let k = slot(p, m);
    p.role_regions().map(|rr| p.value(d, y, rr, k)).sum()
}

/// Summed over the projected years, the recruitment need is the hiring the plan needs:
/// external and international hires plus the posts still open at the horizon, less those
/// open at the start. Exact in every draw and every role x region (whole people).
#[test]
fn the_recruitment_need_sums_to_hires_plus_the_change_in_open_posts() {
    let b = Baseline::embedded().unwrap();
    let mut s = load_shipped("data-driven.toml", &b).unwrap();
    s.draws = 6;
    let p = run_monte_carlo(&s, &b, &|| {});
    let [need, ext, intl, open] = [
        Metric::RecruitmentNeed,
        Metric::JoinersExternal,
        Metric::JoinersInternational,
        Metric::OpenPosts,
    ]
    .map(|m| slot(&p, m));
    let last = p.years.len() - 1;
    for d in 0..p.draws as usize {
        for rr in p.role_regions() {
            let v = |y, k| p.value(d, y, rr, k);
            let needed: f64 = (1..=last).map(|y| v(y, need)).sum();
            let hired: f64 = (1..=last).map(|y| v(y, ext) + v(y, intl)).sum();
            assert_eq!(
                needed,
                hired + v(last, open) - v(0, open),
                "draw {d} {rr:?}"
            );
        }
    }
    // the need is a flow: a post open for several years counts once
    let needed: f64 = (1..=last)
        .map(|y| national(&p, 1, y, Metric::RecruitmentNeed))
        .sum();
    let hired: f64 = (1..=last)
        .map(|y| {
            national(&p, 1, y, Metric::JoinersExternal)
                + national(&p, 1, y, Metric::JoinersInternational)
        })
        .sum();
    assert!(
        needed > hired,
        "posts are still open in 2030 in the data-driven future"
    );
}

/// Vacancies are each role x region's shortfall, so a surplus in one place does not hide a
/// shortage in another: nationally, vacancies - surplus = the netted gap, and vacancies are
/// at least the gap. The summary's roll-up gives the same.
#[test]
fn vacancies_roll_up_as_positive_parts() {
    let (mut s, b) = scenario(
        "[scenario]\ndraws = 3\n[demand.growth]\nall = 0.03\nrole.health_records = -0.15\n[recruitment]\nfill_rate = 0.9\n",
    );
    s.draws = 3;
    let p = run_monte_carlo(&s, &b, &|| {});
    let last = p.years.len() - 1;
    for d in 0..3 {
        let vac = national(&p, d, last, Metric::Vacancies);
        let surplus = national(&p, d, last, Metric::SurplusWte);
        let gap = national(&p, d, last, Metric::DemandWte) - national(&p, d, last, Metric::Wte);
        assert!(
            surplus > 0.0,
            "shrinking health records are over establishment"
        );
        assert!((vac - surplus - gap).abs() < 1e-6 * vac.max(1.0));
        assert!(vac > gap);
    }
    let rows = wfcast_core::summarise(&p, wfcast_core::RegionFilter::All);
    let find = |m: Metric| {
        rows.iter()
            .find(|r| r.year == 2030 && r.role == "ALL" && r.region == "ALL" && r.metric == m)
            .unwrap()
            .stats
    };
    let mean_vac = (0..3)
        .map(|d| national(&p, d, last, Metric::Vacancies))
        .sum::<f64>()
        / 3.0;
    assert!((find(Metric::Vacancies).mean - mean_vac).abs() < 1e-6 * mean_vac);
    let rate = find(Metric::VacancyRate).mean;
    let demand = (0..3).map(|d| national(&p, d, last, Metric::DemandWte));
    let by_draw: f64 = (0..3)
        .zip(demand)
        .map(|(d, dem)| national(&p, d, last, Metric::Vacancies) / dem)
        .sum::<f64>()
        / 3.0;
    assert!(
        (rate - by_draw).abs() < 1e-12,
        "vacancy rate = vacancies / demand per draw"
    );
}

/// The first projected year has returners (from the base year's leavers), and the base
/// year, counted as the data (`[baseline]` multipliers fixed at 1), is the same in every
/// draw: staff, demand, pay and the pipelines.
#[test]
fn the_first_year_has_returners_and_the_base_year_is_the_data() {
    let b = Baseline::embedded().unwrap();
    let mut s = load_shipped("grow-our-own.toml", &b).unwrap();
    for id in [ParamId::BaseStock, ParamId::BaseVacancies] {
        s.params.values[id as usize] = Param::national(Uncertain::Fixed(1.0));
    }
    s.draws = 5;
    let p = run_monte_carlo(&s, &b, &|| {});
    for d in 0..5 {
        assert!(
            national(&p, d, 1, Metric::JoinersReturners) > 50.0,
            "draw {d}"
        );
    }
    let per_year = p.n_role_regions() * p.metrics.len();
    let base = |d: usize| &p.draw(d)[..per_year];
    for d in 1..5 {
        assert_eq!(base(d), base(0), "draw {d}'s base year");
    }
    let pipeline = p
        .metrics
        .iter()
        .position(|m| m.to_string() == "pipeline_apprenticeships")
        .unwrap();
    let on_course: f64 = p.role_regions().map(|rr| p.value(0, 0, rr, pipeline)).sum();
    assert!(on_course > 0.0);
    let vacant = national(&p, 0, 0, Metric::Vacancies);
    assert!(
        (vacant - 3_500.0).abs() < 1e-6,
        "the data's 3,500 vacant WTE: {vacant}"
    );
}

/// Share of the year's open posts filled from the domestic market, nationally: posts to fill
/// are this year's need plus the posts left open last year.
fn share_filled(p: &Projection, y: usize) -> f64 {
    let posts =
        national(p, 0, y, Metric::RecruitmentNeed) + national(p, 0, y - 1, Metric::OpenPosts);
    national(p, 0, y, Metric::JoinersExternal) / posts
}

/// More demand, the same labour market: a smaller share of open posts is filled (though
/// more people are hired), in both engines.
#[test]
fn faster_demand_growth_lowers_the_share_of_open_posts_filled() {
    for method in [Method::Expected, Method::MonteCarlo] {
        let run_at = |growth: f64| {
            let (mut s, b) = scenario(&format!(
                "[scenario]\ndraws = 1\n[demand]\ngrowth = {growth}\n[recruitment]\nfill_rate = 0.7\n"
            ));
            s.draws = 1;
            run(&s, &b, method, &|| {})
        };
        let (slow, fast) = (run_at(0.01), run_at(0.10));
        let last = slow.years.len() - 1;
        let (s, f) = (share_filled(&slow, last), share_filled(&fast, last));
        assert!(
            f < s - 0.05,
            "{method:?}: share filled {f} at 10% growth, {s} at 1%"
        );
        assert!(
            national(&fast, 0, last, Metric::JoinersExternal)
                > national(&slow, 0, last, Metric::JoinersExternal)
        );
    }
}

/// The rows of one role x region never go below zero and the open posts never exceed the
/// posts there were to fill.
#[test]
fn open_posts_are_never_negative() {
    let b = Baseline::embedded().unwrap();
    let mut s = load_shipped("investment-stalls.toml", &b).unwrap();
    s.draws = 4;
    let p = run_monte_carlo(&s, &b, &|| {});
    let open = slot(&p, Metric::OpenPosts);
    for d in 0..4 {
        for y in 0..p.years.len() {
            for rr in p.role_regions() {
                assert!(p.value(d, y, rr, open) >= 0.0);
            }
        }
    }
}

/// The data-driven future is anchored on the HEE DDaT workforce review: its 2030
/// establishment has the review's 77,923 WTE needed inside its P10-P90.
#[test]
fn the_data_driven_future_holds_hee_s_2030_need_inside_its_p10_p90() {
    let b = Baseline::embedded().unwrap();
    let mut s = load_shipped("data-driven.toml", &b).unwrap();
    s.draws = 100;
    let p = run_monte_carlo(&s, &b, &|| {});
    let rows = wfcast_core::summarise(&p, wfcast_core::RegionFilter::All);
    let demand = rows
        .iter()
        .find(|r| {
            r.year == 2030 && r.role == "ALL" && r.region == "ALL" && r.metric == Metric::DemandWte
        })
        .unwrap()
        .stats;
    assert!(
        demand.q[1] < 77_923.0 && 77_923.0 < demand.q[5],
        "2030 demand P10 {:.0}, P90 {:.0}",
        demand.q[1],
        demand.q[5]
    );
}

/// Year-to-year variation of growth: with every parameter fixed, 2030 demand varies only
/// through the yearly shocks, and its spread grows like the square root of the years
/// (independent shocks add their variances): sd(2030) / sd(2025) is about sqrt(6) = 2.45.
/// With 400 draws the ratio's standard error is about 2.45 x sqrt(1 / 400) = 0.12; the band
/// is four of them either side. Draw 0 takes no shock.
#[test]
fn year_to_year_growth_shocks_widen_the_bands_with_the_horizon() {
    let (mut s, b) = scenario(
        "[scenario]\ndraws = 400\n[demand]\ngrowth = 0.02\ngrowth_year_sd = 0.01\n[recruitment]\nfill_rate = 0.7\n",
    );
    s.draws = 400;
    let p = run_monte_carlo(&s, &b, &|| {});
    let sd = |y: usize| {
        let xs: Vec<f64> = (0..400)
            .map(|d| national(&p, d, y, Metric::DemandWte))
            .collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
    };
    let ratio = sd(6) / sd(1);
    assert!(
        (2.45 - 0.5..=2.45 + 0.5).contains(&ratio),
        "sd ratio {ratio}"
    );
    let central = 49_240.0 * 1.02f64.powi(6);
    let d0 = national(&p, 0, 6, Metric::DemandWte);
    assert!(
        (d0 - central).abs() < 1.0,
        "draw 0 has no shock: {d0} vs {central}"
    );
}

/// New joiners are exposed to leaving for the part of their first year after they join:
/// with only a supply route joining (no hires, no returners), the expected engine's extra
/// leavers at `joiner_exposure = 0.5` against 0 are exactly half the joiners times the
/// entry cell's leaver probability (role rate x band and age multipliers: no retirement at
/// 20-24), a closed form read off the data tables.
#[test]
fn joiners_leave_at_their_exposure_times_the_cell_rate() {
    let at = |exposure: f64| {
        let (mut s, b) = scenario(&format!(
            "[scenario]\ndraws = 1\n[leaving]\njoiner_exposure = {exposure}\n[recruitment]\nfill_rate = 0.0\ninternational_fill = 0.0\nreturn_rate = 0.0\n[pipelines.academy]\nintake = 1000\ncourse_years = 1\ncompletion = 1.0\nretention = 1.0\nroles = {{ data_analyst = 1 }}\nentry_band = \"5\"\nentry_age = \"20-24\"\n"
        ));
        s.draws = 1;
        (run(&s, &b, Method::Expected, &|| {}), b)
    };
    let ((with, b), (without, _)) = (at(0.5), at(0.0));
    let role = b.role_index("data_analyst").unwrap();
    let band = wfcast_core::taxonomy::band_index("5").unwrap();
    let age = wfcast_core::taxonomy::age_index("20-24").unwrap();
    let p_leave =
        b.roles[role].leaver_rate * b.band_leaver_multiplier[band] * b.age_leaver_multiplier[age];
    let joiners = national(&with, 0, 1, Metric::Joiners);
    assert!(
        joiners > 990.0,
        "the whole base-year intake joins: {joiners}"
    );
    let extra = national(&with, 0, 1, Metric::Leavers) - national(&without, 0, 1, Metric::Leavers);
    assert!(
        (extra - 0.5 * joiners * p_leave).abs() < 1e-6,
        "extra leavers {extra} vs {}",
        0.5 * joiners * p_leave
    );
}

/// A route's completers who are upskilled out of their cell in the year they join are no
/// longer there to leave from it: with every band-5 data analyst taken by an upskilling
/// course, the first-year leaving of that year's joiners never takes more people than the
/// cell holds (it once wrapped a count round to four billion), and people are conserved.
#[test]
fn joiners_upskilled_in_their_first_year_do_not_leave_from_an_empty_cell() {
    let (mut s, b) = scenario(
        "[scenario]\ndraws = 3\n[pipelines.academy]\nintake = 2000\ncourse_years = 1\ncompletion = 1.0\nretention = 1.0\nroles = { data_analyst = 1 }\nentry_band = \"5\"\nentry_age = \"20-24\"\n[upskilling.all_of_them]\nplaces = 100000\ncourse_years = 1\ncompletion = 1.0\nfrom_roles = [\"data_analyst\"]\nfrom_bands = [\"5\"]\n",
    );
    s.draws = 3;
    let p = run_monte_carlo(&s, &b, &|| {});
    common::assert_conserved(&p);
    let last = p.years.len() - 1;
    for d in 0..3 {
        assert!(national(&p, d, last, Metric::Headcount) < 100_000.0);
    }
}
