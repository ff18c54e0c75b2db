//! Whole-stage tests on hand-built problems, with an independent validator of the contract's
//! scheduling rules: hand-checked cases, a synthetic territory, and a property test.

mod cases;
mod property;
mod territory;

use super::*;
use crate::assign::{AssignOutcome, ClientRole};
use crate::model::{Client, CycleKind, Frequency, Manager, VisitRule, Weekday, WeekdaySet};
use crate::travel::Crow;
use std::collections::{BTreeMap, HashMap};

pub(super) const H: Seconds = 3600;

pub(super) fn client(id: &str, lat: f64, lon: f64) -> Client {
    Client::new(id, lat, lon)
}

pub(super) fn manager(id: &str, role: &str, workdays: WeekdaySet) -> Manager {
    let mut m = Manager::new(id, 52.0, 5.0);
    m.role = role.to_string();
    m.workdays = workdays;
    m
}

pub(super) fn rule(role: &str, frequency: Frequency, minutes: i64, cycle: CycleKind) -> VisitRule {
    VisitRule::for_all_clients(role, frequency, minutes * 60, cycle)
}

pub(super) fn days(list: &[Weekday]) -> WeekdaySet {
    list.iter().copied().collect()
}

/// Every (client, role) of the problem to the first manager of that role.
pub(super) fn assign_first(problem: &Problem) -> AssignOutcome {
    let mut a = AssignOutcome::default();
    for c in 0..problem.clients.len() {
        for role in problem.roles_of(c) {
            let m = problem
                .managers_of_role(&role)
                .next()
                .expect("a manager of the role");
            a.assignments.push(ClientRole {
                client: c,
                role,
                manager: m,
                reason: "test".to_string(),
            });
        }
    }
    a
}

pub(super) fn run(problem: &Problem, assignment: &AssignOutcome, seed: u64) -> ScheduleOutcome {
    let travel = Crow::new(problem);
    let opts = ScheduleOptions {
        seed,
        deadline: None,
    };
    let out = schedule(problem, &travel, assignment, &opts);
    validate(problem, assignment, &out);
    out
}

/// The contract's gap rule, written out on its own (see also `patterns::tests::obeys`).
pub(super) fn obeys(days: &[u32], d: u32, k: u32, cycle: CycleKind, period: Option<u32>) -> bool {
    if days.len() != k as usize {
        return false;
    }
    let g = d as f64 / k as f64;
    let (lo, hi) = match cycle {
        CycleKind::Fixed => (g.floor().max(1.0), g.ceil()),
        CycleKind::Elastic => ((g.floor() - 1.0).max(1.0), g.ceil() + 1.0),
    };
    let gaps_ok = (0..days.len()).all(|i| {
        let gap = if i + 1 < days.len() {
            days[i + 1] as f64 - days[i] as f64
        } else {
            (days[0] + d - days[i]) as f64
        };
        gap >= lo && gap <= hi
    });
    let repeat_ok = match (cycle, period) {
        (CycleKind::Fixed, Some(p)) if d.is_multiple_of(p) && k.is_multiple_of(d / p) => {
            let offsets = |j: u32| -> Vec<u32> {
                days.iter()
                    .filter(|&&x| x / p == j)
                    .map(|x| x % p)
                    .collect()
            };
            (1..d / p).all(|j| offsets(j) == offsets(0))
        }
        _ => true,
    };
    gaps_ok && repeat_ok
}

