//! Plane geometry for territories: a local equirectangular projection (metres), an R-tree of
//! points, and the weighted geometric median (Weiszfeld 1937, "Sur le point pour lequel la
//! somme des distances de n points donnés est minimum").

use rayon::prelude::*;
use rstar::primitives::GeomWithData;
use rstar::RTree;

/// Mean earth radius (m), as in the contract's haversine.
const EARTH_M: f64 = 6_371_008.8;

/// A point in the projected plane, metres.
pub type Xy = [f64; 2];

/// Equirectangular projection around a reference latitude: accurate to well under 1 % over a
/// region of a few hundred kilometres, which is all territory shapes need.
#[derive(Clone, Copy, Debug)]
pub struct Projection {
    lat0: f64,
    lon0: f64,
    cos0: f64,
}

impl Projection {
    /// Centred on the mean of the given (lat, lon) pairs.
    pub fn around(points: impl Iterator<Item = (f64, f64)>) -> Projection {
        let (mut n, mut slat, mut slon) = (0.0, 0.0, 0.0);
        for (lat, lon) in points {
            n += 1.0;
            slat += lat;
            slon += lon;
        }
        let (lat0, lon0) = if n > 0.0 {
            (slat / n, slon / n)
        } else {
            (0.0, 0.0)
        };
        Projection {
            lat0,
            lon0,
            cos0: lat0.to_radians().cos(),
        }
    }

    pub fn xy(&self, lat: f64, lon: f64) -> Xy {
        [
            EARTH_M * (lon - self.lon0).to_radians() * self.cos0,
            EARTH_M * (lat - self.lat0).to_radians(),
        ]
    }
}

pub fn dist(a: Xy, b: Xy) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// Points tagged with their index.
pub type PointTree = RTree<GeomWithData<Xy, u32>>;

pub fn tree_of(points: &[Xy]) -> PointTree {
    RTree::bulk_load(
        points
            .iter()
            .enumerate()
            .map(|(i, p)| GeomWithData::new(*p, i as u32))
            .collect(),
    )
}

/// The `k` nearest other points of each point (by index), nearest first. Queries are
/// independent, so they run in parallel (the same lists on any number of threads).
pub fn nearest_others(tree: &PointTree, points: &[Xy], k: usize) -> Vec<Vec<u32>> {
    points
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            tree.nearest_neighbor_iter(p)
                .filter(|g| g.data as usize != i)
                .take(k)
                .map(|g| g.data)
                .collect()
        })
        .collect()
}

/// Weighted geometric median by Weiszfeld's iteration, started from the weighted centroid.
/// `None` when the weights sum to zero.
pub fn weighted_median(points: &[(Xy, f64)]) -> Option<Xy> {
    let total: f64 = points.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return None;
    }
    let mut c = [0.0, 0.0];
    for (p, w) in points {
        c[0] += p[0] * w / total;
        c[1] += p[1] * w / total;
    }
    for _ in 0..30 {
        let (mut nx, mut ny, mut den) = (0.0, 0.0, 0.0);
        for (p, w) in points {
            // A point at the centre would divide by zero; 1 m keeps the step finite.
            let d = dist(*p, c).max(1.0);
            nx += p[0] * w / d;
            ny += p[1] * w / d;
            den += w / d;
        }
        let next = [nx / den, ny / den];
        let moved = dist(next, c);
        c = next;
        if moved < 1.0 {
            break;
        }
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_keeps_distances() {
        let p = Projection::around([(48.0, 11.0), (48.2, 11.2)].into_iter());
        let a = p.xy(48.0, 11.0);
        let b = p.xy(48.1, 11.0);
        // 0.1 degree of latitude is about 11.12 km.
        assert!((dist(a, b) - 11_119.5).abs() < 20.0, "{}", dist(a, b));
    }

    #[test]
    fn median_resists_outliers() {
        let pts = [
            ([0.0, 0.0], 1.0),
            ([1.0, 0.0], 1.0),
            ([0.0, 1.0], 1.0),
            ([1000.0, 1000.0], 1.0),
        ];
        let m = weighted_median(&pts).unwrap();
        assert!(dist(m, [0.3, 0.3]) < 2.0, "{m:?}");
        assert!(weighted_median(&[([1.0, 1.0], 0.0)]).is_none());
    }

    #[test]
    fn nearest_others_skip_self() {
        let pts = vec![[0.0, 0.0], [1.0, 0.0], [5.0, 0.0]];
        let t = tree_of(&pts);
        let n = nearest_others(&t, &pts, 1);
        assert_eq!(n, vec![vec![1], vec![0], vec![1]]);
    }
}
