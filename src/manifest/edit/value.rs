//! TOML values as charte writes and reads them in a manifest: dates,
//! string arrays, evidence items and arrays, a new declaration table.

use toml_edit::{Array, Decor, InlineTable, Item, Table, Value};

use crate::date::Date;
use crate::manifest::{EvidenceItem, Record};

pub(super) fn read_date(v: &Value) -> Option<Date> {
    let dt = v.as_datetime()?;
    if dt.time.is_some() || dt.offset.is_some() {
        return None;
    }
    let d = dt.date?;
    Date::from_ymd(d.year.into(), d.month.into(), d.day.into())
}

pub(super) fn date_value(d: Date) -> Value {
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

pub(super) fn strings(items: &[String]) -> Array {
    let mut a: Array = items.iter().map(String::as_str).collect();
    a.fmt();
    a
}

pub(super) fn read_evidence_array(v: &Value) -> Option<Vec<EvidenceItem>> {
    v.as_array()?
        .iter()
        .map(|item| {
            let t = item.as_inline_table()?;
            Some(read_evidence(|k| t.get(k)))
        })
        .collect()
}

pub(super) fn read_evidence<'a>(get: impl Fn(&str) -> Option<&'a Value>) -> EvidenceItem {
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
pub(super) fn evidence_table(e: &EvidenceItem) -> InlineTable {
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
pub(super) fn evidence_array(items: &[EvidenceItem]) -> Array {
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

pub(super) fn update_evidence(array: &mut Array, have: &[EvidenceItem], want: &[EvidenceItem]) {
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
pub(super) fn push_formatted(array: &mut Array, mut v: Value) {
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
pub(super) fn declaration_table(r: &Record) -> Table {
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
