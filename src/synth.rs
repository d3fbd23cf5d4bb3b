//! Synthetic manifests of any size against the embedded catalogue, for
//! benchmarks and scale tests: realistic shape (products of several kinds,
//! a mix of statuses, evidence items), deterministic content.

use std::fmt::Write as _;

use crate::catalogue::{Embedded, Referential, Scope};

/// A manifest with `products` products declaring up to `per_product`
/// requirements each (every product-scope requirement of the newest version
/// of each embedded referential, cycled as needed to reach the count).
pub fn manifest(products: usize, per_product: usize) -> String {
    let docs = newest_documents();
    let uses: Vec<String> = docs.iter().map(|d| format!("\"{}\"", d.id)).collect();
    let mut out = String::with_capacity(products * per_product * 400);
    let _ = write!(
        out,
        "schema = 1\n\n[organization]\nname = \"Synthèse Santé SAS\"\nsiren = \"732829320\"\ncontact = \"conformite@synthese.fr\"\n\n[referentials]\nuse = [{}]\n",
        uses.join(", ")
    );
    let kinds = ["lgc", "dpi", "pfi", "ris", "mes-app", "lgo", "sgl", "dui"];
    for p in 0..products {
        let _ = write!(
            out,
            "\n[[product]]\nid = \"produit-{p:03}\"\nname = \"Produit {p}\"\nversion = \"{}.{}.0\"\nkind = \"{}\"\nservices = [\"dmp\", \"mssante\", \"insi\", \"pro-sante-connect\", \"e-prescription\", \"apcv\"]\nprofiles = [\"centres-de-sante\"]\n",
            1 + p % 7,
            p % 10,
            kinds[p % kinds.len()]
        );
    }
    let requirements: Vec<(&Referential, &crate::catalogue::Requirement)> = docs
        .iter()
        .filter(|d| d.scope == Scope::Product)
        .flat_map(|d| d.requirements.iter().map(move |r| (d, r)))
        .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for p in 0..products {
        for (doc, req) in requirements.iter().take(per_product) {
            let roll = next() % 100;
            let status = match roll {
                0..=74 => "conform",
                75..=82 => "planned",
                83..=88 => "partial",
                89..=93 => "not-applicable",
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
pub fn newest_documents() -> Vec<Referential> {
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
