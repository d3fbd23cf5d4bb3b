//! Canonical JSON and the submission digest: the one serialisation that the
//! registry and the `charte` client both hash, so it must be byte-identical
//! on both sides.
//!
//! A document's `schema` member picks the rule ([`document_text`]): schema 1
//! documents keep the rule below, under which every schema 1 digest ever
//! issued was computed; every later schema (withdrawals, and declarations
//! from schema 2 on) is hashed as RFC 8785 ([`to_jcs`]), so that anyone
//! with a JSON Canonicalization Scheme library recomputes the digest. The
//! RFC 8785 writer here is written from the RFC, independently of the
//! client's, and both are checked against the published test vectors
//! (`tests/data/jcs/`).
//!
//! # The rule of schema 1
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
//!   writes, and what RFC 8785 asks too.
//! - A number that is an integer in the range of `u64` or `i64` (as parsed
//!   by `serde_json`: written without fraction or exponent) as plain decimal
//!   (`0`, `42`, `-7`). Any other number as its `f64` value in the shortest
//!   form that reads back to the same `f64`, as `serde_json` writes floats:
//!   `1.0`, `0.83`, `1e-7`, `1e+16`, `1.5e+300`. So `1` and `1.0`
//!   are different documents: the `counts` are integers and `conformity` is
//!   a float (`1.0`, never `1`). A negative zero (`-0`, `-0.0`) would be
//!   written `-0.0`; the registry refuses documents holding one.
//!
//! # RFC 8785 (schema 2 and later)
//!
//! The same, except: members are sorted by their keys' UTF-16 code units
//! (U+10000 and above sort before U+E000 to U+FFFF), and every number is
//! written as its `f64` value the way ECMAScript's `Number.prototype.toString`
//! writes it: integers below 10^21 in plain decimal (`1`, not `1.0`;
//! `18446744073709551615` is `18446744073709552000`), `0.000001` but `1e-7`,
//! `1e+21`.
//!
//! The digest of a document is the lowercase hexadecimal SHA-256 of its
//! canonical JSON. It covers the whole document as received, unknown fields
//! included.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The canonical JSON text of `value` under the rule of schema 1 (see the
/// module documentation).
pub fn to_canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

/// The RFC 8785 text of `value` (see the module documentation).
pub fn to_jcs(value: &Value) -> String {
    let mut out = String::new();
    write_jcs(value, &mut out);
    out
}

/// The canonical JSON of a submission document under the rule its `schema`
/// asks: schema 1 as before, RFC 8785 for any other.
pub fn document_text(document: &Value) -> String {
    if is_schema_1(document) {
        to_canonical_json(document)
    } else {
        to_jcs(document)
    }
}

/// The canonical text of a document object of `members` plus a
/// `declarations` member that `declarations` writes in place (under the same
/// rule, [`write_under`]), so that the document never needs to be whole in
/// memory: the registry reads declarations one at a time.
pub(crate) fn write_document_with(
    members: &serde_json::Map<String, Value>,
    schema_1: bool,
    out: &mut String,
    declarations: impl FnOnce(&mut String),
) {
    const KEY: &str = "declarations";
    let mut keys: Vec<&str> = members.keys().map(String::as_str).collect();
    keys.push(KEY);
    if schema_1 {
        keys.sort_unstable();
    } else {
        keys.sort_unstable_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    }
    let mut declarations = Some(declarations);
    out.push('{');
    for (index, key) in keys.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        write_string(key, out);
        out.push(':');
        match members.get(key) {
            Some(member) => write_under(member, schema_1, out),
            None => {
                if let Some(write) = declarations.take() {
                    write(out);
                }
            }
        }
    }
    out.push('}');
}

/// `value`'s canonical text under schema 1's rule or RFC 8785's.
pub(crate) fn write_under(value: &Value, schema_1: bool, out: &mut String) {
    if schema_1 {
        write_value(value, out);
    } else {
        write_jcs(value, out);
    }
}

fn is_schema_1(document: &Value) -> bool {
    document.get("schema").and_then(Value::as_u64) == Some(1)
}

/// Lowercase hex SHA-256 of the canonical JSON of `document` (see
/// [`document_text`]): the submission digest and `Idempotency-Key`.
pub fn digest(document: &Value) -> String {
    sha256_hex(document_text(document).as_bytes())
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

fn write_jcs(value: &Value, out: &mut String) {
    match value {
        Value::Number(number) => match number.as_f64().filter(|f| f.is_finite()) {
            Some(float) => write_es_number(float, out),
            None => out.push_str("null"),
        },
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_jcs(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut sorted: Vec<(Vec<u16>, &String, &Value)> = members
                .iter()
                .map(|(key, member)| (key.encode_utf16().collect(), key, member))
                .collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            out.push('{');
            for (index, (_, key, member)) in sorted.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_jcs(member, out);
            }
            out.push('}');
        }
        scalar => write_value(scalar, out),
    }
}

