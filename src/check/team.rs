//! Team visits: the visits sharing one team id are one client on one day, carry every role of
//! one of the client's team rules exactly once and start at the same second; each team rule
//! gets at most `k` team visits, spaced like an elastic rule when it got all of them.

use super::context::Context;
use super::visits::{cyclic_gaps, join, spacing_bounds};
use super::Violation;
use crate::model::CycleKind;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let p = ctx.problem;
    let mut days_of: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    for (id, group) in &ctx.teams {
        let stops: Vec<_> = group
            .members
            .iter()
            .map(|&(r, i)| {
                (
                    &ctx.plan.routes[r],
                    &ctx.plan.routes[r].visits[i],
                    ctx.visit_client[r][i],
                )
            })
            .collect();
        if stops.iter().any(|(_, _, c)| c.is_none()) {
            continue; // reported as unknown_id
        }
        let clients: BTreeSet<&str> = stops.iter().map(|(_, v, _)| v.client.as_str()).collect();
        let days: BTreeSet<u32> = stops.iter().map(|(r, _, _)| r.day).collect();
        let (r0, v0, c0) = stops[0];
        let c0 = c0.unwrap_or_default();
        if clients.len() > 1 || days.len() > 1 {
            let days: Vec<u32> = days.into_iter().collect();
            out.push(
                Violation::new(
                    "team_visit",
                    format!(
                        "team visit {id} spans clients {} on days {}; expected one client on one day",
                        clients.into_iter().collect::<Vec<_>>().join(", "),
                        join(&days)
                    ),
                )
                .client(&v0.client),
            );
            continue;
        }
        if ctx.team_reqs[c0].is_empty() {
            out.push(
                Violation::new(
                    "team_visit",
                    format!(
                        "team visit {id} at client {} on {}, but no team rule applies to that client",
                        v0.client,
                        ctx.day_label(r0.day)
                    ),
                )
                .client(&v0.client)
                .day(r0.day),
            );
            continue;
        }
        match group.requirement {
            Some(t) => days_of.entry(t).or_default().push(r0.day),
            None => {
                let mut found: Vec<&str> = stops.iter().map(|(_, v, _)| v.role.as_str()).collect();
                found.sort_unstable();
                let wanted: Vec<String> = ctx.team_reqs[c0]
                    .iter()
                    .map(|&t| format!("[{}]", p.team_requirements[t].roles.join(", ")))
                    .collect();
                out.push(
                    Violation::new(
                        "team_roles",
                        format!(
                            "team visit {id} at client {} on {} has roles [{}]; its team rules ask \
                             for each role of {} exactly once",
                            v0.client,
                            ctx.day_label(r0.day),
                            found.join(", "),
                            wanted.join(" or ")
                        ),
                    )
                    .client(&v0.client)
                    .day(r0.day),
                );
            }
        }
        let starts: BTreeSet<i64> = stops.iter().map(|(_, v, _)| v.start_s).collect();
        if starts.len() > 1 {
            let who: Vec<String> = stops
                .iter()
                .map(|(r, v, _)| format!("{} ({}) at {}", r.manager, v.role, v.start_s))
                .collect();
            out.push(
                Violation::new(
                    "team_sync",
                    format!(
                        "team visit {id} at client {} on {}: members start at different times: {}",
                        v0.client,
                        ctx.day_label(r0.day),
                        who.join(", ")
                    ),
                )
                .client(&v0.client)
                .day(r0.day),
            );
        }
    }

    for (t, req) in p.team_requirements.iter().enumerate() {
        let client = &p.clients[req.client];
        let mut days = days_of.remove(&t).unwrap_or_default();
        days.sort_unstable();
        let k = req.visits;
        if days.len() as u32 > k {
            out.push(
                Violation::new(
                    "visit_count",
                    format!(
                        "client {} has {} team visits of team rule {} ({}), but the rule asks for {k}",
                        client.id,
                        days.len(),
                        req.rule + 1,
                        req.roles.join(" + ")
                    ),
                )
                .client(&client.id),
            );
            continue;
        }
        if k == 0 || days.len() as u32 != k || days.iter().any(|&d| d >= ctx.days) {
            continue;
        }
        let (lo, hi) = spacing_bounds(ctx.days, k, CycleKind::Elastic);
        let gaps = cyclic_gaps(&days, ctx.days);
        if gaps.iter().any(|&g| g < lo || g > hi) {
            out.push(
                Violation::new(
                    "spacing",
                    format!(
                        "client {}, team rule {} ({}, k={k}): team visit days {} give cyclic gaps \
                         {}; each must lie in [{lo}, {hi}]",
                        client.id,
                        req.rule + 1,
                        req.roles.join(" + "),
                        join(&days),
                        join(&gaps)
                    ),
                )
                .client(&client.id),
            );
        }
    }
}
