//! `policy.toml` (contract §1).
//!
//! Defaults when a key is absent (the same as [`Policy::default`]): `mode = "region"`,
//! `weeks = 1`, `seed = 1`, `time_limit_s = 60`, `[travel] speed_kmh = 30, detour = 1.3`, no
//! matrix, `[balance] tolerance = 0.10`, no tiers, `[hybrid] default = "region"`, no competency
//! minimums. In rules, `match` defaults to `{}` (every client), `role` to `"general"` and
//! `cycle` to `"fixed"`; `minutes` and exactly one of `per_week` / `every_weeks` are required,
//! and at least one `[[visits]]` or `[[team]]` rule must exist.
//!
//! Every key is checked: unknown keys at any level are errors that suggest the closest known
//! key. Paths (`travel.matrix`, `travel.roads`) are resolved against the policy file's folder.

use super::error::InputError;
use super::keys::{path, Keys};
use super::rules;
use super::suggest;
use super::table::read_text;
use crate::model::{Mode, Policy};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Table;

const TOP: [&str; 12] = [
    "mode",
    "weeks",
    "seed",
    "time_limit_s",
    "travel",
    "balance",
    "tiers",
    "hybrid",
    "competency",
    "visits",
    "team",
    "schedule",
];
const SCHEDULE: [&str; 1] = ["joint_days"];
const TRAVEL: [&str; 4] = ["speed_kmh", "detour", "matrix", "roads"];
const BALANCE: [&str; 1] = ["tolerance"];
const MODES: [&str; 4] = ["region", "business_type", "value_tier", "hybrid"];

/// Where keys written at the wrong level belong.
const ELSEWHERE: [(&str, &str); 14] = [
    ("joint_days", "in the [schedule] table"),
    ("speed_kmh", "in the [travel] table"),
    ("detour", "in the [travel] table"),
    ("matrix", "in the [travel] table"),
    ("roads", "in the [travel] table"),
    ("tolerance", "in the [balance] table"),
    ("match", "in a [[visits]] or [[team]] table"),
    ("role", "in a [[visits]] table"),
    ("roles", "in a [[team]] table"),
    ("per_week", "in a [[visits]] or [[team]] table"),
    ("every_weeks", "in a [[visits]] or [[team]] table"),
    ("minutes", "in a [[visits]] or [[team]] table"),
    ("cycle", "in a [[visits]] table"),
    ("default", "in the [hybrid] table"),
];

/// Top-level keys written after a `[table]` header land inside that table in TOML.
fn top_level_hint() -> Vec<(&'static str, &'static str)> {
    ["mode", "weeks", "seed", "time_limit_s"]
        .into_iter()
        .map(|k| (k, "at the top of the file, before the first [table] header"))
        .collect()
}

/// A policy read from a file, with the key path of each rule (`visits[1]`) for later messages.
#[derive(Debug)]
pub struct PolicyRead {
    pub file: PathBuf,
    pub policy: Policy,
    pub visit_keys: Vec<String>,
    pub team_keys: Vec<String>,
}

/// Reads and validates `policy.toml`; problems go to `errors`. `None` when the file cannot be
/// read or is not TOML at all.
pub fn read(file: &Path, errors: &mut Vec<InputError>) -> Option<PolicyRead> {
    match read_text(file) {
        Ok(text) => parse(file, &text, errors),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// As [`read`], for the text of the file (`file` names it in messages; relative paths in it
/// are resolved against its folder).
pub fn parse(file: &Path, text: &str, errors: &mut Vec<InputError>) -> Option<PolicyRead> {
    let doc: Table = match text.parse() {
        Ok(d) => d,
        Err(e) => {
            let e: toml::de::Error = e;
            let at = e.span().map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!(" at line {line}, column {column}")
            });
            errors.push(InputError::file(
                file,
                format!(
                    "not valid TOML{}: {}; fix the syntax (text values need double quotes, \
                     tables are written [name] and lists of rules [[visits]])",
                    at.unwrap_or_default(),
                    e.message().trim()
                ),
            ));
            return None;
        }
    };
    let folder = file.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut k = Keys { file, errors };
    Some(policy(&mut k, &doc, &folder))
}

