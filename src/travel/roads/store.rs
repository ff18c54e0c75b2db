//! The on-disk cache of a prepared road graph, so that repeated runs skip parsing and
//! contraction.
//!
//! Layout (little endian): a magic tag, the format version, the key of the source file (size and
//! modification time), the payload length, the payload, and an FNV-1a 64 checksum of the
//! payload. A file whose magic, version, key, length, checksum or indices do not match is
//! ignored and the graph is rebuilt; the file is written to a temporary name and renamed, so a
//! crash never leaves half a cache behind.

use super::graph::{RoadEdge, RoadGraph};
use super::hierarchy::{Arc, Hierarchy};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

const MAGIC: &[u8; 16] = b"beatplan-roads\0\0";
/// Bump when the layout or anything that changes the graph (tag rules, speeds) changes.
pub const FORMAT_VERSION: u32 = 2;

/// What identifies the source file a cache was built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceKey {
    pub size: u64,
    pub mtime_ns: u64,
}

impl SourceKey {
    pub fn of(path: &Path) -> std::io::Result<SourceKey> {
        let meta = fs::metadata(path)?;
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Ok(SourceKey {
            size: meta.len(),
            mtime_ns,
        })
    }
}

/// The default cache file of a `.osm.pbf`: next to it, `<file>.beatplan-graph`.
pub fn cache_path_beside(pbf: &Path) -> PathBuf {
    let mut name = pbf.file_name().unwrap_or_default().to_os_string();
    name.push(".beatplan-graph");
    pbf.with_file_name(name)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32s(&mut self, v: &[u32]) {
        self.u64(v.len() as u64);
        v.iter().for_each(|&x| self.u32(x));
    }
    fn arcs(&mut self, v: &[Arc]) {
        self.u64(v.len() as u64);
        for a in v {
            self.u32(a.head);
            self.u32(a.weight);
            self.u32(a.metres);
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A length prefix, refused when the rest of the file cannot hold that many items.
    fn len(&mut self, item_bytes: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n.checked_mul(item_bytes)? <= self.0.len()).then_some(n)
    }
    fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.len(4)?;
        (0..n).map(|_| self.u32()).collect()
    }
    fn arcs(&mut self) -> Option<Vec<Arc>> {
        let n = self.len(12)?;
        (0..n)
            .map(|_| {
                Some(Arc {
                    head: self.u32()?,
                    weight: self.u32()?,
                    metres: self.u32()?,
                })
            })
            .collect()
    }
}

fn encode(graph: &RoadGraph) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.f64(graph.lat0);
    w.u64(graph.points.len() as u64);
    for p in &graph.points {
        w.f64(p[0]);
        w.f64(p[1]);
    }
    w.u64(graph.edges.len() as u64);
    for e in &graph.edges {
        for v in [
            e.from,
            e.to,
            e.first_point,
            e.num_points,
            e.weight_ds,
            e.metres,
        ] {
            w.u32(v);
        }
        w.u32(u32::from(e.forward) | (u32::from(e.backward) << 1));
    }
    w.u32s(&graph.component);
    let h = &graph.hierarchy;
    w.u32s(&h.rank);
    w.u32s(&h.up_first);
    w.arcs(&h.up);
    w.u32s(&h.down_first);
    w.arcs(&h.down);
    w.0
}