/// `float` as ECMAScript's `Number.prototype.toString` writes it (ECMA-262
/// §6.1.6.1.20, which RFC 8785 §3.2.2.3 adopts): the shortest digits that
/// read back to `float`, placed by the decimal exponent.
fn write_es_number(float: f64, out: &mut String) {
    if float == 0.0 {
        out.push('0');
        return;
    }
    if float < 0.0 {
        out.push('-');
    }
    let (digits, exponent) = shortest_digits(float.abs());
    let k = digits.len() as i32;
    // The value is 0.digits × 10^n.
    let n = exponent + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n - 1 < 0 { '-' } else { '+' });
        out.push_str(&(n - 1).abs().to_string());
    }
}

/// The significant digits and decimal exponent (`d.ddd × 10^exponent`) of
/// the shortest decimal that reads back to `float` (positive, finite), the
/// one ECMAScript picks: the closest to `float` and, of two equally close,
/// the one whose last digit is even. Rust writes the shortest digits but
/// breaks that tie upwards (`1424953923781206.25` as `…206.3`, where
/// ECMAScript writes `…206.2`), so a tie is looked for in the exact value.
fn shortest_digits(float: f64) -> (String, i32) {
    let (digits, exponent) = split_scientific(&format!("{float:e}"));
    // The exact decimal value of an f64 has at most 767 significant digits.
    let (exact, exact_exponent) = split_scientific(&format!("{float:.800e}"));
    let exact = exact.trim_end_matches('0');
    let k = digits.len();
    let tie = exact_exponent == exponent
        && exact.len() == k + 1
        && exact.ends_with('5')
        && digits.ends_with(['1', '3', '5', '7', '9']);
    if tie {
        // `digits` is one of the two neighbours of the exact value: the
        // other one, when it reads back to `float` too, is even.
        let truncated = &exact[..k];
        let other = if truncated == digits {
            increment(truncated)
        } else {
            Some(truncated.to_string())
        };
        if let Some(other) = other.filter(|other| other.len() == k) {
            let text = format!("{}.{}e{exponent}", &other[..1], &other[1..]);
            if text.parse::<f64>() == Ok(float) {
                return (other, exponent);
            }
        }
    }
    (digits, exponent)
}

/// The digits and exponent of Rust's `{:e}` text `d.ddde±x`.
fn split_scientific(text: &str) -> (String, i32) {
    let (mantissa, exponent) = text
        .split_once('e')
        .expect("`{:e}` always writes an exponent");
    let digits = mantissa.chars().filter(char::is_ascii_digit).collect();
    (
        digits,
        exponent.parse().expect("`{:e}` writes a decimal exponent"),
    )
}

