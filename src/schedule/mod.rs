//! Visit rules → visit days: patterns, spacing, staggering, team visits.
//!
//! Every `[[visits]]` requirement with its assigned manager, and every team requirement with
//! its managers, becomes a *unit*: `k` visits whose days must form an allowed pattern
//! ([`patterns`]: cyclic gaps, fixed rules repeated in every period) on days the client allows
//! and every member works. The stage then
//! 1. lowers `k` where no pattern exists and reports the shortfall with its reason (`units.rs`,
//!    `team.rs`); a unit keeps at least one visit whenever any day is possible;
//! 2. settles staggering: a client's units take disjoint days (`client.rs`);
//! 3. chooses the days — the pattern-assignment step of the periodic VRP (Cordeau, Gendreau &
//!    Laporte 1997; Vidal et al. 2012): sweep "day areas" per manager, a hardest-first
//!    construction, then pattern-change moves and ruin-and-recreate on an estimated day cost:
//!    an insertion-built tour per manager-day, load balance around the manager's mean, a
//!    penalty above 90 % of the working day, and a lower bound on the day's length from opening
//!    hours (`choose.rs`, `load.rs`, `areas.rs`);
//! 4. writes one job per visit and member, with start windows (`windows.rs`), team ids and, for
//!    once-a-cycle visits, the other days the router may move them to.
//!
//! The units travel with the outcome: after routing, the pipeline's day search
//! (`pipeline/days`) re-chooses patterns on the real routes and writes them back with
//! [`with_days`].
//!
//! Several rules of the same role on one client (e.g. a regular and a longer "deep" visit)
//! stay separate units: separate visits on separate days, each pattern valid for its own rule.
//! Requirements whose role the assignment lists as unassignable are skipped here (the
//! assignment's list reports them); any other requirement without a manager is reported missing.
//! Missing team visits are reported once per role, with a reason starting `team visit`.

mod areas;
mod choose;
mod client;
mod load;
pub mod patterns;
mod team;
pub(crate) mod units;
mod windows;

#[cfg(test)]
mod tests;

pub use choose::ChoiceStats;
pub use team::team_id;

use crate::assign::AssignOutcome;
use crate::model::{Problem, Seconds, Window};
use crate::travel::Travel;
use patterns::{days_of, DayMask};
use std::collections::BTreeMap;
use std::time::Instant;
use units::{Kind, Unit};

/// One visit to be routed on one manager-day.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitJob {
    pub client: usize,
    pub role: String,
    pub service_s: Seconds,
    /// Windows for the *start* of service (opening windows shortened by the service time),
    /// sorted and disjoint.
    pub start_windows: Vec<Window>,
    /// Shared id of a team visit, else `None`.
    pub team: Option<String>,
    /// Other days of the same manager this visit may move to without breaking any rule
    /// (spacing, client days, staggering); empty when its day is fixed.
    pub alt_days: Vec<u32>,
    /// Index of the unit (rule with its manager, or team rule) in [`ScheduleOutcome::units`].
    pub unit: usize,
}

/// The visits of one manager on one cycle day.
#[derive(Clone, Debug, PartialEq)]
pub struct DaySchedule {
    pub manager: usize,
    pub day: u32,
    pub jobs: Vec<VisitJob>,
}

/// Visits the schedule could not place.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingVisits {
    pub client: usize,
    pub role: String,
    pub missing: u32,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScheduleOutcome {
    pub days: Vec<DaySchedule>,
    pub missing: Vec<MissingVisits>,
    /// The units behind the jobs, with their allowed days and spacing, so that later stages
    /// can change a unit's pattern ([`with_days`]).
    pub(crate) units: Vec<Unit>,
}

#[derive(Clone, Debug)]
pub struct ScheduleOptions {
    pub seed: u64,
    pub deadline: Option<Instant>,
}

/// Chooses visit days for every assigned requirement.
pub fn schedule(
    problem: &Problem,
    travel: &dyn Travel,
    assignment: &AssignOutcome,
    opts: &ScheduleOptions,
) -> ScheduleOutcome {
    schedule_with_stats(problem, travel, assignment, opts).0
}

