//! Format-preserving edits of `charte.toml` (SPEC §2). Every change goes
//! through `toml_edit`, touching only the keys that change: the user's
//! comments, key order and layout stay byte for byte everywhere else, and a
//! CRLF file stays CRLF. Pure, text in and text out: the caller holds the
//! lock, validates the result and writes it.

use super::keys;
pub use super::record::DeclKey;
use super::{Change, ProductRecord, Record};
use document::*;
use entry::*;
use tables::Tables;
use value::*;

mod document;
mod entry;
mod value;

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

    /// Sets the `[referentials] use` entry of the referential `id` to
    /// `entry` (`id` or `id@REQ`), in place when it has one, last otherwise.
    pub fn set_use(&mut self, id: &str, entry: &str) -> Change {
        self.set_use_from(id, entry, None)
    }

    /// The same, written `{ id = entry, from = … }` when `from` names the
    /// catalogue of `[referentials] index` it comes from.
    pub fn set_use_from(&mut self, id: &str, entry: &str, from: Option<&str>) -> Change {
        match &mut self.0 {
            Inner::Whole(d) => d.set_use(id, entry, from),
            Inner::Tables(t) => t.set_use(id, entry, from),
        }
    }

    /// Adds the catalogue `location` to `[referentials] index`, beside the
    /// catalogues it lists (the embedded one when it has no `index`).
    pub fn add_index(&mut self, location: &str) -> Change {
        match &mut self.0 {
            Inner::Whole(d) => d.add_index(location),
            Inner::Tables(t) => t.add_index(location),
        }
    }

    /// Removes the `[referentials] use` entry of the referential `id`;
    /// whether there was one.
    pub fn remove_use(&mut self, id: &str) -> bool {
        match &mut self.0 {
            Inner::Whole(d) => d.remove_use(id),
            Inner::Tables(t) => t.remove_use(id),
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

mod tables;

#[cfg(test)]
mod tests;
