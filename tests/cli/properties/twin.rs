//! The editor that reads a manifest table by table, beside the one that
//! reads it whole: every edit the properties make goes through both, and
//! the two must write the same text.

use charte::manifest::edit::{DeclKey, Editor};
use charte::manifest::{Change, ProductRecord, Record};

/// The editor, beside the same edits made on one document for the whole
/// manifest: the two must write the same text.
pub(super) struct Twin {
    editor: Editor,
    whole: Editor,
    /// The text as read, for the failure message.
    text: String,
}

impl Twin {
    pub(super) fn parse(text: &str) -> Twin {
        Twin {
            editor: Editor::parse(text).unwrap(),
            whole: Editor::parse_whole(text).unwrap(),
            text: text.to_string(),
        }
    }

    pub(super) fn upsert(&mut self, find: &DeclKey, r: &Record) -> Change {
        let change = self.editor.upsert(find, r);
        assert_eq!(change, self.whole.upsert(find, r), "{r:?}\n{}", self.text);
        change
    }

    pub(super) fn add_product(&mut self, p: &ProductRecord) {
        self.editor.add_product(p);
        self.whole.add_product(p);
    }

    pub(super) fn set_product(&mut self, p: &ProductRecord) {
        let change = self.editor.set_product(p);
        assert_eq!(change, self.whole.set_product(p), "{p:?}\n{}", self.text);
    }

    pub(super) fn remove_declarations_of(&mut self, id: &str) {
        let removed = self.editor.remove_declarations_of(id);
        assert_eq!(
            removed,
            self.whole.remove_declarations_of(id),
            "{id}\n{}",
            self.text
        );
    }

    pub(super) fn remove_product(&mut self, id: &str) {
        let removed = self.editor.remove_product(id);
        assert_eq!(
            removed,
            self.whole.remove_product(id),
            "{id}\n{}",
            self.text
        );
    }

    pub(super) fn render(&self) -> String {
        let text = self.editor.render();
        let whole = self.whole.render();
        if text != whole {
            let diff = similar::TextDiff::from_lines(&whole, &text)
                .unified_diff()
                .header("whole document", "table by table")
                .to_string();
            panic!(
                "the two editors wrote different texts from\n{}\n{diff}",
                self.text
            );
        }
        text
    }
}