/// Checks an outcome against the contract: days allowed by client and manager, spacing of each
/// rule's placed visits, staggering, team ids, start windows, placed + missing = required.
/// Assumes at most one `[[visits]]` rule per (client, role) (jobs do not name their rule).
pub(super) fn validate(problem: &Problem, assignment: &AssignOutcome, out: &ScheduleOutcome) {
    let cal = &problem.calendar;
    let d_total = cal.days();
    let owner: HashMap<(usize, &str), usize> = assignment
        .assignments
        .iter()
        .map(|a| ((a.client, a.role.as_str()), a.manager))
        .collect();
    // (client, role) → single-visit days; team id → (client, day, roles).
    let mut singles: BTreeMap<(usize, String), Vec<u32>> = BTreeMap::new();
    let mut teams: BTreeMap<String, Vec<(usize, u32, String)>> = BTreeMap::new();
    let mut per_client_day: BTreeMap<(usize, u32), Vec<Option<String>>> = BTreeMap::new();
    for ds in &out.days {
        let mgr = &problem.managers[ds.manager];
        assert!(
            mgr.workdays.contains(cal.weekday(ds.day)),
            "{} off on day {}",
            mgr.id,
            ds.day
        );
        for j in &ds.jobs {
            let c = &problem.clients[j.client];
            assert!(
                c.days.contains(cal.weekday(ds.day)),
                "client {} closed on {}",
                c.id,
                ds.day
            );
            assert_eq!(owner[&(j.client, j.role.as_str())], ds.manager);
            assert!(!j.start_windows.is_empty());
            for w in &j.start_windows {
                assert!(w.open >= mgr.shift.open && w.close + j.service_s <= mgr.shift.close);
                assert!(c
                    .open
                    .iter()
                    .any(|o| w.open >= o.open && w.close + j.service_s <= o.close));
            }
            per_client_day
                .entry((j.client, ds.day))
                .or_default()
                .push(j.team.clone());
            match &j.team {
                None => singles
                    .entry((j.client, j.role.clone()))
                    .or_default()
                    .push(ds.day),
                Some(t) => {
                    teams
                        .entry(t.clone())
                        .or_default()
                        .push((j.client, ds.day, j.role.clone()))
                }
            }
            for &a in &j.alt_days {
                assert!(c.days.contains(cal.weekday(a)) && mgr.workdays.contains(cal.weekday(a)));
            }
        }
    }
    // Staggering: one visit a client-day, or all of one team visit.
    for ((c, d), visits) in &per_client_day {
        let ok =
            visits.len() == 1 || (visits[0].is_some() && visits.iter().all(|t| t == &visits[0]));
        assert!(ok, "client {c} has {visits:?} on day {d}");
    }
    // Alternative days never clash with any visit of the client or another visit's alternatives.
    let mut offered: BTreeMap<(usize, u32), usize> = BTreeMap::new();
    for ds in &out.days {
        for j in &ds.jobs {
            for &a in &j.alt_days {
                assert!(
                    !per_client_day.contains_key(&(j.client, a)),
                    "alt day {a} taken"
                );
                *offered.entry((j.client, a)).or_default() += 1;
            }
        }
    }
    assert!(offered.values().all(|&n| n == 1));
    let missing = |c: usize, role: &str| -> u32 {
        out.missing
            .iter()
            .filter(|m| m.client == c && m.role == role)
            .map(|m| m.missing)
            .sum()
    };
    for req in &problem.requirements {
        let mut got = singles
            .get(&(req.client, req.role.clone()))
            .cloned()
            .unwrap_or_default();
        got.sort();
        let placed = got.len() as u32;
        let team_missing: u32 = out
            .missing
            .iter()
            .filter(|m| m.client == req.client && m.role == req.role && m.reason.contains("team"))
            .map(|m| m.missing)
            .sum();
        assert_eq!(
            placed + missing(req.client, &req.role) - team_missing,
            req.visits,
            "client {} role {}",
            req.client,
            req.role
        );
        if placed > 0 {
            let period = match problem.policy.visits[req.rule].frequency {
                Frequency::PerWeek(_) => cal.per_week(),
                Frequency::EveryWeeks(e) => e * cal.per_week(),
            };
            assert!(
                obeys(&got, d_total, placed, req.cycle, Some(period)),
                "client {} role {} days {got:?} of {} ({:?})",
                req.client,
                req.role,
                req.visits,
                req.cycle
            );
        }
    }
    for visits in teams.values() {
        let (c, d, _) = visits[0];
        assert!(visits.iter().all(|v| v.0 == c && v.1 == d));
    }
}
