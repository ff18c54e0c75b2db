//! Checks of the hierarchy against plain Dijkstra on the junction graph of a real extract.

use super::graph::build;
use super::hierarchy::meet;
use super::osm::read_roads;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::Path;

const HELSINKI: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/osm/helsinki-center.osm.pbf"
);

/// Lexicographic (deciseconds, metres) Dijkstra over the road edges, no hierarchy.
fn dijkstra(n: usize, arcs: &[Vec<(u32, u64, u64)>], source: u32) -> Vec<Option<(u64, u64)>> {
    let mut best = vec![None; n];
    let mut heap = BinaryHeap::new();
    best[source as usize] = Some((0, 0));
    heap.push(Reverse(((0u64, 0u64), source)));
    while let Some(Reverse((cost, v))) = heap.pop() {
        if best[v as usize].is_some_and(|b| b < cost) {
            continue;
        }
        for &(w, dw, dm) in &arcs[v as usize] {
            let next = (cost.0 + dw, cost.1 + dm);
            if best[w as usize].is_none_or(|b| next < b) {
                best[w as usize] = Some(next);
                heap.push(Reverse((next, w)));
            }
        }
    }
    best
}

#[test]
fn hierarchy_matches_dijkstra_on_helsinki() {
    let path = Path::new(HELSINKI);
    let data = read_roads(path).expect("fixture reads");
    let g = build(path, &data).expect("graph builds");
    let n = g.hierarchy.num_nodes();
    assert!(n > 100, "only {n} nodes");
    let mut arcs = vec![Vec::new(); n];
    for e in g.edges.iter().filter(|e| e.from != e.to) {
        let (w, m) = (u64::from(e.weight_ds), u64::from(e.metres));
        if e.forward {
            arcs[e.from as usize].push((e.to, w, m));
        }
        if e.backward {
            arcs[e.to as usize].push((e.from, w, m));
        }
    }
    let backward: Vec<_> = (0..n as u32)
        .map(|t| g.hierarchy.search_space(&[(t, (0, 0))], false))
        .collect();
    let mut same_metres = 0;
    let mut pairs = 0;
    for s in (0..n as u32).step_by(n / 25) {
        let truth = dijkstra(n, &arcs, s);
        let fwd = g.hierarchy.search_space(&[(s, (0, 0))], true);
        for t in (0..n as u32).step_by(7) {
            let got = meet(&fwd, &backward[t as usize]);
            let want = truth[t as usize];
            match (got, want) {
                (Some(a), Some(b)) => {
                    assert_eq!(a.0, b.0, "time {s}->{t}");
                    // Of equally fast paths the hierarchy may keep another one.
                    same_metres += usize::from(a.1 == b.1);
                    pairs += 1;
                }
                (None, None) => {}
                _ => panic!("reachability differs {s}->{t}: {got:?} vs {want:?}"),
            }
        }
    }
    assert!(pairs > 1000, "{pairs}");
    assert!(same_metres * 100 >= pairs * 95, "{same_metres}/{pairs}");
}

#[test]
fn building_twice_gives_the_same_graph() {
    let path = Path::new(HELSINKI);
    let data = read_roads(path).expect("fixture reads");
    assert_eq!(
        build(path, &data).expect("builds"),
        build(path, &data).expect("builds")
    );
}

/// One 1 km one-way road due east along the equator, 100 s to drive; two places 10 m north of
/// it at 200 m and 800 m.
fn one_way_road() -> (super::RoadTravel, crate::model::Problem) {
    use super::graph::{RoadEdge, RoadGraph, EARTH_RADIUS_M};
    use super::hierarchy::Hierarchy;
    use super::{GraphSource, LoadInfo, RoadTravel};
    use crate::model::{Client, Policy, Problem};
    use std::sync::Arc;
    let graph = RoadGraph {
        lat0: 0.0,
        points: vec![[0.0, 0.0], [500.0, 0.0], [1000.0, 0.0]],
        edges: vec![RoadEdge {
            from: 0,
            to: 1,
            first_point: 0,
            num_points: 3,
            weight_ds: 1000,
            metres: 1000,
            forward: true,
            backward: false,
        }],
        component: vec![0, 0],
        hierarchy: Hierarchy::empty(2),
    };
    let deg = |m: f64| (m / EARTH_RADIUS_M).to_degrees();
    let client = |id: &str, x: f64| Client::new(id, deg(10.0), deg(x));
    let problem = Problem::new(
        vec![client("a", 200.0), client("b", 800.0)],
        Vec::new(),
        Policy::default(),
    );
    let info = LoadInfo {
        source: GraphSource::Built,
        elapsed: std::time::Duration::ZERO,
        cache_path: None,
        cache_error: None,
        nodes: 2,
        arcs: 0,
        road_edges: 1,
        road_km: 1.0,
        components: 1,
    };
    let travel = RoadTravel::new(Arc::new(graph), info, &problem, &problem.policy.travel);
    (travel, problem)
}

