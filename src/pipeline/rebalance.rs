//! Balance on real workloads: routing adds travel and waiting that the assignment could only
//! estimate, so when a manager ends above `(1 + tolerance)` × the role's mean, border clients
//! move to lighter neighbours ([`assign::rebalance`]), the visit days are chosen again and the
//! managers whose visits changed are routed again. A round is kept only if it lowers the worst
//! ratio without serving fewer visits. A round starts, and goes on to routing, only when its
//! forecast cost (from the first pass's measured stage times) fits before the end given, so
//! that the plan is always assembled and written inside the time limit.

use super::build;
use super::observer::{Observer, Stage};
use super::routing::{self, Routed};
use crate::assign::{self, AssignOptions, AssignOutcome};
use crate::model::Problem;
use crate::plan::Plan;
use crate::schedule::{self, ScheduleOptions, ScheduleOutcome};
use crate::travel::Travel;
use std::collections::BTreeSet;
use std::time::Instant;

const MAX_ROUNDS: usize = 4;

/// What the first pass cost, to forecast a round.
pub struct Costs {
    /// Wall time of choosing all visit days.
    pub schedule_s: f64,
    /// Wall time of routing `managers_routed` managers.
    pub route_s: f64,
    pub managers_routed: usize,
    /// Wall time of assembling the plan (with its KPIs).
    pub assemble_s: f64,
    /// Iteration budget scale of the first pass, kept for the re-routed managers.
    pub route_scale: f64,
}

impl Costs {
    /// Forecast wall time of routing `managers` managers again.
    fn route(&self, managers: usize) -> f64 {
        self.route_s * managers as f64 / self.managers_routed.max(1) as f64
    }
}

/// Seconds left before `end`.
fn left(end: Instant) -> f64 {
    end.saturating_duration_since(Instant::now()).as_secs_f64()
}

/// The stages' outcomes that a rebalancing round replaces together.
pub struct State {
    pub assignment: AssignOutcome,
    pub schedule: ScheduleOutcome,
    pub routed: Routed,
}

/// Routed cycle workload (leave to return) per manager, in seconds.
pub(super) fn workloads(problem: &Problem, plan: &Plan) -> Vec<f64> {
    let mut w = vec![0.0; problem.managers.len()];
    for r in &plan.routes {
        if let Some(m) = problem.manager_by_id(&r.manager) {
            w[m] += (r.return_s - r.leave_s) as f64;
        }
    }
    w
}

/// Worst workload over its role's mean.
fn worst_ratio(problem: &Problem, w: &[f64]) -> f64 {
    let mut worst: f64 = 0.0;
    for role in problem.roles() {
        let ms: Vec<usize> = problem.managers_of_role(&role).collect();
        let mean = ms.iter().map(|&m| w[m]).sum::<f64>() / ms.len().max(1) as f64;
        if mean > 0.0 {
            for &m in &ms {
                worst = worst.max(w[m] / mean);
            }
        }
    }
    worst
}

#[allow(clippy::too_many_arguments)]
pub fn run(
    problem: &Problem,
    travel: &dyn Travel,
    seed: u64,
    state: &mut State,
    plan: &mut Plan,
    costs: &Costs,
    end: Instant,
    observer: &dyn Observer,
) {
    let limit_at = end;
    let bound = 1.0 + problem.policy.tolerance;
    for round in 0..MAX_ROUNDS {
        let w = workloads(problem, plan);
        let ratio = worst_ratio(problem, &w);
        // Even a small round chooses every day again and assembles the plan.
        if ratio <= bound || left(end) < costs.schedule_s + costs.assemble_s {
            return;
        }
        let mut assignment = state.assignment.clone();
        let opts = AssignOptions {
            seed: seed.wrapping_add(round as u64 + 1),
            deadline: Some(limit_at),
        };
        if assign::rebalance(problem, travel, &mut assignment, &w, &opts) == 0 {
            return;
        }
        observer.stage(Stage::Schedule);
        let schedule = schedule::schedule(
            problem,
            travel,
            &assignment,
            &ScheduleOptions {
                seed,
                deadline: Some(limit_at),
            },
        );
        let before = routing::jobs_by_manager(&state.schedule);
        let after = routing::jobs_by_manager(&schedule);
        let mut changed: BTreeSet<usize> = before
            .keys()
            .chain(after.keys())
            .copied()
            .filter(|m| before.get(m) != after.get(m))
            .collect();
        // Team visits are synchronised among their members: route partners together.
        let teams: BTreeSet<&String> = changed
            .iter()
            .flat_map(|m| before.get(m).into_iter().chain(after.get(m)))
            .flatten()
            .filter_map(|j| j.3.as_ref())
            .collect();
        let partners: Vec<usize> = before
            .iter()
            .chain(after.iter())
            .filter(|(_, jobs)| {
                jobs.iter()
                    .any(|j| j.3.as_ref().is_some_and(|t| teams.contains(t)))
            })
            .map(|(&m, _)| m)
            .collect();
        changed.extend(partners);
        if left(end) < costs.route(changed.len()) + costs.assemble_s {
            return;
        }
        observer.stage(Stage::Route);
        let partial = routing::route_all(
            problem,
            travel,
            &schedule,
            seed,
            Some(limit_at),
            observer,
            Some(&changed),
            costs.route_scale,
        );
        let mut routed = state.routed.clone();
        routed.managers.retain(|m| !changed.contains(&m.manager));
        routed.managers.extend(partial.managers);
        routed.managers.sort_by_key(|m| m.manager);
        routed.cut_short |= partial.cut_short;
        let candidate = build::assemble(problem, travel, &assignment, &schedule, &routed);
        let new_ratio = worst_ratio(problem, &workloads(problem, &candidate));
        if new_ratio < ratio && candidate.kpis.unserved_visits <= plan.kpis.unserved_visits {
            *plan = candidate;
            *state = State {
                assignment,
                schedule,
                routed,
            };
        } else {
            return;
        }
    }
}
