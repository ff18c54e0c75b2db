//! Engine tests on tiny hand-checkable instances; every solution goes through an independent
//! checker written from the API's contract, not from the engine's code.

use super::*;
use proptest::prelude::*;

/// Independent check of a solution; returns the first violation.
fn check(inst: &Instance, sol: &Solution) -> Result<(), String> {
    let mut seen = vec![0; inst.jobs.len()];
    for &j in &sol.unassigned {
        seen[j] += 1;
    }
    let mut cost = 0;
    let mut used = vec![false; inst.vehicles.len()];
    for r in &sol.routes {
        if std::mem::replace(&mut used[r.vehicle], true) {
            return Err(format!("vehicle {} used twice", r.vehicle));
        }
        let v = &inst.vehicles[r.vehicle];
        if r.leave < v.earliest_start {
            return Err("leaves before the shift".into());
        }
        let (mut at, mut t, mut dist, mut load) = (v.start, r.leave, 0, 0);
        for (k, &j) in r.jobs.iter().enumerate() {
            seen[j] += 1;
            let job = &inst.jobs[j];
            if job
                .vehicles
                .as_ref()
                .is_some_and(|l| !l.contains(&r.vehicle))
            {
                return Err(format!("job {j} on a vehicle it may not use"));
            }
            let arrival = t + inst.time.get(at, job.node);
            if r.arrivals[k] != arrival {
                return Err(format!("job {j}: arrival {} != {arrival}", r.arrivals[k]));
            }
            let s = r.starts[k];
            if s < arrival || !job.windows.iter().any(|w| w.0 <= s && s <= w.1) {
                return Err(format!(
                    "job {j}: start {s} outside its windows or before arrival"
                ));
            }
            dist += inst.distance.get(at, job.node);
            load += job.demand;
            t = s + job.service;
            at = job.node;
        }
        dist += inst.distance.get(at, v.end);
        let ret = t + inst.time.get(at, v.end);
        if ret != r.ret || ret > v.latest_end || ret - r.leave > v.max_duration {
            return Err(format!(
                "return {ret} (reported {}) breaks the shift or duration",
                r.ret
            ));
        }
        if load > v.capacity || dist != r.distance {
            return Err("capacity or distance".into());
        }
        cost += inst.distance_weight * dist + inst.duration_weight * (ret - r.leave);
    }
    if let Some(j) = seen.iter().position(|&c| c != 1) {
        return Err(format!("job {j} appears {} times", seen[j]));
    }
    if cost != sol.cost {
        return Err(format!("cost {} != recomputed {cost}", sol.cost));
    }
    Ok(())
}

/// Points on a plane, Manhattan-free Euclidean rounded, matrix node 0 is the depot.
fn matrix(points: &[(i64, i64)]) -> SquareMatrix {
    let mut m = SquareMatrix::new(points.len());
    for (i, a) in points.iter().enumerate() {
        for (j, b) in points.iter().enumerate() {
            let d = (((a.0 - b.0).pow(2) + (a.1 - b.1).pow(2)) as f64)
                .sqrt()
                .round() as i64;
            m.set(i, j, d);
        }
    }
    m
}

fn vehicle(start: i64, end: i64) -> Vehicle {
    Vehicle {
        start: 0,
        end: 0,
        earliest_start: start,
        latest_end: end,
        max_duration: i64::MAX,
        capacity: i64::MAX,
    }
}

fn job(node: usize, service: i64, windows: Vec<(i64, i64)>) -> Job {
    Job {
        node,
        service,
        demand: 0,
        windows,
        vehicles: None,
    }
}

fn instance(points: &[(i64, i64)], vehicles: Vec<Vehicle>, jobs: Vec<Job>) -> Instance {
    let m = matrix(points);
    Instance {
        distance: m.clone(),
        time: m,
        vehicles,
        jobs,
        distance_weight: 1,
        duration_weight: 0,
    }
}

fn params() -> SearchParams {
    SearchParams {
        seed: 7,
        deadline: None,
        max_iterations: Some(400),
    }
}

#[test]
fn line_is_routed_out_and_back() {
    let pts = [(0, 0), (10, 0), (20, 0), (30, 0)];
    let inst = instance(
        &pts,
        vec![vehicle(0, 1000)],
        (1..4).map(|n| job(n, 0, vec![(0, 1000)])).collect(),
    );
    let sol = solve(&inst, &params());
    check(&inst, &sol).unwrap();
    assert_eq!(sol.cost, 60);
    assert!(sol.unassigned.is_empty());
}

