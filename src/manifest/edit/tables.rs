//! Editing a manifest table by table. The `toml_edit` document of a whole
//! manifest takes some fifty times the size of its text; here only the
//! part before the first `[[declaration]]` (organization, products,
//! commitments) is such a document, and each declaration table stays text
//! until an edit touches it: then that table alone is parsed, edited and
//! written back in its place. A new declaration is written alone and goes
//! after the last one, before the comments that close the file, where the
//! whole document would put it.
//!
//! This holds when every `[[declaration]]` comes after everything else, and
//! only then: [`Tables::new`] declines any other layout.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml_edit::{ArrayOfTables, DocumentMut, Item};

use super::{
    crlf_lines, declaration_table, last_line, last_position, push_lines, unterminate, Change,
    DeclKey, Document, Entry, OneLine, ProductRecord, Record, Section,
};
use crate::manifest::split::{self, PIECE_BYTES};
use toml_edit::visit_mut::VisitMut;

pub(super) struct Tables {
    bom: bool,
    crlf: bool,
    /// The text as read, after its byte order mark.
    text: String,
    /// Everything before the first declaration; with no declaration, the
    /// whole text but its closing comments.
    head: Document,
    /// The declaration tables in order, then the new ones.
    tables: Vec<Text>,
    /// Where the closing comments start: the text after the last
    /// declaration's keys (or after the head's, without declarations).
    tail: usize,
    /// Declarations by key.
    index: HashMap<DeclKey, usize>,
    /// Something changed since the text was read.
    edited: bool,
}

/// A declaration table: as read, or as written by an edit.
enum Text {
    Read(Range<usize>),
    Written(String),
}

/// The keys of the declarations in a run of tables.
#[derive(Deserialize)]
struct Keys {
    #[serde(default)]
    declaration: Vec<KeyOf>,
}

#[derive(Deserialize)]
struct KeyOf {
    product: Option<String>,
    requirement: Option<String>,
}

impl Tables {
    /// Cuts `text` into its head and its declaration tables; `None` when its
    /// layout asks for the whole document (declarations before other
    /// tables, written inline or with sub-tables, a text the lexer is not
    /// sure of) or when it is not TOML.
    pub(super) fn new(text: &str) -> Option<Tables> {
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let crlf = crlf_lines(body);
        let segments = split::segments(body)?;
        let first = segments.iter().position(|s| s.declaration);
        let mut ranges: Vec<Range<usize>> = match first {
            Some(f) => {
                if !segments[f..].iter().all(|s| s.declaration) {
                    return None;
                }
                let ends = segments[f + 1..].iter().map(|s| s.start);
                segments[f..]
                    .iter()
                    .zip(ends.chain([body.len()]))
                    .map(|(s, end)| s.start..end)
                    .collect()
            }
            None => Vec::new(),
        };
        let (head, tail) = match ranges.last_mut() {
            Some(last) => {
                let closing = closing_comments(&body[last.clone()])?;
                last.end -= closing;
                let mut head = Document::parse_part(&body[..ranges[0].start], false, crlf).ok()?;
                head.followed = true;
                (head, ranges[ranges.len() - 1].end)
            }
            None => {
                let whole = Document::parse_part(body, false, crlf).ok()?;
                // The first declaration goes after the tables that precede
                // declarations; they must be the last ones.
                let anchor = whole.anchor(Section::Declaration)?;
                if last_position(whole.doc.as_table()) != Some(anchor) {
                    return None;
                }
                let tail = body.len() - closing_len(&whole.doc, body)?;
                drop(whole);
                (Document::parse_part(&body[..tail], false, crlf).ok()?, tail)
            }
        };
        if head.doc.contains_key(Section::Declaration.key()) {
            return None;
        }
        let index = index(body, &ranges)?;
        Some(Tables {
            bom,
            crlf,
            text: body.to_string(),
            head,
            tables: ranges.into_iter().map(Text::Read).collect(),
            tail,
            index,
            edited: false,
        })
    }

    fn text_of(&self, i: usize) -> &str {
        match &self.tables[i] {
            Text::Read(r) => &self.text[r.clone()],
            Text::Written(s) => s,
        }
    }

    /// See [`super::Editor::upsert`]; `None` when the table cannot be read
    /// alone, which the whole document then does.
    pub(super) fn upsert(&mut self, find: &DeclKey, record: &Record) -> Option<Change> {
        if record.product.is_none() {
            let change = self.head.upsert(find, record);
            self.edited |= change != Change::Unchanged;
            return Some(change);
        }
        let Some(&i) = self.index.get(find) else {
            let mut table = declaration_table(record);
            if self.crlf {
                OneLine.visit_table_mut(&mut table);
            }
            let mut tables = ArrayOfTables::new();
            tables.push(table);
            let mut doc = DocumentMut::new();
            doc.insert(Section::Declaration.key(), Item::ArrayOfTables(tables));
            // A table that is not the first of its file starts with an
            // empty line.
            self.tables
                .push(Text::Written(written(&format!("\n{doc}"), self.crlf)));
            self.index.insert(record.key(), self.tables.len() - 1);
            self.edited = true;
            return Some(Change::Created);
        };
        let mut doc = self.text_of(i).parse::<DocumentMut>().ok()?;
        let Some(Item::ArrayOfTables(tables)) = doc.get_mut(Section::Declaration.key()) else {
            return None;
        };
        let changed =
            Entry::Table(tables.get_mut(0)?).set_record(record, Section::Declaration, self.crlf);
        if find.1 != record.requirement.to_string() {
            self.index.remove(find);
            self.index.insert(record.key(), i);
        }
        if !changed {
            return Some(Change::Unchanged);
        }
        self.tables[i] = Text::Written(written(&doc.to_string(), self.crlf));
        self.edited = true;
        Some(Change::Updated)
    }

