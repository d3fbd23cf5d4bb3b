//! Format-preserving edits of `charte.toml` (SPEC §2). Every change goes
//! through `toml_edit`, touching only the keys that change: the user's
//! comments, key order and layout stay byte for byte everywhere else, and a
//! CRLF file stays CRLF. Pure, text in and text out: the caller holds the
//! lock, validates the result and writes it.

use std::collections::HashMap;

use toml_edit::visit_mut::{self, VisitMut};
use toml_edit::{Array, ArrayOfTables, Decor, DocumentMut, InlineTable, Item, Key, Table, Value};

use super::keys;
use super::{Declaration, Evidence, Product, RequirementRef, Status};
use crate::date::Date;
use crate::text::toml_string;
use tables::Tables;

/// A declaration or a commitment as plain data, without locations: what
/// `declare`, `commit`, `import` and `export` exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The product; `None` for a commitment (organization level).
    pub product: Option<String>,
    pub requirement: RequirementRef,
    pub status: Status,
    pub justification: Option<String>,
    pub due: Option<Date>,
    pub declared: Option<Date>,
    pub evidence: Vec<EvidenceItem>,
}

/// One item of `evidence`, as plain data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EvidenceItem {
    pub proof: Option<String>,
    pub kind: Option<String>,
    pub reference: Option<String>,
    pub url: Option<String>,
    pub path: Option<String>,
    pub sha256: Option<String>,
    pub date: Option<Date>,
}

impl From<&Declaration> for Record {
    fn from(d: &Declaration) -> Record {
        Record {
            product: d.product.as_ref().map(|p| p.value.clone()),
            requirement: d.requirement.value.clone(),
            status: d.status.value,
            justification: d.justification.clone(),
            due: d.due.as_ref().map(|d| d.value),
            declared: d.declared.as_ref().map(|d| d.value),
            evidence: d.evidence.iter().map(EvidenceItem::from).collect(),
        }
    }
}

impl From<&Evidence> for EvidenceItem {
    fn from(e: &Evidence) -> EvidenceItem {
        EvidenceItem {
            proof: e.proof.clone(),
            kind: e.kind.clone(),
            reference: e.reference.clone(),
            url: e.url.clone(),
            path: e.path.as_ref().map(|p| p.value.clone()),
            sha256: e.sha256.clone(),
            date: e.date.as_ref().map(|d| d.value),
        }
    }
}

impl EvidenceItem {
    /// Its text keys with their values, in the order charte writes them
    /// (`date` aside).
    pub fn text_fields(&self) -> [(&'static str, &Option<String>); 6] {
        [
            ("proof", &self.proof),
            ("kind", &self.kind),
            ("ref", &self.reference),
            ("url", &self.url),
            ("path", &self.path),
            ("sha256", &self.sha256),
        ]
    }
}

impl Record {
    /// Who it is for and what it is about: one declaration per key.
    pub fn key(&self) -> DeclKey {
        (self.product.clone(), self.requirement.to_string())
    }
}

/// A product as plain data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductRecord {
    pub id: String,
    pub name: String,
    pub version: String,
    pub kind: String,
    pub services: Vec<String>,
    pub profiles: Vec<String>,
}

impl From<&Product> for ProductRecord {
    fn from(p: &Product) -> ProductRecord {
        ProductRecord {
            id: p.id.value.clone(),
            name: p.name.clone(),
            version: p.version.clone(),
            kind: p.kind.clone(),
            services: p.services.clone(),
            profiles: p.profiles.clone(),
        }
    }
}

/// The product (none for a commitment) and the requirement as written.
pub type DeclKey = (Option<String>, String);

/// What an edit did to one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Unchanged,
}

/// How many entries an edit created, updated and left as they were.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Tally {
    pub fn add(&mut self, change: Change) {
        match change {
            Change::Created => self.created += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.created + self.updated + self.unchanged
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged",
            self.created, self.updated, self.unchanged
        )
    }
}

/// The arrays of tables charte edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Product,
    Commitment,
    Declaration,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::Product => "product",
            Section::Commitment => "commitment",
            Section::Declaration => "declaration",
        }
    }

    /// Where its keys go when charte adds one, as in the SPEC's examples.
    fn order(self) -> &'static [&'static str] {
        match self {
            Section::Product => keys::PRODUCT,
            Section::Commitment | Section::Declaration => &keys::DECLARATION,
        }
    }

    /// The arrays of tables that come after it.
    fn following(self) -> &'static [&'static str] {
        match self {
            Section::Product => &["commitment", "declaration"],
            Section::Commitment => &["declaration"],
            Section::Declaration => &[],
        }
    }

    /// The sections that come before it in a manifest, for placing the
    /// first entry of a section.
    fn preceding(self) -> &'static [&'static str] {
        keys::sections_before(self.key())
    }
}

