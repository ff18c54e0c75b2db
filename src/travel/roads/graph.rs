//! From OSM ways to a routable graph: junction-to-junction road edges, strongly connected
//! components (Tarjan 1972, "Depth-first search and linear graph algorithms", iteratively), and
//! the contraction hierarchy built by `fast_paths` (Geisberger, Sanders, Schultes, Delling 2008,
//! "Contraction Hierarchies: Faster and Simpler Hierarchical Routing in Road Networks").
//!
//! Only junctions (nodes shared by two ways, or way ends) become graph nodes: the nodes in
//! between only shape the road, so they stay as geometry for snapping. The hierarchy is built
//! only on components big enough to hold a working day (see [`min_component_nodes`]): dead ends
//! of one-way streets cut by the extract's border and private islands of service roads are not
//! places a client should be snapped to.

use super::hierarchy::{Arc, Hierarchy};
use super::osm::RoadData;
use super::RoadError;
use fast_paths::{FastGraph32, InputGraph};
use geo::{Distance, Haversine, Point};
use std::collections::HashMap;
use std::path::Path;

/// Mean earth radius used by the local projection, metres (the contract's haversine radius).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Mean delay at a traffic signal, seconds: about half the red phase on half of the arrivals.
/// A signal at a junction is split half-and-half between the edges that meet there, so a path
/// through it pays it once.
pub const TRAFFIC_SIGNAL_S: f64 = 10.0;

/// One road between two junctions, drivable in one or both directions.
#[derive(Clone, Debug, PartialEq)]
pub struct RoadEdge {
    /// Hierarchy node ids of the first and last geometry point.
    pub from: u32,
    pub to: u32,
    /// Range of this edge's geometry in [`RoadGraph::points`] (at least two points).
    pub first_point: u32,
    pub num_points: u32,
    /// Travel time along the whole edge, deciseconds, and its length, metres.
    pub weight_ds: u32,
    pub metres: u32,
    pub forward: bool,
    pub backward: bool,
}

/// The prepared road network: the hierarchy to route on and the geometry to snap places to.
#[derive(Clone, Debug, PartialEq)]
pub struct RoadGraph {
    /// Latitude (degrees) of the equirectangular projection's standard parallel.
    pub lat0: f64,
    /// Projected geometry of all edges, metres east and north.
    pub points: Vec<[f64; 2]>,
    pub edges: Vec<RoadEdge>,
    /// Strongly connected component of each hierarchy node (0 = the largest).
    pub component: Vec<u32>,
    pub hierarchy: Hierarchy,
}

/// A projection to local metres, good to well under 1 % over a city or a small country.
#[derive(Clone, Copy, Debug)]
pub struct Projection {
    cos_lat0: f64,
}

impl Projection {
    pub fn new(lat0: f64) -> Projection {
        Projection {
            cos_lat0: lat0.to_radians().cos(),
        }
    }

    pub fn project(&self, lat: f64, lon: f64) -> [f64; 2] {
        [
            EARTH_RADIUS_M * lon.to_radians() * self.cos_lat0,
            EARTH_RADIUS_M * lat.to_radians(),
        ]
    }
}

/// Smallest component kept: 1 % of the largest, at least 20 junctions (the largest is always
/// kept). Islands without a bridge (Gozo next to Malta) stay, as their own component.
pub fn min_component_nodes(largest: usize) -> usize {
    (largest / 100).max(20).min(largest)
}

/// A road between junctions before the components are known (junction ids, lat/lon geometry).
struct RawEdge {
    from: u32,
    to: u32,
    geometry: Vec<(f64, f64)>,
    seconds: f64,
    metres: f64,
    forward: bool,
    backward: bool,
}