/// [`schedule`], also returning what the day choice did (costs, passes, moves).
pub fn schedule_with_stats(
    problem: &Problem,
    travel: &dyn Travel,
    assignment: &AssignOutcome,
    opts: &ScheduleOptions,
) -> (ScheduleOutcome, ChoiceStats) {
    let (mut units, missing) = units::build_units(problem, assignment);
    let days = problem.calendar.days();
    client::settle_clients(&mut units, days, opts.seed);
    let stats = choose::choose_days(problem, travel, &mut units, opts.seed, opts.deadline);
    (outcome(problem, &units, missing), stats)
}

/// The same schedule with other days for its units (`days[u]` for unit `u`, same number of
/// visits each): the joint day+route search of the pipeline writes its choice back with this.
/// The missing visits stay as they were.
pub(crate) fn with_days(
    problem: &Problem,
    old: &ScheduleOutcome,
    days: &[DayMask],
) -> ScheduleOutcome {
    let mut units = old.units.clone();
    for (u, &d) in units.iter_mut().zip(days) {
        debug_assert_eq!(d.count_ones(), u.days.count_ones());
        u.days = d;
    }
    ScheduleOutcome {
        days: grid(problem, &units),
        missing: old.missing.clone(),
        units,
    }
}

/// Jobs per manager-day and the missing visits, from the chosen days.
fn outcome(problem: &Problem, units: &[Unit], mut missing: Vec<MissingVisits>) -> ScheduleOutcome {
    for u in units {
        if u.level < u.required {
            let why = u
                .reason
                .clone()
                .unwrap_or_else(|| "no valid day".to_string());
            let reason = if u.is_team() {
                format!("team visit: {why}")
            } else {
                why
            };
            for m in &u.members {
                missing.push(MissingVisits {
                    client: u.client,
                    role: m.role.clone(),
                    missing: u.required - u.level,
                    reason: reason.clone(),
                });
            }
        }
    }
    missing.sort_by(|a, b| (a.client, &a.role).cmp(&(b.client, &b.role)));
    ScheduleOutcome {
        days: grid(problem, units),
        missing,
        units: units.to_vec(),
    }
}

/// One job per visit and member, grouped by manager-day.
fn grid(problem: &Problem, units: &[Unit]) -> Vec<DaySchedule> {
    let alt = alt_days(units);
    let mut grid: BTreeMap<(usize, u32), Vec<VisitJob>> = BTreeMap::new();
    for (ui, u) in units.iter().enumerate() {
        for (n, d) in days_of(u.days).into_iter().enumerate() {
            let team = match u.kind {
                Kind::Team { rule, .. } => Some(team_id(&problem.clients[u.client].id, rule, n)),
                Kind::Single(_) => None,
            };
            for m in &u.members {
                grid.entry((m.manager, d)).or_default().push(VisitJob {
                    client: u.client,
                    role: m.role.clone(),
                    service_s: u.service_s,
                    start_windows: u.windows.clone(),
                    team: team.clone(),
                    alt_days: alt[ui].clone(),
                    unit: ui,
                });
            }
        }
    }
    grid.into_iter()
        .map(|((manager, day), mut jobs)| {
            jobs.sort_by(|a, b| (a.client, &a.role, a.unit).cmp(&(b.client, &b.role, b.unit)));
            DaySchedule { manager, day, jobs }
        })
        .collect()
}

/// Other days for once-a-cycle single visits: days the client allows and the manager works,
/// not used by any of the client's visits. When a client has several such visits, each free
/// day is offered to one of them only (the one with the fewest offers so far), so the router
/// moving them independently can never put two on one day.
fn alt_days(units: &[Unit]) -> Vec<Vec<u32>> {
    let mut alt = vec![Vec::new(); units.len()];
    let mut by_client: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        by_client.entry(u.client).or_default().push(i);
    }
    for group in by_client.values() {
        let taken: DayMask = group.iter().fold(0, |m, &i| m | units[i].days);
        let movable: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&i| {
                let u = &units[i];
                matches!(u.kind, Kind::Single(_)) && u.required == 1 && u.level == 1
            })
            .collect();
        for d in days_of(!taken) {
            let pick = movable
                .iter()
                .copied()
                .filter(|&i| units[i].allowed >> d & 1 == 1)
                .min_by_key(|&i| (alt[i].len(), i));
            if let Some(i) = pick {
                alt[i].push(d);
            }
        }
    }
    alt
}
