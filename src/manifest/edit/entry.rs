//! One entry of an array of tables, `[[section]]` or inline `{ … }`, read
//! and edited key by key in the order charte writes keys.

use toml_edit::visit_mut::VisitMut;
use toml_edit::{Decor, InlineTable, Item, Key, Table, Value};

use super::document::OneLine;
use super::value::*;
use super::Section;
use crate::date::Date;
use crate::manifest::{EvidenceItem, Record};

/// A table or an inline table, read-only.
#[derive(Clone, Copy)]
pub(super) enum EntryRef<'a> {
    Table(&'a Table),
    Inline(&'a InlineTable),
}

impl<'a> EntryRef<'a> {
    pub(super) fn str(self, key: &str) -> Option<&'a str> {
        match self {
            EntryRef::Table(t) => t.get(key).and_then(Item::as_str),
            EntryRef::Inline(t) => t.get(key).and_then(Value::as_str),
        }
    }
}

/// A `[[section]]` table or an inline `{ … }` entry, open for edits.
pub(super) enum Entry<'a> {
    Table(&'a mut Table),
    Inline(&'a mut InlineTable),
}

impl Entry<'_> {
    /// Sets a declaration's or a commitment's fields to `record`'s;
    /// whether any changed.
    pub(super) fn set_record(&mut self, record: &Record, section: Section, crlf: bool) -> bool {
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
    pub(super) fn one_line(&mut self) {
        match self {
            Entry::Table(t) => OneLine.visit_table_mut(t),
            Entry::Inline(t) => OneLine.visit_inline_table_mut(t),
        }
    }

    pub(super) fn value(&self, key: &str) -> Option<&Value> {
        match self {
            Entry::Table(t) => t.get(key).and_then(Item::as_value),
            Entry::Inline(t) => t.get(key),
        }
    }

    pub(super) fn contains(&self, key: &str) -> bool {
        match self {
            Entry::Table(t) => t.contains_key(key),
            Entry::Inline(t) => t.contains_key(key),
        }
    }

    pub(super) fn set_str(&mut self, key: &str, want: Option<&str>, order: &[&str]) -> bool {
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

    pub(super) fn set_date(&mut self, key: &str, want: Option<Date>, order: &[&str]) -> bool {
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

    pub(super) fn set_strings(&mut self, key: &str, want: &[String], order: &[&str]) -> bool {
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

    pub(super) fn evidence(&self) -> Option<Vec<EvidenceItem>> {
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
    pub(super) fn set_evidence(&mut self, want: &[EvidenceItem], order: &[&str]) -> bool {
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
    pub(super) fn put(&mut self, key: &str, value: Option<Value>, order: &[&str]) {
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

    pub(super) fn remove(&mut self, key: &str) {
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

    pub(super) fn insert(&mut self, key: &str, mut v: Value, order: &[&str]) {
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