/// A manifest open for editing.
///
/// A manifest whose `[[declaration]]` tables all come after everything
/// else (as `charte init` and the commands write it) is edited table by
/// table (see the `tables` module): only the tables an edit touches are
/// parsed, so that editing a large manifest takes little more memory than
/// its text. Any other layout, and the rare edits that move text between
/// tables, go through one document for the whole file.
pub struct Editor(Inner);

enum Inner {
    Whole(Box<Document>),
    Tables(Box<Tables>),
}

impl Editor {
    /// Parses a manifest's text. The text was validated before, so this
    /// fails only on what is not TOML at all.
    pub fn parse(text: &str) -> Result<Editor, String> {
        match Tables::new(text) {
            Some(tables) => Ok(Editor(Inner::Tables(Box::new(tables)))),
            None => Editor::parse_whole(text),
        }
    }

    /// Parses a manifest's text as one document, whatever its layout: the
    /// reference the table-by-table editor is compared with.
    #[doc(hidden)]
    pub fn parse_whole(text: &str) -> Result<Editor, String> {
        Document::parse(text).map(|d| Editor(Inner::Whole(Box::new(d))))
    }

    /// The edited text, with the original's line endings; the text as it
    /// was read when nothing was edited.
    pub fn render(&self) -> String {
        match &self.0 {
            Inner::Whole(d) => d.render(),
            Inner::Tables(t) => t.render(),
        }
    }

    /// The whole document, read from the tables' text when it is not yet.
    fn whole(&mut self) -> &mut Document {
        if let Inner::Tables(t) = &self.0 {
            let text = t.render();
            let doc = Document::parse(&text)
                .unwrap_or_else(|e| panic!("charte cannot read back what it wrote: {e}"));
            self.0 = Inner::Whole(Box::new(doc));
        }
        match &mut self.0 {
            Inner::Whole(d) => d,
            Inner::Tables(_) => unreachable!("just made whole"),
        }
    }

    /// Updates the declaration (or commitment) found under `find`, or
    /// creates one after the last of its kind. Only the keys whose value
    /// changes are touched. `find` differs from the record's own key when a
    /// declaration is renamed to a requirement's new id.
    pub fn upsert(&mut self, find: &DeclKey, record: &Record) -> Change {
        if let Inner::Tables(t) = &mut self.0 {
            if let Some(change) = t.upsert(find, record) {
                return change;
            }
        }
        self.whole().upsert(find, record)
    }

    /// Adds a `[[product]]` after the last one.
    pub fn add_product(&mut self, p: &ProductRecord) {
        match &mut self.0 {
            Inner::Whole(d) => d.add_product(p),
            Inner::Tables(t) => t.add_product(p),
        }
    }

    /// Sets every field of the product `p.id` to `p`'s values.
    pub fn set_product(&mut self, p: &ProductRecord) -> Change {
        match &mut self.0 {
            Inner::Whole(d) => d.set_product(p),
            Inner::Tables(t) => t.set_product(p),
        }
    }

    /// Removes the product `id`; whether there was one.
    pub fn remove_product(&mut self, id: &str) -> bool {
        match &mut self.0 {
            Inner::Whole(d) => d.remove_product(id),
            Inner::Tables(t) => t.remove_product(id),
        }
    }

    /// Removes every declaration of a product; how many. Comments move
    /// between tables here, which the whole document knows how to do.
    pub fn remove_declarations_of(&mut self, product: &str) -> usize {
        if let Inner::Tables(t) = &self.0 {
            if !t.declares(product) {
                return 0;
            }
        }
        self.whole().remove_declarations_of(product)
    }
}

/// A manifest as one `toml_edit` document.
struct Document {
    doc: DocumentMut,
    crlf: bool,
    bom: bool,
    /// The end of the text (see [`last_line`]), when it ends without the
    /// line break that `toml_edit` would add.
    unterminated: Option<String>,
    /// Declarations and commitments by key, built on first use.
    index: Option<HashMap<DeclKey, usize>>,
    /// Tables follow the text: it is the head of a manifest cut at its
    /// declarations.
    followed: bool,
    /// The text as read, rendered as long as nothing was edited: the TOML
    /// editor does not give back every text it reads byte for byte (a
    /// missing final line break, the spellings of an array's headers).
    original: Option<String>,
}

impl Document {
    /// Parses a manifest's text. The text was validated before, so this
    /// fails only on what is not TOML at all.
    fn parse(text: &str) -> Result<Document, String> {
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        Document::parse_part(body, bom, crlf_lines(body))
    }

    /// Parses a part of a manifest whose line endings are known.
    fn parse_part(body: &str, bom: bool, crlf: bool) -> Result<Document, String> {
        let doc = body.parse::<DocumentMut>().map_err(|e| e.to_string())?;
        let text = match bom {
            true => format!("\u{feff}{body}"),
            false => body.to_string(),
        };
        Ok(Document {
            doc,
            crlf,
            bom,
            unterminated: last_line(body).map(str::to_string),
            index: None,
            followed: false,
            original: Some(text),
        })
    }

    /// Notes that the document no longer says what the text did.
    fn edited(&mut self) {
        self.original = None;
    }

