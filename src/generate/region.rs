//! Geometry of a synthetic region: towns as Gaussian clusters, villages scattered around them,
//! and a Hilbert curve to cut the clients into compact, equal groups for manager bases.

use rand::rngs::SmallRng;
use rand::Rng;

pub(crate) const KM_PER_DEGREE: f64 = 111.195;

/// A standard normal pair by the Box–Muller transform.
pub(crate) fn normal_pair(rng: &mut SmallRng) -> (f64, f64) {
    let u1: f64 = 1.0 - rng.random::<f64>(); // (0, 1]: ln stays finite
    let u2: f64 = rng.random::<f64>();
    let r = (-2.0 * u1.ln()).sqrt();
    let t = std::f64::consts::TAU * u2;
    (r * t.cos(), r * t.sin())
}

/// A uniform point in a disc of radius `r` around the origin, in km.
pub(crate) fn in_disc(rng: &mut SmallRng, r: f64) -> (f64, f64) {
    let d = r * rng.random::<f64>().sqrt();
    let t = std::f64::consts::TAU * rng.random::<f64>();
    (d * t.cos(), d * t.sin())
}

/// A place of the region: a town (many outlets, wide spread) or a village.
#[derive(Clone, Debug)]
pub(crate) struct Settlement {
    pub name: String,
    /// Centre in km east and north of the region's centre.
    pub x: f64,
    pub y: f64,
    /// Standard deviation of outlet positions around the centre, km.
    pub sigma: f64,
    pub clients: usize,
    pub is_town: bool,
    /// Index of the nearest town (itself for towns).
    pub town: usize,
    /// A town is its own district; villages form four rural districts around their nearest
    /// town, by compass quarter (`Oakstead North`, ...).
    pub district: String,
}

const PREFIXES: [&str; 20] = [
    "Ash", "Bel", "Cor", "Dun", "El", "Fen", "Glen", "Hal", "Ivy", "Kel", "Lin", "Mar", "Nor",
    "Oak", "Pen", "Ros", "Sal", "Tor", "Val", "Wes",
];
const SUFFIXES: [&str; 10] = [
    "ford", "bury", "ton", "wick", "field", "ham", "mouth", "stead", "by", "vale",
];

/// `count` distinct town names in a seeded order.
pub(crate) fn town_names(rng: &mut SmallRng, count: usize) -> Vec<String> {
    let mut all: Vec<String> = PREFIXES
        .iter()
        .flat_map(|p| SUFFIXES.iter().map(move |s| format!("{p}{s}")))
        .collect();
    // Fisher–Yates over the 200 combinations, then numbered rounds if more are needed.
    for i in (1..all.len()).rev() {
        let j = rng.random_range(0..=i);
        all.swap(i, j);
    }
    (0..count)
        .map(|i| {
            let base = &all[i % all.len()];
            match i / all.len() {
                0 => base.clone(),
                round => format!("{base} {}", round + 1),
            }
        })
        .collect()
}

/// Towns hold this share of the outlets; the rest are in villages.
const TOWN_SHARE: f64 = 0.65;
/// Outlets per town before another town is added.
const CLIENTS_PER_TOWN: usize = 5_000;
/// Mean outlets per village.
const CLIENTS_PER_VILLAGE: usize = 20;
/// Peak outlet density in a town centre, per km² (central Helsinki has about 400).
const TOWN_PEAK_DENSITY: f64 = 150.0;
/// Land per village, km²: villages about 5 km apart.
const AREA_PER_VILLAGE: f64 = 25.0;

