//! Travel on real roads from an OpenStreetMap extract (`[travel] roads = "area.osm.pbf"`).
//!
//! Pipeline: car ways and their tags ([`osm`]) → a junction graph, its strongly connected
//! components and a contraction hierarchy built with `fast_paths` ([`graph`]) → a cache file
//! so that the next run starts in a fraction of a second ([`store`]) → upward search spaces per
//! place and a sorted merge per pair ([`hierarchy`]).
//!
//! Places are snapped to the nearest point of the nearest road with an R-tree; the way from the
//! place to that point (straight line × detour) is covered at [`ACCESS_SPEED_KMH`], so places
//! off the road are not free. There is no direct off-road way between two places, even close
//! ones: it would break the triangle inequality that route search relies on (A → B could then
//! cost more than A → C → B when C is near A and better placed on the roads).
//!
//! Travel time on a road is its length at the speed of `osm` (class default or posted limit),
//! plus [`TRAFFIC_SIGNAL_S`] per traffic signal passed. Turn restrictions, turn costs,
//! ferries and congestion are not modelled.
//!
//! Places in different strongly connected road components (an island without a bridge) cannot
//! reach each other: their leg is [`UNREACHABLE`] seconds, which no shift can hold, so the
//! solver leaves such clients unserved; [`RoadTravel::reachable`] says so explicitly for
//! reports.

mod graph;
mod hierarchy;
mod osm;
mod store;

pub use graph::{RoadEdge, RoadGraph, TRAFFIC_SIGNAL_S};
pub use osm::{car_road, class_speed_kmh, parse_maxspeed, Direction};
pub use store::{cache_path_beside, FORMAT_VERSION};

use super::{Leg, Travel, UNREACHABLE};
use crate::model::{Place, Problem, TravelConfig};
use hierarchy::{meet, Cost, Reached};
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Line};
use rstar::{PointDistance, RTree};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

/// Speed on the way between a place and its road (walking to the car, parking, yards), km/h.
pub const ACCESS_SPEED_KMH: f64 = 15.0;

/// Errors of reading a road network. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum RoadError {
    #[error("{}: cannot read the OpenStreetMap file: {source}", path.display())]
    Pbf {
        path: PathBuf,
        #[source]
        source: osmpbf::Error,
    },
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: no connected car roads found (highway=* ways open to cars); is it the right area?", path.display())]
    NoRoads { path: PathBuf },
    #[error("{}: the road network is too large for 32-bit travel times and lengths", path.display())]
    TooLarge { path: PathBuf },
}

impl RoadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            RoadError::Pbf { path, .. }
            | RoadError::Io { path, .. }
            | RoadError::NoRoads { path }
            | RoadError::TooLarge { path } => path,
        }
    }

    /// The message without the file name, for reports that print the file separately
    /// (`io::InputError::File { file: e.path().into(), message: e.reason() }`).
    pub fn reason(&self) -> String {
        let full = self.to_string();
        let prefix = format!("{}: ", self.path().display());
        full.strip_prefix(&prefix)
            .map_or(full.clone(), str::to_string)
    }
}

/// Where the prepared graph is cached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheMode {
    /// `<file>.beatplan-graph` next to the file; when that folder is read-only, a file in the
    /// system temporary folder named after the file's absolute path.
    Beside,
    /// This file.
    At(PathBuf),
    /// Always build, never write.
    Off,
}

/// Whether the graph came from the cache or was built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphSource {
    Built,
    Cache,
}

/// What loading did: for progress messages and reports (the library does not print).
#[derive(Clone, Debug)]
pub struct LoadInfo {
    pub source: GraphSource,
    pub elapsed: Duration,
    /// The cache file read or written, if any.
    pub cache_path: Option<PathBuf>,
    /// Why the cache could not be written (the graph is still usable).
    pub cache_error: Option<String>,
    pub nodes: usize,
    /// Arcs of the hierarchy, shortcuts included (upward plus downward).
    pub arcs: usize,
    pub road_edges: usize,
    pub road_km: f64,
    pub components: usize,
}