#[test]
fn second_window_is_used_when_the_first_is_missed() {
    // The job is 100 away: its first window [0, 50] cannot be reached from a start at 0.
    let pts = [(0, 0), (100, 0)];
    let inst = instance(
        &pts,
        vec![vehicle(0, 1000)],
        vec![job(1, 10, vec![(0, 50), (300, 400)])],
    );
    let sol = solve(&inst, &params());
    check(&inst, &sol).unwrap();
    let r = &sol.routes[0];
    assert_eq!(r.starts, vec![300]);
    // Leaves as late as possible: no waiting.
    assert_eq!(r.leave, 200);
    assert_eq!(r.ret, 410);
}

#[test]
fn late_departure_meets_max_duration() {
    // Shift 0..1000, visit window [500, 510]; 60 time units allowed from leave to return.
    let pts = [(0, 0), (20, 0)];
    let mut v = vehicle(0, 1000);
    v.max_duration = 60;
    let mut inst = instance(&pts, vec![v], vec![job(1, 15, vec![(500, 510)])]);
    inst.duration_weight = 1;
    let sol = solve(&inst, &params());
    check(&inst, &sol).unwrap();
    let r = &sol.routes[0];
    assert_eq!(r.ret - r.leave, 55);
    assert!(r.leave >= 480);
    // Too tight a limit leaves the job out instead of failing.
    inst.vehicles[0].max_duration = 54;
    let sol = solve(&inst, &params());
    check(&inst, &sol).unwrap();
    assert_eq!(sol.unassigned, vec![0]);
}

#[test]
fn multi_window_route_with_duration_limit() {
    // Two jobs: A open [100, 110]; B either [0, 20] or [200, 220]. Doing A then B in B's late
    // window needs waiting; doing B early then A needs more waiting. Max duration 150 allows
    // leaving at 90: A at 100, B at 200 (with waiting) back at 230 → 140.
    let pts = [(0, 0), (10, 0), (0, 10)];
    let mut v = vehicle(0, 1000);
    v.max_duration = 150;
    let mut inst = instance(
        &pts,
        vec![v],
        vec![
            job(1, 10, vec![(100, 110)]),
            job(2, 10, vec![(0, 20), (200, 220)]),
        ],
    );
    inst.duration_weight = 1;
    let sol = solve(&inst, &params());
    check(&inst, &sol).unwrap();
    assert!(sol.unassigned.is_empty());
    let r = &sol.routes[0];
    assert!(r.ret - r.leave <= 150);
}

#[test]
fn allowed_vehicles_are_respected() {
    // Vehicle 1 lives far away but is the only one allowed for job 0.
    let pts = [(0, 0), (5, 0), (100, 0)];
    let m = matrix(&pts);
    let mut far = vehicle(0, 10_000);
    far.start = 2;
    far.end = 2;
    let mut j0 = job(1, 0, vec![(0, 10_000)]);
    j0.vehicles = Some(vec![1]);
    let j1 = job(1, 0, vec![(0, 10_000)]);
    let inst = Instance {
        distance: m.clone(),
        time: m,
        vehicles: vec![vehicle(0, 10_000), far],
        jobs: vec![j0, j1],
        distance_weight: 1,
        duration_weight: 0,
    };
    let sol = solve(&inst, &params());
    check(&inst, &sol).unwrap();
    let r0 = sol.routes.iter().find(|r| r.jobs.contains(&0)).unwrap();
    assert_eq!(r0.vehicle, 1);
    // Job 1 sits at the same place, so it rides along on vehicle 1.
    assert_eq!(sol.cost, 190);
    // A job allowed on no existing vehicle is unassigned.
    let mut inst2 = inst.clone();
    inst2.jobs[1].vehicles = Some(vec![5]);
    let sol = solve(&inst2, &params());
    check(&inst2, &sol).unwrap();
    assert_eq!(sol.unassigned, vec![1]);
}

#[test]
fn unreachable_jobs_are_unassigned() {
    let pts = [(0, 0), (10, 0), (500, 0)];
    let inst = instance(
        &pts,
        vec![vehicle(0, 100)],
        vec![
            job(1, 5, vec![(0, 100)]),
            job(2, 5, vec![(0, 100)]),
            job(1, 5, vec![(0, 3)]),
        ],
    );
    let sol = solve(&inst, &params());
    check(&inst, &sol).unwrap();
    assert_eq!(sol.unassigned, vec![1, 2]);
    assert_eq!(sol.cost, 20);
}

