//! A quick estimate of a region's cycle workload, to size managers or visit rules before solving.
//!
//! Travel inside the day zones: the visits of a cycle fall into rounds (round `j` holds the
//! clients needing at least `j` visits), each round is one pass over its clients, and the
//! manager-days cut these passes into compact zones. The length of a pass is measured by the
//! space-filling-curve heuristic of Platzman & Bartholdi (1989, "Spacefilling curves and the
//! planar travelling salesman problem", J. ACM 36): sort the clients along a Hilbert curve and
//! add up the legs. That tour is about 25 % longer than optimal on uniform points, and unlike
//! the Beardwood–Halton–Hammersley `0.7124 √(n A)` law it follows the data's clustering (towns,
//! villages, the sea between islands) without guessing an area. The slack is left in on purpose:
//! time windows keep real routes from being optimal tours.
//!
//! Each manager-day also drives from its base to its zone and back: twice the mean distance from
//! the centre to a point of a disc the size of one manager's share of the occupied area (1 km
//! cells holding a client), `(2/3) √(A / π)`. Distances are straight lines times the detour at
//! a constant speed, as in the default travel model. Waiting for opening windows is not
//! counted: aim below 100 %.

use super::region::hilbert_index;
use std::collections::HashSet;

/// One client's load: where it is, how many visits the cycle needs and how long each lasts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VisitLoad {
    pub lat: f64,
    pub lon: f64,
    pub visits: u32,
    pub service_s: i64,
}

/// The estimated workload of one role over one cycle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorkloadEstimate {
    pub visits: u64,
    pub service_s: f64,
    pub travel_s: f64,
    /// Managers × working days × working seconds per day.
    pub capacity_s: f64,
    /// (service + travel) / capacity.
    pub ratio: f64,
}

/// How a role's managers work: counts and day length, and the travel model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capacity {
    pub managers: usize,
    /// Working days in the cycle (weeks × workdays).
    pub days: u32,
    pub max_minutes: u32,
    pub speed_kmh: f64,
    pub detour: f64,
}

const CELL_KM: f64 = 1.0;
use super::region::KM_PER_DEGREE;

