//! Reading `charte.toml` into a [`Manifest`], checking every rule of the
//! format and reporting every problem of the file at once, each pointing at
//! the offending text with a sentence on how to fix it.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};
use toml::Spanned as TomlSpanned;

use super::{
    is_id, siren_is_valid, Declaration, Evidence, IndexLocation, Manifest, Organization, Product,
    RequirementRef, Spanned, Status, UseEntry, KINDS,
};
use super::{keys, split};
use crate::date::Date;
use crate::diag::{Diagnostic, Source, Span};
use crate::findings::{Code, Level};
use crate::suggest;

/// The largest manifest read: far above the largest real publishers (a
/// hundred products with hundreds of declarations each is a few megabytes).
pub const MAX_MANIFEST_BYTES: usize = 32 << 20;

/// Evidence kinds, the same vocabulary as the référentiels' proofs.
pub const EVIDENCE_KINDS: &[&str] = &[
    "test-run",
    "video",
    "screenshots",
    "attestation",
    "certificate",
    "pentest-report",
    "document",
];

type Value<'i> = TomlSpanned<DeValue<'i>>;

/// Parses and validates a manifest. On failure, every problem found.
pub fn parse(source: &Source) -> Result<Manifest, Vec<Diagnostic>> {
    if let Some(d) = binary(&source.text) {
        return Err(vec![d]);
    }
    split::split(&source.text)
        .and_then(|split| parse_in_pieces(source, &split))
        .unwrap_or_else(|| read_whole(source))
}

/// A NUL byte: the file is not text.
fn binary(text: &str) -> Option<Diagnostic> {
    let at = text.find('\0')?;
    Some(
        Diagnostic::new(
            "this is a binary file, not a TOML manifest",
            Span::from(at..at + 1),
        )
        .label("NUL byte")
        .help("point --manifest at your charte.toml"),
    )
}

/// Parses the whole document as one TOML tree, as [`parse`] does when it
/// cannot read it in pieces.
pub fn parse_whole(source: &Source) -> Result<Manifest, Vec<Diagnostic>> {
    match binary(&source.text) {
        Some(d) => Err(vec![d]),
        None => read_whole(source),
    }
}

/// The whole read of a text already known not to be binary.
fn read_whole(source: &Source) -> Result<Manifest, Vec<Diagnostic>> {
    let (root, errors) = DeTable::parse_recoverable(&source.text);
    let mut loader = Loader::new(source);
    for error in &errors {
        let span = error.span().map(Span::from).unwrap_or_default();
        loader.diags.push(
            Diagnostic::new(format!("TOML syntax: {}", error.message()), span)
                .help("see https://toml.io for the syntax of TOML"),
        );
    }
    let manifest = if errors.is_empty() {
        loader.manifest(root.get_ref())
    } else {
        Manifest::default()
    };
    loader.finish(manifest)
}

/// Parses the document without its declarations, then the declarations
/// piece by piece (see [`split`]); `None` when any part is not valid TOML
/// or when the rest also declares, so that the whole document is parsed
/// and its errors reported as usual.
fn parse_in_pieces(
    source: &Source,
    split: &split::Split,
) -> Option<Result<Manifest, Vec<Diagnostic>>> {
    let mut loader = Loader::new(source);
    let mut manifest = {
        let (root, errors) = DeTable::parse_recoverable(&split.rest);
        if !errors.is_empty() || root.get_ref().contains_key("declaration") {
            return None;
        }
        loader.manifest(root.get_ref())
    };
    // Declarations are most of a large manifest: room for exactly them, as
    // a growing vector would copy itself and keep up to twice the room.
    manifest.declarations.reserve_exact(split.declarations);
    for piece in &split.pieces {
        let (root, errors) = DeTable::parse_recoverable(&source.text[piece.clone()]);
        if !errors.is_empty() {
            return None;
        }
        loader.base = piece.start;
        if let Some(v) = root.get_ref().get("declaration") {
            loader.declarations(v, &mut manifest.declarations);
        }
    }
    Some(loader.finish(manifest))
}

struct Loader<'s> {
    diags: Vec<Diagnostic>,
    source: &'s Source,
    /// Where the text being read starts in the file.
    base: usize,
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// What a table is called in messages, and where its header is.
#[derive(Clone, Copy)]
struct Ctx<'a> {
    name: &'a str,
    header: Span,
}

