//! Allowed day patterns of a visit rule (contract §2, "Visits"): cyclic gap bounds, repetition
//! of `fixed` rules in every period, and a dynamic programme over the cycle's days.
//!
//! Choosing the visit days of one client, given a cost per day, is the pattern-assignment
//! subproblem of the periodic VRP (Christofides & Beasley 1984; Cordeau, Gendreau & Laporte
//! 1997). Those papers list every allowed day combination explicitly; here a pattern is a path
//! in a layered graph whose nodes are days and whose arcs are the allowed gaps, closed by the
//! wrap-around gap. The cheapest pattern is then a shortest path (exact, over all patterns, in
//! O(k · D · width)), existence is reachability, and path counts give the number of patterns
//! and uniform sampling when an explicit list is needed but the full list would be huge.

use crate::model::CycleKind;
use rand::rngs::SmallRng;
use rand::Rng;
use std::collections::HashSet;

/// A set of cycle days, bit `d` = day `d`.
pub type DayMask = u128;

/// Longest cycle the masks can hold.
pub const MAX_DAYS: u32 = 128;

/// The days of a mask, ascending.
pub fn days_of(mask: DayMask) -> Vec<u32> {
    (0..MAX_DAYS).filter(|d| mask >> d & 1 == 1).collect()
}

/// The spacing rule of `visits` visits in a cycle of `days` days.
///
/// A `fixed` rule whose period divides the cycle (and whose visits split evenly over the
/// periods) is solved inside one period of `period_len` days and then repeated `repeats`
/// times, which is exactly "the same weekdays in every period": the cyclic gaps of the repeated
/// set are the cyclic gaps of the offsets inside the period, and `g = D / k = period / n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Spacing {
    /// Days of the whole cycle `D`.
    pub days: u32,
    /// Visits in the whole cycle.
    pub visits: u32,
    /// Least and greatest cyclic gap.
    pub lo: u32,
    pub hi: u32,
    /// Length of the repeated period in days (`days` when nothing repeats).
    pub period_len: u32,
    /// Visits inside one period.
    pub per_period: u32,
}

impl Spacing {
    /// The rule for `visits` visits (1 ≤ visits ≤ days) of a rule of this cycle kind; `period`
    /// is the rule's period in days (`fixed` rules only: one week for `per_week`, `every_weeks`
    /// weeks otherwise).
    pub fn new(days: u32, visits: u32, cycle: CycleKind, period: Option<u32>) -> Spacing {
        debug_assert!(visits >= 1 && visits <= days);
        let floor = days / visits;
        let ceil = days.div_ceil(visits);
        let (lo, hi) = match cycle {
            CycleKind::Fixed => (floor.max(1), ceil),
            CycleKind::Elastic => (floor.saturating_sub(1).max(1), ceil + 1),
        };
        let (period_len, per_period) = match (cycle, period) {
            (CycleKind::Fixed, Some(p))
                if p > 0 && p < days && days % p == 0 && visits % (days / p) == 0 =>
            {
                (p, visits / (days / p))
            }
            _ => (days, visits),
        };
        Spacing {
            days,
            visits,
            lo,
            hi,
            period_len,
            per_period,
        }
    }

    fn repeats(&self) -> u32 {
        self.days / self.period_len
    }

    /// Offsets inside one period that are allowed in every period.
    fn fold_allowed(&self, allowed: DayMask) -> DayMask {
        let p = self.period_len;
        let mut inner: DayMask = if p >= MAX_DAYS { !0 } else { (1 << p) - 1 };
        for j in 0..self.repeats() {
            inner &= allowed >> (j * p);
        }
        inner
    }

    /// Cost of choosing an offset: the sum over its days in all periods.
    fn fold_cost(&self, cost: &[f64]) -> Vec<f64> {
        let p = self.period_len as usize;
        (0..p)
            .map(|s| (0..self.repeats() as usize).map(|j| cost[s + j * p]).sum())
            .collect()
    }