    pub(super) fn add_product(&mut self, p: &ProductRecord) {
        self.head.add_product(p);
        self.edited = true;
    }

    pub(super) fn set_product(&mut self, p: &ProductRecord) -> Change {
        let change = self.head.set_product(p);
        self.edited |= change != Change::Unchanged;
        change
    }

    pub(super) fn remove_product(&mut self, id: &str) -> bool {
        let removed = self.head.remove_product(id);
        self.edited |= removed;
        removed
    }

    pub(super) fn set_use(&mut self, id: &str, entry: &str, from: Option<&str>) -> Change {
        let change = self.head.set_use(id, entry, from);
        self.edited |= change != Change::Unchanged;
        change
    }

    pub(super) fn add_index(&mut self, location: &str) -> Change {
        let change = self.head.add_index(location);
        self.edited |= change != Change::Unchanged;
        change
    }

    pub(super) fn remove_use(&mut self, id: &str) -> bool {
        let removed = self.head.remove_use(id);
        self.edited |= removed;
        removed
    }

    /// Whether a product has declarations.
    pub(super) fn declares(&self, product: &str) -> bool {
        self.index
            .keys()
            .any(|(p, _)| p.as_deref() == Some(product))
    }

    pub(super) fn render(&self) -> String {
        let head = self.head.render();
        let tables: usize = (0..self.tables.len()).map(|i| self.text_of(i).len()).sum();
        let tail = &self.text[self.tail..];
        let mut out = String::with_capacity(head.len() + tables + tail.len() + 8);
        if self.bom {
            out.push('\u{feff}');
        }
        if !self.edited {
            out.push_str(&self.text);
            return out;
        }
        out.push_str(&head);
        drop(head);
        for i in 0..self.tables.len() {
            self.join(&mut out, self.text_of(i));
        }
        self.join(&mut out, tail);
        if let Some(last) = last_line(&self.text) {
            unterminate(&mut out, last);
        }
        out
    }

    /// Appends a part on a line of its own: only the text's last line can
    /// lack its line break, and a new table may follow it.
    fn join(&self, out: &mut String, part: &str) {
        if part.is_empty() {
            return;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(if self.crlf { "\r\n" } else { "\n" });
        }
        out.push_str(part);
    }
}

/// The length of the comments and blank lines that end `text`, after its
/// last key, which a TOML document keeps apart from its tables.
fn closing_comments(text: &str) -> Option<usize> {
    closing_len(&text.parse::<DocumentMut>().ok()?, text)
}

/// The length of the comments that end `text`, parsed as `doc`.
fn closing_len(doc: &DocumentMut, text: &str) -> Option<usize> {
    let closing = doc.trailing().as_str()?;
    text.ends_with(closing).then_some(closing.len())
}

/// The declarations' keys, read from runs of tables with the `toml` crate,
/// which is quicker than the editor's parser and keeps nothing else.
fn index(text: &str, tables: &[Range<usize>]) -> Option<HashMap<DeclKey, usize>> {
    let mut index = HashMap::with_capacity(tables.len());
    let mut first = 0;
    while first < tables.len() {
        let start = tables[first].start;
        let mut end = first + 1;
        while end < tables.len() && tables[end].end - start <= PIECE_BYTES {
            end += 1;
        }
        let keys: Keys = toml::from_str(&text[start..tables[end - 1].end]).ok()?;
        if keys.declaration.len() != end - first {
            return None;
        }
        for (i, k) in (first..end).zip(keys.declaration) {
            if let (Some(product), Some(requirement)) = (k.product, k.requirement) {
                index.entry((Some(product), requirement)).or_insert(i);
            }
        }
        first = end;
    }
    Some(index)
}

/// A table's text as written into the file, allocated to its size.
fn written(text: &str, crlf: bool) -> String {
    let breaks = if crlf { text.matches('\n').count() } else { 0 };
    let mut out = String::with_capacity(text.len() + breaks);
    push_lines(&mut out, text, crlf);
    out
}

impl super::Editor {
    /// Whether the manifest is edited table by table.
    #[doc(hidden)]
    pub fn by_tables(&self) -> bool {
        matches!(self.0, super::Inner::Tables(_))
    }
}
