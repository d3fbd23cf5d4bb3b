//! The manifest `charte.toml`: its typed model (every value keeps the span it
//! was read from), loading with full validation, and format-preserving edits.

pub mod edit;
mod file;
pub mod keys;
mod load;
mod split;

mod record;
pub use file::{read_source, source_from_bytes, Loaded, Whereabouts, MANIFEST_NAME};
/// The manifest read as one TOML tree, as [`parse`] does when it cannot read
/// it in pieces: for the tests that compare the two.
#[doc(hidden)]
pub use load::parse_whole;
pub(crate) use load::{french_status, has_credentials, looks_like_email, url_refusal};
pub use load::{parse, EVIDENCE_KINDS, MAX_MANIFEST_BYTES};
pub use record::{Change, DeclKey, EvidenceItem, ProductRecord, Record, Tally};

use crate::date::Date;
use crate::diag::Span;
use crate::findings::{Code, Level};

/// The union of the products' kinds, services and profiles, each in the
/// order first met: what the organization's own requirements apply to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Traits {
    pub kinds: Vec<String>,
    pub services: Vec<String>,
    pub profiles: Vec<String>,
}

impl Manifest {
    /// The union of its products' traits.
    pub fn traits(&self) -> Traits {
        fn union<'a>(into: &mut Vec<String>, from: impl IntoIterator<Item = &'a String>) {
            for v in from {
                if !into.contains(v) {
                    into.push(v.clone());
                }
            }
        }
        let mut all = Traits::default();
        for p in &self.products {
            union(&mut all.kinds, [&p.kind]);
            union(&mut all.services, &p.services);
            union(&mut all.profiles, &p.profiles);
        }
        all
    }
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// A whole, valid manifest.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub organization: Organization,
    pub registry: Option<Spanned<String>>,
    /// `[registry] log-key`: the verifier key of the registry's
    /// transparency log (SPEC §8), already known to parse.
    pub log_key: Option<Spanned<String>>,
    /// `[referentials] index`: the catalogues, in the order written; empty
    /// for the catalogue embedded in the binary.
    pub index: Vec<IndexLocation>,
    pub uses: Vec<UseEntry>,
    pub products: Vec<Product>,
    /// Organization-level declarations (`[[commitment]]`): `product` is `None`.
    pub commitments: Vec<Declaration>,
    /// Product-level declarations (`[[declaration]]`).
    pub declarations: Vec<Declaration>,
    /// `[check] levels`: severity overrides written in the manifest.
    pub levels: Vec<(Code, Level)>,
}

#[derive(Clone, Debug, Default)]
pub struct Organization {
    pub name: String,
    pub siren: String,
    pub federation: Option<String>,
    pub charter_signed: Option<Date>,
    pub contact: String,
    /// The `[organization]` header.
    pub span: Span,
}

/// One catalogue of `[referentials] index`.
#[derive(Clone, Debug)]
pub struct IndexLocation {
    /// As written: `"embedded"`, a folder or `index.json` path relative to
    /// the manifest, or an https URL.
    pub at: Spanned<String>,
    /// The minisign public key (`RW…`) its index must be signed with
    /// (SPEC §8): `[referentials] key` for a single catalogue, `key` beside
    /// `at` in an array of several.
    pub key: Option<Spanned<String>>,
}

impl IndexLocation {
    /// How the catalogue is named in `from` and in `charte.lock`.
    pub fn name(&self) -> String {
        crate::catalogue::resolve::location_of(&self.at.value)
    }
}

/// One entry of `[referentials] use`: `id` or `id@REQ`, or the table
/// `{ id = "…", from = "…" }` naming the catalogue it comes from.
#[derive(Clone, Debug)]
pub struct UseEntry {
    pub id: String,
    pub req: Option<semver::VersionReq>,
    /// `from`: the catalogue of `[referentials] index` it comes from, as
    /// [`IndexLocation::name`] names it.
    pub from: Option<Spanned<String>>,
    pub span: Span,
}

impl std::fmt::Display for UseEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.req {
            Some(req) => write!(f, "{}@{req}", self.id),
            None => f.write_str(&self.id),
        }
    }
}

/// The kinds of product the référentiels distinguish.
pub const KINDS: &[&str] = &[
    "dpi", "pfi", "lgc", "sgl", "ris", "drimbox", "lgo", "dui", "mes-app", "other",
];

/// The services the manifest format itself names (SPEC §1.1): known even
/// when no referential at hand mentions them.
pub const SERVICES: &[&str] = &[
    "dmp",
    "mssante",
    "insi",
    "pro-sante-connect",
    "e-prescription",
    "apcv",
];

/// The profiles the manifest format itself names (SPEC §1.1).
pub const PROFILES: &[&str] = &["centres-de-sante"];

#[derive(Clone, Debug)]
pub struct Product {
    pub id: Spanned<String>,
    pub name: String,
    pub version: String,
    pub kind: String,
    pub services: Vec<String>,
    pub profiles: Vec<String>,
    /// Where each of `services` is written, in the same order.
    pub service_spans: Vec<Span>,
    /// Where each of `profiles` is written, in the same order.
    pub profile_spans: Vec<Span>,
    /// The `[[product]]` header.
    pub span: Span,
}

/// What a publisher declares about one requirement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Conform,
    Partial,
    NonConform,
    Planned,
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Conform,
        Status::Partial,
        Status::NonConform,
        Status::Planned,
        Status::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Conform => "conform",
            Status::Partial => "partial",
            Status::NonConform => "non-conform",
            Status::Planned => "planned",
            Status::NotApplicable => "not-applicable",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether the status must come with a justification.
    pub fn needs_justification(self) -> bool {
        matches!(
            self,
            Status::Partial | Status::NonConform | Status::NotApplicable
        )
    }
}

