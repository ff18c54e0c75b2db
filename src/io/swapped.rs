//! Warnings for coordinates that only make sense swapped.
//!
//! A latitude beyond ±90 is an error (see `table`), but a swapped pair is often valid on its own:
//! Berlin's `52.52, 13.40` swapped is a point in Yemen. Such a point shows up against the other
//! file: a client thousands of kilometres from every manager base whose swapped point lies
//! near one, or a base far from every client whose swapped point lies among them. The plan is
//! still made (the data is valid); the warning names the row so the file can be fixed.

use super::error::InputError;
use crate::model::{Client, Manager};
use geo::{Distance, Haversine, Point};
use std::path::Path;

/// Farther than this from every point of the other file, a point is suspect.
const FAR_KM: f64 = 300.0;
/// Swapped, a suspect point must come at least this much closer …
const CLOSER: f64 = 10.0;
/// … and within this distance of the other file's nearest point.
const NEAR_KM: f64 = 100.0;

/// One warning per client or manager row whose coordinates only make sense swapped.
pub fn warnings(
    clients: &[Client],
    client_rows: &[usize],
    clients_file: &Path,
    managers: &[Manager],
    manager_rows: &[usize],
    managers_file: &Path,
) -> Vec<InputError> {
    let bases: Vec<(f64, f64)> = managers.iter().map(|m| (m.lat, m.lon)).collect();
    let sites: Vec<(f64, f64)> = clients.iter().map(|c| (c.lat, c.lon)).collect();
    let mut out = Vec::new();
    let mut check = |file: &Path, row: usize, what: &str, at: (f64, f64), others: &[(f64, f64)]| {
        if let Some((km, swapped_km)) = swapped_fits(at, others) {
            out.push(InputError::cell(
                file,
                row,
                "lat",
                format!(
                    "lat {}, lon {} lies {km:.0} km from every {what}, but swapped it would lie \
                     {swapped_km:.0} km from one; are lat and lon swapped? If so, swap them back",
                    at.0, at.1
                ),
            ));
        }
    };
    for (c, row) in clients.iter().zip(client_rows) {
        check(clients_file, *row, "manager base", (c.lat, c.lon), &bases);
    }
    for (m, row) in managers.iter().zip(manager_rows) {
        check(managers_file, *row, "client", (m.lat, m.lon), &sites);
    }
    out
}

/// `(distance, distance swapped)` in km to the nearest of `others` when `at` is far from all of
/// them and its swapped point is near one.
fn swapped_fits(at: (f64, f64), others: &[(f64, f64)]) -> Option<(f64, f64)> {
    let swapped = (at.1, at.0);
    if swapped.0.abs() > 90.0 || others.is_empty() {
        return None;
    }
    // Most points have a near neighbour early in the list: stop at the first.
    if others.iter().any(|o| km_between(at, *o) <= FAR_KM) {
        return None;
    }
    let km = nearest_km(at, others);
    let swapped_km = nearest_km(swapped, others);
    (swapped_km <= NEAR_KM && swapped_km * CLOSER <= km).then_some((km, swapped_km))
}

fn nearest_km(at: (f64, f64), others: &[(f64, f64)]) -> f64 {
    others
        .iter()
        .map(|o| km_between(at, *o))
        .fold(f64::INFINITY, f64::min)
}

/// Great-circle km between two `(lat, lon)` points.
fn km_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0)) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const BERLIN: [(f64, f64); 2] = [(52.50, 13.40), (52.52, 13.45)];

    #[test]
    fn a_swapped_point_near_the_others_is_flagged() {
        let (km, swapped_km) = swapped_fits((13.41, 52.52), &BERLIN).expect("flagged");
        assert!(km > 3000.0 && swapped_km < 5.0, "{km} {swapped_km}");
    }

    #[test]
    fn near_points_and_far_points_that_stay_far_swapped_are_not() {
        assert_eq!(swapped_fits((52.51, 13.41), &BERLIN), None);
        // Sydney is far from Berlin either way round.
        assert_eq!(swapped_fits((-33.87, 151.21), &BERLIN), None);
        // A longitude beyond ±90 cannot be a latitude.
        assert_eq!(swapped_fits((13.4, 120.0), &BERLIN), None);
        assert_eq!(swapped_fits((13.4, 52.5), &[]), None);
    }
}