/// Splits ways at junctions. Segments touching a node without coordinates are dropped.
fn raw_edges(data: &RoadData) -> (Vec<RawEdge>, usize) {
    let mut uses: HashMap<i64, u32> = HashMap::new();
    for way in &data.ways {
        for (i, n) in way.nodes.iter().enumerate() {
            // Way ends count twice so that they are always junctions.
            let add = if i == 0 || i + 1 == way.nodes.len() {
                2
            } else {
                1
            };
            *uses.entry(*n).or_default() += add;
        }
    }
    let mut junction: HashMap<i64, u32> = HashMap::new();
    let mut edges = Vec::new();
    for way in &data.ways {
        let speed_mps = way.speed_kmh / 3.6;
        let mut start: Option<i64> = None;
        let mut geometry: Vec<(f64, f64)> = Vec::new();
        let mut metres = 0.0;
        let mut delay_s = 0.0;
        for &n in &way.nodes {
            let Some(&(lat, lon)) = data.coords.get(&n) else {
                start = None;
                geometry.clear();
                metres = 0.0;
                delay_s = 0.0;
                continue;
            };
            let signal = if data.signals.contains(&n) {
                TRAFFIC_SIGNAL_S
            } else {
                0.0
            };
            if let Some(&(plat, plon)) = geometry.last() {
                metres += Haversine.distance(Point::new(plon, plat), Point::new(lon, lat));
            }
            geometry.push((lat, lon));
            let is_junction = uses.get(&n).copied().unwrap_or(0) >= 2;
            if !is_junction {
                delay_s += signal;
                continue;
            }
            delay_s += signal / 2.0;
            let next_id = junction.len() as u32;
            let id = *junction.entry(n).or_insert(next_id);
            if let Some(s) = start {
                let from = junction[&s];
                if geometry.len() >= 2 && !(from == id && metres < 1.0) {
                    edges.push(RawEdge {
                        from,
                        to: id,
                        geometry: std::mem::take(&mut geometry),
                        seconds: metres / speed_mps + delay_s,
                        metres,
                        forward: way.direction.forward(),
                        backward: way.direction.backward(),
                    });
                }
            }
            start = Some(n);
            geometry.clear();
            geometry.push((lat, lon));
            metres = 0.0;
            delay_s = signal / 2.0;
        }
    }
    (edges, junction.len())
}

/// Strongly connected components, numbered by decreasing size (ties: smallest node first).
pub fn strong_components(n: usize, arcs: &[(u32, u32)]) -> Vec<u32> {
    let mut first = vec![0u32; n + 1];
    for &(u, _) in arcs {
        first[u as usize + 1] += 1;
    }
    for i in 0..n {
        first[i + 1] += first[i];
    }
    let mut next = first.clone();
    let mut adj = vec![0u32; arcs.len()];
    for &(u, v) in arcs {
        adj[next[u as usize] as usize] = v;
        next[u as usize] += 1;
    }
    const NONE: u32 = u32::MAX;
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut comp = vec![NONE; n];
    let mut comps: Vec<Vec<u32>> = Vec::new();
    let mut counter = 0u32;
    // Explicit DFS stack of (node, next arc position).
    let mut dfs: Vec<(u32, u32)> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != NONE {
            continue;
        }
        dfs.push((root, first[root as usize]));
        index[root as usize] = counter;
        low[root as usize] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut pos)) = dfs.last_mut() {
            if *pos < first[v as usize + 1] {
                let w = adj[*pos as usize];
                *pos += 1;
                if index[w as usize] == NONE {
                    index[w as usize] = counter;
                    low[w as usize] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    dfs.push((w, first[w as usize]));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
                continue;
            }
            dfs.pop();
            if let Some(&(parent, _)) = dfs.last() {
                low[parent as usize] = low[parent as usize].min(low[v as usize]);
            }
            if low[v as usize] == index[v as usize] {
                let mut members = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                comps.push(members);
            }
        }
    }
    let mut order: Vec<usize> = (0..comps.len()).collect();
    order.sort_by_key(|&c| {
        (
            std::cmp::Reverse(comps[c].len()),
            comps[c].iter().min().copied(),
        )
    });
    for (new_id, &c) in order.iter().enumerate() {
        for &v in &comps[c] {
            comp[v as usize] = new_id as u32;
        }
    }
    comp
}

