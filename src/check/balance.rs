//! Balance: per role, each manager's cycle workload (leave to return over all its routes:
//! service + travel + waiting) is at most `(1 + tolerance)` × the mean over all managers of the
//! role, idle ones included.

use super::context::Context;
use super::Violation;

/// Relative slack for float rounding only; workloads are whole seconds.
const EPSILON: f64 = 1e-9;

pub(super) fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let p = ctx.problem;
    let work = workloads(ctx);
    let tolerance = p.policy.tolerance;
    for role in p.roles() {
        let Some(mean) = role_mean(ctx, &work, &role) else {
            continue;
        };
        let cap = (1.0 + tolerance) * mean;
        for m in p.managers_of_role(&role) {
            let w = work[m] as f64;
            if w > cap * (1.0 + EPSILON) + EPSILON {
                let id = &p.managers[m].id;
                out.push(
                    Violation::new(
                        "balance",
                        format!(
                            "manager {id} (role {role}) works {:.2} h in the cycle, {:.3} x the \
                             role's mean of {:.2} h; at most {:.2} h (1 + tolerance {tolerance})",
                            w / 3600.0,
                            w / mean,
                            mean / 3600.0,
                            cap / 3600.0
                        ),
                    )
                    .manager(id),
                );
            }
        }
    }
}

/// Cycle workload per manager in seconds, indexed like `problem.managers`.
pub(super) fn workloads(ctx: &Context) -> Vec<i64> {
    let mut work: Vec<i64> = vec![0; ctx.problem.managers.len()];
    for (ri, r) in ctx.plan.routes.iter().enumerate() {
        if let Some(m) = ctx.route_manager[ri] {
            work[m] = work[m].saturating_add(r.return_s.saturating_sub(r.leave_s));
        }
    }
    work
}

/// Mean workload of a role's managers, `None` when the role has no manager or no work.
pub(super) fn role_mean(ctx: &Context, work: &[i64], role: &str) -> Option<f64> {
    let ms: Vec<usize> = ctx.problem.managers_of_role(role).collect();
    if ms.is_empty() {
        return None;
    }
    let mean = ms.iter().map(|&m| work[m] as f64).sum::<f64>() / ms.len() as f64;
    (mean > 0.0).then_some(mean)
}
