//! End to end: every plan the pipeline produces goes through the independent checker.

use beatplan::check;
use beatplan::io;
use beatplan::pipeline::{self, PlanOptions, Silent};
use beatplan::plan::Plan;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn plan_fixture(name: &str, limit_s: f64, seed: u64) -> (beatplan::Problem, Plan) {
    plan_with_policy(name, "policy.toml", limit_s, seed)
}

fn plan_with_policy(
    name: &str,
    policy: &str,
    limit_s: f64,
    seed: u64,
) -> (beatplan::Problem, Plan) {
    let dir = fixture(name);
    let problem = io::load_problem(
        &dir.join("clients.csv"),
        &dir.join("managers.csv"),
        &dir.join(policy),
    )
    .expect("fixture loads");
    let travel = io::load_travel(&problem).expect("travel model");
    let opts = PlanOptions {
        seed,
        time_limit: Duration::from_secs_f64(limit_s),
    };
    let plan = pipeline::plan(&problem, travel.as_ref(), &opts, &Silent);
    let report = check::check(&problem, travel.as_ref(), &plan);
    assert!(
        report.is_valid(),
        "{name}: checker found {} violation(s) (meta {:?}): {:#?}",
        report.violations.len(),
        plan.meta,
        &report.violations[..report.violations.len().min(20)]
    );
    (problem, plan)
}

fn without_meta(mut plan: Plan) -> Plan {
    plan.meta = None;
    plan
}

#[test]
fn tiny_region_plans_every_visit() {
    let (problem, plan) = plan_fixture("tiny", 10.0, 7);
    assert!(plan.unserved.is_empty(), "unserved: {:?}", plan.unserved);
    let required: u32 = problem.requirements.iter().map(|r| r.visits).sum();
    assert_eq!(plan.kpis.visits, required as u64);
    // The locked client keeps its manager.
    assert!(plan
        .assignments
        .iter()
        .any(|a| a.client == "c4" && a.manager == "m2" && a.reason == "locked"));
}

#[test]
fn same_seed_same_plan() {
    let (_, a) = plan_fixture("tiny", 10.0, 3);
    let (_, b) = plan_fixture("tiny", 10.0, 3);
    assert_eq!(without_meta(a), without_meta(b));
}

#[test]
fn malta_fixture_plans_and_checks() {
    let (_, plan) = plan_fixture("malta", 60.0, 1);
    assert!(
        plan.unserved.is_empty(),
        "unserved: {:?}",
        &plan.unserved[..plan.unserved.len().min(10)]
    );
    assert!(plan.kpis.visits > 1000);
}

#[test]
fn malta_on_real_roads_plans_and_checks() {
    let (_, roads) = plan_with_policy("malta", "policy-roads.toml", 60.0, 1);
    assert!(
        roads.unserved.is_empty(),
        "unserved: {:?}",
        &roads.unserved[..roads.unserved.len().min(10)]
    );
    let (_, crow) = plan_fixture("malta", 60.0, 1);
    // Roads are longer than straight lines × 1.3 on an island of bays and hills.
    assert!(roads.kpis.travel_km > crow.kpis.travel_km);
}

fn beatplan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_beatplan"))
        .args(args)
        .output()
        .expect("beatplan runs")
}

fn inputs(name: &str) -> Vec<String> {
    let dir = fixture(name);
    vec![
        "--clients".into(),
        dir.join("clients.csv").display().to_string(),
        "--managers".into(),
        dir.join("managers.csv").display().to_string(),
        "--policy".into(),
        dir.join("policy.toml").display().to_string(),
    ]
}

#[test]
fn cli_plan_then_check_exit_codes() {
    let out = tempfile::tempdir().expect("temp dir");
    let out_dir = out.path().display().to_string();
    let mut args: Vec<String> = vec!["plan".into(), "--quiet".into()];
    args.extend(inputs("tiny"));
    args.extend(["--out".into(), out_dir.clone()]);
    let run = beatplan(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for f in ["plan.json", "schedule.csv", "routes.geojson", "report.html"] {
        assert!(out.path().join(f).exists(), "{f} written");
    }
    let plan_path = out.path().join("plan.json").display().to_string();
    let mut check: Vec<String> = vec!["check".into(), "--plan".into(), plan_path.clone()];
    check.extend(inputs("tiny"));
    let ok = beatplan(&check.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );

    // Break the plan: move a visit one minute earlier than its arrival allows.
    let mut plan: Plan =
        serde_json::from_str(&std::fs::read_to_string(&plan_path).unwrap()).unwrap();
    let v = &mut plan.routes[0].visits[0];
    v.start_s = v.arrival_s - 60;
    v.end_s -= 60;
    std::fs::write(&plan_path, serde_json::to_string(&plan).unwrap()).unwrap();
    let bad = beatplan(&check.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn cli_bad_input_exits_2() {
    let mut args: Vec<String> = vec!["check".into(), "--plan".into(), "nope.json".into()];
    args.extend(inputs("tiny"));
    let run = beatplan(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run.status.code(), Some(2));
    let usage = beatplan(&["plan", "--clients"]);
    assert_eq!(usage.status.code(), Some(2));
}

/// Ctrl-C during `plan` stops the search and writes the best plan so far, marked interrupted;
/// what the cut leaves undone shows only as missing visits or balance, never as a broken route.
#[cfg(unix)]
#[test]
fn sigint_writes_the_best_plan_so_far() {
    let out = tempfile::tempdir().expect("temp dir");
    let mut args: Vec<String> = vec!["plan".into(), "--quiet".into()];
    args.extend(inputs("malta"));
    args.extend(["--out".into(), out.path().display().to_string()]);
    let child = Command::new(env!("CARGO_BIN_EXE_beatplan"))
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("beatplan starts");
    std::thread::sleep(Duration::from_millis(1200));
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(kill.success());
    let done = child.wait_with_output().expect("beatplan ends");
    assert_eq!(done.status.code(), Some(0));
    let text = std::fs::read_to_string(out.path().join("plan.json")).expect("plan written");
    let plan: Plan = serde_json::from_str(&text).expect("a whole plan.json");
    let meta = plan.meta.clone().expect("meta");
    // A fast machine may finish before the signal; then the plan is simply complete.
    let dir = fixture("malta");
    let problem = io::load_folder(&dir).unwrap();
    let travel = io::load_travel(&problem).unwrap();
    let report = check::check(&problem, travel.as_ref(), &plan);
    if meta.interrupted {
        assert!(String::from_utf8_lossy(&done.stdout).contains("interrupted"));
        for v in &report.violations {
            assert!(
                ["min_one_visit", "balance"].contains(&v.rule),
                "an interrupted plan broke {}: {}",
                v.rule,
                v.message
            );
        }
    } else {
        assert!(report.is_valid());
    }
}