fn temp_cache_path(pbf: &Path) -> PathBuf {
    let absolute = std::fs::canonicalize(pbf).unwrap_or_else(|_| pbf.to_path_buf());
    let tag = absolute
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let name = absolute.file_name().unwrap_or_default().to_string_lossy();
    std::env::temp_dir()
        .join("beatplan-graphs")
        .join(format!("{tag:016x}-{name}.beatplan-graph"))
}

impl RoadGraph {
    /// Reads the graph of `pbf` from its cache when the cache is valid for the file's current
    /// size and modification time, else builds it and writes the cache.
    pub fn load(pbf: &Path, cache: &CacheMode) -> Result<(RoadGraph, LoadInfo), RoadError> {
        let started = Instant::now();
        let io_err = |source| RoadError::Io {
            path: pbf.to_path_buf(),
            source,
        };
        let key = store::SourceKey::of(pbf).map_err(io_err)?;
        let candidates: Vec<PathBuf> = match cache {
            CacheMode::Beside => vec![cache_path_beside(pbf), temp_cache_path(pbf)],
            CacheMode::At(p) => vec![p.clone()],
            CacheMode::Off => Vec::new(),
        };
        for path in &candidates {
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            if let Some(graph) = store::from_bytes(&bytes, key) {
                let info = graph.info(GraphSource::Cache, started, Some(path.clone()), None);
                return Ok((graph, info));
            }
        }
        let data = osm::read_roads(pbf)?;
        let graph = graph::build(pbf, &data)?;
        let mut written = None;
        let mut errors = Vec::new();
        for path in &candidates {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            match store::write(path, &graph, key) {
                Ok(()) => {
                    written = Some(path.clone());
                    break;
                }
                Err(e) => errors.push(format!("{}: {e}", path.display())),
            }
        }
        let error = (written.is_none() && !errors.is_empty()).then(|| errors.join("; "));
        let info = graph.info(GraphSource::Built, started, written, error);
        Ok((graph, info))
    }

    fn info(
        &self,
        source: GraphSource,
        started: Instant,
        cache_path: Option<PathBuf>,
        cache_error: Option<String>,
    ) -> LoadInfo {
        LoadInfo {
            source,
            elapsed: started.elapsed(),
            cache_path,
            cache_error,
            nodes: self.hierarchy.num_nodes(),
            arcs: self.hierarchy.up.len() + self.hierarchy.down.len(),
            road_edges: self.edges.len(),
            road_km: self.edges.iter().map(|e| f64::from(e.metres)).sum::<f64>() / 1000.0,
            components: self.component.iter().max().map_or(0, |&c| c as usize + 1),
        }
    }
}

/// Where a place meets the road: a point on one road edge.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Snap {
    edge: u32,
    /// Position along the edge, 0 at `from` to 1 at `to`.
    fraction: f64,
    /// Straight-line metres from the place to that point (before the detour factor).
    gap_m: f64,
}

/// A place's snap and its lazily computed upward search spaces.
struct Endpoint {
    snap: Option<Snap>,
    spaces: OnceLock<(Vec<Reached>, Vec<Reached>)>,
}

const SHARDS: usize = 64;

/// The multiply-rotate hash of rustc's `FxHasher`: the leg cache is on the solver's hot path and
/// its keys are small integers, which need no protection against adversarial collisions.
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }

    fn write_isize(&mut self, x: isize) {
        self.write_u64(x as u64);
    }
}

type LegCache = HashMap<(Place, Place), Leg, std::hash::BuildHasherDefault<FastHasher>>;

/// Travel times and distances along the fastest road path (see the module docs).
pub struct RoadTravel {
    graph: Arc<RoadGraph>,
    info: LoadInfo,
    clients: Vec<Endpoint>,
    bases: Vec<Endpoint>,
    detour: f64,
    access_mps: f64,
    legs: Vec<RwLock<LegCache>>,
}

type Segment = GeomWithData<Line<[f64; 2]>, u32>;