    /// The edited text, with the original's line endings; the text as it
    /// was read when nothing was edited.
    fn render(&self) -> String {
        if let Some(original) = &self.original {
            return original.clone();
        }
        let text = self.doc.to_string();
        let mut out = String::with_capacity(text.len() + text.len() / 16 + 3);
        if self.bom {
            out.push('\u{feff}');
        }
        push_lines(&mut out, &text, self.crlf);
        if let Some(last) = &self.unterminated {
            unterminate(&mut out, last);
        }
        out
    }

    fn len(&self, section: Section) -> usize {
        match self.doc.get(section.key()) {
            Some(Item::ArrayOfTables(a)) => a.len(),
            Some(Item::Value(Value::Array(a))) => a.len(),
            _ => 0,
        }
    }

    fn entry(&mut self, section: Section, i: usize) -> Option<Entry<'_>> {
        match self.doc.get_mut(section.key())? {
            Item::ArrayOfTables(a) => a.get_mut(i).map(Entry::Table),
            Item::Value(Value::Array(a)) => a.get_mut(i)?.as_inline_table_mut().map(Entry::Inline),
            _ => None,
        }
    }

    fn entry_ref(&self, section: Section, i: usize) -> Option<EntryRef<'_>> {
        match self.doc.get(section.key())? {
            Item::ArrayOfTables(a) => a.get(i).map(EntryRef::Table),
            Item::Value(Value::Array(a)) => a.get(i)?.as_inline_table().map(EntryRef::Inline),
            _ => None,
        }
    }

    fn index(&mut self) -> &mut HashMap<DeclKey, usize> {
        if self.index.is_none() {
            let mut index = HashMap::new();
            for section in [Section::Commitment, Section::Declaration] {
                for i in 0..self.len(section) {
                    let Some(e) = self.entry_ref(section, i) else {
                        continue;
                    };
                    let product = match section {
                        Section::Declaration => e.str("product").map(str::to_string),
                        _ => None,
                    };
                    if section == Section::Declaration && product.is_none() {
                        continue;
                    }
                    if let Some(req) = e.str("requirement") {
                        index.entry((product, req.to_string())).or_insert(i);
                    }
                }
            }
            self.index = Some(index);
        }
        self.index.get_or_insert_with(HashMap::new)
    }

    /// See [`Editor::upsert`].
    fn upsert(&mut self, find: &DeclKey, record: &Record) -> Change {
        let section = if record.product.is_some() {
            Section::Declaration
        } else {
            Section::Commitment
        };
        let found = self.index().get(find).copied();
        let requirement = record.requirement.to_string();
        let Some(i) = found else {
            let mut table = declaration_table(record);
            if self.crlf {
                OneLine.visit_table_mut(&mut table);
            }
            let i = self.push(section, table);
            self.index().insert(record.key(), i);
            self.edited();
            return Change::Created;
        };
        let crlf = self.crlf;
        let Some(mut e) = self.entry(section, i) else {
            return Change::Unchanged;
        };
        let changed = e.set_record(record, section, crlf);
        if find.1 != requirement {
            let index = self.index();
            index.remove(find);
            index.insert(record.key(), i);
        }
        if changed {
            self.edited();
            Change::Updated
        } else {
            Change::Unchanged
        }
    }

    /// Adds a `[[product]]` after the last one.
    fn add_product(&mut self, p: &ProductRecord) {
        let mut t = Table::new();
        t.insert("id", toml_edit::value(&p.id));
        t.insert("name", toml_edit::value(&p.name));
        t.insert("version", toml_edit::value(&p.version));
        t.insert("kind", toml_edit::value(&p.kind));
        if !p.services.is_empty() {
            t.insert("services", Item::Value(Value::Array(strings(&p.services))));
        }
        if !p.profiles.is_empty() {
            t.insert("profiles", Item::Value(Value::Array(strings(&p.profiles))));
        }
        if self.crlf {
            OneLine.visit_table_mut(&mut t);
        }
        self.push(Section::Product, t);
        self.edited();
    }

    fn product_position(&self, id: &str) -> Option<usize> {
        (0..self.len(Section::Product)).find(|&i| {
            self.entry_ref(Section::Product, i)
                .and_then(|e| e.str("id"))
                == Some(id)
        })
    }

    /// Sets every field of the product `p.id` to `p`'s values.
    fn set_product(&mut self, p: &ProductRecord) -> Change {
        let Some(i) = self.product_position(&p.id) else {
            return Change::Unchanged;
        };
        let order = Section::Product.order();
        let crlf = self.crlf;
        let Some(mut e) = self.entry(Section::Product, i) else {
            return Change::Unchanged;
        };
        let mut changed = e.set_str("name", Some(&p.name), order);
        changed |= e.set_str("version", Some(&p.version), order);
        changed |= e.set_str("kind", Some(&p.kind), order);
        changed |= e.set_strings("services", &p.services, order);
        changed |= e.set_strings("profiles", &p.profiles, order);
        if crlf {
            e.one_line();
        }
        if changed {
            self.edited();
            Change::Updated
        } else {
            Change::Unchanged
        }
    }

    /// Removes the product `id`; whether there was one.
    fn remove_product(&mut self, id: &str) -> bool {
        match self.product_position(id) {
            Some(i) => {
                self.remove(Section::Product, i);
                true
            }
            None => false,
        }
    }

    /// Removes every declaration of a product; how many.
    fn remove_declarations_of(&mut self, product: &str) -> usize {
        let doomed: Vec<usize> = (0..self.len(Section::Declaration))
            .filter(|&i| {
                self.entry_ref(Section::Declaration, i)
                    .and_then(|e| e.str("product"))
                    == Some(product)
            })
            .collect();
        for &i in doomed.iter().rev() {
            self.remove(Section::Declaration, i);
        }
        self.index = None;
        doomed.len()
    }

    /// Appends a table to a section, right after its last entry (or after
    /// the sections that precede it); returns its index.
    fn push(&mut self, section: Section, mut table: Table) -> usize {
        let anchor = match self.doc.get(section.key()) {
            Some(_) => None,
            None => self.anchor(section),
        };
        match self.doc.get_mut(section.key()) {
            Some(Item::Value(Value::Array(a))) => {
                let mut inline = table.into_inline_table();
                inline.fmt();
                push_formatted(a, Value::InlineTable(inline));
                a.len() - 1
            }
            Some(Item::ArrayOfTables(a)) => {
                // Equal positions keep their visiting order: the new table
                // comes right after the current last one and its sub-tables
                // (`[[declaration.evidence]]`), which would otherwise become
                // the new table's.
                table.set_position(
                    a.len()
                        .checked_sub(1)
                        .and_then(|i| a.get(i))
                        .and_then(last_position),
                );
                a.push(table);
                a.len() - 1
            }
            _ => {
                table.set_position(anchor);
                let mut a = ArrayOfTables::new();
                a.push(table);
                self.doc.insert(section.key(), Item::ArrayOfTables(a));
                // Tables at the same position are written in the order of
                // their keys, and a section created by this edit may share
                // the new table's: the sections that follow go after it.
                for later in section.following() {
                    if let Some(Item::ArrayOfTables(_)) = self.doc.get(later) {
                        if let Some((key, item)) = self.doc.remove_entry(later) {
                            self.doc.insert_formatted(&key, item);
                        }
                    }
                }
                0
            }
        }
    }

    /// The position of the last table of the sections before `section`.
    fn anchor(&self, section: Section) -> Option<isize> {
        let mut last = None;
        for key in section.preceding() {
            let positions: Vec<isize> = match self.doc.get(key) {
                Some(Item::Table(t)) => last_position(t).into_iter().collect(),
                Some(Item::ArrayOfTables(a)) => a.iter().filter_map(last_position).collect(),
                _ => Vec::new(),
            };
            last = positions.into_iter().chain(last).max();
        }
        last
    }

    /// Removes one entry. Comments above it that are separated from it by a
    /// blank line introduce what follows (a section banner), not the entry:
    /// they move to the next table.
    fn remove(&mut self, section: Section, i: usize) {
        self.index = None;
        self.edited();
        let removed = match self.doc.get_mut(section.key()) {
            Some(Item::ArrayOfTables(a)) => a.remove(i),
            Some(Item::Value(Value::Array(a))) => {
                remove_item(a, i);
                return;
            }
            _ => return,
        };
        if self.doc.get(section.key()).is_some_and(|item| match item {
            Item::ArrayOfTables(a) => a.is_empty(),
            _ => false,
        }) {
            self.doc.remove(section.key());
        }
        let prefix = removed
            .decor()
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or("");
        let Some(kept) = leading_paragraphs(prefix) else {
            return;
        };
        let next = removed
            .position()
            .and_then(|pos| next_table_after(self.doc.as_table_mut(), pos));
        // The banner stays a paragraph of its own, or it would go with the
        // next table if that one were removed in turn.
        let apart = |own: &str| match own.split_inclusive('\n').next() {
            Some(line) if line.ends_with('\n') && line.trim().is_empty() => "",
            _ => "\n",
        };
        match next {
            Some(t) => {
                let own = t
                    .decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .unwrap_or("\n")
                    .to_string();
                t.decor_mut()
                    .set_prefix(format!("{kept}{}{own}", apart(&own)));
            }
            None => {
                let trailing = self.doc.trailing().as_str().unwrap_or("").to_string();
                let apart = match trailing.is_empty() && !self.followed {
                    true => "",
                    false => apart(&trailing),
                };
                self.doc.set_trailing(format!("{kept}{apart}{trailing}"));
            }
        }
    }
}

