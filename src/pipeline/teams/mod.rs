//! Team visits across the members' routes: one common start pinned before the members are
//! routed, repaired for the few visits that a member cannot fit, and a team-day change when no
//! start fits on the scheduled day.
//!
//! Each team visit has a lead: the member with the most team visits that day (a supervisor
//! visiting with several managers), whose day is the hardest to fit around fixed times. Only
//! the leads are routed freely first, on a share of their budget; their start times become the
//! pins, and then every manager is routed once in full with the pins in place, so each member's
//! route is built around the common start. Routing every member twice (free, then pinned) made
//! the stage overrun its share at regional scale.

mod days;
mod pins;

pub(super) use days::change_days;
pub(super) use pins::first_pins;

use super::routing::{Dropped, ManagerRoutes};
use crate::model::{Seconds, Window};
use crate::schedule::VisitJob;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// New start times tried per team visit and day before it moves (or is given up), after the
/// first pinned routing. Measured on a generated 30k-client region: of 59 visits out of step
/// after the first routing, two new starts fixed 43, a third fixed none; a day change then
/// fixed half of the rest.
pub(super) const TEAM_ATTEMPTS: usize = 2;

pub(super) type Results = BTreeMap<usize, (ManagerRoutes, bool)>;
pub(super) type Jobs = BTreeMap<usize, Vec<(u32, VisitJob)>>;

/// Team id → managers taking part.
pub(super) fn team_members(per_manager: &Jobs) -> BTreeMap<String, Vec<usize>> {
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

/// The lead of every team visit: the member with the most team visits that day, then the one
/// with the fewest visits that day (its free route is the cheapest), then the lowest index.
pub(super) fn leads(per_manager: &Jobs) -> BTreeMap<String, usize> {
    // (manager, day) -> (team visits, visits).
    let mut busy: BTreeMap<(usize, u32), (usize, usize)> = BTreeMap::new();
    for (&m, jobs) in per_manager {
        for (d, job) in jobs {
            let e = busy.entry((m, *d)).or_default();
            e.0 += usize::from(job.team.is_some());
            e.1 += 1;
        }
    }
    // Team -> (Reverse(team visits), visits, manager) of its best member so far.
    let mut best: BTreeMap<String, (std::cmp::Reverse<usize>, usize, usize)> = BTreeMap::new();
    for (&m, jobs) in per_manager {
        for (d, job) in jobs {
            let Some(t) = &job.team else { continue };
            let (team, all) = busy[&(m, *d)];
            let key = (std::cmp::Reverse(team), all, m);
            let e = best.entry(t.clone()).or_insert(key);
            *e = (*e).min(key);
        }
    }
    best.into_iter().map(|(t, (_, _, m))| (t, m)).collect()
}

/// Candidate common starts of the team visits in `wanted`, best first: the routed starts of
/// the members in `first` (their routes already fit that time), then those of the member with
/// the most team visits that day, then the other members', then the openings of the windows.
/// Only times inside every member's windows are kept.
pub(super) fn start_candidates(
    per_manager: &Jobs,
    result: &Results,
    wanted: &BTreeSet<String>,
    first: &BTreeSet<(String, usize)>,
) -> BTreeMap<String, Vec<Seconds>> {
    let mut windows: BTreeMap<&str, Vec<&[Window]>> = BTreeMap::new();
    for jobs in per_manager.values() {
        for (_, j) in jobs {
            if let Some(t) = j.team.as_ref().filter(|t| wanted.contains(*t)) {
                windows.entry(t).or_default().push(&j.start_windows);
            }
        }
    }
    // team -> (preferred, team visits that day, start) per routed member.
    let mut starts: BTreeMap<&str, Vec<(bool, usize, Seconds)>> = BTreeMap::new();
    for (routes, _) in result.values() {
        for r in &routes.routes {
            let busy = r.stops.iter().filter(|s| s.job.team.is_some()).count();
            for s in &r.stops {
                if let Some(t) = s.job.team.as_ref().filter(|t| wanted.contains(*t)) {
                    let preferred = first.contains(&(t.clone(), routes.manager));
                    starts
                        .entry(t)
                        .or_default()
                        .push((preferred, busy, s.start));
                }
            }
        }
    }
    windows
        .into_iter()
        .map(|(team, ws)| {
            let mut ms = starts.remove(team).unwrap_or_default();
            ms.sort_by_key(|&(p, b, s)| std::cmp::Reverse((p, b, s)));
            let inside_all = |t: Seconds| {
                ws.iter()
                    .all(|w| w.iter().any(|w| t >= w.open && t <= w.close))
            };
            let mut cands: Vec<Seconds> = ms
                .iter()
                .map(|m| m.2)
                .chain(ws.iter().flat_map(|w| w.iter().map(|w| w.open)))
                .filter(|&t| inside_all(t))
                .collect();
            let mut seen = BTreeSet::new();
            cands.retain(|t| seen.insert(*t));
            (team.to_string(), cands)
        })
        .collect()
}

/// (team, member) pairs whose route does not hold the team visit at its pinned start.
fn out_of_step(
    result: &Results,
    teams: &BTreeMap<String, Vec<usize>>,
    pins: &BTreeMap<String, Seconds>,
) -> BTreeSet<(String, usize)> {
    let mut at_pin: BTreeSet<(&str, usize)> = BTreeSet::new();
    for (routes, _) in result.values() {
        for r in &routes.routes {
            for s in &r.stops {
                if let Some(t) = &s.job.team {
                    if pins.get(t) == Some(&s.start) {
                        at_pin.insert((t.as_str(), routes.manager));
                    }
                }
            }
        }
    }
    let mut out = BTreeSet::new();
    for (t, members) in teams {
        for &m in members {
            if !at_pin.contains(&(t.as_str(), m)) {
                out.insert((t.clone(), m));
            }
        }
    }
    out
}

/// Teams routed for every member at their pinned start.
pub(super) fn synchronised(
    result: &Results,
    teams: &BTreeMap<String, Vec<usize>>,
    pins: &BTreeMap<String, Seconds>,
) -> BTreeSet<String> {
    let bad: BTreeSet<String> = out_of_step(result, teams, pins)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    teams
        .keys()
        .filter(|t| !bad.contains(*t))
        .cloned()
        .collect()
}

/// Routing with some team visits pinned: `solve(per_manager, pins, managers, budget share)`.
pub(super) trait Solve:
    Fn(&Jobs, &BTreeMap<String, Seconds>, &BTreeSet<usize>, f64) -> Results
{
}
impl<F: Fn(&Jobs, &BTreeMap<String, Seconds>, &BTreeSet<usize>, f64) -> Results> Solve for F {}

/// What a repair works on.
pub(super) struct Repair<'a> {
    pub teams: &'a BTreeMap<String, Vec<usize>>,
    pub deadline: Option<Instant>,
    /// Budget share of the free routes that propose new starts.
    pub free_share: f64,
    /// Starts already tried per team on its current day.
    pub tried: BTreeMap<String, BTreeSet<Seconds>>,
    /// Teams just moved to another day: all their members propose starts.
    pub moved: BTreeSet<String>,
}