    /// The whole-cycle days of a set of offsets.
    fn expand(&self, inner: DayMask) -> DayMask {
        (0..self.repeats()).fold(0, |acc, j| acc | inner << (j * self.period_len))
    }

    fn inner(&self) -> Inner {
        Inner {
            len: self.period_len as usize,
            n: self.per_period as usize,
            lo: self.lo as usize,
            hi: self.hi as usize,
        }
    }

    /// The cheapest pattern inside `allowed`, with its cost (`cost[d]` per day of the cycle).
    pub fn best(&self, allowed: DayMask, cost: &[f64]) -> Option<(DayMask, f64)> {
        let folded = self.fold_cost(cost);
        self.inner()
            .best(self.fold_allowed(allowed), &folded)
            .map(|(m, c)| (self.expand(m), c))
    }

    /// Whether any pattern fits inside `allowed`.
    pub fn exists(&self, allowed: DayMask) -> bool {
        let zero = vec![0.0; self.days as usize];
        self.best(allowed, &zero).is_some()
    }

    /// Number of patterns inside `allowed` (as a float: it can be astronomically large).
    pub fn count(&self, allowed: DayMask) -> f64 {
        let inner = self.inner();
        let a = self.fold_allowed(allowed);
        (0..inner.first_days())
            .map(|f| inner.ways(a, f).map_or(0.0, |w| w[f]))
            .sum()
    }

    /// Up to `cap` distinct patterns inside `allowed`: all of them when there are at most
    /// `cap`, else a uniform random sample (drawn through the path counts).
    pub fn list(&self, allowed: DayMask, cap: usize, rng: &mut SmallRng) -> Vec<DayMask> {
        let inner = self.inner();
        let a = self.fold_allowed(allowed);
        let tables: Vec<(usize, Vec<f64>)> = (0..inner.first_days())
            .filter_map(|f| inner.ways(a, f).map(|w| (f, w)))
            .filter(|(f, w)| w[*f] > 0.0)
            .collect();
        let total: f64 = tables.iter().map(|(f, w)| w[*f]).sum();
        let mut out = Vec::new();
        if total <= cap as f64 {
            for (f, w) in &tables {
                inner.walk_all(*f, w, &mut out);
            }
        } else {
            let mut seen = HashSet::new();
            let mut tries = 0;
            while out.len() < cap && tries < 8 * cap {
                tries += 1;
                let m = inner.draw(&tables, total, rng);
                if seen.insert(m) {
                    out.push(m);
                }
            }
        }
        out.into_iter().map(|m| self.expand(m)).collect()
    }
}

/// The gap-only problem on one period: `n` days in `0..len`, cyclic gaps in `[lo, hi]`.
///
/// Every pattern is generated once, from its smallest day `f`; since the closing gap
/// `f + len − last` is at most `hi` and `last < len`, `f < hi`.
struct Inner {
    len: usize,
    n: usize,
    lo: usize,
    hi: usize,
}

impl Inner {
    fn first_days(&self) -> usize {
        self.len.min(self.hi)
    }

    fn closes(&self, f: usize, last: usize) -> bool {
        let gap = self.len + f - last;
        gap >= self.lo && gap <= self.hi
    }

    fn best(&self, allowed: DayMask, cost: &[f64]) -> Option<(DayMask, f64)> {
        let ok = |d: usize| allowed >> d & 1 == 1;
        let (len, n) = (self.len, self.n);
        if n == 0 || n > len {
            return None;
        }
        let mut best: Option<(DayMask, f64)> = None;
        let mut cur = vec![f64::INFINITY; len];
        let mut next = vec![f64::INFINITY; len];
        let mut parent = vec![0usize; n * len];
        for f in 0..self.first_days() {
            if !ok(f) {
                continue;
            }
            cur.fill(f64::INFINITY);
            cur[f] = cost[f];
            for i in 1..n {
                next.fill(f64::INFINITY);
                for d in f + 1..len {
                    if !ok(d) {
                        continue;
                    }
                    for gap in self.lo..=self.hi.min(d - f) {
                        let p = d - gap;
                        let v = cur[p] + cost[d];
                        if v < next[d] {
                            next[d] = v;
                            parent[i * len + d] = p;
                        }
                    }
                }
                std::mem::swap(&mut cur, &mut next);
            }
            for last in f..len {
                if cur[last].is_finite()
                    && self.closes(f, last)
                    && best.is_none_or(|(_, c)| cur[last] < c)
                {
                    let mut mask: DayMask = 1 << last;
                    let mut d = last;
                    for i in (1..n).rev() {
                        d = parent[i * len + d];
                        mask |= 1 << d;
                    }
                    best = Some((mask, cur[last]));
                }
            }
        }
        best
    }