fn policy(k: &mut Keys, doc: &Table, folder: &Path) -> PolicyRead {
    let mut p = Policy::default();
    k.unknown(doc, "", &TOP, &ELSEWHERE);
    if let Some(m) = k.string(doc, "", "mode") {
        match mode(&m) {
            Ok(m) => p.mode = m,
            Err(msg) => k.error("mode", msg),
        }
    }
    let weeks = k.integer_in(doc, "", "weeks", (1, 52), "the cycle length in weeks");
    if let Some(w) = weeks {
        p.weeks = w as u32;
    }
    if let Some(s) = k.integer_in(doc, "", "seed", (0, i64::MAX), "the seed") {
        p.seed = s as u64;
    }
    if let Some(t) = k.number(doc, "", "time_limit_s") {
        if t > 0.0 {
            p.time_limit_s = t;
        } else {
            k.error(
                "time_limit_s",
                format!("{t} is not positive; give the run's time limit in seconds, e.g. 60"),
            );
        }
    }
    travel(k, doc, folder, &mut p);
    if let Some(b) = k.table(doc, "", "balance") {
        k.unknown(b, "balance", &BALANCE, &top_level_hint());
        if let Some(t) = k.number(b, "balance", "tolerance") {
            if t >= 0.0 {
                p.tolerance = t;
            } else {
                k.error(
                    "balance.tolerance",
                    format!("{t} is negative; give the allowed excess over the mean workload, e.g. 0.10"),
                );
            }
        }
    }
    if let Some(s) = k.table(doc, "", "schedule") {
        k.unknown(s, "schedule", &SCHEDULE, &top_level_hint());
        if let Some(j) = k.boolean(s, "schedule", "joint_days") {
            p.joint_days = j;
        }
    }
    if let Some(t) = k.table(doc, "", "tiers") {
        p.tiers = tiers(k, t);
    }
    if let Some(h) = k.table(doc, "", "hybrid") {
        let (default, districts) = hybrid(k, h);
        p.hybrid_default = default;
        p.hybrid = districts;
    }
    if let Some(c) = k.table(doc, "", "competency") {
        p.competency = competency(k, c);
    }
    let (visit_keys, visits) = rules::visits(k, doc, weeks.map(|w| w as u32))
        .into_iter()
        .unzip();
    let (team_keys, team) = rules::team(k, doc, weeks.map(|w| w as u32))
        .into_iter()
        .unzip();
    p.visits = visits;
    p.team = team;
    let has_rules = doc.contains_key("visits") || doc.contains_key("team");
    if !has_rules {
        k.errors.push(InputError::file(
            k.file,
            "no visit rules: nothing to plan; add a [[visits]] table, e.g. `match = {}`, \
             `per_week = 1`, `minutes = 20`",
        ));
    }
    PolicyRead {
        file: k.file.to_path_buf(),
        policy: p,
        visit_keys,
        team_keys,
    }
}

/// A grouping mode by name, with a suggestion when misspelt.
fn mode(text: &str) -> Result<Mode, String> {
    Mode::parse(text).ok_or_else(|| {
        format!(
            "`{text}` is not a mode{}; use one of region, business_type, value_tier, hybrid",
            suggest::hint(text, MODES)
        )
    })
}

fn travel(k: &mut Keys, doc: &Table, folder: &Path, p: &mut Policy) {
    let Some(t) = k.table(doc, "", "travel") else {
        return;
    };
    k.unknown(t, "travel", &TRAVEL, &top_level_hint());
    if let Some(s) = k.number(t, "travel", "speed_kmh") {
        if s > 0.0 {
            p.travel.speed_kmh = s;
        } else {
            k.error(
                "travel.speed_kmh",
                format!("{s} is not a speed; give a positive speed in km/h, e.g. 30"),
            );
        }
    }
    if let Some(d) = k.number(t, "travel", "detour") {
        if d >= 1.0 {
            p.travel.detour = d;
        } else {
            k.error(
                "travel.detour",
                format!(
                    "{d} is below 1; the detour multiplies straight-line distance into road \
                     distance, so it is 1 or more (e.g. 1.3)"
                ),
            );
        }
    }
    p.travel.matrix = file_key(k, t, "matrix", folder);
    p.travel.roads = file_key(k, t, "roads", folder);
    if p.travel.roads.is_some() && p.travel.matrix.is_some() {
        k.error(
            "travel.roads",
            "both `matrix` and `roads` define the travel times; keep one of them",
        );
    }
}

