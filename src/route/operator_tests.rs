//! Property test of the operator registry: on random feasible states, every move an operator
//! returns must change the total cost by exactly its `delta` (recomputed from scratch with the
//! exact schedule), keep every route feasible and keep every job exactly once.

use super::data::Data;
use super::insert::insert_all;
use super::operators::OPERATORS;
use super::state::{exact_cost, State, NOWHERE};
use super::{Instance, Job, SquareMatrix, Vehicle};
use proptest::prelude::*;
use rand::rngs::SmallRng;
use rand::SeedableRng;

fn instance(
    points: &[(i64, i64)],
    windows: &[(i64, i64, bool)],
    vehicles: usize,
    capacity: i64,
    duration_weight: i64,
) -> Instance {
    let mut m = SquareMatrix::new(points.len());
    for (i, a) in points.iter().enumerate() {
        for (j, b) in points.iter().enumerate() {
            let d = (((a.0 - b.0).pow(2) + (a.1 - b.1).pow(2)) as f64)
                .sqrt()
                .ceil() as i64;
            m.set(i, j, d);
        }
    }
    let jobs = windows
        .iter()
        .enumerate()
        .map(|(k, &(open, width, two))| {
            let mut w = vec![(open, open + width)];
            if two {
                w.push((open + width + 40, open + width + 120));
            }
            Job {
                node: k + 1,
                service: 5,
                demand: 1 + (k as i64 % 3),
                windows: w,
                vehicles: None,
            }
        })
        .collect();
    let vehicle = Vehicle {
        start: 0,
        end: 0,
        earliest_start: 0,
        latest_end: 1000,
        max_duration: i64::MAX,
        capacity,
    };
    Instance {
        distance: m.clone(),
        time: m,
        vehicles: vec![vehicle; vehicles],
        jobs,
        distance_weight: 1,
        duration_weight,
    }
}

/// Exact cost of every route from scratch, and a check that each job is placed once.
fn recomputed(data: &Data, state: &State) -> i64 {
    let mut seen = vec![0; data.jobs];
    let mut total = 0;
    for (r, route) in state.routes.iter().enumerate() {
        for (p, &j) in route.jobs.iter().enumerate() {
            seen[j] += 1;
            assert_eq!(state.place[j], (r, p), "place of job {j}");
        }
        total += exact_cost(data, route.vehicle, &route.jobs).expect("route stays feasible");
    }
    for &j in &state.unassigned {
        seen[j] += 1;
        assert_eq!(state.place[j].0, NOWHERE);
    }
    assert!(seen.iter().all(|&c| c == 1), "every job once: {seen:?}");
    total
}

fn arb() -> impl Strategy<Value = (Instance, u64)> {
    let job = (
        (0i64..100, 0i64..100),
        (0i64..500, 60i64..400, prop::bool::weighted(0.2)),
    );
    (
        prop::collection::vec(job, 6..30),
        2usize..6,
        6i64..20,
        0i64..2,
        any::<u64>(),
    )
        .prop_map(|(jobs, vehicles, capacity, dw, seed)| {
            let mut pts = vec![(50, 50)];
            pts.extend(jobs.iter().map(|j| j.0));
            let windows: Vec<_> = jobs.iter().map(|j| j.1).collect();
            (instance(&pts, &windows, vehicles, capacity, dw), seed)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_operator_delta_equals_the_recomputed_cost_change((inst, seed) in arb()) {
        let data = Data::new(&inst);
        let mut rng = SmallRng::seed_from_u64(seed);
        let mut state = State::empty(&data);
        let jobs = std::mem::take(&mut state.unassigned);
        // Heavy blinking gives poor, varied but feasible routes: many improving moves.
        insert_all(&data, &mut state, &jobs, &mut rng, 0.6);
        let base = recomputed(&data, &state);
        prop_assert_eq!(base, state.cost());
        for (name, op) in OPERATORS {
            for u in 0..data.jobs {
                for v in (0..data.jobs).filter(|&v| v != u) {
                    let Some(m) = op(&data, &state, u, v) else { continue };
                    prop_assert!(m.delta < 0, "{} returned a non-improving move", name);
                    let mut after = state.clone();
                    m.apply(&data, &mut after);
                    let cost = recomputed(&data, &after);
                    prop_assert_eq!(cost - base, m.delta, "{} on ({}, {})", name, u, v);
                    prop_assert_eq!(after.cost(), cost, "{} cached cost", name);
                }
            }
        }
    }
}

/// Every operator finds moves on such states (so the property above is not vacuous).
#[test]
fn every_operator_finds_improving_moves() {
    let mut found = vec![0usize; OPERATORS.len()];
    for seed in 0..40u64 {
        let mut rng = SmallRng::seed_from_u64(seed);
        let pts: Vec<(i64, i64)> = (0..25)
            .map(|i| {
                if i == 0 {
                    (50, 50)
                } else {
                    (
                        (i * 37 + seed as i64 * 11) % 100,
                        (i * 53 + seed as i64 * 7) % 100,
                    )
                }
            })
            .collect();
        let windows: Vec<(i64, i64, bool)> = (0..24)
            .map(|i| ((i * 29 + seed as i64) % 400, 300, false))
            .collect();
        let inst = instance(&pts, &windows, 4, 20, 0);
        let data = Data::new(&inst);
        let mut state = State::empty(&data);
        let jobs = std::mem::take(&mut state.unassigned);
        insert_all(&data, &mut state, &jobs, &mut rng, 0.6);
        for (k, (_, op)) in OPERATORS.iter().enumerate() {
            for u in 0..data.jobs {
                for v in (0..data.jobs).filter(|&v| v != u) {
                    found[k] += usize::from(op(&data, &state, u, v).is_some());
                }
            }
        }
    }
    for (k, (name, _)) in OPERATORS.iter().enumerate() {
        assert!(found[k] > 0, "{name} never found a move");
    }
}
