//! Writers of `beatplan plan`'s outputs: plan.json, schedule.csv, routes.geojson, report.html.
//!
//! Every file is written atomically (temporary file in the same folder, then rename), so an
//! interrupted run never leaves a half-written plan behind.

use super::report;
use crate::model::{Place, Problem};
use crate::plan::Plan;
use geo::{ConvexHull, MultiPoint, Point};
use serde_json::{json, Value};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A failure to write an output file.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct OutputError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let err = |source| OutputError {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(err)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let mut f = fs::File::create(&tmp).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)?;
    drop(f);
    fs::rename(&tmp, path).map_err(err)
}

/// Writes all four outputs into `dir`.
pub fn write_outputs(dir: &Path, problem: &Problem, plan: &Plan) -> Result<(), OutputError> {
    let json = serde_json::to_vec_pretty(plan).expect("a plan always serialises");
    write_atomic(&dir.join("plan.json"), &json)?;
    write_atomic(
        &dir.join("schedule.csv"),
        schedule_csv(problem, plan).as_bytes(),
    )?;
    let geo = serde_json::to_vec(&geojson(problem, plan)).expect("GeoJSON always serialises");
    write_atomic(&dir.join("routes.geojson"), &geo)?;
    write_atomic(
        &dir.join("report.html"),
        report::html(problem, plan).as_bytes(),
    )
}

/// `HH:MM:SS` for seconds since midnight.
pub fn clock(s: i64) -> String {
    format!("{:02}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
}

/// One row per visit: `manager,day,weekday,seq,client,arrival,start,end,role,team`.
pub fn schedule_csv(problem: &Problem, plan: &Plan) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "manager", "day", "weekday", "seq", "client", "arrival", "start", "end", "role", "team",
    ];
    w.write_record(header).expect("in-memory CSV");
    for r in &plan.routes {
        let weekday = problem
            .calendar
            .weekday(r.day % problem.calendar.days().max(1))
            .name();
        for (seq, v) in r.visits.iter().enumerate() {
            w.write_record([
                r.manager.as_str(),
                &r.day.to_string(),
                weekday,
                &(seq + 1).to_string(),
                &v.client,
                &clock(v.arrival_s),
                &clock(v.start_s),
                &clock(v.end_s),
                &v.role,
                v.team.as_deref().unwrap_or(""),
            ])
            .expect("in-memory CSV");
        }
    }
    String::from_utf8(w.into_inner().expect("in-memory CSV")).expect("UTF-8 ids")
}

fn lonlat(problem: &Problem, p: Place) -> [f64; 2] {
    let (lat, lon) = problem.coords(p);
    [lon, lat]
}

/// Territories (convex hull of each manager's clients per role), bases and day routes.
pub fn geojson(problem: &Problem, plan: &Plan) -> Value {
    let mut features = Vec::new();
    for ((manager, role), coords) in crate::metrics::members(problem, plan) {
        let points: Vec<Point<f64>> = coords
            .iter()
            .map(|&(lat, lon)| Point::new(lon, lat))
            .collect();
        let hull = MultiPoint::new(points.clone()).convex_hull();
        let ring: Vec<[f64; 2]> = hull.exterior().points().map(|p| [p.x(), p.y()]).collect();
        features.push(json!({
            "type": "Feature",
            "properties": {"kind": "territory", "manager": manager, "role": role,
                           "clients": points.len()},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }));
    }
    for (i, m) in problem.managers.iter().enumerate() {
        features.push(json!({
            "type": "Feature",
            "properties": {"kind": "base", "manager": m.id, "role": m.role},
            "geometry": {"type": "Point", "coordinates": lonlat(problem, Place::Base(i))},
        }));
    }
    for r in &plan.routes {
        let Some(m) = problem.manager_by_id(&r.manager) else {
            continue;
        };
        let mut line = vec![lonlat(problem, Place::Base(m))];
        for v in &r.visits {
            if let Some(c) = problem.client_by_id(&v.client) {
                line.push(lonlat(problem, Place::Client(c)));
            }
        }
        line.push(lonlat(problem, Place::Base(m)));
        features.push(json!({
            "type": "Feature",
            "properties": {"kind": "route", "manager": r.manager, "day": r.day,
                           "visits": r.visits.len(), "distance_m": r.distance_m},
            "geometry": {"type": "LineString", "coordinates": line},
        }));
    }
    json!({"type": "FeatureCollection", "features": features})
}
