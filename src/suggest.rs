//! "Did you mean" suggestions for misspelt keys, codes, ids and statuses.

/// The candidate closest to `input`, if it is close enough to be a likely
/// typo, or else the only candidate that `input` is the start of.
pub fn closest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_lower = input.to_lowercase();
    let limit = (input.chars().count() / 3).max(1);
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let near = candidates
        .iter()
        .map(|c| (distance(&input_lower, &c.to_lowercase()), *c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c);
    near.or_else(|| {
        let mut longer = candidates
            .iter()
            .filter(|c| !input.is_empty() && c.to_lowercase().starts_with(&input_lower));
        match (longer.next(), longer.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

/// Edit distance over characters where swapping two neighbours costs one
/// (optimal string alignment): `sirne` is one slip from `siren`.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// `a`, `b` and `c` — for messages that list what is allowed.
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_only() {
        let keys = ["name", "siren", "contact"];
        assert_eq!(closest("sirne", keys), Some("siren"));
        assert_eq!(closest("Contact", keys), Some("contact"));
        assert_eq!(closest("website", keys), None);
        assert_eq!(
            closest("mssante", ["ins", "mssante-clients"]),
            Some("mssante-clients")
        );
        assert_eq!(closest("ms", ["mssante-a", "mssante-b"]), None);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("sirne", "siren"), 1);
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` and `c`");
    }
}
