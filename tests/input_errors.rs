//! Bad inputs are refused with one message per problem naming the file and row or key; good
//! variants (BOM, CRLF, unknown columns) are accepted.
//!
//! Each case is a folder under `tests/bad_input/`; files it does not hold come from
//! `tests/bad_input/good/`, a valid minimal trio.

use beatplan::io::{load_problem, load_travel, InputError, InputErrors};
use beatplan::model::{Place, Problem, Weekday, Window, DAY_S};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input")
}

fn file(case: &str, name: &str) -> PathBuf {
    let own = root().join(case).join(name);
    if own.exists() {
        own
    } else {
        root().join("good").join(name)
    }
}

fn load(case: &str) -> Result<Problem, InputErrors> {
    load_problem(
        &file(case, "clients.csv"),
        &file(case, "managers.csv"),
        &file(case, "policy.toml"),
    )
}

fn accepted(case: &str) -> Problem {
    match load(case) {
        Ok(p) => p,
        Err(e) => panic!("case `{case}` was refused:\n{e}"),
    }
}

/// Where an error points.
#[derive(Debug, PartialEq)]
enum At<'a> {
    File,
    Row(usize),
    Cell(usize, &'a str),
    Key(&'a str),
}

/// Asserts that `errors` are exactly `want`, in order: the file's name, the location, and
/// fragments the message must contain.
fn assert_errors(errors: &InputErrors, want: &[(&str, At, &[&str])]) {
    let shown = errors.to_string();
    assert_eq!(errors.len(), want.len(), "wrong number of errors:\n{shown}");
    for (e, (name, at, fragments)) in errors.iter().zip(want) {
        let got_at = match e {
            InputError::File { .. } => At::File,
            InputError::Row { row, .. } => At::Row(*row),
            InputError::Cell { row, column, .. } => At::Cell(*row, column.as_str()),
            InputError::Key { key, .. } => At::Key(key.as_str()),
        };
        assert_eq!(&got_at, at, "wrong location in `{e}`");
        assert_eq!(
            e.path().file_name().and_then(|n| n.to_str()),
            Some(*name),
            "wrong file in `{e}`"
        );
        for f in *fragments {
            assert!(e.message().contains(f), "`{e}` does not say `{f}`");
        }
        // Every message says what to do, after the `;`.
        assert!(e.message().contains(';'), "`{e}` gives no fix");
    }
}

fn refused(case: &str, want: &[(&str, At, &[&str])]) {
    match load(case) {
        Ok(_) => panic!("case `{case}` was accepted"),
        Err(errors) => assert_errors(&errors, want),
    }
}

#[test]
fn good_trio_is_accepted_with_defaults_and_derivations() {
    let p = accepted("good");
    assert_eq!(p.clients.len(), 3);
    assert_eq!(p.managers.len(), 3);
    // value_score 85 -> tier `core` through [tiers].
    assert_eq!(p.clients[0].value_tier.as_deref(), Some("core"));
    assert_eq!(p.policy.tiers[0], ("core".to_string(), 80.0));
    assert_eq!(p.clients[1].service_s, Some(450));
    assert_eq!(p.clients[2].open, vec![Window::new(18 * 3600, DAY_S)]);
    assert!(p.clients[0].locked && p.clients[0].team);
    // Manager defaults: s1 leaves shift, max_minutes and workdays empty.
    let s1 = &p.managers[2];
    assert_eq!(s1.shift, Window::new(8 * 3600, 18 * 3600));
    assert_eq!(s1.max_work_s, 480 * 60);
    assert_eq!(s1.workdays.iter().collect::<Vec<_>>(), &Weekday::ALL[..5]);
    assert_eq!(p.calendar.days(), 10);
    // c1 core 2/week + team every 2 weeks; c2 regular every 2 weeks; c3 night 1/week.
    let visits: Vec<(usize, u32)> = p
        .requirements
        .iter()
        .map(|r| (r.client, r.visits))
        .collect();
    assert_eq!(visits, [(0, 4), (1, 1), (2, 2)]);
    assert_eq!(p.team_requirements.len(), 1);
    assert_eq!(p.team_requirements[0].visits, 1);
}

#[test]
fn missing_file_is_named() {
    let missing = root().join("no_such_case/clients.csv");
    let errors = load_problem(
        &missing,
        &file("good", "managers.csv"),
        &file("good", "policy.toml"),
    )
    .unwrap_err();
    assert_errors(&errors, &[("clients.csv", At::File, &["not found"])]);
    assert_eq!(errors.0[0].path(), missing);
}

#[test]
fn missing_column() {
    refused(
        "missing_column",
        &[("clients.csv", At::File, &["missing required column `lon`"])],
    );
}

#[test]
fn missing_value() {
    refused(
        "missing_value",
        &[
            (
                "clients.csv",
                At::Cell(2, "lat"),
                &["missing value", "latitude"],
            ),
            ("clients.csv", At::Cell(3, "id"), &["missing value"]),
        ],
    );
}

#[test]
fn duplicate_id() {
    refused(
        "duplicate_id",
        &[(
            "clients.csv",
            At::Cell(4, "id"),
            &["duplicate id `c1`", "rows 2 and 4"],
        )],
    );
}

#[test]
fn bad_time() {
    refused(
        "bad_time",
        &[
            (
                "managers.csv",
                At::Cell(3, "shift"),
                &["`8h` is not a time", "HH:MM"],
            ),
            (
                "managers.csv",
                At::Cell(4, "shift"),
                &["`25:00` is not a time of day"],
            ),
        ],
    );
}

#[test]
fn reversed_window() {
    refused(
        "reversed_window",
        &[(
            "clients.csv",
            At::Cell(2, "open"),
            &["`20:00-14:00`", "after the start"],
        )],
    );
}

#[test]
fn reversed_shift() {
    refused(
        "reversed_shift",
        &[(
            "managers.csv",
            At::Cell(2, "shift"),
            &["`18:00-08:00`", "after the start"],
        )],
    );
}

#[test]
fn lat_out_of_range() {
    refused(
        "lat_out_of_range",
        &[(
            "clients.csv",
            At::Cell(3, "lat"),
            &["95 is out of range", "-90 and 90"],
        )],
    );
}

#[test]
fn lon_not_a_number() {
    refused(
        "lon_not_a_number",
        &[
            (
                "clients.csv",
                At::Cell(2, "lon"),
                &["`13,405` is not a number", "13.405"],
            ),
            (
                "clients.csv",
                At::Cell(3, "lon"),
                &["`east` is not a number"],
            ),
        ],
    );
}

#[test]
fn empty_clients_file() {
    refused(
        "empty_clients",
        &[("clients.csv", At::File, &["no clients", "empty"])],
    );
}

#[test]
fn header_only_clients_file() {
    refused(
        "header_only_clients",
        &[("clients.csv", At::File, &["no clients", "no rows"])],
    );
}

#[test]
fn empty_managers_file() {
    // The clients' manager references cannot be checked without managers; nothing else fails.
    refused(
        "empty_managers",
        &[("managers.csv", At::File, &["no managers"])],
    );
}

#[test]
fn bad_boolean() {
    refused(
        "bad_boolean",
        &[(
            "clients.csv",
            At::Cell(2, "team"),
            &["`maybe` is not a yes/no value"],
        )],
    );
}

#[test]
fn unknown_weekday() {
    refused(
        "unknown_weekday",
        &[(
            "clients.csv",
            At::Cell(2, "days"),
            &["`Funday` is not a weekday"],
        )],
    );
}

#[test]
fn unknown_manager() {
    refused(
        "unknown_manager",
        &[(
            "clients.csv",
            At::Cell(3, "manager"),
            &["unknown manager `m7`", "managers.csv"],
        )],
    );
}

#[test]
fn locked_without_manager() {
    refused(
        "locked_without_manager",
        &[(
            "clients.csv",
            At::Cell(2, "locked"),
            &["locked but has no `manager`"],
        )],
    );
}

#[test]
fn wide_row() {
    refused(
        "wide_row",
        &[(
            "clients.csv",
            At::Row(2),
            &["5 cells", "4 columns", "quotes"],
        )],
    );
}

#[test]
fn nonpositive_manager_numbers() {
    refused(
        "nonpositive_manager_numbers",
        &[
            ("managers.csv", At::Cell(2, "competency"), &["negative"]),
            (
                "managers.csv",
                At::Cell(2, "max_minutes"),
                &["0 is not a working day length"],
            ),
            ("managers.csv", At::Cell(4, "max_minutes"), &["-30 is not"]),
        ],
    );
}

#[test]
fn unknown_policy_key() {
    refused(
        "unknown_policy_key",
        &[
            (
                "policy.toml",
                At::Key("visits[1].per_weeks"),
                &["unknown key", "did you mean `per_week`?"],
            ),
            (
                "policy.toml",
                At::Key("visits[1]"),
                &["neither `per_week` nor `every_weeks`"],
            ),
        ],
    );
}

#[test]
fn unknown_match_key() {
    refused(
        "unknown_match_key",
        &[(
            "policy.toml",
            At::Key("visits[1].match.value_teir"),
            &["did you mean `value_tier`?"],
        )],
    );
}

#[test]
fn bad_mode() {
    refused(
        "bad_mode",
        &[(
            "policy.toml",
            At::Key("mode"),
            &["`regions` is not a mode", "did you mean `region`?"],
        )],
    );
}

#[test]
fn bad_hybrid() {
    let errors = load("bad_hybrid").unwrap_err();
    let keys: Vec<String> = errors
        .iter()
        .map(|e| match e {
            InputError::Key { key, .. } => key.clone(),
            other => panic!("{other}"),
        })
        .collect();
    // TOML tables may list keys in any order.
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, ["hybrid.Kreuzberg", "hybrid.Mitte"], "{errors}");
    for e in &errors {
        let m = e.message();
        assert!(
            m.contains("`hybrid` cannot be") || m.contains("`postcode` is not a mode"),
            "{e}"
        );
    }
}

