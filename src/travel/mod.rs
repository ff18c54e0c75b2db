//! Travel models: how long and how far between two places.
//!
//! Every stage and the checker go through [`Travel`], so a plan is checked with the same
//! numbers it was planned with. Legs are whole seconds and whole metres.

use crate::model::{Meters, Place, Problem, Seconds};
use std::collections::HashMap;

pub mod roads;

/// Travel time (and distance) of a leg that cannot be driven, e.g. between two islands without
/// a bridge: larger than any shift, small enough that sums of many legs cannot overflow.
pub const UNREACHABLE: Seconds = 1_000_000_000;

/// One leg between two places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Leg {
    pub seconds: Seconds,
    pub meters: Meters,
}

/// A travel model. Implementations must be deterministic and cheap to call.
pub trait Travel: Send + Sync {
    fn leg(&self, from: Place, to: Place) -> Leg;

    fn seconds(&self, from: Place, to: Place) -> Seconds {
        self.leg(from, to).seconds
    }

    fn meters(&self, from: Place, to: Place) -> Meters {
        self.leg(from, to).meters
    }

    /// Hint that legs between these places will be asked for: models that compute legs on
    /// demand (roads) compute the whole block at once, in parallel. The default does nothing.
    fn prepare(&self, _places: &[Place]) {}
}

/// The default model (contract §2): haversine distance (earth radius 6,371,008.8 m) × detour,
/// at a constant speed, rounded to whole seconds and metres per leg.
#[derive(Clone, Debug)]
pub struct Crow {
    speed_mps: f64,
    detour: f64,
    clients: Vec<Spot>,
    bases: Vec<Spot>,
}

/// A place in degrees with the cosine of its latitude, which every haversine from it needs:
/// computed once instead of twice per leg (sines and cosines were a tenth of a 30k plan's
/// time). [`Spot::haversine_m`] gives the same bits as `geo::Haversine`.
#[derive(Clone, Copy, Debug)]
struct Spot {
    lat: f64,
    lon: f64,
    cos_lat: f64,
}

impl Spot {
    fn new(lat: f64, lon: f64) -> Spot {
        Spot {
            lat,
            lon,
            cos_lat: lat.to_radians().cos(),
        }
    }

    /// `geo::Haversine.distance(self, to)` (mean earth radius), step for step in the same
    /// order, so that rounded legs do not change.
    fn haversine_m(self, to: Spot) -> f64 {
        let delta_theta = (to.lat - self.lat).to_radians();
        let delta_lambda = (to.lon - self.lon).to_radians();
        let a = (delta_theta / 2.0).sin().powi(2)
            + self.cos_lat * to.cos_lat * (delta_lambda / 2.0).sin().powi(2);
        let c = 2.0 * a.sqrt().asin();
        EARTH_RADIUS_M * c
    }
}

/// Mean earth radius of the contract's haversine (and of `geo::Haversine`).
const EARTH_RADIUS_M: f64 = 6_371_008.8;

impl Crow {
    pub fn new(problem: &Problem) -> Crow {
        let cfg = &problem.policy.travel;
        Crow {
            speed_mps: cfg.speed_kmh / 3.6,
            detour: cfg.detour,
            clients: problem
                .clients
                .iter()
                .map(|c| Spot::new(c.lat, c.lon))
                .collect(),
            bases: problem
                .managers
                .iter()
                .map(|m| Spot::new(m.lat, m.lon))
                .collect(),
        }
    }

    fn spot(&self, p: Place) -> Spot {
        match p {
            Place::Client(i) => self.clients[i],
            Place::Base(i) => self.bases[i],
        }
    }

    /// Road-equivalent metres (haversine × detour), unrounded.
    pub fn metres_f64(&self, from: Place, to: Place) -> f64 {
        self.spot(from).haversine_m(self.spot(to)) * self.detour
    }
}

impl Travel for Crow {
    fn leg(&self, from: Place, to: Place) -> Leg {
        let m = self.metres_f64(from, to);
        Leg {
            seconds: (m / self.speed_mps).round() as Seconds,
            meters: m.round() as Meters,
        }
    }
}

/// A travel-time matrix file (`[travel] matrix`): given pairs override the default model,
/// pairs it does not list fall back to it. A row without metres keeps the default distance.
#[derive(Clone, Debug)]
pub struct Matrix {
    fallback: Crow,
    pairs: HashMap<(Place, Place), (Seconds, Option<Meters>)>,
}

impl Matrix {
    pub fn new(fallback: Crow, pairs: HashMap<(Place, Place), (Seconds, Option<Meters>)>) -> Self {
        Matrix { fallback, pairs }
    }
}

impl Travel for Matrix {
    fn leg(&self, from: Place, to: Place) -> Leg {
        if from == to {
            return Leg::default();
        }
        match self.pairs.get(&(from, to)) {
            Some(&(seconds, meters)) => Leg {
                seconds,
                meters: meters.unwrap_or_else(|| self.fallback.meters(from, to)),
            },
            None => self.fallback.leg(from, to),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Haversine, Point};
    use rand::{rngs::SmallRng, Rng, SeedableRng};

    #[test]
    fn cached_cosines_give_geo_haversine_to_the_bit() {
        let mut rng = SmallRng::seed_from_u64(7);
        for i in 0..20_000 {
            // Half the pairs a few km apart (legs of a route), half anywhere on earth.
            let (lat, lon) = (
                rng.random_range(-89.0..89.0),
                rng.random_range(-180.0..180.0),
            );
            let (dlat, dlon) = if i % 2 == 0 {
                (rng.random_range(-0.05..0.05), rng.random_range(-0.05..0.05))
            } else {
                (
                    rng.random_range(-89.0..89.0) - lat,
                    rng.random_range(-180.0..180.0) - lon,
                )
            };
            let (a, b) = (Spot::new(lat, lon), Spot::new(lat + dlat, lon + dlon));
            let geo = Haversine.distance(Point::new(lon, lat), Point::new(lon + dlon, lat + dlat));
            assert_eq!(a.haversine_m(b).to_bits(), geo.to_bits(), "{a:?} {b:?}");
        }
        assert_eq!(Spot::new(1.0, 2.0).haversine_m(Spot::new(1.0, 2.0)), 0.0);
    }
}
