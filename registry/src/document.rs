//! Validation of submission documents (SPEC §5): declarations (schema 1 or
//! 2, which differ only in their canonical JSON) and withdrawals (schema 2,
//! `"withdrawn": true`) and directory choices (schema 2, `"directory":
//! "public" | "private"`). Every problem of
//! a document is reported at once, each with a JSON Pointer (RFC 6901) to the
//! offending value. Unknown fields are tolerated for forward compatibility;
//! the fields the protocol defines are checked strictly. Two forms are
//! refused at any depth, known field or not, because the parsed value no
//! longer shows them and two readers could hash different documents:
//! duplicate keys ([`check_text`]) and negative zero.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::time::is_valid_date;

/// The newest schema version of the declarations documents this registry
/// accepts: schema 2 is hashed as RFC 8785, and schema 1 documents, hashed
/// under their own rule, stay accepted.
pub const SCHEMA: u64 = 2;
/// The schema version of a withdrawal document.
pub const WITHDRAWAL_SCHEMA: u64 = 2;
/// The members of a withdrawal document: nothing else is accepted.
const WITHDRAWAL_MEMBERS: &[&str] = &["organization", "product", "schema", "withdrawn"];
/// The schema version of a directory choice.
pub const DIRECTORY_SCHEMA: u64 = 2;
/// The members of a directory choice: nothing else is accepted.
const DIRECTORY_MEMBERS: &[&str] = &["directory", "organization", "schema"];
/// At most this many declarations in one document.
pub const MAX_DECLARATIONS: usize = 100_000;
/// At most this many referentials in one document.
pub const MAX_REFERENTIALS: usize = 1_000;
/// At most this many evidence items in one declaration.
pub const MAX_EVIDENCE: usize = 100;
/// At most this many `services` or `profiles` of a product.
pub const MAX_LIST: usize = 100;
/// Every string of the document, keys included, is at most this many bytes.
pub const MAX_STRING_BYTES: usize = 4 * 1024;
/// At most this many problems are listed; a last one says how many more there were.
pub const MAX_PROBLEMS: usize = 100;

/// Product kinds of SPEC §1.1.
pub const KINDS: &[&str] = &[
    "dpi", "pfi", "lgc", "sgl", "ris", "drimbox", "lgo", "dui", "mes-app", "other",
];
/// Declaration statuses of SPEC §1.1.
pub const STATUSES: &[&str] = &[
    "conform",
    "partial",
    "non-conform",
    "planned",
    "not-applicable",
];
const COUNTS: &[&str] = &[
    "applicable",
    "conform",
    "partial",
    "non_conform",
    "planned",
    "not_applicable",
    "missing",
];

/// One problem of a document: where (a JSON Pointer, `""` for the whole
/// document) and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

/// What the registry keeps from a valid document besides its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// `organization.siren`.
    pub siren: String,
    /// `product.id`, or `None` for the organization's commitments.
    pub product: Option<String>,
    /// A withdrawal of the product (schema 2), not a declaration.
    pub withdrawn: bool,
    /// A directory choice (schema 2): `Some(true)` to be listed in the
    /// public directory, `Some(false)` to leave it.
    pub directory: Option<bool>,
}

/// `organization.siren` when it is a string, whatever else is wrong: the
/// registry answers 403 before listing problems to another organization.
pub fn organization_siren(document: &Value) -> Option<&str> {
    document.get("organization")?.get("siren")?.as_str()
}

/// Whether `siren` is 9 ASCII digits passing the Luhn check (INSEE rule).
pub fn is_valid_siren(siren: &str) -> bool {
    siren.len() == 9 && siren.bytes().all(|b| b.is_ascii_digit()) && luhn(siren)
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, b)| {
            let digit = u32::from(b - b'0');
            if index % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                digit
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether `id` matches `[a-z0-9][a-z0-9-]*`.
pub fn is_product_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks `document` against its schema. `Ok` carries what the store indexes;
/// `Err` every problem found (at most [`MAX_PROBLEMS`] and a final count).
pub fn validate(document: &Value) -> Result<Summary, Vec<Problem>> {
    finish(Checker::default(), document)
}

fn finish(mut checker: Checker, document: &Value) -> Result<Summary, Vec<Problem>> {
    checker.string_sizes(document, &mut String::new());
    if let Some(ahead) = checker.ahead.as_mut() {
        let sizes = std::mem::take(&mut ahead.sizes);
        checker.absorb(sizes);
    }
    let summary = checker.document(document);
    let mut problems = checker.problems;
    if checker.dropped > 0 {
        problems.push(Problem {
            path: String::new(),
            message: format!("{} more problems not listed", checker.dropped),
        });
    }
    match summary {
        Some(summary) if problems.is_empty() => Ok(summary),
        _ => Err(problems),
    }
}

/// Appends a JSON Pointer reference token to `path`.
fn pointer(path: &str, token: &str) -> String {
    format!("{path}/{}", token.replace('~', "~0").replace('/', "~1"))
}

#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    dropped: usize,
    /// The problems of the declarations, found as they were read
    /// ([`read`]), when the document holds none of them any more.
    ahead: Option<Box<Ahead>>,
}