/// Lays out towns and villages and decides how many outlets each holds.
pub(crate) fn layout(rng: &mut SmallRng, clients: usize) -> (Vec<Settlement>, f64) {
    let towns = clients.div_ceil(CLIENTS_PER_TOWN).max(1);
    let in_towns = ((clients as f64 * TOWN_SHARE).round() as usize)
        .max(1)
        .min(clients);
    let in_villages = clients - in_towns;
    let villages = in_villages.div_ceil(CLIENTS_PER_VILLAGE);
    let radius = ((villages as f64 * AREA_PER_VILLAGE + towns as f64 * 50.0)
        / std::f64::consts::PI)
        .sqrt()
        .max(12.0);
    let names = town_names(rng, towns);

    // Town sizes follow a Zipf-like law: the first town is the regional centre.
    let weights: Vec<f64> = (0..towns)
        .map(|i| 1.0 / ((i + 1) as f64).powf(0.8))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| (in_towns as f64 * w / total).floor() as usize)
        .collect();
    let short = in_towns - sizes.iter().sum::<usize>();
    for s in sizes.iter_mut().take(short) {
        *s += 1;
    }

    let mut places: Vec<Settlement> = Vec::with_capacity(towns + villages);
    for (i, (name, size)) in names.into_iter().zip(sizes).enumerate() {
        // Keep towns apart; after a few tries accept the last draw (small regions).
        let (mut x, mut y) = (0.0, 0.0);
        if i > 0 {
            for _ in 0..30 {
                (x, y) = in_disc(rng, 0.85 * radius);
                let far = places
                    .iter()
                    .all(|t| ((t.x - x).powi(2) + (t.y - y).powi(2)).sqrt() > 12.0);
                if far {
                    break;
                }
            }
        }
        let sigma = (size as f64 / (std::f64::consts::TAU * TOWN_PEAK_DENSITY))
            .sqrt()
            .max(0.3);
        places.push(Settlement {
            district: name.clone(),
            name,
            x,
            y,
            sigma,
            clients: size,
            is_town: true,
            town: i,
        });
    }
    for _ in 0..villages {
        let (mut x, mut y) = in_disc(rng, radius);
        for _ in 0..10 {
            let clear = places[..towns]
                .iter()
                .all(|t| ((t.x - x).powi(2) + (t.y - y).powi(2)).sqrt() > 2.5 * t.sigma + 1.0);
            if clear {
                break;
            }
            (x, y) = in_disc(rng, radius);
        }
        let town = nearest_town(&places[..towns], x, y);
        let (dx, dy) = (x - places[town].x, y - places[town].y);
        let quarter = if dy.abs() >= dx.abs() {
            if dy >= 0.0 {
                "North"
            } else {
                "South"
            }
        } else if dx >= 0.0 {
            "East"
        } else {
            "West"
        };
        places.push(Settlement {
            district: format!("{} {quarter}", places[town].name),
            name: places[town].name.clone(),
            x,
            y,
            sigma: 0.25,
            clients: 0,
            is_town: false,
            town,
        });
    }
    // Each rural outlet picks a village with probability proportional to an exponential
    // weight: the countryside has many hamlets of a few outlets (a fuel station, a farm shop)
    // beside larger villages of 50 or more, as real rural settlement sizes are skewed.
    let mut cumulative = Vec::with_capacity(villages);
    let mut total = 0.0;
    for _ in 0..villages {
        total += -(1.0 - rng.random::<f64>()).ln();
        cumulative.push(total);
    }
    for _ in 0..in_villages {
        let r = rng.random::<f64>() * total;
        let v = cumulative.partition_point(|&c| c <= r).min(villages - 1);
        places[towns + v].clients += 1;
    }
    (places, radius)
}

fn nearest_town(towns: &[Settlement], x: f64, y: f64) -> usize {
    let d = |t: &Settlement| (t.x - x).powi(2) + (t.y - y).powi(2);
    (0..towns.len())
        .min_by(|&a, &b| d(&towns[a]).total_cmp(&d(&towns[b])))
        .unwrap_or(0)
}

/// Position on a Hilbert curve of order 16 of a point in the unit square: nearby positions on
/// the curve are nearby in the plane, so equal runs of the sorted points are compact groups.
pub(crate) fn hilbert_index(x: f64, y: f64) -> u64 {
    const N: u64 = 1 << 16;
    let clamp = |v: f64| ((v.clamp(0.0, 1.0) * (N - 1) as f64) as u64).min(N - 1);
    let (mut x, mut y) = (clamp(x), clamp(y));
    let mut d = 0u64;
    let mut s = N / 2;
    while s > 0 {
        let rx = u64::from(x & s > 0);
        let ry = u64::from(y & s > 0);
        d += s * s * ((3 * rx) ^ ry);
        // Rotate the quadrant so the curve stays continuous.
        if ry == 0 {
            if rx == 1 {
                x = N - 1 - x;
                y = N - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn hilbert_neighbours_are_close() {
        // Consecutive cells of an order-16 curve are adjacent: check a coarse walk.
        let n = 64;
        let mut cells: Vec<(u64, usize, usize)> = (0..n)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|(i, j)| {
                let f = |k: usize| (k as f64 + 0.5) / n as f64;
                (hilbert_index(f(i), f(j)), i, j)
            })
            .collect();
        cells.sort();
        for w in cells.windows(2) {
            let dist = w[0].1.abs_diff(w[1].1) + w[0].2.abs_diff(w[1].2);
            assert_eq!(dist, 1, "{:?}", w);
        }
    }

    #[test]
    fn layout_places_every_client() {
        let mut rng = SmallRng::seed_from_u64(3);
        let (places, radius) = layout(&mut rng, 12_345);
        assert_eq!(places.iter().map(|p| p.clients).sum::<usize>(), 12_345);
        assert_eq!(places.iter().filter(|p| p.is_town).count(), 3);
        assert!(places.iter().all(|p| p.x.hypot(p.y) <= radius + 1e-9));
        // Rural settlement sizes are skewed: hamlets and large villages both occur.
        let sizes: Vec<usize> = places
            .iter()
            .filter(|p| !p.is_town)
            .map(|p| p.clients)
            .collect();
        assert!(sizes.iter().filter(|&&n| n <= 3).count() * 20 > sizes.len());
        assert!(sizes.iter().any(|&n| n >= 60));
        let names = town_names(&mut rng, 250);
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 250);
    }
}