/// `<referential id>:<requirement id>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RequirementRef {
    pub referential: String,
    pub requirement: String,
}

impl RequirementRef {
    /// Splits at the first `:`; both sides must be non-empty.
    pub fn parse(s: &str) -> Option<RequirementRef> {
        let (referential, requirement) = s.split_once(':')?;
        if !is_id(referential) || requirement.is_empty() || requirement.trim() != requirement {
            return None;
        }
        Some(RequirementRef {
            referential: referential.to_string(),
            requirement: requirement.to_string(),
        })
    }
}

impl std::fmt::Display for RequirementRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.referential, self.requirement)
    }
}

/// A `[[declaration]]` (with a product) or a `[[commitment]]` (without).
#[derive(Clone, Debug)]
pub struct Declaration {
    pub product: Option<Spanned<String>>,
    pub requirement: Spanned<RequirementRef>,
    pub status: Spanned<Status>,
    pub justification: Option<String>,
    pub due: Option<Spanned<Date>>,
    pub declared: Option<Spanned<Date>>,
    pub evidence: Vec<Evidence>,
    /// The table header (or inline table).
    pub span: Span,
}

/// One item of `evidence`.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub proof: Option<String>,
    pub reference: Option<String>,
    pub url: Option<String>,
    pub path: Option<Spanned<String>>,
    pub kind: Option<String>,
    pub date: Option<Spanned<Date>>,
    pub sha256: Option<String>,
    pub span: Span,
}

/// Ids of products and referentials: `[a-z0-9][a-z0-9-]*`.
pub fn is_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// The INSEE rule for a SIREN: 9 digits whose Luhn sum is a multiple of 10.
pub fn siren_is_valid(s: &str) -> bool {
    s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit()) && luhn(s)
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let dd = d * 2;
                if dd > 9 {
                    dd - 9
                } else {
                    dd
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Source};

    #[test]
    fn siren_luhn() {
        assert!(siren_is_valid("732829320"));
        assert!(!siren_is_valid("732829321"));
        assert!(!siren_is_valid("73282932"));
        assert!(!siren_is_valid("73282932a"));
    }

    fn referentials(lines: &str) -> Result<Manifest, Vec<Diagnostic>> {
        let text = format!(
            "schema = 1\n[organization]\nname = \"A\"\nsiren = \"732829320\"\ncontact = \"a@b.fr\"\n[referentials]\n{lines}\n"
        );
        parse(&Source::new("charte.toml", text))
    }

    #[test]
    fn index_lists_catalogues_and_use_says_where_from() {
        let key = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3";
        let m = referentials(&format!(
            "index = [\"embedded\", \"./cat/index.json\", {{ at = \"https://h.example/index.json\", key = \"{key}\" }}]\nuse = [\"ssi\", {{ id = \"ins@2\", from = \"cat\" }}]"
        ))
        .unwrap();
        let names: Vec<String> = m.index.iter().map(IndexLocation::name).collect();
        assert_eq!(names, ["embedded", "cat", "https://h.example/index.json"]);
        assert!(m.index[2].key.is_some() && m.index[1].key.is_none());
        assert_eq!(m.uses[1].id, "ins");
        assert_eq!(m.uses[1].to_string(), "ins@^2");
        assert_eq!(m.uses[1].from.as_ref().unwrap().value, "cat");
        // The single form keeps its key.
        let m = referentials(&format!(
            "index = \"https://h.example/index.json\"\nkey = \"{key}\"\nuse = [\"ssi\"]"
        ))
        .unwrap();
        assert!(m.index[0].key.is_some());
        let message = |lines: &str| -> Vec<String> {
            referentials(lines)
                .unwrap_err()
                .into_iter()
                .map(|d| d.message)
                .collect()
        };
        assert_eq!(
            message("index = []\nuse = [\"ssi\"]"),
            ["`index` is an empty array"]
        );
        assert_eq!(
            message("index = [\"cat\", \"cat/\"]\nuse = [\"ssi\"]"),
            ["the catalogue `cat` is listed twice in `index`"]
        );
        assert_eq!(
            message(&format!(
                "index = [\"embedded\", \"cat\"]\nkey = \"{key}\"\nuse = [\"ssi\"]"
            )),
            ["`key` is one key, and `index` lists 2 catalogues"]
        );
        assert_eq!(
            message("use = [{ id = \"ins\", from = \"cat\" }]"),
            ["`from` names `cat`, which is not a catalogue of [referentials] index"]
        );
        // An unknown key beside `at`, a table without `from`.
        assert_eq!(
            message("index = [{ at = \"cat\", clef = \"x\" }]\nuse = [{ id = \"ins\" }]").len(),
            2
        );
    }

    #[test]
    fn requirement_refs() {
        let r = RequirementRef::parse("mssante-clients:SC.MSS/CONF.01").unwrap();
        assert_eq!(r.referential, "mssante-clients");
        assert_eq!(r.requirement, "SC.MSS/CONF.01");
        assert!(RequirementRef::parse("ins").is_none());
        assert!(RequirementRef::parse("INS:x").is_none());
        assert!(RequirementRef::parse("ins:").is_none());
        assert_eq!(
            RequirementRef::parse("a:b:c").unwrap().requirement,
            "b:c".to_string()
        );
    }
}
