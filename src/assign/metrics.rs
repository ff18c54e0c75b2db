//! Territory figures of an assignment, for `compare` and reports: compactness (mean client to
//! territory-centre distance), overlap (clients inside another territory's convex hull) and
//! workload balance.

use super::geometry::{dist, weighted_median, Projection, Xy};
use super::AssignOutcome;
use crate::model::Problem;
use geo::{BoundingRect, Contains, ConvexHull, MultiPoint, Point, Polygon, Rect};

/// Figures over all roles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TerritoryMetrics {
    /// Mean distance (km) from a client to the geometric median of its manager's clients.
    pub mean_centre_km: f64,
    /// Share of (client, role) assignments lying strictly inside the convex hull of another
    /// manager's clients of the same role (0 for perfectly separated territories).
    pub overlap: f64,
    /// Largest estimated workload over its role's mean (all the role's managers count).
    pub workload_max_over_mean: f64,
}

/// Measures the territories of `outcome` (uses `workload_estimate` for the balance figure).
pub fn territory_metrics(problem: &Problem, outcome: &AssignOutcome) -> TerritoryMetrics {
    let proj = Projection::around(problem.clients.iter().map(|c| (c.lat, c.lon)));
    let xy = |c: usize| proj.xy(problem.clients[c].lat, problem.clients[c].lon);
    let n_m = problem.managers.len();
    let mut points: Vec<Vec<Xy>> = vec![Vec::new(); n_m];
    for a in &outcome.assignments {
        points[a.manager].push(xy(a.client));
    }
    let centres: Vec<Option<Xy>> = points
        .iter()
        .map(|ps| weighted_median(&ps.iter().map(|p| (*p, 1.0)).collect::<Vec<_>>()))
        .collect();
    let hulls: Vec<Option<(Polygon<f64>, Rect<f64>)>> = points
        .iter()
        .map(|ps| {
            if ps.len() < 3 {
                return None;
            }
            let mp: MultiPoint<f64> = ps.iter().map(|p| Point::new(p[0], p[1])).collect();
            let hull = mp.convex_hull();
            let rect = hull.bounding_rect()?;
            Some((hull, rect))
        })
        .collect();
    let (mut sum_km, mut inside, mut n) = (0.0, 0usize, 0usize);
    for a in &outcome.assignments {
        let p = xy(a.client);
        n += 1;
        if let Some(c) = centres[a.manager] {
            sum_km += dist(p, c) / 1000.0;
        }
        let pt = Point::new(p[0], p[1]);
        let role = &problem.managers[a.manager].role;
        let in_other = hulls.iter().enumerate().any(|(m, h)| {
            m != a.manager
                && &problem.managers[m].role == role
                && h.as_ref()
                    .is_some_and(|(poly, rect)| rect.contains(&pt.0) && poly.contains(&pt))
        });
        inside += in_other as usize;
    }
    let mut worst: f64 = 0.0;
    for role in problem.roles() {
        let loads: Vec<f64> = problem
            .managers_of_role(&role)
            .map(|m| outcome.workload_estimate.get(m).copied().unwrap_or(0.0))
            .collect();
        let mean = loads.iter().sum::<f64>() / loads.len().max(1) as f64;
        if mean > 0.0 {
            worst = worst.max(loads.iter().cloned().fold(0.0, f64::max) / mean);
        }
    }
    TerritoryMetrics {
        mean_centre_km: if n > 0 { sum_km / n as f64 } else { 0.0 },
        overlap: if n > 0 { inside as f64 / n as f64 } else { 0.0 },
        workload_max_over_mean: worst,
    }
}
