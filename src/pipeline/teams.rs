//! Team visits across the members' routes: a common pinned start, and a team-day change when
//! no start fits on the scheduled day.

use super::routing::{Dropped, ManagerRoutes};
use crate::model::{Problem, Seconds};
use crate::schedule::patterns::{days_of, DayMask};
use crate::schedule::{ScheduleOutcome, VisitJob};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// Start times tried per team visit before it is given up (or moved to another day).
const TEAM_ATTEMPTS: usize = 4;

type Results = BTreeMap<usize, (ManagerRoutes, bool)>;

/// Pins each `pending` team visit to one start all members can make and re-routes the members
/// (`solve(pins, members)`); teams still out of step try their next candidate start.
pub(super) fn pin(
    pins: &mut BTreeMap<String, Seconds>,
    result: &mut Results,
    teams: &BTreeMap<String, Vec<usize>>,
    mut pending: BTreeSet<String>,
    deadline: Option<Instant>,
    solve: impl Fn(&BTreeMap<String, Seconds>, &BTreeSet<usize>) -> Results,
) {
    let candidates = team_start_candidates(result);
    let mut next: BTreeMap<String, usize> = BTreeMap::new();
    for attempt in 0..TEAM_ATTEMPTS {
        // Retries only while time is left; the first pinned pass always runs.
        if attempt > 0 && crate::stop::expired(deadline) {
            break;
        }
        for t in &pending {
            let k = next.entry(t.clone()).or_insert(0);
            match candidates.get(t).and_then(|c| c.get(*k)) {
                Some(&start) => {
                    pins.insert(t.clone(), start);
                }
                None => {
                    pins.remove(t);
                }
            }
            *k += 1;
        }
        let affected: BTreeSet<usize> = pending
            .iter()
            .filter_map(|t| teams.get(t))
            .flatten()
            .copied()
            .collect();
        if affected.is_empty() {
            break;
        }
        result.extend(solve(pins, &affected));
        let ok = synchronised(result, teams, pins);
        pending.retain(|t| !ok.contains(t) && pins.contains_key(t));
        if pending.is_empty() {
            break;
        }
    }
}

/// Moves each broken team visit to another day: one that the client allows and every member
/// works, used by no other visit of the client (staggering), not tried before, that keeps the
/// rule's spacing and the visit's rank among the unit's days (so team ids stay), with the least
/// service already planned for the members that day. Returns the teams moved.
pub(super) fn change_days(
    problem: &Problem,
    schedule: &ScheduleOutcome,
    per_manager: &mut BTreeMap<usize, Vec<(u32, VisitJob)>>,
    result: &Results,
    broken: &[String],
    tried: &mut BTreeMap<String, Vec<u32>>,
) -> BTreeSet<String> {
    let ndays = problem.calendar.days();
    let mut moved = BTreeSet::new();
    for t in broken {
        let Some((d0, job)) = per_manager
            .values()
            .flatten()
            .find(|(_, j)| j.team.as_ref() == Some(t))
            .cloned()
        else {
            continue;
        };
        let Some(unit) = schedule.units.get(job.unit) else {
            continue;
        };
        // Days of the client's visits now (any manager, this team visit excluded), and this
        // unit's days.
        let mut taken: DayMask = 0;
        let mut own: DayMask = 0;
        let mut members = BTreeSet::new();
        for (&m, jobs) in per_manager.iter() {
            for (d, j) in jobs.iter().filter(|(_, j)| j.client == job.client) {
                if j.team.as_ref() == Some(t) {
                    members.insert(m);
                    continue;
                }
                taken |= 1 << d;
                if j.unit == job.unit {
                    own |= 1 << d;
                }
            }
        }
        // Managers outside this routing (a partial re-route) and visits the router moved.
        for ds in &schedule.days {
            if ds
                .jobs
                .iter()
                .any(|j| j.client == job.client && j.team.as_ref() != Some(t))
            {
                taken |= 1 << ds.day;
            }
        }
        for (routes, _) in result.values() {
            for r in &routes.routes {
                if r.stops
                    .iter()
                    .any(|s| s.job.client == job.client && s.job.team.as_ref() != Some(t))
                {
                    taken |= 1 << r.day;
                }
            }
        }
        let rank = days_of(own).iter().filter(|&&d| d < d0).count();
        let tried_t = tried.entry(t.clone()).or_default();
        tried_t.push(d0);
        let spacing = unit.spacing(ndays, own.count_ones() + 1);
        let zero = vec![0.0; ndays as usize];
        let load = |d: u32| -> i64 {
            members
                .iter()
                .filter_map(|m| per_manager.get(m))
                .flatten()
                .filter(|(day, _)| *day == d)
                .map(|(_, j)| j.service_s)
                .sum()
        };
        let best = days_of(unit.allowed & !taken)
            .into_iter()
            .filter(|d| !tried_t.contains(d))
            .filter(|&d| days_of(own).iter().filter(|&&o| o < d).count() == rank)
            .filter(|&d| {
                let mask = own | 1 << d;
                spacing.best(mask, &zero).is_some_and(|(m, _)| m == mask)
            })
            .min_by_key(|&d| (load(d), d));
        let Some(d1) = best else {
            continue;
        };
        for &m in &members {
            if let Some(jobs) = per_manager.get_mut(&m) {
                for (d, j) in jobs.iter_mut() {
                    if j.team.as_ref() == Some(t) {
                        *d = d1;
                    }
                }
            }
        }
        moved.insert(t.clone());
    }
    moved
}

