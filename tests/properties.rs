//! Property tests over generated regions (issue #8): for random small regions written to files
//! and read back, the plan passes the independent checker, the KPIs written in `plan.json`
//! equal the checker's recomputation from the written routes, and the same seed gives a
//! byte-identical plan.
//!
//! Regions are small (30–90 clients, 2–4 managers, 1–4 weeks, anywhere on the globe).

use beatplan::check;
use beatplan::generate::{generate, write_generated, GenerateParams};
use beatplan::io;
use beatplan::pipeline::{self, PlanOptions, Silent};
use beatplan::plan::Plan;
use beatplan::travel::Travel;
use beatplan::Problem;
use proptest::prelude::*;
use std::time::Duration;

/// `plan.json` as `beatplan plan` writes it, without the run's provenance (times differ).
fn plan_json(plan: &Plan) -> Vec<u8> {
    let mut plan = plan.clone();
    plan.meta = None;
    serde_json::to_vec_pretty(&plan).expect("a plan serialises")
}

fn region() -> impl Strategy<Value = GenerateParams> {
    (
        30usize..90,
        2usize..5,
        // TOML integers are signed: the generator writes the seed into policy.toml.
        0..=i64::MAX as u64,
        prop::sample::select(vec![1u32, 2, 4]),
        (-60.0f64..60.0, -170.0f64..170.0),
    )
        .prop_map(|(clients, managers, seed, weeks, centre)| {
            let mut p = GenerateParams::new(clients, managers, seed);
            p.weeks = weeks;
            p.centre = centre;
            p
        })
}

/// Writes the region to files, reads it back as `beatplan plan` does and plans it.
fn plan_region(params: &GenerateParams, opts: &PlanOptions) -> (Problem, Box<dyn Travel>, Plan) {
    let region = generate(params).expect("the generator accepts small regions");
    let dir = tempfile::tempdir().unwrap();
    write_generated(&region, dir.path()).unwrap();
    let problem = io::load_folder(dir.path()).expect("a generated region loads");
    let travel = io::load_travel(&problem).expect("travel model");
    let plan = pipeline::plan(&problem, travel.as_ref(), opts, &Silent);
    (problem, travel, plan)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 6,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_regions_pass_the_checker_with_the_kpis_they_report(
        params in region(),
        plan_seed in 0u64..1000,
    ) {
        let opts = PlanOptions { seed: plan_seed, time_limit: Duration::from_secs(3) };
        let (problem, travel, plan) = plan_region(&params, &opts);
        let report = check::check(&problem, travel.as_ref(), &plan);
        prop_assert!(report.is_valid(), "{:?}: {:#?}", params, report.violations);

        // The KPIs written equal those recomputed from the written plan, read back.
        let written = plan_json(&plan);
        let read: Plan = serde_json::from_slice(&written).expect("plan.json reads back");
        let recomputed = check::kpis(&problem, travel.as_ref(), &read);
        prop_assert_eq!(&read.kpis, &recomputed);
        prop_assert_eq!(&plan.kpis, &recomputed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 4,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Same seed, same plan: the searches stop on iteration budgets, the deadline is only a
    /// guard for a starved machine (30 s here, far above what these regions need).
    #[test]
    fn same_seed_gives_a_byte_identical_plan(params in region(), plan_seed in 0u64..1000) {
        let opts = PlanOptions { seed: plan_seed, time_limit: Duration::from_secs(30) };
        let (problem, travel, plan) = plan_region(&params, &opts);
        let again = pipeline::plan(&problem, travel.as_ref(), &opts, &Silent);
        prop_assert!(plan_json(&plan) == plan_json(&again), "same seed, different plan: {:?}", params);
    }
}

/// A region that once gave two different plans for one seed (found by the property above
/// under heavy machine load); kept as a fixed case.
#[test]
fn a_recorded_region_plans_the_same_twice() {
    let mut params = GenerateParams::new(36, 2, 4755708832226441628);
    params.weeks = 4;
    params.centre = (-47.43, 128.09);
    let opts = PlanOptions {
        seed: 1,
        time_limit: Duration::from_secs(30),
    };
    let (problem, travel, plan) = plan_region(&params, &opts);
    assert!(check::check(&problem, travel.as_ref(), &plan).is_valid());
    let again = pipeline::plan(&problem, travel.as_ref(), &opts, &Silent);
    assert!(
        plan_json(&plan) == plan_json(&again),
        "same seed, different plan"
    );
}
