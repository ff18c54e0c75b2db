//! Assignment: one eligible manager per (client, role) a rule names, locked clients kept,
//! `max_clients` respected, and every visit made by the assigned manager of its role.

use super::context::Context;
use super::Violation;
use crate::model::{Client, Manager};

pub(super) fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let p = ctx.problem;
    for (c, client) in p.clients.iter().enumerate() {
        for role in &ctx.roles_of[c] {
            let entries = ctx
                .assigned
                .get(&(c, role.clone()))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            if entries.is_empty() {
                if !ctx.assignment_excused(c, role) {
                    let eligible: Vec<&str> = ctx
                        .eligible(c, role)
                        .into_iter()
                        .map(|m| p.managers[m].id.as_str())
                        .collect();
                    out.push(
                        Violation::new(
                            "assignment_missing",
                            format!(
                                "client {} has no manager for role {}, although {} could take it",
                                client.id,
                                role,
                                eligible.join(", ")
                            ),
                        )
                        .client(&client.id),
                    );
                }
                continue;
            }
            if entries.len() > 1 {
                let names: Vec<String> = ctx
                    .plan
                    .assignments
                    .iter()
                    .filter(|a| a.client == client.id && a.role == *role)
                    .map(|a| a.manager.clone())
                    .collect();
                out.push(
                    Violation::new(
                        "assignment_duplicate",
                        format!(
                            "client {} has {} managers for role {} ({}); expected exactly one",
                            client.id,
                            entries.len(),
                            role,
                            names.join(", ")
                        ),
                    )
                    .client(&client.id),
                );
            }
            let locked = ctx.locked_manager(c, role);
            for &m in entries.iter().flatten() {
                let man = &p.managers[m];
                if man.role != *role {
                    out.push(
                        Violation::new(
                            "manager_role",
                            format!(
                                "client {} is assigned manager {} for role {}, but {} has role {}",
                                client.id, man.id, role, man.id, man.role
                            ),
                        )
                        .client(&client.id)
                        .manager(&man.id),
                    );
                }
                // The locked manager is kept whatever its lists say (module docs of `check`).
                if locked != Some(m) {
                    eligibility(ctx, client, man, role, out);
                }
                if let Some(lm) = locked {
                    if lm != m {
                        out.push(
                            Violation::new(
                                "locked",
                                format!(
                                    "client {} is locked to manager {}, who has role {}, but is \
                                     assigned {} for that role",
                                    client.id, p.managers[lm].id, role, man.id
                                ),
                            )
                            .client(&client.id)
                            .manager(&man.id),
                        );
                    }
                }
            }
        }
    }

    for (m, man) in p.managers.iter().enumerate() {
        if let Some(cap) = man.max_clients {
            let n = ctx.clients_of[m].len();
            if n > cap {
                out.push(
                    Violation::new(
                        "max_clients",
                        format!(
                            "manager {} is assigned {n} distinct clients, more than its max_clients {cap}",
                            man.id
                        ),
                    )
                    .manager(&man.id),
                );
            }
        }
    }

    for s in ctx.stops() {
        let (Some(c), Some(m)) = (s.client, s.manager) else {
            continue;
        };
        let Some(entries) = ctx.assigned.get(&(c, s.v.role.clone())) else {
            continue;
        };
        if !entries.contains(&Some(m)) {
            let names: Vec<&str> = entries
                .iter()
                .flatten()
                .map(|&a| p.managers[a].id.as_str())
                .collect();
            out.push(
                Violation::new(
                    "visit_manager",
                    format!(
                        "client {} is visited for role {} by {} on {}, but its {} manager is {}",
                        s.v.client,
                        s.v.role,
                        s.r.manager,
                        ctx.day_label(s.r.day),
                        s.v.role,
                        if names.is_empty() {
                            "unknown".to_string()
                        } else {
                            names.join(", ")
                        }
                    ),
                )
                .client(&s.v.client)
                .manager(&s.r.manager)
                .day(s.r.day),
            );
        }
    }
}

/// Allow-lists and the competency minimum, reported as separate rules.
fn eligibility(
    ctx: &Context,
    client: &Client,
    man: &Manager,
    role: &str,
    out: &mut Vec<Violation>,
) {
    let lists = [
        ("districts", &man.districts, &client.district),
        ("business_types", &man.business_types, &client.business_type),
        ("value_tiers", &man.value_tiers, &client.value_tier),
    ];
    for (name, list, value) in lists {
        let Some(list) = list else { continue };
        if !value.as_ref().is_some_and(|v| list.iter().any(|x| x == v)) {
            out.push(
                Violation::new(
                    "allow_list",
                    format!(
                        "client {} ({}) is assigned manager {} for role {}, whose {} allow only {}",
                        client.id,
                        value.as_deref().unwrap_or("none given"),
                        man.id,
                        role,
                        name,
                        list.join(";")
                    ),
                )
                .client(&client.id)
                .manager(&man.id),
            );
        }
    }
    let needed = ctx.problem.policy.competency_needed(client);
    if man.competency + 1e-9 < needed {
        out.push(
            Violation::new(
                "competency",
                format!(
                    "client {} needs competency {} but is assigned manager {} with competency {} for role {}",
                    client.id, needed, man.id, man.competency, role
                ),
            )
            .client(&client.id)
            .manager(&man.id),
        );
    }
}
