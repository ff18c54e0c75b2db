//! Weekdays and the cycle's numbered working days.

use super::Manager;

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// Three-letter English name, as in the input files.
    pub fn name(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
    }

    /// Parses `Mon`, `monday`, `MON` and the like.
    pub fn parse(text: &str) -> Option<Weekday> {
        let t = text.trim().to_ascii_lowercase();
        if t.len() < 2 {
            return None;
        }
        Weekday::ALL.into_iter().find(|d| {
            let full = [
                "monday",
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ][*d as usize];
            t.len() >= 3 && full.starts_with(&t)
        })
    }
}

/// A set of weekdays as a bit mask (bit 0 = Monday).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct WeekdaySet(pub u8);

impl WeekdaySet {
    pub const ALL: WeekdaySet = WeekdaySet(0x7f);
    pub const MON_FRI: WeekdaySet = WeekdaySet(0x1f);

    pub fn contains(self, d: Weekday) -> bool {
        self.0 & (1 << d as u8) != 0
    }

    pub fn insert(&mut self, d: Weekday) {
        self.0 |= 1 << d as u8;
    }

    pub fn union(self, other: WeekdaySet) -> WeekdaySet {
        WeekdaySet(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 & 0x7f == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Weekday> {
        Weekday::ALL.into_iter().filter(move |d| self.contains(*d))
    }

    pub fn len(self) -> usize {
        (self.0 & 0x7f).count_ones() as usize
    }
}

impl FromIterator<Weekday> for WeekdaySet {
    fn from_iter<T: IntoIterator<Item = Weekday>>(iter: T) -> Self {
        let mut s = WeekdaySet(0);
        for d in iter {
            s.insert(d);
        }
        s
    }
}

/// The cycle: `weeks` × the policy's workdays, numbered `0..days()`.
///
/// The workdays are the union of all managers' workdays (contract §2, "Days").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    pub weeks: u32,
    pub weekdays: Vec<Weekday>,
}

impl Calendar {
    pub fn from_managers(weeks: u32, managers: &[Manager]) -> Calendar {
        let set = managers
            .iter()
            .fold(WeekdaySet(0), |acc, m| acc.union(m.workdays));
        let set = if set.is_empty() {
            WeekdaySet::MON_FRI
        } else {
            set
        };
        Calendar {
            weeks,
            weekdays: set.iter().collect(),
        }
    }

    /// Number of working days `D` in the cycle.
    pub fn days(&self) -> u32 {
        self.weeks * self.weekdays.len() as u32
    }

    /// Days per week.
    pub fn per_week(&self) -> u32 {
        self.weekdays.len() as u32
    }

    pub fn weekday(&self, day: u32) -> Weekday {
        self.weekdays[(day % self.per_week()) as usize]
    }

    pub fn week(&self, day: u32) -> u32 {
        day / self.per_week()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_weekday_names() {
        assert_eq!(Weekday::parse("Mon"), Some(Weekday::Mon));
        assert_eq!(Weekday::parse("thursday"), Some(Weekday::Thu));
        assert_eq!(Weekday::parse(" SUN "), Some(Weekday::Sun));
        assert_eq!(Weekday::parse("Mo"), None);
        assert_eq!(Weekday::parse("Xyz"), None);
    }

    #[test]
    fn numbers_days_over_weeks() {
        let cal = Calendar {
            weeks: 2,
            weekdays: vec![Weekday::Mon, Weekday::Wed, Weekday::Fri],
        };
        assert_eq!(cal.days(), 6);
        assert_eq!(cal.weekday(4), Weekday::Wed);
        assert_eq!(cal.week(4), 1);
    }
}
