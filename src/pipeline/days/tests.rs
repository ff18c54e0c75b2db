//! Hand-checked deltas on a line: base 0, client A 10 m away, client B 20 m away (10 m past A);
//! travel takes 1 s per metre, each visit 5 s; cost = metres + seconds of the route.

use super::desk::{insertion, removal_delta, state_of, UNSERVED};
use crate::route::data::Data;
use crate::route::{Instance, Job, SquareMatrix, Vehicle};

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