impl RoadTravel {
    /// Loads (or builds and caches, next to the file) the road graph of `pbf` and snaps the
    /// problem's clients and bases to it. `config.detour` scales the off-road access distance.
    pub fn load(
        pbf: &Path,
        problem: &Problem,
        config: &TravelConfig,
    ) -> Result<RoadTravel, RoadError> {
        RoadTravel::load_with(pbf, problem, config, &CacheMode::Beside)
    }

    /// [`RoadTravel::load`] with an explicit cache location.
    pub fn load_with(
        pbf: &Path,
        problem: &Problem,
        config: &TravelConfig,
        cache: &CacheMode,
    ) -> Result<RoadTravel, RoadError> {
        let (graph, info) = RoadGraph::load(pbf, cache)?;
        Ok(RoadTravel::new(Arc::new(graph), info, problem, config))
    }

    /// Snaps the problem's places to an already loaded graph.
    pub fn new(
        graph: Arc<RoadGraph>,
        info: LoadInfo,
        problem: &Problem,
        config: &TravelConfig,
    ) -> RoadTravel {
        let segments: Vec<Segment> = graph
            .edges
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                let pts =
                    &graph.points[e.first_point as usize..(e.first_point + e.num_points) as usize];
                pts.windows(2)
                    .map(move |w| GeomWithData::new(Line::new(w[0], w[1]), i as u32))
            })
            .collect();
        let tree = RTree::bulk_load(segments);
        let projection = graph::Projection::new(graph.lat0);
        let snap = |lat: f64, lon: f64| -> Endpoint {
            let at = projection.project(lat, lon);
            let snap = tree.nearest_neighbor(&at).map(|seg| {
                let edge = seg.data;
                Snap {
                    edge,
                    fraction: fraction_along(
                        &graph,
                        edge,
                        seg.geom(),
                        seg.geom().nearest_point(&at),
                    ),
                    gap_m: seg.geom().distance_2(&at).sqrt(),
                }
            });
            Endpoint {
                snap,
                spaces: OnceLock::new(),
            }
        };
        let clients = problem.clients.iter().map(|c| snap(c.lat, c.lon)).collect();
        let bases = problem
            .managers
            .iter()
            .map(|m| snap(m.lat, m.lon))
            .collect();
        RoadTravel {
            graph,
            info,
            clients,
            bases,
            detour: config.detour,
            access_mps: ACCESS_SPEED_KMH / 3.6,
            legs: (0..SHARDS)
                .map(|_| RwLock::new(LegCache::default()))
                .collect(),
        }
    }

    pub fn info(&self) -> &LoadInfo {
        &self.info
    }

    pub fn graph(&self) -> &Arc<RoadGraph> {
        &self.graph
    }

    /// Straight-line metres from a place to the road it was snapped to.
    pub fn snap_distance_m(&self, place: Place) -> Option<f64> {
        self.endpoint(place).snap.map(|s| s.gap_m)
    }

    /// The road component of a place (0 = the largest network); places in different components
    /// cannot reach each other.
    pub fn component(&self, place: Place) -> Option<u32> {
        let s = self.endpoint(place).snap?;
        Some(self.graph.component[self.graph.edges[s.edge as usize].from as usize])
    }

    /// Whether `to` can be reached from `from` by road.
    pub fn reachable(&self, from: Place, to: Place) -> bool {
        self.leg(from, to).seconds < UNREACHABLE
    }

    fn endpoint(&self, place: Place) -> &Endpoint {
        match place {
            Place::Client(i) => &self.clients[i],
            Place::Base(i) => &self.bases[i],
        }
    }

    /// Forward and backward upward search spaces of a place, seeded at both ends of its edge
    /// with the part of the edge still to drive.
    fn spaces(&self, place: Place) -> Option<&(Vec<Reached>, Vec<Reached>)> {
        let ep = self.endpoint(place);
        let s = ep.snap?;
        Some(ep.spaces.get_or_init(|| {
            let e = &self.graph.edges[s.edge as usize];
            let part = |share: f64| -> Cost {
                (
                    (f64::from(e.weight_ds) * share).round() as u64,
                    (f64::from(e.metres) * share).round() as u64,
                )
            };
            let (before, after) = (part(s.fraction), part(1.0 - s.fraction));
            let mut leave = Vec::new();
            let mut arrive = Vec::new();
            if e.forward {
                leave.push((e.to, after));
                arrive.push((e.from, before));
            }
            if e.backward {
                leave.push((e.from, before));
                arrive.push((e.to, after));
            }
            let h = &self.graph.hierarchy;
            (h.search_space(&leave, true), h.search_space(&arrive, false))
        }))
    }

    /// Fastest road path between two snapped places, in (deciseconds, metres), without access.
    fn road_cost(&self, from: Place, to: Place) -> Option<Cost> {
        let (a, b) = (self.endpoint(from).snap?, self.endpoint(to).snap?);
        let (fa, fb) = (self.spaces(from)?, self.spaces(to)?);
        let mut best = meet(&fa.0, &fb.1);
        if a.edge == b.edge {
            // Both on one edge: driving straight along it is not a path through junctions.
            let e = &self.graph.edges[a.edge as usize];
            let d = b.fraction - a.fraction;
            if (d >= 0.0 && e.forward) || (d <= 0.0 && e.backward) {
                let direct = (
                    (f64::from(e.weight_ds) * d.abs()).round() as u64,
                    (f64::from(e.metres) * d.abs()).round() as u64,
                );
                best = Some(best.map_or(direct, |c| c.min(direct)));
            }
        }
        best
    }

    fn compute(&self, from: Place, to: Place) -> Leg {
        if from == to {
            return Leg::default();
        }
        let (Some(a), Some(b)) = (self.endpoint(from).snap, self.endpoint(to).snap) else {
            return unreachable_leg();
        };
        let Some((ds, m)) = self.road_cost(from, to) else {
            return unreachable_leg();
        };
        let access_m = (a.gap_m + b.gap_m) * self.detour;
        let s = ds as f64 / 10.0 + access_m / self.access_mps;
        let m = m as f64 + access_m;
        Leg {
            seconds: s.round() as i64,
            meters: m.round() as i64,
        }
    }

    fn shard(from: Place, to: Place) -> usize {
        let idx = |p: Place| match p {
            Place::Client(i) => 2 * i,
            Place::Base(i) => 2 * i + 1,
        };
        (idx(from).wrapping_mul(31) ^ idx(to).wrapping_mul(17)) % SHARDS
    }
}