fn decode(payload: &[u8]) -> Option<RoadGraph> {
    let mut r = Reader(payload);
    let lat0 = r.f64()?;
    let n_points = r.len(16)?;
    let points = (0..n_points)
        .map(|_| Some([r.f64()?, r.f64()?]))
        .collect::<Option<Vec<_>>>()?;
    let n_edges = r.len(28)?;
    let edges = (0..n_edges)
        .map(|_| {
            let mut v = [0u32; 7];
            for x in &mut v {
                *x = r.u32()?;
            }
            Some(RoadEdge {
                from: v[0],
                to: v[1],
                first_point: v[2],
                num_points: v[3],
                weight_ds: v[4],
                metres: v[5],
                forward: v[6] & 1 != 0,
                backward: v[6] & 2 != 0,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let component = r.u32s()?;
    let hierarchy = Hierarchy {
        rank: r.u32s()?,
        up_first: r.u32s()?,
        up: r.arcs()?,
        down_first: r.u32s()?,
        down: r.arcs()?,
    };
    if !r.0.is_empty() {
        return None;
    }
    let graph = RoadGraph {
        lat0,
        points,
        edges,
        component,
        hierarchy,
    };
    is_consistent(&graph).then_some(graph)
}

/// Every index in range, so that a decoded graph cannot make queries panic.
fn is_consistent(g: &RoadGraph) -> bool {
    let n = g.hierarchy.num_nodes();
    g.lat0.is_finite()
        && g.component.len() == n
        && g.hierarchy.is_consistent()
        && g.points
            .iter()
            .all(|p| p[0].is_finite() && p[1].is_finite())
        && g.edges.iter().all(|e| {
            (e.from as usize) < n
                && (e.to as usize) < n
                && e.num_points >= 2
                && (e.first_point as usize + e.num_points as usize) <= g.points.len()
        })
}

/// Serialises the graph with the key of its source file.
pub fn to_bytes(graph: &RoadGraph, key: SourceKey) -> Vec<u8> {
    let payload = encode(graph);
    let mut w = Writer(Vec::with_capacity(payload.len() + 64));
    w.0.extend_from_slice(MAGIC);
    w.u32(FORMAT_VERSION);
    w.u64(key.size);
    w.u64(key.mtime_ns);
    w.u64(payload.len() as u64);
    w.0.extend_from_slice(&payload);
    w.u64(fnv1a(&payload));
    w.0
}

/// Reads a serialised graph back; `None` when it is not a valid cache of the file with `key`.
pub fn from_bytes(bytes: &[u8], key: SourceKey) -> Option<RoadGraph> {
    let mut r = Reader(bytes);
    if r.take(16)? != MAGIC || r.u32()? != FORMAT_VERSION {
        return None;
    }
    if (SourceKey {
        size: r.u64()?,
        mtime_ns: r.u64()?,
    }) != key
    {
        return None;
    }
    let n = usize::try_from(r.u64()?).ok()?;
    let payload = r.take(n)?;
    if r.u64()? != fnv1a(payload) || !r.0.is_empty() {
        return None;
    }
    decode(payload)
}

/// Writes the cache atomically: a temporary file in the same folder, then a rename.
pub fn write(path: &Path, graph: &RoadGraph, key: SourceKey) -> std::io::Result<()> {
    let bytes = to_bytes(graph, key);
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(".tmp{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> RoadGraph {
        RoadGraph {
            lat0: 60.0,
            points: vec![[0.0, 0.0], [100.0, 0.0]],
            edges: vec![RoadEdge {
                from: 0,
                to: 1,
                first_point: 0,
                num_points: 2,
                weight_ds: 72,
                metres: 100,
                forward: true,
                backward: false,
            }],
            component: vec![0, 0],
            hierarchy: Hierarchy::empty(2),
        }
    }

    #[test]
    fn round_trip_and_rejections() {
        let key = SourceKey {
            size: 5,
            mtime_ns: 7,
        };
        let bytes = to_bytes(&tiny(), key);
        assert_eq!(from_bytes(&bytes, key), Some(tiny()));
        // Another source file, a truncated file, a flipped byte: all refused.
        assert_eq!(
            from_bytes(
                &bytes,
                SourceKey {
                    size: 6,
                    mtime_ns: 7
                }
            ),
            None
        );
        assert_eq!(from_bytes(&bytes[..bytes.len() - 3], key), None);
        let mut flipped = bytes.clone();
        flipped[60] ^= 0xff;
        assert_eq!(from_bytes(&flipped, key), None);
        assert_eq!(from_bytes(b"garbage", key), None);
    }

    #[test]
    fn out_of_range_indices_are_refused() {
        let mut g = tiny();
        g.edges[0].to = 5;
        let key = SourceKey {
            size: 1,
            mtime_ns: 1,
        };
        assert_eq!(from_bytes(&to_bytes(&g, key), key), None);
    }
}