#[test]
fn weeks_not_multiple_of_every_weeks() {
    refused(
        "weeks_not_multiple",
        &[(
            "policy.toml",
            At::Key("visits[1].every_weeks"),
            &["weeks = 3", "every_weeks = 2", "weeks = 4"],
        )],
    );
}

#[test]
fn per_week_above_workdays() {
    refused(
        "per_week_too_many",
        &[(
            "policy.toml",
            At::Key("visits[1].per_week"),
            &["per_week = 6", "at most 5 days"],
        )],
    );
}

#[test]
fn role_no_manager_has() {
    refused(
        "unknown_role",
        &[(
            "policy.toml",
            At::Key("visits[2].role"),
            &["no manager has role `servise`", "general, supervisor"],
        )],
    );
}

#[test]
fn empty_team_roles() {
    refused(
        "empty_team_roles",
        &[("policy.toml", At::Key("team[1].roles"), &["empty"])],
    );
}

#[test]
fn bad_policy_numbers() {
    refused(
        "bad_policy_numbers",
        &[
            (
                "policy.toml",
                At::Key("travel.speed_kmh"),
                &["0 is not a speed"],
            ),
            ("policy.toml", At::Key("travel.detour"), &["0.9 is below 1"]),
            ("policy.toml", At::Key("competency.A"), &["-1 is negative"]),
            (
                "policy.toml",
                At::Key("visits[1].minutes"),
                &["0 is not a visit length"],
            ),
        ],
    );
}

