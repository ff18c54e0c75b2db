//! Hand-checked deltas on a line: base 0, client A 10 m away, client B 20 m away (10 m past A);
//! travel takes 1 s per metre, each visit 5 s; cost = metres + seconds of the route.

use super::desk::{insertion, removal_delta, state_of, UNSERVED};
use super::improve;
use crate::pipeline::{build, routing, Silent};
use crate::route::data::Data;
use crate::route::{Instance, Job, SquareMatrix, Vehicle};
use crate::{assign, check, io, schedule};

fn line(windows_b: (i64, i64)) -> Instance {
    let mut m = SquareMatrix::new(3);
    for (a, b, d) in [(0, 1, 10), (0, 2, 20), (1, 2, 10)] {
        m.set(a, b, d);
        m.set(b, a, d);
    }
    let vehicle = Vehicle {
        start: 0,
        end: 0,
        earliest_start: 0,
        latest_end: 1000,
        max_duration: 1000,
        capacity: i64::MAX,
    };
    let job = |node, w: (i64, i64)| Job {
        node,
        service: 5,
        demand: 0,
        windows: vec![w],
        vehicles: None,
    };
    Instance {
        distance: m.clone(),
        time: m,
        vehicles: vec![vehicle.clone(), vehicle],
        jobs: vec![job(1, (0, 1000)), job(2, windows_b)],
        distance_weight: 1,
        duration_weight: 1,
    }
}

#[test]
fn removal_and_insertion_deltas_match_hand_computation() {
    let inst = line((0, 1000));
    let data = Data::new(&inst);
    // Day 0 visits A then B: 40 m, 40 s travel + 10 s service = 90.
    let state = state_of(&data, &[vec![0, 1], vec![]]).unwrap();
    assert_eq!(state.routes[0].cost, 90);
    // Without B: 20 m + 25 s = 45, a saving of 45.
    assert_eq!(removal_delta(&data, &state, 1), -45);
    // B alone on day 1: 40 m + 45 s = 85.
    assert_eq!(insertion(&data, &state.routes[1], 1), Some((0, 85)));
}

#[test]
fn unserved_and_unreachable_visits() {
    // B must start by t = 5 but is 20 s from the base: it fits no route.
    let inst = line((0, 5));
    let data = Data::new(&inst);
    let state = state_of(&data, &[vec![0], vec![]]).unwrap();
    assert_eq!(insertion(&data, &state.routes[1], 1), None);
    assert_eq!(insertion(&data, &state.routes[0], 1), None);
    // An unserved visit leaving its day frees its penalty.
    assert_eq!(removal_delta(&data, &state, 1), -UNSERVED);
    // A route that cannot be kept is refused.
    assert!(state_of(&data, &[vec![1], vec![]]).is_none());
}

/// The day search over managers in batches (bounded memory): the roles fixture has clients
/// served by several managers (general, brand, supervisor), so a batch's allowed days depend on
/// days an earlier batch chose. Batches of about two managers must still give a valid plan,
/// the same one on every run, and most of the gain of one batch over all 8 managers (units
/// whose client has visits by managers of other batches cannot move with them).
#[test]
fn batches_of_managers_keep_the_plan_valid_and_deterministic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/roles");
    let problem = io::load_folder(&dir).expect("fixture loads");
    let travel = io::load_travel(&problem).expect("travel model");
    let travel = travel.as_ref();
    let aopts = assign::AssignOptions {
        seed: 3,
        deadline: None,
    };
    let assignment = assign::assign(&problem, travel, &aopts);
    let sopts = schedule::ScheduleOptions {
        seed: 3,
        deadline: None,
    };
    let sched = schedule::schedule(&problem, travel, &assignment, &sopts);
    let routed = routing::route_all(&problem, travel, &sched, 3, None, &Silent, None, 1.0);
    let managers = routed.managers.len();
    assert!(managers > 4, "{managers}");
    let run = |batch: usize| {
        let (s, r, stats) =
            improve(&problem, travel, &sched, &routed, 3, None, batch).expect("moves");
        let plan = build::assemble(&problem, travel, &assignment, &s, &r);
        let report = check::check(&problem, travel, &plan);
        assert!(report.is_valid(), "batch {batch}: {:#?}", report.violations);
        (plan, stats)
    };
    let jobs: usize = routed
        .managers
        .iter()
        .map(|m| m.routes.iter().map(|r| r.stops.len()).sum::<usize>() + m.dropped.len())
        .sum();
    let (whole, whole_stats) = run(jobs);
    let pair = jobs / managers * 2;
    let (pairs, pairs_stats) = run(pair);
    let (again, _) = run(pair);
    assert_eq!(
        serde_json::to_string(&pairs.routes).unwrap(),
        serde_json::to_string(&again.routes).unwrap()
    );
    assert!(pairs_stats.moves > 0 && pairs_stats.after < pairs_stats.before);
    // Most of the gain: 72 % when written (the fixture couples its managers closely).
    assert_eq!(pairs_stats.before, whole_stats.before);
    let gain = |st: &super::DayStats| (st.before - st.after) as f64;
    assert!(
        gain(&pairs_stats) >= 0.6 * gain(&whole_stats),
        "{pairs_stats:?} vs {whole_stats:?}"
    );
    assert!(pairs.kpis.unserved_visits <= whole.kpis.unserved_visits + 1);
}