/// The position of a table's header or of its last sub-table's, whichever
/// comes last in the file.
fn last_position(t: &Table) -> Option<isize> {
    let mut last = t.position();
    for (_, item) in t.iter() {
        let nested = match item {
            Item::Table(t) => last_position(t),
            Item::ArrayOfTables(a) => a.iter().filter_map(last_position).max(),
            _ => None,
        };
        last = last.max(nested);
    }
    last
}

/// Removes an item of an array of inline tables with what is on its
/// lines. In a multi-line array, what follows an item on its line (a comma,
/// a comment) is the next item's prefix, the array's trailing text after
/// the last item, or the item's own suffix when no comma follows it: it
/// goes with the item, and what follows the item before stays on that
/// item's line.
fn remove_item(array: &mut Array, i: usize) {
    let text =
        |raw: Option<&toml_edit::RawString>| raw.and_then(|r| r.as_str()).unwrap_or("").to_string();
    let Some(item) = array.get(i) else {
        return;
    };
    let prefix = text(item.decor().prefix());
    let suffix = text(item.decor().suffix());
    let last = i + 1 == array.len();
    array.remove(i);
    // The removed item started a line: the rest of the line before it
    // stays, its own lines go.
    let Some(cut) = prefix.find('\n') else {
        return;
    };
    let before = &prefix[..cut];
    let join = |after: &str| match after.find('\n') {
        Some(cut) => format!("{before}{}", &after[cut..]),
        None if before.contains('#') => format!("{before}\n{after}"),
        None => format!("{before}{after}"),
    };
    if last {
        // The comma after the new last item stays where it was.
        if i > 0 {
            array.set_trailing_comma(true);
        }
        let after = format!("{suffix}{}", text(Some(array.trailing())));
        array.set_trailing(join(&after));
    } else if let Some(next) = array.get_mut(i) {
        let after = format!("{suffix}{}", text(next.decor().prefix()));
        // The next item on the removed item's line takes its place.
        let joined = if after.contains('\n') {
            join(&after)
        } else {
            prefix.clone()
        };
        next.decor_mut().set_prefix(joined);
    }
}