/// A file path under `[travel]`, resolved against the policy's folder; it must exist.
fn file_key(k: &mut Keys, t: &Table, key: &str, folder: &Path) -> Option<PathBuf> {
    let name = k.string(t, "travel", key)?;
    let full_key = path("travel", key);
    if name.is_empty() {
        k.error(full_key, "is empty; give a file name, or remove the key");
        return None;
    }
    let full = folder.join(&name);
    if !full.is_file() {
        k.error(
            full_key,
            format!(
                "file `{}` not found; relative paths start at the policy file's folder",
                full.display()
            ),
        );
    }
    Some(full)
}

/// `[tiers]`: tier name = lower bound of `value_score`; sorted by bound, highest first.
fn tiers(k: &mut Keys, t: &Table) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = t
        .keys()
        .filter_map(|name| k.number(t, "tiers", name).map(|b| (name.clone(), b)))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// `[hybrid]`: `default` and one mode per district; `hybrid` itself is not allowed there.
fn hybrid(k: &mut Keys, t: &Table) -> (Mode, BTreeMap<String, Mode>) {
    let mut default = Mode::Region;
    let mut districts = BTreeMap::new();
    for key in t.keys() {
        let Some(text) = k.string(t, "hybrid", key) else {
            continue;
        };
        let m = match mode(&text) {
            Ok(Mode::Hybrid) => Err(
                "`hybrid` cannot be a district's mode; use region, business_type or value_tier"
                    .to_string(),
            ),
            other => other,
        };
        match m {
            Ok(m) if key == "default" => default = m,
            Ok(m) => {
                districts.insert(key.clone(), m);
            }
            Err(msg) => k.error(path("hybrid", key), msg),
        }
    }
    (default, districts)
}

