//! Territory metrics used by `beatplan compare`, the report and the assignment tests:
//! compactness (client-to-territory-centre distance) and overlap (clients closer to another
//! territory's centre). One measure, for a plan or for an assignment before routing.

use crate::assign::AssignOutcome;
use crate::model::{Place, Problem};
use crate::plan::Plan;
use geo::{Distance, Haversine, Point};
use rstar::{primitives::GeomWithData, RTree};
use std::collections::BTreeMap;

/// Territory shape figures of a plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TerritoryMetrics {
    /// Mean straight-line km from a client to the centre of its territory.
    pub mean_centre_km: f64,
    /// Share of (client, role) assignments closer to another territory's centre of the same
    /// role than to their own.
    pub overlap: f64,
    pub territories: usize,
}

/// A plan's territories: (manager, role) → the (lat, lon) of its clients, in plan order.
/// The report, the GeoJSON and the metrics all draw or measure these.
pub fn members<'a>(
    problem: &Problem,
    plan: &'a Plan,
) -> BTreeMap<(&'a str, &'a str), Vec<(f64, f64)>> {
    let mut members: BTreeMap<(&str, &str), Vec<(f64, f64)>> = BTreeMap::new();
    for a in &plan.assignments {
        if let Some(c) = problem.client_by_id(&a.client) {
            members
                .entry((&a.manager, &a.role))
                .or_default()
                .push(problem.coords(Place::Client(c)));
        }
    }
    members
}

/// Computes the territory metrics of a plan's assignments.
pub fn territories(problem: &Problem, plan: &Plan) -> TerritoryMetrics {
    // (role, manager) -> member points (lon, lat).
    let members: BTreeMap<(&str, &str), Vec<Point<f64>>> = members(problem, plan)
        .into_iter()
        .map(|((manager, role), pts)| {
            let pts = pts
                .into_iter()
                .map(|(lat, lon)| Point::new(lon, lat))
                .collect();
            ((role, manager), pts)
        })
        .collect();
    measure(&members)
}

/// The same figures for an assignment stage outcome (before scheduling and routing).
pub fn assignment_territories(problem: &Problem, outcome: &AssignOutcome) -> TerritoryMetrics {
    let mut members: BTreeMap<(&str, &str), Vec<Point<f64>>> = BTreeMap::new();
    for a in &outcome.assignments {
        let (lat, lon) = problem.coords(Place::Client(a.client));
        members
            .entry((&a.role, &problem.managers[a.manager].id))
            .or_default()
            .push(Point::new(lon, lat));
    }
    measure(&members)
}

/// Territory figures from (role, manager) → member points (lon, lat).
fn measure(members: &BTreeMap<(&str, &str), Vec<Point<f64>>>) -> TerritoryMetrics {
    let centre = |pts: &[Point<f64>]| {
        let n = pts.len().max(1) as f64;
        Point::new(
            pts.iter().map(|p| p.x()).sum::<f64>() / n,
            pts.iter().map(|p| p.y()).sum::<f64>() / n,
        )
    };
    let mut by_role: BTreeMap<&str, Vec<GeomWithData<[f64; 2], &str>>> = BTreeMap::new();
    let mut centres: BTreeMap<(&str, &str), Point<f64>> = BTreeMap::new();
    for (&(role, mgr), pts) in members {
        let c = centre(pts);
        centres.insert((role, mgr), c);
        by_role
            .entry(role)
            .or_default()
            .push(GeomWithData::new([c.x(), c.y()], mgr));
    }
    let trees: BTreeMap<&str, RTree<GeomWithData<[f64; 2], &str>>> = by_role
        .into_iter()
        .map(|(r, v)| (r, RTree::bulk_load(v)))
        .collect();
    let (mut total_km, mut count, mut overlapping) = (0.0, 0usize, 0usize);
    for (&(role, mgr), pts) in members {
        let own = centres[&(role, mgr)];
        let tree = &trees[role];
        for p in pts {
            total_km += Haversine.distance(*p, own) / 1000.0;
            count += 1;
            // Distances on the local equirectangular plane; the plain-degree query radius is widened
            // by 1/k² so that no centre closer on that plane is missed.
            let k = p.y().to_radians().cos();
            let own_d = ((p.x() - own.x()) * k).powi(2) + (p.y() - own.y()).powi(2);
            let closer = tree
                .locate_within_distance([p.x(), p.y()], own_d.max(1e-18) / (k * k).max(1e-6))
                .any(|c| {
                    let d = ((p.x() - c.geom()[0]) * k).powi(2) + (p.y() - c.geom()[1]).powi(2);
                    c.data != mgr && d < own_d - 1e-15
                });
            if closer {
                overlapping += 1;
            }
        }
    }
    TerritoryMetrics {
        mean_centre_km: if count > 0 {
            total_km / count as f64
        } else {
            0.0
        },
        overlap: if count > 0 {
            overlapping as f64 / count as f64
        } else {
            0.0
        },
        territories: members.len(),
    }
}
