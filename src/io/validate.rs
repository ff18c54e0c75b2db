//! Checks across files, run once each file has been read on its own: client references to
//! managers, roles named by rules, and visit frequencies against the managers' workdays.

use super::clients::ClientRows;
use super::error::InputError;
use super::keys::path;
use super::managers::ManagerRows;
use super::policy::PolicyRead;
use super::suggest;
use crate::model::Frequency;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Every client's `manager` names a manager of `managers.csv`.
pub fn manager_references(
    clients: &ClientRows,
    clients_file: &Path,
    managers: &ManagerRows,
    managers_file: &Path,
    errors: &mut Vec<InputError>,
) {
    let ids: HashSet<&str> = managers.managers.iter().map(|m| m.id.as_str()).collect();
    for (c, row) in clients.clients.iter().zip(&clients.rows) {
        let Some(m) = c.manager.as_deref() else {
            continue;
        };
        if ids.contains(m) {
            continue;
        }
        let locked = if c.locked {
            " (the client is locked to it)"
        } else {
            ""
        };
        errors.push(InputError::cell(
            clients_file,
            *row,
            "manager",
            format!(
                "unknown manager `{m}`{locked}: {} has no such id; use an id from that file or \
                 leave the cell empty",
                managers_file.display(),
            ),
        ));
    }
}

/// Every role a rule names belongs to some manager, and `per_week` fits in the days a week
/// that the role's managers work.
pub fn roles(policy: &PolicyRead, managers: &ManagerRows, errors: &mut Vec<InputError>) {
    // Role → most weekdays any manager of that role works.
    let mut days: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &managers.managers {
        let d = days.entry(m.role.as_str()).or_default();
        *d = (*d).max(m.workdays.len());
    }
    let known: Vec<&str> = days.keys().copied().collect();
    let file = policy.file.as_path();
    let check = |key: String, role: &str, frequency: Frequency, errors: &mut Vec<InputError>| {
        let Some(&most) = days.get(role) else {
            errors.push(InputError::key(
                file,
                key,
                format!(
                    "no manager has role `{role}`{}; managers' roles are: {}; add managers with \
                     this role or name one of theirs",
                    suggest::hint(role, known.iter().copied()),
                    known.join(", ")
                ),
            ));
            return;
        };
        if let Frequency::PerWeek(n) = frequency {
            if n as usize > most {
                errors.push(InputError::key(
                    file,
                    key,
                    format!(
                        "per_week = {n} but managers with role `{role}` work at most {most} days \
                         a week; lower per_week to {most} or less, or add workdays"
                    ),
                ));
            }
        }
    };
    for (rule, name) in policy.policy.visits.iter().zip(&policy.visit_keys) {
        let key = if days.contains_key(rule.role.as_str()) {
            path(name, "per_week")
        } else {
            path(name, "role")
        };
        check(key, &rule.role, rule.frequency, errors);
    }
    for (rule, name) in policy.policy.team.iter().zip(&policy.team_keys) {
        for role in &rule.roles {
            let key = if days.contains_key(role.as_str()) {
                path(name, "per_week")
            } else {
                path(name, "roles")
            };
            check(key, role, rule.frequency, errors);
        }
    }
}
