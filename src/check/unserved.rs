//! Unserved visits: entries are well formed, routed + missing = required per client and role,
//! and no requirement that could be served is dropped entirely.
//!
//! "Could be served" is decided here, independently of the solver: some eligible manager of
//! the role (the locked one, if any) could make one lone visit — a weekday both it and the
//! client allow, an opening window reachable from its base inside its shift, and the round trip
//! within `max_minutes`. For a team rule all roles must find such a start at one common second.

use super::context::Context;
use super::Violation;
use crate::model::{Seconds, Weekday, Window};

pub(super) fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let p = ctx.problem;
    for u in &ctx.plan.unserved {
        let mut wrong = Vec::new();
        if u.visits_missing == 0 {
            wrong.push("visits_missing is 0 (an entry must miss at least one visit)");
        }
        if u.reason.trim().is_empty() {
            wrong.push("its reason is empty");
        }
        if !wrong.is_empty() {
            out.push(
                Violation::new(
                    "unserved_entry",
                    format!(
                        "unserved entry of client {}, role {}: {}",
                        u.client,
                        u.role,
                        wrong.join("; ")
                    ),
                )
                .client(&u.client),
            );
        }
    }

    for (c, client) in p.clients.iter().enumerate() {
        for role in &ctx.roles_of[c] {
            let key = (c, role.clone());
            let required = ctx.required(c, role);
            let routed = ctx.routed.get(&key).copied().unwrap_or(0);
            let missing = ctx.missing.get(&key).copied().unwrap_or(0);
            // Over-served without a claim of missing visits is `visit_count`'s finding.
            let (routed, missing, required) = (routed as u64, missing as u64, required as u64);
            if routed + missing != required && !(routed > required && missing == 0) {
                out.push(
                    Violation::new(
                        "unserved_mismatch",
                        format!(
                            "client {}, role {}: {required} visits required, but {routed} routed \
                             + {missing} listed unserved = {}",
                            client.id,
                            role,
                            routed + missing
                        ),
                    )
                    .client(&client.id),
                );
            }
        }
        min_one_visit(ctx, c, out);
    }
}

fn min_one_visit(ctx: &Context, c: usize, out: &mut Vec<Violation>) {
    let p = ctx.problem;
    let client = &p.clients[c];
    let unassigned = |role: &str| {
        !ctx.assigned.contains_key(&(c, role.to_string())) && ctx.assignment_excused(c, role)
    };
    for role in &ctx.roles_of[c] {
        let reqs: Vec<_> = ctx.visit_reqs[c]
            .iter()
            .map(|&i| &p.requirements[i])
            .filter(|r| r.role == *role && r.visits > 0)
            .collect();
        let Some(service) = reqs.iter().map(|r| r.service_s).min() else {
            continue;
        };
        // Several rules of one role pool their visits; each still keeps at least one.
        let routed = ctx.singles.get(&(c, role.clone())).map_or(0, Vec::len);
        if routed >= reqs.len() || unassigned(role) || !servable_single(ctx, c, role, service) {
            continue;
        }
        out.push(
            Violation::new(
                "min_one_visit",
                format!(
                    "client {} gets {routed} visits of role {} in the cycle ({} required by {} \
                     rule(s), at least one each), although a manager of that role could visit it",
                    client.id,
                    role,
                    ctx.single_required(c, role),
                    reqs.len()
                ),
            )
            .client(&client.id),
        );
    }
    for &t in &ctx.team_reqs[c] {
        let req = &p.team_requirements[t];
        if req.visits == 0 {
            continue;
        }
        let done = ctx.team_done.contains(&t);
        if done || req.roles.iter().any(|r| unassigned(r)) || !servable_team(ctx, c, t) {
            continue;
        }
        out.push(
            Violation::new(
                "min_one_visit",
                format!(
                    "client {} gets no team visit of team rule {} ({}) in the cycle ({} required), \
                     although its managers could meet there",
                    client.id,
                    req.rule + 1,
                    req.roles.join(" + "),
                    req.visits
                ),
            )
            .client(&client.id),
        );
    }
}

/// Weekdays of the cycle on which the client may be visited.
fn client_weekdays(ctx: &Context, c: usize) -> Vec<Weekday> {
    let days = ctx.problem.clients[c].days;
    ctx.problem
        .calendar
        .weekdays
        .iter()
        .copied()
        .filter(|&d| days.contains(d))
        .collect()
}

fn servable_single(ctx: &Context, c: usize, role: &str, service: Seconds) -> bool {
    let weekdays = client_weekdays(ctx, c);
    let open: &[Window] = &ctx.problem.clients[c].open;
    ctx.eligible(c, role).into_iter().any(|m| {
        let works = ctx.problem.managers[m].workdays;
        weekdays.iter().any(|&d| works.contains(d))
            && open
                .iter()
                .any(|&w| ctx.lone_start_range(m, c, service, w).is_some())
    })
}

fn servable_team(ctx: &Context, c: usize, t: usize) -> bool {
    let req = &ctx.problem.team_requirements[t];
    let eligible: Vec<Vec<usize>> = req.roles.iter().map(|r| ctx.eligible(c, r)).collect();
    for d in client_weekdays(ctx, c) {
        for &w in &ctx.problem.clients[c].open {
            // Per role, the start ranges its managers working that weekday could offer.
            let ranges: Vec<Vec<(Seconds, Seconds)>> = eligible
                .iter()
                .map(|ms| {
                    ms.iter()
                        .filter(|&&m| ctx.problem.managers[m].workdays.contains(d))
                        .filter_map(|&m| ctx.lone_start_range(m, c, req.service_s, w))
                        .collect()
                })
                .collect();
            // A common start exists iff some range's lower end lies in a range of every role.
            let common = ranges.iter().flatten().any(|&(x, _)| {
                ranges
                    .iter()
                    .all(|rs| rs.iter().any(|&(lo, hi)| lo <= x && x <= hi))
            });
            if common {
                return true;
            }
        }
    }
    false
}
