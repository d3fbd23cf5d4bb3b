use super::evidence_cell::{escape, unescape, ESCAPES, PROOF_ESCAPES};
use super::*;
use crate::manifest::EvidenceItem;

fn item(attrs: &str) -> EvidenceItem {
    parse_evidence_item(attrs).unwrap()
}

#[test]
fn evidence_cells_round_trip() {
    let items = vec![
        EvidenceItem {
            proof: Some("MSS/CONF.01.01.01".into()),
            reference: Some("MSS-LPS-SEGUR-GEN#48213".into()),
            date: Some("2026-03-02".parse().unwrap()),
            ..EvidenceItem::default()
        },
        EvidenceItem {
            url: Some("https://x.example/a%20b;c|d?q=%3B".into()),
            ..EvidenceItem::default()
        },
        EvidenceItem {
            path: Some("preuves/a.pdf".into()),
            sha256: Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into()),
            kind: Some("pentest-report".into()),
            ..EvidenceItem::default()
        },
        EvidenceItem {
            reference: Some(" CNDA homologation, NIL 265672; 100% ".into()),
            ..EvidenceItem::default()
        },
    ];
    let cell = format_evidence(&items);
    assert_eq!(
        cell,
        "proof:MSS/CONF.01.01.01=MSS-LPS-SEGUR-GEN#48213|date:2026-03-02;url:https://x.example/a%20b%3Bc%7Cd?q=%253B;kind:pentest-report|path:preuves/a.pdf|sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08;ref: CNDA homologation, NIL 265672%3B 100% "
    );
    assert_eq!(parse_evidence(&cell).unwrap(), items);
}

#[test]
fn escapes_are_exact() {
    for s in [
        "%", "%%3B", "a%253Bb", "%2;", "%;|", "100%", "%7c%7C", "x%3dy",
    ] {
        assert_eq!(unescape(&escape(s, ESCAPES), ESCAPES), s, "{s}");
        assert_eq!(unescape(&escape(s, PROOF_ESCAPES), PROOF_ESCAPES), s, "{s}");
    }
}

#[test]
fn the_spec_example_reads_as_two_items() {
    let items = parse_evidence(
        "url:https://convergence.example/e/1;proof:MSS/CONF.01.01.01=MSS-LPS-SEGUR-GEN#48213",
    )
    .unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].proof.as_deref(), Some("MSS/CONF.01.01.01"));
    assert_eq!(
        items[1].reference.as_deref(),
        Some("MSS-LPS-SEGUR-GEN#48213")
    );
    assert_eq!(
        item("proof:IV.1.01|url:https://a.example").url.as_deref(),
        Some("https://a.example")
    );
}

#[test]
fn bad_evidence_says_why() {
    let err = |s: &str| parse_evidence(s).unwrap_err();
    assert!(err("urll:https://a").contains("did you mean `url`?"));
    assert!(err("url:ftp://a").contains("not an http(s) URL"));
    // What the manifest refuses, as it says it.
    assert!(err("url:http://intranet.example/a").contains("plain http is allowed only"));
    assert!(err("url:https://exa mple.example/x").contains("not a valid URL"));
    assert!(err("url:https://").contains("not a valid URL"));
    assert_eq!(
        item("url:http://127.0.0.1:8080/a").url.as_deref(),
        Some("http://127.0.0.1:8080/a")
    );
    assert!(err("proof:X").contains("needs `ref`, `url` or `path`"));
    assert!(err("ref:a|ref:b").contains("given twice"));
    assert!(err("ref:a|date:2026-13-01").contains("not a date"));
    assert!(err("ref:a|kind:film").contains("unknown evidence kind"));
    assert!(err("just text").contains("is not `key:value`"));
}

#[test]
fn evidence_urls_follow_the_manifests_rule() {
    // A port that is not a number, and plain http to another host: the
    // manifest refuses both, so no row may bring them in (an import used to
    // accept them and then fail to write a manifest it could not read).
    for url in [
        "https://preuves.l:https://preuves.example/a.pdf",
        "http://preuves.example/a.pdf",
    ] {
        let why = parse_evidence(&format!("url:{url}")).unwrap_err();
        assert!(why.contains("cannot be used"), "{why}");
        let line = format!(
            r#"{{"requirement":"ins:INS.01","status":"conform","evidence":[{{"url":"{url}"}}]}}"#
        );
        let parsed = parse("i.jsonl", line.as_bytes(), Format::Jsonl);
        assert!(parsed.rows.is_empty(), "{url}");
        assert_eq!(parsed.problems.len(), 1, "{url}");
        let manifest = format!(
            "schema = 1\n[organization]\nname = \"A\"\nsiren = \"912485737\"\ncontact = \"a@b.example\"\n\
             [referentials]\nuse = [\"ins\"]\n[[commitment]]\nrequirement = \"ins:INS.01\"\nstatus = \"conform\"\n\
             evidence = [{{ url = \"{url}\" }}]\n"
        );
        let diags = crate::manifest::parse(&Source::new("charte.toml", manifest)).unwrap_err();
        assert!(diags[0].message.contains("cannot be used"), "{diags:?}");
    }
    assert!(parse_evidence("url:http://127.0.0.1:8080/a.pdf").is_ok());
}