/// Estimates service and travel of a cycle; linear in the number of clients.
pub fn estimate_workload(loads: &[VisitLoad], cap: &Capacity) -> WorkloadEstimate {
    let visits: u64 = loads.iter().map(|l| u64::from(l.visits)).sum();
    let service_s: f64 = loads
        .iter()
        .map(|l| f64::from(l.visits) * l.service_s as f64)
        .sum();
    let capacity_s = cap.managers as f64 * f64::from(cap.days) * f64::from(cap.max_minutes) * 60.0;
    if visits == 0 {
        return WorkloadEstimate {
            visits,
            service_s,
            travel_s: 0.0,
            capacity_s,
            ratio: 0.0,
        };
    }
    let active: Vec<&VisitLoad> = loads.iter().filter(|l| l.visits > 0).collect();
    let lat0 = active.iter().map(|l| l.lat).sum::<f64>() / active.len() as f64;
    let kx = KM_PER_DEGREE * lat0.to_radians().cos();
    let xy: Vec<(f64, f64)> = active
        .iter()
        .map(|l| (l.lon * kx, l.lat * KM_PER_DEGREE))
        .collect();
    let cells: HashSet<(i64, i64)> = xy
        .iter()
        .map(|&(x, y)| ((x / CELL_KM).floor() as i64, (y / CELL_KM).floor() as i64))
        .collect();
    let (min_x, min_y) = xy
        .iter()
        .fold((f64::MAX, f64::MAX), |(a, b), &(x, y)| (a.min(x), b.min(y)));
    let span = xy
        .iter()
        .fold(1e-9_f64, |s, &(x, y)| s.max(x - min_x).max(y - min_y));
    let mut order: Vec<(u64, usize)> = xy
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| (hilbert_index((x - min_x) / span, (y - min_y) / span), i))
        .collect();
    order.sort_unstable();
    let leg = |a: usize, b: usize| (xy[a].0 - xy[b].0).hypot(xy[a].1 - xy[b].1);
    let rounds = active.iter().map(|l| l.visits).max().unwrap_or(0);
    let mut zones_km = 0.0;
    for round in 1..=rounds {
        let mut prev: Option<usize> = None;
        for &(_, i) in order.iter().filter(|&&(_, i)| active[i].visits >= round) {
            if let Some(p) = prev {
                zones_km += leg(p, i);
            }
            prev = Some(i);
        }
    }
    let v = visits as f64;
    let area_occupied = cells.len() as f64 * CELL_KM * CELL_KM;
    let managers = cap.managers.max(1) as f64;
    let share = area_occupied / managers;
    let mean_reach_km = 2.0 / 3.0 * (share / std::f64::consts::PI).sqrt();
    // A manager-day is used only when there is work for it.
    let tours = (managers * f64::from(cap.days)).min(v);
    let base_km = tours * 2.0 * mean_reach_km;
    let travel_s = (zones_km + base_km) * cap.detour / cap.speed_kmh * 3600.0;
    let ratio = if capacity_s > 0.0 {
        (service_s + travel_s) / capacity_s
    } else {
        f64::INFINITY
    };
    WorkloadEstimate {
        visits,
        service_s,
        travel_s,
        capacity_s,
        ratio,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(managers: usize) -> Capacity {
        Capacity {
            managers,
            days: 10,
            max_minutes: 480,
            speed_kmh: 30.0,
            detour: 1.3,
        }
    }

    #[test]
    fn service_and_capacity_add_up() {
        let loads = [VisitLoad {
            lat: 50.0,
            lon: 10.0,
            visits: 2,
            service_s: 900,
        }; 3];
        let e = estimate_workload(&loads, &cap(1));
        assert_eq!(e.visits, 6);
        assert_eq!(e.service_s, 5400.0);
        assert_eq!(e.capacity_s, 10.0 * 480.0 * 60.0);
        // All in one cell: little travel, but base legs of a 1 km² disc remain.
        assert!(
            e.travel_s > 0.0 && e.travel_s < 6.0 * 600.0,
            "{}",
            e.travel_s
        );
        assert!((e.ratio - (e.service_s + e.travel_s) / e.capacity_s).abs() < 1e-12);
    }

    #[test]
    fn a_uniform_grid_is_walked_cell_by_cell() {
        // 256 points on a 16 km × 16 km grid, one per km²: the Hilbert pass takes 255 unit legs
        // (16 points a side fall one per dyadic interval, so the curve steps cell to cell).
        let mut loads = Vec::new();
        for i in 0..16 {
            for j in 0..16 {
                loads.push(VisitLoad {
                    lat: (i as f64 + 0.5) / KM_PER_DEGREE,
                    lon: (j as f64 + 0.5) / KM_PER_DEGREE,
                    visits: 1,
                    service_s: 0,
                });
            }
        }
        let e = estimate_workload(
            &loads,
            &Capacity {
                detour: 1.0,
                speed_kmh: 60.0,
                ..cap(1)
            },
        );
        // Zones: 255 km; base legs: 10 days × 2 × (2/3)√(256/π) = 120.36 km.
        let km = e.travel_s / 60.0;
        assert!((km - (255.0 + 120.36)).abs() < 0.1, "{km}");
    }

    #[test]
    fn more_managers_more_capacity_lower_ratio() {
        let loads: Vec<VisitLoad> = (0..500)
            .map(|i| VisitLoad {
                lat: 50.0 + (i % 25) as f64 * 0.01,
                lon: 10.0 + (i / 25) as f64 * 0.01,
                visits: 2,
                service_s: 1200,
            })
            .collect();
        let a = estimate_workload(&loads, &cap(3));
        let b = estimate_workload(&loads, &cap(6));
        assert!(b.ratio < a.ratio);
        assert_eq!(a.service_s, b.service_s);
    }
}