    /// `w[i * len + d]`: the number of ways to finish a pattern starting at `f` when its `i`-th
    /// day (0-based) is `d`; `w[f]` (i = 0) is the number of patterns whose first day is `f`.
    /// `None` when `f` is not allowed.
    fn ways(&self, allowed: DayMask, f: usize) -> Option<Vec<f64>> {
        let ok = |d: usize| allowed >> d & 1 == 1;
        let (len, n) = (self.len, self.n);
        if n == 0 || n > len || !ok(f) {
            return None;
        }
        let mut w = vec![0.0; n * len];
        for last in f..len {
            if ok(last) && self.closes(f, last) && (n > 1 || last == f) {
                w[(n - 1) * len + last] = 1.0;
            }
        }
        for i in (0..n - 1).rev() {
            for d in f..len {
                if !ok(d) || (i == 0 && d != f) {
                    continue;
                }
                let mut s = 0.0;
                for gap in self.lo..=self.hi {
                    if d + gap < len {
                        s += w[(i + 1) * len + d + gap];
                    }
                }
                w[i * len + d] = s;
            }
        }
        Some(w)
    }

    /// Appends every pattern that starts at `f`.
    fn walk_all(&self, f: usize, w: &[f64], out: &mut Vec<DayMask>) {
        fn go(inner: &Inner, w: &[f64], i: usize, d: usize, mask: DayMask, out: &mut Vec<DayMask>) {
            if i + 1 == inner.n {
                out.push(mask);
                return;
            }
            for gap in inner.lo..=inner.hi {
                let e = d + gap;
                if e < inner.len && w[(i + 1) * inner.len + e] > 0.0 {
                    go(inner, w, i + 1, e, mask | 1 << e, out);
                }
            }
        }
        go(self, w, 0, f, 1 << f, out);
    }

