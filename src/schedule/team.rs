//! Team visits (contract §2, "Team visits"): the client's managers of all listed roles on the
//! same day, starting together. Here they become one unit whose days every member works and
//! whose start windows are common to all members; the router aligns the start times.

use super::units::{day_mask, Kind, Lookup, Member, Unit};
use super::windows::{intersect, no_window_reason, start_windows, weekdays_text, windows_text};
use super::MissingVisits;
use crate::model::{CycleKind, Problem};

/// The shared id of the `n`-th team visit (in day order) of a client under team rule `rule`.
pub fn team_id(client_id: &str, rule: usize, n: usize) -> String {
    format!("t-{client_id}-{rule}-{n}")
}

/// The unit of `problem.team_requirements[index]` and the text describing its days; `Ok(None)`
/// when a role is already reported unassignable by the assignment; `Err` with the missing
/// visits of every role when the team visit cannot happen at all.
pub fn team_unit(
    problem: &Problem,
    lookup: &Lookup,
    index: usize,
) -> Result<Option<(Unit, String)>, Vec<MissingVisits>> {
    let treq = &problem.team_requirements[index];
    let client = &problem.clients[treq.client];
    let all_missing = |reason: String| -> Vec<MissingVisits> {
        treq.roles
            .iter()
            .map(|role| MissingVisits {
                client: treq.client,
                role: role.clone(),
                missing: treq.visits,
                reason: reason.clone(),
            })
            .collect()
    };
    let mut members = Vec::new();
    for role in &treq.roles {
        match lookup.manager(treq.client, role) {
            Ok(Some(m)) => members.push(Member {
                manager: m,
                role: role.clone(),
            }),
            // The assignment reports that role; the team visit cannot happen, so the other
            // roles' team visits are missing because of it.
            Ok(None) => {
                return Err(all_missing(format!(
                    "team visit needs a {role} manager, none assigned"
                ))
                .into_iter()
                .filter(|mv| &mv.role != role)
                .collect())
            }
            Err(reason) => return Err(all_missing(format!("team visit: {reason}"))),
        }
    }
    if members.is_empty() {
        return Ok(None);
    }
    let mut windows: Option<Vec<crate::model::Window>> = None;
    for mem in &members {
        let mgr = &problem.managers[mem.manager];
        if treq.service_s > mgr.max_work_s {
            return Err(all_missing(format!(
                "a {} min team visit is longer than the {} min working day of {}",
                treq.service_s / 60,
                mgr.max_work_s / 60,
                mgr.id
            )));
        }
        let own = start_windows(&client.open, treq.service_s, mgr.shift);
        if own.is_empty() {
            return Err(all_missing(format!(
                "team visit: {}",
                no_window_reason(&client.open, treq.service_s, mgr.shift, &mgr.id)
            )));
        }
        windows = Some(match windows {
            None => own,
            Some(w) => intersect(&w, &own),
        });
    }
    let windows = windows.unwrap_or_default();
    if windows.is_empty() {
        let shifts: Vec<String> = members
            .iter()
            .map(|m| {
                let mgr = &problem.managers[m.manager];
                format!("{} {}", mgr.id, windows_text(&[mgr.shift]))
            })
            .collect();
        return Err(all_missing(format!(
            "team visit: no common start time for opening {} and shifts {}",
            windows_text(&client.open),
            shifts.join(", ")
        )));
    }
    let cal = &problem.calendar;
    let mut allowed = day_mask(cal, client.days);
    let mut works = Vec::new();
    for mem in &members {
        let mgr = &problem.managers[mem.manager];
        allowed &= day_mask(cal, mgr.workdays);
        works.push(format!("{} works {}", mgr.id, weekdays_text(mgr.workdays)));
    }
    let text = format!(
        "client days {}; managers {}",
        weekdays_text(client.days),
        works.join(", ")
    );
    let unit = Unit {
        client: treq.client,
        kind: Kind::Team {
            index,
            rule: treq.rule,
        },
        members,
        service_s: treq.service_s,
        windows,
        required: treq.visits,
        // Team visits are spaced like elastic rules (contract §2).
        cycle: CycleKind::Elastic,
        period: None,
        allowed,
        level: 0,
        reason: None,
        reference: 0,
        days: 0,
    };
    Ok(Some((unit, text)))
}
