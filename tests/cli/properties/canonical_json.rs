//! The client and the registry write the same canonical JSON of any JSON
//! value. Both hash it: the digest is the submission's `Idempotency-Key`
//! and its receipt's `digest`, so one byte of difference makes the
//! registry refuse a right key or store a document twice.

use charte::registry::document::{canonical_json, jcs};
use charte_registry::{to_canonical_json, to_jcs};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Number, Value};

use super::config;

/// Pieces of strings: every escape the rule names, the controls around
/// them, characters some writers escape and others do not (`/`, U+007F,
/// U+2028, U+2029), characters outside the Basic Multilingual Plane up to
/// U+10FFFF, and text that looks like an escape without being one.
const STRING_PIECES: &[&str] = &[
    "a",
    "Z",
    " ",
    "\"",
    "\\",
    "/",
    "\u{0}",
    "\u{1}",
    "\u{8}",
    "\t",
    "\n",
    "\u{b}",
    "\u{c}",
    "\r",
    "\u{1b}",
    "\u{1f}",
    "\u{7f}",
    "\u{80}",
    "\u{9f}",
    "\u{a0}",
    "é",
    "€",
    "中文",
    "\u{2028}",
    "\u{2029}",
    "\u{e000}",
    "\u{fb01}",
    "\u{feff}",
    "\u{ff61}",
    "\u{fffd}",
    "\u{ffff}",
    "\u{10000}",
    "😀",
    "🩺",
    "\u{1f3fb}",
    "\u{10ffff}",
    "\\u2028",
    "\\ud83d",
    "\\n",
    "\\\"",
    "</script>",
];

/// A string of pieces and arbitrary characters.
fn string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => select(STRING_PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// Keys whose order by UTF-16 code units (RFC 8785's) is not their order by
/// code points: U+E000 to U+FFFF come before U+10000 and above by code
/// point, after them by UTF-16 (surrogates are U+D800 to U+DFFF).
const KEYS: &[&str] = &[
    "",
    "a",
    "A",
    "a\u{0}",
    "é",
    "\u{e000}",
    "\u{ff61}",
    "\u{ffff}",
    "\u{10000}",
    "😀",
    "\u{10ffff}",
    "a\u{ff61}",
    "a😀",
    "schema",
    "counts",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(KEYS).prop_map(str::to_string),
        1 => string(),
    ]
}

/// Floats that writers tell apart: integers written as floats, the
/// thresholds where shortest forms switch to exponents, the extremes and
/// subnormals, negative zero.
const FLOATS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.1,
    0.5,
    100.0,
    1e-7,
    1e-6,
    1e15,
    1e16,
    1e20,
    1e21,
    1e22,
    1e300,
    123_456_789_012_345_680_000.0,
    9_007_199_254_740_992.0,
    9_007_199_254_740_994.0,
    18_446_744_073_709_551_616.0,
    -9_223_372_036_854_775_808.0,
    0.300_000_000_000_000_04,
    0.833_333_333_333_333_4,
    f64::EPSILON,
    f64::MAX,
    f64::MIN,
    f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
];

/// Numbers as a parser reads them: integers in and out of the range of
/// `u64` and `i64`, negative zero, exponents, long fractions.
const NUMBER_TEXTS: &[&str] = &[
    "0",
    "-0",
    "-0.0",
    "0e0",
    "1.0",
    "1e2",
    "1E-7",
    "2.50",
    "123e-2",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "1844.6744073709551616",
    "1e-400",
    "4.9406564584124654e-324",
    "1.7976931348623157e308",
];

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        select(FLOATS).prop_map(Value::from),
        // Every finite f64, by its bits: any exponent, subnormals.
        any::<u64>().prop_filter_map("not finite", |bits| {
            Number::from_f64(f64::from_bits(bits)).map(Value::Number)
        }),
        // Integers held as floats.
        any::<i64>().prop_map(|i| Value::from(i as f64)),
        any::<i32>().prop_map(|i| Value::from(f64::from(i))),
        select(NUMBER_TEXTS).prop_map(|text| serde_json::from_str(text).unwrap()),
        // Numbers as written by hand: sign, digits, fraction, exponent.
        (
            any::<bool>(),
            vec(0u8..10, 1..25),
            vec(0u8..10, 0..25),
            proptest::option::of(-330i32..330),
        )
            .prop_filter_map("out of range", |(minus, int, frac, exp)| {
                let digits = |d: &[u8]| d.iter().map(|d| char::from(b'0' + d)).collect::<String>();
                let mut text = String::new();
                if minus {
                    text.push('-');
                }
                text.push_str(digits(&int).trim_start_matches('0'));
                if text.is_empty() || text == "-" {
                    text.push('0');
                }
                if !frac.is_empty() {
                    text.push('.');
                    text.push_str(&digits(&frac));
                }
                if let Some(exp) = exp {
                    text.push_str(&format!("e{exp}"));
                }
                serde_json::from_str::<Value>(&text).ok()
            }),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        4 => number(),
        4 => string().prop_map(Value::String),
    ]
}

