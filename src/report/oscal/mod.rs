//! OSCAL 1.1.2 documents for auditors and GRC tools (SPEC §7): what the three
//! models share — the project's namespace, requirement ids as OSCAL tokens,
//! UUIDs derived from stable keys, props, links and metadata. `docs/oscal.md`
//! describes the mapping.

pub mod assessment;
pub mod catalog;
pub mod component;

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::date::Date;
use crate::manifest::Evidence;

/// The OSCAL version every document declares and is validated against.
pub const OSCAL_VERSION: &str = "1.1.2";

/// The namespace of charte's own props and parts: the page that documents
/// them.
pub const NS: &str = "https://github.com/charte-esante/charte/blob/main/docs/oscal.md";

/// A requirement, section or proof id as an OSCAL token: lowercase, `/` and
/// every character other than a letter, a digit, `.`, `-` or `_` as `-`,
/// and `r` before a first character that is not a letter
/// (`SC.MSS/CONF.01` → `sc.mss-conf.01`).
pub fn token(id: &str) -> String {
    let mut t: String = id
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !t.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        t.insert(0, 'r');
    }
    t
}

/// The UUID (version 5) of `key` in the namespace derived from [`NS`]: the
/// same key always gives the same UUID, so two runs on the same input write
/// the same document.
pub fn uuid(key: &str) -> String {
    static NAMESPACE: OnceLock<uuid::Uuid> = OnceLock::new();
    let ns =
        NAMESPACE.get_or_init(|| uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, NS.as_bytes()));
    uuid::Uuid::new_v5(ns, key.as_bytes()).to_string()
}

/// How a charte status reads as an OSCAL objective state: only `conform`
/// is satisfied; `partial`, `non-conform`, `planned`, `missing` and
/// `unsubstantiated` are not.
pub fn state(status: &str) -> &'static str {
    match status {
        "conform" => "satisfied",
        _ => "not-satisfied",
    }
}

/// A date as an OSCAL date-time: midnight UTC.
pub fn datetime(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// One prop: a name, charte's namespace unless OSCAL defines the name
/// itself, and a value on one line.
#[derive(Serialize)]
pub struct Prop<'a> {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ns: Option<&'static str>,
    value: Cow<'a, str>,
}

/// The props of one object, in the order pushed.
#[derive(Default, Serialize)]
#[serde(transparent)]
pub struct Props<'a>(Vec<Prop<'a>>);

impl<'a> Props<'a> {
    /// A prop of charte's namespace. OSCAL prop values are one line, not
    /// blank: inner whitespace is folded to single spaces, and a blank value
    /// is left out.
    pub fn push(&mut self, name: &'static str, value: impl Into<Cow<'a, str>>) -> &mut Props<'a> {
        let value = one_line(value.into());
        if !value.is_empty() {
            self.0.push(Prop {
                name,
                ns: Some(NS),
                value,
            });
        }
        self
    }

    /// A prop OSCAL itself defines (no namespace), such as `label`.
    pub fn push_oscal(&mut self, name: &'static str, value: &'a str) -> &mut Props<'a> {
        self.0.push(Prop {
            name,
            ns: None,
            value: value.into(),
        });
        self
    }

    /// Appends `other`'s props.
    pub fn extend(&mut self, other: Props<'a>) -> &mut Props<'a> {
        self.0.extend(other.0);
        self
    }

    /// None pushed: OSCAL arrays are never empty, so the key is left out.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds `props` to `object` unless there are none (OSCAL arrays are
    /// never empty).
    pub fn set_on(self, object: &mut Map<String, Value>) {
        if !self.0.is_empty() {
            let props = serde_json::to_value(&self).expect("props are JSON");
            object.insert("props".to_string(), props);
        }
    }
}

/// `value` with its whitespace folded to single spaces and trimmed, borrowed
/// when it is already so (most values are).
fn one_line(value: Cow<'_, str>) -> Cow<'_, str> {
    if is_one_line(&value) {
        value
    } else {
        value
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .into()
    }
}

/// Whether `value` has no whitespace but single spaces between words.
fn is_one_line(value: &str) -> bool {
    let mut after_space = true;
    for c in value.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || value.is_empty()
}

/// Sets `object[key]` to `items` unless it is empty.
pub fn set_list(object: &mut Map<String, Value>, key: &str, items: Vec<Value>) {
    if !items.is_empty() {
        object.insert(key.to_string(), Value::Array(items));
    }
}

/// A URL or a path as a URI reference: characters a URI may not hold
/// (spaces, non-ASCII letters…) percent-encoded, the rest as written.
pub fn href(s: &str) -> Cow<'_, str> {
    let allowed = |b: &u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#%".contains(b);
    if s.bytes().all(|b| allowed(&b)) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for b in s.bytes() {
        if allowed(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.into()
}

/// The `links` of an object about a declaration: one `evidence` link per
/// evidence item that has a URL or a path, none when there are none.
pub fn set_evidence_links(object: &mut Map<String, Value>, evidence: &[Evidence]) {
    let links: Vec<Value> = evidence
        .iter()
        .filter_map(evidence_href)
        .map(|href| serde_json::json!({ "href": href, "rel": "evidence" }))
        .collect();
    set_list(object, "links", links);
}

/// Where an evidence item points, if it is a link or a file.
pub fn evidence_href(e: &Evidence) -> Option<Cow<'_, str>> {
    e.url
        .as_deref()
        .or(e.path.as_ref().map(|p| p.value.as_str()))
        .map(href)
}

/// An evidence item's attributes as props: `proof`, `kind`, `ref`,
/// `sha256`, `date`.
pub fn evidence_props(e: &Evidence) -> Props<'_> {
    let mut props = Props::default();
    if let Some(proof) = &e.proof {
        props.push("proof", proof);
    }
    if let Some(kind) = &e.kind {
        props.push("kind", kind);
    }
    if let Some(r) = &e.reference {
        props.push("ref", r);
    }
    if let Some(sha256) = &e.sha256 {
        props.push("sha256", sha256);
    }
    if let Some(date) = &e.date {
        props.push("date", date.value.to_string());
    }
    props
}