#[test]
fn every_bad_row_is_reported_with_its_line() {
    let csv = "product,requirement,status,justification,due,declared,evidence\n\
p,ins:INS.01,conform,,,,\n\
p,ins:INS.02,conforme,,,,\n\
p,INS.03,conform,,2027-02-30,,\n\
p,ins:INS.04\n\
,charte-engagements:IV.1,planned,,2027-01-31,,ref:x\n";
    let parsed = parse("rows.csv", csv.as_bytes(), Format::Csv);
    assert_eq!(parsed.rows.len(), 2);
    let lines: Vec<(usize, &str)> = parsed
        .problems
        .iter()
        .map(|d| {
            (
                parsed.source.line_col(d.span.unwrap().start()).line,
                d.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (3, "unknown status `conforme` (column `status`)"),
            (
                4,
                "`INS.03` is not a requirement reference (column `requirement`)"
            ),
            (4, "`2027-02-30` is not a date (column `due`)"),
            (5, "this row has 2 fields, and the header 7"),
        ]
    );
    assert!(parsed.problems[0]
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean `conform`?"));
    assert_eq!(parsed.rows[1].record.product, None);
}

#[test]
fn headers_are_checked() {
    let parsed = parse(
        "rows.csv",
        b"product,requirment,status,colour\n",
        Format::Csv,
    );
    let messages: Vec<&str> = parsed.problems.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["unknown column `requirment`", "unknown column `colour`"]
    );
    assert!(parsed.problems[0]
        .help
        .as_deref()
        .unwrap()
        .starts_with("did you mean `requirement`?"));
}

#[test]
fn spreadsheet_csv_with_semicolons_and_a_bom() {
    let csv = "\u{feff}product;requirement;status;evidence\r\np;ins:INS.01;conform;\"ref:a;url:https://b.example\"\r\n";
    let parsed = parse("rows.csv", csv.as_bytes(), Format::Csv);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.rows[0].record.evidence.len(), 2);
}

#[test]
fn jsonl_rows() {
    let text = "{\"product\":\"p\",\"requirement\":\"ins:INS.01\",\"status\":\"conform\",\"evidence\":[{\"proof\":\"INS.01.01.01\",\"ref\":\"R\",\"date\":\"2026-06-08\"}]}\n\n{\"requirement\":\"charte-engagements:IV.1\",\"status\":\"conform\",\"colour\":1}\n{\"requirement\":\"x:y\",\"status\":\"planned\",\"due\":\"soon\"}\n";
    let parsed = parse("rows.jsonl", text.as_bytes(), Format::Jsonl);
    assert_eq!(parsed.rows.len(), 1);
    let lines: Vec<usize> = parsed
        .problems
        .iter()
        .map(|d| parsed.source.line_col(d.span.unwrap().start()).line)
        .collect();
    assert_eq!(lines, [3, 4]);
    assert!(
        parsed.problems[0].message.contains("unknown key `colour`"),
        "{}",
        parsed.problems[0].message
    );
}

#[test]
fn export_reads_back() {
    let text = "product,requirement,status,justification,due,declared,evidence\n\
p,ins:INS.01,partial,\"Deux lignes,\nune virgule\",,2026-11-23,proof:INS.01.01.01=R|date:2026-06-08\n\
,charte-engagements:IV.1,planned,,2027-01-31,,\n";
    let parsed = parse("rows.csv", text.as_bytes(), Format::Csv);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let records: Vec<Record> = parsed.rows.into_iter().map(|r| r.record).collect();
    for format in [Format::Csv, Format::Jsonl] {
        let mut out = Vec::new();
        write(&records, format, &mut out).unwrap();
        let again = parse("again", &out, format);
        assert!(again.problems.is_empty(), "{:?}", again.problems);
        let back: Vec<Record> = again.rows.into_iter().map(|r| r.record).collect();
        assert_eq!(back, records);
        if format == Format::Csv {
            assert_eq!(String::from_utf8(out).unwrap(), text);
        }
    }
}

#[test]
fn a_header_without_rows_is_an_import_of_nothing() {
    let mut exported = Vec::new();
    write(&[], Format::Csv, &mut exported).unwrap();
    let parsed = parse("t.csv", &exported, Format::Csv);
    assert!(parsed.rows.is_empty());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    // A file without even a header says what to write.
    assert_eq!(parse("t.csv", b"", Format::Csv).problems.len(), 1);
    assert_eq!(parse("t.csv", b"\n\n", Format::Csv).problems.len(), 1);
}
