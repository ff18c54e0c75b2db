//! When the assignment stops: its deadline for construction, and a grace after it for the
//! repairs that restore the balance band.

use std::time::{Duration, Instant};

/// The balance repair's grace past the assignment's deadline, as a share of the assignment's
/// time ([`Ends::new`]), within [`GRACE_MIN`] and [`GRACE_MAX`]: 0.5 s from a 20 s limit up,
/// 0.25 s at 5 s. A 30k region's build and greedy start take about its whole share at 5 s,
/// and its repair then needs 0.1 s (1,500 moves): unrepaired, the routes of its heaviest
/// territories took 25 % longer to build and twice as many visits were left unserved.
const GRACE_SHARE: f64 = 0.5;
const GRACE_MIN: Duration = Duration::from_millis(100);
const GRACE_MAX: Duration = Duration::from_millis(500);

/// When a role's work stops: the LP rounds and the construction by `solve`, the repairs that
/// restore the balance band (a contract rule) by `balance`, a short grace later. The grace is
/// one for the whole assignment, however many roles and repairs use it: a fixed 500 ms per
/// repair and role took a 30k region's assignment to 3 s on its 1 s share at a 5 s limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ends {
    pub solve: Option<Instant>,
    pub balance: Option<Instant>,
}

impl Ends {
    /// Ends for an assignment starting now with `deadline`: the grace is [`GRACE_SHARE`] of
    /// the time until the deadline, at least [`GRACE_MIN`] (a deadline already past still
    /// leaves repair a moment) and at most [`GRACE_MAX`].
    pub fn new(deadline: Option<Instant>) -> Ends {
        let balance = deadline.map(|d| {
            let window = d.saturating_duration_since(Instant::now());
            d + window.mul_f64(GRACE_SHARE).clamp(GRACE_MIN, GRACE_MAX)
        });
        Ends {
            solve: deadline,
            balance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grace(ends: Ends) -> Duration {
        ends.balance.unwrap() - ends.solve.unwrap()
    }

    #[test]
    fn the_grace_follows_the_assignment_time_within_bounds() {
        let now = Instant::now();
        // A 60 s limit (a 12 s share): the old fixed half second, once.
        assert_eq!(
            grace(Ends::new(Some(now + Duration::from_secs(12)))),
            GRACE_MAX
        );
        // A short limit: half of what is left, not more.
        let short = grace(Ends::new(Some(now + Duration::from_millis(400))));
        assert!(
            short <= Duration::from_millis(200) && short >= GRACE_MIN,
            "{short:?}"
        );
        // Out of time already: a moment for repair.
        assert_eq!(grace(Ends::new(Some(now))), GRACE_MIN);
        assert_eq!(Ends::new(None), Ends::default());
    }
}