/// Position (0..1) of `point` along an edge whose segment `seg` contains it, by projected length.
fn fraction_along(graph: &RoadGraph, edge: u32, seg: &Line<[f64; 2]>, point: [f64; 2]) -> f64 {
    let e = &graph.edges[edge as usize];
    let pts = &graph.points[e.first_point as usize..(e.first_point + e.num_points) as usize];
    let dist = |a: [f64; 2], b: [f64; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
    let total: f64 = pts.windows(2).map(|w| dist(w[0], w[1])).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let mut before = 0.0;
    for w in pts.windows(2) {
        if w[0] == seg.from && w[1] == seg.to {
            return ((before + dist(w[0], point)) / total).clamp(0.0, 1.0);
        }
        before += dist(w[0], w[1]);
    }
    0.0
}

fn unreachable_leg() -> Leg {
    Leg {
        seconds: UNREACHABLE,
        meters: UNREACHABLE,
    }
}

impl Travel for RoadTravel {
    fn leg(&self, from: Place, to: Place) -> Leg {
        let shard = &self.legs[RoadTravel::shard(from, to)];
        if let Some(&leg) = shard
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&(from, to))
        {
            return leg;
        }
        let leg = self.compute(from, to);
        shard
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert((from, to), leg);
        leg
    }

    /// Computes every leg between `places` at once, in parallel: one pair of upward searches
    /// per place, then one merge per pair.
    fn prepare(&self, places: &[Place]) {
        places.par_iter().for_each(|&p| {
            self.spaces(p);
        });
        places.par_iter().for_each(|&a| {
            for &b in places {
                self.leg(a, b);
            }
        });
    }
}

#[cfg(test)]
mod tests;
