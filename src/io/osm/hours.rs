//! A small reader for the common forms of the OSM `opening_hours` tag.
//!
//! Grammar understood (see <https://wiki.openstreetmap.org/wiki/Key:opening_hours>): `24/7`, or
//! rules separated by `;`, each an optional weekday selector (`Mo`, `Mo-Fr`, `Mo,We,Fr`, `Sa-Mo`)
//! followed by `HH:MM-HH:MM` spans separated by `,`, or by `off`/`closed`. A later rule replaces
//! earlier ones for the days it names, as in OSM. Anything else (months, weeks, holidays other
//! than a `PH …` rule, which is ignored, open ends `+`, comments) returns `None` so the caller
//! falls back to the default hours of the outlet's type.
//!
//! The client model has one set of windows for all its visit days, so a per-day schedule is
//! reduced to the most common day schedule; the visit days are the days whose own schedule
//! covers it. `Mo-Fr 08:00-18:00; Sa 09:00-13:00` becomes `08:00-18:00` on `Mon;…;Fri`. A span
//! past midnight (`18:00-02:00`) is cut at `24:00`: the part after midnight belongs to the next
//! day and is left out, which only ever shortens the windows.

/// Opening hours in the client file's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hours {
    /// Windows in minutes since midnight, sorted, disjoint, non-empty.
    pub windows: Vec<(u32, u32)>,
    /// Bit mask of open weekdays, bit 0 = Monday.
    pub days: u8,
}

const DAY_NAMES: [&str; 7] = ["mo", "tu", "we", "th", "fr", "sa", "su"];
const FILE_DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

impl Hours {
    /// The `open` column: `09:00-12:00;14:00-18:00`.
    pub fn open_text(&self) -> String {
        let t = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        self.windows
            .iter()
            .map(|&(a, b)| format!("{}-{}", t(a), t(b)))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The `days` column: empty when open every day, else `Mon;Tue;…`.
    pub fn days_text(&self) -> String {
        if self.days & 0x7f == 0x7f {
            return String::new();
        }
        (0..7)
            .filter(|d| self.days & (1 << d) != 0)
            .map(|d| FILE_DAY_NAMES[d])
            .collect::<Vec<_>>()
            .join(";")
    }
}

fn parse_time(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 48 && m < 60).then_some(h * 60 + m)
}

/// `HH:MM-HH:MM`, cut at midnight.
fn parse_span(text: &str) -> Option<(u32, u32)> {
    let (a, b) = text.trim().split_once('-')?;
    let (a, b) = (parse_time(a)?, parse_time(b)?);
    if a >= 24 * 60 {
        return None;
    }
    // An end at or before the start runs past midnight; an end past 24:00 does too.
    let end = if b <= a { 24 * 60 } else { b.min(24 * 60) };
    Some((a, end))
}

fn day_index(text: &str) -> Option<usize> {
    let t = text.trim().to_ascii_lowercase();
    DAY_NAMES.iter().position(|d| *d == t)
}

/// `Mo-Fr,Su` → bit mask; ranges may wrap (`Sa-Mo`).
fn parse_days(text: &str) -> Option<u8> {
    let mut mask = 0u8;
    for item in text.split(',') {
        match item.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day_index(a)?, day_index(b)?);
                let mut d = a;
                loop {
                    mask |= 1 << d;
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => mask |= 1 << day_index(item)?,
        }
    }
    Some(mask)
}