/// The part of a comment block before its last blank line, when it holds a
/// comment: `"\n# ── ins ──\n\n# INS.01\n"` keeps `"\n# ── ins ──\n"`. A blank
/// line may hold spaces, and end in `\r\n`.
fn leading_paragraphs(prefix: &str) -> Option<&str> {
    let mut cut = None;
    let mut at = 0;
    for (n, line) in prefix.split_inclusive('\n').enumerate() {
        if n > 0 && line.ends_with('\n') && line.trim().is_empty() {
            cut = Some(at);
        }
        at += line.len();
    }
    let kept = &prefix[..cut?];
    kept.contains('#').then_some(kept)
}

/// The table with the smallest position after `pos`, at any depth.
fn next_table_after(root: &mut Table, pos: isize) -> Option<&mut Table> {
    fn best(t: &Table, pos: isize, found: &mut Option<isize>) {
        for (_, item) in t.iter() {
            let tables: Vec<&Table> = match item {
                Item::Table(t) => vec![t],
                Item::ArrayOfTables(a) => a.iter().collect(),
                _ => Vec::new(),
            };
            for t in tables {
                if let Some(p) = t.position() {
                    if p > pos && found.is_none_or(|f| p < f) {
                        *found = Some(p);
                    }
                }
                best(t, pos, found);
            }
        }
    }
    fn take(t: &mut Table, wanted: isize) -> Option<&mut Table> {
        for (_, item) in t.iter_mut() {
            match item {
                Item::Table(t) => {
                    if t.position() == Some(wanted) {
                        return Some(t);
                    }
                    if let Some(found) = take(t, wanted) {
                        return Some(found);
                    }
                }
                Item::ArrayOfTables(a) => {
                    for t in a.iter_mut() {
                        if t.position() == Some(wanted) {
                            return Some(t);
                        }
                        if let Some(found) = take(t, wanted) {
                            return Some(found);
                        }
                    }
                }
                _ => {}
            }
        }
        None
    }
    let mut found = None;
    best(root, pos, &mut found);
    take(root, found?)
}

/// A table or an inline table, read-only.
#[derive(Clone, Copy)]
enum EntryRef<'a> {
    Table(&'a Table),
    Inline(&'a InlineTable),
}

impl<'a> EntryRef<'a> {
    fn str(self, key: &str) -> Option<&'a str> {
        match self {
            EntryRef::Table(t) => t.get(key).and_then(Item::as_str),
            EntryRef::Inline(t) => t.get(key).and_then(Value::as_str),
        }
    }
}

