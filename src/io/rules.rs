//! `[[visits]]` and `[[team]]` rules of `policy.toml`.
//!
//! A rule has a `match` (keys `business_type`, `value_tier`, `district`, `team`; absent or `{}`
//! = every client), exactly one of `per_week` / `every_weeks` (whole numbers >= 1; `weeks` must
//! be a multiple of `every_weeks`) and `minutes` (> 0, rounded to whole seconds). A visit rule
//! has a `role` (default `general`) and a `cycle` (`fixed`, the default, or `elastic`); a team
//! rule has `roles`, a non-empty list of distinct role names. Whether managers have the roles
//! and enough workdays is checked later, with the managers file at hand.

use super::cells;
use super::keys::{path, Keys};
use super::suggest;
use crate::model::{CycleKind, Frequency, Match, TeamRule, VisitRule};
use toml::Table;

const VISIT_KEYS: [&str; 6] = [
    "match",
    "role",
    "per_week",
    "every_weeks",
    "minutes",
    "cycle",
];
const TEAM_KEYS: [&str; 5] = ["match", "roles", "per_week", "every_weeks", "minutes"];
const MATCH_KEYS: [&str; 4] = ["business_type", "value_tier", "district", "team"];

/// Role of a visit rule without `role`.
pub const DEFAULT_ROLE: &str = "general";

/// Reads every `[[visits]]` table; rules with problems are reported and left out.
/// Each rule comes with its key path (`visits[1]`).
pub fn visits(k: &mut Keys, doc: &Table, weeks: Option<u32>) -> Vec<(String, VisitRule)> {
    let mut out = Vec::new();
    for (name, t) in k.tables(doc, "visits") {
        k.unknown(
            t,
            &name,
            &VISIT_KEYS,
            &[("roles", "in a [[team]] table; a visit rule has one `role`")],
        );
        let before = k.errors.len();
        let matcher = matcher(k, t, &name);
        let role = match k.string(t, &name, "role") {
            Some(r) if r.is_empty() => {
                k.error(
                    path(&name, "role"),
                    "is empty; name the role, e.g. \"general\"",
                );
                None
            }
            Some(r) => Some(r),
            None => Some(DEFAULT_ROLE.to_string()),
        };
        let frequency = frequency(k, t, &name, weeks);
        let service_s = minutes(k, t, &name);
        let cycle = match k.string(t, &name, "cycle").as_deref() {
            None | Some("fixed") => Some(CycleKind::Fixed),
            Some("elastic") => Some(CycleKind::Elastic),
            Some(other) => {
                k.error(
                    path(&name, "cycle"),
                    format!(
                        "`{other}` is not a cycle kind{}; use \"fixed\" or \"elastic\"",
                        suggest::hint(other, ["fixed", "elastic"])
                    ),
                );
                None
            }
        };
        if let (Some(matcher), Some(role), Some(frequency), Some(service_s), Some(cycle)) =
            (matcher, role, frequency, service_s, cycle)
        {
            if k.errors.len() == before {
                let rule = VisitRule {
                    matcher,
                    role,
                    frequency,
                    service_s,
                    cycle,
                };
                out.push((name, rule));
            }
        }
    }
    out
}

/// Reads every `[[team]]` table; rules with problems are reported and left out.
/// Each rule comes with its key path (`team[1]`).
pub fn team(k: &mut Keys, doc: &Table, weeks: Option<u32>) -> Vec<(String, TeamRule)> {
    let mut out = Vec::new();
    for (name, t) in k.tables(doc, "team") {
        k.unknown(
            t,
            &name,
            &TEAM_KEYS,
            &[("role", "in a [[visits]] table; a team rule lists `roles`")],
        );
        let before = k.errors.len();
        let matcher = matcher(k, t, &name);
        let roles = roles(k, t, &name);
        let frequency = frequency(k, t, &name, weeks);
        let service_s = minutes(k, t, &name);
        if let (Some(matcher), Some(roles), Some(frequency), Some(service_s)) =
            (matcher, roles, frequency, service_s)
        {
            if k.errors.len() == before {
                let rule = TeamRule {
                    matcher,
                    roles,
                    frequency,
                    service_s,
                };
                out.push((name, rule));
            }
        }
    }
    out
}

