//! `report.html`: one self-contained page (no network) with an SVG map of territories, bases
//! and day routes, and the KPI tables.

use crate::model::{Place, Problem};
use crate::plan::Plan;
use geo::{ConvexHull, MultiPoint, Point};
use std::collections::BTreeMap;
use std::fmt::Write;

const W: f64 = 900.0;
const H: f64 = 700.0;

/// Equirectangular projection fitted to the plan's places.
struct Frame {
    min_x: f64,
    max_y: f64,
    scale: f64,
    kx: f64,
}

impl Frame {
    fn fit(points: &[(f64, f64)]) -> Frame {
        let mean_lat = points.iter().map(|p| p.0).sum::<f64>() / points.len().max(1) as f64;
        let kx = mean_lat.to_radians().cos().max(0.01);
        let xs = points.iter().map(|p| p.1 * kx);
        let ys = points.iter().map(|p| p.0);
        let (min_x, max_x) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
        let (min_y, max_y) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
        let span = ((max_x - min_x) / (W - 40.0)).max((max_y - min_y) / (H - 40.0));
        Frame {
            min_x,
            max_y,
            scale: if span > 0.0 { 1.0 / span } else { 1.0 },
            kx,
        }
    }

    fn xy(&self, (lat, lon): (f64, f64)) -> (f64, f64) {
        (
            20.0 + (lon * self.kx - self.min_x) * self.scale,
            20.0 + (self.max_y - lat) * self.scale,
        )
    }
}

