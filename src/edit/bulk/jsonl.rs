//! JSONL import files: one object per line, with the manifest's keys.

use serde::{Deserialize, Deserializer, Serialize};

use super::rows::{push_row, RawEvidence, RawRow};
use super::{Lines, Parsed};
use crate::diag::{Diagnostic, Span};
use crate::suggest;

/// A row as `export` writes it.
#[derive(Debug, Default, Serialize)]
pub(super) struct JsonRow {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) product: Option<String>,
    pub(super) requirement: String,
    pub(super) status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) justification: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) declared: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) evidence: Vec<JsonEvidence>,
}

/// A row as `import` reads it: a key absent (`None`) leaves the field of
/// a declaration alone, `null` (`Some(None)`) clears it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonIn {
    #[serde(default)]
    product: Option<String>,
    requirement: String,
    #[serde(default, deserialize_with = "given")]
    status: Option<Option<String>>,
    #[serde(default, deserialize_with = "given")]
    justification: Option<Option<String>>,
    #[serde(default, deserialize_with = "given")]
    due: Option<Option<String>>,
    #[serde(default, deserialize_with = "given")]
    declared: Option<Option<String>>,
    #[serde(default, deserialize_with = "given")]
    evidence: Option<Option<Vec<JsonEvidence>>>,
    // The read-only keys of `export --missing`.
    #[serde(default, rename = "title")]
    _title: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "proofs")]
    _proofs: Option<serde::de::IgnoredAny>,
}

/// A key serde refused, where it is in the line, and the keys allowed there.
struct UnknownKey {
    key: String,
    /// The byte offset of its opening quote in the line.
    at: usize,
    expected: Vec<String>,
}

/// serde's "unknown field `x`, expected one of `a`, `b`" for the line read
/// up to where it stopped (just after the key).
fn unknown_key(message: &str, before: &str) -> Option<UnknownKey> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected: Vec<String> = rest
        .split('`')
        .skip(1)
        .step_by(2)
        // The read-only keys of `export --missing` are accepted, not offered.
        .filter(|k| !["title", "proofs"].contains(k))
        .map(str::to_string)
        .collect();
    let quoted = serde_json::to_string(key).ok()?;
    let at = before.rfind(&quoted)?;
    Some(UnknownKey {
        key: key.to_string(),
        at,
        expected,
    })
}

/// A key that is present, `null` or not.
fn given<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct JsonEvidence {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) proof: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) kind: Option<String>,
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub(super) reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) date: Option<String>,
}

pub(super) fn parse_jsonl(bytes: &[u8], lines: &Lines<'_>, parsed: &mut Parsed) {
    for (i, line_bytes) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = i + 1;
        let span = lines.span(line);
        if line_bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Ok(text) = std::str::from_utf8(line_bytes) else {
            parsed.problems.push(
                Diagnostic::new("this line is not valid UTF-8", span)
                    .label("invalid bytes")
                    .help("save the file as UTF-8"),
            );
            continue;
        };
        let row: JsonIn = match serde_json::from_str(text) {
            Ok(row) => row,
            Err(e) => {
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                let column = e.column().saturating_sub(1).min(span.end() - span.start());
                let at = span.start() + column;
                // serde stops on the key's closing quote.
                let read = text.get(..column + 1).unwrap_or(text);
                if let Some(unknown) = unknown_key(message, read) {
                    let start = span.start() + unknown.at;
                    let help = match suggest::closest(
                        &unknown.key,
                        unknown.expected.iter().map(String::as_str),
                    ) {
                        Some(near) => format!(
                            "did you mean `{near}`? keys are {}",
                            suggest::list(&unknown.expected)
                        ),
                        None => format!("keys are {}", suggest::list(&unknown.expected)),
                    };
                    parsed.problems.push(
                        Diagnostic::new(
                            format!("unknown key `{}`", unknown.key),
                            Span::from(start..start + unknown.key.len() + 2),
                        )
                        .label("unknown key")
                        .help(help),
                    );
                    continue;
                }
                parsed.problems.push(
                    Diagnostic::new(format!("not a declaration: {message}"), Span::from(at..at + 1))
                        .help("write one JSON object per line with the manifest's field names: product, requirement, status, justification, due, declared, evidence"),
                );
                continue;
            }
        };
        let given = [
            true,
            true,
            row.status.is_some(),
            row.justification.is_some(),
            row.due.is_some(),
            row.declared.is_some(),
            row.evidence.is_some(),
        ];
        let raw = RawRow {
            product: row.product.filter(|p| !p.trim().is_empty()),
            requirement: row.requirement,
            status: row.status.flatten().unwrap_or_default(),
            justification: row.justification.flatten().filter(|j| !j.trim().is_empty()),
            due: row.due.flatten(),
            declared: row.declared.flatten(),
            evidence: RawEvidence::Items(row.evidence.flatten().unwrap_or_default()),
            given,
        };
        push_row(raw, span, &[span; 7], parsed);
    }
}
