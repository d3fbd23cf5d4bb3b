//! Submission documents (SPEC §5): one per product, and one (`"product":
//! null`) for the organization's commitments, built from the manifest, the
//! referentials in use and the evaluation.
//!
//! A document carries no timestamp: the sha256 of its canonical JSON is both
//! its `Idempotency-Key` and the receipt's `digest`, so an unchanged product
//! submitted again is recognised by the registry as the same document.
//!
//! Documents are schema 2: their canonical JSON is exactly RFC 8785 (JSON
//! Canonicalization Scheme), written by the `serde_json_canonicalizer`
//! crate, so that anyone with a JCS library recomputes a digest. Receipts
//! kept from schema 1 documents hold a digest of the schema 1 rule, which
//! [`canonical_json`] still writes (for `status` comparing an old receipt):
//! UTF-8, no whitespace outside strings, object keys sorted by their bytes
//! at every depth, strings escaped as serde_json escapes them (`\"`, `\\`,
//! `\b`, `\f`, `\n`, `\r`, `\t`, other controls as `\u00xx`), integers in
//! plain decimal, other numbers in serde_json's shortest round-trip form
//! (`1.0`, `0.83`). [`document_json`] picks the rule from the document's
//! `schema`. The reference registry implements both rules on its own; tests
//! check that both sides give the same digests and the published RFC 8785
//! vectors.

use serde::Serialize;
use serde_json::Value;

use crate::catalogue::{sha256_hex, Resolved};
use crate::engine::{Counts, Evaluation};
use crate::manifest::{Declaration, Evidence, Manifest};

/// The schema of the documents this client writes.
pub const SCHEMA: u32 = 2;

#[derive(Serialize)]
struct Document<'a> {
    schema: u32,
    organization: Organization<'a>,
    product: Option<Product<'a>>,
    referentials: Vec<Referential<'a>>,
    declarations: Vec<DeclarationDoc<'a>>,
    counts: &'a Counts,
}

#[derive(Clone, Copy, Serialize)]
struct Organization<'a> {
    siren: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Product<'a> {
    id: &'a str,
    name: &'a str,
    version: &'a str,
    kind: &'a str,
    services: &'a [String],
    profiles: &'a [String],
}

#[derive(Clone, Serialize)]
struct Referential<'a> {
    id: &'a str,
    version: String,
    sha256: &'a str,
}

#[derive(Serialize)]
struct DeclarationDoc<'a> {
    requirement: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    declared: Option<String>,
    evidence: Vec<EvidenceDoc<'a>>,
}

#[derive(Serialize)]
struct EvidenceDoc<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    proof: Option<&'a str>,
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
}

/// One document ready to send.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    /// The product, or `None` for the organization's commitments.
    pub product: Option<String>,
    pub document: Value,
    /// Canonical JSON of `document`: the request body.
    pub body: String,
    /// sha256 of `body`: the `Idempotency-Key`.
    pub digest: String,
}

impl Submission {
    fn new(product: Option<String>, document: Value) -> Submission {
        let body = document_json(&document);
        let digest = sha256_hex(body.as_bytes());
        Submission {
            product,
            document,
            body,
            digest,
        }
    }

    /// `product id`, or `(organization)` for the commitments.
    pub fn label(&self) -> &str {
        self.product.as_deref().unwrap_or("(organization)")
    }
}

