//! Routes: one per manager-day; shift and `max_minutes`; arrival, start, service, return and
//! distance re-timed leg by leg with the travel model; service inside an opening window.
//!
//! Each visit is checked against the plan's own previous departure, so one wrong time is
//! reported once instead of shifting every later stop.

use super::context::{Context, Stop};
use super::Violation;
use crate::model::{Place, Window};
use std::collections::BTreeMap;

pub(super) fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let p = ctx.problem;
    let mut seen: BTreeMap<(&str, u32), usize> = BTreeMap::new();
    for r in &ctx.plan.routes {
        *seen.entry((r.manager.as_str(), r.day)).or_default() += 1;
    }
    for ((manager, day), n) in seen {
        if n > 1 {
            out.push(
                Violation::new(
                    "route_duplicate",
                    format!(
                        "manager {manager} has {n} routes on {}; expected at most one",
                        ctx.day_label(day)
                    ),
                )
                .manager(manager)
                .day(day),
            );
        }
    }

    for (ri, r) in ctx.plan.routes.iter().enumerate() {
        let Some(m) = ctx.route_manager[ri] else {
            continue;
        };
        let man = &p.managers[m];
        let at = |v: Violation| v.manager(&r.manager).day(r.day);
        let where_ = format!("manager {} on {}", r.manager, ctx.day_label(r.day));
        if r.leave_s < man.shift.open {
            out.push(at(Violation::new(
                "shift",
                format!(
                    "{where_} leaves at {} before its shift opens at {}",
                    hhmm(r.leave_s),
                    hhmm(man.shift.open)
                ),
            )));
        }
        if r.return_s > man.shift.close {
            out.push(at(Violation::new(
                "shift",
                format!(
                    "{where_} returns at {} after its shift closes at {}",
                    hhmm(r.return_s),
                    hhmm(man.shift.close)
                ),
            )));
        }
        if r.return_s.saturating_sub(r.leave_s) > man.max_work_s {
            out.push(at(Violation::new(
                "max_minutes",
                format!(
                    "{where_} works {} min from leaving to returning, more than its max_minutes {}",
                    minutes(r.return_s.saturating_sub(r.leave_s)),
                    minutes(man.max_work_s)
                ),
            )));
        }

        let mut here = Place::Base(m);
        let mut departure = r.leave_s;
        let mut metres = 0;
        let mut timed = true;
        for (vi, v) in r.visits.iter().enumerate() {
            let Some(c) = ctx.visit_client[ri][vi] else {
                timed = false; // reported as unknown_id; no travel to an unknown place
                break;
            };
            let client = &p.clients[c];
            let stop = at(Violation::new("", "")).client(&v.client);
            let there = Place::Client(c);
            let leg = ctx.travel.leg(here, there);
            metres += leg.meters;
            let expected = departure.saturating_add(leg.seconds);
            if v.arrival_s != expected {
                out.push(Violation {
                    rule: "arrival",
                    message: format!(
                        "{where_}, stop {} at client {}: arrival {} but the previous departure {} \
                         plus {} s of travel gives {}",
                        vi + 1,
                        v.client,
                        hhmm(v.arrival_s),
                        hhmm(departure),
                        leg.seconds,
                        hhmm(expected)
                    ),
                    ..stop.clone()
                });
            }
            if v.start_s < v.arrival_s {
                out.push(Violation {
                    rule: "start_time",
                    message: format!(
                        "{where_}, client {}: service starts at {} before arrival at {}",
                        v.client,
                        hhmm(v.start_s),
                        hhmm(v.arrival_s)
                    ),
                    ..stop.clone()
                });
            }
            let service = v.end_s.saturating_sub(v.start_s);
            let expected_service = ctx.service_s(&Stop {
                route: ri,
                index: vi,
                r,
                v,
                client: Some(c),
                manager: Some(m),
            });
            if let Some(want) = expected_service {
                if service != want {
                    out.push(Violation {
                        rule: "service_duration",
                        message: format!(
                            "{where_}, client {} (role {}): service lasts {} s ({}-{}) but the rule \
                             asks for {} s",
                            v.client,
                            v.role,
                            service,
                            hhmm(v.start_s),
                            hhmm(v.end_s),
                            want
                        ),
                        ..stop.clone()
                    });
                }
            }
            let inside = |w: &Window| w.open <= v.start_s && v.end_s <= w.close;
            if service >= 0 && !client.open.iter().any(inside) {
                let windows: Vec<String> = client
                    .open
                    .iter()
                    .map(|w| format!("{}-{}", hhmm(w.open), hhmm(w.close)))
                    .collect();
                out.push(Violation {
                    rule: "window",
                    message: format!(
                        "{where_}, client {}: service {}-{} is not inside one opening window ({})",
                        v.client,
                        hhmm(v.start_s),
                        hhmm(v.end_s),
                        windows.join(";")
                    ),
                    ..stop
                });
            }
            here = there;
            departure = v.end_s;
        }
        if !timed {
            continue;
        }
        let back = ctx.travel.leg(here, Place::Base(m));
        metres += back.meters;
        let expected = departure.saturating_add(back.seconds);
        if r.return_s != expected {
            out.push(at(Violation::new(
                "return_time",
                format!(
                    "{where_} returns at {} but the last departure {} plus {} s of travel to the \
                     base gives {}",
                    hhmm(r.return_s),
                    hhmm(departure),
                    back.seconds,
                    hhmm(expected)
                ),
            )));
        }
        if r.distance_m != metres {
            out.push(at(Violation::new(
                "distance",
                format!(
                    "{where_} reports {} m but its legs sum to {} m",
                    r.distance_m, metres
                ),
            )));
        }
    }
}

/// `HH:MM`, or `HH:MM:SS` when the seconds matter, for a time in seconds since midnight
/// (negative times keep their sign).
pub(super) fn hhmm(t: i64) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let a = t.unsigned_abs();
    if a.is_multiple_of(60) {
        format!("{sign}{:02}:{:02}", a / 3600, a / 60 % 60)
    } else {
        format!("{sign}{:02}:{:02}:{:02}", a / 3600, a / 60 % 60, a % 60)
    }
}

fn minutes(s: i64) -> String {
    if s % 60 == 0 {
        (s / 60).to_string()
    } else {
        format!("{:.2}", s as f64 / 60.0)
    }
}
