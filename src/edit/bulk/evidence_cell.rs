//! The evidence cell's little language, shared by the CSV files and
//! `charte declare --evidence`: `;`-separated items, each a `|`-separated
//! list of `key:value` attributes, with `%3B`, `%7C` and `%25` escapes.

use super::rows::check_evidence_item;
use crate::date::Date;
use crate::manifest::EvidenceItem;
use crate::suggest;

pub(super) const ITEM_SEPARATOR: char = ';';
pub(super) const ATTRIBUTE_SEPARATOR: char = '|';

/// Characters that stand for themselves only when escaped, and their escapes.
pub(super) const ESCAPES: &[(char, &str)] = &[(';', "%3B"), ('|', "%7C")];
/// In a proof id, `=` also separates the id from its reference.
pub(super) const PROOF_ESCAPES: &[(char, &str)] = &[(';', "%3B"), ('|', "%7C"), ('=', "%3D")];

/// Escapes the separators; a `%` is escaped only where it would otherwise
/// read as an escape, so that URLs keep their own `%20`.
pub(super) fn escape(value: &str, escapes: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.char_indices() {
        if let Some((_, code)) = escapes.iter().find(|(e, _)| *e == c) {
            out.push_str(code);
        } else if c == '%' && starts_escape(&value[i..], escapes) {
            out.push_str("%25");
        } else {
            out.push(c);
        }
    }
    out
}

pub(super) fn starts_escape(s: &str, escapes: &[(char, &str)]) -> bool {
    let head = s.get(..3).unwrap_or("");
    head.eq_ignore_ascii_case("%25")
        || escapes
            .iter()
            .any(|(_, code)| head.eq_ignore_ascii_case(code))
}

pub(super) fn unescape(value: &str, escapes: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let head = rest[i..].get(..3).unwrap_or("");
        if head.eq_ignore_ascii_case("%25") {
            out.push('%');
            rest = &rest[i + 3..];
        } else if let Some((c, _)) = escapes
            .iter()
            .find(|(_, code)| head.eq_ignore_ascii_case(code))
        {
            out.push(*c);
            rest = &rest[i + 3..];
        } else {
            out.push('%');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// The `evidence` cell of a CSV row.
pub fn format_evidence(items: &[EvidenceItem]) -> String {
    let mut out = String::new();
    for (n, e) in items.iter().enumerate() {
        if n > 0 {
            out.push(ITEM_SEPARATOR);
        }
        let mut attrs: Vec<String> = Vec::new();
        let mut reference = e.reference.as_deref();
        if let Some(proof) = &e.proof {
            let id = escape(proof, PROOF_ESCAPES);
            match reference.take() {
                Some(r) => attrs.push(format!("proof:{id}={}", escape(r, ESCAPES))),
                None => attrs.push(format!("proof:{id}")),
            }
        }
        let rest = [
            ("kind", e.kind.as_deref()),
            ("ref", reference),
            ("url", e.url.as_deref()),
            ("path", e.path.as_deref()),
            ("sha256", e.sha256.as_deref()),
        ];
        for (key, value) in rest {
            if let Some(v) = value {
                attrs.push(format!("{key}:{}", escape(v, ESCAPES)));
            }
        }
        if let Some(d) = e.date {
            attrs.push(format!("date:{d}"));
        }
        out.push_str(&attrs.join(&ATTRIBUTE_SEPARATOR.to_string()));
    }
    out
}

/// Reads an `evidence` cell (empty: no evidence).
pub fn parse_evidence(cell: &str) -> Result<Vec<EvidenceItem>, String> {
    cell.split(ITEM_SEPARATOR)
        .filter(|item| !item.trim().is_empty())
        .map(parse_evidence_item)
        .collect()
}

/// Reads one evidence item: `url:https://…`, `proof:ID=REF|date:2026-03-02`…
pub fn parse_evidence_item(item: &str) -> Result<EvidenceItem, String> {
    let mut e = EvidenceItem::default();
    for attr in item.split(ATTRIBUTE_SEPARATOR) {
        let attr = attr.trim_start();
        let Some((key, value)) = attr.split_once(':') else {
            return Err(format!(
                "`{attr}` is not `key:value` (keys: proof, ref, url, path, kind, date, sha256)"
            ));
        };
        let key = key.trim().to_ascii_lowercase();
        // References are kept exactly; other values never end in spaces.
        let text = |v: &str| {
            if key == "ref" {
                unescape(v, ESCAPES)
            } else {
                unescape(v.trim_end(), ESCAPES)
            }
        };
        let slot = match key.as_str() {
            "proof" => {
                let (id, reference) = match value.split_once('=') {
                    Some((id, r)) => (id, Some(r)),
                    None => (value, None),
                };
                if let Some(r) = reference {
                    set(&mut e.reference, "ref", unescape(r, ESCAPES))?;
                }
                set(&mut e.proof, "proof", unescape(id.trim(), PROOF_ESCAPES))?;
                continue;
            }
            "ref" => &mut e.reference,
            "url" => &mut e.url,
            "path" => &mut e.path,
            "kind" => &mut e.kind,
            "sha256" => {
                set(&mut e.sha256, "sha256", text(value).to_ascii_lowercase())?;
                continue;
            }
            "date" => {
                let d = value.trim();
                let date = d
                    .parse::<Date>()
                    .map_err(|_| format!("evidence date `{d}` is not a date: write YYYY-MM-DD"))?;
                if e.date.replace(date).is_some() {
                    return Err("`date` given twice in one item".to_string());
                }
                continue;
            }
            other => {
                let keys = ["proof", "ref", "url", "path", "kind", "date", "sha256"];
                let near = suggest::closest(other, keys)
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown evidence attribute `{other}`: {near}attributes are {}",
                    suggest::list(&keys)
                ));
            }
        };
        set(slot, &key, text(value))?;
    }
    check_evidence_item(&e)?;
    Ok(e)
}

pub(super) fn set(slot: &mut Option<String>, key: &str, value: String) -> Result<(), String> {
    match slot.replace(value) {
        Some(_) => Err(format!("`{key}` given twice in one item")),
        None => Ok(()),
    }
}
