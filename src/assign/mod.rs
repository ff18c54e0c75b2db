//! Client → manager, per role: region, business_type, value_tier, hybrid.
//!
//! [`assign`] gives every (client, role) that a visit or team rule asks for one manager of that
//! role who passes the allow-lists and the competency minimum (contract §2), keeps `locked`
//! clients with their manager, respects `max_clients`, and balances each role's estimated
//! workloads within a band tighter than the policy's tolerance (routing adds noise). The
//! `region` mode ([`region`]) builds compact territories by a balanced location-allocation LP
//! (good_lp + microlp) with Lloyd-style centre updates and border-move repair; after routing,
//! [`rebalance`] moves boundary clients when real workloads leave the band.
//!
//! `business_type` and `value_tier` ([`segment`]) make managers specialists of segments and
//! then solve the same balanced LP on the restricted lists, with caps on the work of clients
//! open only part of a manager's day ([`window`], held after rounding by [`spill`]); `hybrid`
//! picks the mode per client district. Reasons: `locked`, `only allowed manager`, `region`, `business_type`,
//! `value_tier`, `local management`.

mod eligibility;
mod ends;
mod geometry;
mod lp;
mod rebalance;
mod region;
mod repair;
mod segment;
mod specialists;
mod spill;
mod territory;
mod tours;
mod units;
mod window;
mod workload;

use ends::Ends;
pub use rebalance::rebalance;
pub use region::Method;

use crate::model::{Mode, Problem};
use crate::travel::Travel;
use geometry::Projection;
use std::time::Instant;
use workload::RoleInstance;

/// One client's manager for one role.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientRole {
    pub client: usize,
    pub role: String,
    pub manager: usize,
    /// `region`, `locked`, `business_type`, `local management`, ...
    pub reason: String,
}

/// A client whose role cannot be given any manager, with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Unassignable {
    pub client: usize,
    pub role: String,
    pub reason: String,
}

/// The result of the assignment stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssignOutcome {
    pub assignments: Vec<ClientRole>,
    pub unassigned: Vec<Unassignable>,
    /// LP lower bound of the assignment objective, when one was solved.
    ///
    /// The objective is Σ over (client, role) of estimated workload (hours per cycle) ×
    /// distance (km) to the manager's territory centre (¾) and base (¼), ×0.8 for the current
    /// manager, plus penalties for workload outside the band. It is set only when every role
    /// was solved by the per-client LP (not on cells, not greedily) and kept its workloads (no
    /// territory-travel calibration, [`region::calibrate`]); it then bounds
    /// [`RoleReport::objective`] summed over roles.
    pub lower_bound: Option<f64>,
    /// Estimated cycle workload per manager (seconds), indexed like `problem.managers`.
    pub workload_estimate: Vec<f64>,
}

/// Options shared by the assignment modes.
#[derive(Clone, Debug)]
pub struct AssignOptions {
    /// Kept for the pipeline's uniform options; the assignment is deterministic without it.
    pub seed: u64,
    pub deadline: Option<Instant>,
}

/// How one role was solved (figures for reports and tests).
#[derive(Clone, Debug, PartialEq)]
pub struct RoleReport {
    pub role: String,
    pub clients: usize,
    pub managers: usize,
    pub method: Method,
    /// LP optimum of the last round (the bound when `method` is [`Method::Lp`]).
    pub lp_value: Option<f64>,
    /// The achieved value of the LP's objective.
    pub objective: f64,
    /// Largest and smallest estimated workload over the role's mean.
    pub max_over_mean: f64,
    pub min_over_mean: f64,
    /// The band aimed at (fraction of the mean).
    pub band: f64,
    pub lp_rounds: usize,
    pub repair_moves: usize,
}

/// Assigns every (client, role) that a rule asks for.
pub fn assign(problem: &Problem, travel: &dyn Travel, opts: &AssignOptions) -> AssignOutcome {
    assign_with_report(problem, travel, opts).0
}

/// The band aimed at: half the tolerance, at most ±5 %, since routing adds noise.
pub fn target_band(tolerance: f64) -> f64 {
    (tolerance / 2.0).clamp(0.0, 0.05)
}

