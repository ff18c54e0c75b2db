//! Parsers for single values shared by the CSV and TOML readers: times, windows, weekday lists,
//! booleans, numbers and `;`-separated lists.
//!
//! Each parser gets text that is already trimmed and not empty (an empty cell means "not
//! given" and never reaches here) and returns `Err(message)` saying what is wrong and how to
//! fix it; the caller adds the file, row and column.

use crate::model::{Seconds, Weekday, WeekdaySet, Window, DAY_S};

/// `HH:MM` (or `H:MM`), 24-hour, `00:00` to `24:00`, as seconds since midnight.
pub fn time(text: &str) -> Result<Seconds, String> {
    let bad = || {
        format!("`{text}` is not a time; write it as HH:MM on a 24-hour clock, e.g. 09:30 or 24:00")
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let digits = |s: &str, max_len: usize| {
        !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 2) || !digits(m, 2) || m.len() != 2 {
        return Err(bad());
    }
    let (h, m): (i64, i64) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m > 59 || h > 24 || (h == 24 && m > 0) {
        return Err(format!(
            "`{text}` is not a time of day; hours go from 00 to 23 (24:00 only as an end) and \
             minutes from 00 to 59"
        ));
    }
    Ok(h * 3600 + m * 60)
}

/// `HH:MM-HH:MM`; the end must be after the start (a window cannot cross midnight).
pub fn window(text: &str) -> Result<Window, String> {
    let (a, b) = text.split_once('-').ok_or_else(|| {
        format!("`{text}` is not a time window; write it as start-end, e.g. 09:00-18:00")
    })?;
    let (open, close) = (time(a.trim())?, time(b.trim())?);
    if open == DAY_S {
        return Err(format!(
            "`{text}` starts at 24:00; a window starts at 23:59 at the latest (use 00:00-… for \
             the next day's hours)"
        ));
    }
    if close <= open {
        return Err(format!(
            "window `{text}` ends before or when it starts; the end must be after the start, and \
             a window cannot cross midnight (split it: `22:00-24:00;00:00-02:00`)"
        ));
    }
    Ok(Window::new(open, close))
}

/// `09:00-12:00;14:00-22:00`: sorted, overlapping or touching windows merged into one.
/// Empty parts (a trailing `;`) are skipped; the result may be empty.
pub fn windows(text: &str) -> Result<Vec<Window>, String> {
    let mut list = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        list.push(window(part)?);
    }
    list.sort();
    let mut merged: Vec<Window> = Vec::with_capacity(list.len());
    for w in list {
        match merged.last_mut() {
            Some(last) if w.open <= last.close => last.close = last.close.max(w.close),
            _ => merged.push(w),
        }
    }
    Ok(merged)
}

/// Weekday names separated by `;` (or `,`), e.g. `Mon;Wed;Fri`; ranges like `Mon-Fri` too.
/// The result may be empty when the text has only separators.
pub fn weekdays(text: &str) -> Result<WeekdaySet, String> {
    let unknown = |name: &str| {
        format!(
            "`{name}` is not a weekday; use Mon, Tue, Wed, Thu, Fri, Sat, Sun (or full names), \
             separated by `;`"
        )
    };
    let mut set = WeekdaySet(0);
    for part in text
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        if let Some((a, b)) = part.split_once('-') {
            let a = Weekday::parse(a).ok_or_else(|| unknown(a.trim()))?;
            let b = Weekday::parse(b).ok_or_else(|| unknown(b.trim()))?;
            if b < a {
                return Err(format!(
                    "weekday range `{part}` runs backwards; write it from Monday's side, e.g. \
                     Mon-Fri, or list the days"
                ));
            }
            Weekday::ALL[a as usize..=b as usize]
                .iter()
                .for_each(|d| set.insert(*d));
        } else {
            set.insert(Weekday::parse(part).ok_or_else(|| unknown(part))?);
        }
    }
    Ok(set)
}

/// `true`/`false`, `1`/`0`, `yes`/`no` (any case).
pub fn boolean(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" => Ok(false),
        _ => Err(format!(
            "`{text}` is not a yes/no value; write true or false (or 1/0, yes/no)"
        )),
    }
}

/// A finite decimal number with a `.` as the decimal point.
pub fn number(text: &str) -> Result<f64, String> {
    let t = text.trim();
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ if t.contains(',') && t.replace(',', ".").parse::<f64>().is_ok() => Err(format!(
            "`{text}` is not a number; use a point as the decimal separator, e.g. {}",
            t.replace(',', ".")
        )),
        _ => Err(format!(
            "`{text}` is not a number; write a decimal number such as 12.5"
        )),
    }
}

/// A whole number `>= 0`.
pub fn whole(text: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| format!("`{text}` is not a whole number; write a count such as 40"))
}

/// Minutes (> 0, fractions allowed) as whole seconds, rounded.
pub fn minutes(text: &str) -> Result<Seconds, String> {
    let v = number(text)?;
    minutes_value(v).ok_or_else(|| {
        format!("{text} minutes is not a duration; write a positive number of minutes, e.g. 15")
    })
}

/// Positive minutes as whole seconds, `None` when not positive or shorter than half a second.
pub fn minutes_value(v: f64) -> Option<Seconds> {
    let s = (v * 60.0).round();
    (v.is_finite() && v > 0.0 && (1.0..=1e12).contains(&s)).then_some(s as Seconds)
}

