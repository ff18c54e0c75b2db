//! "Did you mean …?" for misspelt keys, columns and names.
//!
//! Uses the optimal-string-alignment edit distance (Levenshtein with adjacent transpositions,
//! Damerau 1964), which catches the usual typos: a dropped, doubled or swapped letter.

/// The known name closest to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    // Allow about one edit per three letters, at least one; never suggest a word on its own.
    let limit = (w.chars().count() / 3).max(1);
    known
        .into_iter()
        .filter(|k| !k.is_empty())
        .map(|k| (distance(&w, &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `" (did you mean `x`?)"` or nothing.
pub fn hint<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, known)
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

/// Optimal-string-alignment distance between two strings, counted in chars.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("per_week", "per_week"), 0);
        assert_eq!(distance("per_weeks", "per_week"), 1);
        assert_eq!(distance("pre_week", "per_week"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggests_only_close_words() {
        let known = ["per_week", "every_weeks", "minutes"];
        assert_eq!(closest("perweek", known), Some("per_week"));
        assert_eq!(closest("Minutes", known), Some("minutes"));
        assert_eq!(closest("every_week", known), Some("every_weeks"));
        assert_eq!(closest("colour", known), None);
        assert_eq!(hint("colour", known), "");
        assert_eq!(hint("minute", known), " (did you mean `minutes`?)");
    }
}
