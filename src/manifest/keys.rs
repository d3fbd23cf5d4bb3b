//! The manifest's keys, each list in the order charte writes them: the one
//! source for validation (unknown keys), editing (where a new key or table
//! goes) and the CSV columns of `import`/`export`.

/// The top-level tables, in the order a manifest lays them out (`schema`,
/// a key, comes first; `[check]` last).
pub const SECTIONS: &[&str] = &[
    "organization",
    "registry",
    "referentials",
    "product",
    "commitment",
    "declaration",
    "check",
];

/// The one key at the top of a manifest that is not a section.
pub const SCHEMA: &str = "schema";

pub const ORGANIZATION: &[&str] = &["name", "siren", "federation", "charter-signed", "contact"];
pub const REGISTRY: &[&str] = &["url", "log-key"];
pub const REFERENTIALS: &[&str] = &["index", "key", "use"];
pub const PRODUCT: &[&str] = &["id", "name", "version", "kind", "services", "profiles"];

/// A `[[declaration]]`'s keys; a `[[commitment]]` has all but `product`.
/// They are also the columns of the CSV files, in this order.
pub const DECLARATION: [&str; 7] = [
    "product",
    "requirement",
    "status",
    "justification",
    "due",
    "declared",
    "evidence",
];

/// An evidence item's keys.
pub const EVIDENCE: &[&str] = &["proof", "ref", "url", "path", "kind", "date", "sha256"];

pub const CHECK: &[&str] = &["levels"];

/// The sections before `section` in a manifest.
pub fn sections_before(section: &str) -> &'static [&'static str] {
    let i = SECTIONS.iter().position(|s| *s == section).unwrap_or(0);
    &SECTIONS[..i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_come_in_order() {
        assert_eq!(
            sections_before("product"),
            ["organization", "registry", "referentials"]
        );
    }
}