impl Repair<'_> {
    /// One attempt for the teams in `pending`: their members are routed with those visits
    /// free, each visit is pinned to its best untried candidate (the starts of the members
    /// that could not make the last pin first) and the members are routed again in full.
    /// Returns the teams still out of step.
    pub fn attempt(
        &mut self,
        per_manager: &Jobs,
        result: &mut Results,
        pins: &mut BTreeMap<String, Seconds>,
        pending: &BTreeSet<String>,
        solve: &impl Solve,
    ) -> BTreeSet<String> {
        let members: BTreeSet<usize> = pending
            .iter()
            .filter_map(|t| self.teams.get(t))
            .flatten()
            .copied()
            .collect();
        if members.is_empty() {
            return BTreeSet::new();
        }
        let mut failed: BTreeSet<(String, usize)> = out_of_step(result, self.teams, pins)
            .into_iter()
            .filter(|(t, _)| pending.contains(t))
            .collect();
        for t in std::mem::take(&mut self.moved) {
            for &m in self.teams.get(&t).into_iter().flatten() {
                failed.insert((t.clone(), m));
            }
        }
        for t in pending {
            pins.remove(t);
        }
        // Only the members that missed the start propose new ones; the others keep theirs.
        let proposers: BTreeSet<usize> = failed.iter().map(|(_, m)| *m).collect();
        result.extend(solve(per_manager, pins, &proposers, self.free_share));
        let candidates = start_candidates(per_manager, result, pending, &failed);
        for t in pending {
            let tried = self.tried.entry(t.clone()).or_default();
            let next = candidates
                .get(t)
                .and_then(|c| c.iter().find(|s| !tried.contains(s)));
            if let Some(&start) = next {
                tried.insert(start);
                pins.insert(t.clone(), start);
            }
        }
        result.extend(solve(per_manager, pins, &members, 1.0));
        // A member routed again may lose another team's visit at its pin: that team is
        // pending too.
        let ok = synchronised(result, self.teams, pins);
        self.teams
            .keys()
            .filter(|t| !ok.contains(*t))
            .cloned()
            .collect()
    }

    /// Whether the repair must stop.
    pub fn expired(&self) -> bool {
        crate::stop::expired(self.deadline)
    }
}

/// A team visit that is not routed for every member (or has no common start) is removed from
/// all members' routes; the router left a gap, so the times stay valid (waiting only grows).
pub(super) fn drop_broken(
    result: &mut Results,
    teams: &BTreeMap<String, Vec<usize>>,
    pins: &BTreeMap<String, Seconds>,
) {
    let ok = synchronised(result, teams, pins);
    let broken: BTreeSet<String> = teams.keys().filter(|t| !ok.contains(*t)).cloned().collect();
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
    // Removing a stop leaves travel legs that no longer match; `build` re-times every route
    // from its stop order.
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::VisitJob;

    fn job(client: usize, team: Option<&str>) -> VisitJob {
        VisitJob {
            client,
            role: "general".into(),
            service_s: 900,
            start_windows: Vec::new(),
            team: team.map(str::to_string),
            alt_days: Vec::new(),
            unit: 0,
        }
    }

    #[test]
    fn the_member_with_most_team_visits_that_day_leads() {
        let mut jobs: Jobs = BTreeMap::new();
        // Manager 0: one team visit among five visits; manager 1 (a supervisor): two team
        // visits on day 0; manager 2: one team visit alone on day 3.
        jobs.insert(
            0,
            vec![(0, job(1, Some("a"))), (0, job(2, None)), (0, job(3, None))],
        );
        jobs.insert(1, vec![(0, job(1, Some("a"))), (0, job(4, Some("b")))]);
        jobs.insert(2, vec![(3, job(4, Some("b")))]);
        let leads = leads(&jobs);
        assert_eq!(leads["a"], 1);
        assert_eq!(leads["b"], 1);
        let members = team_members(&jobs);
        assert_eq!(members["a"], vec![0, 1]);
        assert_eq!(members["b"], vec![1, 2]);
    }
}