/// The metadata every document opens with: charte's version is the
/// document's, the date its last modification.
pub fn metadata(title: &str, modified: Date, version: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("title".into(), title.into());
    m.insert("last-modified".into(), datetime(modified).into());
    m.insert("version".into(), version.into());
    m.insert("oscal-version".into(), OSCAL_VERSION.into());
    m
}

/// The document `{ model: { uuid, …body } }`, its UUID derived from the
/// model and the body: identical inputs give identical documents, and a
/// changed document gets a new UUID, as OSCAL asks.
pub fn document(model: &str, body: Map<String, Value>) -> Value {
    let key = format!("{model}:{}", Value::Object(body.clone()));
    let mut root = Map::new();
    root.insert("uuid".into(), uuid(&key).into());
    root.extend(body);
    json!({ model: root })
}

/// Writes a document as pretty JSON and a final newline.
pub fn write(doc: &Value, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, doc)?;
    out.write_all(b"\n")
}

/// serde_json's pretty layout (two spaces a level, `": "` after keys), each
/// line break and its indentation written at once rather than a write per
/// level: the assessment results of a large manifest are deep and long.
#[derive(Default)]
pub struct Pretty {
    level: usize,
    has_value: bool,
}

/// `,` then a line break and the deepest indentation written at once.
const BREAK: &[u8; 2 + 2 * 32] =
    b",\n                                                                ";

impl Pretty {
    /// A line break (after a comma unless `first`) and the indentation.
    fn line<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        let from = usize::from(first);
        let mut width = 2 * self.level;
        let head = width.min(BREAK.len() - 2);
        w.write_all(&BREAK[from..2 + head])?;
        width -= head;
        while width > 0 {
            let n = width.min(BREAK.len() - 2);
            w.write_all(&BREAK[2..2 + n])?;
            width -= n;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_tokens() {
        assert_eq!(token("SC.MSS/CONF.01"), "sc.mss-conf.01");
        assert_eq!(token("IV.2"), "iv.2");
        assert_eq!(token("INS 01"), "ins-01");
        assert_eq!(token("01.A"), "r01.a");
        assert_eq!(token("Sécurité"), "sécurité");
    }

    #[test]
    fn uuids_are_version_5_and_stable() {
        let a = uuid("finding:exemple-lgc:ins:INS.01");
        assert_eq!(a, uuid("finding:exemple-lgc:ins:INS.01"));
        assert_ne!(a, uuid("finding:exemple-lgc:ins:INS.02"));
        assert_eq!(&a[14..15], "5");
    }

    #[test]
    fn prop_values_are_one_line() {
        for (value, line) in [
            ("a b", "a b"),
            ("", ""),
            (" a", "a"),
            ("a ", "a"),
            ("a  b", "a b"),
            ("a\tb", "a b"),
            ("a\u{b}b", "a b"),
            ("a\u{a0}b", "a b"),
            ("é è", "é è"),
            (" \n ", ""),
        ] {
            assert_eq!(one_line(value.into()), line, "{value:?}");
            assert_eq!(is_one_line(value), value == line, "{value:?}");
        }
    }

    #[test]
    fn only_conform_is_satisfied() {
        assert_eq!(state("conform"), "satisfied");
        for s in [
            "partial",
            "non-conform",
            "planned",
            "missing",
            "unsubstantiated",
        ] {
            assert_eq!(state(s), "not-satisfied");
        }
    }

    #[test]
    fn pretty_writes_what_serde_json_writes_pretty() {
        let deep = (0..40).fold(
            json!({ "a": [1, "b", {}, []], "c": null }),
            |v, i| json!({ "k": i, "v": [v, [], {}] }),
        );
        let mut fast = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut fast, Pretty::default());
        deep.serialize(&mut ser).unwrap();
        assert_eq!(
            String::from_utf8(fast).unwrap(),
            serde_json::to_string_pretty(&deep).unwrap()
        );
    }

    #[test]
    fn hrefs_encode_what_a_uri_cannot_hold() {
        assert_eq!(
            href("preuves/pentest 2026.pdf"),
            "preuves/pentest%202026.pdf"
        );
        assert_eq!(
            href("https://x.example/a?b=c#d"),
            "https://x.example/a?b=c#d"
        );
        assert_eq!(href("é"), "%C3%A9");
    }
}
