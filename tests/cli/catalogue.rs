//! The embedded catalogue is complete and consistent: every document parses,
//! ids are unique, `replaces` targets exist in an earlier version, and the
//! index's digests match the files.

use std::collections::{BTreeMap, HashSet};

use charte::catalogue::{sha256_hex, Embedded, Referential, Scope};

fn documents() -> BTreeMap<String, Vec<Referential>> {
    let index = Embedded::index().unwrap();
    let mut out: BTreeMap<String, Vec<Referential>> = BTreeMap::new();
    for entry in &index.referentials {
        for v in &entry.versions {
            let bytes = Embedded::file(&v.url).unwrap_or_else(|| panic!("{} missing", v.url));
            assert_eq!(sha256_hex(bytes), v.sha256, "index sha256 of {}", v.url);
            let doc = Referential::parse(std::str::from_utf8(bytes).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", v.url));
            assert_eq!(doc.id, entry.id, "{}", v.url);
            assert_eq!(doc.version, v.version, "{}", v.url);
            assert_eq!(doc.published, v.published, "{}", v.url);
            out.entry(entry.id.clone()).or_default().push(doc);
        }
    }
    out
}

#[test]
fn every_file_is_listed_in_the_index_and_every_entry_has_a_file() {
    let index = Embedded::index().unwrap();
    let listed: HashSet<&str> = index
        .referentials
        .iter()
        .flat_map(|r| r.versions.iter().map(|v| v.url.as_str()))
        .collect();
    for (path, _) in Embedded::files() {
        if path.ends_with(".toml") {
            assert!(listed.contains(path), "{path} is not in index.json");
        }
    }
    documents();
}

#[test]
fn documents_are_consistent() {
    let docs = documents();
    let kinds = charte::manifest::KINDS;
    let proof_kinds = [
        "test-run",
        "video",
        "screenshots",
        "attestation",
        "certificate",
        "pentest-report",
        "document",
    ];
    let mut total = 0;
    for (id, versions) in &docs {
        let mut sorted: Vec<&Referential> = versions.iter().collect();
        sorted.sort_by(|a, b| a.version.cmp(&b.version));
        for (i, doc) in sorted.iter().enumerate() {
            assert!(
                doc.label.contains("extrait") || doc.label.contains("excerpt"),
                "{id} {}: label must say it is an excerpt",
                doc.version
            );
            assert!(doc.source.is_some(), "{id} {}: no source", doc.version);
            total += doc.requirements.len();
            for req in &doc.requirements {
                for k in &req.applies_to.kinds {
                    assert!(kinds.contains(&k.as_str()), "{id}:{} kind {k}", req.id);
                }
                let mut proofs = HashSet::new();
                for p in &req.proofs {
                    assert!(proofs.insert(&p.id), "{id}:{} proof {} twice", req.id, p.id);
                    assert!(
                        proof_kinds.contains(&p.kind.as_str()),
                        "{id}:{} proof kind {}",
                        req.id,
                        p.kind
                    );
                }
                for old in &req.replaces {
                    let earlier = sorted[..i].iter().any(|d| d.requirement(old).is_some());
                    assert!(
                        earlier,
                        "{id} {}: {} replaces {old}, absent from earlier versions",
                        doc.version, req.id
                    );
                }
                if doc.scope == Scope::Organization {
                    assert!(req.applies_to.kinds.is_empty(), "{id}:{}", req.id);
                }
            }
        }
    }
    // Take the newest version of each for the size of the catalogue.
    assert!(docs.len() >= 10, "{} referentials", docs.len());
    assert!(total >= 120, "{total} requirements");
}

#[test]
fn the_catalogue_has_what_the_examples_rely_on() {
    let docs = documents();
    for id in [
        "charte-engagements",
        "ins",
        "identification-electronique",
        "mssante-clients",
        "dmp",
        "e-prescription",
        "ssi",
        "hds",
        "ethique",
        "segur-lgc",
    ] {
        assert!(docs.contains_key(id), "no {id}");
    }
    let mss = &docs["mssante-clients"];
    assert_eq!(mss.len(), 2);
    let newest = mss.iter().max_by(|a, b| a.version.cmp(&b.version)).unwrap();
    assert!(
        newest.requirements.iter().any(|r| !r.replaces.is_empty()),
        "a renumbered requirement"
    );
    assert!(
        newest.requirements.iter().any(|r| r.revised.is_some()),
        "a revised requirement"
    );
    let ssi = &docs["ssi"][0];
    let pentest = ssi.requirement("SC.SSI/GEN.18").unwrap();
    assert!(pentest
        .proofs
        .iter()
        .any(|p| p.kind == "pentest-report" && p.max_age_days == Some(365)));
    let eprescription = &docs["e-prescription"][0];
    assert!(eprescription
        .requirements
        .iter()
        .any(|r| r.effective == Some("2025-01-01".parse().unwrap())));
    assert_eq!(docs["charte-engagements"][0].scope, Scope::Organization);
    let future = docs
        .values()
        .flatten()
        .flat_map(|d| &d.requirements)
        .filter(|r| {
            r.effective
                .is_some_and(|e| e > "2026-11-23".parse().unwrap())
        })
        .count();
    assert!(future >= 6, "{future} requirements effective in the future");
}

#[test]
fn one_requirement_is_shown_with_its_text_proofs_and_dates() {
    let outside = tempfile::tempdir().unwrap();
    let a = crate::support::charte()
        .current_dir(outside.path())
        .args(["referentials", "show", "ins:INS.01"])
        .assert()
        .code(0);
    insta::assert_snapshot!(crate::support::stdout(&a));
}
