//! Scheduling units: one `[[visits]]` requirement with its manager, or one team requirement
//! with its managers; each gets the days it may use and how many visits can be placed.

use super::patterns::{DayMask, Spacing, MAX_DAYS};
use super::team::team_unit;
use super::windows::{no_window_reason, start_windows, weekdays_text};
use super::MissingVisits;
use crate::assign::AssignOutcome;
use crate::model::{Calendar, CycleKind, Frequency, Problem, Seconds, WeekdaySet, Window};
use std::collections::{HashMap, HashSet};

/// One manager taking part in a unit's visits.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub manager: usize,
    pub role: String,
}

/// What a unit comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `problem.requirements[i]`.
    Single(usize),
    /// `problem.team_requirements[i]`, of `policy.team[rule]`.
    Team { index: usize, rule: usize },
}

/// Visits of one requirement to place on days.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub client: usize,
    pub kind: Kind,
    /// One member for a single rule; one per role for a team visit.
    pub members: Vec<Member>,
    pub service_s: Seconds,
    /// Windows for the start of service, common to all members.
    pub windows: Vec<Window>,
    /// Visits the rule asks for in the cycle.
    pub required: u32,
    pub cycle: CycleKind,
    /// Period of a fixed rule in days.
    pub period: Option<u32>,
    /// Days the client allows and every member works.
    pub allowed: DayMask,
    /// Visits that will be placed (≤ required); the rest is reported missing.
    pub level: u32,
    pub reason: Option<String>,
    /// A combination of days known to fit with the client's other units.
    pub reference: DayMask,
    /// The chosen days.
    pub days: DayMask,
}

impl Unit {
    pub fn spacing(&self, days: u32, level: u32) -> Spacing {
        Spacing::new(days, level, self.cycle, self.period)
    }

    pub fn is_team(&self) -> bool {
        matches!(self.kind, Kind::Team { .. })
    }

    /// The largest number of visits (≤ required) that fit the rule on `allowed` days, on its own.
    pub fn most_visits(&self, days: u32, allowed: DayMask) -> u32 {
        let top = self.required.min(days);
        (1..=top)
            .rev()
            .find(|&k| self.spacing(days, k).exists(allowed))
            .unwrap_or(0)
    }
}

/// The cycle days falling on a weekday of `set`.
pub fn day_mask(cal: &Calendar, set: WeekdaySet) -> DayMask {
    (0..cal.days().min(MAX_DAYS))
        .filter(|&d| set.contains(cal.weekday(d)))
        .fold(0, |m, d| m | 1 << d)
}

/// Where each (client, role) goes, from the assignment.
pub struct Lookup {
    managers: HashMap<(usize, String), usize>,
    unassigned: HashSet<(usize, String)>,
    count: usize,
}

impl Lookup {
    pub fn new(assignment: &AssignOutcome, managers: usize) -> Lookup {
        Lookup {
            managers: assignment
                .assignments
                .iter()
                .filter(|a| a.manager < managers)
                .map(|a| ((a.client, a.role.clone()), a.manager))
                .collect(),
            unassigned: assignment
                .unassigned
                .iter()
                .map(|u| (u.client, u.role.clone()))
                .collect(),
            count: managers,
        }
    }

    /// `Ok(Some(m))`: the manager; `Ok(None)`: the assignment already reports it unassignable
    /// (not reported again here); `Err(reason)`: missing without an explanation.
    pub fn manager(&self, client: usize, role: &str) -> Result<Option<usize>, String> {
        let key = (client, role.to_string());
        match self.managers.get(&key) {
            Some(&m) if m < self.count => Ok(Some(m)),
            _ if self.unassigned.contains(&key) => Ok(None),
            _ => Err(format!("no {role} manager assigned")),
        }
    }
}

