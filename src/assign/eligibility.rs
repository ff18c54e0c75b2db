//! Which managers may take a client for a role, and why none can.
//!
//! Contract §2: the manager has the role, passes its allow-lists and the competency minimum;
//! a `locked` client keeps its current manager for every role that manager has.

use crate::model::{Client, Manager, Place, Problem, Seconds};
use crate::travel::{Crow, Travel};

/// The managers a (client, role) may get.
#[derive(Clone, Debug, PartialEq)]
pub enum Eligible {
    /// Locked to this manager.
    Locked(usize),
    /// Any of these managers (global indices, input order, never empty).
    Choice(Vec<usize>),
}

/// The eligible managers of `client` for `role` (`of_role`: the managers of the role, in input
/// order; `crow`: the default travel model of `problem`, for the trips to the bases), or the
/// reason there is none.
pub fn eligible(
    problem: &Problem,
    client: usize,
    role: &str,
    of_role: &[usize],
    crow: &Crow,
) -> Result<Eligible, String> {
    let c = &problem.clients[client];
    if c.locked {
        if let Some(id) = &c.manager {
            match problem.manager_by_id(id) {
                None => return Err(format!("locked to manager {id}, who is not in managers")),
                Some(m) if problem.managers[m].role == role => {
                    return if problem.may_serve(m, client) {
                        Ok(Eligible::Locked(m))
                    } else {
                        Err(format!(
                            "locked to manager {id}, who {}",
                            why_not(problem, &problem.managers[m], c)
                        ))
                    };
                }
                // The lock binds only the roles its manager has.
                Some(_) => {}
            }
        }
    }
    if of_role.is_empty() {
        return Err(format!("no manager has role `{role}`"));
    }
    let need = problem.policy.competency_needed(c);
    let allowed: Vec<usize> = of_role
        .iter()
        .copied()
        .filter(|&m| problem.may_serve_needing(m, client, need))
        .collect();
    if allowed.is_empty() {
        return Err(none_reason(problem, of_role, c, role));
    }
    // Prefer managers whose days and shift meet the client's days and opening hours; when none
    // does, keep them all and let the schedule report why the visits cannot be made.
    // With room to spare first (half an hour of possible starts), then just possible.
    let trips: Vec<Seconds> = allowed
        .iter()
        .map(|&m| crow.seconds(Place::Base(m), Place::Client(client)))
        .collect();
    for slack in [1800, 0] {
        let in_hours: Vec<usize> = allowed
            .iter()
            .zip(&trips)
            .filter(|&(&m, &trip)| problem.fits_hours(m, client, slack, trip))
            .map(|(&m, _)| m)
            .collect();
        if !in_hours.is_empty() {
            return Ok(Eligible::Choice(in_hours));
        }
    }
    Ok(Eligible::Choice(allowed))
}

fn passes(list: &Option<Vec<String>>, value: &Option<String>) -> bool {
    match list {
        None => true,
        Some(l) => value.as_ref().is_some_and(|v| l.iter().any(|x| x == v)),
    }
}

/// Why one manager may not serve a client (for locked clients).
fn why_not(problem: &Problem, m: &Manager, c: &Client) -> String {
    let need = problem.policy.competency_needed(c);
    let mut why = Vec::new();
    if m.competency + 1e-9 < need {
        why.push(format!(
            "has competency {} below the {need} the client needs",
            m.competency
        ));
    }
    for (label, list, value) in [
        ("district", &m.districts, &c.district),
        ("business type", &m.business_types, &c.business_type),
        ("value tier", &m.value_tiers, &c.value_tier),
    ] {
        if !passes(list, value) {
            why.push(format!(
                "does not allow {label} {}",
                value.as_deref().unwrap_or("(none)")
            ));
        }
    }
    why.join(" and ")
}

/// Why no manager of a role may serve a client: the first single criterion that rules out
/// every manager, else the combination.
fn none_reason(problem: &Problem, of_role: &[usize], c: &Client, role: &str) -> String {
    let need = problem.policy.competency_needed(c);
    let ms = || of_role.iter().map(|&m| &problem.managers[m]);
    if ms().all(|m| m.competency + 1e-9 < need) {
        return format!("needs competency {need}, no `{role}` manager has it");
    }
    for (label, value, pick) in [
        ("district", &c.district, 0),
        ("business type", &c.business_type, 1),
        ("value tier", &c.value_tier, 2),
    ] {
        let list = |m: &Manager| match pick {
            0 => m.districts.clone(),
            1 => m.business_types.clone(),
            _ => m.value_tiers.clone(),
        };
        if ms().all(|m| !passes(&list(m), value)) {
            return match value {
                Some(v) => format!("{label} {v} is in no `{role}` manager's allow-list"),
                None => {
                    format!("has no {label} and every `{role}` manager has a {label} allow-list")
                }
            };
        }
    }
    format!("no `{role}` manager passes both its allow-lists and the competency minimum {need}")
}