/// An object of the members in the order given; a repeated key keeps its
/// last value, as a parser does.
fn object(members: Vec<(String, Value)>) -> Value {
    let mut map = Map::new();
    for (k, v) in members {
        map.insert(k, v);
    }
    Value::Object(map)
}

/// Arrays and objects a few levels deep.
fn tree() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((key(), inner), 0..6).prop_map(object),
        ]
    })
}

/// A tree under 30 to 45 levels of arrays and objects, with a sibling now
/// and then.
fn deep() -> impl Strategy<Value = Value> {
    let level = (
        any::<bool>(),
        key(),
        proptest::option::weighted(0.2, leaf()),
    );
    (vec(level, 30..45), tree()).prop_map(|(levels, mut value)| {
        for (array, key, sibling) in levels {
            value = match (array, sibling) {
                (true, None) => Value::Array(vec![value]),
                (true, Some(s)) => Value::Array(vec![s, value]),
                (false, None) => object(vec![(key, value)]),
                (false, Some(s)) => object(vec![(format!("{key}~"), s), (key, value)]),
            };
        }
        value
    })
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![4 => tree(), 1 => deep()]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_client_and_the_registry_write_the_same_canonical_json(value in value()) {
        let client = canonical_json(&value);
        let registry = to_canonical_json(&value);
        prop_assert_eq!(&client, &registry, "value: {:?}", value);
    }

    /// Schema 2 documents: the client's RFC 8785 crate and the registry's
    /// own writer agree.
    #[test]
    fn the_client_and_the_registry_write_the_same_rfc_8785(value in value()) {
        prop_assert_eq!(jcs(&value), to_jcs(&value), "value: {:?}", value);
    }

    /// Every finite f64, whatever its bits: ECMAScript's shortest form has
    /// ties that a shortest round-trip writer breaks the other way.
    #[test]
    fn the_client_and_the_registry_write_every_float_alike(bits in any::<u64>()) {
        let float = f64::from_bits(bits);
        prop_assume!(float.is_finite() && float != 0.0);
        let value = json!([float]);
        prop_assert_eq!(jcs(&value), to_jcs(&value), "bits: {:016x}", bits);
    }
}

/// Schema 1 is not RFC 8785: keys are in code-point order, where RFC 8785
/// sorts them by UTF-16 code units (U+10000 and above before U+E000 to
/// U+FFFF). SPEC §5 keeps hashing schema 1 documents so; only schema 2
/// moves to RFC 8785.
#[test]
fn schema_1_sorts_keys_by_code_point_not_by_utf16() {
    let value = json!({ "\u{10000}": 2, "\u{ff61}": 1, "a": 0, "\u{10ffff}": 3 });
    let text = "{\"a\":0,\"\u{ff61}\":1,\"\u{10000}\":2,\"\u{10ffff}\":3}";
    assert_eq!(canonical_json(&value), text);
    assert_eq!(to_canonical_json(&value), text);
}

/// Floats are written as the serde_json of `Cargo.lock` writes them, which
/// is not RFC 8785 either (`1.0` there is `1`). Since serde_json writes
/// floats with zmij rather than ryu, a positive exponent has its sign
/// (`1e+21`, where ryu wrote `1e21`): the digest of a document holding such
/// a number depends on that form, so a change of it must not go unseen.
#[test]
fn floats_keep_the_form_serde_json_writes() {
    let value = json!([1.0, -0.0, 0.5, 1e-5, 1e-7, 5e-324, 1e15, 1e16, 1e21, 1.5e300]);
    let text = "[1.0,-0.0,0.5,0.00001,1e-7,5e-324,1000000000000000.0,1e+16,1e+21,1.5e+300]";
    assert_eq!(canonical_json(&value), text);
    assert_eq!(to_canonical_json(&value), text);
}