/// A `[[section]]` table or an inline `{ … }` entry, open for edits.
enum Entry<'a> {
    Table(&'a mut Table),
    Inline(&'a mut InlineTable),
}

impl Entry<'_> {
    /// Sets a declaration's or a commitment's fields to `record`'s;
    /// whether any changed.
    fn set_record(&mut self, record: &Record, section: Section, crlf: bool) -> bool {
        let order = section.order();
        let requirement = record.requirement.to_string();
        let mut changed = self.set_str("requirement", Some(&requirement), order);
        changed |= self.set_str("status", Some(record.status.as_str()), order);
        changed |= self.set_str("justification", record.justification.as_deref(), order);
        changed |= self.set_date("due", record.due, order);
        changed |= self.set_date("declared", record.declared, order);
        changed |= self.set_evidence(&record.evidence, order);
        if crlf {
            self.one_line();
        }
        changed
    }

    /// See [`OneLine`].
    fn one_line(&mut self) {
        match self {
            Entry::Table(t) => OneLine.visit_table_mut(t),
            Entry::Inline(t) => OneLine.visit_inline_table_mut(t),
        }
    }

    fn value(&self, key: &str) -> Option<&Value> {
        match self {
            Entry::Table(t) => t.get(key).and_then(Item::as_value),
            Entry::Inline(t) => t.get(key),
        }
    }

    fn contains(&self, key: &str) -> bool {
        match self {
            Entry::Table(t) => t.contains_key(key),
            Entry::Inline(t) => t.contains_key(key),
        }
    }

    fn set_str(&mut self, key: &str, want: Option<&str>, order: &[&str]) -> bool {
        let have = self.value(key).map(Value::as_str);
        match (have, want) {
            (Some(Some(h)), Some(w)) if h == w => false,
            (None, None) => false,
            (_, want) => {
                self.put(key, want.map(Value::from), order);
                true
            }
        }
    }

    fn set_date(&mut self, key: &str, want: Option<Date>, order: &[&str]) -> bool {
        let have = self.value(key).map(read_date);
        match (have, want) {
            (Some(Some(h)), Some(w)) if h == w => false,
            (None, None) => false,
            (_, want) => {
                self.put(key, want.map(date_value), order);
                true
            }
        }
    }

    fn set_strings(&mut self, key: &str, want: &[String], order: &[&str]) -> bool {
        let have: Option<Vec<&str>> = match self.value(key) {
            None => Some(Vec::new()),
            Some(v) => v
                .as_array()
                .and_then(|a| a.iter().map(Value::as_str).collect()),
        };
        if have.is_some_and(|h| h.iter().copied().eq(want.iter().map(String::as_str))) {
            return false;
        }
        let value = (!want.is_empty()).then(|| Value::Array(strings(want)));
        self.put(key, value, order);
        true
    }

    fn evidence(&self) -> Option<Vec<EvidenceItem>> {
        match self {
            Entry::Table(t) => match t.get("evidence") {
                None => Some(Vec::new()),
                Some(Item::ArrayOfTables(a)) => Some(
                    a.iter()
                        .map(|t| read_evidence(|k| t.get(k).and_then(Item::as_value)))
                        .collect(),
                ),
                Some(Item::Value(v)) => read_evidence_array(v),
                Some(_) => None,
            },
            Entry::Inline(t) => match t.get("evidence") {
                None => Some(Vec::new()),
                Some(v) => read_evidence_array(v),
            },
        }
    }

    /// Evidence is compared item by item: unchanged items keep their text,
    /// changed ones are rewritten in place, new ones appended.
    fn set_evidence(&mut self, want: &[EvidenceItem], order: &[&str]) -> bool {
        let have = self.evidence();
        if have.as_deref() == Some(want) {
            return false;
        }
        if want.is_empty() {
            self.put("evidence", None, order);
            return true;
        }
        let existing = match self {
            Entry::Table(t) => t.get_mut("evidence").and_then(Item::as_array_mut),
            Entry::Inline(t) => t.get_mut("evidence").and_then(Value::as_array_mut),
        };
        match (existing, have) {
            (Some(array), Some(have)) => update_evidence(array, &have, want),
            _ => self.put("evidence", Some(Value::Array(evidence_array(want))), order),
        }
        true
    }

    /// Sets, replaces (keeping the old value's surrounding spaces and
    /// comment) or removes a key. A new key goes where the SPEC's examples
    /// put it, before the first key that comes after it.
    fn put(&mut self, key: &str, value: Option<Value>, order: &[&str]) {
        match (value, self.contains(key)) {
            (None, false) => {}
            (None, true) => self.remove(key),
            (Some(mut v), true) => match self {
                Entry::Table(t) => match t.get_mut(key) {
                    Some(Item::Value(old)) => {
                        *v.decor_mut() = old.decor().clone();
                        *old = v;
                    }
                    Some(item) => *item = Item::Value(v),
                    None => {}
                },
                Entry::Inline(t) => {
                    if let Some(old) = t.get_mut(key) {
                        *v.decor_mut() = old.decor().clone();
                        *old = v;
                    }
                }
            },
            (Some(v), false) => self.insert(key, v, order),
        }
    }

    fn remove(&mut self, key: &str) {
        match self {
            Entry::Table(t) => {
                t.remove(key);
            }
            Entry::Inline(t) => {
                let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
                let was_last = keys.last().is_some_and(|k| k == key);
                let closing = t
                    .get(key)
                    .and_then(|v| v.decor().suffix())
                    .and_then(|s| s.as_str())
                    .unwrap_or(" ")
                    .to_string();
                t.remove(key);
                if was_last {
                    if let Some(last) = keys.iter().rev().nth(1).and_then(|k| t.get_mut(k)) {
                        last.decor_mut().set_suffix(closing);
                    }
                }
            }
        }
    }

    fn insert(&mut self, key: &str, mut v: Value, order: &[&str]) {
        let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
        match self {
            Entry::Table(t) => {
                let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
                let at = keys
                    .iter()
                    .position(|k| rank(k) > rank(key))
                    .unwrap_or(keys.len());
                let tail: Vec<(Key, Item)> = keys[at..]
                    .iter()
                    .filter_map(|k| t.remove_entry(k))
                    .collect();
                let mut k = Key::new(key);
                // Keep the table's indentation, if it has one.
                let indent = keys.iter().find_map(|k| {
                    let prefix = t.key(k)?.leaf_decor().prefix()?.as_str()?;
                    (!prefix.is_empty() && prefix.chars().all(|c| c == ' ' || c == '\t'))
                        .then(|| prefix.to_string())
                });
                if let Some(indent) = indent {
                    *k.leaf_decor_mut() = Decor::new(indent, " ");
                }
                t.insert_formatted(&k, Item::Value(v));
                for (k, item) in tail {
                    t.insert_formatted(&k, item);
                }
            }
            Entry::Inline(t) => {
                let keys: Vec<String> = t.iter().map(|(k, _)| k.to_string()).collect();
                let at = keys
                    .iter()
                    .position(|k| rank(k) > rank(key))
                    .unwrap_or(keys.len());
                let tail: Vec<(Key, Value)> = keys[at..]
                    .iter()
                    .filter_map(|k| t.remove_entry(k))
                    .collect();
                v.decor_mut().set_prefix(" ");
                if tail.is_empty() {
                    // The space before `}` moves to the new last value.
                    let closing = keys
                        .last()
                        .and_then(|k| t.get_mut(k))
                        .map(|last| {
                            let s = last
                                .decor()
                                .suffix()
                                .and_then(|s| s.as_str())
                                .unwrap_or("")
                                .to_string();
                            last.decor_mut().set_suffix("");
                            s
                        })
                        .unwrap_or_else(|| " ".to_string());
                    v.decor_mut().set_suffix(closing);
                } else {
                    v.decor_mut().set_suffix("");
                }
                let k = Key::new(key).with_leaf_decor(Decor::new(" ", " "));
                t.insert_formatted(&k, v);
                for (k, v) in tail {
                    t.insert_formatted(&k, v);
                }
            }
        }
    }
}

