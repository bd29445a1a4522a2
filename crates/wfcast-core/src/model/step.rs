//! One year of the model, in order, written once. How each flow is realised, as an integer
//! draw (Monte Carlo, [`super::sampled`]) or as an expected value ([`super::expected`]), is
//! the [`Realise`] trait's business; the order of the flows and what is recorded are this
//! file's. docs/model.md, "One year's step", follows this order.

use super::CohortModel;
use super::count::Count;
use super::draws::DrawParams;
use super::labour::{BaseYear, Labour};
use super::metrics::{Metric, RouteMetric, SkillMetric};
use super::pay::employer_cost;
use super::rates::YearRates;
use super::routes::Courses;
use crate::scenario::ParamId;
use crate::taxonomy::{Cell, N_AGES, N_BANDS, N_SKILL_LEVELS, RoleRegion};

/// Leavers, retirements and band moves of one role x region in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Flows<C> {
    /// Leavers (not retirement).
    pub(crate) leavers: C,
    /// Retirements.
    pub(crate) retirements: C,
    /// Moves up a band.
    pub(crate) promotions: C,
    /// Moves down a band.
    pub(crate) demotions: C,
}

impl<C: Count> Flows<C> {
    /// No leavers, retirements or band moves.
    pub(crate) fn none() -> Self {
        let zero = C::from_f64(0.0);
        Self {
            leavers: zero,
            retirements: zero,
            promotions: zero,
            demotions: zero,
        }
    }
}

/// One year's records: per role x region, a value for every measure of the layout.
pub(crate) struct Record<'r> {
    values: &'r mut [f64],
    stride: usize,
}

impl<'r> Record<'r> {
    /// The records of one year, `stride` values per role x region.
    pub(crate) fn new(values: &'r mut [f64], stride: usize) -> Self {
        Self { values, stride }
    }

    /// The value at record position `slot` of `rr`.
    pub(crate) fn get(&self, rr: RoleRegion, slot: usize) -> f64 {
        self.values[rr.index() * self.stride + slot]
    }

    /// Sets the value at record position `slot` of `rr`.
    pub(crate) fn set(&mut self, rr: RoleRegion, slot: usize, value: f64) {
        self.values[rr.index() * self.stride + slot] = value;
    }

    /// Adds to the value at record position `slot` of `rr`.
    pub(crate) fn add(&mut self, rr: RoleRegion, slot: usize, value: f64) {
        self.values[rr.index() * self.stride + slot] += value;
    }

    /// Sum of the values at record positions `slots` of `rr`.
    pub(crate) fn sum(&self, rr: RoleRegion, slots: std::ops::Range<usize>) -> f64 {
        let start = rr.index() * self.stride;
        self.values[start + slots.start..start + slots.end]
            .iter()
            .sum()
    }
}

/// How the flows of a year are realised. Each method is one phase of [`step_year`]; a
/// realisation may fold a phase into another where that does not change what it computes
/// (the Monte Carlo engine ages staff while drawing their leaving, see docs/model.md).
pub(crate) trait Realise {
    /// A number of people.
    type Count: Count;
    /// Staff in post per role x region x cell.
    type Staff;

