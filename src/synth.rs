//! Synthetic manifests of any size, for benchmarks and scale tests: products
//! of several kinds declaring every requirement that applies to them, with a
//! realistic mix of statuses and evidence. Deterministic.

use std::fmt::Write as _;

use crate::catalogue::{Embedded, Referential, Scope};

/// A referential document `synthese` of `count` product requirements, most
/// mandatory, each with a required proof, some with an age limit, a few not
/// yet effective: so that every declaration of a synthetic manifest applies.
pub fn referential(count: usize) -> String {
    let mut out = String::from(
        "schema = 1\nid = \"synthese\"\nversion = \"1.0.0\"\nlabel = \"Référentiel synthétique (extrait illustratif pour les mesures)\"\nscope = \"product\"\nsource = \"https://esante.gouv.fr\"\n",
    );
    for i in 0..count {
        let nature = if i % 5 == 4 {
            "preconisation"
        } else {
            "exigence"
        };
        let _ = write!(
            out,
            "\n[[requirement]]\nid = \"SYN.{:02}/REQ.{i:03}\"\nsection = \"SYN.{:02}\"\ntitle = \"Exigence synthétique numéro {i}\"\nnature = \"{nature}\"\ncriticality = \"majeure\"\n",
            i % 12,
            i % 12
        );
        if i % 40 == 39 {
            out.push_str("effective = 2027-06-01\n");
        }
        let _ = write!(
            out,
            "[[requirement.proof]]\nid = \"SYN/REQ.{i:03}.01\"\nkind = \"test-run\"\nrequired = true\n"
        );
        if i % 3 == 0 {
            out.push_str("max-age-days = 365\n");
        }
    }
    out
}

/// A manifest whose `products` products each declare the first
/// `per_product` requirements of `docs` that apply to them.
pub fn manifest(products: usize, per_product: usize, docs: &[Referential]) -> String {
    let uses: Vec<String> = docs.iter().map(|d| format!("\"{}\"", d.id)).collect();
    let mut out = String::with_capacity(products.saturating_mul(per_product.min(1000)) * 400);
    let _ = write!(
        out,
        "schema = 1\n\n[organization]\nname = \"Synthèse Santé SAS\"\nsiren = \"732829320\"\ncontact = \"conformite@synthese.fr\"\n\n[referentials]\nuse = [{}]\n",
        uses.join(", ")
    );
    let kinds = ["lgc", "dpi", "pfi", "ris", "mes-app", "lgo", "sgl", "dui"];
    let services: Vec<String> = [
        "dmp",
        "mssante",
        "insi",
        "pro-sante-connect",
        "e-prescription",
        "apcv",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let profiles = vec!["centres-de-sante".to_string()];
    for p in 0..products {
        let _ = write!(
            out,
            "\n[[product]]\nid = \"produit-{p:03}\"\nname = \"Produit {p}\"\nversion = \"{}.{}.0\"\nkind = \"{}\"\nservices = [\"dmp\", \"mssante\", \"insi\", \"pro-sante-connect\", \"e-prescription\", \"apcv\"]\nprofiles = [\"centres-de-sante\"]\n",
            1 + p % 7,
            p % 10,
            kinds[p % kinds.len()]
        );
    }
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for p in 0..products {
        let kind = kinds[p % kinds.len()];
        let applicable = docs
            .iter()
            .filter(|d| d.scope == Scope::Product)
            .flat_map(|d| d.requirements.iter().map(move |r| (d, r)))
            .filter(|(_, r)| r.applies_to.mismatch(kind, &services, &profiles).is_none())
            .take(per_product);
        for (doc, req) in applicable {
            let status = match next() % 100 {
                0..=79 => "conform",
                80..=87 => "planned",
                88..=92 => "partial",
                93..=96 => "not-applicable",
                _ => "non-conform",
            };
            let _ = write!(
                out,
                "\n[[declaration]]\nproduct = \"produit-{p:03}\"\nrequirement = \"{}:{}\"\nstatus = \"{status}\"\ndeclared = 2026-0{}-1{}\n",
                doc.id,
                req.id,
                1 + next() % 9,
                next() % 10
            );
            match status {
                "planned" => {
                    let _ = writeln!(out, "due = 2027-0{}-15", 1 + next() % 9);
                }
                "conform" => {}
                _ => {
                    let _ = writeln!(
                        out,
                        "justification = \"Travaux engagés avec l'équipe produit ; livraison prévue dans la prochaine version majeure.\""
                    );
                }
            }
            out.push_str("evidence = [\n");
            for proof in &req.proofs {
                let _ = writeln!(
                    out,
                    "  {{ proof = \"{}\", ref = \"RUN-{:08}\", date = 2026-0{}-0{} }},",
                    proof.id,
                    next() % 100_000_000,
                    1 + next() % 9,
                    1 + next() % 9
                );
            }
            let _ = writeln!(
                out,
                "  {{ url = \"https://preuves.synthese.fr/{}/{}\", date = 2026-05-04 }},\n]",
                doc.id,
                next() % 1_000_000
            );
        }
    }
    out
}

/// The newest version of every embedded referential.
pub fn newest_embedded() -> Vec<Referential> {
    let index = Embedded::index().expect("embedded index");
    index
        .referentials
        .iter()
        .filter_map(|entry| {
            entry
                .versions
                .iter()
                .max_by(|a, b| a.version.cmp(&b.version))
        })
        .map(|v| {
            let bytes = Embedded::file(&v.url).expect("embedded document");
            Referential::parse(std::str::from_utf8(bytes).expect("UTF-8")).expect("valid document")
        })
        .collect()
}
