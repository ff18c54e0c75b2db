//! Plan references: ids exist, roles are asked of the client, days are in the cycle and are
//! working days of the manager and allowed days of the client.

use super::context::Context;
use super::Violation;

pub(super) fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let p = ctx.problem;
    let asked = |c: usize, role: &str| ctx.roles_of[c].iter().any(|r| r == role);

    for a in &ctx.plan.assignments {
        let client = p.client_by_id(&a.client);
        if client.is_none() {
            out.push(
                Violation::new(
                    "unknown_id",
                    format!(
                        "assignment names client {}, which is not in the clients",
                        a.client
                    ),
                )
                .client(&a.client),
            );
        }
        if p.manager_by_id(&a.manager).is_none() {
            out.push(
                Violation::new(
                    "unknown_id",
                    format!(
                        "assignment of client {} names manager {}, which is not in the managers",
                        a.client, a.manager
                    ),
                )
                .client(&a.client)
                .manager(&a.manager),
            );
        }
        if let Some(c) = client {
            if !asked(c, &a.role) {
                out.push(
                    Violation::new(
                        "role_not_required",
                        format!(
                            "client {} is assigned manager {} for role {}, but no rule asks that \
                             role of it (roles asked: {})",
                            a.client,
                            a.manager,
                            a.role,
                            list(&ctx.roles_of[c])
                        ),
                    )
                    .client(&a.client)
                    .manager(&a.manager),
                );
            }
        }
    }

    for (ri, r) in ctx.plan.routes.iter().enumerate() {
        let manager = ctx.route_manager[ri];
        if manager.is_none() {
            out.push(
                Violation::new(
                    "unknown_id",
                    format!(
                        "route of {} names manager {}, which is not in the managers",
                        ctx.day_label(r.day),
                        r.manager
                    ),
                )
                .manager(&r.manager)
                .day(r.day),
            );
        }
        let day_ok = r.day < ctx.days;
        if !day_ok {
            out.push(
                Violation::new(
                    "day_out_of_range",
                    format!(
                        "route of manager {} is on day {}, but the cycle has days 0..{}",
                        r.manager,
                        r.day,
                        ctx.days.saturating_sub(1)
                    ),
                )
                .manager(&r.manager)
                .day(r.day),
            );
        }
        let weekday = day_ok.then(|| p.calendar.weekday(r.day));
        if let (Some(label), Some(wd)) = (&r.weekday, weekday) {
            if !label.eq_ignore_ascii_case(wd.name()) {
                out.push(
                    Violation::new(
                        "weekday_label",
                        format!(
                            "route of manager {} on day {} is labelled {label}, but that day is a {}",
                            r.manager,
                            r.day,
                            wd.name()
                        ),
                    )
                    .manager(&r.manager)
                    .day(r.day),
                );
            }
        }
        if let (Some(m), Some(wd)) = (manager, weekday) {
            if !p.managers[m].workdays.contains(wd) {
                out.push(
                    Violation::new(
                        "manager_day_off",
                        format!(
                            "manager {} has a route on {}, but does not work on {}",
                            r.manager,
                            ctx.day_label(r.day),
                            wd.name()
                        ),
                    )
                    .manager(&r.manager)
                    .day(r.day),
                );
            }
        }
        for (vi, v) in r.visits.iter().enumerate() {
            let Some(c) = ctx.visit_client[ri][vi] else {
                out.push(
                    Violation::new(
                        "unknown_id",
                        format!(
                            "manager {} on {} visits client {}, which is not in the clients",
                            r.manager,
                            ctx.day_label(r.day),
                            v.client
                        ),
                    )
                    .client(&v.client)
                    .manager(&r.manager)
                    .day(r.day),
                );
                continue;
            };
            if !asked(c, &v.role) {
                out.push(
                    Violation::new(
                        "role_not_required",
                        format!(
                            "manager {} on {} visits client {} as role {}, but no rule asks that \
                             role of it (roles asked: {})",
                            r.manager,
                            ctx.day_label(r.day),
                            v.client,
                            v.role,
                            list(&ctx.roles_of[c])
                        ),
                    )
                    .client(&v.client)
                    .manager(&r.manager)
                    .day(r.day),
                );
            }
            if let Some(wd) = weekday {
                if !p.clients[c].days.contains(wd) {
                    let allowed: Vec<&str> = p.clients[c].days.iter().map(|d| d.name()).collect();
                    out.push(
                        Violation::new(
                            "client_day",
                            format!(
                                "client {} is visited by {} on {}, but may only be visited on {}",
                                v.client,
                                r.manager,
                                ctx.day_label(r.day),
                                allowed.join(";")
                            ),
                        )
                        .client(&v.client)
                        .manager(&r.manager)
                        .day(r.day),
                    );
                }
            }
        }
    }

    for u in &ctx.plan.unserved {
        match p.client_by_id(&u.client) {
            None => out.push(
                Violation::new(
                    "unknown_id",
                    format!(
                        "unserved entry names client {}, which is not in the clients",
                        u.client
                    ),
                )
                .client(&u.client),
            ),
            Some(c) if !asked(c, &u.role) => out.push(
                Violation::new(
                    "role_not_required",
                    format!(
                        "unserved entry of client {} names role {}, but no rule asks that role of \
                         it (roles asked: {})",
                        u.client,
                        u.role,
                        list(&ctx.roles_of[c])
                    ),
                )
                .client(&u.client),
            ),
            Some(_) => {}
        }
    }
}

fn list(roles: &[String]) -> String {
    if roles.is_empty() {
        "none".to_string()
    } else {
        roles.join(", ")
    }
}
