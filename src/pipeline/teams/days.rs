//! Team-day changes: a team visit with no common start on its day moves to another day every
//! member works.

use super::Results;
use crate::model::Problem;
use crate::schedule::patterns::{days_of, DayMask};
use crate::schedule::{ScheduleOutcome, VisitJob};
use std::collections::{BTreeMap, BTreeSet};

/// Moves each broken team visit to another day: one that the client allows and every member
/// works, used by no other visit of the client (staggering), not tried before, that keeps the
/// rule's spacing and the visit's rank among the unit's days (so team ids stay), with the least
/// service already planned for the members that day. Returns the teams moved.
pub(in crate::pipeline) fn change_days(
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