    /// One pattern drawn uniformly among all of them.
    fn draw(&self, tables: &[(usize, Vec<f64>)], total: f64, rng: &mut SmallRng) -> DayMask {
        let mut x = rng.random::<f64>() * total;
        let mut pick = &tables[tables.len() - 1];
        for t in tables {
            if x < t.1[t.0] {
                pick = t;
                break;
            }
            x -= t.1[t.0];
        }
        let (f, w) = (pick.0, &pick.1);
        let mut mask: DayMask = 1 << f;
        let mut d = f;
        for i in 1..self.n {
            let options: Vec<(usize, f64)> = (self.lo..=self.hi)
                .map(|gap| d + gap)
                .filter(|&e| e < self.len)
                .map(|e| (e, w[i * self.len + e]))
                .filter(|&(_, c)| c > 0.0)
                .collect();
            let sum: f64 = options.iter().map(|o| o.1).sum();
            let mut y = rng.random::<f64>() * sum;
            let mut chosen = options[options.len() - 1].0;
            for (e, c) in &options {
                if y < *c {
                    chosen = *e;
                    break;
                }
                y -= c;
            }
            d = chosen;
            mask |= 1 << d;
        }
        mask
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    const ALL: DayMask = !0;

    /// The contract's rule, written out independently of [`Spacing`]: cyclic gaps within
    /// bounds and, for fixed rules with a period, the same offsets in every period.
    pub(crate) fn obeys(
        days: &[u32],
        d: u32,
        k: u32,
        cycle: CycleKind,
        period: Option<u32>,
    ) -> bool {
        if days.len() != k as usize || days.windows(2).any(|w| w[0] >= w[1]) {
            return false;
        }
        let g = d as f64 / k as f64;
        let (lo, hi) = match cycle {
            CycleKind::Fixed => (g.floor().max(1.0), g.ceil()),
            CycleKind::Elastic => ((g.floor() - 1.0).max(1.0), g.ceil() + 1.0),
        };
        for i in 0..days.len() {
            let gap = if i + 1 < days.len() {
                days[i + 1] - days[i]
            } else {
                days[0] + d - days[i]
            } as f64;
            if gap < lo || gap > hi {
                return false;
            }
        }
        if let (CycleKind::Fixed, Some(p)) = (cycle, period) {
            if d % p == 0 && k % (d / p) == 0 {
                let offsets = |j: u32| -> Vec<u32> {
                    days.iter()
                        .filter(|&&x| x / p == j)
                        .map(|x| x % p)
                        .collect()
                };
                if (1..d / p).any(|j| offsets(j) != offsets(0)) {
                    return false;
                }
            }
        }
        true
    }

    fn brute(
        d: u32,
        k: u32,
        cycle: CycleKind,
        period: Option<u32>,
        allowed: DayMask,
    ) -> Vec<DayMask> {
        (0u128..1 << d)
            .filter(|m| m.count_ones() == k && m & !allowed == 0)
            .filter(|&m| obeys(&days_of(m), d, k, cycle, period))
            .collect()
    }

    fn listed(sp: &Spacing, allowed: DayMask) -> Vec<DayMask> {
        let mut rng = SmallRng::seed_from_u64(1);
        let mut v = sp.list(allowed, usize::MAX, &mut rng);
        v.sort();
        v
    }

    #[test]
    fn weekly_fixed_in_two_weeks_is_same_weekday_five_apart() {
        // D = 10, k = 2 fixed (per_week 1): gaps exactly 5, same weekday both weeks.
        let sp = Spacing::new(10, 2, CycleKind::Fixed, Some(5));
        assert_eq!((sp.lo, sp.hi), (5, 5));
        let v = listed(&sp, ALL);
        assert_eq!(v.len(), 5);
        for m in v {
            let d = days_of(m);
            assert_eq!(d[1] - d[0], 5);
        }
    }

    #[test]
    fn elastic_four_in_ten_has_gaps_one_to_four() {
        let sp = Spacing::new(10, 4, CycleKind::Elastic, None);
        assert_eq!((sp.lo, sp.hi), (1, 4));
        let v = listed(&sp, ALL);
        assert_eq!(v, brute(10, 4, CycleKind::Elastic, None, ALL));
        let mask = |d: &[u32]| d.iter().fold(0 as DayMask, |a, &x| a | 1 << x);
        assert!(v.contains(&mask(&[0, 2, 5, 7]))); // gaps 2, 3, 2, 3
        assert!(v.contains(&mask(&[0, 4, 8, 9]))); // gaps 4, 4, 1, 1
        assert!(!v.contains(&mask(&[0, 1, 2, 3]))); // closing gap 7
        assert!(!v.contains(&mask(&[0, 5, 6, 7]))); // first gap 5
    }

    #[test]
    fn twice_a_week_fixed_is_mon_wed_style_and_repeats() {
        // W = 5, per_week 2, 2 weeks: offsets with cyclic gaps 2-3 inside the week.
        let sp = Spacing::new(10, 4, CycleKind::Fixed, Some(5));
        assert_eq!((sp.period_len, sp.per_period), (5, 2));
        let v = listed(&sp, ALL);
        assert_eq!(v.len(), 5); // Mon/Wed, Mon/Thu, Tue/Thu, Tue/Fri, Wed/Fri
        assert!(v.contains(&(1 | 1 << 2 | 1 << 5 | 1 << 7)));
        assert!(!v.contains(&(1 | 1 << 2 | 1 << 5 | 1 << 8)));
        assert_eq!(v, brute(10, 4, CycleKind::Fixed, Some(5), ALL));
    }

    #[test]
    fn every_two_weeks_in_four_weeks_repeats_the_day() {
        let sp = Spacing::new(20, 2, CycleKind::Fixed, Some(10));
        let v = listed(&sp, ALL);
        assert_eq!(v.len(), 10);
        assert!(v.iter().all(|&m| {
            let d = days_of(m);
            d[1] == d[0] + 10
        }));
    }

    #[test]
    fn client_days_restrict_patterns() {
        // Mon and Thu only (days 0, 3, 5, 8 of a two-week Mon–Fri cycle).
        let allowed: DayMask = 1 | 1 << 3 | 1 << 5 | 1 << 8;
        let sp = Spacing::new(10, 4, CycleKind::Fixed, Some(5));
        assert_eq!(listed(&sp, allowed), vec![allowed]);
        let weekly = Spacing::new(10, 2, CycleKind::Fixed, Some(5));
        assert_eq!(listed(&weekly, allowed).len(), 2);
        // Mon only: twice a week is impossible.
        assert!(!sp.exists(1 | 1 << 5));
        assert!(weekly.exists(1 | 1 << 5));
    }

    #[test]
    fn matches_brute_force_over_small_cycles() {
        for weeks in 1..=4u32 {
            for w in [3u32, 5, 6] {
                let d = weeks * w;
                if d > 16 {
                    continue;
                }
                for k in 1..=d {
                    for cycle in [CycleKind::Fixed, CycleKind::Elastic] {
                        let period = (k % weeks == 0 && cycle == CycleKind::Fixed).then_some(w);
                        let allowed: DayMask = 0b1011_0111_0110_1101 & ((1 << d) - 1);
                        let sp = Spacing::new(d, k, cycle, period);
                        let want = brute(d, k, cycle, period, allowed);
                        assert_eq!(listed(&sp, allowed), want, "d={d} k={k} {cycle:?}");
                        assert_eq!(sp.count(allowed) as usize, want.len());
                        assert_eq!(sp.exists(allowed), !want.is_empty());
                    }
                }
            }
        }
    }

    #[test]
    fn best_is_the_cheapest_valid_pattern() {
        let d = 12;
        let cost: Vec<f64> = (0..d)
            .map(|i| ((i * 7 + 3) % 5) as f64 + 0.1 * i as f64)
            .collect();
        for k in 1..=6 {
            let sp = Spacing::new(d, k, CycleKind::Elastic, None);
            let all = brute(d, k, CycleKind::Elastic, None, ALL);
            let price = |m: DayMask| days_of(m).iter().map(|&x| cost[x as usize]).sum::<f64>();
            let want = all.iter().map(|&m| price(m)).fold(f64::INFINITY, f64::min);
            let (m, c) = sp.best(ALL & ((1 << d) - 1), &cost).unwrap();
            assert!((c - want).abs() < 1e-9 && (price(m) - c).abs() < 1e-9);
            assert!(obeys(&days_of(m), d, k, CycleKind::Elastic, None));
        }
    }

    #[test]
    fn samples_are_distinct_and_valid_when_the_list_is_huge() {
        let sp = Spacing::new(40, 20, CycleKind::Elastic, None);
        assert!(sp.count(ALL) > 1e6);
        let mut rng = SmallRng::seed_from_u64(7);
        let v = sp.list(ALL & ((1 << 40) - 1), 200, &mut rng);
        assert_eq!(v.len(), 200);
        let distinct: HashSet<_> = v.iter().collect();
        assert_eq!(distinct.len(), 200);
        assert!(v
            .iter()
            .all(|&m| obeys(&days_of(m), 40, 20, CycleKind::Elastic, None)));
        // Diverse: every day of the cycle is used by some sampled pattern.
        assert_eq!(v.iter().fold(0, |a, &m| a | m), (1u128 << 40) - 1);
    }
}
