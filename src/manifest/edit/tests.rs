use super::*;
use crate::date::Date;
use crate::manifest::{EvidenceItem, RequirementRef, Status};

fn record(product: Option<&str>, requirement: &str, status: Status) -> Record {
    Record {
        product: product.map(str::to_string),
        requirement: RequirementRef::parse(requirement).unwrap(),
        status,
        justification: None,
        due: None,
        declared: None,
        evidence: Vec::new(),
    }
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

const HAND_WRITTEN: &str = r#"# Déclarations de Médilune — tenues à la main.
schema = 1

[organization]
name    = "Médilune Logiciels SAS"   # raison sociale
siren   = "912485737"
contact = "conformite@medilune.example"

[referentials]
use = [ "ins",   "ssi" ]   # socles

[[product]]
id = "medilune-cabinet"
name = "Médilune Cabinet"
version = "7.4.2"
kind = "lgc"
services = ["insi"]

# ─── ins ───────────
# Recette INSi passée en juin.

# INS.01 — Récupérer l'INS
[[declaration]]
product     = "medilune-cabinet"
requirement = "ins:INS.01"
status      = "planned"     # livraison en 7.5
due         = 2027-01-31
declared    = 2026-07-15
evidence = [
  { proof = "INS.01.01.01", ref = "CNDA-INSi#48959", date = 2026-06-08 },   # recette
]

# INS.02
[[declaration]]
  product = "medilune-cabinet"
  requirement = "ins:INS.02"
  status = "conform"
  declared = 2026-07-15
  evidence = [{ proof = "INS.02.01.01", ref = "CNDA-INSi#49233" }]

# Fin du fichier.
"#;

/// Upserts `r`, table by table where the layout allows it, and checks the
/// whole document writes the same.
fn upsert(text: &str, r: &Record) -> (String, Change) {
    let mut e = Editor::parse(text).unwrap();
    let change = e.upsert(&r.key(), r);
    let mut whole = Editor::parse_whole(text).unwrap();
    assert_eq!(whole.upsert(&r.key(), r), change);
    let out = e.render();
    assert_eq!(out, whole.render(), "the two editors differ");
    (out, change)
}

fn current(text: &str, product: &str, requirement: &str) -> Record {
    let m = crate::manifest::parse(&crate::diag::Source::new("t", text.to_string())).unwrap();
    m.declarations
        .iter()
        .find(|d| {
            d.product.as_ref().unwrap().value == product
                && d.requirement.value.to_string() == requirement
        })
        .map(Record::from)
        .unwrap()
}

#[test]
fn an_identical_record_changes_nothing() {
    let r = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.01");
    let (text, change) = upsert(HAND_WRITTEN, &r);
    assert_eq!(change, Change::Unchanged);
    assert_eq!(text, HAND_WRITTEN);
}

#[test]
fn nothing_edited_renders_the_text_as_read() {
    // Rendered anew, this would gain a final line break and the second
    // header would be spelt like the first.
    let text = HAND_WRITTEN
        .replacen("[[declaration]]", "[[ \"declaration\" ]]", 1)
        .replace("\n\n# Fin du fichier.\n", "");
    let r = current(&text, "medilune-cabinet", "ins:INS.02");
    let (out, change) = upsert(&text, &r);
    assert_eq!(change, Change::Unchanged);
    assert_eq!(out, text);
    let mut e = Editor::parse(&text).unwrap();
    let p = ProductRecord::from(
        &crate::manifest::parse(&crate::diag::Source::new("t", text.clone()))
            .unwrap()
            .products[0],
    );
    assert_eq!(e.set_product(&p), Change::Unchanged);
    assert_eq!(e.render(), text);
}

#[test]
fn a_status_change_touches_only_its_value() {
    let mut r = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.01");
    r.status = Status::Conform;
    r.due = None;
    r.declared = Some(date("2026-11-23"));
    let (text, change) = upsert(HAND_WRITTEN, &r);
    assert_eq!(change, Change::Updated);
    let expected = HAND_WRITTEN
        .replace(
            "status      = \"planned\"     # livraison en 7.5\ndue         = 2027-01-31\ndeclared    = 2026-07-15\nevidence = [\n  { proof = \"INS.01.01.01\"",
            "status      = \"conform\"     # livraison en 7.5\ndeclared    = 2026-11-23\nevidence = [\n  { proof = \"INS.01.01.01\"",
        );
    assert_eq!(text, expected);
}

#[test]
fn new_keys_go_in_order_and_keep_the_indentation() {
    let mut r = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.02");
    r.status = Status::Partial;
    r.justification = Some("Vérification en cours.".into());
    let (text, _) = upsert(HAND_WRITTEN, &r);
    assert!(
        text.contains("  status = \"partial\"\n  justification = \"Vérification en cours.\"\n  declared = 2026-07-15\n"),
        "{text}"
    );
}

#[test]
fn evidence_is_edited_item_by_item() {
    let mut r = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.01");
    r.evidence.push(EvidenceItem {
        proof: Some("INS.01.01.02".into()),
        url: Some("https://preuves.example/v.mp4".into()),
        date: Some(date("2026-06-09")),
        ..EvidenceItem::default()
    });
    let (text, _) = upsert(HAND_WRITTEN, &r);
    assert!(
        text.contains("evidence = [\n  { proof = \"INS.01.01.01\", ref = \"CNDA-INSi#48959\", date = 2026-06-08 },   # recette\n  { proof = \"INS.01.01.02\", url = \"https://preuves.example/v.mp4\", date = 2026-06-09 },\n]\n"),
        "{text}"
    );
    // A one-line array that grows is laid out one item per line.
    let mut r = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.02");
    r.evidence.push(EvidenceItem {
        reference: Some("X".into()),
        ..EvidenceItem::default()
    });
    let (text, _) = upsert(HAND_WRITTEN, &r);
    assert!(
        text.contains("  evidence = [\n  { proof = \"INS.02.01.01\", ref = \"CNDA-INSi#49233\" },\n  { ref = \"X\" },\n]\n"),
        "{text}"
    );
}

#[test]
fn a_new_declaration_follows_the_last_one() {
    let mut r = record(
        Some("medilune-cabinet"),
        "ins:INS.03",
        Status::NotApplicable,
    );
    r.justification = Some("Pas de \"stockage\" local.".into());
    r.declared = Some(date("2026-11-23"));
    let (text, change) = upsert(HAND_WRITTEN, &r);
    assert_eq!(change, Change::Created);
    let expected = HAND_WRITTEN.replace(
        "\n# Fin du fichier.\n",
        "\n[[declaration]]\nproduct = \"medilune-cabinet\"\nrequirement = \"ins:INS.03\"\nstatus = \"not-applicable\"\njustification = 'Pas de \"stockage\" local.'\ndeclared = 2026-11-23\n\n# Fin du fichier.\n",
    );
    assert_eq!(text, expected);
    crate::manifest::parse(&crate::diag::Source::new("t", text)).unwrap();
}

/// A new entry used to be put between the last one and its
/// `[[….evidence]]` sub-tables, which then belonged to the new entry.
#[test]
fn a_new_entry_goes_after_the_sub_tables_of_the_last_one() {
    let text = HAND_WRITTEN.replace(
        "\n# ─── ins",
        "\n[[commitment]]\nrequirement = \"charte-engagements:IV.1\"\nstatus = \"conform\"\n\n[[commitment.evidence]]\nref = \"Évaluation 4821\"\n\n# ─── ins",
    );
    let read = |text: &str| {
        crate::manifest::parse(&crate::diag::Source::new("t", text.to_string())).unwrap()
    };
    let before = read(&text);
    // After the last commitment.
    let mut r = record(None, "charte-engagements:IV.2", Status::Conform);
    r.declared = Some(date("2026-11-23"));
    let (after, change) = upsert(&text, &r);
    assert_eq!(change, Change::Created);
    let m = read(&after);
    assert_eq!(
        Record::from(&m.commitments[0]),
        Record::from(&before.commitments[0])
    );
    assert_eq!(Record::from(&m.commitments[1]), r);
    assert!(
        after.contains("[[commitment.evidence]]\nref = \"Évaluation 4821\"\n\n[[commitment]]\nrequirement = \"charte-engagements:IV.2\""),
        "{after}"
    );
    // The first declaration, after the commitments.
    let mut e = Editor::parse(&text).unwrap();
    assert_eq!(e.remove_declarations_of("medilune-cabinet"), 2);
    let without = e.render();
    let d = record(Some("medilune-cabinet"), "ins:INS.02", Status::Conform);
    let (after, change) = upsert(&without, &d);
    assert_eq!(change, Change::Created);
    assert!(
        after.find("[[commitment.evidence]]") < after.find("[[declaration]]"),
        "{after}"
    );
    let m = read(&after);
    assert_eq!(
        Record::from(&m.commitments[0]),
        Record::from(&before.commitments[0])
    );
    assert_eq!(Record::from(&m.declarations[0]), d);
}

#[test]
fn the_first_commitment_goes_after_the_products() {
    let mut r = record(None, "charte-engagements:IV.1", Status::Conform);
    r.evidence = vec![
        EvidenceItem {
            proof: Some("IV.1.01".into()),
            url: Some("https://a.example".into()),
            ..EvidenceItem::default()
        },
        EvidenceItem {
            reference: Some("B".into()),
            ..EvidenceItem::default()
        },
    ];
    let (text, _) = upsert(HAND_WRITTEN, &r);
    assert!(
        text.contains("services = [\"insi\"]\n\n[[commitment]]\nrequirement = \"charte-engagements:IV.1\"\nstatus = \"conform\"\nevidence = [\n  { proof = \"IV.1.01\", url = \"https://a.example\" },\n  { ref = \"B\" },\n]\n\n# ─── ins"),
        "{text}"
    );
}

#[test]
fn crlf_stays_crlf() {
    let crlf = HAND_WRITTEN.replace('\n', "\r\n");
    let mut r = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.02");
    r.status = Status::NonConform;
    r.justification = Some("Écart.".into());
    let (text, _) = upsert(&crlf, &r);
    assert!(!text.replace("\r\n", "").contains('\n'), "{text:?}");
    assert_eq!(text.replace("\r\n", "\n"), upsert(HAND_WRITTEN, &r).0);
    let r = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.01");
    assert_eq!(upsert(&crlf, &r).0, crlf);
}

#[test]
fn line_breaks_in_values_survive_a_crlf_file() {
    let crlf = HAND_WRITTEN.replace('\n', "\r\n");
    let read = |text: &str, requirement: &str| {
        assert!(!text.replace("\r\n", "").contains('\n'), "{text:?}");
        current(text, "medilune-cabinet", requirement)
    };
    // Updated, then created.
    let mut r = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.02");
    r.status = Status::Partial;
    r.justification = Some("Première ligne\nseconde ligne\r\ntroisième".into());
    r.evidence[0].reference = Some("CNDA\n49233".into());
    let (text, change) = upsert(&crlf, &r);
    assert_eq!(change, Change::Updated);
    assert_eq!(read(&text, "ins:INS.02"), r);
    let mut r = record(Some("medilune-cabinet"), "ins:INS.03", Status::NonConform);
    r.justification = Some("a\nb".into());
    r.evidence = vec![EvidenceItem {
        reference: Some("c\nd".into()),
        ..EvidenceItem::default()
    }];
    let (text, change) = upsert(&text, &r);
    assert_eq!(change, Change::Created);
    assert_eq!(read(&text, "ins:INS.03"), r);
    // Products too; text read from the file keeps its own spelling.
    let mut p = ProductRecord {
        id: "medilune-agenda".into(),
        name: "Médilune\nAgenda".into(),
        version: "1".into(),
        kind: "other".into(),
        services: Vec::new(),
        profiles: Vec::new(),
    };
    let mut e = Editor::parse(&text).unwrap();
    e.add_product(&p);
    p.version = "2\n".into();
    let mut e = Editor::parse(&e.render()).unwrap();
    assert_eq!(e.set_product(&p), Change::Updated);
    let text = e.render();
    let m = crate::manifest::parse(&crate::diag::Source::new("t", text.clone())).unwrap();
    assert_eq!(ProductRecord::from(&m.products[1]), p);
    assert!(
        text.contains("name = \"Médilune\\nAgenda\"\r\n"),
        "{text:?}"
    );
}

#[test]
fn digests_compare_in_either_case() {
    let upper = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
    let text = HAND_WRITTEN.replace(
        "{ proof = \"INS.02.01.01\", ref = \"CNDA-INSi#49233\" }",
        &format!("{{ proof = \"INS.02.01.01\", path = \"preuves/a.pdf\", sha256 = \"{upper}\" }}"),
    );
    let r = current(&text, "medilune-cabinet", "ins:INS.02");
    assert_eq!(
        r.evidence[0].sha256.as_deref(),
        Some(&*upper.to_ascii_lowercase())
    );
    let (out, change) = upsert(&text, &r);
    assert_eq!(change, Change::Unchanged);
    assert_eq!(out, text);
}

#[test]
fn a_last_line_without_a_line_break_stays_so() {
    // toml_edit ends every key-value line with a line break, so a file
    // ending on `kind = "lgc"` came back one byte longer, and saving a
    // manifest nothing changed in rewrote it.
    let cut = HAND_WRITTEN
        .trim_end_matches("# Fin du fichier.\n")
        .trim_end();
    assert!(cut.ends_with("\"CNDA-INSi#49233\" }]"));
    for text in [cut.to_string(), cut.replace('\n', "\r\n")] {
        let r = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.01");
        assert_eq!(upsert(&text, &r), (text.clone(), Change::Unchanged));
        let mut r = r;
        r.status = Status::Partial;
        let (edited, change) = upsert(&text, &r);
        assert_eq!(change, Change::Updated);
        assert!(!edited.ends_with('\n'), "{edited:?}");
    }
    let cut = "schema = 1\n[organization]\nname = \"A\"";
    assert_eq!(Editor::parse(cut).unwrap().render(), cut);
}

#[test]
fn inline_declarations_are_edited_in_place() {
    let text = "schema = 1\ndeclaration = [ { product = \"p\", requirement = \"ins:INS.01\", status = \"conform\" } ]\n[organization]\nname = \"A\"\nsiren = \"732829320\"\ncontact = \"a@b.fr\"\n[referentials]\nuse = [\"ins\"]\n[[product]]\nid = \"p\"\nname = \"P\"\nversion = \"1\"\nkind = \"lgc\"\n";
    let mut r = record(Some("p"), "ins:INS.01", Status::Planned);
    r.due = Some(date("2027-01-01"));
    let (out, change) = upsert(text, &r);
    assert_eq!(change, Change::Updated);
    assert!(
        out.contains("declaration = [ { product = \"p\", requirement = \"ins:INS.01\", status = \"planned\", due = 2027-01-01 } ]"),
        "{out}"
    );
}

/// Removing an item of a multi-line array used to take the comment of the
/// item before it and leave its own on that item's line.
#[test]
fn an_inline_entry_goes_with_its_comment() {
    let text = "schema = 1\nproduct = [\n  { id = \"a\", name = \"A\", version = \"1\", kind = \"lgc\" },  # cabinet\n  # l'agenda, retiré en 2027\n  { id = \"b\", name = \"B\", version = \"1\", kind = \"lgc\" },  # agenda\n  { id = \"c\", name = \"C\", version = \"1\", kind = \"lgc\" },  # centre\n]\n[organization]\nname = \"A\"\nsiren = \"732829320\"\ncontact = \"a@b.fr\"\n[referentials]\nuse = [\"ins\"]\n";
    let mut e = Editor::parse(text).unwrap();
    assert!(e.remove_product("b"));
    let out = e.render();
    assert_eq!(
        out,
        text.replace("  # l'agenda, retiré en 2027\n  { id = \"b\", name = \"B\", version = \"1\", kind = \"lgc\" },  # agenda\n", "")
    );
    // The last one, with no comma after it.
    let no_comma = out.replace("},  # centre", "}  # centre");
    let mut e = Editor::parse(&no_comma).unwrap();
    assert!(e.remove_product("c"));
    assert!(
        e.render().starts_with("schema = 1\nproduct = [\n  { id = \"a\", name = \"A\", version = \"1\", kind = \"lgc\" },  # cabinet\n]\n[organization]"),
        "{}",
        e.render()
    );
    assert!(e.remove_product("a"));
    assert!(
        e.render()
            .starts_with("schema = 1\nproduct = [\n]\n[organization]"),
        "{}",
        e.render()
    );
    // A product added to the empty array gets a line of its own.
    let mut e = Editor::parse(&e.render().replace("[\n]", "[  # produits\n]")).unwrap();
    e.add_product(&ProductRecord {
        id: "d".into(),
        name: "D".into(),
        version: "1".into(),
        kind: "lgc".into(),
        services: Vec::new(),
        profiles: Vec::new(),
    });
    assert!(
        e.render().starts_with("schema = 1\nproduct = [  # produits\n  { id = \"d\", name = \"D\", version = \"1\", kind = \"lgc\" }\n]\n"),
        "{}",
        e.render()
    );
}

#[test]
fn products_are_added_set_and_removed() {
    let p = ProductRecord {
        id: "medilune-agenda".into(),
        name: "Médilune Agenda".into(),
        version: "1.0.0".into(),
        kind: "other".into(),
        services: vec!["pro-sante-connect".into()],
        profiles: Vec::new(),
    };
    let mut e = Editor::parse(HAND_WRITTEN).unwrap();
    e.add_product(&p);
    let text = e.render();
    assert!(
        text.contains("services = [\"insi\"]\n\n[[product]]\nid = \"medilune-agenda\"\nname = \"Médilune Agenda\"\nversion = \"1.0.0\"\nkind = \"other\"\nservices = [\"pro-sante-connect\"]\n\n# ─── ins"),
        "{text}"
    );
    let mut e = Editor::parse(&text).unwrap();
    let mut changed = p.clone();
    changed.version = "1.1.0".into();
    changed.services.push("dmp".into());
    assert_eq!(e.set_product(&changed), Change::Updated);
    assert_eq!(e.set_product(&changed), Change::Unchanged);
    let text = e.render();
    assert!(
        text.contains(
            "version = \"1.1.0\"\nkind = \"other\"\nservices = [\"pro-sante-connect\", \"dmp\"]\n"
        ),
        "{text}"
    );
    let mut e = Editor::parse(&text).unwrap();
    assert!(e.remove_product("medilune-agenda"));
    assert_eq!(e.render(), HAND_WRITTEN);
}

#[test]
fn removing_an_entry_keeps_the_section_banner_above_it() {
    let mut e = Editor::parse(HAND_WRITTEN).unwrap();
    assert!(e.remove_product("medilune-cabinet"));
    assert_eq!(e.remove_declarations_of("medilune-cabinet"), 2);
    let text = e.render();
    assert_eq!(
        text,
        "# Déclarations de Médilune — tenues à la main.\nschema = 1\n\n[organization]\nname    = \"Médilune Logiciels SAS\"   # raison sociale\nsiren   = \"912485737\"\ncontact = \"conformite@medilune.example\"\n\n[referentials]\nuse = [ \"ins\",   \"ssi\" ]   # socles\n\n# ─── ins ───────────\n# Recette INSi passée en juin.\n\n# Fin du fichier.\n"
    );
}

/// The banner used to be dropped with the entry in a CRLF file, or when
/// the blank line under it held spaces.
#[test]
fn the_section_banner_stays_in_every_layout() {
    let remove = |text: &str| {
        let mut e = Editor::parse(text).unwrap();
        assert!(e.remove_product("medilune-cabinet"));
        assert_eq!(e.remove_declarations_of("medilune-cabinet"), 2);
        e.render()
    };
    let lf = remove(HAND_WRITTEN);
    assert!(lf.contains("# ─── ins ───────────\n"), "{lf}");
    assert_eq!(
        remove(&HAND_WRITTEN.replace('\n', "\r\n")),
        lf.replace('\n', "\r\n")
    );
    let spaces = HAND_WRITTEN.replace(
        "passée en juin.\n\n# INS.01",
        "passée en juin.\n  \t\n# INS.01",
    );
    assert_eq!(remove(&spaces), lf);
}

// ── Table by table ──────────────────────────────────────────────────────

/// Runs `edit` on both editors; their texts must agree. Returns the text
/// and whether the manifest was edited table by table.
fn both(text: &str, edit: impl Fn(&mut Editor)) -> (String, bool) {
    let mut tables = Editor::parse(text).unwrap();
    let by_tables = tables.by_tables();
    edit(&mut tables);
    let mut whole = Editor::parse_whole(text).unwrap();
    assert!(!whole.by_tables());
    edit(&mut whole);
    let out = tables.render();
    assert_eq!(out, whole.render(), "the two editors differ on\n{text}");
    (out, by_tables)
}

const PRODUCTS_ONLY: &str = "schema = 1\n[organization]\nname = \"A\"\nsiren = \"732829320\"\ncontact = \"a@b.fr\"\n[referentials]\nuse = [\"ins\"]\n[[product]]\nid = \"p\"\nname = \"P\"\nversion = \"1\"\nkind = \"lgc\"\n\n# Fin.\n";

#[test]
fn the_usual_layout_is_edited_table_by_table() {
    for text in [HAND_WRITTEN, PRODUCTS_ONLY] {
        assert!(Editor::parse(text).unwrap().by_tables(), "{text}");
    }
    // Declarations before a product, a declaration's sub-table, inline
    // declarations: one document for the whole file.
    let product_last = HAND_WRITTEN.replace(
        "# Fin du fichier.\n",
        "[[product]]\nid = \"q\"\nname = \"Q\"\nversion = \"1\"\nkind = \"lgc\"\n",
    );
    let sub_table = HAND_WRITTEN.replace(
        "# Fin du fichier.\n",
        "[declaration.notes]\nrecette = \"juin\"\n",
    );
    let inline = PRODUCTS_ONLY.replace(
        "schema = 1\n",
        "schema = 1\ndeclaration = [{ product = \"p\", requirement = \"ins:INS.01\", status = \"conform\" }]\n",
    );
    for text in [product_last, sub_table, inline] {
        assert!(!Editor::parse(&text).unwrap().by_tables(), "{text}");
    }
}

#[test]
fn new_declarations_go_after_the_last_table_before_the_closing_comments() {
    let one = record(Some("p"), "ins:INS.01", Status::Conform);
    let two = record(Some("p"), "ins:INS.02", Status::Planned);
    let (out, by_tables) = both(PRODUCTS_ONLY, |e| {
        assert_eq!(e.upsert(&one.key(), &one), Change::Created);
        assert_eq!(e.upsert(&two.key(), &two), Change::Created);
        // A table written by this edit is edited again.
        let mut two = two.clone();
        two.justification = Some("en 7.5".into());
        assert_eq!(e.upsert(&two.key(), &two), Change::Updated);
    });
    assert!(by_tables);
    assert!(
        out.ends_with("kind = \"lgc\"\n\n[[declaration]]\nproduct = \"p\"\nrequirement = \"ins:INS.01\"\nstatus = \"conform\"\n\n[[declaration]]\nproduct = \"p\"\nrequirement = \"ins:INS.02\"\nstatus = \"planned\"\njustification = \"en 7.5\"\n\n# Fin.\n"),
        "{out}"
    );
    let three = record(Some("medilune-cabinet"), "ins:INS.03", Status::Conform);
    let (out, _) = both(HAND_WRITTEN, |e| {
        e.upsert(&three.key(), &three);
    });
    assert!(out.ends_with("\"CNDA-INSi#49233\" }]\n\n[[declaration]]\nproduct = \"medilune-cabinet\"\nrequirement = \"ins:INS.03\"\nstatus = \"conform\"\n\n# Fin du fichier.\n"), "{out}");
}

#[test]
fn tables_keep_crlf_a_missing_last_line_break_and_the_byte_order_mark() {
    let cut = HAND_WRITTEN
        .trim_end_matches("# Fin du fichier.\n")
        .trim_end();
    let one = record(Some("medilune-cabinet"), "ins:INS.03", Status::Conform);
    let mut two = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.02");
    two.status = Status::Partial;
    for text in [
        cut.to_string(),
        cut.replace('\n', "\r\n"),
        format!("\u{feff}{}", HAND_WRITTEN.replace('\n', "\r\n")),
        PRODUCTS_ONLY.trim_end().to_string(),
        PRODUCTS_ONLY.replace('\n', "\r\n"),
    ] {
        for edits in [&[&one][..], &[&two], &[&two, &one], &[&one, &two]] {
            let (out, by_tables) = both(&text, |e| {
                for r in edits {
                    e.upsert(&r.key(), r);
                }
            });
            assert!(by_tables, "{text}");
            assert_eq!(out.starts_with('\u{feff}'), text.starts_with('\u{feff}'));
            // A new last line ends with a line break; the old one stays as
            // it was.
            if text.ends_with('\n') || edits == [&two] {
                assert_eq!(out.ends_with('\n'), text.ends_with('\n'), "{out:?}");
            }
            if text.contains('\r') {
                assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
            }
        }
    }
}

#[test]
fn tables_leave_products_and_commitments_to_the_head() {
    let p = ProductRecord {
        id: "medilune-agenda".into(),
        name: "Médilune Agenda".into(),
        version: "1.0".into(),
        kind: "autre".into(),
        services: Vec::new(),
        profiles: Vec::new(),
    };
    let commitment = record(None, "charte-engagements:IV.3", Status::Planned);
    let mut renamed = current(HAND_WRITTEN, "medilune-cabinet", "ins:INS.01");
    renamed.requirement = RequirementRef::parse("ins:INS.04").unwrap();
    let (out, by_tables) = both(HAND_WRITTEN, |e| {
        e.add_product(&p);
        assert_eq!(e.upsert(&commitment.key(), &commitment), Change::Created);
        let mut p = p.clone();
        p.version = "1.1".into();
        assert_eq!(e.set_product(&p), Change::Updated);
        let find = (renamed.product.clone(), "ins:INS.01".to_string());
        assert_eq!(e.upsert(&find, &renamed), Change::Updated);
        assert_eq!(e.upsert(&renamed.key(), &renamed), Change::Unchanged);
    });
    assert!(by_tables);
    let product = out.find("id = \"medilune-agenda\"").unwrap();
    let commitment = out.find("[[commitment]]").unwrap();
    let first = out.find("[[declaration]]").unwrap();
    assert!(product < commitment && commitment < first, "{out}");
    assert!(out.contains("requirement = \"ins:INS.04\""), "{out}");
    // Removing a product with its declarations moves comments between
    // tables: the whole document does it.
    let (out, _) = both(HAND_WRITTEN, |e| {
        assert_eq!(e.remove_declarations_of("medilune-cabinet"), 2);
        assert_eq!(e.remove_declarations_of("medilune-cabinet"), 0);
        assert!(e.remove_product("medilune-cabinet"));
    });
    assert!(
        !out.contains("[[declaration]]") && out.contains("# Fin du fichier."),
        "{out}"
    );
}

#[test]
fn use_entries_are_added_changed_and_removed_in_place() {
    let (out, by_tables) = both(HAND_WRITTEN, |e| {
        assert_eq!(e.set_use("segur-lgc", "segur-lgc"), Change::Created);
        assert_eq!(e.set_use("ins", "ins@2"), Change::Updated);
        assert_eq!(e.set_use("ssi", "ssi"), Change::Unchanged);
    });
    assert!(by_tables);
    assert_eq!(
        out,
        HAND_WRITTEN.replace(
            "use = [ \"ins\",   \"ssi\" ]   # socles",
            "use = [ \"ins@2\",   \"ssi\", \"segur-lgc\" ]   # socles"
        )
    );
    let (out, _) = both(HAND_WRITTEN, |e| {
        assert!(e.remove_use("ins"));
        assert!(!e.remove_use("absent"));
    });
    assert_eq!(
        out,
        HAND_WRITTEN.replace(
            "use = [ \"ins\",   \"ssi\" ]   # socles",
            "use = [ \"ssi\" ]   # socles"
        )
    );
    // A manifest without the key gets it in its [referentials] table.
    let bare = "schema = 1\n[organization]\nname = \"A\"\nsiren = \"732829320\"\ncontact = \"a@b.fr\"\n[referentials]\n[[product]]\nid = \"p\"\nname = \"P\"\nversion = \"1\"\nkind = \"lgc\"\n";
    let (out, _) = both(bare, |e| {
        e.set_use("ins", "ins");
    });
    assert_eq!(
        out,
        bare.replace("[referentials]\n", "[referentials]\nuse = [\"ins\"]\n")
    );
}

#[test]
fn use_entries_name_their_catalogue_and_index_gains_one() {
    let (out, _) = both(HAND_WRITTEN, |e| {
        assert_eq!(
            e.set_use_from("ins", "ins@2", Some("referentiels")),
            Change::Updated
        );
        assert_eq!(
            e.set_use_from("ins", "ins@2", Some("referentiels")),
            Change::Unchanged
        );
        assert_eq!(e.add_index("referentiels"), Change::Updated);
        assert_eq!(e.add_index("./referentiels/"), Change::Unchanged);
    });
    assert!(
        out.contains(
            "use = [ { id = \"ins@2\", from = \"referentiels\" },   \"ssi\" ]   # socles\nindex = [\"embedded\", \"referentiels\"]\n"
        ),
        "{out}"
    );
    let (out, _) = both(&out, |e| {
        assert!(e.remove_use("ins"));
        assert_eq!(e.add_index("https://h.example/index.json"), Change::Updated);
    });
    assert!(
        out.contains("use = [ \"ssi\" ]   # socles\nindex = [\"embedded\", \"referentiels\", \"https://h.example/index.json\"]\n"),
        "{out}"
    );
    // One location becomes an array of it and the new one.
    let one = HAND_WRITTEN.replace(
        "[referentials]\n",
        "[referentials]\nindex = \"cat\" # ours\n",
    );
    let (out, _) = both(&one, |e| {
        assert_eq!(e.add_index("autre"), Change::Updated);
    });
    assert!(
        out.contains("index = [\"cat\", \"autre\"] # ours\n"),
        "{out}"
    );
}