#[test]
fn along_one_edge_with_access_and_one_way() {
    use crate::model::Place;
    use crate::travel::{Leg, Travel, UNREACHABLE};
    let (roads, _) = one_way_road();
    let (a, b) = (Place::Client(0), Place::Client(1));
    assert!((roads.snap_distance_m(a).unwrap() - 10.0).abs() < 1e-6);
    // 600 m of road in 60 s, plus 2 × 10 m × 1.3 detour at 15 km/h = 6.24 s.
    assert_eq!(
        roads.leg(a, b),
        Leg {
            seconds: 66,
            meters: 626
        }
    );
    // Against the one-way direction there is no road back.
    assert_eq!(roads.leg(b, a).seconds, UNREACHABLE);
    assert!(!roads.reachable(b, a));
    assert_eq!(roads.leg(a, a), Leg::default());
}

/// Our query layout against `fast_paths`' own bidirectional query on the same input; returns
/// (pairs, time of ours, time of fast_paths).
fn compare_with_fast_paths(path: &Path, sources: usize, targets: usize) -> (usize, f64, f64) {
    use fast_paths::InputGraph;
    use std::collections::HashMap;
    use std::time::Instant;
    let data = read_roads(path).expect("reads");
    let g = build(path, &data).expect("builds");
    let mut best: HashMap<(usize, usize), usize> = HashMap::new();
    for e in g.edges.iter().filter(|e| e.from != e.to) {
        let (a, b, w) = (e.from as usize, e.to as usize, e.weight_ds as usize);
        for (key, ok) in [((a, b), e.forward), ((b, a), e.backward)] {
            if ok {
                let slot = best.entry(key).or_insert(w);
                *slot = (*slot).min(w);
            }
        }
    }
    let mut input = InputGraph::new();
    for (&(a, b), &w) in &best {
        input.add_edge(a, b, w);
    }
    input.freeze();
    let fast = fast_paths::prepare(&input);
    let n = g.hierarchy.num_nodes().min(fast.get_num_nodes());
    let pick = |count: usize, offset: usize| -> Vec<u32> {
        (0..count)
            .map(|i| ((i * 7919 + offset) % n) as u32)
            .collect()
    };
    let (src, dst) = (pick(sources, 1), pick(targets, 5));
    let ours_started = Instant::now();
    let fwd: Vec<_> = src
        .iter()
        .map(|&s| g.hierarchy.search_space(&[(s, (0, 0))], true))
        .collect();
    let bwd: Vec<_> = dst
        .iter()
        .map(|&t| g.hierarchy.search_space(&[(t, (0, 0))], false))
        .collect();
    let ours: Vec<Option<u64>> = fwd
        .iter()
        .flat_map(|f| bwd.iter().map(move |b| meet(f, b).map(|c| c.0)))
        .collect();
    let ours_s = ours_started.elapsed().as_secs_f64();
    let theirs_started = Instant::now();
    let mut calc = fast_paths::create_calculator(&fast);
    let theirs: Vec<Option<u64>> = src
        .iter()
        .flat_map(|&s| dst.iter().map(move |&t| (s, t)))
        .map(|(s, t)| {
            calc.calc_path(&fast, s as usize, t as usize)
                .map(|p| p.get_weight() as u64)
        })
        .collect();
    let theirs_s = theirs_started.elapsed().as_secs_f64();
    assert_eq!(ours, theirs);
    (ours.len(), ours_s, theirs_s)
}

#[test]
fn same_times_as_fast_paths_queries() {
    let (pairs, _, _) = compare_with_fast_paths(Path::new(HELSINKI), 30, 30);
    assert_eq!(pairs, 900);
}

/// `cargo test --lib fast_paths_timing -- --ignored --nocapture`
#[test]
#[ignore]
fn fast_paths_timing_on_malta() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/osm/malta.osm.pbf");
    if path.exists() {
        let (pairs, ours, theirs) = compare_with_fast_paths(&path, 300, 300);
        eprintln!("{pairs} pairs: spaces + merge {ours:.3} s (one thread), fast_paths PathCalculator {theirs:.3} s");
    }
}