/// Puts the strings charte writes into a CRLF file on one line, their line
/// breaks escaped. The TOML editor writes a string with a line break as a
/// multi-line string, whose breaks would then be the file's `\r\n`: the
/// value read back would not be the value written. Strings read from the
/// file keep their text.
struct OneLine;

impl VisitMut for OneLine {
    fn visit_value_mut(&mut self, node: &mut Value) {
        match node {
            Value::String(s) if s.as_repr().is_none() && s.value().contains(['\n', '\r']) => {
                if let Ok(mut one_line) = toml_string(s.value()).parse::<Value>() {
                    *one_line.decor_mut() = s.decor().clone();
                    *node = one_line;
                }
            }
            _ => visit_mut::visit_value_mut(self, node),
        }
    }
}

/// Whether a text's first line ends with `\r\n`: its line endings, which
/// charte keeps.
fn crlf_lines(text: &str) -> bool {
    text.find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r')
}

/// The last two lines of a text that does not end with a line break: enough
/// to tell its last line from another line that reads the same (`]`).
fn last_line(text: &str) -> Option<&str> {
    if text.is_empty() || text.ends_with('\n') {
        return None;
    }
    let cut = text
        .rfind('\n')
        .map_or(0, |i| text[..i].rfind('\n').map_or(0, |j| j + 1));
    Some(&text[cut..])
}

/// Takes off the line break an edit added after the text's last line, when
/// that line had none; a line that was not last keeps its line break.
fn unterminate(out: &mut String, end: &str) {
    let Some(kept) = out.strip_suffix('\n') else {
        return;
    };
    let kept = kept.strip_suffix('\r').unwrap_or(kept);
    if kept.ends_with(end) {
        out.truncate(kept.len());
    }
}

/// Appends `text`, its line breaks made `\r\n` in a CRLF file.
fn push_lines(out: &mut String, text: &str, crlf: bool) {
    if !crlf {
        out.push_str(text);
        return;
    }
    let mut previous = '\0';
    for c in text.chars() {
        if c == '\n' && previous != '\r' {
            out.push('\r');
        }
        out.push(c);
        previous = c;
    }
}

fn read_date(v: &Value) -> Option<Date> {
    let dt = v.as_datetime()?;
    if dt.time.is_some() || dt.offset.is_some() {
        return None;
    }
    let d = dt.date?;
    Date::from_ymd(d.year.into(), d.month.into(), d.day.into())
}

fn date_value(d: Date) -> Value {
    let (year, month, day) = d.ymd();
    Value::from(toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        }),
        time: None,
        offset: None,
    })
}