/// The documents of an evaluation: the organization's commitments first,
/// then each evaluated product in manifest order.
pub fn submissions(
    manifest: &Manifest,
    referentials: &[Resolved],
    evaluation: &Evaluation,
) -> Vec<Submission> {
    let organization = Organization {
        siren: &manifest.organization.siren,
        name: &manifest.organization.name,
    };
    let refs: Vec<Referential<'_>> = referentials
        .iter()
        .map(|r| Referential {
            id: &r.doc.id,
            version: r.doc.version.to_string(),
            sha256: &r.sha256,
        })
        .collect();
    let to_value = |doc: &Document<'_>| serde_json::to_value(doc).expect("documents serialise");
    let mut out = Vec::with_capacity(evaluation.products.len() + 1);
    let commitments = Document {
        schema: SCHEMA,
        organization,
        product: None,
        referentials: refs.clone(),
        declarations: manifest.commitments.iter().map(declaration).collect(),
        counts: &evaluation.organization,
    };
    out.push(Submission::new(None, to_value(&commitments)));
    for (i, counts) in &evaluation.products {
        let p = &manifest.products[*i];
        let doc = Document {
            schema: SCHEMA,
            organization,
            product: Some(Product {
                id: &p.id.value,
                name: &p.name,
                version: &p.version,
                kind: &p.kind,
                services: &p.services,
                profiles: &p.profiles,
            }),
            referentials: refs.clone(),
            declarations: manifest
                .declarations
                .iter()
                .filter(|d| d.product.as_ref().is_some_and(|x| x.value == p.id.value))
                .map(declaration)
                .collect(),
            counts,
        };
        out.push(Submission::new(Some(p.id.value.clone()), to_value(&doc)));
    }
    out
}

/// The document withdrawing a product (SPEC §5): like every document it
/// carries no timestamp, so withdrawing the same product again is a replay
/// of the same document.
pub fn withdrawal(manifest: &Manifest, product: &str) -> Submission {
    let document = serde_json::json!({
        "schema": 2,
        "organization": {
            "siren": manifest.organization.siren,
            "name": manifest.organization.name,
        },
        "product": { "id": product },
        "withdrawn": true,
    });
    Submission::new(Some(product.to_string()), document)
}

/// The document choosing whether the organization is listed in the
/// registry's public directory (`public`) or not (SPEC §5, §9): like a
/// withdrawal it carries no timestamp, so choosing again what was chosen
/// before is a replay, which makes that choice the current one again.
pub fn directory_choice(manifest: &Manifest, public: bool) -> Submission {
    let document = serde_json::json!({
        "schema": 2,
        "organization": {
            "siren": manifest.organization.siren,
            "name": manifest.organization.name,
        },
        "directory": if public { "public" } else { "private" },
    });
    Submission::new(None, document)
}

/// The digest `document` would have as a document of `schema` and, when
/// given, with the `counts` of another evaluation. With the same schema and
/// counts of an evaluation on another date, it equals that evaluation's
/// digest when only the date moved the counts; as schema 1, it is the
/// digest an earlier charte gave the same declarations.
pub fn digest_as(document: &Value, schema: u64, counts: Option<&Value>) -> String {
    let mut other = document.clone();
    if let Some(members) = other.as_object_mut() {
        members.insert("schema".to_string(), Value::from(schema));
        if let Some(counts) = counts {
            members.insert("counts".to_string(), counts.clone());
        }
    }
    sha256_hex(document_json(&other).as_bytes())
}

fn declaration(d: &Declaration) -> DeclarationDoc<'_> {
    DeclarationDoc {
        requirement: d.requirement.value.to_string(),
        status: d.status.value.as_str(),
        justification: d.justification.as_deref(),
        due: d.due.as_ref().map(|x| x.value.to_string()),
        declared: d.declared.as_ref().map(|x| x.value.to_string()),
        evidence: d.evidence.iter().map(evidence).collect(),
    }
}

fn evidence(e: &Evidence) -> EvidenceDoc<'_> {
    EvidenceDoc {
        proof: e.proof.as_deref(),
        reference: e.reference.as_deref(),
        url: e.url.as_deref(),
        path: e.path.as_ref().map(|p| p.value.as_str()),
        kind: e.kind.as_deref(),
        date: e.date.as_ref().map(|x| x.value.to_string()),
        sha256: e.sha256.as_deref(),
    }
}

/// The canonical JSON of a submission document under the rule its
/// `schema` asks: the schema 1 rule for a schema 1 document, RFC 8785 for
/// any later one.
pub fn document_json(document: &Value) -> String {
    if document.get("schema").and_then(Value::as_u64) == Some(1) {
        canonical_json(document)
    } else {
        jcs(document)
    }
}