/// `match = { … }`; absent means every client.
fn matcher(k: &mut Keys, t: &Table, rule: &str) -> Option<Match> {
    if !t.contains_key("match") {
        return Some(Match::default());
    }
    let m = k.table(t, rule, "match")?;
    let prefix = path(rule, "match");
    k.unknown(m, &prefix, &MATCH_KEYS, &[]);
    Some(Match {
        business_type: k.string(m, &prefix, "business_type"),
        value_tier: k.string(m, &prefix, "value_tier"),
        district: k.string(m, &prefix, "district"),
        team: k.boolean(m, &prefix, "team"),
    })
}

/// `roles = ["general", "supervisor"]`: non-empty, distinct, non-empty names.
fn roles(k: &mut Keys, t: &Table, rule: &str) -> Option<Vec<String>> {
    let key = path(rule, "roles");
    let Some(v) = t.get("roles") else {
        k.error(
            key,
            "missing; list the roles that visit together, e.g. roles = [\"general\", \"supervisor\"]",
        );
        return None;
    };
    let Some(items) = v.as_array() else {
        k.error(
            key,
            "must be a list of role names, e.g. roles = [\"general\", \"supervisor\"]",
        );
        return None;
    };
    if items.is_empty() {
        k.error(key, "the list is empty; name the roles that visit together, e.g. [\"general\", \"supervisor\"]");
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for item in items {
        match item.as_str().map(str::trim) {
            Some(r) if !r.is_empty() => {
                if out.iter().any(|o| o == r) {
                    k.error(
                        key.clone(),
                        format!("role `{r}` is listed twice; list each role once"),
                    );
                    return None;
                }
                out.push(r.to_string());
            }
            _ => {
                k.error(
                    key,
                    format!("`{item}` is not a role name; write names in double quotes"),
                );
                return None;
            }
        }
    }
    Some(out)
}

/// Exactly one of `per_week` / `every_weeks`; `weeks` must be a multiple of `every_weeks`.
fn frequency(k: &mut Keys, t: &Table, rule: &str, weeks: Option<u32>) -> Option<Frequency> {
    let how =
        "how often: `per_week = 2` (visits a week) or `every_weeks = 2` (one visit per 2 weeks)";
    match (t.contains_key("per_week"), t.contains_key("every_weeks")) {
        (true, true) => {
            k.error(
                rule,
                format!("gives both `per_week` and `every_weeks`; keep exactly one: {how}"),
            );
            None
        }
        (false, false) => {
            k.error(
                rule,
                format!("says neither `per_week` nor `every_weeks`; add {how}"),
            );
            None
        }
        (true, false) => {
            let n = k.integer_in(t, rule, "per_week", (1, 7), "visits per week")?;
            Some(Frequency::PerWeek(n as u32))
        }
        (false, true) => {
            let e = k.integer_in(t, rule, "every_weeks", (1, 52), "the weeks between visits")?;
            let e = e as u32;
            if let Some(w) = weeks.filter(|w| w % e != 0) {
                k.error(
                    path(rule, "every_weeks"),
                    format!(
                        "the cycle of weeks = {w} is not a multiple of every_weeks = {e}; make \
                         weeks a multiple of {e} (e.g. weeks = {}) or change every_weeks",
                        (w / e + 1) * e
                    ),
                );
                return None;
            }
            Some(Frequency::EveryWeeks(e))
        }
    }
}

/// `minutes` (> 0) as whole seconds.
fn minutes(k: &mut Keys, t: &Table, rule: &str) -> Option<i64> {
    let key = path(rule, "minutes");
    if !t.contains_key("minutes") {
        k.error(
            key,
            "missing; give the visit length in minutes, e.g. minutes = 20",
        );
        return None;
    }
    let v = k.number(t, rule, "minutes")?;
    let s = cells::minutes_value(v);
    if s.is_none() {
        k.error(
            key,
            format!("{v} is not a visit length; give a positive number of minutes, e.g. 20"),
        );
    }
    s
}
