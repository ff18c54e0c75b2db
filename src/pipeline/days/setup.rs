//! The routed plan as day-search data: each unit's actual days, which units may change
//! pattern, and one engine instance and state per manager.

use super::desk::{self, engine_job, Desk};
use crate::model::Problem;
use crate::pipeline::routing::{
    day_vehicles, matrices, unroutable_reason, DayRoute, Dropped, ManagerRoutes, Routed, Stop,
};
use crate::route::data::Data;
use crate::route::state::State;
use crate::route::Instance;
use crate::schedule::patterns::{days_of, DayMask};
use crate::schedule::units::{Kind, Unit};
use crate::schedule::{ScheduleOutcome, VisitJob};
use crate::travel::Travel;
use rayon::prelude::*;
use std::collections::HashMap;

const NO_DESK: usize = usize::MAX;

pub struct Setup {
    pub units: Vec<Unit>,
    /// Actual days per unit (for frozen units, every day they occupy).
    pub days: Vec<DayMask>,
    /// Units whose pattern the search may change.
    pub movable: Vec<usize>,
    /// Unit → desk (movable units only).
    pub desk_of: Vec<usize>,
    /// Units of each client, for staggering.
    pub client_units: Vec<Vec<usize>>,
    pub desks: Vec<Desk>,
    /// Per desk: its engine instance (taken out by the search, which borrows it).
    pub instances: Vec<Instance>,
    /// (unit, day) → engine job of a movable unit's visit on that day.
    pub job_at: HashMap<(usize, u32), usize>,
    /// Per desk: the day of each engine job.
    pub job_day: Vec<Vec<u32>>,
    /// Per desk: routes (engine jobs per vehicle) as routed.
    routes: Vec<Vec<Vec<usize>>>,
    /// Per desk: dropped visits the search does not handle (kept as they were).
    kept_dropped: Vec<Vec<Dropped>>,
    /// Per desk: its routes were changed by the search.
    pub changed: Vec<bool>,
}

/// Whether a unit's routed and dropped visits agree with a pattern, and which: the scheduled
/// days, or (a once-a-cycle visit the router moved to another day) the routed day.
fn actual_days(unit: &Unit, routed: DayMask, dropped: u32) -> Option<DayMask> {
    let sched = unit.days;
    if routed & !sched == 0 && routed.count_ones() + dropped == sched.count_ones() {
        Some(sched)
    } else if dropped == 0 && routed.count_ones() == sched.count_ones() {
        Some(routed)
    } else {
        None
    }
}

impl Setup {
    pub fn new(
        problem: &Problem,
        travel: &dyn Travel,
        schedule: &ScheduleOutcome,
        routed: &Routed,
    ) -> Option<Setup> {
        let units = schedule.units.clone();
        let n = units.len();
        let mut on_days: Vec<DayMask> = vec![0; n];
        let mut dropped_n = vec![0u32; n];
        for mr in &routed.managers {
            for r in &mr.routes {
                for s in &r.stops {
                    *on_days.get_mut(s.job.unit)? |= 1 << r.day;
                }
            }
            for d in &mr.dropped {
                *dropped_n.get_mut(d.job.unit)? += 1;
            }
        }
        let mut days: Vec<DayMask> = units.iter().map(|u| u.days).collect();
        let mut candidate = vec![false; n];
        for (u, unit) in units.iter().enumerate() {
            let single = matches!(unit.kind, Kind::Single(_)) && unit.members.len() == 1;
            match actual_days(unit, on_days[u], dropped_n[u]) {
                Some(d) if single && !unit.windows.is_empty() && d != 0 => {
                    days[u] = d;
                    candidate[u] = true;
                }
                _ => days[u] |= on_days[u],
            }
        }
        let mut client_units = vec![Vec::new(); problem.clients.len()];
        for (u, unit) in units.iter().enumerate() {
            client_units[unit.client].push(u);
        }
        let mut s = Setup {
            units,
            days,
            movable: Vec::new(),
            desk_of: vec![NO_DESK; n],
            client_units,
            desks: Vec::new(),
            instances: Vec::new(),
            job_at: HashMap::new(),
            job_day: Vec::new(),
            routes: Vec::new(),
            kept_dropped: Vec::new(),
            changed: Vec::new(),
        };
        for mr in &routed.managers {
            s.add_desk(problem, travel, mr, &candidate);
        }
        // Movable: every visit of the unit is an engine job of its manager.
        s.movable = (0..n)
            .filter(|&u| {
                candidate[u]
                    && s.desk_of[u] != NO_DESK
                    && days_of(s.days[u])
                        .iter()
                        .all(|&d| s.job_at.contains_key(&(u, d)))
            })
            .collect();
        Some(s)
    }

