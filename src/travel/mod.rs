//! Travel models: how long and how far between two places.
//!
//! Every stage and the checker go through [`Travel`], so a plan is checked with the same
//! numbers it was planned with. Legs are whole seconds and whole metres.

use crate::model::{Meters, Place, Problem, Seconds};
use geo::{Distance, Haversine, Point};
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
    clients: Vec<Point<f64>>,
    bases: Vec<Point<f64>>,
}

impl Crow {
    pub fn new(problem: &Problem) -> Crow {
        let cfg = &problem.policy.travel;
        Crow {
            speed_mps: cfg.speed_kmh / 3.6,
            detour: cfg.detour,
            clients: problem
                .clients
                .iter()
                .map(|c| Point::new(c.lon, c.lat))
                .collect(),
            bases: problem
                .managers
                .iter()
                .map(|m| Point::new(m.lon, m.lat))
                .collect(),
        }
    }

    fn point(&self, p: Place) -> Point<f64> {
        match p {
            Place::Client(i) => self.clients[i],
            Place::Base(i) => self.bases[i],
        }
    }

    /// Road-equivalent metres (haversine × detour), unrounded.
    pub fn metres_f64(&self, from: Place, to: Place) -> f64 {
        Haversine.distance(self.point(from), self.point(to)) * self.detour
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
