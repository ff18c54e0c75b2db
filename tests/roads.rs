//! Road travel on a real OpenStreetMap extract of central Helsinki
//! (© OpenStreetMap contributors, ODbL).

use beatplan::model::{Client, Manager, Place, Policy, Problem, Seconds};
use beatplan::travel::roads::{CacheMode, GraphSource, RoadTravel};
use beatplan::travel::{Travel, UNREACHABLE};
use geo::{Distance, Haversine, Point};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn pbf() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/osm/helsinki-center.osm.pbf")
}

fn client(id: &str, lat: f64, lon: f64) -> Client {
    Client::new(id, lat, lon)
}

fn problem() -> Problem {
    let places = [
        ("senate-square", 60.1695, 24.9525),
        ("central-station", 60.1712, 24.9414),
        ("stockmann", 60.1686, 24.9420),
        ("kamppi", 60.1691, 24.9330),
        ("esplanadi", 60.1676, 24.9480),
        ("market-square", 60.1674, 24.9532),
        ("ateneum", 60.1701, 24.9443),
        ("erottaja", 60.1664, 24.9436),
        ("kluuvi", 60.1718, 24.9480),
        ("bulevardi", 60.1648, 24.9390),
    ];
    let clients = places
        .iter()
        .map(|&(id, lat, lon)| client(id, lat, lon))
        .collect();
    let manager = Manager::new("m1", 60.1705, 24.9440);
    Problem::new(clients, vec![manager], Policy::default())
}

fn places(p: &Problem) -> Vec<Place> {
    (0..p.clients.len())
        .map(Place::Client)
        .chain((0..p.managers.len()).map(Place::Base))
        .collect()
}

fn crow_m(p: &Problem, a: Place, b: Place) -> f64 {
    let ((la, oa), (lb, ob)) = (p.coords(a), p.coords(b));
    Haversine.distance(Point::new(oa, la), Point::new(ob, lb))
}

#[test]
fn road_legs_on_helsinki() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("helsinki.beatplan-graph");
    let problem = problem();
    let config = problem.policy.travel.clone();

    let cold = Instant::now();
    let roads = RoadTravel::load_with(&pbf(), &problem, &config, &CacheMode::At(cache.clone()))
        .expect("loads");
    let cold = cold.elapsed();
    assert_eq!(roads.info().source, GraphSource::Built);
    assert!(
        cache.exists(),
        "cache written: {:?}",
        roads.info().cache_error
    );
    assert!(roads.info().nodes > 100);

    let all = places(&problem);
    roads.prepare(&all);
    let mut asymmetric = 0;
    for &a in &all {
        assert_eq!(roads.leg(a, a).seconds, 0);
        assert!(
            roads.snap_distance_m(a).is_some_and(|d| d < 150.0),
            "{a:?} far from roads"
        );
        for &b in &all {
            if a == b {
                continue;
            }
            let leg = roads.leg(a, b);
            assert!(
                leg.seconds > 0 && leg.seconds < 30 * 60,
                "{a:?}->{b:?}: {leg:?}"
            );
            assert!(roads.reachable(a, b));
            // Road distance is never shorter than the straight line (1 m rounding slack).
            assert!(
                leg.meters as f64 + 1.0 >= crow_m(&problem, a, b),
                "{a:?}->{b:?}: {leg:?}"
            );
            // A detour through a third place is never faster (rounding: 1 s per leg).
            for &c in &all {
                if c != a && c != b {
                    let via: Seconds = roads.seconds(a, c) + roads.seconds(c, b);
                    assert!(
                        leg.seconds <= via + 2,
                        "{a:?}->{b:?} via {c:?}: {leg:?} vs {:?} + {:?}, snaps {:?} {:?} {:?}",
                        roads.leg(a, c),
                        roads.leg(c, b),
                        roads.snap_distance_m(a),
                        roads.snap_distance_m(b),
                        roads.snap_distance_m(c)
                    );
                }
            }
            asymmetric += usize::from(leg != roads.leg(b, a));
        }
    }
    // One-way streets and tram-only lanes make some pairs differ by direction.
    assert!(asymmetric > 0, "all legs symmetric");

    let warm = Instant::now();
    let again = RoadTravel::load_with(&pbf(), &problem, &config, &CacheMode::At(cache.clone()))
        .expect("loads again");
    let warm = warm.elapsed();
    assert_eq!(again.info().source, GraphSource::Cache);
    assert!(
        warm < cold,
        "cache load {warm:?} not faster than build {cold:?}"
    );
    for &a in &all {
        for &b in &all {
            assert_eq!(again.leg(a, b), roads.leg(a, b), "{a:?}->{b:?}");
        }
    }

    // A damaged cache is ignored and rebuilt.
    std::fs::write(&cache, b"not a graph").expect("overwrite");
    let rebuilt = RoadTravel::load_with(&pbf(), &problem, &config, &CacheMode::At(cache.clone()))
        .expect("rebuilds");
    assert_eq!(rebuilt.info().source, GraphSource::Built);
    assert_eq!(rebuilt.leg(all[0], all[3]), roads.leg(all[0], all[3]));
}

