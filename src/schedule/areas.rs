//! Geometry for the day choice: a local plane in metres, each manager's seconds per metre, and
//! "day areas" that seed the construction.
//!
//! Day areas follow the sweep idea of Gillett & Miller (1974): a manager's clients are sorted by
//! angle around the base and cut into as many consecutive sectors of equal visit load as the
//! manager has working days in the cycle. Sectors are handed to days weekday-major (Monday of
//! week 1, Monday of week 2, ..., Tuesday of week 1, ...), so the same weekday in different
//! weeks gets neighbouring sectors — where weekly clients, repeated on one weekday, belong.

use super::units::Unit;
use crate::model::{Calendar, Place, Problem};
use crate::travel::Travel;

/// A point in metres on the local plane.
pub type Xy = (f64, f64);

const EARTH_M: f64 = 6_371_008.8;
/// Fallback when a manager has no clients or they all sit at the base: 30 km/h, detour 1.3.
const DEFAULT_S_PER_M: f64 = 1.3 / (30.0 / 3.6);
/// Clients sampled per manager to calibrate seconds per metre.
const CALIBRATION_SAMPLE: usize = 400;

/// Equirectangular projection around the problem's mean latitude (regional scale).
pub struct Plane {
    lat0: f64,
    lon0: f64,
    kx: f64,
    ky: f64,
}

impl Plane {
    pub fn new(problem: &Problem) -> Plane {
        let n = problem.clients.len().max(1) as f64;
        let lat0 = problem.clients.iter().map(|c| c.lat).sum::<f64>() / n;
        let lon0 = problem.clients.iter().map(|c| c.lon).sum::<f64>() / n;
        let ky = EARTH_M * std::f64::consts::PI / 180.0;
        Plane {
            lat0,
            lon0,
            kx: ky * lat0.to_radians().cos(),
            ky,
        }
    }

    pub fn xy(&self, lat: f64, lon: f64) -> Xy {
        ((lon - self.lon0) * self.kx, (lat - self.lat0) * self.ky)
    }

    pub fn place(&self, problem: &Problem, place: Place) -> Xy {
        let (lat, lon) = problem.coords(place);
        self.xy(lat, lon)
    }
}

pub fn dist(a: Xy, b: Xy) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// Travel seconds per straight metre of one manager, measured on base → client legs of the
/// travel model in use (so matrices and road networks are reflected).
pub fn seconds_per_metre(
    problem: &Problem,
    travel: &dyn Travel,
    plane: &Plane,
    manager: usize,
    clients: &[usize],
) -> f64 {
    let base = plane.place(problem, Place::Base(manager));
    let step = (clients.len() / CALIBRATION_SAMPLE).max(1);
    let (mut secs, mut metres) = (0.0, 0.0);
    for &c in clients.iter().step_by(step) {
        let m = dist(base, plane.place(problem, Place::Client(c)));
        if m > 1.0 {
            secs += travel.seconds(Place::Base(manager), Place::Client(c)) as f64;
            metres += m;
        }
    }
    if metres > 0.0 && secs > 0.0 {
        secs / metres
    } else {
        DEFAULT_S_PER_M
    }
}

/// The working days of a manager in weekday-major order.
pub fn days_weekday_major(cal: &Calendar, works: impl Fn(u32) -> bool) -> Vec<u32> {
    let w = cal.per_week();
    let mut days: Vec<u32> = (0..cal.days()).filter(|&d| works(d)).collect();
    days.sort_by_key(|&d| (d % w, d / w));
    days
}

/// The centre of each working day's sector (`None` where the sector is empty), indexed by day.
pub fn sweep_anchors(
    base: Xy,
    units: &[Unit],
    manager: usize,
    points: &[Xy],
    days: &[u32],
    cycle_days: u32,
) -> Vec<Option<Xy>> {
    let mut anchors = vec![None; cycle_days as usize];
    // (angle, point, weight) of every unit this manager serves.
    let mut items: Vec<(f64, Xy, f64)> = units
        .iter()
        .filter(|u| u.level > 0 && u.members.iter().any(|m| m.manager == manager))
        .map(|u| {
            let p = points[u.client];
            let w = (u.level as f64) * (u.service_s.max(60) as f64);
            ((p.1 - base.1).atan2(p.0 - base.0), p, w)
        })
        .collect();
    if items.is_empty() || days.is_empty() {
        return anchors;
    }
    items.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Start the sweep after the widest empty angle, so no sector straddles it.
    let n = items.len();
    let cut = (0..n)
        .max_by(|&i, &j| {
            let gap = |k: usize| {
                let next = if k + 1 < n {
                    items[k + 1].0
                } else {
                    items[0].0 + std::f64::consts::TAU
                };
                next - items[k].0
            };
            gap(i).total_cmp(&gap(j)).then(j.cmp(&i))
        })
        .unwrap_or(n - 1);
    items.rotate_left((cut + 1) % n);
    let total: f64 = items.iter().map(|i| i.2).sum();
    let s = days.len();
    let mut sums = vec![(0.0, 0.0, 0.0); s];
    let mut acc = 0.0;
    for (_, p, w) in &items {
        let mid = acc + w / 2.0;
        acc += w;
        let k = ((mid / total * s as f64) as usize).min(s - 1);
        sums[k].0 += p.0 * w;
        sums[k].1 += p.1 * w;
        sums[k].2 += w;
    }
    for (k, &(sx, sy, sw)) in sums.iter().enumerate() {
        if sw > 0.0 {
            anchors[days[k] as usize] = Some((sx / sw, sy / sw));
        }
    }
    anchors
}
