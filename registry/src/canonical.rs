//! Canonical JSON and the submission digest: the one serialisation that the
//! registry and the `charte` client both hash, so it must be byte-identical
//! on both sides.
//!
//! # The rule (protocol v1)
//!
//! The canonical JSON of a JSON value is its UTF-8 text written as follows,
//! with no byte-order mark, no whitespace anywhere outside strings and no
//! trailing newline:
//!
//! - `null`, `true`, `false` as these literals.
//! - An object as `{`, its members separated by `,`, then `}`; a member is the
//!   key as a string, `:`, the value. Members are sorted by key, comparing the
//!   keys' UTF-8 bytes (Rust's `str` ordering, which is also code-point
//!   order), at every depth. Keys are unique: the registry refuses a
//!   document that repeats a key ([`crate::document::check_text`]), since a
//!   parser keeps only one of them.
//! - An array as `[`, its elements in their order separated by `,`, then `]`.
//! - A string as `"`, its characters, `"`, escaping exactly: `"` as `\"`,
//!   `\` as `\\`, U+0008 `\b`, U+000C `\f`, U+000A `\n`, U+000D `\r`,
//!   U+0009 `\t`, every other character below U+0020 as `\u00XX` with two
//!   lowercase hex digits; every other character (including `/`, U+007F and
//!   all non-ASCII) is written as itself in UTF-8. This is what `serde_json`
//!   writes.
//! - A number that is an integer in the range of `u64` or `i64` (as parsed
//!   by `serde_json`: written without fraction or exponent) as plain decimal
//!   (`0`, `42`, `-7`). Any other number as its `f64` value in the shortest
//!   form that reads back to the same `f64`, as `serde_json` writes floats
//!   (the `ryu` crate): `1.0`, `0.83`, `1e-7`, `1.5e300`. So `1` and `1.0`
//!   are different documents: the `counts` are integers and `conformity` is
//!   a float (`1.0`, never `1`). A negative zero (`-0`, `-0.0`) would be
//!   written `-0.0`; the registry refuses documents holding one.
//!
//! The digest of a document is the lowercase hexadecimal SHA-256 of its
//! canonical JSON. It covers the whole document as received, unknown fields
//! included. A client serialising its document with `serde_json` into a
//! `serde_json::Value` and then with [`to_canonical_json`] (or any writer
//! following the rule above) gets the same bytes and digest as the registry.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The canonical JSON text of `value` (see the module documentation).
pub fn to_canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

/// Lowercase hex SHA-256 of the canonical JSON of `value`: the submission
/// digest and `Idempotency-Key`.
pub fn digest(value: &Value) -> String {
    sha256_hex(to_canonical_json(value).as_bytes())
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hexadecimal of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => write_number(number, out),
        Value::String(text) => write_string(text, out),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            // Sort explicitly: `serde_json::Map` keeps insertion order when
            // another crate of the build enables `preserve_order`.
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (index, (key, member)) in sorted.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(member, out);
            }
            out.push('}');
        }
    }
}

fn write_number(number: &serde_json::Number, out: &mut String) {
    // Normalised through u64/i64/f64 rather than `Display`, so that the
    // result does not change if a crate of the build enables serde_json's
    // `arbitrary_precision` (which would print the number as received).
    if let Some(unsigned) = number.as_u64() {
        out.push_str(&unsigned.to_string());
    } else if let Some(signed) = number.as_i64() {
        out.push_str(&signed.to_string());
    } else if let Some(float) = number.as_f64().filter(|f| f.is_finite()) {
        // serde_json writes finite floats with ryu's shortest round-trip form.
        out.push_str(&serde_json::to_string(&float).unwrap_or_else(|_| "null".into()));
    } else {
        out.push_str("null");
    }
}