impl<'s> Loader<'s> {
    fn new(source: &'s Source) -> Loader<'s> {
        Loader {
            diags: Vec::new(),
            source,
            base: 0,
        }
    }

    fn finish(self, manifest: Manifest) -> Result<Manifest, Vec<Diagnostic>> {
        if self.diags.is_empty() {
            Ok(manifest)
        } else {
            let mut diags = self.diags;
            diags.sort_by_key(|d| d.span.map(|s| s.start()));
            diags.dedup();
            Err(diags)
        }
    }

    /// Where a value is in the file.
    fn at<T>(&self, v: &TomlSpanned<T>) -> Span {
        let r = v.span();
        Span::from(self.base + r.start..self.base + r.end)
    }

    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Reports keys not in `allowed`, with the likely intended key.
    fn check_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], ctx: Ctx<'_>) {
        for key in table.keys() {
            let k: &str = key.get_ref();
            if allowed.contains(&k) {
                continue;
            }
            let kebab = k.replace('_', "-").to_lowercase();
            let help = if allowed.contains(&kebab.as_str()) {
                format!("keys are kebab-case: write `{kebab}`")
            } else if let Some(near) = suggest::closest(k, allowed.iter().copied()) {
                format!("did you mean `{near}`?")
            } else {
                format!("{} accepts {}", ctx.name, suggest::list(allowed))
            };
            self.error(
                Diagnostic::new(format!("unknown key `{k}` in {}", ctx.name), self.at(key))
                    .label("unknown key")
                    .help(help),
            );
        }
    }

    fn required<'t, 'i>(
        &mut self,
        table: &'t DeTable<'i>,
        key: &str,
        ctx: Ctx<'_>,
        example: &str,
    ) -> Option<&'t Value<'i>> {
        let v = table.get(key);
        if v.is_none() {
            self.error(
                Diagnostic::new(format!("{} has no `{key}`", ctx.name), ctx.header)
                    .label(format!("`{key}` missing here"))
                    .help(format!("add `{key} = {example}`")),
            );
        }
        v
    }

    fn required_section<'t, 'i>(
        &mut self,
        root: &'t DeTable<'i>,
        key: &str,
        what: &str,
    ) -> Option<&'t Value<'i>> {
        let v = root.get(key);
        if v.is_none() {
            self.error(
                Diagnostic::new(
                    format!("the manifest has no [{key}] section"),
                    Span::default(),
                )
                .help(format!("add a [{key}] section with {what}")),
            );
        }
        v
    }

    fn wrong_type(&mut self, key: &str, v: &Value<'_>, expected: &str, example: &str) {
        self.error(
            Diagnostic::new(
                format!("`{key}` must be {expected}, not {}", type_name(v.get_ref())),
                self.at(v),
            )
            .label(format!("expected {expected}"))
            .help(format!("write it as `{key} = {example}`")),
        );
    }

    fn string(&mut self, key: &str, v: &Value<'_>, example: &str) -> Option<Spanned<String>> {
        match v.get_ref() {
            DeValue::String(s) => Some(Spanned::new(s.to_string(), self.at(v))),
            _ => {
                self.wrong_type(key, v, "a string", example);
                None
            }
        }
    }

    /// A string that must not be empty or blank.
    fn text(&mut self, key: &str, v: &Value<'_>, example: &str) -> Option<Spanned<String>> {
        let s = self.string(key, v, example)?;
        if s.value.trim().is_empty() {
            self.error(
                Diagnostic::new(format!("`{key}` is empty"), s.span)
                    .label("empty")
                    .help(format!("write it as `{key} = {example}`")),
            );
            return None;
        }
        Some(s)
    }

    fn opt_text(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        example: &str,
    ) -> Option<Spanned<String>> {
        table.get(key).and_then(|v| self.text(key, v, example))
    }

    fn date(&mut self, key: &str, v: &Value<'_>) -> Option<Spanned<Date>> {
        let span = self.at(v);
        let example = "2026-03-31";
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    match Date::from_ymd(d.year.into(), d.month.into(), d.day.into()) {
                        Some(date) => Some(Spanned::new(date, span)),
                        None => {
                            self.error(
                                Diagnostic::new(format!("`{key}` is out of range"), span)
                                    .help("dates run from year 1 to 9999"),
                            );
                            None
                        }
                    }
                }
                _ => {
                    self.error(
                        Diagnostic::new(format!("`{key}` must be a date without a time"), span)
                            .label("has a time or an offset")
                            .help(format!("write the day only, as `{key} = {example}`")),
                    );
                    None
                }
            },
            DeValue::String(s) => {
                let help = match s.parse::<Date>() {
                    Ok(d) => format!("write the date without quotes: `{key} = {d}`"),
                    Err(_) => format!("write a TOML date, as `{key} = {example}`"),
                };
                self.error(
                    Diagnostic::new(format!("`{key}` must be a date, not a string"), span)
                        .label("a string")
                        .help(help),
                );
                None
            }
            _ => {
                self.wrong_type(key, v, "a date", example);
                None
            }
        }
    }

    fn table<'t, 'i>(&mut self, key: &str, v: &'t Value<'i>) -> Option<&'t DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.error(
                    Diagnostic::new(
                        format!("`{key}` must be a table, not {}", type_name(v.get_ref())),
                        self.at(v),
                    )
                    .help(format!("write it as a `[{key}]` section")),
                );
                None
            }
        }
    }

    /// `[[key]]` sections (or an array of inline tables).
    fn tables<'t, 'i>(&mut self, key: &str, v: &'t Value<'i>) -> Vec<(&'t DeTable<'i>, Span)> {
        let help = format!("write each one as its own `[[{key}]]` section");
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                Diagnostic::new(format!("`{key}` must be an array of tables"), self.at(v))
                    .label(format!("{} here", type_name(v.get_ref())))
                    .help(help),
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, self.at(item))),
                other => self.error(
                    Diagnostic::new(
                        format!("each `{key}` must be a table, not {}", type_name(other)),
                        self.at(item),
                    )
                    .help(help.clone()),
                ),
            }
        }
        out
    }

    fn strings(&mut self, key: &str, v: &Value<'_>, example: &str) -> Vec<Spanned<String>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(key, v, "an array of strings", example);
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.string(key, item, example))
            .collect()
    }

    fn manifest(&mut self, root: &DeTable<'_>) -> Manifest {
        let ctx = Ctx {
            name: "the manifest",
            header: Span::default(),
        };
        let root_keys: Vec<&str> = std::iter::once(keys::SCHEMA)
            .chain(keys::SECTIONS.iter().copied())
            .collect();
        self.check_keys(root, &root_keys, ctx);
        match root.get("schema") {
            None => self.error(
                Diagnostic::new("the manifest has no `schema`", Span::default())
                    .help("start the file with `schema = 1`"),
            ),
            Some(v) => match v.get_ref() {
                DeValue::Integer(i) if i.as_str() == "1" && i.radix() == 10 => {}
                DeValue::Integer(i) => self.error(
                    Diagnostic::new(format!("unsupported schema {}", i.as_str()), self.at(v))
                        .label("this charte reads schema 1")
                        .help("write `schema = 1`, or update charte if the file needs a newer one"),
                ),
                _ => self.wrong_type("schema", v, "an integer", "1"),
            },
        }

        let mut m = Manifest::default();
        if let Some(v) = self.required_section(root, "organization", "name, siren and contact") {
            if let Some(t) = self.table("organization", v) {
                m.organization = self.organization(t, self.at(v));
            }
        }
        if let Some(v) = root.get("registry") {
            if let Some(t) = self.table("registry", v) {
                let ctx = Ctx {
                    name: "[registry]",
                    header: self.at(v),
                };
                self.check_keys(t, keys::REGISTRY, ctx);
                if let Some(url) = self.required(t, "url", ctx, "\"https://registre.example.org\"")
                {
                    m.registry = self.url("url", url);
                }
                if let Some(v) = t.get("log-key") {
                    m.log_key = self.log_key(v);
                }
            }
        }
        if let Some(v) =
            self.required_section(root, "referentials", "`use = [\"charte-engagements\", …]`")
        {
            if let Some(t) = self.table("referentials", v) {
                self.referentials(t, self.at(v), &mut m);
            }
        }
        if let Some(v) = root.get("product") {
            let mut seen: HashMap<String, Span> = HashMap::new();
            for (t, span) in self.tables("product", v) {
                if let Some(p) = self.product(t, span) {
                    if let Some(first) = seen.get(&p.id.value) {
                        let first = *first;
                        self.error(
                            Diagnostic::new(
                                format!("product `{}` is defined twice", p.id.value),
                                p.id.span,
                            )
                            .label("second definition")
                            .help(format!(
                                "give each [[product]] its own id (the first is on line {})",
                                self.source.line_col(first.start()).line
                            )),
                        );
                    } else {
                        seen.insert(p.id.value.clone(), p.id.span);
                        m.products.push(p);
                    }
                }
            }
        }
        if let Some(v) = root.get("commitment") {
            for (t, span) in self.tables("commitment", v) {
                if let Some(d) = self.declaration(t, span, false) {
                    m.commitments.push(d);
                }
            }
        }
        if let Some(v) = root.get("declaration") {
            self.declarations(v, &mut m.declarations);
        }
        if let Some(v) = root.get("check") {
            if let Some(t) = self.table("check", v) {
                m.levels = self.check_section(t, self.at(v));
            }
        }
        m
    }

    fn declarations(&mut self, v: &Value<'_>, out: &mut Vec<Declaration>) {
        for (t, span) in self.tables("declaration", v) {
            if let Some(d) = self.declaration(t, span, true) {
                out.push(d);
            }
        }
    }

    fn organization(&mut self, t: &DeTable<'_>, header: Span) -> Organization {
        let ctx = Ctx {
            name: "[organization]",
            header,
        };
        self.check_keys(t, keys::ORGANIZATION, ctx);
        let mut org = Organization {
            span: header,
            ..Organization::default()
        };
        if let Some(v) = self.required(t, "name", ctx, "\"Exemple Santé SAS\"") {
            if let Some(s) = self.text("name", v, "\"Exemple Santé SAS\"") {
                org.name = s.value;
            }
        }
        if let Some(v) = self.required(t, "siren", ctx, "\"732829320\"") {
            if let Some(s) = self.string("siren", v, "\"732829320\"") {
                if siren_is_valid(&s.value) {
                    org.siren = s.value;
                } else {
                    let why = if s.value.len() == 9 && s.value.bytes().all(|b| b.is_ascii_digit()) {
                        "fails the Luhn check"
                    } else {
                        "must be exactly 9 digits"
                    };
                    self.error(
                        Diagnostic::new(format!("`siren` {why}"), s.span)
                            .label("not a valid SIREN")
                            .help("copy the 9-digit SIREN from the company's Kbis or the INSEE directory, without spaces"),
                    );
                }
            }
        }
        org.federation = self.opt_text(t, "federation", "\"FEIMA\"").map(|s| s.value);
        org.charter_signed = t
            .get("charter-signed")
            .and_then(|v| self.date("charter-signed", v))
            .map(|d| d.value);
        if let Some(v) = self.required(t, "contact", ctx, "\"conformite@exemple.fr\"") {
            if let Some(s) = self.text("contact", v, "\"conformite@exemple.fr\"") {
                if !looks_like_email(&s.value) {
                    self.error(
                        Diagnostic::new("`contact` must be an e-mail address", s.span)
                            .label("not an e-mail address")
                            .help("write the address the registry and ANS can reach, as `contact = \"conformite@exemple.fr\"`"),
                    );
                }
                org.contact = s.value;
            }
        }
        org
    }

    fn url(&mut self, key: &str, v: &Value<'_>) -> Option<Spanned<String>> {
        let s = self.text(key, v, "\"https://…\"")?;
        if s.value.starts_with("https://") || s.value.starts_with("http://") {
            if has_credentials(&s.value) {
                // Not echoed: the message would print the password.
                self.error(
                    Diagnostic::new(
                        format!("`{key}` holds a user name or password"),
                        s.span,
                    )
                    .label("credentials in the URL")
                    .help(
                        "never write credentials in the manifest, which is committed and published: \
                         remove the `user:password@` part; a registry token goes in CHARTE_TOKEN or \
                         `charte login`",
                    ),
                );
                return None;
            }
            match url_refusal(&s.value) {
                None => Some(s),
                Some(why) => {
                    self.error(
                        Diagnostic::new(format!("`{key}` cannot be used: {why}"), s.span)
                            .label("refused")
                            .help("charte downloads over https only: write `https://…`"),
                    );
                    None
                }
            }
        } else {
            self.error(
                Diagnostic::new(format!("`{key}` must be an http(s) URL"), s.span)
                    .label("not a URL")
                    .help(format!("write it as `{key} = \"https://…\"`")),
            );
            None
        }
    }

    /// `[referentials] index`: one location, or an array of them, each a
    /// string or `{ at = "…", key = "RW…" }`.
    fn indexes(&mut self, v: &Value<'_>) -> Vec<IndexLocation> {
        let example = "[\"embedded\", \"referentiels\"]";
        let items: Vec<&Value<'_>> = match v.get_ref() {
            DeValue::Array(items) if items.is_empty() => {
                self.error(
                    Diagnostic::new("`index` is an empty array", self.at(v))
                        .label("no catalogue")
                        .help("name at least one catalogue, as `index = [\"embedded\", \"referentiels\"]`, or remove `index` to use the embedded one"),
                );
                return Vec::new();
            }
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![v],
        };
        let mut out: Vec<IndexLocation> = Vec::new();
        for item in items {
            let Some(location) = self.index_location(item, example) else {
                continue;
            };
            let name = location.name();
            if let Some(first) = out.iter().find(|l| l.name() == name) {
                let line = self.source.line_col(first.at.span.start()).line;
                self.error(
                    Diagnostic::new(
                        format!("the catalogue `{name}` is listed twice in `index`"),
                        location.at.span,
                    )
                    .label("second entry")
                    .help(format!(
                        "keep one entry per catalogue (the first is on line {line})"
                    )),
                );
                continue;
            }
            out.push(location);
        }
        out
    }

    /// One catalogue of `index`: a location, or a table with `at` and
    /// `key`.
    fn index_location(&mut self, v: &Value<'_>, example: &str) -> Option<IndexLocation> {
        let DeValue::Table(t) = v.get_ref() else {
            if !matches!(v.get_ref(), DeValue::String(_)) {
                self.wrong_type("index", v, "a location or an array of locations", example);
                return None;
            }
            return self.index(v).map(|at| IndexLocation { at, key: None });
        };
        let ctx = Ctx {
            name: "a catalogue of `index`",
            header: self.at(v),
        };
        self.check_keys(t, &["at", "key"], ctx);
        let at = self.required(t, "at", ctx, "\"https://…/index.json\"");
        let key = t.get("key").and_then(|k| self.public_key(k));
        let at = self.index(at?)?;
        Some(IndexLocation { at, key })
    }

    /// One catalogue's location: `embedded`, an http(s) URL, or a catalogue
    /// folder (or its `index.json`) relative to the manifest.
    fn index(&mut self, v: &Value<'_>) -> Option<Spanned<String>> {
        let s = self.text("index", v, "\"https://…\"")?;
        if s.value == crate::catalogue::lock::EMBEDDED {
            return Some(s);
        }
        if s.value.starts_with("https://") || s.value.starts_with("http://") {
            return self.url("index", v);
        }
        let why = if s.value.trim().is_empty() {
            Some("it is empty")
        } else if s.value.contains("://") {
            Some("charte reads an index over https, or from a folder beside the manifest")
        } else if s.value.starts_with('/')
            || s.value.starts_with('\\')
            || s.value.get(1..2) == Some(":")
        {
            Some("a catalogue folder is written relative to the manifest, so that the project moves with it")
        } else {
            None
        };
        match why {
            None => Some(s),
            Some(why) => {
                self.error(
                    Diagnostic::new(format!("`index` cannot be used: {why}"), s.span)
                        .label("refused")
                        .help("write `index = \"https://…/index.json\"`, or the path of a catalogue folder relative to the manifest (`index = \"catalogue\"`)"),
                );
                None
            }
        }
    }

    /// A minisign public key: the base64 line of a `minisign.pub` (`RW…`).
    fn public_key(&mut self, v: &Value<'_>) -> Option<Spanned<String>> {
        let s = self.text("key", v, "\"RW…\"")?;
        match minisign_verify::PublicKey::from_base64(s.value.trim()) {
            Ok(_) => Some(s),
            Err(e) => {
                self.error(
                    Diagnostic::new(format!("`key` is not a minisign public key: {e}"), s.span)
                        .label("not a public key")
                        .help("write the second line of the catalogue's minisign.pub, as `key = \"RW…\"`"),
                );
                None
            }
        }
    }

    /// `[registry] log-key`: a verifier key of the log (SPEC §8).
    fn log_key(&mut self, v: &Value<'_>) -> Option<Spanned<String>> {
        let s = self.text("log-key", v, "\"<name>+<key id>+<key>\"")?;
        match crate::registry::log::VerifierKey::parse(&s.value) {
            Ok(_) => Some(s),
            Err(why) => {
                self.error(
                    Diagnostic::new(format!("`log-key` is not the log's public key: {why}"), s.span)
                        .label("not a verifier key")
                        .help("copy the key the registry publishes for its log, as `log-key = \"registre.example.org/log+1a2b3c4d+AQ…\"`"),
                );
                None
            }
        }
    }

    fn referentials(&mut self, t: &DeTable<'_>, header: Span, m: &mut Manifest) {
        let ctx = Ctx {
            name: "[referentials]",
            header,
        };
        self.check_keys(t, keys::REFERENTIALS, ctx);
        if let Some(v) = t.get("index") {
            m.index = self.indexes(v);
        }
        if let Some(key) = t.get("key").and_then(|v| self.public_key(v)) {
            match m.index.as_mut_slice() {
                [] if t.get("index").is_none() => self.error(
                    Diagnostic::new("`key` is set, but there is no `index` it signs", key.span)
                        .label("signs nothing")
                        .help("the embedded catalogue needs no key: add the `index` of the signed catalogue, or remove `key`"),
                ),
                [] => {}
                [only] if only.key.is_none() => only.key = Some(key),
                [only] => {
                    let line = self.source.line_col(only.key.as_ref().map_or(0, |k| k.span.start())).line;
                    self.error(
                        Diagnostic::new("the catalogue has two keys: `key` and the one beside it in `index`", key.span)
                            .label("second key")
                            .help(format!("keep one: remove this `key`, or the one on line {line}")),
                    );
                }
                several => self.error(
                    Diagnostic::new(
                        format!("`key` is one key, and `index` lists {} catalogues", several.len()),
                        key.span,
                    )
                    .label("which catalogue does it sign?")
                    .help("write each key beside its catalogue, as `index = [{ at = \"https://…/index.json\", key = \"RW…\" }, \"embedded\"]`, and remove this `key`"),
                ),
            }
        }
        let example = "[\"charte-engagements\", \"ins@2\"]";
        let Some(v) = self.required(t, "use", ctx, example) else {
            return;
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type("use", v, "an array of strings", example);
            return;
        };
        let names: Vec<String> = m.index.iter().map(IndexLocation::name).collect();
        let mut seen: HashMap<String, Span> = HashMap::new();
        for item in items {
            let (s, from) = match item.get_ref() {
                DeValue::Table(t) => {
                    let ctx = Ctx {
                        name: "a `use` entry",
                        header: self.at(item),
                    };
                    self.check_keys(t, &["id", "from"], ctx);
                    let id = self
                        .required(t, "id", ctx, "\"hds\"")
                        .and_then(|v| self.string("id", v, "\"hds\""));
                    let from = self
                        .required(t, "from", ctx, "\"referentiels\"")
                        .and_then(|v| self.text("from", v, "\"referentiels\""));
                    let (Some(id), Some(from)) = (id, from) else {
                        continue;
                    };
                    (Spanned::new(id.value, self.at(item)), Some(from))
                }
                _ => match self.string("use", item, example) {
                    Some(s) => (s, None),
                    None => continue,
                },
            };
            let from = match from {
                None => None,
                Some(from) => {
                    let name = crate::catalogue::resolve::location_of(&from.value);
                    if !names.contains(&name) {
                        let listed = if names.is_empty() {
                            "there is no `index`: the embedded catalogue is the only one"
                                .to_string()
                        } else {
                            format!("`index` lists {}", suggest::list(&names))
                        };
                        self.error(
                            Diagnostic::new(format!("`from` names `{}`, which is not a catalogue of [referentials] index", from.value), from.span)
                                .label("not in `index`")
                                .help(format!("{listed}: write one of them in `from`, or add the catalogue to `index`")),
                        );
                        continue;
                    }
                    Some(Spanned::new(name, from.span))
                }
            };
            let (id, req) = match s.value.split_once('@') {
                Some((id, req)) => (id, Some(req)),
                None => (s.value.as_str(), None),
            };
            if !is_id(id) {
                self.error(
                    Diagnostic::new(format!("`{}` is not a referential id", s.value), s.span)
                        .label("expected `id` or `id@version`")
                        .help("ids are lowercase letters, digits and dashes, as `mssante-clients` or `mssante-clients@1.0`; `charte referentials list` shows them"),
                );
                continue;
            }
            let req = match req.map(semver::VersionReq::parse) {
                None => None,
                Some(Ok(r)) => Some(r),
                Some(Err(e)) => {
                    self.error(
                        Diagnostic::new(format!("bad version requirement in `{}`: {e}", s.value), s.span)
                            .label("not a semver requirement")
                            .help("use cargo's syntax: `ins@2` (2.x), `mssante-clients@1.0` (1.x from 1.0), `ins@=2.0.0` (exactly)"),
                    );
                    continue;
                }
            };
            if seen.contains_key(id) {
                self.error(
                    Diagnostic::new(format!("referential `{id}` is used twice"), s.span)
                        .label("second entry")
                        .help(
                            "keep one entry per referential; a manifest uses one version of each",
                        ),
                );
                continue;
            }
            seen.insert(id.to_string(), s.span);
            m.uses.push(UseEntry {
                id: id.to_string(),
                req,
                from,
                span: s.span,
            });
        }
    }

    fn product(&mut self, t: &DeTable<'_>, header: Span) -> Option<Product> {
        let ctx = Ctx {
            name: "[[product]]",
            header,
        };
        self.check_keys(t, keys::PRODUCT, ctx);
        let before = self.diags.len();
        let id = self
            .required(t, "id", ctx, "\"exemple-lgc\"")
            .and_then(|v| self.string("id", v, "\"exemple-lgc\""));
        if let Some(id) = &id {
            if !is_id(&id.value) {
                self.error(
                    Diagnostic::new(format!("`{}` is not a valid product id", id.value), id.span)
                        .label("lowercase letters, digits and dashes only")
                        .help("product ids look like `exemple-lgc`: they start with a letter or digit"),
                );
            }
        }
        let name = self
            .required(t, "name", ctx, "\"Exemple Cabinet\"")
            .and_then(|v| self.text("name", v, "\"Exemple Cabinet\""));
        let version = self
            .required(t, "version", ctx, "\"5.2.0\"")
            .and_then(|v| self.text("version", v, "\"5.2.0\""));
        let kind = self
            .required(t, "kind", ctx, "\"lgc\"")
            .and_then(|v| self.string("kind", v, "\"lgc\""));
        if let Some(kind) = &kind {
            if !KINDS.contains(&kind.value.as_str()) {
                let help = match suggest::closest(&kind.value, KINDS.iter().copied()) {
                    Some(near) => {
                        format!("did you mean `{near}`? kinds are {}", suggest::list(KINDS))
                    }
                    None => format!("kinds are {}", suggest::list(KINDS)),
                };
                self.error(
                    Diagnostic::new(format!("unknown product kind `{}`", kind.value), kind.span)
                        .label("unknown kind")
                        .help(help),
                );
            }
        }
        let (services, service_spans) = self.id_list(t, "services", "[\"dmp\", \"mssante\"]");
        let (profiles, profile_spans) = self.id_list(t, "profiles", "[\"centres-de-sante\"]");
        if self.diags.len() != before {
            return None;
        }
        Some(Product {
            id: id?,
            name: name?.value,
            version: version?.value,
            kind: kind?.value,
            services,
            profiles,
            service_spans,
            profile_spans,
            span: header,
        })
    }

    /// A list of ids, and where each is written.
    fn id_list(&mut self, t: &DeTable<'_>, key: &str, example: &str) -> (Vec<String>, Vec<Span>) {
        let Some(v) = t.get(key) else {
            return (Vec::new(), Vec::new());
        };
        let mut out: Vec<String> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        for s in self.strings(key, v, example) {
            if !is_id(&s.value) {
                self.error(
                    Diagnostic::new(
                        format!("`{}` is not a valid entry of `{key}`", s.value),
                        s.span,
                    )
                    .label("lowercase letters, digits and dashes only")
                    .help(format!("write it as `{key} = {example}`")),
                );
            } else if out.contains(&s.value) {
                self.error(
                    Diagnostic::new(format!("`{}` is listed twice in `{key}`", s.value), s.span)
                        .label("repeated")
                        .help("remove the repeated entry"),
                );
            } else {
                out.push(s.value);
                spans.push(s.span);
            }
        }
        (out, spans)
    }

    fn declaration(
        &mut self,
        t: &DeTable<'_>,
        header: Span,
        with_product: bool,
    ) -> Option<Declaration> {
        let name = if with_product {
            "[[declaration]]"
        } else {
            "[[commitment]]"
        };
        let ctx = Ctx { name, header };
        let before = self.diags.len();
        let product = if with_product {
            self.check_keys(t, &keys::DECLARATION, ctx);
            self.required(t, "product", ctx, "\"exemple-lgc\"")
                .and_then(|v| self.string("product", v, "\"exemple-lgc\""))
        } else {
            if let Some((k, _)) = t.get_key_value("product") {
                self.error(
                    Diagnostic::new("a [[commitment]] has no `product`", self.at(k))
                        .label("organization-level")
                        .help("commitments are the organization's; declare a product's conformity in a [[declaration]]"),
                );
            }
            // `product` has its own message above.
            self.check_keys(t, &keys::DECLARATION, ctx);
            None
        };
        let example = "\"mssante-clients:SC.MSS/CONF.01\"";
        let requirement = self
            .required(t, "requirement", ctx, example)
            .and_then(|v| self.string("requirement", v, example))
            .and_then(|s| match RequirementRef::parse(&s.value) {
                Some(r) => Some(Spanned::new(r, s.span)),
                None => {
                    self.error(
                        Diagnostic::new(format!("`{}` is not a requirement reference", s.value), s.span)
                            .label("expected `<referential>:<requirement>`")
                            .help(format!("write it as `requirement = {example}`; `charte referentials show ID` lists the requirements")),
                    );
                    None
                }
            });
        let status = self
            .required(t, "status", ctx, "\"conform\"")
            .and_then(|v| self.string("status", v, "\"conform\""))
            .and_then(|s| match Status::parse(&s.value) {
                Some(st) => Some(Spanned::new(st, s.span)),
                None => {
                    let all: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
                    let help = match french_status(&s.value)
                        .or_else(|| suggest::closest(&s.value, all.iter().copied()))
                    {
                        Some(near) => format!(
                            "did you mean `{near}`? statuses are {}",
                            suggest::list(&all)
                        ),
                        None => format!("statuses are {}", suggest::list(&all)),
                    };
                    self.error(
                        Diagnostic::new(format!("unknown status `{}`", s.value), s.span)
                            .label("unknown status")
                            .help(help),
                    );
                    None
                }
            });
        let justification = self.opt_text(t, "justification", "\"…\"").map(|s| s.value);
        let due = t.get("due").and_then(|v| self.date("due", v));
        let declared = t.get("declared").and_then(|v| self.date("declared", v));
        let mut evidence = Vec::new();
        if let Some(v) = t.get("evidence") {
            let tables = self.tables("evidence", v);
            // Exactly as many as written: a growing vector would keep room
            // for four, and large manifests hold many declarations.
            evidence.reserve_exact(tables.len());
            evidence.extend(
                tables
                    .into_iter()
                    .filter_map(|(t, span)| self.evidence(t, span)),
            );
        }
        if self.diags.len() != before {
            return None;
        }
        Some(Declaration {
            product,
            requirement: requirement?,
            status: status?,
            justification,
            due,
            declared,
            evidence,
            span: header,
        })
    }

    fn evidence(&mut self, t: &DeTable<'_>, span: Span) -> Option<Evidence> {
        let allowed = keys::EVIDENCE;
        let ctx = Ctx {
            name: "an evidence item",
            header: span,
        };
        self.check_keys(t, allowed, ctx);
        let before = self.diags.len();
        let mut e = Evidence {
            span,
            proof: self
                .opt_text(t, "proof", "\"MSS/CONF.01.01.01\"")
                .map(|s| s.value),
            reference: self
                .opt_text(t, "ref", "\"MSS-LPS-SEGUR-GEN#48213\"")
                .map(|s| s.value),
            url: t
                .get("url")
                .and_then(|v| self.url("url", v))
                .map(|s| s.value),
            path: self.opt_text(t, "path", "\"preuves/pentest-2026.pdf\""),
            date: t.get("date").and_then(|v| self.date("date", v)),
            ..Evidence::default()
        };
        if let Some(kind) = self.opt_text(t, "kind", "\"video\"") {
            if EVIDENCE_KINDS.contains(&kind.value.as_str()) {
                e.kind = Some(kind.value);
            } else {
                self.error(
                    Diagnostic::new(format!("unknown evidence kind `{}`", kind.value), kind.span)
                        .label("unknown kind")
                        .help(format!("kinds are {}", suggest::list(EVIDENCE_KINDS))),
                );
            }
        }
        if let Some(sha) = self.opt_text(t, "sha256", "\"9f86d081…\"") {
            if sha.value.len() == 64 && sha.value.bytes().all(|b| b.is_ascii_hexdigit()) {
                e.sha256 = Some(sha.value.to_ascii_lowercase());
            } else {
                self.error(
                    Diagnostic::new("`sha256` must be 64 hexadecimal digits", sha.span)
                        .label("not a sha256 digest")
                        .help("compute it with `sha256sum FILE`"),
                );
            }
        }
        if e.reference.is_none()
            && e.url.is_none()
            && e.path.is_none()
            && self.diags.len() == before
        {
            self.error(
                Diagnostic::new("an evidence item needs `ref`, `url` or `path`", span)
                    .label("nothing to find the proof by")
                    .help("add a test run id (`ref = \"…\"`), a link (`url = \"https://…\"`) or a file (`path = \"preuves/…\"`)"),
            );
        }
        (self.diags.len() == before).then_some(e)
    }

    fn check_section(&mut self, t: &DeTable<'_>, header: Span) -> Vec<(Code, Level)> {
        let ctx = Ctx {
            name: "[check]",
            header,
        };
        self.check_keys(t, keys::CHECK, ctx);
        let Some(v) = t.get("levels") else {
            return Vec::new();
        };
        let Some(levels) = self.table("check.levels", v) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in levels.iter() {
            let name: &str = key.get_ref();
            let code = match name.parse::<Code>() {
                Ok(code) => Some(code),
                Err(_) => {
                    let all = Code::overridable_names();
                    let near = suggest::closest(name, all.iter().copied())
                        .map(|n| format!("did you mean `{n}`? "))
                        .unwrap_or_default();
                    let help = format!("{near}codes are {}", suggest::list(&all));
                    self.error(
                        Diagnostic::new(format!("unknown finding code `{name}`"), self.at(key))
                            .label("unknown code")
                            .help(help),
                    );
                    None
                }
            };
            let level = self.string(name, value, "\"error\"").and_then(|s| {
                match s.value.parse::<Level>() {
                    Ok(level) => Some(level),
                    Err(_) => {
                        self.error(
                            Diagnostic::new(format!("unknown level `{}`", s.value), s.span)
                                .label("unknown level")
                                .help("levels are `error`, `warning`, `info` and `allow`"),
                        );
                        None
                    }
                }
            });
            if let (Some(code), Some(level)) = (code, level) {
                if !code.overridable() {
                    self.error(
                        Diagnostic::new("`invalid-manifest` cannot be overridden", self.at(key))
                            .help("a manifest that does not parse is always an error"),
                    );
                } else {
                    out.push((code, level));
                }
            }
        }
        out
    }
}

