//! More of the bad-input corpus (issue #8): wrong delimiters, a duplicated column, mistyped
//! policy values and a file cut short are refused naming the row or key; swapped coordinates
//! are warned about; clients that are valid but cannot be served (open outside every shift,
//! out of reach, on days nobody works) end up in the plan's `unserved` list with the reason.
//!
//! Each case is a folder under `tests/bad_input/`; files it does not hold come from
//! `tests/bad_input/good/`.

use beatplan::check;
use beatplan::io::{self, InputError, InputErrors};
use beatplan::pipeline::{self, PlanOptions, Silent};
use beatplan::plan::Plan;
use beatplan::Problem;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn file(case: &str, name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input");
    let own = root.join(case).join(name);
    if own.exists() {
        own
    } else {
        root.join("good").join(name)
    }
}

fn files(case: &str) -> [PathBuf; 3] {
    ["clients.csv", "managers.csv", "policy.toml"].map(|n| file(case, n))
}

fn load(case: &str) -> Result<(Problem, Vec<InputError>), InputErrors> {
    let [c, m, p] = files(case);
    io::load_problem_with_warnings(&c, &m, &p)
}

/// `(file name, row, column or key)` of each error, and the messages joined.
fn located(errors: &InputErrors) -> (Vec<(String, Option<usize>, String)>, String) {
    let at = errors
        .iter()
        .map(|e| {
            let name = e.path().file_name().unwrap().to_string_lossy().into_owned();
            let place = match e {
                InputError::Cell { column, .. } => column.clone(),
                InputError::Key { key, .. } => key.clone(),
                _ => String::new(),
            };
            (name, e.row_number(), place)
        })
        .collect();
    (at, errors.to_string())
}

fn refused(case: &str) -> (Vec<(String, Option<usize>, String)>, String) {
    match load(case) {
        Ok(_) => panic!("case `{case}` was accepted"),
        Err(e) => {
            // Every message says what to do after the `;`.
            assert!(e.iter().all(|e| e.message().contains(';')), "{e}");
            located(&e)
        }
    }
}

fn at(name: &str, row: Option<usize>, place: &str) -> (String, Option<usize>, String) {
    (name.to_string(), row, place.to_string())
}

#[test]
fn wrong_delimiter_is_named() {
    let (found, text) = refused("wrong_delimiter");
    let mut want = Vec::new();
    for name in ["clients.csv", "managers.csv"] {
        for col in ["id", "lat", "lon"] {
            want.push(at(name, None, ""));
            assert!(text.contains(&format!("missing required column `{col}`")));
        }
    }
    assert_eq!(found, want, "{text}");
    assert_eq!(text.matches("looks `;`-separated").count(), 3, "{text}");
    assert_eq!(text.matches("looks tab-separated").count(), 3, "{text}");
}

#[test]
fn duplicated_column_names_the_header_row() {
    let (found, text) = refused("duplicate_column");
    assert_eq!(found, [at("clients.csv", Some(1), "lat")], "{text}");
    assert!(text.contains("columns 3 and 6"), "{text}");
}

#[test]
fn mistyped_policy_values_name_their_keys() {
    let (found, text) = refused("mistyped_policy_value");
    let want =
        ["weeks", "seed", "time_limit_s", "travel.speed_kmh"].map(|k| at("policy.toml", None, k));
    assert_eq!(found, want, "{text}");
    assert!(
        text.contains("is text; it must be a whole number"),
        "{text}"
    );
    assert!(text.contains("is a decimal number"), "{text}");
}

#[test]
fn truncated_file_names_the_cut_row() {
    let (found, text) = refused("truncated_clients");
    assert_eq!(found, [at("clients.csv", Some(4), "")], "{text}");
    assert!(text.contains("looks cut short"), "{text}");
}

#[test]
fn swapped_coordinates_are_warned_about_by_row() {
    let (_, warnings) = load("swapped_lat_lon").expect("valid data is accepted");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!(w.row_number(), Some(3));
    assert!(w.message().contains("are lat and lon swapped?"), "{w}");
    let (_, none) = load("good").expect("good");
    assert!(none.is_empty(), "{none:?}");
    // The CLI prints it and plans anyway.
    let [c, m, p] = files("swapped_lat_lon");
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_beatplan"))
        .args(["plan", "--quiet", "--time-limit", "2", "--clients"])
        .arg(&c)
        .arg("--managers")
        .arg(&m)
        .arg("--policy")
        .arg(&p)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning:") && stderr.contains("row 3"),
        "{stderr}"
    );
    assert!(out.path().join("plan.json").exists());
}

/// Plans a case that loads, checks the plan and returns it.
fn planned(case: &str) -> (Problem, Plan) {
    let (problem, _) = load(case).unwrap_or_else(|e| panic!("case `{case}` was refused:\n{e}"));
    let travel = io::load_travel(&problem).expect("travel model");
    let opts = PlanOptions {
        seed: 1,
        time_limit: Duration::from_secs(2),
    };
    let plan = pipeline::plan(&problem, travel.as_ref(), &opts, &Silent);
    let report = check::check(&problem, travel.as_ref(), &plan);
    assert!(report.is_valid(), "{case}: {:#?}", report.violations);
    (problem, plan)
}

/// The `(visits_missing, reason)` of `client` in the plan's unserved list.
fn unserved(plan: &Plan, client: &str) -> (u32, String) {
    let mine: Vec<_> = plan
        .unserved
        .iter()
        .filter(|u| u.client == client)
        .collect();
    assert_eq!(mine.len(), 1, "{client}: {:?}", plan.unserved);
    (mine[0].visits_missing, mine[0].reason.clone())
}

#[test]
fn window_outside_every_shift_is_unserved_with_the_reason() {
    let (_, plan) = planned("window_outside_every_shift");
    // c2 is `core`: 2 visits a week for 2 weeks, all missing.
    let (missing, reason) = unserved(&plan, "c2");
    assert_eq!(missing, 4);
    assert!(
        reason.contains("opening 03:00–06:00 outside shift"),
        "{reason}"
    );
    assert_eq!(plan.unserved.len(), 1, "{:?}", plan.unserved);
}

#[test]
fn client_no_manager_can_reach_is_unserved_with_the_reason() {
    let (_, plan) = planned("unreachable_client");
    let (missing, reason) = unserved(&plan, "c2");
    assert_eq!(missing, 4);
    assert!(reason.contains("cannot be reached"), "{reason}");
    assert_eq!(plan.unserved.len(), 1, "{:?}", plan.unserved);
}

#[test]
fn frequencies_no_calendar_can_satisfy_are_unserved_with_the_reason() {
    let (_, plan) = planned("calendar_cannot_satisfy");
    // c1 opens on Mondays only but needs 2 visits a week: one a week fits.
    let (missing, reason) = unserved(&plan, "c1");
    assert_eq!(missing, 2);
    assert!(reason.contains("client days Mon only"), "{reason}");
    // c2 opens at weekends only; nobody works then.
    let (missing, reason) = unserved(&plan, "c2");
    assert_eq!(missing, 4);
    assert!(reason.contains("no common day"), "{reason}");
}
