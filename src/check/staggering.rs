//! Staggering: a client sees at most one manager a day, except the members of one team visit.
//!
//! A day passes when one manager visits the client, or when every manager visiting it that day
//! is a member of one team visit there (a member may also make a single visit the same day).

use super::context::Context;
use super::Violation;
use std::collections::{BTreeMap, BTreeSet};

/// Who made a visit: the route's manager id and the visit's team id.
type Visitor<'a> = (&'a str, Option<&'a str>);

pub(super) fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let mut by_day: BTreeMap<(usize, u32), Vec<Visitor>> = BTreeMap::new();
    for s in ctx.stops() {
        let Some(c) = s.client else { continue };
        by_day
            .entry((c, s.r.day))
            .or_default()
            .push((s.r.manager.as_str(), s.v.team.as_deref()));
    }
    for ((c, day), visits) in by_day {
        let managers: BTreeSet<&str> = visits.iter().map(|(m, _)| *m).collect();
        if managers.len() <= 1 {
            continue;
        }
        let teams: BTreeSet<&str> = visits.iter().filter_map(|(_, t)| *t).collect();
        let one_team = teams.iter().any(|team| {
            let members: BTreeSet<&str> = visits
                .iter()
                .filter(|(_, t)| *t == Some(*team))
                .map(|(m, _)| *m)
                .collect();
            managers.is_subset(&members)
        });
        if !one_team {
            let id = &ctx.problem.clients[c].id;
            out.push(
                Violation::new(
                    "staggering",
                    format!(
                        "client {id} is visited on {} by {} managers ({}); expected one manager, \
                         or the members of one team visit",
                        ctx.day_label(day),
                        managers.len(),
                        managers.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                )
                .client(id)
                .day(day),
            );
        }
    }
}
