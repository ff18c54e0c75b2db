//! Turns the stages' outcomes into the contract's [`Plan`].

use super::routing::{DayRoute, Routed};
use crate::assign::AssignOutcome;
use crate::check;
use crate::model::{Place, Problem};
use crate::plan::{Assignment, Plan, Route, Unserved, Visit};
use crate::schedule::ScheduleOutcome;
use crate::travel::Travel;
use std::collections::BTreeMap;

/// Assembles the plan and fills its KPIs with the checker's own recomputation.
pub fn assemble(
    problem: &Problem,
    travel: &dyn Travel,
    assignment: &AssignOutcome,
    schedule: &ScheduleOutcome,
    routed: &Routed,
) -> Plan {
    let assignments = assignment
        .assignments
        .iter()
        .map(|a| Assignment {
            client: problem.clients[a.client].id.clone(),
            role: a.role.clone(),
            manager: problem.managers[a.manager].id.clone(),
            reason: a.reason.clone(),
        })
        .collect();

    let mut routes = Vec::new();
    for mr in &routed.managers {
        for r in &mr.routes {
            routes.push(to_route(problem, travel, mr.manager, r));
        }
    }
    routes.sort_by(|a: &Route, b: &Route| (a.day, &a.manager).cmp(&(b.day, &b.manager)));

    let mut missing: BTreeMap<(usize, String), (u32, Vec<String>)> = BTreeMap::new();
    let mut add = |client: usize, role: &str, n: u32, reason: &str| {
        let e = missing.entry((client, role.to_string())).or_default();
        e.0 += n;
        if !e.1.iter().any(|r| r == reason) {
            e.1.push(reason.to_string());
        }
    };
    for u in &assignment.unassigned {
        let needed: u32 = problem
            .requirements_of(u.client)
            .filter(|r| r.role == u.role)
            .map(|r| r.visits)
            .sum::<u32>()
            + problem
                .team_requirements_of(u.client)
                .filter(|t| t.roles.contains(&u.role))
                .map(|t| t.visits)
                .sum::<u32>();
        add(u.client, &u.role, needed, &u.reason);
    }
    for m in &schedule.missing {
        add(m.client, &m.role, m.missing, &m.reason);
    }
    for mr in &routed.managers {
        for d in &mr.dropped {
            add(d.job.client, &d.job.role, 1, &d.reason);
        }
    }
    let unserved = missing
        .into_iter()
        .filter(|(_, (n, _))| *n > 0)
        .map(|((client, role), (n, reasons))| Unserved {
            client: problem.clients[client].id.clone(),
            role,
            visits_missing: n,
            reason: reasons.join("; "),
        })
        .collect();

    let mut plan = Plan {
        assignments,
        routes,
        unserved,
        ..Plan::default()
    };
    plan.kpis = check::kpis(problem, travel, &plan);
    plan
}

/// Maps an engine route to the plan, re-timing it from its stop order so that every arrival is
/// exactly the previous departure plus travel (stops removed after routing leave gaps).
fn to_route(problem: &Problem, travel: &dyn Travel, manager: usize, r: &DayRoute) -> Route {
    let base = Place::Base(manager);
    let mut visits = Vec::with_capacity(r.stops.len());
    let mut leave = r.leave;
    if let Some(first) = r.stops.first() {
        let out = travel.seconds(base, Place::Client(first.job.client));
        leave = leave.max(first.start - out);
    }
    let mut at = base;
    let mut clock = leave;
    let mut distance = 0;
    for s in &r.stops {
        let here = Place::Client(s.job.client);
        let leg = travel.leg(at, here);
        let arrival = clock + leg.seconds;
        let start = s.start.max(arrival);
        clock = start + s.job.service_s;
        distance += leg.meters;
        visits.push(Visit {
            client: problem.clients[s.job.client].id.clone(),
            role: s.job.role.clone(),
            arrival_s: arrival,
            start_s: start,
            end_s: clock,
            team: s.job.team.clone(),
        });
        at = here;
    }
    let back = travel.leg(at, base);
    distance += back.meters;
    Route {
        manager: problem.managers[manager].id.clone(),
        day: r.day,
        weekday: Some(problem.calendar.weekday(r.day).name().to_string()),
        leave_s: leave,
        return_s: clock + back.seconds,
        distance_m: distance,
        visits,
    }
}

/// Clients whose input `manager` is not their manager in the plan for that manager's role.
pub fn reassigned(problem: &Problem, assignment: &AssignOutcome) -> u64 {
    let kept: std::collections::HashSet<(usize, usize)> = assignment
        .assignments
        .iter()
        .map(|a| (a.client, a.manager))
        .collect();
    problem
        .clients
        .iter()
        .enumerate()
        .filter(|(ci, c)| {
            let Some(current) = c
                .manager
                .as_deref()
                .and_then(|id| problem.manager_by_id(id))
            else {
                return false;
            };
            // A manager has one role, so (client, manager) identifies the assignment.
            !kept.contains(&(*ci, current))
        })
        .count() as u64
}