#[test]
fn both_frequencies() {
    refused(
        "both_frequencies",
        &[(
            "policy.toml",
            At::Key("visits[1]"),
            &["both `per_week` and `every_weeks`"],
        )],
    );
}

#[test]
fn roads_file_that_is_not_an_osm_extract_names_the_file() {
    let problem = accepted("roads_not_a_pbf");
    let errors = match load_travel(&problem) {
        Ok(_) => panic!("an empty road file was accepted"),
        Err(e) => e,
    };
    assert_eq!(errors.0.len(), 1);
    assert!(errors.0[0].path().ends_with("area.osm.pbf"), "{}", errors);
}

#[test]
fn every_problem_of_every_file_in_file_order() {
    refused(
        "many_problems",
        &[
            ("clients.csv", At::Cell(3, "id"), &["rows 2 and 3"]),
            ("clients.csv", At::Cell(3, "lat"), &["91"]),
            ("clients.csv", At::Cell(3, "open"), &["10:00-09:00"]),
            ("managers.csv", At::Cell(2, "workdays"), &["`Blursday`"]),
            (
                "policy.toml",
                At::Key("speed_kmh"),
                &["belongs in the [travel] table"],
            ),
            ("policy.toml", At::Key("visits[1].minutes"), &["-5"]),
        ],
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let p = accepted("bom_crlf_accepted");
    assert_eq!(
        p.clients[0].id, "c1",
        "the BOM is not part of the first column's name"
    );
    assert_eq!(p.clients[0].name.as_deref(), Some("Café Müller"));
    assert_eq!(p.clients[1].value_tier.as_deref(), Some("regular"));
    assert_eq!(p.clients[0].open, vec![Window::new(9 * 3600, 18 * 3600)]);
    assert_eq!(p.managers[1].role, "supervisor");
    assert_eq!(p.policy.weeks, 2);
}

#[test]
fn unknown_csv_columns_are_accepted() {
    let p = accepted("unknown_csv_column_accepted");
    assert_eq!(p.clients.len(), 2);
    assert_eq!(p.clients[1].id, "c2");
    assert_eq!(p.clients[1].value_tier.as_deref(), Some("regular"));
}

#[test]
fn default_travel_model_without_matrix() {
    let p = accepted("good");
    let travel = load_travel(&p).unwrap();
    let leg = travel.leg(Place::Base(0), Place::Client(0));
    assert!(leg.meters > 0 && leg.seconds > 0);
    // 30 km/h: seconds = metres / (30 / 3.6), within rounding.
    assert!((leg.seconds as f64 - leg.meters as f64 * 0.12).abs() <= 1.0);
}

#[test]
fn matrix_file_overrides_given_pairs() {
    let p = accepted("matrix_good");
    let travel = load_travel(&p).unwrap();
    let m1 = Place::Base(p.manager_by_id("m1").unwrap());
    let (c1, c2) = (Place::Client(0), Place::Client(1));
    assert_eq!(travel.seconds(m1, c1), 600);
    assert_eq!(travel.meters(m1, c1), 4200);
    assert_eq!(travel.seconds(c1, c2), 301);
    // Not listed: the default model.
    let crow = beatplan::travel::Crow::new(&p);
    use beatplan::travel::Travel;
    assert_eq!(travel.leg(c2, c1), crow.leg(c2, c1));
    assert_eq!(travel.meters(c1, c2), crow.meters(c1, c2));
}

#[test]
fn matrix_file_problems_name_rows() {
    let p = accepted("matrix_bad");
    let errors = load_travel(&p).err().expect("bad matrix accepted");
    assert_errors(
        &errors,
        &[
            ("travel.csv", At::Cell(3, "to"), &["unknown id `c9`"]),
            ("travel.csv", At::Cell(4, "seconds"), &["-5 is negative"]),
            (
                "travel.csv",
                At::Cell(5, "to"),
                &["listed twice", "rows 2 and 5"],
            ),
            (
                "travel.csv",
                At::Cell(6, "seconds"),
                &["`fast` is not a number"],
            ),
        ],
    );
}

#[test]
fn matrix_id_of_both_a_client_and_a_manager_is_refused() {
    let p = accepted("matrix_ambiguous");
    let errors = load_travel(&p).err().expect("ambiguous id accepted");
    assert_errors(
        &errors,
        &[(
            "travel.csv",
            At::Cell(2, "to"),
            &["`x1` is both a client id and a manager id"],
        )],
    );
}