#[test]
fn places_off_the_network_are_unreachable_not_fatal() {
    // A client far out at sea snaps to the nearest road; its long access is paid for.
    let mut p = problem();
    p.clients.push(client("at-sea", 60.10, 24.95));
    let p = Problem::new(p.clients, p.managers, Policy::default());
    let roads =
        RoadTravel::load_with(&pbf(), &p, &p.policy.travel, &CacheMode::Off).expect("loads");
    let sea = Place::Client(p.clients.len() - 1);
    let leg = roads.leg(Place::Base(0), sea);
    assert!(leg.seconds < UNREACHABLE);
    // About 7 km from the coast at 15 km/h × 1.3 detour: well over half an hour.
    assert!(leg.seconds > 1800, "{leg:?}");
}

#[test]
fn missing_file_is_a_typed_error_naming_it() {
    let p = problem();
    let err = RoadTravel::load_with(
        Path::new("/nonexistent/area.osm.pbf"),
        &p,
        &p.policy.travel,
        &CacheMode::Off,
    )
    .err()
    .expect("error");
    assert!(
        err.to_string().contains("/nonexistent/area.osm.pbf"),
        "{err}"
    );
}

/// Figures for a whole country (Malta, 2018): build and cache times, a 300 × 300 matrix between
/// real shops, road/crow distance ratio. Slow in debug builds, so run on demand:
/// `cargo test --test roads figures -- --ignored --nocapture`.
#[test]
#[ignore]
fn malta_figures() {
    let Some((p, roads)) = figures("malta", (35.8989, 14.5146)) else {
        return;
    };
    // Gozo has no bridge to Malta: its shops are in another road component than the base.
    let gozo: Vec<Place> = (0..p.clients.len())
        .filter(|&i| p.clients[i].lat > 36.0 && p.clients[i].lon < 14.36)
        .map(Place::Client)
        .collect();
    assert!(!gozo.is_empty());
    for &g in &gozo {
        assert_ne!(roads.component(g), roads.component(Place::Base(0)));
        assert!(!roads.reachable(Place::Base(0), g));
    }
    eprintln!(
        "{} Gozo shops unreachable from the base on Malta",
        gozo.len()
    );
}

/// The same figures for Lower Manhattan, Brooklyn and Jersey City (2024).
#[test]
#[ignore]
fn nyc_figures() {
    figures("nyc-lower-manhattan", (40.7128, -74.0060));
}