/// What [`read`] found in the declarations it read one at a time.
#[derive(Default)]
struct Ahead {
    sizes: Checker,
    items: Checker,
}

/// A submission document read from its JSON text one declaration at a time:
/// each declaration is checked and written to the canonical text as it is
/// read, then dropped, so that the parsed document never holds them all.
pub struct Read {
    /// The document; its declarations, already checked, are not in it
    /// when [`Read::canonical`] was written one at a time.
    pub document: Value,
    /// The canonical JSON text of the whole document (see
    /// [`crate::canonical::document_text`]).
    pub canonical: String,
    ahead: Option<Box<Ahead>>,
}

impl Read {
    /// Checks the document against its schema, as [`validate`] does.
    pub fn validate(&mut self) -> Result<Summary, Vec<Problem>> {
        let checker = Checker {
            ahead: self.ahead.take(),
            ..Checker::default()
        };
        finish(checker, &self.document)
    }
}

/// Reads a submission document from its JSON text, at a peak of about the
/// text and its canonical form in memory. A document whose root is not an
/// object, or whose `declarations` is not a list the registry would check
/// one item at a time, is read whole.
pub fn read(text: &[u8]) -> Result<Read, serde_json::Error> {
    match read_in_parts(text) {
        Some(read) => Ok(read),
        None => {
            let document: Value = serde_json::from_slice(text)?;
            let canonical = crate::canonical::document_text(&document);
            Ok(Read {
                document,
                canonical,
                ahead: None,
            })
        }
    }
}

fn read_in_parts(text: &[u8]) -> Option<Read> {
    use serde_json::value::RawValue;
    let members: std::collections::BTreeMap<String, &RawValue> =
        serde_json::from_slice(text).ok()?;
    if members.contains_key("withdrawn") {
        return None;
    }
    let items: Vec<&RawValue> = serde_json::from_str(members.get("declarations")?.get()).ok()?;
    if items.len() > MAX_DECLARATIONS {
        return None;
    }
    let mut document = Map::new();
    for (key, raw) in &members {
        if key != "declarations" {
            document.insert(key.clone(), serde_json::from_str(raw.get()).ok()?);
        }
    }
    let document = Value::Object(document);
    let schema_1 = document.get("schema").and_then(Value::as_u64) == Some(1);
    let mut ahead = Box::<Ahead>::default();
    let mut canonical = String::with_capacity(text.len());
    let mut failed = false;
    let Value::Object(root) = &document else {
        return None;
    };
    crate::canonical::write_document_with(root, schema_1, &mut canonical, |out| {
        out.push('[');
        for (index, raw) in items.iter().enumerate() {
            let Ok(item) = serde_json::from_str::<Value>(raw.get()) else {
                failed = true;
                return;
            };
            if index > 0 {
                out.push(',');
            }
            crate::canonical::write_under(&item, schema_1, out);
            let mut path = format!("/declarations/{index}");
            ahead.sizes.string_sizes(&item, &mut path);
            if let Some(declaration) = ahead.items.object(&item, &path) {
                ahead.items.declaration(declaration, &path);
            }
        }
        out.push(']');
    });
    if failed {
        return None;
    }
    Some(Read {
        document,
        canonical,
        ahead: Some(ahead),
    })
}

impl Checker {
    /// Adds the problems of `other`, within [`MAX_PROBLEMS`].
    fn absorb(&mut self, other: Checker) {
        for problem in other.problems {
            self.problem(&problem.path, problem.message);
        }
        self.dropped += other.dropped;
    }

