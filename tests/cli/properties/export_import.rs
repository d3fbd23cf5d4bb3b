//! `export` then `import` is the identity: importing the exported rows
//! (CSV and JSONL) into the same manifest writes nothing, and importing
//! them into the manifest without its declarations recreates them.

use charte::edit::bulk::Format;
use charte::manifest::{Change, Manifest, Record};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use super::layout::write_manifest;
use super::twin::Twin;
use super::{
    config, export, generated, model, parse, plan, read_rows, same, same_text, today, values,
    write_files, Model, Values,
};
use crate::support::{charte, stdout, TODAY};

/// The records `charte export` writes: commitments, then declarations.
fn exported(m: &Manifest) -> Vec<Record> {
    m.commitments
        .iter()
        .chain(&m.declarations)
        .map(Record::from)
        .collect()
}
proptest! {
    #![proptest_config(config())]

    #[test]
    fn export_then_import_changes_nothing(m in model(), style in vec(any::<u8>(), 64)) {
        let (text, _, parsed) = generated(&m, &style)?;
        let dir = tempfile::tempdir().unwrap();
        write_files(dir.path(), m.commitments.iter().chain(&m.declarations));
        let records = exported(&parsed);

        // Upserting what is there already is no edit at all.
        let mut editor = Twin::parse(&text);
        for r in &records {
            prop_assert_eq!(editor.upsert(&r.key(), r), Change::Unchanged, "{:?}", r);
        }
        same_text(&editor.render(), &text, "upserting the declarations as they are rewrote the manifest")?;

        let without = Model {
            commitments: Vec::new(),
            declarations: Vec::new(),
            ..m.clone()
        };
        let (bare_text, _, bare) = generated(&without, &style)?;

        for format in [Format::Csv, Format::Jsonl] {
            if records.is_empty() && format == Format::Jsonl {
                // Nothing exports as an empty file, which import refuses:
                // there is no header to tell it from a wrong file.
                continue;
            }
            let bytes = export(&records, format);
            let shown = String::from_utf8_lossy(&bytes).into_owned();
            let rows = read_rows(&bytes, format).map_err(|e| {
                TestCaseError::fail(format!("{format:?} export does not read back:\n{e}\n{shown}"))
            })?;
            let read: Vec<Record> = rows.iter().map(|r| r.record.clone()).collect();
            same(&read, &records, &format!("{format:?} rows read otherwise:\n{shown}"))?;

            // (a) Into the same manifest: nothing to write.
            let again = plan(&rows, &parsed, &text, dir.path())
                .map_err(|e| TestCaseError::fail(format!("{format:?} import refused:\n{e}\n{shown}")))?;
            prop_assert_eq!(
                (again.tally.created, again.tally.updated, again.tally.unchanged),
                (0, 0, records.len()),
                "{:?}:\n{}", format, shown
            );
            let mut editor = Twin::parse(&text);
            for (key, record) in &again.writes {
                editor.upsert(key, record);
            }
            same_text(&editor.render(), &text, &format!("{format:?} import into the same manifest rewrote it"))?;

            // (b) Into the manifest without its declarations: all recreated.
            let fresh = plan(&rows, &bare, &bare_text, dir.path())
                .map_err(|e| TestCaseError::fail(format!("{format:?} import refused:\n{e}\n{shown}")))?;
            prop_assert_eq!(
                (fresh.tally.created, fresh.tally.updated, fresh.tally.unchanged),
                (records.len(), 0, 0)
            );
            let mut editor = Twin::parse(&bare_text);
            for (key, record) in &fresh.writes {
                prop_assert_eq!(editor.upsert(key, record), Change::Created);
            }
            let rebuilt = editor.render();
            let reparsed = parse(&rebuilt)
                .map_err(|e| TestCaseError::fail(format!("{format:?} import left an invalid manifest:\n{e}\n{rebuilt}")))?;
            // An undated row is dated with the evaluation date.
            let dated = |records: &[Record]| -> Vec<Record> {
                records
                    .iter()
                    .map(|r| Record { declared: r.declared.or(Some(today())), ..r.clone() })
                    .collect()
            };
            let original = values(&parsed);
            same(
                &values(&reparsed),
                &Values {
                    products: original.products,
                    commitments: dated(&original.commitments),
                    declarations: dated(&original.declarations),
                },
                &format!("{format:?} import into the manifest without declarations:\n{shown}\n{rebuilt}"),
            )?;
            if text.contains("\r\n") {
                prop_assert!(!rebuilt.replace("\r\n", "").contains('\n'), "CRLF lost:\n{}", rebuilt);
            }
        }
    }
}

// ── Once through the binary ─────────────────────────────────────────────

/// `charte export | charte import -` on a generated manifest, through the
/// binary: the commands agree with the functions the properties check.
#[test]
fn export_import_through_the_binary_changes_nothing() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    let seed = [7u8; 32];
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    let strategy = (model(), vec(any::<u8>(), 64)).prop_filter("some declarations", |(m, _)| {
        m.declarations.len() + m.commitments.len() >= 3
    });
    let (m, style) = strategy.new_tree(&mut runner).unwrap().current();
    let (text, _) = write_manifest(&m, &style);
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), m.commitments.iter().chain(&m.declarations));
    let path = dir.path().join("charte.toml");
    std::fs::write(&path, &text).unwrap();
    let command = |args: &[&str]| {
        let mut cmd = charte();
        cmd.args(["--today", TODAY, "--manifest"])
            .arg(&path)
            .args(args);
        cmd
    };
    let rows = m.declarations.len() + m.commitments.len();
    for format in ["csv", "jsonl"] {
        let exported = command(&["export", "--format", format]).assert().success();
        let imported = command(&["import", "-", "--format", format])
            .write_stdin(exported.get_output().stdout.clone())
            .assert()
            .success();
        assert_eq!(
            stdout(&imported),
            format!("imported <stdin>: 0 created, 0 updated, {rows} unchanged\n")
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }
}