/// Why an `http(s)://` address of the manifest cannot be used, if it
/// cannot: it does not parse as a URL, or it is plain http to another host
/// than this machine. The manifest and every command that writes one
/// (`declare`, `commit`, `import`) apply this same rule.
/// Whether a URL carries a user name or password (`https://u:p@host/`).
pub(crate) fn has_credentials(s: &str) -> bool {
    crate::net::Url::parse(s)
        .is_ok_and(|url| !url.username().is_empty() || url.password().is_some())
}

pub(crate) fn url_refusal(s: &str) -> Option<&'static str> {
    if has_credentials(s) {
        return Some(
            "it holds a user name or password, and the manifest is no place for credentials",
        );
    }
    match crate::net::Url::parse(s) {
        Ok(url) => crate::net::refusal(&url)
            .map(|_| "plain http is allowed only for 127.0.0.1, ::1 and localhost"),
        Err(_) => Some("not a valid URL"),
    }
}

pub(crate) fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Statuses written in French, a likely slip for French-speaking users.
pub(crate) fn french_status(s: &str) -> Option<&'static str> {
    Some(match s.to_lowercase().as_str() {
        "conforme" => "conform",
        "partiel" | "partielle" => "partial",
        "non-conforme" | "non conforme" => "non-conform",
        "planifié" | "planifie" | "prévu" | "prevu" => "planned",
        "non-applicable" | "sans-objet" | "sans objet" | "na" | "n/a" => "not-applicable",
        _ => return None,
    })
}