/// [`assign`], with per-role figures.
pub fn assign_with_report(
    problem: &Problem,
    travel: &dyn Travel,
    opts: &AssignOptions,
) -> (AssignOutcome, Vec<RoleReport>) {
    let proj = Projection::around(
        problem
            .clients
            .iter()
            .map(|c| (c.lat, c.lon))
            .chain(problem.managers.iter().map(|m| (m.lat, m.lon))),
    );
    let eps = target_band(problem.policy.tolerance);
    let mut out = AssignOutcome {
        workload_estimate: vec![0.0; problem.managers.len()],
        ..AssignOutcome::default()
    };
    let mut reports = Vec::new();
    let mut bound = Some(0.0);
    let ends = Ends::new(opts.deadline);
    // Small roles first: they solve in a moment, and a large role then uses what is left of
    // the deadline instead of starving them.
    let mut roles = problem.roles();
    roles.sort_by_cached_key(|role| {
        let single = problem.requirements.iter().filter(|r| &r.role == role);
        let team = problem.team_requirements.iter();
        single.count() + team.filter(|t| t.roles.contains(role)).count()
    });
    for role in roles {
        let mut inst = RoleInstance::build(problem, travel, &proj, &role, &mut out.unassigned);
        if inst.n_clients() == 0 {
            continue;
        }
        // "Only allowed manager" refers to the allow-lists, before any specialisation.
        let only: Vec<bool> = (0..inst.n_clients())
            .map(|j| inst.allowed[j].len() == 1 && inst.n_managers() > 1)
            .collect();
        let why = if problem.policy.mode == Mode::Region {
            vec!["region".to_string(); inst.n_clients()]
        } else {
            segment::specialise(problem, &mut inst)
        };
        let mut sol = region::solve_role(&inst, eps, ends);
        let (hi, lo) = sol.territories.spread();
        let out_of_band = hi > 1.0 + eps + 1e-9 || lo < 1.0 - eps - 1e-9;
        let in_time = !crate::stop::expired(opts.deadline);
        if out_of_band && in_time && inst.n_managers() > workload::NEAR_MANAGERS {
            // The nearest-base candidate lists were too narrow (clients crowd far from most
            // bases): widen them with a balanced seed's owners and solve again.
            let seed = region::balanced_seed(&inst, eps);
            inst.widen(&seed);
            let again = region::solve_role(&inst, eps, ends);
            let (hi2, lo2) = again.territories.spread();
            // The greedy fallback (the second LP ran out of time) always looks balanced but
            // drives about a third more: the first LP's territories are repaired further by
            // the calibration below.
            let fell_back = again.method == Method::Greedy && sol.method != Method::Greedy;
            if hi2 - lo2 < hi - lo && !fell_back {
                sol = again;
            }
        }
        // Territory tours correct the additive travel estimate (sparse territories).
        let calibrated = region::calibrate(&mut inst, &mut sol, problem.policy.tolerance, ends);
        // Rounding, repair and calibration ignore opening hours: part-day work above a
        // manager's window caps goes to managers with room. Region territories mix opening
        // hours, so their LP goes without caps; only a territory whose night venues overfill
        // its evenings spills (30k region: two managers dropped 16 evening visits).
        if problem.policy.mode == Mode::Region {
            inst.window_caps = window::window_caps(problem, &inst);
        }
        sol.moves += spill::spill(&inst, &mut sol.territories, &sol.objective, ends.balance);
        let t = &sol.territories;
        for j in 0..inst.n_clients() {
            let client = inst.clients[j];
            let Some(k) = t.owner[j] else {
                out.unassigned.push(Unassignable {
                    client,
                    role: role.clone(),
                    reason: format!("every allowed `{role}` manager is at max_clients"),
                });
                continue;
            };
            let manager = inst.managers[k as usize];
            out.workload_estimate[manager] += inst.work(j, k);
            out.assignments.push(ClientRole {
                client,
                role: role.clone(),
                manager,
                reason: if inst.locked[j].is_some() {
                    "locked".to_string()
                } else if only[j] {
                    "only allowed manager".to_string()
                } else if inst.preferred[j].as_ref().is_some_and(|p| !p.contains(&k)) {
                    // Its segment's specialists were full or far: the nearest manager took it.
                    "local management".to_string()
                } else {
                    why[j].clone()
                },
            });
        }
        bound = match (bound, sol.method, sol.lp_value) {
            // The LP bounds the objective on the workloads before calibration.
            (Some(b), Method::Lp, Some(v)) if !calibrated => Some(b + v),
            _ => None,
        };
        let (max_over_mean, min_over_mean) = t.spread();
        reports.push(RoleReport {
            role: role.clone(),
            clients: inst.n_clients(),
            managers: inst.n_managers(),
            method: sol.method,
            lp_value: sol.lp_value,
            objective: t.objective(&inst, &sol.objective),
            max_over_mean,
            min_over_mean,
            band: eps,
            lp_rounds: sol.rounds,
            repair_moves: sol.moves,
        });
    }
    out.lower_bound = if reports.is_empty() { None } else { bound };
    out.assignments
        .sort_by(|a, b| (a.client, &a.role).cmp(&(b.client, &b.role)));
    out.unassigned
        .sort_by(|a, b| (a.client, &a.role).cmp(&(b.client, &b.role)));
    (out, reports)
}

#[cfg(test)]
mod tests;