/// `;`-separated labels, trimmed, empty ones dropped.
pub fn list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times() {
        assert_eq!(time("00:00"), Ok(0));
        assert_eq!(time("09:30"), Ok(9 * 3600 + 30 * 60));
        assert_eq!(time("9:05"), Ok(9 * 3600 + 5 * 60));
        assert_eq!(time("24:00"), Ok(DAY_S));
        for bad in [
            "24:01", "25:00", "12:60", "12", "12:5", "1200", "ab:cd", "-1:00", "12:00:00",
        ] {
            assert!(time(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn parses_windows() {
        assert_eq!(window("08:00-18:00"), Ok(Window::new(8 * 3600, 18 * 3600)));
        assert_eq!(window("22:00 - 24:00"), Ok(Window::new(22 * 3600, DAY_S)));
        assert!(window("18:00-08:00")
            .unwrap_err()
            .contains("after the start"));
        assert!(window("10:00-10:00").is_err());
        assert!(window("24:00-24:00").is_err());
        assert!(window("08:00").is_err());
    }

    #[test]
    fn merges_and_sorts_window_lists() {
        let h = |x: i64| x * 3600;
        assert_eq!(
            windows("14:00-22:00;09:00-12:00;"),
            Ok(vec![Window::new(h(9), h(12)), Window::new(h(14), h(22))])
        );
        assert_eq!(
            windows("09:00-12:00;11:00-13:00;13:00-14:00"),
            Ok(vec![Window::new(h(9), h(14))])
        );
        assert_eq!(windows(";"), Ok(vec![]));
        assert!(windows("09:00-12:00;14:00-13:00").is_err());
    }

    #[test]
    fn parses_weekday_lists() {
        let set: WeekdaySet = [Weekday::Mon, Weekday::Wed, Weekday::Fri]
            .into_iter()
            .collect();
        assert_eq!(weekdays("Mon;Wed;Fri"), Ok(set));
        assert_eq!(weekdays("monday, wed ,FRI;"), Ok(set));
        assert_eq!(weekdays("Mon-Fri"), Ok(WeekdaySet::MON_FRI));
        assert_eq!(weekdays("Sat;Mon-Fri;Sun"), Ok(WeekdaySet::ALL));
        assert!(weekdays("Mon;Funday").unwrap_err().contains("`Funday`"));
        assert!(weekdays("Fri-Mon").is_err());
        assert!(weekdays(";").unwrap().is_empty());
    }

    #[test]
    fn parses_booleans() {
        for t in ["true", "TRUE", "1", "yes", "Yes"] {
            assert_eq!(boolean(t), Ok(true));
        }
        for f in ["false", "0", "no", "NO"] {
            assert_eq!(boolean(f), Ok(false));
        }
        assert!(boolean("y").is_err());
        assert!(boolean("2").is_err());
    }

    #[test]
    fn parses_numbers() {
        assert_eq!(number("12.5"), Ok(12.5));
        assert_eq!(number("-3"), Ok(-3.0));
        assert!(number("12,5").unwrap_err().contains("12.5"));
        assert!(number("NaN").is_err());
        assert!(number("inf").is_err());
        assert!(number("abc").is_err());
        assert_eq!(whole("40"), Ok(40));
        assert!(whole("-1").is_err());
        assert!(whole("2.5").is_err());
    }

    #[test]
    fn rounds_minutes_to_seconds() {
        assert_eq!(minutes("15"), Ok(900));
        assert_eq!(minutes("7.5"), Ok(450));
        assert_eq!(minutes("0.0251"), Ok(2));
        assert!(minutes("0").is_err());
        assert!(minutes("-5").is_err());
        assert!(minutes("0.001").is_err());
    }

    fn hhmm(m: i64) -> String {
        format!("{:02}:{:02}", m / 60, m % 60)
    }

    proptest::proptest! {
        #[test]
        fn every_clock_time_round_trips(m in 0i64..=1440) {
            proptest::prop_assert_eq!(time(&hhmm(m)), Ok(m * 60));
        }

        #[test]
        fn window_lists_become_sorted_disjoint_unions(
            spans in proptest::collection::vec((0i64..1439, 1i64..300), 1..6)
        ) {
            let spans: Vec<(i64, i64)> = spans.iter().map(|&(a, len)| (a, (a + len).min(1440))).collect();
            let text: Vec<String> = spans.iter().map(|&(a, b)| format!("{}-{}", hhmm(a), hhmm(b))).collect();
            let merged = windows(&text.join(";")).unwrap();
            for pair in merged.windows(2) {
                proptest::prop_assert!(pair[0].close < pair[1].open);
            }
            // Same minutes covered as the input spans.
            for m in 0..1440 {
                let s = m * 60 + 30;
                let inside = spans.iter().any(|&(a, b)| a * 60 <= s && s < b * 60);
                let covered = merged.iter().any(|w| w.open <= s && s < w.close);
                proptest::prop_assert_eq!(inside, covered, "minute {}", m);
            }
        }
    }

    #[test]
    fn splits_lists() {
        assert_eq!(list(" A ;B;; "), vec!["A".to_string(), "B".to_string()]);
        assert!(list(";").is_empty());
    }
}