/// The RFC 8785 text of a value.
pub fn jcs(value: &Value) -> String {
    serde_json_canonicalizer::to_string(value).expect("a JSON value always serialises")
}

/// The canonical JSON text of a value under the rule of schema 1 (see the
/// module documentation).
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                out.push_str(&u.to_string());
            } else if let Some(i) = n.as_i64() {
                out.push_str(&i.to_string());
            } else {
                let f = n.as_f64().filter(|f| f.is_finite());
                out.push_str(&f.map_or("null".to_string(), |f| Value::from(f).to_string()));
            }
        }
        // serde_json escapes strings exactly as the rule says.
        Value::String(s) => out.push_str(&Value::String(s.clone()).to_string()),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            // Sorted here, whatever serde_json's map keeps.
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, member)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_value(member, out);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_withdrawal_names_the_product_only() {
        let manifest = crate::manifest::parse(&crate::diag::Source::new(
            "charte.toml",
            "schema = 1\n[organization]\nname = \"Exemple \\\"Santé\\\" SAS\"\nsiren = \"732829320\"\ncontact = \"c@exemple.fr\"\n[referentials]\nuse = [\"ins\"]\n"
                .to_string(),
        ))
        .unwrap();
        let w = withdrawal(&manifest, "exemple-lgc");
        assert_eq!(
            w.body,
            r#"{"organization":{"name":"Exemple \"Santé\" SAS","siren":"732829320"},"product":{"id":"exemple-lgc"},"schema":2,"withdrawn":true}"#
        );
        assert_eq!(w.digest, sha256_hex(w.body.as_bytes()));
        assert_eq!(w.product.as_deref(), Some("exemple-lgc"));
    }

    #[test]
    fn a_directory_choice_names_the_organization_and_the_choice_only() {
        let manifest = crate::manifest::parse(&crate::diag::Source::new(
            "charte.toml",
            "schema = 1\n[organization]\nname = \"Exemple\"\nsiren = \"732829320\"\ncontact = \"c@exemple.fr\"\n[referentials]\nuse = [\"ins\"]\n"
                .to_string(),
        ))
        .unwrap();
        let choice = directory_choice(&manifest, true);
        assert_eq!(choice.product, None);
        assert_eq!(
            choice.body,
            r#"{"directory":"public","organization":{"name":"Exemple","siren":"732829320"},"schema":2}"#
        );
        assert_ne!(directory_choice(&manifest, false).digest, choice.digest);
    }

    #[test]
    fn canonical_json_sorts_keys_and_has_no_whitespace() {
        let v = json!({ "b": [1, 2.5, "é\n\u{1}"], "a": { "z": null, "y": true }, "c": 1.0 });
        assert_eq!(
            canonical_json(&v),
            "{\"a\":{\"y\":true,\"z\":null},\"b\":[1,2.5,\"é\\n\\u0001\"],\"c\":1.0}"
        );
    }

    /// The published RFC 8785 vectors (`tests/data/jcs/README.md`).
    #[test]
    fn rfc_8785_vectors() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/jcs");
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
            assert_eq!(jcs(&value), output, "{name}");
        }
    }

    #[test]
    fn the_schema_picks_the_rule() {
        let one = json!({ "schema": 1, "counts": { "conformity": 1.0, "n": 1e21 } });
        let two = json!({ "schema": 2, "counts": { "conformity": 1.0, "n": 1e21 } });
        assert_eq!(
            document_json(&one),
            r#"{"counts":{"conformity":1.0,"n":1e+21},"schema":1}"#
        );
        assert_eq!(
            document_json(&two),
            r#"{"counts":{"conformity":1,"n":1e+21},"schema":2}"#
        );
    }

    /// RFC 8785 Appendix B: of two shortest forms equally near, the even one.
    #[test]
    fn rfc_8785_breaks_ties_to_even() {
        let value = json!([
            f64::from_bits(0x4314_3ff3_c1cb_0959),
            1e-7,
            0.000001,
            1e21,
            1e20
        ]);
        assert_eq!(
            jcs(&value),
            "[1424953923781206.2,1e-7,0.000001,1e+21,100000000000000000000]"
        );
    }
}
