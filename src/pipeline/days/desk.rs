//! One manager's cycle as an engine search state, for the day search: removal and insertion
//! deltas of a visit on a day route, read from the cached prefix/suffix segments.

use crate::route::data::Data;
use crate::route::state::{exact_cost, Route, State, INFEASIBLE, NOWHERE};
use crate::route::{Instance, Job};
use crate::schedule::VisitJob;

/// Cost charged for a visit left unserved: above any route cost, so serving it always wins.
pub const UNSERVED: i64 = 1_000_000_000;

/// A manager's days and which visit each engine job is; its engine instance (every vehicle
/// allowed for every job: days are the search's to choose) is kept beside it.
pub struct Desk {
    pub manager: usize,
    /// Vehicle → cycle day.
    pub days: Vec<u32>,
    /// Cycle day → vehicle, `None` on days off.
    pub vehicle_of: Vec<Option<usize>>,
    /// Engine job → the visit (its unit is `visit.unit`).
    pub visits: Vec<VisitJob>,
    /// A manager-day route touched by a move since the last polish.
    pub touched: bool,
}

impl Desk {
    /// The instance for re-optimising routes with days fixed: each job allowed on the vehicle
    /// it is on now (unassigned jobs on the vehicle of `day_of`).
    pub fn fixed_days(
        &self,
        instance: &Instance,
        state: &State,
        day_of: impl Fn(usize) -> u32,
    ) -> Instance {
        let mut inst = instance.clone();
        for (j, job) in inst.jobs.iter_mut().enumerate() {
            let v = match state.place[j].0 {
                NOWHERE => self.vehicle_of[day_of(j) as usize].unwrap_or(0),
                r => state.routes[r].vehicle,
            };
            job.vehicles = Some(vec![v]);
        }
        inst
    }
}

/// Engine jobs with windows of one visit (a team visit keeps its pinned start).
pub fn engine_job(node: usize, visit: &VisitJob, pinned: Option<i64>) -> Option<Job> {
    let windows: Vec<(i64, i64)> = match pinned {
        Some(t) => vec![(t, t)],
        None => visit
            .start_windows
            .iter()
            .map(|w| (w.open, w.close))
            .collect(),
    };
    (!windows.is_empty()).then_some(Job {
        node,
        service: visit.service_s,
        demand: 0,
        windows,
        vehicles: None,
    })
}

/// A whole route's cost from its merged segment: exact when some job has several windows (the
/// hull is only a relaxation), `None` when infeasible.
fn cost_of(
    data: &Data,
    route: &Route,
    full: &crate::route::data::Seg,
    jobs: impl FnOnce() -> Vec<usize>,
) -> Option<i64> {
    let c = data.route_cost(route.vehicle, full)?;
    if full.multi == 0 {
        Some(c)
    } else {
        exact_cost(data, route.vehicle, &jobs())
    }
}

/// Change of the objective when job `j` leaves its route: negative = a saving; `-UNSERVED` for
/// an unassigned job (dropping an unserved visit frees its penalty); `UNSERVED` when the route
/// would become infeasible without it (it cannot on a metric, but road times need not be).
pub fn removal_delta(data: &Data, state: &State, j: usize) -> i64 {
    let (r, p) = state.place[j];
    if r == NOWHERE {
        return -UNSERVED;
    }
    let route = &state.routes[r];
    if route.len() == 1 {
        return -route.cost;
    }
    let full = data.merge(route.pre(p), route.suf(p + 1));
    let rest = || {
        let mut jobs = route.jobs.clone();
        jobs.remove(p);
        jobs
    };
    match cost_of(data, route, &full, rest) {
        Some(c) => c - route.cost,
        None => UNSERVED,
    }
}

/// Cheapest feasible `(position, delta)` of job `j` in `route`, `None` if it fits nowhere. The
/// detour is a lower bound on the distance part, so positions are pruned before any merge.
pub fn insertion(data: &Data, route: &Route, j: usize) -> Option<(usize, i64)> {
    let single = data.single[j];
    let mut best: Option<(usize, i64)> = None;
    let dw = data.inst.distance_weight;
    let prune = data.inst.duration_weight >= 0 && dw >= 0;
    for pos in 0..=route.len() {
        let (pre, suf) = (route.pre(pos), route.suf(pos));
        if prune {
            if let Some(b) = best {
                let detour = data.dist(pre.last, single.first) + data.dist(single.last, suf.first)
                    - data.dist(pre.last, suf.first);
                if dw * detour >= b.1 {
                    continue;
                }
            }
        }
        let full = data.merge(&data.merge(pre, &single), suf);
        let with = || {
            let mut jobs = route.jobs.clone();
            jobs.insert(pos, j);
            jobs
        };
        let Some(cost) = cost_of(data, route, &full, with) else {
            continue;
        };
        let delta = cost - route.cost;
        if best.is_none_or(|b| delta < b.1) {
            best = Some((pos, delta));
        }
    }
    best
}

/// Takes job `j` out of its route (or out of the unassigned list).
pub fn remove(data: &Data, state: &mut State, j: usize) {
    let (r, p) = state.place[j];
    if r == NOWHERE {
        state.unassigned.retain(|&u| u != j);
        return;
    }
    let mut jobs = state.routes[r].jobs.clone();
    jobs.remove(p);
    state.set_route(data, r, jobs);
    state.place[j] = (NOWHERE, 0);
}

/// A state holding `routes` (job lists per vehicle), the other jobs unassigned; `None` when a
/// route is not feasible on this instance (the day search then leaves the manager alone).
pub fn state_of(data: &Data, routes: &[Vec<usize>]) -> Option<State> {
    let mut state = State::empty(data);
    for (v, jobs) in routes.iter().enumerate() {
        if !jobs.is_empty() {
            state.set_route(data, v, jobs.clone());
            if state.routes[v].cost >= INFEASIBLE {
                return None;
            }
        }
    }
    state.unassigned = (0..data.jobs)
        .filter(|&j| state.place[j].0 == NOWHERE)
        .collect();
    Some(state)
}
