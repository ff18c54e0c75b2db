//! How much of a specialist's working day its clients' opening hours can fill.
//!
//! A manager works at most `max_work_s` within the shift. A specialist whose clients all open
//! at the same hours (restaurants 11:00-15:00 and 18:00-23:00, night venues from 17:00) can
//! visit them only while they are open: a segment needs specialists for its workload ÷ the open
//! share of the best-placed span. Region territories mix opening hours, so this applies only
//! to segments.

use crate::model::{Problem, Window};

/// Time resolution of the opening-hours profile (seconds).
const SLOT_S: i64 = 900;

/// Best share (0, 1] of one working span that `clients` (global indices, with workload
/// weights) are open for, over all placements of the span inside the manager's shift.
/// A client with no windows is open all day. 1 when nothing is known.
pub fn open_share(problem: &Problem, clients: &[usize], weight: &[f64], manager: usize) -> f64 {
    let m = &problem.managers[manager];
    let (start, end) = (m.shift.open, m.shift.close);
    let span = m.max_work_s.min(end - start);
    let total: f64 = weight.iter().sum();
    if span < SLOT_S || total <= 0.0 {
        return 1.0;
    }
    let slots = ((end - start) / SLOT_S) as usize;
    // cov[t]: work-weighted share of the clients open during slot t.
    let mut cov = vec![0.0f64; slots];
    for (&c, &w) in clients.iter().zip(weight) {
        let open = &problem.clients[c].open;
        let all_day = [Window::ALL_DAY];
        let windows: &[Window] = if open.is_empty() { &all_day } else { open };
        for (t, v) in cov.iter_mut().enumerate() {
            let (a, b) = (start + t as i64 * SLOT_S, start + (t as i64 + 1) * SLOT_S);
            if windows.iter().any(|win| win.open < b && win.close > a) {
                *v += w / total;
            }
        }
    }
    let width = (span / SLOT_S) as usize;
    let best = (0..=slots - width)
        .map(|s| cov[s..s + width].iter().sum::<f64>())
        .fold(0.0, f64::max);
    (best / width as f64).clamp(0.05, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Client, Manager, Policy};

    fn problem(open: Vec<Window>, shift: Window) -> Problem {
        let mut c = Client::new("c1".to_string(), 48.0, 11.0);
        c.open = open;
        let mut m = Manager::new("m1", 48.0, 11.0);
        m.shift = shift;
        Problem::new(vec![c], vec![m], Policy::default())
    }

    #[test]
    fn split_hours_fill_part_of_the_day() {
        let h = 3600;
        let lunch_dinner = vec![Window::new(11 * h, 15 * h), Window::new(18 * h, 23 * h)];
        // Evening shift: the best 8 h span (15:00-23:00) holds the 5 dinner hours.
        let p = problem(lunch_dinner.clone(), Window::new(8 * h, 23 * h));
        assert!((open_share(&p, &[0], &[1.0], 0) - 5.0 / 8.0).abs() < 1e-9);
        // Day shift: 10:00-18:00 holds lunch only.
        let p = problem(lunch_dinner, Window::new(8 * h, 18 * h));
        assert!((open_share(&p, &[0], &[1.0], 0) - 0.5).abs() < 1e-9);
        // Open all day: the whole span is useful.
        let p = problem(Vec::new(), Window::new(8 * h, 18 * h));
        assert_eq!(open_share(&p, &[0], &[1.0], 0), 1.0);
    }
}