fn write_string(text: &str, out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            control if u32::from(control) < 0x20 => {
                let code = u32::from(control) as usize;
                out.push_str("\\u00");
                out.push(char::from(DIGITS[code >> 4]));
                out.push(char::from(DIGITS[code & 0x0f]));
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_at_every_depth_without_whitespace() {
        let value: Value = serde_json::from_str(
            r#"{ "b": [ {"z": 1, "a": null} ], "a": {"é": true, "e": false, "E": "x"} }"#,
        )
        .unwrap();
        assert_eq!(
            to_canonical_json(&value),
            r#"{"a":{"E":"x","e":false,"é":true},"b":[{"a":null,"z":1}]}"#
        );
    }

    #[test]
    fn numbers_follow_serde_json() {
        let value: Value =
            serde_json::from_str("[0, 42, -7, 1.0, 0.83, 1e2, 1E-7, 2.50, 18446744073709551615]")
                .unwrap();
        let text = to_canonical_json(&value);
        assert_eq!(
            text,
            "[0,42,-7,1.0,0.83,100.0,1e-7,2.5,18446744073709551615]"
        );
    }

    #[test]
    fn strings_escape_like_serde_json() {
        let text: String = (0u32..0x80)
            .filter_map(char::from_u32)
            .chain("/é€😀\u{2028}".chars())
            .collect();
        let mine = to_canonical_json(&Value::String(text.clone()));
        assert_eq!(mine, serde_json::to_string(&text).unwrap());
        assert!(mine.contains("\\u001f") && mine.contains("\\b") && mine.contains('\u{7f}'));
    }

    /// The example of docs/registry.md, checked against an independent
    /// implementation (Python's `json.dumps(sort_keys=True,
    /// separators=(",", ":"), ensure_ascii=False)`).
    #[test]
    fn golden_commitments_document() {
        let document = json!({
            "schema": 1,
            "organization": { "siren": "732829320", "name": "Exemple Santé SAS" },
            "product": null,
            "referentials": [ { "id": "charte-engagements", "version": "1.0.0", "sha256": "a".repeat(64) } ],
            "declarations": [ { "requirement": "charte-engagements:IV.2", "status": "conform", "declared": "2026-02-10",
                "evidence": [ { "url": "https://convergence.example/evaluations/4821", "date": "2026-02-10" } ] } ],
            "counts": { "applicable": 1, "conform": 1, "partial": 0, "non_conform": 0, "planned": 0,
                        "not_applicable": 0, "missing": 0, "conformity": 1.0 }
        });
        assert_eq!(
            to_canonical_json(&document),
            concat!(
                r#"{"counts":{"applicable":1,"conform":1,"conformity":1.0,"missing":0,"non_conform":0,"#,
                r#""not_applicable":0,"partial":0,"planned":0},"declarations":[{"declared":"2026-02-10","#,
                r#""evidence":[{"date":"2026-02-10","url":"https://convergence.example/evaluations/4821"}],"#,
                r#""requirement":"charte-engagements:IV.2","status":"conform"}],"#,
                r#""organization":{"name":"Exemple Santé SAS","siren":"732829320"},"product":null,"#,
                r#""referentials":[{"id":"charte-engagements","#,
                r#""sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","#,
                r#""version":"1.0.0"}],"schema":1}"#
            )
        );
        assert_eq!(
            digest(&document),
            "62689c11f31905bf65461fc8d9592408870942f409e0423bdfa956254e0726c4"
        );
    }

    #[test]
    fn canonical_form_is_a_fixed_point() {
        let value = json!({"schema": 1, "counts": {"conformity": 0.8333333333333334, "missing": 0},
                           "s": "tab\there \"quoted\" \\ \u{1}"});
        let once = to_canonical_json(&value);
        let twice = to_canonical_json(&serde_json::from_str(&once).unwrap());
        assert_eq!(once, twice);
        assert_eq!(digest(&value), sha256_hex(once.as_bytes()));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn every_float_reads_back_to_the_text_it_was_written_as() {
        // A number is hashed as the shortest form of its f64, which must be
        // the f64 nearest to the number sent. serde_json's default float
        // parser misses it on some long numbers: it read the first one here
        // one unit in the last place too high, so the registry hashed
        // another document than any other implementation of the rule would,
        // and refused a right Idempotency-Key.
        let value: Value = serde_json::from_str("[1844.6744073709551616]").unwrap();
        assert_eq!(to_canonical_json(&value), "[1844.6744073709551]");
        for text in [
            "1844.6744073709551616",
            "1844.6744073709551",
            "-9.223372036854888e18",
            "0.30000000000000004",
            "2.2250738585072014e-308",
            "1.7976931348623157e308",
            "5e-324",
        ] {
            let value: Value = serde_json::from_str(text).unwrap();
            let canonical = to_canonical_json(&value);
            let again: Value = serde_json::from_str(&canonical).unwrap();
            assert_eq!(again, value, "{text}");
            assert_eq!(to_canonical_json(&again), canonical, "{text}");
        }
    }
}
