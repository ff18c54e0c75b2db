//! KPIs recomputed from the plan with the travel model, and the `kpis` rule comparing them with
//! the figures the plan reports.
//!
//! Definitions: travel from the model's legs (a route naming an unknown id falls back on its
//! own `distance_m` and times); service = Σ (end − start); waiting = Σ (start − arrival);
//! `workload_max_over_mean` = the largest max/mean over roles (0 without work); `clients` and
//! `managers` count the distinct clients visited and managers with a route.

use super::balance::{role_mean, workloads};
use super::context::Context;
use super::Violation;
use crate::model::Place;
use crate::plan::Kpis;
use std::collections::BTreeSet;

pub(super) fn compute(ctx: &Context) -> Kpis {
    let plan = ctx.plan;
    let (mut metres, mut travel_s, mut service_s, mut wait_s) = (0i64, 0i64, 0i64, 0i64);
    let mut clients = BTreeSet::new();
    let mut managers = BTreeSet::new();
    let mut visits = 0u64;
    for (ri, r) in plan.routes.iter().enumerate() {
        managers.insert(r.manager.as_str());
        let service = sum(r.visits.iter().map(|v| v.end_s.saturating_sub(v.start_s)));
        let wait = sum(r
            .visits
            .iter()
            .map(|v| v.start_s.saturating_sub(v.arrival_s)));
        service_s = service_s.saturating_add(service);
        wait_s = wait_s.saturating_add(wait);
        visits += r.visits.len() as u64;
        clients.extend(ctx.visit_client[ri].iter().flatten().copied());
        match legs(ctx, ri) {
            Some((s, m)) => {
                travel_s = travel_s.saturating_add(s);
                metres = metres.saturating_add(m);
            }
            None => {
                let own = r
                    .return_s
                    .saturating_sub(r.leave_s)
                    .saturating_sub(service)
                    .saturating_sub(wait);
                travel_s = travel_s.saturating_add(own);
                metres = metres.saturating_add(r.distance_m);
            }
        }
    }
    let work = workloads(ctx);
    let mut max_over_mean = 0.0f64;
    for role in ctx.problem.roles() {
        if let Some(mean) = role_mean(ctx, &work, &role) {
            let max = ctx
                .problem
                .managers_of_role(&role)
                .map(|m| work[m])
                .max()
                .unwrap_or(0);
            max_over_mean = max_over_mean.max(max as f64 / mean);
        }
    }
    Kpis {
        travel_km: metres as f64 / 1000.0,
        travel_hours: travel_s as f64 / 3600.0,
        service_hours: service_s as f64 / 3600.0,
        visits,
        workload_max_over_mean: max_over_mean,
        unserved_visits: plan.unserved.iter().map(|u| u.visits_missing as u64).sum(),
        wait_hours: wait_s as f64 / 3600.0,
        routes: plan.routes.len() as u64,
        clients: clients.len() as u64,
        managers: managers.len() as u64,
    }
}

/// A sum that saturates instead of overflowing on absurd plan figures.
fn sum(values: impl IntoIterator<Item = i64>) -> i64 {
    values.into_iter().fold(0, i64::saturating_add)
}

/// Travel seconds and metres of a route's legs, when every id in it is known.
fn legs(ctx: &Context, ri: usize) -> Option<(i64, i64)> {
    let m = ctx.route_manager[ri]?;
    let mut here = Place::Base(m);
    let (mut s, mut metres) = (0, 0);
    for c in &ctx.visit_client[ri] {
        let there = Place::Client((*c)?);
        let leg = ctx.travel.leg(here, there);
        s += leg.seconds;
        metres += leg.meters;
        here = there;
    }
    let leg = ctx.travel.leg(here, Place::Base(m));
    Some((s + leg.seconds, metres + leg.meters))
}

/// Whether two reported figures differ beyond rounding (0.01 absolute or 1e-6 relative).
fn differs(reported: f64, recomputed: f64) -> bool {
    (reported - recomputed).abs() > 0.01f64.max(1e-6 * recomputed.abs())
}

pub(super) fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let want = compute(ctx);
    let have = &ctx.plan.kpis;
    // The contract's figures are compared always; the additions (`wait_hours`, `routes`,
    // `clients`, `managers`) read as 0 when a plan omits them and are compared when given.
    let floats = [
        ("travel_km", have.travel_km, want.travel_km, true),
        ("travel_hours", have.travel_hours, want.travel_hours, true),
        (
            "service_hours",
            have.service_hours,
            want.service_hours,
            true,
        ),
        ("wait_hours", have.wait_hours, want.wait_hours, false),
        (
            "workload_max_over_mean",
            have.workload_max_over_mean,
            want.workload_max_over_mean,
            true,
        ),
    ];
    for (name, reported, recomputed, always) in floats {
        if (always || reported != 0.0) && differs(reported, recomputed) {
            out.push(Violation::new(
                "kpis",
                format!("kpis.{name} is {reported} but the plan gives {recomputed}"),
            ));
        }
    }
    let counts = [
        ("visits", have.visits, want.visits, true),
        (
            "unserved_visits",
            have.unserved_visits,
            want.unserved_visits,
            true,
        ),
        ("routes", have.routes, want.routes, false),
        ("clients", have.clients, want.clients, false),
        ("managers", have.managers, want.managers, false),
    ];
    for (name, reported, recomputed, always) in counts {
        if (always || reported != 0) && reported != recomputed {
            out.push(Violation::new(
                "kpis",
                format!("kpis.{name} is {reported} but the plan gives {recomputed}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::differs;

    #[test]
    fn rounding_is_tolerated() {
        assert!(!differs(12.34, 12.3449));
        assert!(differs(12.34, 12.36));
        assert!(!differs(1.0e6, 1.0e6 + 0.5));
        assert!(differs(0.0, 0.02));
    }
}
