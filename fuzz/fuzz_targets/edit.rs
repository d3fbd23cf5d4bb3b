//! Format-preserving edits of a manifest that is valid. The input is a
//! manifest, optionally followed by a NUL byte and rows to import (JSONL
//! when they start with `{`, CSV otherwise). The editor must read every
//! valid manifest and write it back byte for byte; exporting its
//! declarations and importing them again must change nothing; the rows, when
//! they hold, are imported, and removing then re-adding each product is
//! done as `charte product` does: every result must stay a valid manifest.

#![no_main]

use std::collections::HashSet;

use charte::edit::bulk::{self, Format};
use charte::diag::Source;
use charte::manifest::edit::Editor;
use charte::manifest::ProductRecord;
use charte::manifest::Record;
use charte_fuzz::{plan_and_write, referentials, today, Files};
use libfuzzer_sys::fuzz_target;

fn must_parse(text: String, what: &str) {
    let source = Source::new("charte.toml", text);
    if let Err(diags) = charte::manifest::parse(&source) {
        panic!(
            "{what} leaves an invalid manifest: {diags:?}\n{}",
            source.text
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let (manifest_bytes, rows) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let Ok(text) = std::str::from_utf8(manifest_bytes) else {
        return;
    };
    let source = Source::new("charte.toml", text.to_string());
    let Ok(manifest) = charte::manifest::parse(&source) else {
        return;
    };
    let editor = Editor::parse(text).expect("the editor reads every valid manifest");
    // Byte for byte, but for mixed line endings: a CRLF file is written
    // with CRLF throughout, and toml_edit drops the `\r` of a line break
    // inside an inline table.
    let lf = |s: &str| s.replace("\r\n", "\n");
    assert_eq!(
        lf(&editor.render()),
        lf(text),
        "an untouched manifest is written as read"
    );

    // Products: set to what they are, then removed with their declarations.
    for p in &manifest.products {
        let mut editor = Editor::parse(text).expect("read above");
        let record = ProductRecord::from(p);
        editor.set_product(&record);
        assert_eq!(
            lf(&editor.render()),
            lf(text),
            "setting a product to itself changes nothing"
        );
        let mut whole = Editor::parse_whole(text).expect("read above");
        whole.set_product(&record);
        assert_eq!(
            editor.remove_declarations_of(&record.id),
            whole.remove_declarations_of(&record.id)
        );
        assert!(editor.remove_product(&record.id));
        assert!(whole.remove_product(&record.id));
        let removed = editor.render();
        assert_eq!(
            removed,
            whole.render(),
            "edited table by table, the manifest reads otherwise than edited whole"
        );
        must_parse(removed, "removing a product");
    }

    let Some(Ok(resolved)) = referentials(&manifest) else {
        return;
    };

    // `charte export | charte import -` changes nothing.
    let records: Vec<Record> = manifest
        .commitments
        .iter()
        .chain(&manifest.declarations)
        .map(Record::from)
        .collect();
    // Unless the manifest declares a key twice or for a product it does not
    // have: `check` reports those, and an import refuses them.
    let keys: HashSet<_> = records.iter().map(Record::key).collect();
    let products: HashSet<&str> = manifest
        .products
        .iter()
        .map(|p| p.id.value.as_str())
        .collect();
    let known = records
        .iter()
        .all(|r| r.product.as_deref().is_none_or(|p| products.contains(p)));
    // An import records the digest of an evidence file that has none, as
    // `charte declare` does: only a manifest whose files are all hashed
    // comes back unchanged.
    let hashed = records
        .iter()
        .flat_map(|r| &r.evidence)
        .all(|e| e.path.is_none() || e.sha256.is_some());
    // The `evidence` cell trims a proof id, the manifest keeps its spaces.
    let trimmed = records
        .iter()
        .flat_map(|r| &r.evidence)
        .all(|e| e.proof.as_deref().is_none_or(|p| p.trim() == p));
    if keys.len() == records.len() && known && hashed && trimmed {
        let mut csv = Vec::new();
        bulk::write(&records, Format::Csv, &mut csv).expect("in memory");
        let exported = bulk::parse("export.csv", &csv, Format::Csv);
        if !records.is_empty() {
            assert!(exported.problems.is_empty(), "{:?}", exported.problems);
        }
        let input = charte::commands::import::Input {
            manifest: &manifest,
            source: &source,
            referentials: &resolved,
            files: &Files,
            today: today(),
            force: false,
        };
        match charte::commands::import::plan(exported.rows, &input) {
            Ok(plan) => assert!(
                plan.writes.is_empty(),
                "re-importing the export writes {:?}",
                plan.writes
            ),
            Err(diags) => panic!("re-importing the export fails: {diags:?}"),
        }
    }

    if let Some(rows) = rows {
        let format = if rows.first() == Some(&b'{') {
            Format::Jsonl
        } else {
            Format::Csv
        };
        let parsed = bulk::parse("import", rows, format);
        plan_and_write(&manifest, &source, &resolved, &parsed.rows);
    }
});