/// `[competency]`: label = minimum competency (>= 0).
fn competency(k: &mut Keys, t: &Table) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for label in t.keys() {
        let Some(v) = k.number(t, "competency", label) else {
            continue;
        };
        if v < 0.0 {
            k.error(
                path("competency", label),
                format!("{v} is negative; give the minimum competency, 0 or more"),
            );
        } else {
            out.insert(label.clone(), v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CycleKind, Frequency};

    fn read_text(text: &str) -> (Option<PolicyRead>, Vec<InputError>) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("policy.toml");
        std::fs::write(&file, text).unwrap();
        std::fs::write(dir.path().join("travel.csv"), "from,to,seconds\n").unwrap();
        let mut errors = Vec::new();
        (read(&file, &mut errors), errors)
    }

    fn keys(errors: &[InputError]) -> Vec<String> {
        errors
            .iter()
            .map(|e| match e {
                InputError::Key { key, .. } => key.clone(),
                other => other.to_string(),
            })
            .collect()
    }

    #[test]
    fn reads_the_contract_example() {
        let (p, errors) = read_text(
            r#"
mode = "hybrid"
weeks = 2
seed = 7
time_limit_s = 30
[travel]
speed_kmh = 40
detour = 1.2
matrix = "travel.csv"
[balance]
tolerance = 0.2
[schedule]
joint_days = false
[tiers]
regular = 0
core = 80
key = 50
[hybrid]
default = "value_tier"
"Old Town" = "business_type"
[competency]
A = 3
core = 2.5
[[visits]]
match = { value_tier = "core" }
per_week = 2
minutes = 20
[[visits]]
match = { value_tier = "regular", district = "X", business_type = "B", team = false }
role = "service"
every_weeks = 2
minutes = 12.5
cycle = "elastic"
[[team]]
match = { team = true }
roles = ["general", "supervisor"]
every_weeks = 2
minutes = 40
"#,
        );
        assert!(errors.is_empty(), "{errors:?}");
        let p = p.unwrap().policy;
        assert_eq!(p.mode, Mode::Hybrid);
        assert_eq!((p.weeks, p.seed, p.time_limit_s), (2, 7, 30.0));
        assert_eq!((p.travel.speed_kmh, p.travel.detour), (40.0, 1.2));
        assert!(p.travel.matrix.unwrap().ends_with("travel.csv"));
        assert_eq!(p.tolerance, 0.2);
        assert!(!p.joint_days);
        let tiers: Vec<(&str, f64)> = p.tiers.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        assert_eq!(tiers, [("core", 80.0), ("key", 50.0), ("regular", 0.0)]);
        assert_eq!(p.hybrid_default, Mode::ValueTier);
        assert_eq!(p.hybrid.get("Old Town"), Some(&Mode::BusinessType));
        assert_eq!(p.competency.get("core"), Some(&2.5));
        assert_eq!(p.visits.len(), 2);
        assert_eq!(p.visits[0].role, "general");
        assert_eq!(p.visits[0].frequency, Frequency::PerWeek(2));
        assert_eq!(p.visits[0].service_s, 1200);
        assert_eq!(p.visits[0].cycle, CycleKind::Fixed);
        assert_eq!(p.visits[0].matcher.value_tier.as_deref(), Some("core"));
        let r = &p.visits[1];
        assert_eq!(
            (r.role.as_str(), r.service_s, r.cycle),
            ("service", 750, CycleKind::Elastic)
        );
        assert_eq!(r.frequency, Frequency::EveryWeeks(2));
        assert_eq!(r.matcher.team, Some(false));
        assert_eq!(r.matcher.district.as_deref(), Some("X"));
        assert_eq!(p.team[0].roles, ["general", "supervisor"]);
        assert_eq!(p.team[0].matcher.team, Some(true));
        assert_eq!(p.team[0].service_s, 2400);
    }

    #[test]
    fn defaults_apply() {
        let (p, errors) = read_text("[[visits]]\nper_week = 1\nminutes = 10\n");
        assert!(errors.is_empty(), "{errors:?}");
        let p = p.unwrap().policy;
        let d = Policy::default();
        assert_eq!(
            (p.mode, p.weeks, p.seed, p.time_limit_s),
            (d.mode, d.weeks, d.seed, d.time_limit_s)
        );
        assert_eq!(p.travel, d.travel);
        assert_eq!(p.tolerance, d.tolerance);
        assert!(p.joint_days);
        assert_eq!(p.visits[0].matcher, Default::default());
    }

    #[test]
    fn reports_every_bad_key() {
        let (_, errors) = read_text(
            r#"
mode = "regions"
weeks = 3
colour = "red"
[travel]
speed_kmh = 0
detour = 0.9
roads = "travel.csv"
matrix = "missing.csv"
weeks = 2
[balance]
tolerance = -1
[tiers]
core = "high"
[hybrid]
default = "hybrid"
"Old Town" = "valu_tier"
[competency]
A = -2
[[visits]]
per_weeks = 2
minutes = 0
[[visits]]
match = { tier = "core", team = "yes" }
per_week = 1
every_weeks = 1
minutes = 10
cycle = "sometimes"
[[visits]]
every_weeks = 2
minutes = 10
[[team]]
roles = []
per_week = 1
"#,
        );
        let want = [
            "colour",
            "mode",
            "travel.weeks",
            "travel.speed_kmh",
            "travel.detour",
            "travel.matrix",
            "travel.roads",
            "balance.tolerance",
            "tiers.core",
            "hybrid.\"Old Town\"",
            "hybrid.default",
            "competency.A",
            "visits[1].per_weeks",
            "visits[1]",
            "visits[1].minutes",
            "visits[2].match.tier",
            "visits[2].match.team",
            "visits[2]",
            "visits[2].cycle",
            "visits[3].every_weeks",
            "team[1].roles",
            "team[1].minutes",
        ];
        assert_eq!(keys(&errors), want);
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(text[1].contains("did you mean `region`?"), "{}", text[1]);
        assert!(text[2].contains("before the first [table]"), "{}", text[2]);
        assert!(
            text[9].contains("did you mean `value_tier`?"),
            "{}",
            text[9]
        );
        assert!(
            text[12].contains("did you mean `per_week`?"),
            "{}",
            text[12]
        );
        assert!(text[19].contains("multiple of"), "{}", text[19]);
        for e in &errors {
            assert!(e.message().contains(';'), "no fix in {e}");
        }
    }

    #[test]
    fn reports_syntax_and_missing_rules() {
        let (p, errors) = read_text("mode = region\n");
        assert!(p.is_none());
        assert!(errors[0].message().contains("line 1"), "{}", errors[0]);
        let (_, errors) = read_text("mode = \"region\"\n");
        assert!(errors[0].message().starts_with("no visit rules"));
        let (_, errors) = read_text("[visits]\nper_week = 1\nminutes = 10\n");
        assert_eq!(keys(&errors), ["visits"]);
        assert!(errors[0].message().contains("[[visits]]"));
    }
}
