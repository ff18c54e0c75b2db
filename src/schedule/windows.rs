//! Start-of-service windows and the wording of reasons.

use crate::model::{Seconds, Weekday, WeekdaySet, Window};

/// The client's opening windows turned into windows for the start of a service of `service`
/// seconds, inside `shift`: start ≥ max(open, shift.open), start + service ≤ min(close,
/// shift.close). Windows too short for the service are dropped; the result stays sorted and
/// disjoint because the input is.
pub fn start_windows(open: &[Window], service: Seconds, shift: Window) -> Vec<Window> {
    open.iter()
        .filter_map(|w| {
            let s = w.open.max(shift.open);
            let e = w.close.min(shift.close) - service;
            (e >= s).then_some(Window::new(s, e))
        })
        .collect()
}

/// Start times common to every list (the members of a team visit start together).
pub fn intersect(a: &[Window], b: &[Window]) -> Vec<Window> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let s = a[i].open.max(b[j].open);
        let e = a[i].close.min(b[j].close);
        if e >= s {
            out.push(Window::new(s, e));
        }
        if a[i].close < b[j].close {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// `HH:MM`.
pub fn hhmm(t: Seconds) -> String {
    format!("{:02}:{:02}", t / 3600, t % 3600 / 60)
}

/// `09:00–12:00;14:00–22:00`.
pub fn windows_text(ws: &[Window]) -> String {
    ws.iter()
        .map(|w| format!("{}–{}", hhmm(w.open), hhmm(w.close)))
        .collect::<Vec<_>>()
        .join(";")
}

/// Why no start window is left, e.g. "opening 21:00–24:00 outside shift 08:00–18:00 of m2".
pub fn no_window_reason(open: &[Window], service: Seconds, shift: Window, manager: &str) -> String {
    let overlaps = open
        .iter()
        .any(|w| w.open.max(shift.open) < w.close.min(shift.close));
    if overlaps {
        format!(
            "opening {} leaves no {} min inside shift {} of {}",
            windows_text(open),
            service / 60,
            windows_text(&[shift]),
            manager
        )
    } else {
        format!(
            "opening {} outside shift {} of {}",
            windows_text(open),
            windows_text(&[shift]),
            manager
        )
    }
}

/// `Mon–Fri`, `Mon;Wed;Fri`, `Sat only`, `no day`.
pub fn weekdays_text(set: WeekdaySet) -> String {
    let days: Vec<Weekday> = set.iter().collect();
    match days.len() {
        0 => return "no day".to_string(),
        1 => return format!("{} only", days[0].name()),
        _ => {}
    }
    // Runs of consecutive weekdays; three or more are written as a range.
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] as u8 == days[j] as u8 + 1 {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("{}–{}", days[i].name(), days[j].name()));
        } else {
            parts.extend(days[i..=j].iter().map(|d| d.name().to_string()));
        }
        i = j + 1;
    }
    parts.join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Seconds = 3600;

    #[test]
    fn opening_windows_become_start_windows_inside_the_shift() {
        let open = [Window::new(7 * H, 12 * H), Window::new(14 * H, 22 * H)];
        let shift = Window::new(8 * H, 18 * H);
        let got = start_windows(&open, 1800, shift);
        assert_eq!(
            got,
            vec![
                Window::new(8 * H, 11 * H + 1800),
                Window::new(14 * H, 17 * H + 1800)
            ]
        );
        // A 10-minute window cannot hold a 20-minute visit.
        let short = [Window::new(9 * H, 9 * H + 600)];
        assert!(start_windows(&short, 1200, shift).is_empty());
        let night = [Window::new(21 * H, 24 * H)];
        assert!(start_windows(&night, 1200, shift).is_empty());
        assert_eq!(
            no_window_reason(&night, 1200, shift, "m2"),
            "opening 21:00–24:00 outside shift 08:00–18:00 of m2"
        );
    }

    #[test]
    fn intersects_window_lists() {
        let a = [Window::new(0, 10), Window::new(20, 30)];
        let b = [Window::new(5, 25)];
        assert_eq!(
            intersect(&a, &b),
            vec![Window::new(5, 10), Window::new(20, 25)]
        );
        assert!(intersect(&a, &[Window::new(11, 19)]).is_empty());
    }

    #[test]
    fn names_weekday_sets() {
        assert_eq!(weekdays_text(WeekdaySet::MON_FRI), "Mon–Fri");
        assert_eq!(
            weekdays_text([Weekday::Sat].into_iter().collect()),
            "Sat only"
        );
        let s: WeekdaySet = [Weekday::Mon, Weekday::Wed, Weekday::Thu, Weekday::Fri]
            .into_iter()
            .collect();
        assert_eq!(weekdays_text(s), "Mon;Wed–Fri");
        let s: WeekdaySet = [Weekday::Mon, Weekday::Tue].into_iter().collect();
        assert_eq!(weekdays_text(s), "Mon;Tue");
    }
}