/// `digits` plus one in the last place, `None` when it carries past the
/// first digit.
fn increment(digits: &str) -> Option<String> {
    let mut bytes = digits.as_bytes().to_vec();
    for byte in bytes.iter_mut().rev() {
        if *byte == b'9' {
            *byte = b'0';
        } else {
            *byte += 1;
            return String::from_utf8(bytes).ok();
        }
    }
    None
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

    /// The same document as schema 2, hashed as RFC 8785 (`conformity` is
    /// `1`), checked against Python's `json.dumps(sort_keys=True,
    /// separators=(",", ":"), ensure_ascii=False)` of it, whose keys are
    /// ASCII and whose numbers are integers.
    #[test]
    fn golden_commitments_document_schema_2() {
        let document = json!({
            "schema": 2,
            "organization": { "siren": "732829320", "name": "Exemple Santé SAS" },
            "product": null,
            "referentials": [ { "id": "charte-engagements", "version": "1.0.0", "sha256": "a".repeat(64) } ],
            "declarations": [ { "requirement": "charte-engagements:IV.2", "status": "conform", "declared": "2026-02-10",
                "evidence": [ { "url": "https://convergence.example/evaluations/4821", "date": "2026-02-10" } ] } ],
            "counts": { "applicable": 1, "conform": 1, "partial": 0, "non_conform": 0, "planned": 0,
                        "not_applicable": 0, "missing": 0, "conformity": 1.0 }
        });
        assert_eq!(
            document_text(&document),
            concat!(
                r#"{"counts":{"applicable":1,"conform":1,"conformity":1,"missing":0,"non_conform":0,"#,
                r#""not_applicable":0,"partial":0,"planned":0},"declarations":[{"declared":"2026-02-10","#,
                r#""evidence":[{"date":"2026-02-10","url":"https://convergence.example/evaluations/4821"}],"#,
                r#""requirement":"charte-engagements:IV.2","status":"conform"}],"#,
                r#""organization":{"name":"Exemple Santé SAS","siren":"732829320"},"product":null,"#,
                r#""referentials":[{"id":"charte-engagements","#,
                r#""sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","#,
                r#""version":"1.0.0"}],"schema":2}"#
            )
        );
        assert_eq!(
            digest(&document),
            "90a2f12159bbc6d350bf17ce2df0c16d52fbaf177606a1a2ebc8b2405d7a9969"
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

    /// The published RFC 8785 vectors (`tests/data/jcs/README.md`).
    #[test]
    fn rfc_8785_vectors() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/jcs");
        for name in [
            "arrays",
            "french",
            "structures",
            "unicode",
            "values",
            "weird",
        ] {
            let input = std::fs::read_to_string(format!("{root}/input/{name}.json")).unwrap();
            let output = std::fs::read_to_string(format!("{root}/output/{name}.json")).unwrap();
            let value: Value = serde_json::from_str(&input).unwrap();
            assert_eq!(to_jcs(&value), output, "{name}");
        }
    }

    /// Numbers of RFC 8785 Appendix B and the ECMAScript boundaries.
    #[test]
    fn rfc_8785_numbers() {
        for (float, text) in [
            (0.0, "0"),
            (-0.0, "0"),
            (f64::from_bits(0x0000_0000_0000_0001), "5e-324"),
            (f64::from_bits(0x8000_0000_0000_0001), "-5e-324"),
            (
                f64::from_bits(0x7fef_ffff_ffff_ffff),
                "1.7976931348623157e+308",
            ),
            (f64::from_bits(0x4340_0000_0000_0000), "9007199254740992"),
            (
                f64::from_bits(0x4430_0000_0000_0000),
                "295147905179352830000",
            ),
            (
                f64::from_bits(0x44b5_2d02_c7e1_4af5),
                "9.999999999999997e+22",
            ),
            (f64::from_bits(0x44b5_2d02_c7e1_4af6), "1e+23"),
            (
                f64::from_bits(0x4415_af1d_78b5_8c3f),
                "99999999999999980000",
            ),
            (
                f64::from_bits(0x4415_af1d_78b5_8c40),
                "100000000000000000000",
            ),
            (f64::from_bits(0x3eb0_c6f7_a0b5_ed8d), "0.000001"),
            (
                f64::from_bits(0x3eb0_c6f7_a0b5_ed8c),
                "9.999999999999997e-7",
            ),
            (f64::from_bits(0x41b3_de43_5555_5553), "333333333.3333332"),
            (
                f64::from_bits(0x44b5_2d02_c7e1_4af7),
                "1.0000000000000001e+23",
            ),
            (
                f64::from_bits(0x444b_1ae4_d6e2_ef4e),
                "999999999999999700000",
            ),
            (f64::from_bits(0x444b_1ae4_d6e2_ef50), "1e+21"),
            (f64::from_bits(0x41b3_de43_5555_5554), "333333333.33333325"),
            (
                f64::from_bits(0xbecb_f647_612f_3696),
                "-0.0000033333333333333333",
            ),
            (f64::from_bits(0x4314_3ff3_c1cb_0959), "1424953923781206.2"),
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (1e16, "10000000000000000"),
            (1.0, "1"),
            (0.83, "0.83"),
            (123.456, "123.456"),
        ] {
            assert_eq!(to_jcs(&json!(float)), text, "{float:e}");
        }
        let value: Value = serde_json::from_str("[18446744073709551615, -7, 1.0, 1E2]").unwrap();
        assert_eq!(to_jcs(&value), "[18446744073709552000,-7,1,100]");
    }

    #[test]
    fn rfc_8785_sorts_keys_by_utf16_code_units() {
        let value = json!({ "\u{10000}": 2, "\u{ff61}": 1, "a": 0, "\u{10ffff}": 3 });
        assert_eq!(
            to_jcs(&value),
            "{\"a\":0,\"\u{10000}\":2,\"\u{10ffff}\":3,\"\u{ff61}\":1}"
        );
    }

    #[test]
    fn the_schema_picks_the_rule() {
        let one = json!({ "schema": 1, "counts": { "conformity": 1.0 } });
        let two = json!({ "schema": 2, "counts": { "conformity": 1.0 } });
        assert_eq!(
            document_text(&one),
            r#"{"counts":{"conformity":1.0},"schema":1}"#
        );
        assert_eq!(
            document_text(&two),
            r#"{"counts":{"conformity":1},"schema":2}"#
        );
        assert_eq!(digest(&two), sha256_hex(document_text(&two).as_bytes()));
    }
}