    fn problem(&mut self, path: &str, message: impl Into<String>) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                path: path.to_owned(),
                message: message.into(),
            });
        } else {
            self.dropped += 1;
        }
    }

    /// Every string and key of the document, known fields or not.
    fn string_sizes(&mut self, value: &Value, path: &mut String) {
        let too_long = |text: &str| text.len() > MAX_STRING_BYTES;
        match value {
            Value::String(text) if too_long(text) => self.problem(
                path,
                format!(
                    "string of {} bytes, over the limit of {MAX_STRING_BYTES}",
                    text.len()
                ),
            ),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("/{index}"));
                    self.string_sizes(item, path);
                    path.truncate(len);
                }
            }
            Value::Object(members) => {
                for (key, member) in members {
                    if too_long(key) {
                        self.problem(
                            path,
                            format!(
                                "key of {} bytes, over the limit of {MAX_STRING_BYTES}",
                                key.len()
                            ),
                        );
                        continue;
                    }
                    let len = path.len();
                    *path = pointer(path, key);
                    self.string_sizes(member, path);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }

    fn object<'a>(&mut self, value: &'a Value, path: &str) -> Option<&'a Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.problem(
                path,
                format!("expected an object, found {}", kind_of(value)),
            );
        }
        object
    }

    fn array<'a>(&mut self, value: &'a Value, path: &str, max: usize) -> Option<&'a [Value]> {
        match value.as_array() {
            Some(items) if items.len() > max => {
                self.problem(
                    path,
                    format!("{} items, over the limit of {max}", items.len()),
                );
                None
            }
            Some(items) => Some(items),
            None => {
                self.problem(path, format!("expected an array, found {}", kind_of(value)));
                None
            }
        }
    }

    /// A member that must be present (and not null).
    fn required<'a>(
        &mut self,
        object: &'a Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<&'a Value> {
        match object.get(key) {
            Some(Value::Null) | None => {
                self.problem(&pointer(path, key), format!("missing `{key}`"));
                None
            }
            Some(value) => Some(value),
        }
    }

    fn string<'a>(&mut self, value: &'a Value, path: &str) -> Option<&'a str> {
        match value {
            Value::String(text) if text.trim().is_empty() => {
                self.problem(path, "must not be empty");
                None
            }
            Value::String(text) => Some(text),
            other => {
                self.problem(path, format!("expected a string, found {}", kind_of(other)));
                None
            }
        }
    }

    fn required_string<'a>(
        &mut self,
        object: &'a Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<&'a str> {
        let value = self.required(object, path, key)?;
        self.string(value, &pointer(path, key))
    }

    /// A member that may be absent or null.
    fn optional_string<'a>(
        &mut self,
        object: &'a Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<&'a str> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => self.string(value, &pointer(path, key)),
        }
    }

    fn date(&mut self, text: &str, path: &str) {
        if !is_valid_date(text) {
            self.problem(path, format!("`{text}` is not a calendar date YYYY-MM-DD"));
        }
    }

    fn document(&mut self, document: &Value) -> Option<Summary> {
        let root = self.object(document, "")?;
        if root.contains_key("withdrawn") {
            return self.withdrawal(root);
        }
        if root.contains_key("directory") {
            return self.directory_choice(root);
        }
        match self.required(root, "", "schema") {
            Some(Value::Number(n)) if matches!(n.as_u64(), Some(1..=SCHEMA)) => {}
            Some(other) => self.problem(
                "/schema",
                format!("unsupported schema {other}; this registry accepts 1 and {SCHEMA}"),
            ),
            None => {}
        }
        let siren = self.organization(root);
        let product = self.product(root);
        self.referentials(root);
        self.declarations(root);
        self.counts(root);
        Some(Summary {
            siren: siren?,
            product: product?,
            withdrawn: false,
            directory: None,
        })
    }

    /// A document of a fixed shape (`what`, as "a withdrawal"): only
    /// `members` at its root, and `schema`.
    fn closed(&mut self, root: &Map<String, Value>, what: &str, members: &[&str], schema: u64) {
        for key in root.keys() {
            if !members.contains(&key.as_str()) {
                self.problem(
                    &pointer("", key),
                    format!(
                        "unknown member `{key}`: {what} holds only {}",
                        members.join(", ")
                    ),
                );
            }
        }
        match self.required(root, "", "schema") {
            Some(Value::Number(n)) if n.as_u64() == Some(schema) => {}
            Some(other) => {
                self.problem("/schema", format!("{what} is schema {schema}, not {other}"))
            }
            None => {}
        }
    }

    /// `{ "schema": 2, "organization": {…}, "product": { "id": "…" },
    /// "withdrawn": true }`, and nothing more.
    fn withdrawal(&mut self, root: &Map<String, Value>) -> Option<Summary> {
        self.closed(root, "a withdrawal", WITHDRAWAL_MEMBERS, WITHDRAWAL_SCHEMA);
        if root.get("withdrawn") != Some(&Value::Bool(true)) {
            self.problem(
                "/withdrawn",
                "must be `true`: a withdrawal is undone by submitting the product again",
            );
        }
        let siren = self.named_organization(root, "a withdrawal's");
        let product = match self.required(root, "", "product") {
            Some(product) => self.object(product, "/product"),
            None => None,
        };
        let id = product.and_then(|product| {
            for key in product.keys().filter(|k| *k != "id") {
                self.problem(
                    &pointer("/product", key),
                    format!(
                        "unknown member `{key}`: a withdrawal names the product by its id only"
                    ),
                );
            }
            let id = self.required_string(product, "/product", "id")?;
            if !is_product_id(id) {
                self.problem(
                    "/product/id",
                    format!("`{id}` is not a product id [a-z0-9][a-z0-9-]*"),
                );
                return None;
            }
            Some(id.to_owned())
        });
        Some(Summary {
            siren: siren?,
            product: Some(id?),
            withdrawn: true,
            directory: None,
        })
    }

    /// `{ "schema": 2, "organization": {…}, "directory": "public" |
    /// "private" }`, and nothing more: whether the organization is listed
    /// in the public directory, until its next choice.
    fn directory_choice(&mut self, root: &Map<String, Value>) -> Option<Summary> {
        self.closed(
            root,
            "a directory choice",
            DIRECTORY_MEMBERS,
            DIRECTORY_SCHEMA,
        );
        let public = match root.get("directory") {
            Some(Value::String(choice)) if choice == "public" => Some(true),
            Some(Value::String(choice)) if choice == "private" => Some(false),
            _ => {
                self.problem("/directory", "must be \"public\" or \"private\"");
                None
            }
        };
        let siren = self.named_organization(root, "a directory choice's");
        Some(Summary {
            siren: siren?,
            product: None,
            withdrawn: false,
            directory: Some(public?),
        })
    }

    /// [`Checker::organization`], which `what` (a kind of document, "a
    /// withdrawal's") holds with its siren and name only.
    fn named_organization(&mut self, root: &Map<String, Value>, what: &str) -> Option<String> {
        let siren = self.organization(root);
        if let Some(organization) = root.get("organization").and_then(Value::as_object) {
            for key in organization.keys() {
                if key != "siren" && key != "name" {
                    self.problem(
                        &pointer("/organization", key),
                        format!(
                            "unknown member `{key}`: {what} organization holds only siren and name"
                        ),
                    );
                }
            }
        }
        siren
    }

    fn organization(&mut self, root: &Map<String, Value>) -> Option<String> {
        let organization = self.required(root, "", "organization")?;
        let organization = self.object(organization, "/organization")?;
        self.required_string(organization, "/organization", "name");
        let siren = self.required_string(organization, "/organization", "siren")?;
        if !is_valid_siren(siren) {
            self.problem(
                "/organization/siren",
                format!("`{siren}` is not a SIREN: 9 digits passing the Luhn check"),
            );
            return None;
        }
        Some(siren.to_owned())
    }

    /// `Some(None)` for the commitments document (`"product": null`).
    fn product(&mut self, root: &Map<String, Value>) -> Option<Option<String>> {
        let product = match root.get("product") {
            None => {
                self.problem(
                    "/product",
                    "missing `product` (null for the organization's commitments)",
                );
                return None;
            }
            Some(Value::Null) => return Some(None),
            Some(product) => self.object(product, "/product")?,
        };
        let path = "/product";
        self.required_string(product, path, "name");
        self.required_string(product, path, "version");
        if let Some(kind) = self.required_string(product, path, "kind") {
            if !KINDS.contains(&kind) {
                self.problem(
                    "/product/kind",
                    format!(
                        "unknown kind `{kind}`; expected one of {}",
                        KINDS.join(", ")
                    ),
                );
            }
        }
        for list in ["services", "profiles"] {
            let list_path = pointer(path, list);
            match product.get(list) {
                None | Some(Value::Null) => {}
                Some(value) => {
                    for (index, item) in self
                        .array(value, &list_path, MAX_LIST)
                        .unwrap_or_default()
                        .iter()
                        .enumerate()
                    {
                        self.string(item, &format!("{list_path}/{index}"));
                    }
                }
            }
        }
        let id = self.required_string(product, path, "id")?;
        if !is_product_id(id) {
            self.problem(
                "/product/id",
                format!("`{id}` is not a product id [a-z0-9][a-z0-9-]*"),
            );
            return None;
        }
        Some(Some(id.to_owned()))
    }

    fn referentials(&mut self, root: &Map<String, Value>) {
        let Some(list) = self.required(root, "", "referentials") else {
            return;
        };
        let Some(items) = self.array(list, "/referentials", MAX_REFERENTIALS) else {
            return;
        };
        for (index, item) in items.iter().enumerate() {
            let path = format!("/referentials/{index}");
            let Some(referential) = self.object(item, &path) else {
                continue;
            };
            self.required_string(referential, &path, "id");
            self.required_string(referential, &path, "version");
            if let Some(sha256) = self.required_string(referential, &path, "sha256") {
                if !is_sha256_hex(sha256) {
                    self.problem(
                        &format!("{path}/sha256"),
                        "expected 64 lowercase hexadecimal digits",
                    );
                }
            }
        }
    }

    fn declarations(&mut self, root: &Map<String, Value>) {
        if let Some(ahead) = self.ahead.take() {
            let Ahead { items, .. } = *ahead;
            self.absorb(items);
            return;
        }
        let Some(list) = self.required(root, "", "declarations") else {
            return;
        };
        let Some(items) = self.array(list, "/declarations", MAX_DECLARATIONS) else {
            return;
        };
        for (index, item) in items.iter().enumerate() {
            let path = format!("/declarations/{index}");
            if let Some(declaration) = self.object(item, &path) {
                self.declaration(declaration, &path);
            }
        }
    }

    fn declaration(&mut self, declaration: &Map<String, Value>, path: &str) {
        if let Some(requirement) = self.required_string(declaration, path, "requirement") {
            let well_formed = requirement
                .split_once(':')
                .is_some_and(|(referential, id)| {
                    !referential.trim().is_empty() && !id.trim().is_empty()
                });
            if !well_formed {
                self.problem(
                    &pointer(path, "requirement"),
                    format!("`{requirement}` is not of the form <referential>:<requirement>"),
                );
            }
        }
        let status = self.required_string(declaration, path, "status");
        if let Some(status) = status {
            if !STATUSES.contains(&status) {
                self.problem(
                    &pointer(path, "status"),
                    format!(
                        "unknown status `{status}`; expected one of {}",
                        STATUSES.join(", ")
                    ),
                );
            }
        }
        let has_justification = !declaration.get("justification").is_none_or(Value::is_null);
        self.optional_string(declaration, path, "justification");
        if !has_justification
            && matches!(status, Some("partial" | "non-conform" | "not-applicable"))
        {
            self.problem(
                &pointer(path, "justification"),
                format!("required for status {}", status.unwrap_or_default()),
            );
        }
        let due = self.optional_string(declaration, path, "due");
        if let Some(due) = due {
            self.date(due, &pointer(path, "due"));
        } else if status == Some("planned") {
            self.problem(&pointer(path, "due"), "required for status planned");
        }
        if let Some(declared) = self.optional_string(declaration, path, "declared") {
            self.date(declared, &pointer(path, "declared"));
        }
        match declaration.get("evidence") {
            None | Some(Value::Null) => {}
            Some(evidence) => {
                let evidence_path = pointer(path, "evidence");
                for (index, item) in self
                    .array(evidence, &evidence_path, MAX_EVIDENCE)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                {
                    let item_path = format!("{evidence_path}/{index}");
                    if let Some(item) = self.object(item, &item_path) {
                        self.evidence(item, &item_path);
                    }
                }
            }
        }
    }

    fn evidence(&mut self, item: &Map<String, Value>, path: &str) {
        let mut located = false;
        for key in ["ref", "url", "path"] {
            located |= self.optional_string(item, path, key).is_some();
        }
        if !located {
            self.problem(
                path,
                "an evidence item needs at least one of `ref`, `url`, `path`",
            );
        }
        for key in ["proof", "kind"] {
            self.optional_string(item, path, key);
        }
        if let Some(date) = self.optional_string(item, path, "date") {
            self.date(date, &pointer(path, "date"));
        }
        if let Some(sha256) = self.optional_string(item, path, "sha256") {
            if !is_sha256_hex(sha256) {
                self.problem(
                    &pointer(path, "sha256"),
                    "expected 64 lowercase hexadecimal digits",
                );
            }
        }
    }

    fn counts(&mut self, root: &Map<String, Value>) {
        let Some(counts) = self.required(root, "", "counts") else {
            return;
        };
        let Some(counts) = self.object(counts, "/counts") else {
            return;
        };
        for key in COUNTS {
            match self.required(counts, "/counts", key) {
                Some(Value::Number(n)) if n.is_u64() => {}
                Some(other) => self.problem(
                    &pointer("/counts", key),
                    format!("expected a non-negative integer, found {other}"),
                ),
                None => {}
            }
        }
        // Optional: documents made before declarations without valid proof
        // were counted apart (SPEC §3.2) do not carry it.
        if let Some(other) = counts.get("unsubstantiated").filter(|v| !v.is_u64()) {
            self.problem(
                "/counts/unsubstantiated",
                format!("expected a non-negative integer, found {other}"),
            );
        }
        match self.required(counts, "/counts", "conformity") {
            Some(Value::Number(n)) if n.as_f64().is_some_and(|f| (0.0..=1.0).contains(&f)) => {}
            Some(other) => self.problem(
                "/counts/conformity",
                format!("expected a number from 0 to 1, found {other}"),
            ),
            None => {}
        }
    }
}