    fn add_desk(
        &mut self,
        problem: &Problem,
        travel: &dyn Travel,
        mr: &ManagerRoutes,
        candidate: &[bool],
    ) {
        let k = self.desks.len();
        let (days, vehicles) = day_vehicles(problem, mr.manager);
        let mut vehicle_of = vec![None; problem.calendar.days() as usize];
        for (v, &d) in days.iter().enumerate() {
            vehicle_of[d as usize] = Some(v);
        }
        let mut visits: Vec<VisitJob> = Vec::new();
        let mut jobs = Vec::new();
        let mut job_day = Vec::new();
        let mut routes = vec![Vec::new(); days.len()];
        let mine = |u: usize, desk_of: &mut Vec<usize>| {
            if candidate[u] && (desk_of[u] == NO_DESK || desk_of[u] == k) {
                desk_of[u] = k;
                true
            } else {
                false
            }
        };
        let mut ok = true;
        for r in &mr.routes {
            let Some(v) = vehicle_of.get(r.day as usize).copied().flatten() else {
                ok = false;
                continue;
            };
            for st in &r.stops {
                let j = visits.len();
                let pinned = st.job.team.as_ref().map(|_| st.start);
                match engine_job(j + 1, &st.job, pinned) {
                    Some(job) => jobs.push(job),
                    None => ok = false,
                }
                if mine(st.job.unit, &mut self.desk_of) {
                    self.job_at.insert((st.job.unit, r.day), j);
                }
                visits.push(st.job.clone());
                job_day.push(r.day);
                routes[v].push(j);
            }
        }
        let mut kept = Vec::new();
        for d in &mr.dropped {
            let u = d.job.unit;
            let day = days_of(self.days[u])
                .into_iter()
                .find(|&day| !self.job_at.contains_key(&(u, day)));
            let job = engine_job(visits.len() + 1, &d.job, None);
            match (day, job) {
                (Some(day), Some(job)) if mine(u, &mut self.desk_of) => {
                    self.job_at.insert((u, day), visits.len());
                    jobs.push(job);
                    visits.push(d.job.clone());
                    job_day.push(day);
                }
                _ => kept.push(d.clone()),
            }
        }
        if !ok {
            // Not representable (cannot happen for a routed plan): leave the manager as it is.
            routes.clear();
        }
        let clients: Vec<usize> = visits.iter().map(|v| v.client).collect();
        let (distance, time) = matrices(travel, mr.manager, &clients);
        self.instances.push(Instance {
            distance,
            time,
            vehicles,
            jobs,
            distance_weight: 1,
            duration_weight: 1,
        });
        self.desks.push(Desk {
            manager: mr.manager,
            days,
            vehicle_of,
            visits,
            touched: false,
        });
        self.job_day.push(job_day);
        self.routes.push(if ok { routes } else { Vec::new() });
        self.kept_dropped.push(kept);
        self.changed.push(false);
    }

    /// One engine state per desk; `None` for a desk the search must leave alone.
    pub fn states(&self, datas: &[Data]) -> Vec<Option<State>> {
        self.desks
            .par_iter()
            .enumerate()
            .map(|(k, d)| {
                if self.routes[k].len() != d.days.len() {
                    return None;
                }
                desk::state_of(&datas[k], &self.routes[k])
            })
            .collect()
    }

    /// The days to write back into the schedule: the search's for movable units, the
    /// schedule's own for the others.
    pub fn schedule_days(&self) -> Vec<DayMask> {
        let mut out: Vec<DayMask> = self.units.iter().map(|u| u.days).collect();
        for &u in &self.movable {
            out[u] = self.days[u];
        }
        out
    }

    /// The routed plan after the search: changed managers rebuilt from their states, the
    /// others as they were.
    pub fn routed_from(
        &self,
        problem: &Problem,
        travel: &dyn Travel,
        schedule: &ScheduleOutcome,
        before: &Routed,
        datas: &[Data],
        states: &[Option<State>],
    ) -> Routed {
        let mut jobs: HashMap<(usize, u32, usize), &VisitJob> = HashMap::new();
        for ds in &schedule.days {
            for j in &ds.jobs {
                jobs.insert((ds.manager, ds.day, j.unit), j);
            }
        }
        let managers = before
            .managers
            .iter()
            .enumerate()
            .map(|(k, mr)| match &states[k] {
                Some(state) if self.changed[k] => {
                    let desk = &self.desks[k];
                    let visit = |j: usize| {
                        let own = &desk.visits[j];
                        jobs.get(&(desk.manager, self.job_day[k][j], own.unit))
                            .map_or_else(|| own.clone(), |&v| v.clone())
                    };
                    self.manager_routes(problem, travel, k, &datas[k], state, visit)
                }
                _ => mr.clone(),
            })
            .collect();
        Routed {
            managers,
            cut_short: before.cut_short,
        }
    }

    /// The manager's routes and dropped visits from its final state.
    fn manager_routes(
        &self,
        problem: &Problem,
        travel: &dyn Travel,
        k: usize,
        data: &Data,
        state: &State,
        visit: impl Fn(usize) -> VisitJob,
    ) -> ManagerRoutes {
        let desk = &self.desks[k];
        let day_of = |j: usize| self.job_day[k][j];
        let mut dropped = self.kept_dropped[k].clone();
        let mut routes = Vec::new();
        let mut lost = state.unassigned.clone();
        for r in state.routes.iter().filter(|r| !r.is_empty()) {
            match day_route(desk, data, r.vehicle, &r.jobs, &visit) {
                Some(dr) => routes.push(dr),
                None => lost.extend_from_slice(&r.jobs),
            }
        }
        lost.sort_unstable();
        for j in lost {
            let job = visit(j);
            let reason = unroutable_reason(problem, travel, desk.manager, day_of(j), &job);
            dropped.push(Dropped { job, reason });
        }
        routes.sort_by_key(|r| r.day);
        ManagerRoutes {
            manager: desk.manager,
            routes,
            dropped,
        }
    }
}

/// A day route of the engine state, timed by the exact schedule.
fn day_route(
    desk: &Desk,
    data: &Data,
    vehicle: usize,
    jobs: &[usize],
    visit: impl Fn(usize) -> crate::schedule::VisitJob,
) -> Option<DayRoute> {
    let sched = crate::route::exact::schedule(data, vehicle, jobs)?;
    Some(DayRoute {
        day: desk.days[vehicle],
        leave: sched.leave,
        stops: jobs
            .iter()
            .zip(&sched.starts)
            .map(|(&j, &start)| Stop {
                job: visit(j),
                start,
            })
            .collect(),
    })
}