fn colour(i: usize) -> String {
    format!("hsl({}, 70%, 45%)", (i * 137) % 360)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders the report page.
pub fn html(problem: &Problem, plan: &Plan) -> String {
    let mut pts: Vec<(f64, f64)> = problem.clients.iter().map(|c| (c.lat, c.lon)).collect();
    pts.extend(problem.managers.iter().map(|m| (m.lat, m.lon)));
    let frame = Frame::fit(&pts);
    let mgr_index: BTreeMap<&str, usize> = problem
        .managers
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg id="map" width="{W}" height="{H}" viewBox="0 0 {W} {H}" xmlns="http://www.w3.org/2000/svg">"#
    );
    for ((m, _role), coords) in &crate::metrics::members(problem, plan) {
        let points: Vec<Point<f64>> = coords
            .iter()
            .map(|&c| {
                let (x, y) = frame.xy(c);
                Point::new(x, y)
            })
            .collect();
        let i = mgr_index.get(m).copied().unwrap_or(0);
        let hull = MultiPoint::new(points.clone()).convex_hull();
        let d: Vec<String> = hull
            .exterior()
            .points()
            .map(|p| format!("{:.1},{:.1}", p.x(), p.y()))
            .collect();
        let _ = write!(
            svg,
            r#"<polygon class="territory" data-manager="{}" points="{}" fill="{}" fill-opacity="0.12" stroke="{}" stroke-width="1"/>"#,
            esc(m),
            d.join(" "),
            colour(i),
            colour(i)
        );
        for p in points {
            let _ = write!(
                svg,
                r#"<circle cx="{:.1}" cy="{:.1}" r="1.6" fill="{}"/>"#,
                p.x(),
                p.y(),
                colour(i)
            );
        }
    }
    for r in &plan.routes {
        let Some(&m) = mgr_index.get(r.manager.as_str()) else {
            continue;
        };
        let mut d = vec![frame.xy(problem.coords(Place::Base(m)))];
        for v in &r.visits {
            if let Some(c) = problem.client_by_id(&v.client) {
                d.push(frame.xy(problem.coords(Place::Client(c))));
            }
        }
        d.push(d[0]);
        let path: Vec<String> = d.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = write!(
            svg,
            r#"<polyline class="route" data-manager="{}" data-day="{}" points="{}" fill="none" stroke="{}" stroke-width="1.4"/>"#,
            esc(&r.manager),
            r.day,
            path.join(" "),
            colour(m)
        );
    }
    for (i, m) in problem.managers.iter().enumerate() {
        let (x, y) = frame.xy(problem.coords(Place::Base(i)));
        let _ = write!(
            svg,
            r#"<rect x="{:.1}" y="{:.1}" width="7" height="7" fill="{}" stroke="black"><title>{}</title></rect>"#,
            x - 3.5,
            y - 3.5,
            colour(i),
            esc(&m.id)
        );
    }
    svg.push_str("</svg>");

    let mut rows = String::new();
    for (i, m) in problem.managers.iter().enumerate() {
        let routes: Vec<_> = plan.routes.iter().filter(|r| r.manager == m.id).collect();
        let visits: usize = routes.iter().map(|r| r.visits.len()).sum();
        let km: f64 = routes.iter().map(|r| r.distance_m as f64).sum::<f64>() / 1000.0;
        let hours: f64 = routes
            .iter()
            .map(|r| (r.return_s - r.leave_s) as f64)
            .sum::<f64>()
            / 3600.0;
        let days = (0..problem.calendar.days())
            .filter(|&d| m.workdays.contains(problem.calendar.weekday(d)))
            .count();
        let capacity = days as f64 * m.max_work_s as f64 / 3600.0;
        let clients = plan
            .assignments
            .iter()
            .filter(|a| a.manager == m.id)
            .count();
        let _ = write!(
            rows,
            r#"<tr><td><span class="sw" style="background:{}"></span>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{:.0} %</td></tr>"#,
            colour(i),
            esc(&m.id),
            esc(&m.role),
            clients,
            visits,
            km,
            hours,
            if capacity > 0.0 {
                100.0 * hours / capacity
            } else {
                0.0
            }
        );
    }
    let k = &plan.kpis;
    let mut unserved = String::new();
    for u in &plan.unserved {
        let _ = write!(
            unserved,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&u.client),
            esc(&u.role),
            u.visits_missing,
            esc(&u.reason)
        );
    }
    let managers: Vec<String> = problem
        .managers
        .iter()
        .map(|m| format!(r#"<option>{}</option>"#, esc(&m.id)))
        .collect();
    let days: Vec<String> = (0..problem.calendar.days())
        .map(|d| {
            format!(
                r#"<option value="{d}">{d} ({})</option>"#,
                problem.calendar.weekday(d).name()
            )
        })
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>beatplan report</title>
<style>
body{{font-family:system-ui,sans-serif;margin:16px;color:#222}} h1{{font-size:1.3em}}
#wrap{{display:flex;gap:16px;flex-wrap:wrap}} svg{{border:1px solid #ccc;background:#fbfbf8;max-width:100%;height:auto}}
table{{border-collapse:collapse;font-size:13px}} td,th{{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}}
td:first-child,th:first-child{{text-align:left}} .sw{{display:inline-block;width:10px;height:10px;margin-right:6px}}
.hidden{{display:none}}
</style></head><body>
<h1>beatplan — {clients} clients, {mgrs} managers, {days_n} days</h1>
<p>Travel {km:.1} km · {th:.1} h travel · {sh:.1} h service · {visits} visits · workload max/mean {wl:.3} · unserved visits {uv}</p>
{bound}
<p>Manager <select id="mgr"><option value="">all</option>{mopts}</select>
Day <select id="day"><option value="">all</option>{dopts}</select></p>
<div id="wrap"><div>{svg}</div>
<div><h2>Managers</h2><table><tr><th>manager</th><th>role</th><th>clients</th><th>visits</th><th>km</th><th>hours</th><th>utilisation</th></tr>{rows}</table>
<h2>Unserved</h2><table><tr><th>client</th><th>role</th><th>missing</th><th>reason</th></tr>{unserved}</table></div></div>
<p style="font-size:11px;color:#666">Map data derived from the inputs; for OpenStreetMap-derived clients: © OpenStreetMap contributors, ODbL.</p>
<script>
window.onerror=function(){{var b=document.body;b.dataset.errors=String(Number(b.dataset.errors||0)+1);}};
function show(){{var m=document.getElementById('mgr').value,d=document.getElementById('day').value;
document.querySelectorAll('.route').forEach(function(e){{var ok=(!m||e.dataset.manager===m)&&(!d||e.dataset.day===d);e.classList.toggle('hidden',!ok);}});
document.querySelectorAll('.territory').forEach(function(e){{e.classList.toggle('hidden',!!m&&e.dataset.manager!==m);}});}}
document.getElementById('mgr').onchange=show;document.getElementById('day').onchange=show;
show();document.body.dataset.routes=String(document.querySelectorAll('polyline.route').length);
document.body.dataset.mapWidth=String(Math.round(document.getElementById('map').getBoundingClientRect().width));
</script></body></html>
"#,
        clients = problem.clients.len(),
        mgrs = problem.managers.len(),
        days_n = problem.calendar.days(),
        km = k.travel_km,
        th = k.travel_hours,
        sh = k.service_hours,
        visits = k.visits,
        wl = k.workload_max_over_mean,
        uv = k.unserved_visits,
        mopts = managers.join(""),
        bound = plan
            .meta
            .as_ref()
            .and_then(|m| Some((m.assignment_objective?, m.assignment_lower_bound?)))
            .map(|(obj, lb)| format!(
                "<p>Territory objective {obj:.1} against its LP lower bound {lb:.1} (within {:.2} %)</p>",
                if lb > 0.0 { 100.0 * (obj - lb) / lb } else { 0.0 }
            ))
            .unwrap_or_default(),
        dopts = days.join(""),
    )
}