#[test]
fn capacity_splits_routes() {
    let pts = [(0, 0), (10, 0), (-10, 0)];
    let mut v = vehicle(0, 1000);
    v.capacity = 5;
    let mut jobs = vec![job(1, 0, vec![(0, 1000)]), job(2, 0, vec![(0, 1000)])];
    jobs[0].demand = 5;
    jobs[1].demand = 5;
    let inst = instance(&pts, vec![v.clone(), v], jobs);
    let sol = solve(&inst, &params());
    check(&inst, &sol).unwrap();
    assert_eq!(sol.routes.len(), 2);
    assert_eq!(sol.cost, 40);
}

#[test]
fn empty_instance_is_fine() {
    let inst = instance(&[(0, 0)], vec![vehicle(0, 10)], vec![]);
    let sol = solve(&inst, &params());
    assert!(sol.routes.is_empty() && sol.unassigned.is_empty());
}

#[test]
fn same_result_on_one_and_two_threads() {
    let pts: Vec<(i64, i64)> = (0..30).map(|i| ((i * 37) % 100, (i * 53) % 100)).collect();
    let jobs = (1..30).map(|k| job(k, 3, vec![(0, 2000)])).collect();
    let mut v = vehicle(0, 2000);
    v.capacity = 8;
    let mut inst = instance(&pts, vec![v; 5], jobs);
    for j in &mut inst.jobs {
        j.demand = 1;
    }
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| solve(&inst, &params()))
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(check(&inst, &one), Ok(()));
    assert_eq!(one, two);
}

/// Best single-vehicle cost by enumerating every order of every subset (tiny `n` only),
/// scored like the engine: fewest unassigned first, then cost.
fn brute_force(inst: &Instance) -> (usize, i64) {
    let n = inst.jobs.len();
    let data = data::Data::new(inst);
    let mut best = (n, 0);
    let mut perm: Vec<usize> = Vec::new();
    fn rec(
        data: &data::Data,
        perm: &mut Vec<usize>,
        used: &mut Vec<bool>,
        best: &mut (usize, i64),
    ) {
        if let Some(c) = state::exact_cost(data, 0, perm) {
            let key = (data.jobs - perm.len(), c);
            if key < *best {
                *best = key;
            }
        } else {
            return; // windows only get harder when visits are appended
        }
        for j in 0..data.jobs {
            if !used[j] {
                used[j] = true;
                perm.push(j);
                rec(data, perm, used, best);
                perm.pop();
                used[j] = false;
            }
        }
    }
    rec(&data, &mut perm, &mut vec![false; n], &mut best);
    best
}

fn arb_instance() -> impl Strategy<Value = Instance> {
    let point = (0i64..50, 0i64..50);
    let jobs = prop::collection::vec((point, 0i64..150, 10i64..120, 0i64..10, 1usize..3), 1..7);
    (jobs, 100i64..400, prop::bool::ANY).prop_map(|(jobs, horizon, duration_cost)| {
        let mut pts = vec![(25, 25)];
        let mut list = Vec::new();
        for (k, (p, open, width, service, nwin)) in jobs.into_iter().enumerate() {
            pts.push(p);
            let mut windows = vec![(open, open + width)];
            if nwin == 2 {
                windows.push((open + width + 50, open + width + 80));
            }
            list.push(job(k + 1, service, windows));
        }
        let mut inst = instance(&pts, vec![vehicle(0, horizon)], list);
        inst.duration_weight = i64::from(duration_cost);
        inst
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn solutions_are_feasible_and_optimal_on_tiny_instances(inst in arb_instance()) {
        let sol = solve(&inst, &SearchParams { seed: 3, deadline: None, max_iterations: Some(300) });
        prop_assert_eq!(check(&inst, &sol), Ok(()));
        let best = brute_force(&inst);
        prop_assert_eq!((sol.unassigned.len(), sol.cost), best);
    }

    #[test]
    fn several_vehicles_stay_feasible(inst in arb_instance(), extra in 0usize..3) {
        let mut inst = inst;
        for k in 0..extra {
            let mut v = inst.vehicles[0].clone();
            v.max_duration = 150 + 50 * k as i64;
            inst.vehicles.push(v);
            if let Some(j) = inst.jobs.get_mut(k) {
                j.vehicles = Some(vec![k + 1]);
            }
        }
        let sol = solve(&inst, &SearchParams { seed: 5, deadline: None, max_iterations: Some(200) });
        prop_assert_eq!(check(&inst, &sol), Ok(()));
    }
}