/// Team id → managers taking part.
pub(super) fn team_members(
    per_manager: &BTreeMap<usize, Vec<(u32, VisitJob)>>,
) -> BTreeMap<String, Vec<usize>> {
    let mut teams: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (&m, jobs) in per_manager {
        for (_, job) in jobs {
            if let Some(t) = &job.team {
                teams.entry(t.clone()).or_default().push(m);
            }
        }
    }
    teams
}

/// Candidate common starts of each team visit, best first: the free start (first pass) of the
/// member with the most team visits that day — its route already fits that time — then the
/// other members' free starts, then the openings of the shared windows. Only times inside
/// every member's windows are kept.
fn team_start_candidates(
    result: &BTreeMap<usize, (ManagerRoutes, bool)>,
) -> BTreeMap<String, Vec<Seconds>> {
    // (manager, day) -> team visits that day, to find the busiest member.
    let mut busy: BTreeMap<(usize, u32), usize> = BTreeMap::new();
    // team -> (busyness, start, windows) per member.
    let mut members: BTreeMap<String, Vec<(usize, Seconds, Vec<crate::model::Window>)>> =
        BTreeMap::new();
    for (routes, _) in result.values() {
        for r in &routes.routes {
            let n = r.stops.iter().filter(|s| s.job.team.is_some()).count();
            busy.insert((routes.manager, r.day), n);
        }
    }
    for (routes, _) in result.values() {
        for r in &routes.routes {
            for s in &r.stops {
                if let Some(t) = &s.job.team {
                    let b = busy.get(&(routes.manager, r.day)).copied().unwrap_or(0);
                    members.entry(t.clone()).or_default().push((
                        b,
                        s.start,
                        s.job.start_windows.clone(),
                    ));
                }
            }
        }
    }
    members
        .into_iter()
        .map(|(team, mut ms)| {
            ms.sort_by_key(|m| (std::cmp::Reverse(m.0), std::cmp::Reverse(m.1)));
            let inside_all = |t: Seconds| {
                ms.iter()
                    .all(|m| m.2.iter().any(|w| t >= w.open && t <= w.close))
            };
            let mut cands: Vec<Seconds> = ms
                .iter()
                .map(|m| m.1)
                .chain(ms.iter().flat_map(|m| m.2.iter().map(|w| w.open)))
                .filter(|&t| inside_all(t))
                .collect();
            let mut seen = BTreeSet::new();
            cands.retain(|t| seen.insert(*t));
            (team, cands)
        })
        .collect()
}

/// Teams routed for every member at their pinned start.
pub(super) fn synchronised(
    result: &BTreeMap<usize, (ManagerRoutes, bool)>,
    teams: &BTreeMap<String, Vec<usize>>,
    pins: &BTreeMap<String, Seconds>,
) -> BTreeSet<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (routes, _) in result.values() {
        for r in &routes.routes {
            for s in &r.stops {
                if let Some(t) = &s.job.team {
                    if pins.get(t) == Some(&s.start) {
                        *count.entry(t.as_str()).or_default() += 1;
                    }
                }
            }
        }
    }
    teams
        .iter()
        .filter(|(t, ms)| count.get(t.as_str()).copied().unwrap_or(0) == ms.len())
        .map(|(t, _)| t.clone())
        .collect()
}

/// A team visit that is not routed for every member (or has no common start) is removed from
/// all members' routes; the router left a gap, so the times stay valid (waiting only grows).
pub(super) fn drop_broken(
    result: &mut BTreeMap<usize, (ManagerRoutes, bool)>,
    teams: &BTreeMap<String, Vec<usize>>,
    pins: &BTreeMap<String, Seconds>,
) {
    let mut routed_count: BTreeMap<&str, usize> = BTreeMap::new();
    for (routes, _) in result.values() {
        for r in &routes.routes {
            for s in &r.stops {
                if let Some(t) = &s.job.team {
                    if pins.get(t) == Some(&s.start) {
                        *routed_count.entry(t.as_str()).or_default() += 1;
                    }
                }
            }
        }
    }
    let broken: BTreeSet<String> = teams
        .iter()
        .filter(|(t, members)| routed_count.get(t.as_str()).copied().unwrap_or(0) != members.len())
        .map(|(t, _)| t.clone())
        .collect();
    if broken.is_empty() {
        return;
    }
    for (routes, _) in result.values_mut() {
        let mut dropped = Vec::new();
        for r in &mut routes.routes {
            r.stops.retain(|s| {
                let bad = s.job.team.as_ref().is_some_and(|t| broken.contains(t));
                if bad {
                    dropped.push(s.job.clone());
                }
                !bad
            });
        }
        for d in &mut routes.dropped {
            if d.job.team.as_ref().is_some_and(|t| broken.contains(t)) {
                d.reason = "team members could not be synchronised".into();
            }
        }
        routes
            .dropped
            .extend(dropped.into_iter().map(|job| Dropped {
                job,
                reason: "team members could not be synchronised".into(),
            }));
        routes.routes.retain(|r| !r.stops.is_empty());
    }
    // Removing a stop leaves travel legs that no longer match; recompute those routes.
    // (Done by the caller through `build`, which re-times every route from its stop order.)
}