fn figures(name: &str, base: (f64, f64)) -> Option<(Problem, RoadTravel)> {
    use osmpbf::{Element, ElementReader};
    // Malta is in the repository; the other extracts are read from ../shared when present.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = [
        root.join(format!("fixtures/osm/{name}.osm.pbf")),
        root.join(format!("../shared/data/osm/{name}.osm.pbf")),
    ]
    .into_iter()
    .find(|p| p.exists())?;
    let dir = tempfile::tempdir().expect("temp dir");
    let pbf = dir.path().join(format!("{name}.osm.pbf"));
    std::fs::copy(source, &pbf).expect("copy");
    let mut shops = Vec::new();
    ElementReader::from_path(&pbf)
        .expect("opens")
        .for_each(|e| {
            let (lat, lon, shop) = match &e {
                Element::DenseNode(n) => (n.lat(), n.lon(), n.tags().any(|(k, _)| k == "shop")),
                Element::Node(n) => (n.lat(), n.lon(), n.tags().any(|(k, _)| k == "shop")),
                _ => return,
            };
            if shop {
                shops.push((lat, lon));
            }
        })
        .expect("reads");
    let step = (shops.len() / 299).max(1);
    let clients: Vec<Client> = shops
        .iter()
        .step_by(step)
        .take(299)
        .enumerate()
        .map(|(i, &(lat, lon))| client(&format!("s{i}"), lat, lon))
        .collect();
    let mut p = problem();
    (p.managers[0].lat, p.managers[0].lon) = base;
    let p = Problem::new(clients, p.managers, Policy::default());
    let all = places(&p);
    let cold = Instant::now();
    let roads = RoadTravel::load(&pbf, &p, &p.policy.travel).expect("loads");
    let cold = cold.elapsed();
    let info = roads.info().clone();
    let warm = Instant::now();
    let again = RoadTravel::load(&pbf, &p, &p.policy.travel).expect("loads");
    let warm = warm.elapsed();
    assert_eq!(again.info().source, GraphSource::Cache);
    let graph_only = again.info().elapsed;
    let cache_bytes =
        std::fs::metadata(info.cache_path.as_ref().expect("cache")).map_or(0, |m| m.len());
    let matrix = Instant::now();
    roads.prepare(&all);
    let matrix = matrix.elapsed();
    let single = Instant::now();
    let mut checksum = 0i64;
    for &a in &all[..100] {
        for &b in &all[100..200] {
            checksum += again.leg(a, b).seconds;
        }
    }
    let single = single.elapsed();
    let cached = Instant::now();
    for &a in &all {
        for &b in &all {
            checksum += roads.leg(a, b).seconds;
        }
    }
    let cached = cached.elapsed();
    let (mut road, mut crow, mut unreachable, mut seconds) = (0.0, 0.0, 0, 0.0);
    let mut ratios = Vec::new();
    for &a in &all {
        for &b in &all {
            let leg = roads.leg(a, b);
            if leg.seconds >= UNREACHABLE {
                unreachable += 1;
            } else if a != b {
                let c = crow_m(&p, a, b);
                road += leg.meters as f64;
                seconds += leg.seconds as f64;
                crow += c;
                if c > 500.0 {
                    ratios.push(leg.meters as f64 / c);
                }
            }
        }
    }
    ratios.sort_by(f64::total_cmp);
    eprintln!(
        "{name}: {} shops used of {}; graph {} nodes, {} CH arcs, {} road edges, {:.0} road km, {} components",
        all.len() - 1,
        shops.len(),
        info.nodes,
        info.arcs,
        info.road_edges,
        info.road_km,
        info.components
    );
    eprintln!(
        "build (parse + CH + write) {cold:?}; cache load {warm:?} of which graph {graph_only:?} ({cache_bytes} bytes); {}x{} matrix {matrix:?}; 100x100 single legs (cold spaces) {single:?}; {} cached legs {cached:?}",
        all.len(),
        all.len(),
        all.len() * all.len()
    );
    eprintln!(
        "road/crow: total {:.3}, median {:.3}, p90 {:.3} (pairs > 500 m); mean speed {:.1} km/h; unreachable pairs {unreachable}; checksum {checksum}",
        road / crow,
        ratios[ratios.len() / 2],
        ratios[ratios.len() * 9 / 10],
        road / seconds * 3.6
    );
    assert!(road >= crow);
    Some((p, roads))
}