fn merge(mut spans: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    spans.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(spans.len());
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Whether every window of `inner` lies inside some window of `outer`.
fn covers(outer: &[(u32, u32)], inner: &[(u32, u32)]) -> bool {
    inner
        .iter()
        .all(|&(a, b)| outer.iter().any(|&(c, d)| c <= a && b <= d))
}

/// Parses a simple `opening_hours` value; `None` when it is not in the understood subset or
/// never open.
pub fn parse_opening_hours(text: &str) -> Option<Hours> {
    let text = text.trim();
    if text == "24/7" {
        return Some(Hours {
            windows: vec![(0, 24 * 60)],
            days: 0x7f,
        });
    }
    if text.is_empty() || text.contains("||") || text.contains('"') {
        return None;
    }
    let mut per_day: [Vec<(u32, u32)>; 7] = Default::default();
    for rule in text.split(';').map(str::trim).filter(|r| !r.is_empty()) {
        // The selector ends where the first time span starts.
        let first_digit = rule.find(|c: char| c.is_ascii_digit());
        let (selector, times) = match rule.find(|c: char| c.is_ascii_whitespace()) {
            Some(i) if first_digit.is_none_or(|d| d > i) => (rule[..i].trim(), rule[i..].trim()),
            _ => ("", rule),
        };
        if selector.starts_with("PH") || selector.starts_with("SH") {
            continue;
        }
        let mask = if selector.is_empty() {
            0x7f
        } else {
            parse_days(selector)?
        };
        let spans = if times.eq_ignore_ascii_case("off") || times.eq_ignore_ascii_case("closed") {
            Vec::new()
        } else {
            merge(
                times
                    .split(',')
                    .map(parse_span)
                    .collect::<Option<Vec<_>>>()?,
            )
        };
        for (d, day) in per_day.iter_mut().enumerate() {
            if mask & (1 << d) != 0 {
                *day = spans.clone();
            }
        }
    }
    // The most common non-empty day schedule; ties go to the earliest day.
    let mut best: Option<(usize, &Vec<(u32, u32)>)> = None;
    for day in per_day.iter().filter(|s| !s.is_empty()) {
        let count = per_day.iter().filter(|s| *s == day).count();
        if best.is_none_or(|(c, _)| count > c) {
            best = Some((count, day));
        }
    }
    let (_, windows) = best?;
    let days = (0..7)
        .filter(|&d| covers(&per_day[d], windows))
        .fold(0u8, |m, d| m | 1 << d);
    Some(Hours {
        windows: windows.clone(),
        days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<(String, String)> {
        parse_opening_hours(text).map(|h| (h.open_text(), h.days_text()))
    }

    fn pair(open: &str, days: &str) -> Option<(String, String)> {
        Some((open.to_string(), days.to_string()))
    }

    #[test]
    fn always_open() {
        assert_eq!(parsed("24/7"), pair("00:00-24:00", ""));
    }

    #[test]
    fn one_rule_with_days() {
        assert_eq!(
            parsed("Mo-Sa 09:00-19:00"),
            pair("09:00-19:00", "Mon;Tue;Wed;Thu;Fri;Sat")
        );
        assert_eq!(parsed("08:00-20:00"), pair("08:00-20:00", ""));
        assert_eq!(
            parsed("Mo,We,Fr 10:00-12:30,14:00-18:00"),
            pair("10:00-12:30;14:00-18:00", "Mon;Wed;Fri")
        );
    }

    #[test]
    fn the_most_common_schedule_wins() {
        assert_eq!(
            parsed("Mo-Fr 08:00-18:00; Sa 09:00-13:00; Su off"),
            pair("08:00-18:00", "Mon;Tue;Wed;Thu;Fri")
        );
        // Saturday's longer hours cover the weekday hours, so Saturday stays a visit day.
        assert_eq!(
            parsed("Mo-Fr 09:00-17:00; Sa 08:00-20:00"),
            pair("09:00-17:00", "Mon;Tue;Wed;Thu;Fri;Sat")
        );
        // A later rule overrides an earlier one for its days.
        assert_eq!(
            parsed("Mo-Su 10:00-22:00; Mo off"),
            pair("10:00-22:00", "Tue;Wed;Thu;Fri;Sat;Sun")
        );
    }

    #[test]
    fn past_midnight_is_cut() {
        assert_eq!(parsed("Fr-Sa 22:00-04:00"), pair("22:00-24:00", "Fri;Sat"));
        assert_eq!(parsed("18:00-26:00"), pair("18:00-24:00", ""));
        assert_eq!(
            parsed("Sa-Mo 10:00-12:00"),
            pair("10:00-12:00", "Mon;Sat;Sun")
        );
    }

    #[test]
    fn unsupported_forms_fall_back() {
        assert_eq!(parsed("Jan-Mar Mo-Fr 09:00-17:00"), None);
        assert_eq!(parsed("Mo-Fr 09:00+"), None);
        assert_eq!(parsed("sunrise-sunset"), None);
        assert_eq!(parsed("Mo-Fr 09:00-17:00 \"by appointment\""), None);
        assert_eq!(parsed("off"), None);
        assert_eq!(parsed(""), None);
        assert_eq!(
            parsed("PH off; Mo-Fr 09:00-17:00"),
            pair("09:00-17:00", "Mon;Tue;Wed;Thu;Fri")
        );
    }
}