/// The problems of a document's JSON text that its parsed [`Value`] hides:
/// an object with the same key twice (the parser keeps the last one) and a
/// number that is negative zero (`-0`, `-0.0`, `-0e3`), each with the JSON
/// Pointer of the key or number. `text` must already parse as JSON.
pub fn check_text(text: &[u8]) -> Result<(), Vec<Problem>> {
    let mut checker = Checker::default();
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let walked = Walk {
        checker: &mut checker,
        path: &mut String::new(),
    }
    .deserialize(&mut deserializer);
    if let Err(err) = walked {
        checker.problem("", format!("{err}"));
    }
    if checker.dropped > 0 {
        let dropped = checker.dropped;
        checker.problems.push(Problem {
            path: String::new(),
            message: format!("{dropped} more problems not listed"),
        });
    }
    if checker.problems.is_empty() {
        Ok(())
    } else {
        Err(checker.problems)
    }
}

/// One value of [`check_text`]'s walk, at `path`.
struct Walk<'a> {
    checker: &'a mut Checker,
    path: &'a mut String,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<(), E> {
        // serde_json reads `-0` (no fraction) as the float -0.0 too.
        if number == 0.0 && number.is_sign_negative() {
            self.checker
                .problem(self.path, "negative zero is not allowed: write 0 (or 0.0)");
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        loop {
            let len = self.path.len();
            self.path.push_str(&format!("/{index}"));
            let item = items.next_element_seed(Walk {
                checker: &mut *self.checker,
                path: &mut *self.path,
            })?;
            self.path.truncate(len);
            if item.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        let mut seen: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(key) = members.next_key_seed(Key)? {
            let len = self.path.len();
            *self.path = pointer(self.path, &key);
            if seen.contains(&key) {
                self.checker.problem(
                    self.path,
                    format!("duplicate key `{key}`: an object names each member once"),
                );
            }
            members.next_value_seed(Walk {
                checker: &mut *self.checker,
                path: &mut *self.path,
            })?;
            self.path.truncate(len);
            seen.insert(key);
        }
        Ok(())
    }
}