/// Builds the road graph and its contraction hierarchy from the roads of `path`.
pub fn build(path: &Path, data: &RoadData) -> Result<RoadGraph, RoadError> {
    let (raw, n_junctions) = raw_edges(data);
    let mut arcs = Vec::new();
    for e in raw.iter().filter(|e| e.from != e.to) {
        if e.forward {
            arcs.push((e.from, e.to));
        }
        if e.backward {
            arcs.push((e.to, e.from));
        }
    }
    let comp = strong_components(n_junctions, &arcs);
    let mut sizes: Vec<usize> = Vec::new();
    for &c in &comp {
        if sizes.len() <= c as usize {
            sizes.resize(c as usize + 1, 0);
        }
        sizes[c as usize] += 1;
    }
    let largest = sizes.first().copied().unwrap_or(0);
    let kept_components = sizes
        .iter()
        .take_while(|&&s| s >= min_component_nodes(largest))
        .count();
    if largest < 2 {
        return Err(RoadError::NoRoads {
            path: path.to_path_buf(),
        });
    }
    // Renumber kept junctions densely, in junction order (deterministic).
    let mut node_of = vec![u32::MAX; n_junctions];
    let mut component = Vec::new();
    for (j, &c) in comp.iter().enumerate() {
        if (c as usize) < kept_components {
            node_of[j] = component.len() as u32;
            component.push(c);
        }
    }
    let mut lat_sum = 0.0;
    let mut lat_count = 0.0;
    for e in &raw {
        lat_sum += e.geometry[0].0;
        lat_count += 1.0;
    }
    let lat0 = lat_sum / lat_count;
    let projection = Projection::new(lat0);
    let mut points = Vec::new();
    let mut edges = Vec::new();
    // Cheapest (weight, metres) of each directed pair of nodes, for the hierarchy.
    let mut best: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
    let mut total_ds: u64 = 0;
    let mut total_m: u64 = 0;
    for e in &raw {
        let (from, to) = (node_of[e.from as usize], node_of[e.to as usize]);
        if from == u32::MAX || to == u32::MAX || comp[e.from as usize] != comp[e.to as usize] {
            continue;
        }
        let weight_ds = ((e.seconds * 10.0).round() as u32).max(1);
        let metres = e.metres.round() as u32;
        total_ds += u64::from(weight_ds) * 2;
        total_m += u64::from(metres) * 2;
        if from != to {
            let mut offer = |a: u32, b: u32| {
                let slot = best.entry((a, b)).or_insert((weight_ds, metres));
                *slot = (*slot).min((weight_ds, metres));
            };
            if e.forward {
                offer(from, to);
            }
            if e.backward {
                offer(to, from);
            }
        }
        edges.push(RoadEdge {
            from,
            to,
            first_point: points.len() as u32,
            num_points: e.geometry.len() as u32,
            weight_ds,
            metres,
            forward: e.forward,
            backward: e.backward,
        });
        points.extend(
            e.geometry
                .iter()
                .map(|&(lat, lon)| projection.project(lat, lon)),
        );
    }
    // Every shortest path is a simple path, so its weight and length stay below these sums:
    // the 32-bit hierarchy cannot overflow.
    if total_ds >= u64::from(u32::MAX)
        || total_m >= u64::from(u32::MAX)
        || points.len() >= u32::MAX as usize
    {
        return Err(RoadError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    let mut pairs: Vec<((u32, u32), (u32, u32))> = best.into_iter().collect();
    pairs.sort_unstable();
    let mut input = InputGraph::new();
    for &((a, b), (w, _)) in &pairs {
        input.add_edge(a as usize, b as usize, w as usize);
    }
    input.freeze();
    let n = component.len();
    let hierarchy = if input.get_num_edges() == 0 {
        Hierarchy::empty(n)
    } else {
        let fast = fast_paths::prepare(&input);
        let metres_of: HashMap<(u32, u32), u32> = pairs.iter().map(|&(k, (_, m))| (k, m)).collect();
        from_fast_graph(&FastGraph32::new(&fast), n, &metres_of)
    };
    Ok(RoadGraph {
        lat0,
        points,
        edges,
        component,
        hierarchy,
    })
}

/// Converts `fast_paths`' graph into our query layout and adds the metres of every arc
/// (shortcuts: the sum of the two arcs they replace).
fn from_fast_graph(g: &FastGraph32, n: usize, metres_of: &HashMap<(u32, u32), u32>) -> Hierarchy {
    // `fast_paths` numbers nodes up to the highest one with an arc; the rest have none.
    let mut rank: Vec<u32> = g.ranks.clone();
    let ranked = rank.len() as u32;
    rank.extend(ranked..n as u32);
    let mut up_m = vec![u32::MAX; g.edges_fwd.len()];
    let mut down_m = vec![u32::MAX; g.edges_bwd.len()];
    // Arcs are stored by the rank of their lower node and a shortcut only replaces arcs of its
    // (lower-ranked) middle node, so one pass by rank sees the parts before the shortcut.
    for r in 0..g.ranks.len() {
        for e in g.first_edge_ids_fwd[r] as usize..g.first_edge_ids_fwd[r + 1] as usize {
            let a = &g.edges_fwd[e];
            up_m[e] = if a.replaced_in_edge == u32::MAX {
                metres_of
                    .get(&(a.base_node, a.adj_node))
                    .copied()
                    .unwrap_or(0)
            } else {
                down_m[a.replaced_in_edge as usize]
                    .saturating_add(up_m[a.replaced_out_edge as usize])
            };
        }
        for e in g.first_edge_ids_bwd[r] as usize..g.first_edge_ids_bwd[r + 1] as usize {
            let a = &g.edges_bwd[e];
            down_m[e] = if a.replaced_in_edge == u32::MAX {
                metres_of
                    .get(&(a.adj_node, a.base_node))
                    .copied()
                    .unwrap_or(0)
            } else {
                down_m[a.replaced_in_edge as usize]
                    .saturating_add(up_m[a.replaced_out_edge as usize])
            };
        }
    }
    macro_rules! arcs {
        ($edges:expr, $metres:expr) => {
            $edges
                .iter()
                .zip($metres.iter())
                .map(|(e, &m)| Arc {
                    head: e.adj_node,
                    weight: e.weight,
                    metres: m,
                })
                .collect()
        };
    }
    let mut up_first = g.first_edge_ids_fwd.clone();
    let mut down_first = g.first_edge_ids_bwd.clone();
    let (up_end, down_end) = (g.edges_fwd.len() as u32, g.edges_bwd.len() as u32);
    up_first.resize(n + 1, up_end);
    down_first.resize(n + 1, down_end);
    Hierarchy {
        rank,
        up_first,
        up: arcs!(g.edges_fwd, up_m),
        down_first,
        down: arcs!(g.edges_bwd, down_m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_of_a_small_graph() {
        // 0<->1<->2 is one component, 3->0 and 2->4 hang off it, 5<->6 is another.
        let arcs = [
            (0, 1),
            (1, 0),
            (1, 2),
            (2, 1),
            (3, 0),
            (2, 4),
            (5, 6),
            (6, 5),
        ];
        let c = strong_components(7, &arcs);
        assert_eq!(c[0], 0);
        assert_eq!(c[1], 0);
        assert_eq!(c[2], 0);
        assert_eq!(c[5], 1);
        assert_eq!(c[6], 1);
        assert!(c[3] >= 2 && c[4] >= 2 && c[3] != c[4]);
    }

    #[test]
    fn a_one_way_cycle_is_one_component() {
        let arcs = [(0, 1), (1, 2), (2, 0), (2, 3)];
        let c = strong_components(4, &arcs);
        assert_eq!(&c[..3], &[0, 0, 0]);
        assert_eq!(c[3], 1);
    }

    #[test]
    fn signals_delay_once_per_pass() {
        use super::super::osm::{Direction, RoadWay};
        // Way 1: 1 - 2 - 3 with a signal at 2 (inside the edge); way 2: 3 - 4 with a signal
        // at the junction 3. 36 km/h = 10 m/s on ~111 m per 0.001 degree of latitude.
        let way = |nodes: Vec<i64>| RoadWay {
            nodes,
            speed_kmh: 36.0,
            direction: Direction::Both,
        };
        let data = RoadData {
            ways: vec![way(vec![1, 2, 3]), way(vec![3, 4])],
            coords: (1..=4).map(|i| (i, (i as f64 * 0.001, 0.0))).collect(),
            signals: [2, 3].into_iter().collect(),
        };
        let (edges, junctions) = raw_edges(&data);
        assert_eq!(junctions, 3);
        assert_eq!(edges.len(), 2);
        let drive = |e: &RawEdge| e.metres / 10.0;
        assert!((edges[0].seconds - drive(&edges[0]) - 1.5 * TRAFFIC_SIGNAL_S).abs() < 1e-9);
        assert!((edges[1].seconds - drive(&edges[1]) - 0.5 * TRAFFIC_SIGNAL_S).abs() < 1e-9);
    }

    #[test]
    fn component_threshold() {
        assert_eq!(min_component_nodes(10), 10);
        assert_eq!(min_component_nodes(500), 20);
        assert_eq!(min_component_nodes(50_000), 500);
    }
}
