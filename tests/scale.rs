//! Regional scale: a generated region plans to the same plan on one thread and on two.

use beatplan::check;
use beatplan::generate::{generate, write_generated, GenerateParams};
use beatplan::io;
use beatplan::pipeline::{self, PlanOptions, Silent};
use beatplan::plan::Plan;
use std::time::Duration;

fn load(clients: usize, managers: usize, dir: &std::path::Path) -> beatplan::Problem {
    let mut params = GenerateParams::new(clients, managers, 5);
    params.weeks = 2;
    let region = generate(&params).expect("valid parameters");
    write_generated(&region, dir).expect("written");
    io::load_folder(dir).expect("generated input loads")
}

/// Plans on a pool of `threads` threads; returns the plan (without its timings) and the
/// checker's violations.
fn plan_on(threads: usize, problem: &beatplan::Problem) -> (Plan, Vec<String>) {
    let travel = io::load_travel(problem).expect("default travel model");
    let opts = PlanOptions {
        seed: 11,
        // Generous: the iteration budgets, not the clock, end every search.
        time_limit: Duration::from_secs(120),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let mut plan = pool.install(|| pipeline::plan(problem, travel.as_ref(), &opts, &Silent));
    let report = check::check(problem, travel.as_ref(), &plan);
    assert!(!plan.meta.as_ref().is_some_and(|m| m.interrupted));
    assert!(plan.kpis.visits > 0);
    plan.meta = None;
    let violations = report
        .violations
        .iter()
        .map(|v| v.message.clone())
        .collect();
    (plan, violations)
}

#[test]
fn one_and_two_threads_give_the_same_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let problem = load(400, 7, dir.path());
    let (one, v1) = plan_on(1, &problem);
    let (two, v2) = plan_on(2, &problem);
    assert!(v1.is_empty(), "{v1:#?}");
    assert!(v2.is_empty(), "{v2:#?}");
    assert_eq!(one, two);
}

#[test]
fn team_synchronisation_is_thread_count_independent() {
    // Eight managers: one is a supervisor, so team visits are synchronised across routes.
    // (Some team visits may still be dropped as "could not be synchronised", an open issue of
    // the team pass; whatever the outcome, it must not depend on the thread count.)
    let dir = tempfile::tempdir().expect("temp dir");
    let problem = load(400, 8, dir.path());
    let (one, v1) = plan_on(1, &problem);
    let (two, v2) = plan_on(2, &problem);
    assert!(one
        .routes
        .iter()
        .any(|r| r.visits.iter().any(|v| v.team.is_some())));
    assert_eq!(v1, v2);
    assert_eq!(one, two);
}