/// Builds every unit and the visits that cannot even be considered (no manager, no start
/// window), which are returned as missing.
pub fn build_units(
    problem: &Problem,
    assignment: &AssignOutcome,
) -> (Vec<Unit>, Vec<MissingVisits>) {
    let cal = &problem.calendar;
    let days = cal.days();
    let lookup = Lookup::new(assignment, problem.managers.len());
    let mut units = Vec::new();
    let mut missing = Vec::new();
    let too_long = days > MAX_DAYS || days == 0;
    for (ri, req) in problem.requirements.iter().enumerate() {
        if req.visits == 0 {
            continue;
        }
        let mut miss = |reason: String| {
            missing.push(MissingVisits {
                client: req.client,
                role: req.role.clone(),
                missing: req.visits,
                reason,
            })
        };
        if too_long {
            miss(format!(
                "a cycle of {days} days is not supported (1 to {MAX_DAYS})"
            ));
            continue;
        }
        let m = match lookup.manager(req.client, &req.role) {
            Ok(Some(m)) => m,
            Ok(None) => continue,
            Err(reason) => {
                miss(reason);
                continue;
            }
        };
        let client = &problem.clients[req.client];
        let manager = &problem.managers[m];
        if req.service_s > manager.max_work_s {
            miss(format!(
                "a {} min visit is longer than the {} min working day of {}",
                req.service_s / 60,
                manager.max_work_s / 60,
                manager.id
            ));
            continue;
        }
        let windows = start_windows(&client.open, req.service_s, manager.shift);
        if windows.is_empty() {
            miss(no_window_reason(
                &client.open,
                req.service_s,
                manager.shift,
                &manager.id,
            ));
            continue;
        }
        let period = match problem.policy.visits[req.rule].frequency {
            Frequency::PerWeek(_) => cal.per_week(),
            Frequency::EveryWeeks(e) => e * cal.per_week(),
        };
        let mut unit = Unit {
            client: req.client,
            kind: Kind::Single(ri),
            members: vec![Member {
                manager: m,
                role: req.role.clone(),
            }],
            service_s: req.service_s,
            windows,
            required: req.visits,
            cycle: req.cycle,
            period: Some(period),
            allowed: day_mask(cal, client.days) & day_mask(cal, manager.workdays),
            level: 0,
            reason: None,
            reference: 0,
            days: 0,
        };
        settle_alone(&mut unit, days, || {
            format!(
                "client days {}; manager {} works {}",
                weekdays_text(client.days),
                manager.id,
                weekdays_text(manager.workdays)
            )
        });
        units.push(unit);
    }
    for (ti, treq) in problem.team_requirements.iter().enumerate() {
        if treq.visits == 0 {
            continue;
        }
        if too_long {
            for role in &treq.roles {
                missing.push(MissingVisits {
                    client: treq.client,
                    role: role.clone(),
                    missing: treq.visits,
                    reason: format!("a cycle of {days} days is not supported (1 to {MAX_DAYS})"),
                });
            }
            continue;
        }
        match team_unit(problem, &lookup, ti) {
            Ok(Some((mut unit, days_text))) => {
                settle_alone(&mut unit, days, || days_text.clone());
                units.push(unit);
            }
            Ok(None) => {}
            Err(mut m) => missing.append(&mut m),
        }
    }
    (units, missing)
}

/// Sets the unit's level to the most visits its own days allow, with the reason when short.
pub fn settle_alone(unit: &mut Unit, days: u32, days_text: impl Fn() -> String) {
    unit.level = unit.most_visits(days, unit.allowed);
    if unit.level == unit.required {
        return;
    }
    let what = if unit.is_team() {
        "team visits"
    } else {
        "visits"
    };
    unit.reason = Some(if unit.allowed == 0 {
        format!("no common day: {}", days_text())
    } else if unit.required > days {
        format!(
            "{} {what} need more than the {days} days of the cycle",
            unit.required
        )
    } else {
        let sp = unit.spacing(days, unit.required);
        format!(
            "{}: {} {what} {}–{} days apart do not fit, {} placed",
            days_text(),
            unit.required,
            sp.lo,
            sp.hi,
            unit.level
        )
    });
}
