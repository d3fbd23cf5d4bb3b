//! Editing a manifest as one `toml_edit` document: for any layout, and for
//! the edits that move text between tables. The text's layout, comments and
//! line endings stay as they were wherever nothing changes.

use std::collections::HashMap;

use toml_edit::visit_mut::{self, VisitMut};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::entry::{Entry, EntryRef};
use super::value::*;
use super::{DeclKey, Section};
use crate::manifest::{Change, ProductRecord, Record};
use crate::text::toml_string;

/// A manifest as one `toml_edit` document.
pub(super) struct Document {
    pub(super) doc: DocumentMut,
    crlf: bool,
    bom: bool,
    /// The end of the text (see [`last_line`]), when it ends without the
    /// line break that `toml_edit` would add.
    unterminated: Option<String>,
    /// Declarations and commitments by key, built on first use.
    index: Option<HashMap<DeclKey, usize>>,
    /// Tables follow the text: it is the head of a manifest cut at its
    /// declarations.
    pub(super) followed: bool,
    /// The text as read, rendered as long as nothing was edited: the TOML
    /// editor does not give back every text it reads byte for byte (a
    /// missing final line break, the spellings of an array's headers).
    original: Option<String>,
}

impl Document {
    /// Parses a manifest's text. The text was validated before, so this
    /// fails only on what is not TOML at all.
    pub(super) fn parse(text: &str) -> Result<Document, String> {
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        Document::parse_part(body, bom, crlf_lines(body))
    }

    /// Parses a part of a manifest whose line endings are known.
    pub(super) fn parse_part(body: &str, bom: bool, crlf: bool) -> Result<Document, String> {
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
    pub(super) fn edited(&mut self) {
        self.original = None;
    }

    /// The edited text, with the original's line endings; the text as it
    /// was read when nothing was edited.
    pub(super) fn render(&self) -> String {
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

    pub(super) fn len(&self, section: Section) -> usize {
        match self.doc.get(section.key()) {
            Some(Item::ArrayOfTables(a)) => a.len(),
            Some(Item::Value(Value::Array(a))) => a.len(),
            _ => 0,
        }
    }

    pub(super) fn entry(&mut self, section: Section, i: usize) -> Option<Entry<'_>> {
        match self.doc.get_mut(section.key())? {
            Item::ArrayOfTables(a) => a.get_mut(i).map(Entry::Table),
            Item::Value(Value::Array(a)) => a.get_mut(i)?.as_inline_table_mut().map(Entry::Inline),
            _ => None,
        }
    }

    pub(super) fn entry_ref(&self, section: Section, i: usize) -> Option<EntryRef<'_>> {
        match self.doc.get(section.key())? {
            Item::ArrayOfTables(a) => a.get(i).map(EntryRef::Table),
            Item::Value(Value::Array(a)) => a.get(i)?.as_inline_table().map(EntryRef::Inline),
            _ => None,
        }
    }