    /// The base year's staff in post, into `staff` (its buffers reused): the data's count
    /// of each cell times the draw's `baseline.stock` multiplier of its role x region.
    fn init_staff(&mut self, model: &CohortModel<'_>, params: &DrawParams, staff: &mut Self::Staff);

    /// Prepares a draw: what stays the same in every year of it.
    fn begin_draw(&mut self, model: &CohortModel<'_>, params: &DrawParams);

    /// People in `cell` of `rr`.
    fn count(staff: &Self::Staff, rr: RoleRegion, cell: Cell) -> f64;

    /// Leaving and retirement (competing risks) and band moves of `rr`'s staff, with the
    /// year's leaving multiplier `leaving`.
    fn survive(
        &mut self,
        model: &CohortModel<'_>,
        rr: RoleRegion,
        params: &DrawParams,
        leaving: f64,
        staff: &mut Self::Staff,
    ) -> Flows<Self::Count>;

    /// Role and region moves of the staff who stayed, recorded as `moves_in`/`moves_out`.
    fn move_staff(
        &mut self,
        model: &CohortModel<'_>,
        params: &DrawParams,
        staff: &mut Self::Staff,
        rec: &mut Record<'_>,
    );

    /// Ageing of everyone in post.
    fn age(&mut self, staff: &mut Self::Staff);

    /// `national` people (a whole number) split over the regions by `share`.
    fn split(&mut self, national: f64, share: &[f64]) -> Vec<Self::Count>;

    /// Of `n` people, those for whom an event of probability `p` happens.
    fn thin(&mut self, n: Self::Count, p: f64) -> Self::Count;

    /// `joining` completers of supply route `k` in region `g` take posts, recorded as the
    /// route's joiners.
    fn join(
        &mut self,
        model: &CohortModel<'_>,
        k: usize,
        g: usize,
        joining: Self::Count,
        staff: &mut Self::Staff,
        rec: &mut Record<'_>,
    );

    /// Before upskilling route `k`'s regions are stepped.
    fn begin_upskilling(&mut self, staff: &Self::Staff);

    /// `completers` of upskilling route `k` in region `g` move up a band and/or role.
    fn upskill(
        &mut self,
        model: &CohortModel<'_>,
        k: usize,
        g: usize,
        completers: Self::Count,
        staff: &mut Self::Staff,
        rec: &mut Record<'_>,
    );

    /// After every region of an upskilling route: completers land where they moved to.
    fn end_upskilling(&mut self, staff: &mut Self::Staff);

    /// `n` new staff join `rr` at the role's band and hire-age mix.
    fn hire(
        &mut self,
        model: &CohortModel<'_>,
        rr: RoleRegion,
        n: Self::Count,
        staff: &mut Self::Staff,
    );

    /// Before a year's joiners arrive: nobody has joined yet.
    fn begin_joining(&mut self, staff: &Self::Staff);

    /// Of those who joined `rr` this year (supply routes, returners, hires), those who
    /// leave before the year ends: each with `exposure` x their cell's leaver probability
    /// under the year's leaving multiplier `leaving`. They leave the staff in post.
    fn joiners_leave(
        &mut self,
        model: &CohortModel<'_>,
        rr: RoleRegion,
        params: &DrawParams,
        leaving: f64,
        exposure: f64,
        staff: &mut Self::Staff,
    ) -> Self::Count;
}

/// What a draw carries from year to year.
#[derive(Debug, Default)]
pub(crate) struct State<C, S> {
    /// Staff in post.
    pub(crate) staff: S,
    /// Trainees on each supply route's course.
    pub(crate) trainees: Courses<C>,
    /// Staff on each upskilling route's course.
    pub(crate) upskilling: Courses<C>,
    /// Establishment (WTE) per role x region.
    pub(crate) demand: Vec<f64>,
    /// Last year's leavers per role x region (the returners' pool).
    pub(crate) last_leavers: Vec<C>,
    /// Posts (heads) left open after last year's recruitment per role x region.
    pub(crate) open_posts: Vec<C>,
    /// The base year's flows at this draw's rates, per role x region.
    pub(crate) base: Vec<BaseYear>,
    /// This year's rates.
    pub(crate) rates: YearRates,
}

/// Runs a whole draw: the base year as read, then every projected year, writing
/// `(years + 1) x role-regions x stride` values into `out` (year 0 = the base year).
pub(crate) fn project<R: Realise>(
    model: &CohortModel<'_>,
    params: &DrawParams,
    real: &mut R,
    state: &mut State<R::Count, R::Staff>,
    out: &mut [f64],
) {
    let stride = model.layout.stride();
    let per_year = model.n_role_regions() * stride;
    debug_assert_eq!(out.len(), (model.years + 1) * per_year);
    out.fill(0.0);
    real.init_staff(model, params, &mut state.staff);
    // the base year is the data: its courses are full at the central intake in every draw
    let start = |intake: f64, multiplier: f64, share: f64| {
        R::Count::from_f64((intake * multiplier * share).round())
    };
    state.trainees.reset(
        model.routes.iter().map(|r| r.course_years),
        model.n_places(),
        |k, g| {
            let route = &model.routes[k];
            start(
                route.base_intake,
                route.intake_multiplier[0],
                route.region_share[g],
            )
        },
    );
    real.begin_draw(model, params);
    state.upskilling.reset(
        model.upskilling.iter().map(|u| u.course_years),
        model.n_places(),
        |k, g| {
            let u = &model.upskilling[k];
            start(u.base_places, u.intake_multiplier[0], u.region_share[g])
        },
    );
    state.rates.fill(&model.pay, &model.policy, params, 0);
    let role_regions = model.pairs();
    // the establishment is the staff in post plus the vacancies, both as this draw counts
    // them (with `baseline.stock` and `baseline.vacancies` at 1, exactly the data's)
    let vacant = |rr: RoleRegion| model.base_vacancies(rr, params);
    state.demand.clear();
    state.demand.extend(
        role_regions
            .clone()
            .map(|rr| supply::<R>(model, rr, &state.staff) + vacant(rr)),
    );
    // the matching step is fitted to the base year's posts, and the first year's returners
    // come from the base year's leavers, both at this draw's rates
    state.base.clear();
    state.base.extend(role_regions.clone().map(|rr| {
        let leaving = state.rates.leaving[rr.index()];
        let staff = |cell: Cell| R::count(&state.staff, rr, cell);
        Labour::base_year(model, rr, params, leaving, staff)
    }));
    state.last_leavers.clear();
    state
        .last_leavers
        .extend(state.base.iter().map(|b| R::Count::from_f64(b.leavers)));
    state.open_posts.clear();
    state
        .open_posts
        .extend(role_regions.map(|rr| R::Count::from_f64(model.vacant_posts(rr, vacant(rr), 0.0))));
    let (base, projected) = out.split_at_mut(per_year);
    record_stock::<R>(model, 0, state, &mut Record::new(base, stride));
    for (t, year) in projected.chunks_exact_mut(per_year).enumerate() {
        step_year(
            model,
            params,
            t + 1,
            real,
            state,
            &mut Record::new(year, stride),
        );
    }
}

/// Year index `t`: every flow of the year in order, then the stocks at its end.
fn step_year<R: Realise>(
    model: &CohortModel<'_>,
    params: &DrawParams,
    t: usize,
    real: &mut R,
    state: &mut State<R::Count, R::Staff>,
    rec: &mut Record<'_>,
) {
    state.rates.fill(&model.pay, &model.policy, params, t);
    let role_regions = || model.pairs();
    // 1-3. leaving and retirement (competing risks), band moves
    for rr in role_regions() {
        let leaving = state.rates.leaving[rr.index()];
        let f = real.survive(model, rr, params, leaving, &mut state.staff);
        rec.set(rr, Metric::Leavers.slot(), f.leavers.to_f64());
        rec.set(rr, Metric::Retirements.slot(), f.retirements.to_f64());
        rec.set(rr, Metric::Promotions.slot(), f.promotions.to_f64());
        rec.set(rr, Metric::Demotions.slot(), f.demotions.to_f64());
    }
    // 4. role and region moves, then ageing
    real.move_staff(model, params, &mut state.staff, rec);
    real.age(&mut state.staff);
    real.begin_joining(&state.staff);
    // 5. supply routes: the course moves on, completers who stay join
    for (k, route) in model.routes.iter().enumerate() {
        let [intake, completion, retention] = params.routes[k];
        let national = (intake * route.intake_multiplier[t]).round();
        let by_region = real.split(national, &route.region_share);
        for (g, &new) in by_region.iter().enumerate() {
            let finishing = state.trainees.shift(k, g, new);
            let completers = real.thin(finishing, completion);
            let joining = real.thin(completers, retention);
            real.join(model, k, g, joining, &mut state.staff, rec);
        }
    }
    // 6. upskilling routes: completers move up a band and/or into another role
    for (k, u) in model.upskilling.iter().enumerate() {
        let [places, completion] = params.upskilling[k];
        let national = (places * u.intake_multiplier[t]).round();
        let by_region = real.split(national, &u.region_share);
        real.begin_upskilling(&state.staff);
        for (g, &new) in by_region.iter().enumerate() {
            let finishing = state.upskilling.shift(k, g, new);
            let completers = real.thin(finishing, completion);
            real.upskill(model, k, g, completers, &mut state.staff, rec);
        }
        real.end_upskilling(&mut state.staff);
    }
    // 7-9. returners, demand, recruitment (the domestic share filled by the labour market)
    for rr in role_regions() {
        let i = rr.index();
        let returners = real.thin(state.last_leavers[i], params.get(ParamId::ReturnRate, rr));
        real.hire(model, rr, returners, &mut state.staff);
        state.demand[i] = model.next_demand(state.demand[i], rr, t, params);
        let supply = supply::<R>(model, rr, &state.staff);
        let posts = R::Count::from_f64(model.vacant_posts(rr, state.demand[i], supply));
        let efficiency = (params.year_effects[t].fill * params.get(ParamId::FillYearSd, rr)).exp();
        let market = [
            state.rates.fill[i],
            state.rates.pool[i] * efficiency,
            params.get(ParamId::Matching, rr),
        ];
        let fill = model
            .labour
            .fill_share(rr, state.base[i], market, posts.to_f64());
        let hires = real.thin(posts, fill);
        let international = real.thin(posts - hires, state.rates.international[i]);
        real.hire(model, rr, hires + international, &mut state.staff);
        // joiners are exposed to leaving for the part of the year after they join
        let exposure = params.get(ParamId::JoinerExposure, rr);
        let leaving = state.rates.leaving[i];
        let early = real.joiners_leave(model, rr, params, leaving, exposure, &mut state.staff);
        rec.add(rr, Metric::Leavers.slot(), early.to_f64());
        state.last_leavers[i] = R::Count::from_f64(rec.get(rr, Metric::Leavers.slot()));
        let need = posts.to_f64() - state.open_posts[i].to_f64();
        state.open_posts[i] = posts - hires - international;
        rec.set(rr, Metric::RecruitmentNeed.slot(), need);
        rec.set(rr, Metric::JoinersExternal.slot(), hires.to_f64());
        rec.set(
            rr,
            Metric::JoinersInternational.slot(),
            international.to_f64(),
        );
        rec.set(rr, Metric::JoinersReturners.slot(), returners.to_f64());
        let route_joiners = rec.sum(rr, model.layout.route_joiners());
        let joiners = (hires + international + returners).to_f64() + route_joiners;
        rec.set(rr, Metric::Joiners.slot(), joiners);
    }
    // 10. stocks at the end of the year
    record_stock::<R>(model, t, state, rec);
}

/// Staff of `rr` counted by whole-time equivalent.
fn supply<R: Realise>(model: &CohortModel<'_>, rr: RoleRegion, staff: &R::Staff) -> f64 {
    let fte = &model.baseline.fte[rr.cells()];
    Cell::all()
        .zip(fte)
        .map(|(c, &f)| R::count(staff, rr, c) * f)
        .sum()
}

/// Writes the stocks at the end of year index `t`: headcount, WTE, demand, the vacancies,
/// surplus and open posts, pay cost (per person, with the year's National Insurance), and
/// each route's trainees spread over roles by its role mix.
fn record_stock<R: Realise>(
    model: &CohortModel<'_>,
    t: usize,
    state: &State<R::Count, R::Staff>,
    rec: &mut Record<'_>,
) {
    let year = model.base_year + t as i32;
    for rr in model.pairs() {
        let fte = &model.baseline.fte[rr.cells()];
        let premium = state.rates.premium[rr.index()];
        let premium0 = model.policy.at(0, rr).premium;
        let (mut hc, mut wte) = (0.0, 0.0);
        // the year's cost, then at the base year's premium and NI, then also with each
        // band at its base-year average pay (see "Cost per WTE" in docs/model.md)
        let (mut cost, mut cost_base_rules, mut cost_base_points) = (0.0, 0.0, 0.0);
        let mut level_wte = [0.0; N_SKILL_LEVELS];
        let levels = &model.baseline.skill_level[rr.role()];
        for band in 0..N_BANDS {
            let average = model.pay.band_average_pay(rr, band, premium0);
            for age in 0..N_AGES {
                let cell = Cell::new(band, age);
                let n = R::count(&state.staff, rr, cell);
                if n != 0.0 {
                    let f = fte[cell.index()];
                    hc += n;
                    wte += n * f;
                    level_wte[levels[band]] += n * f;
                    let pay = model.pay.pay_per_wte(rr, cell, premium);
                    let pay0 = if premium0 == premium {
                        pay
                    } else {
                        model.pay.pay_per_wte(rr, cell, premium0)
                    };
                    cost += n * employer_cost(pay, f, year);
                    cost_base_rules += n * employer_cost(pay0, f, model.base_year);
                    cost_base_points += n * employer_cost(average, f, model.base_year);
                }
            }
        }
        let demand = state.demand[rr.index()];
        rec.set(rr, Metric::Headcount.slot(), hc);
        rec.set(rr, Metric::Wte.slot(), wte);
        rec.set(rr, Metric::DemandWte.slot(), demand);
        rec.set(rr, Metric::Vacancies.slot(), (demand - wte).max(0.0));
        rec.set(rr, Metric::SurplusWte.slot(), (wte - demand).max(0.0));
        rec.set(
            rr,
            Metric::OpenPosts.slot(),
            state.open_posts[rr.index()].to_f64(),
        );
        rec.set(rr, Metric::PayCost.slot(), cost);
        rec.set(rr, Metric::PayCostBaseRules.slot(), cost_base_rules);
        rec.set(rr, Metric::PayCostBasePoints.slot(), cost_base_points);
        for (k, route) in model.routes.iter().enumerate() {
            let on_course = state.trainees.total(k, rr.region()) * route.role_mix[rr.role()];
            rec.set(
                rr,
                model.layout.route_slot(RouteMetric::Pipeline, k),
                on_course,
            );
        }
        if let Some(share) = model.skill_share.get(rr.index()) {
            for level in 0..N_SKILL_LEVELS {
                if let (Some(w), Some(d)) = (
                    model.layout.skill_slot(SkillMetric::Wte, level),
                    model.layout.skill_slot(SkillMetric::DemandWte, level),
                ) {
                    rec.set(rr, w, level_wte[level]);
                    rec.set(rr, d, demand * share[level]);
                }
            }
        }
    }
}

impl CohortModel<'_> {
    /// Demand in `rr` at year index `t` given last year's: growth less automation, plus
    /// programmes starting this year.
    pub(crate) fn next_demand(
        &self,
        previous: f64,
        rr: RoleRegion,
        t: usize,
        params: &DrawParams,
    ) -> f64 {
        let effect = &params.year_effects[t];
        let growth = params.get(ParamId::Growth, rr)
            + effect.growth * params.get(ParamId::GrowthYearSd, rr)
            + effect.growth_role[rr.role()] * params.get(ParamId::GrowthRoleYearSd, rr);
        let mut d = previous * (1.0 + growth - params.get(ParamId::Automation, rr)).max(0.0);
        for ((from, share), wte) in self.policy.programmes().iter().zip(&params.programmes) {
            if *from == t {
                d += wte * share[rr.index()];
            }
        }
        d.max(0.0)
    }

    /// The base year's vacancies (WTE) in `rr` as the draw counts them: the data's times
    /// the draw's `baseline.stock` and `baseline.vacancies` multipliers.
    pub(crate) fn base_vacancies(&self, rr: RoleRegion, params: &DrawParams) -> f64 {
        self.baseline.vacancies_wte[rr.index()]
            * params.get(ParamId::BaseStock, rr)
            * params.get(ParamId::BaseVacancies, rr)
    }

    /// Vacant posts (heads) against `demand` given staff `supply` (WTE): the external
    /// recruitment needed to close the gap.
    pub(crate) fn vacant_posts(&self, rr: RoleRegion, demand: f64, supply: f64) -> f64 {
        ((demand - supply).max(0.0) / self.baseline.roles[rr.role()].fte_ratio).round()
    }
}
