//! What the public directory reads from a database: the [`Reads`] both
//! stores implement (`sqlite.rs`, `postgres.rs`) and the values they
//! return. Only organizations whose directory choice is `public` are ever
//! returned: a private or unknown organization reads as `None`.

use anyhow::Result;
use serde::Deserialize;
use serde_json::Value;

/// Organizations listed on one page of `/`.
pub const PAGE_SIZE: u64 = 20;
/// Submissions listed in a product's history, newest first.
pub const HISTORY: u64 = 100;

/// The directory's queries. Blocking: call them off the async executor.
pub trait Reads: Send + Sync {
    /// Public organizations matching `search` (empty: all), by name then
    /// SIREN, page `page` (from 0) of [`PAGE_SIZE`].
    fn listing(&self, search: &str, page: u64) -> Result<Listing>;
    /// A public organization and its products.
    fn organization(&self, siren: &str) -> Result<Option<Organization>>;
    /// A product of a public organization, its head document and history.
    fn product(&self, siren: &str, product: &str) -> Result<Option<Product>>;
}

/// One page of the search.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    /// Matching organizations, on every page.
    pub total: u64,
    pub rows: Vec<Listed>,
    /// When the directory last changed (RFC 3339), any organization.
    pub changed: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub siren: String,
    pub name: String,
    /// Products not withdrawn.
    pub products: u64,
}

/// `/organizations/{siren}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub siren: String,
    pub name: String,
    /// RFC 3339: when one of its heads or its choice last changed.
    pub changed: String,
    /// The head of its commitments, with its document.
    pub commitments: Option<(Row, Value)>,
    /// Every product, by id (withdrawn ones too).
    pub products: Vec<Row>,
}

/// A product (or the commitments, `id` empty) as its head shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: String,
    /// Of its last declarations (a withdrawal names none).
    pub name: Option<String>,
    pub version: Option<String>,
    pub kind: Option<String>,
    pub withdrawn: bool,
    /// RFC 3339: when the registry accepted the head.
    pub received_at: String,
    /// The head's receipt id.
    pub receipt: String,
    pub counts: Option<Counts>,
}

impl Row {
    /// `Name version`, or the id when no declaration named it.
    pub fn title(&self) -> String {
        match (&self.name, &self.version) {
            (Some(name), Some(version)) => format!("{name} {version}"),
            (Some(name), None) => name.clone(),
            _ => self.id.clone(),
        }
    }
}

/// The counts of SPEC §3.2 as a document declares them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Counts {
    pub applicable: u64,
    pub conform: u64,
    pub unsubstantiated: u64,
    pub partial: u64,
    pub non_conform: u64,
    pub planned: u64,
    pub not_applicable: u64,
    pub missing: u64,
    pub conformity: f64,
}

impl Counts {
    /// The stored JSON of a head's counts; `None` when absent or unreadable.
    pub fn parse(text: Option<&str>) -> Option<Counts> {
        serde_json::from_str(text?).ok()
    }
}

/// `/organizations/{siren}/products/{id}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub siren: String,
    pub organization: String,
    pub row: Row,
    /// RFC 3339: when the product's head last changed, or the
    /// organization's name or choice.
    pub changed: String,
    /// The head's document, when it is declarations (not a withdrawal).
    pub document: Option<Value>,
    pub history: Vec<Submission>,
}

/// One submission of a product's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub id: String,
    pub received_at: String,
    pub withdrawn: bool,
    /// Its leaf in the registry's transparency log, when it has one: the
    /// leaf index and the size of the tree that proves it.
    pub log: Option<(u64, u64)>,
}

/// The log leaf of index `index` and the size of the tree it proves
/// inclusion in: the tree just after it was appended, whose checkpoint the
/// submission's receipt carries. A fixed size keeps the page the same as
/// the log grows (its ETag too).
pub fn leaf(index: u64) -> (u64, u64) {
    (index, index + 1)
}

/// `%text%` for `LIKE … ESCAPE '\'`, the wildcards of `text` taken as themselves.
pub fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The later of two RFC 3339 texts (they compare as text).
pub fn later(a: String, b: String) -> String {
    a.max(b)
}