    pub(super) fn index(&mut self) -> &mut HashMap<DeclKey, usize> {
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
    pub(super) fn upsert(&mut self, find: &DeclKey, record: &Record) -> Change {
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
    pub(super) fn add_product(&mut self, p: &ProductRecord) {
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

    pub(super) fn product_position(&self, id: &str) -> Option<usize> {
        (0..self.len(Section::Product)).find(|&i| {
            self.entry_ref(Section::Product, i)
                .and_then(|e| e.str("id"))
                == Some(id)
        })
    }

    /// Sets every field of the product `p.id` to `p`'s values.
    pub(super) fn set_product(&mut self, p: &ProductRecord) -> Change {
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
    pub(super) fn remove_product(&mut self, id: &str) -> bool {
        match self.product_position(id) {
            Some(i) => {
                self.remove(Section::Product, i);
                true
            }
            None => false,
        }
    }

    /// Removes every declaration of a product; how many.
    pub(super) fn remove_declarations_of(&mut self, product: &str) -> usize {
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

    /// The `[referentials] use` array, created empty (with its table) when
    /// the manifest has none.
    fn uses(&mut self) -> Option<&mut Array> {
        if self.doc.get("referentials").is_none() {
            let mut t = Table::new();
            t.set_position(self.anchor_of("referentials"));
            self.doc.insert("referentials", Item::Table(t));
        }
        let table = self.doc.get_mut("referentials")?.as_table_like_mut()?;
        if table.get("use").is_none() {
            table.insert("use", Item::Value(Value::Array(Array::new())));
        }
        table.get_mut("use")?.as_array_mut()
    }

    /// Sets the `[referentials] use` entry of a referential: `entry` is `id`
    /// or `id@REQ`, written as a string, or as `{ id = entry, from = … }`
    /// when `from` names its catalogue. An entry of the same id is
    /// rewritten in place (its comments stay); otherwise it goes last.
    pub(super) fn set_use(&mut self, id: &str, entry: &str, from: Option<&str>) -> Change {
        let Some(uses) = self.uses() else {
            return Change::Unchanged;
        };
        let same = |v: &Value| use_id(v) == Some(id);
        let written = |v: &Value| match (v, from) {
            (Value::String(s), None) => s.value() == entry,
            (Value::InlineTable(t), Some(from)) => {
                t.len() == 2
                    && t.get("id").and_then(Value::as_str) == Some(entry)
                    && t.get("from").and_then(Value::as_str) == Some(from)
            }
            _ => false,
        };
        let new = || match from {
            None => Value::from(entry),
            Some(from) => {
                let mut t = toml_edit::InlineTable::new();
                t.insert("id", Value::from(entry));
                t.insert("from", Value::from(from));
                t.fmt();
                Value::InlineTable(t)
            }
        };
        let found = uses.iter().position(same);
        let change = match found {
            Some(i) if uses.get(i).is_some_and(written) => Change::Unchanged,
            Some(i) => {
                let decor = uses.get(i).map(|v| v.decor().clone()).unwrap_or_default();
                let mut v = new();
                *v.decor_mut() = decor;
                uses.replace_formatted(i, v);
                Change::Updated
            }
            None if one_line(uses) && !uses.is_empty() => {
                // After the last item, before the spaces that close the list.
                let last = uses.len() - 1;
                let closing = uses.get_mut(last).map(take_suffix).unwrap_or_default();
                let mut v = new();
                *v.decor_mut() = toml_edit::Decor::new(" ", closing);
                uses.push_formatted(v);
                Change::Created
            }
            None => {
                push_formatted(uses, new());
                Change::Created
            }
        };
        if change != Change::Unchanged {
            self.edited();
        }
        change
    }

    /// Adds a catalogue to `[referentials] index`: a single location becomes
    /// an array of it and the new one; no `index` (the embedded catalogue)
    /// becomes `["embedded", location]`. Unchanged when it is listed.
    pub(super) fn add_index(&mut self, location: &str) -> Change {
        if self.uses().is_none() {
            return Change::Unchanged;
        }
        let Some(table) = self
            .doc
            .get_mut("referentials")
            .and_then(Item::as_table_like_mut)
        else {
            return Change::Unchanged;
        };
        let at = |v: &Value| match v {
            Value::InlineTable(t) => t.get("at").and_then(Value::as_str).map(str::to_string),
            v => v.as_str().map(str::to_string),
        };
        let listed = |v: &Value| {
            at(v).is_some_and(|a| {
                crate::catalogue::resolve::location_of(&a)
                    == crate::catalogue::resolve::location_of(location)
            })
        };
        match table.get_mut("index").and_then(Item::as_value_mut) {
            None => {
                let mut a = Array::new();
                a.push(crate::catalogue::lock::EMBEDDED);
                a.push(location);
                table.insert("index", Item::Value(Value::Array(a)));
            }
            Some(Value::Array(a)) => {
                if a.iter().any(listed) {
                    return Change::Unchanged;
                }
                if one_line(a) && !a.is_empty() {
                    let last = a.len() - 1;
                    let closing = a.get_mut(last).map(take_suffix).unwrap_or_default();
                    let mut v = Value::from(location);
                    *v.decor_mut() = toml_edit::Decor::new(" ", closing);
                    a.push_formatted(v);
                } else {
                    push_formatted(a, Value::from(location));
                }
            }
            Some(one) => {
                if listed(one) {
                    return Change::Unchanged;
                }
                let decor = one.decor().clone();
                let mut first = one.clone();
                first.decor_mut().clear();
                let mut a = Array::new();
                a.push_formatted(first);
                a.push(location);
                let mut v = Value::Array(a);
                *v.decor_mut() = decor;
                *one = v;
            }
        }
        self.edited();
        Change::Updated
    }

    /// Removes the `[referentials] use` entry of a referential, with what is
    /// on its lines; whether there was one.
    pub(super) fn remove_use(&mut self, id: &str) -> bool {
        let Some(uses) = self
            .doc
            .get_mut("referentials")
            .and_then(Item::as_table_like_mut)
            .and_then(|t| t.get_mut("use"))
            .and_then(Item::as_array_mut)
        else {
            return false;
        };
        let Some(i) = uses.iter().position(|v| use_id(v) == Some(id)) else {
            return false;
        };
        if one_line(uses) {
            // The list keeps its spaces: the next item takes the removed
            // one's place, or the new last item its closing spaces.
            let prefix = uses.get(i).and_then(|v| v.decor().prefix()).cloned();
            let closing = uses.get_mut(i).map(take_suffix).unwrap_or_default();
            uses.remove(i);
            match uses.get_mut(i) {
                Some(next) if i == 0 => {
                    if let Some(p) = prefix {
                        next.decor_mut().set_prefix(p);
                    }
                }
                Some(_) => {}
                None => {
                    if let Some(last) = i.checked_sub(1).and_then(|j| uses.get_mut(j)) {
                        last.decor_mut().set_suffix(closing);
                    }
                }
            }
        } else {
            remove_item(uses, i);
        }
        self.edited();
        true
    }

    /// Where a new top-level table goes: after the sections before it.
    fn anchor_of(&self, key: &str) -> Option<isize> {
        let mut last = None;
        for before in crate::manifest::keys::sections_before(key) {
            if let Some(Item::Table(t)) = self.doc.get(before) {
                last = last.max(last_position(t));
            }
        }
        last
    }

    /// Appends a table to a section, right after its last entry (or after
    /// the sections that precede it); returns its index.
    pub(super) fn push(&mut self, section: Section, mut table: Table) -> usize {
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
    pub(super) fn anchor(&self, section: Section) -> Option<isize> {
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
    pub(super) fn remove(&mut self, section: Section, i: usize) {
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

/// Whether an array is written on one line.
fn one_line(array: &Array) -> bool {
    !array.to_string().contains('\n')
}

/// Takes the text after a value, before the comma or bracket that follows.
fn take_suffix(v: &mut Value) -> String {
    let suffix = v
        .decor()
        .suffix()
        .and_then(|s| s.as_str())
        .unwrap_or("")
        .to_string();
    v.decor_mut().set_suffix("");
    suffix
}

/// The position of a table's header or of its last sub-table's, whichever
/// comes last in the file.
pub(super) fn last_position(t: &Table) -> Option<isize> {
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
pub(super) fn remove_item(array: &mut Array, i: usize) {
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
pub(super) fn leading_paragraphs(prefix: &str) -> Option<&str> {
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
pub(super) fn next_table_after(root: &mut Table, pos: isize) -> Option<&mut Table> {
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

/// Puts the strings charte writes into a CRLF file on one line, their line
/// breaks escaped. The TOML editor writes a string with a line break as a
/// multi-line string, whose breaks would then be the file's `\r\n`: the
/// value read back would not be the value written. Strings read from the
/// file keep their text.
pub(super) struct OneLine;

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
pub(super) fn crlf_lines(text: &str) -> bool {
    text.find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r')
}

/// The last two lines of a text that does not end with a line break: enough
/// to tell its last line from another line that reads the same (`]`).
pub(super) fn last_line(text: &str) -> Option<&str> {
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
pub(super) fn unterminate(out: &mut String, end: &str) {
    let Some(kept) = out.strip_suffix('\n') else {
        return;
    };
    let kept = kept.strip_suffix('\r').unwrap_or(kept);
    if kept.ends_with(end) {
        out.truncate(kept.len());
    }
}

/// Appends `text`, its line breaks made `\r\n` in a CRLF file.
pub(super) fn push_lines(out: &mut String, text: &str, crlf: bool) {
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

/// The referential id of a `[referentials] use` entry: `id`, `id@REQ`, or
/// a table whose `id` is one of them.
fn use_id(v: &Value) -> Option<&str> {
    let entry = match v {
        Value::InlineTable(t) => t.get("id")?.as_str()?,
        v => v.as_str()?,
    };
    Some(entry.split_once('@').map_or(entry, |(i, _)| i))
}