fn strings(items: &[String]) -> Array {
    let mut a: Array = items.iter().map(String::as_str).collect();
    a.fmt();
    a
}

fn read_evidence_array(v: &Value) -> Option<Vec<EvidenceItem>> {
    v.as_array()?
        .iter()
        .map(|item| {
            let t = item.as_inline_table()?;
            Some(read_evidence(|k| t.get(k)))
        })
        .collect()
}

fn read_evidence<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> EvidenceItem {
    let s = |k: &str| get(k).and_then(Value::as_str).map(str::to_string);
    EvidenceItem {
        proof: s("proof"),
        kind: s("kind"),
        reference: s("ref"),
        url: s("url"),
        path: s("path"),
        // Digests are read in either case, as the manifest reads them.
        sha256: s("sha256").map(|d| d.to_ascii_lowercase()),
        date: get("date").and_then(read_date),
    }
}

/// `{ proof = "…", ref = "…", date = 2026-03-02 }`.
fn evidence_table(e: &EvidenceItem) -> InlineTable {
    let mut t = InlineTable::new();
    for (k, v) in e.text_fields() {
        if let Some(v) = v {
            t.insert(k, Value::from(v.as_str()));
        }
    }
    if let Some(d) = e.date {
        t.insert("date", date_value(d));
    }
    t.fmt();
    t
}

/// One item on the line of its key; several, one per line.
fn evidence_array(items: &[EvidenceItem]) -> Array {
    let mut a = Array::new();
    for e in items {
        a.push(Value::InlineTable(evidence_table(e)));
    }
    if items.len() > 1 {
        for v in a.iter_mut() {
            *v.decor_mut() = Decor::new("\n  ", "");
        }
        a.set_trailing_comma(true);
        a.set_trailing("\n");
    } else {
        a.fmt();
    }
    a
}

fn update_evidence(array: &mut Array, have: &[EvidenceItem], want: &[EvidenceItem]) {
    for (i, (h, w)) in have.iter().zip(want).enumerate() {
        if h != w {
            let mut v = Value::InlineTable(evidence_table(w));
            if let Some(old) = array.get(i) {
                *v.decor_mut() = old.decor().clone();
            }
            array.replace_formatted(i, v);
        }
    }
    while array.len() > want.len() {
        array.remove(array.len() - 1);
    }
    let single_line = !array.iter().any(|v| {
        v.decor()
            .prefix()
            .and_then(|p| p.as_str())
            .is_some_and(|p| p.contains('\n'))
    });
    for w in want.iter().skip(have.len()) {
        push_formatted(array, Value::InlineTable(evidence_table(w)));
    }
    if single_line && want.len() > have.len() && want.len() > 1 {
        for v in array.iter_mut() {
            v.decor_mut().set_prefix("\n  ");
            v.decor_mut().set_suffix("");
        }
        array.set_trailing_comma(true);
        array.set_trailing("\n");
    }
}

/// Appends to an array in the layout of its first item. A comment after
/// the last item (`{ … },   # recette`) stays with that item.
fn push_formatted(array: &mut Array, mut v: Value) {
    let trailing = array.trailing().as_str().unwrap_or("").to_string();
    // The first item's line break and indentation, not its comments; in
    // an empty array written on several lines, a line of its own.
    let prefix = array
        .get(0)
        .and_then(|first| first.decor().prefix())
        .and_then(|p| p.as_str())
        .and_then(|p| p.rfind('\n').map(|i| format!("\n{}", &p[i + 1..])))
        .or_else(|| (array.is_empty() && trailing.contains('\n')).then(|| "\n  ".to_string()));
    let Some(prefix) = prefix else {
        array.push(v);
        return;
    };
    let after_last = array.trailing_comma() || array.is_empty();
    match trailing.rfind('\n') {
        Some(cut) if after_last && trailing[..cut].contains('#') => {
            *v.decor_mut() = Decor::new(format!("{}{prefix}", &trailing[..cut]), "");
            array.set_trailing(&trailing[cut..]);
        }
        _ => *v.decor_mut() = Decor::new(prefix, ""),
    }
    array.push_formatted(v);
}

/// A new `[[declaration]]` or `[[commitment]]`, keys in the SPEC's order.
fn declaration_table(r: &Record) -> Table {
    let mut t = Table::new();
    if let Some(p) = &r.product {
        t.insert("product", toml_edit::value(p));
    }
    t.insert("requirement", toml_edit::value(r.requirement.to_string()));
    t.insert("status", toml_edit::value(r.status.as_str()));
    if let Some(j) = &r.justification {
        t.insert("justification", toml_edit::value(j));
    }
    if let Some(d) = r.due {
        t.insert("due", Item::Value(date_value(d)));
    }
    if let Some(d) = r.declared {
        t.insert("declared", Item::Value(date_value(d)));
    }
    if !r.evidence.is_empty() {
        t.insert(
            "evidence",
            Item::Value(Value::Array(evidence_array(&r.evidence))),
        );
    }
    t
}

mod tables;

#[cfg(test)]
mod tests;