/// An object key, borrowed from the text unless it has escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key.to_owned()))
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn product_document() -> Value {
        json!({
            "schema": 1,
            "organization": { "siren": "732829320", "name": "Exemple Santé SAS" },
            "product": { "id": "exemple-lgc", "name": "Exemple Cabinet", "version": "5.2.0", "kind": "lgc",
                         "services": ["mssante"], "profiles": [] },
            "referentials": [ { "id": "mssante-clients", "version": "1.0.0", "sha256": "a".repeat(64) } ],
            "declarations": [
                { "requirement": "mssante-clients:SC.MSS/CONF.01", "status": "conform", "declared": "2026-11-01",
                  "evidence": [ { "proof": "MSS/CONF.01.01.01", "ref": "MSS-LPS-SEGUR-GEN#48213", "date": "2026-03-02" } ] },
                { "requirement": "mssante-clients:SC.MSS/CONF.02", "status": "planned", "due": "2027-03-31", "evidence": [] },
                { "requirement": "mssante-clients:SC.MSS/CONF.03", "status": "not-applicable", "justification": "pas de messagerie" }
            ],
            "counts": { "applicable": 3, "conform": 1, "unsubstantiated": 0, "partial": 0, "non_conform": 0, "planned": 1,
                        "not_applicable": 1, "missing": 0, "conformity": 0.5 },
            "future-field": { "anything": [1, 2, 3] }
        })
    }

    fn paths(document: &Value) -> Vec<String> {
        validate(document)
            .unwrap_err()
            .into_iter()
            .map(|p| p.path)
            .collect()
    }

    /// Reading one declaration at a time gives the canonical text and the
    /// problems the whole document gives, under either schema's rule.
    #[test]
    fn reading_in_parts_matches_the_whole_document() {
        let mut invalid = product_document();
        invalid["declarations"][0]["status"] = json!("done");
        invalid["declarations"][1] = json!("not an object");
        invalid["counts"]["missing"] = json!(-1);
        let mut schema_2 = product_document();
        schema_2["schema"] = json!(2);
        schema_2["declarations"][0]["weight"] = json!(1e21);
        for document in [product_document(), invalid, schema_2] {
            let text = serde_json::to_vec(&document).unwrap();
            let mut read = read(&text).unwrap();
            assert!(read.ahead.is_some(), "read in parts");
            assert!(read.document.get("declarations").is_none());
            assert_eq!(read.canonical, crate::canonical::document_text(&document));
            assert_eq!(
                format!("{:?}", read.validate()),
                format!("{:?}", validate(&document))
            );
        }
    }

    #[test]
    fn accepts_a_product_document_with_unknown_fields() {
        let summary = validate(&product_document()).unwrap();
        assert_eq!(summary.siren, "732829320");
        assert_eq!(summary.product.as_deref(), Some("exemple-lgc"));
    }

    fn withdrawal() -> Value {
        json!({
            "schema": 2,
            "organization": { "siren": "732829320", "name": "Exemple Santé SAS" },
            "product": { "id": "exemple-lgc" },
            "withdrawn": true
        })
    }

    #[test]
    fn accepts_a_withdrawal() {
        let summary = validate(&withdrawal()).unwrap();
        assert_eq!(summary.siren, "732829320");
        assert_eq!(summary.product.as_deref(), Some("exemple-lgc"));
        assert!(summary.withdrawn);
        assert!(!validate(&product_document()).unwrap().withdrawn);
    }

    #[test]
    fn a_withdrawal_holds_nothing_more_and_names_a_product() {
        let mut document = withdrawal();
        document["schema"] = json!(1);
        document["withdrawn"] = json!(false);
        document["product"]["name"] = json!("Exemple Cabinet");
        document["product"]["id"] = json!("Exemple");
        document["organization"]["contact"] = json!("x@example.fr");
        document["counts"] = json!({});
        assert_eq!(
            paths(&document),
            [
                "/counts",
                "/schema",
                "/withdrawn",
                "/organization/contact",
                "/product/name",
                "/product/id",
            ]
        );
        let mut document = withdrawal();
        document["product"] = Value::Null;
        assert_eq!(paths(&document), ["/product"]);
        document.as_object_mut().unwrap().remove("product");
        assert_eq!(paths(&document), ["/product"]);
        let mut document = withdrawal();
        document["organization"]["siren"] = json!("732829321");
        assert_eq!(paths(&document), ["/organization/siren"]);
    }

    #[test]
    fn a_directory_choice_is_public_or_private_and_holds_nothing_more() {
        let mut document = json!({
            "schema": 2,
            "organization": { "siren": "732829320", "name": "Exemple" },
            "directory": "public"
        });
        let summary = validate(&document).unwrap();
        assert_eq!((summary.directory, summary.product), (Some(true), None));
        document["directory"] = json!("private");
        assert_eq!(validate(&document).unwrap().directory, Some(false));
        document["directory"] = json!("everyone");
        document["product"] = json!({ "id": "p" });
        assert_eq!(paths(&document), ["/product", "/directory"]);
    }

    #[test]
    fn accepts_declarations_of_schema_1_and_2() {
        for schema in [1, 2] {
            let mut document = product_document();
            document["schema"] = json!(schema);
            assert!(validate(&document).is_ok(), "{schema}");
        }
    }

    #[test]
    fn accepts_the_commitments_document() {
        let mut document = product_document();
        document["product"] = Value::Null;
        assert_eq!(validate(&document).unwrap().product, None);
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let mut document = product_document();
        document["schema"] = json!(3);
        document["organization"]["siren"] = json!("732829321");
        document["product"]["id"] = json!("Exemple");
        document["product"]["kind"] = json!("erp");
        document["referentials"][0]["sha256"] = json!("ABC");
        document["declarations"][0]["status"] = json!("done");
        document["declarations"][0]["declared"] = json!("2026-02-30");
        document["declarations"][0]["evidence"][0] = json!({ "proof": "x" });
        document["declarations"][1] = json!({ "requirement": "nocolon", "status": "planned" });
        document["declarations"][2] =
            json!({ "requirement": "a:b", "status": "partial", "justification": " " });
        document["counts"]["missing"] = json!(-1);
        document["counts"]["unsubstantiated"] = json!("2");
        document["counts"]["conformity"] = json!(1.5);
        assert_eq!(
            paths(&document),
            [
                "/schema",
                "/organization/siren",
                "/product/kind",
                "/product/id",
                "/referentials/0/sha256",
                "/declarations/0/status",
                "/declarations/0/declared",
                "/declarations/0/evidence/0",
                "/declarations/1/requirement",
                "/declarations/1/due",
                "/declarations/2/justification",
                "/counts/missing",
                "/counts/unsubstantiated",
                "/counts/conformity",
            ]
        );
    }

    #[test]
    fn missing_parts_and_wrong_types() {
        assert_eq!(paths(&json!([])), [""]);
        assert_eq!(
            paths(&json!({})),
            [
                "/schema",
                "/organization",
                "/product",
                "/referentials",
                "/declarations",
                "/counts"
            ]
        );
        let mut document = product_document();
        document["declarations"] = json!({});
        document["counts"] = json!({ "applicable": 1.0 });
        let problems = paths(&document);
        assert_eq!(problems[0], "/declarations");
        assert!(problems.contains(&"/counts/applicable".to_owned()));
        assert!(problems.contains(&"/counts/conformity".to_owned()));
    }

    #[test]
    fn limits_sizes_and_problem_count() {
        let mut document = product_document();
        document["future-field"] = json!({ "a/b": "x".repeat(MAX_STRING_BYTES + 1) });
        assert_eq!(paths(&document), ["/future-field/a~1b"]);

        let mut document = product_document();
        document["declarations"] = Value::Array(vec![json!({"status": "conform"}); 500]);
        let problems = validate(&document).unwrap_err();
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        assert_eq!(
            problems.last().unwrap().message,
            "400 more problems not listed"
        );
    }

    #[test]
    fn text_with_duplicate_keys_or_negative_zero() {
        let problems = |text: &str| -> Vec<(String, String)> {
            check_text(text.as_bytes())
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|problem| (problem.path, problem.message))
                .collect()
        };
        assert_eq!(
            problems(r#"{"a": [0, 0.0, -1, "-0", {"b": 1}], "b": {"a": 1}}"#),
            []
        );
        assert_eq!(
            problems(r#"{"a": 1, "a": 2}"#),
            [(
                "/a".to_owned(),
                "duplicate key `a`: an object names each member once".to_owned()
            )]
        );
        // Keys are compared once unescaped, at any depth, with pointer escapes.
        let paths = |text: &str| -> Vec<String> {
            problems(text).into_iter().map(|(path, _)| path).collect()
        };
        assert_eq!(paths(r#"[{"x": {"a/b": 1, "a\/b": 2}}]"#), ["/0/x/a~1b"]);
        assert_eq!(
            paths(r#"{"k": {"e": 1, "\u0065": 2, "e": 3}}"#),
            ["/k/e", "/k/e"]
        );
        assert_eq!(
            paths("[-0, -0.0, -0e7, -0.0E-2, -1e-400, 0, 1e-400]"),
            ["/0", "/1", "/2", "/3", "/4"]
        );
        assert_eq!(
            problems("-0")[0].1,
            "negative zero is not allowed: write 0 (or 0.0)"
        );
        assert_eq!(
            paths(&format!("[{}]", vec!["-0"; MAX_PROBLEMS + 3].join(","))).len(),
            MAX_PROBLEMS + 1
        );
    }

    #[test]
    fn siren_and_product_id_rules() {
        assert!(is_valid_siren("732829320"));
        assert!(is_valid_siren("552100554"));
        assert!(!is_valid_siren("732829321"));
        assert!(!is_valid_siren("73282932"));
        assert!(!is_valid_siren("7328293200"));
        assert!(!is_valid_siren("73282932a"));
        assert!(is_product_id("exemple-lgc") && is_product_id("0x") && is_product_id("a"));
        assert!(
            !is_product_id("-a")
                && !is_product_id("")
                && !is_product_id("A")
                && !is_product_id("a_b")
        );
    }
}
