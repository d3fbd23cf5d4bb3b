//! `charte referentials import` and `charte catalogue index|verify`: each
//! source format to documents (snapshots), determinism, dry runs, a
//! manifest checked against the produced folder, and every unreadable file.
//!
//! The fixtures are made up here, in the real layouts with realistic ids;
//! no official text is in the repository.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Formula, Workbook};
use sha2::{Digest, Sha256};

use crate::server::Server;
use crate::support::{charte, codes, stderr, stdout, TODAY};

/// A sheet to write: its name, header and rows.
type Sheet<'a> = (&'a str, &'a [&'a str], &'a [&'a [&'a str]]);

/// An .xlsx file with these sheets, each a header and rows of text cells
/// (a cell that parses as a whole number is written as a number, as real
/// exports store `REQ_VERSION_NUM`; `=#REF!` is a formula whose value is
/// that error, as a broken spreadsheet keeps it).
fn xlsx(path: &Path, sheets: &[Sheet<'_>]) {
    let mut book = Workbook::new();
    // A fixed creation date, so the same fixture is the same bytes.
    let created = ExcelDateTime::from_ymd(2024, 10, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    for (name, header, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (c, h) in header.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell.parse::<u32>() {
                    Ok(n) if !cell.starts_with('0') => {
                        sheet.write_number(r, c, f64::from(n)).unwrap();
                    }
                    _ if cell.is_empty() => {}
                    _ if cell.starts_with("=#") => {
                        let formula = Formula::new(*cell).set_result(&cell[1..]);
                        sheet.write_formula(r, c, formula).unwrap();
                    }
                    _ => {
                        sheet.write_string(r, c, *cell).unwrap();
                    }
                }
            }
        }
    }
    book.save(path).unwrap();
}

fn sha(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `charte referentials import ARGS…` run in `dir`.
fn import(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    charte()
        .current_dir(dir)
        .args(["referentials", "import"])
        .args(args)
        .assert()
}

/// Every file under a catalogue folder, path and content, the source's
/// sha256 (which changes with the fixture writer's timestamps) hidden.
fn folder_text(dir: &Path, source: &Path) -> String {
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files.sort();
    let source_sha = sha(source);
    let mut out = String::new();
    for rel in files {
        let text = std::fs::read_to_string(dir.join(&rel)).unwrap();
        out.push_str(&format!("==> {}\n", rel.display()));
        out.push_str(&text.replace(&source_sha, "<source sha256>"));
    }
    out
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            collect(root, &entry.path(), out);
        } else {
            out.push(entry.path().strip_prefix(root).unwrap().to_path_buf());
        }
    }
}

const CSV: &str = "\
referential,version,label,publisher,published,id,section,title,nature,criticality,kinds,services,profiles,text,proof,proof-label,status
ins,2.0.0,Référentiel national d'identitovigilance,ANS,2021-06-01,INS.01,INS,Qualifier l'identité par INSi,exigence,majeure,LGC|DPI,insi,,<p>Le logiciel DOIT&nbsp;appeler le téléservice INSi.</p>,INS.01.01.01,Vidéo du scénario,approved
ins,,,,,INS.01,INS,Qualifier l'identité par INSi,exigence,majeure,LGC|DPI,insi,,<p>Le logiciel DOIT&nbsp;appeler le téléservice INSi.</p>,INS.01.01.02,Identifiant d'exécution du test,approved
ins,,,,,INS.02,INS,Afficher les traits stricts,preconisation,,,,Profil Centres de santé,Le logiciel PEUT afficher les traits.,,,approved
ins,,,,,INS.03,INS,Ancienne exigence,exigence,,,,,,,,obsolete
";

fn csv_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("exigences-ins.csv"), CSV).unwrap();
    dir
}

#[test]
fn csv_layout_to_a_document() {
    let dir = csv_project();
    let a = import(dir.path(), &["exigences-ins.csv"]).success();
    let text = stdout(&a).replace(
        &sha(&dir.path().join("exigences-ins.csv")),
        "<source sha256>",
    );
    insta::assert_snapshot!("import_csv", text);
}

const REM_HEADER: &[&str] = &[
    "Exigence conditionnelle OUI/NON",
    "Profil",
    "ID Section",
    "Section",
    "Bloc",
    "Fonction",
    "Nature de l'exigence",
    "N° exigence",
    "Énoncé de l'exigence (DOIT) ou de la préconisation (PEUT)",
    "N° scénario",
    "Scénario de conformité",
    "N° preuve 1",
    "Preuve 1",
    "N° preuve 2",
    "Preuve 2",
];

fn rem_file(path: &Path) {
    let rows: &[&[&str]] = &[
        &[
            "NON",
            "Général",
            "MSS/CDA",
            "MSS/CDA_Documents",
            "Envoi",
            "Envoi des documents",
            "EXIGENCE",
            "MSS/CDA.01",
            "<p>Le logiciel DOIT envoyer le document au format IHE_XDM.zip.</p>",
            "MSS/CDA.01.01",
            "Envoyer un CR",
            "MSS/CDA.01.01.01",
            "Vidéo de l'envoi",
            "MSS/CDA.01.01.02",
            "Captures d'écran",
        ],
        &[
            "NON",
            "Général",
            "MSS/CDA",
            "MSS/CDA_Documents",
            "Envoi",
            "Envoi des documents",
            "EXIGENCE",
            "MSS/CDA.01",
            "<p>Le logiciel DOIT envoyer le document au format IHE_XDM.zip.</p>",
            "MSS/CDA.01.02",
            "Envoyer une lettre",
            "MSS/CDA.01.02.01",
            "Identifiant d'exécution du test MSS-LPS-SEGUR-GEN",
            "",
            "",
        ],
        &[
            "OUI",
            "Profil BAL PER/ORG",
            "MSS/UX",
            "MSS/UX_Ergonomie",
            "BAL",
            "Boîtes organisationnelles",
            "PRECONISATION",
            "MSS/UX.02",
            "Le logiciel PEUT gérer les BAL organisationnelles.",
            "MSS/UX.02.01",
            "Démontrer",
            "MSS/UX.02.01.01",
            "Vidéo",
            "",
            "",
        ],
        &[
            "OUI",
            "Profil IAM",
            "MSS/UX",
            "MSS/UX_Ergonomie",
            "BAL",
            "Boîtes organisationnelles",
            "PRECONISATION",
            "MSS/UX.02",
            "Le logiciel PEUT gérer les BAL organisationnelles.",
            "MSS/UX.02.01",
            "Démontrer",
            "MSS/UX.02.01.01",
            "Vidéo",
            "",
            "",
        ],
        &[
            "NON",
            "Général",
            "SSI/IE",
            "SSI/IE_Identification",
            "Comptes",
            "Vérifier le RPPS",
            "EXIGENCE",
            "SSI/IE.43 ",
            "Le logiciel DOIT vérifier le numéro RPPS à la création du compte.",
            "",
            "",
            "SSI/IE.43.01.01",
            "Attestation sur l'honneur",
            "",
            "",
        ],
        &[
            "NON",
            "Général",
            "SSI/IE",
            "SSI/IE_Identification",
            "Comptes",
            "Journaliser",
            "EXIGENCE",
            "SSI/IE.43",
            "Le logiciel DOIT journaliser les accès.",
            "",
            "",
            "SSI/IE.43.01.01",
            "Capture d'écran du journal",
            "",
            "",
        ],
    ];
    xlsx(path, &[("Exigences", REM_HEADER, rows)]);
}

#[test]
fn rem_annex_to_a_document_with_profiles_merged_and_a_shared_id_kept_twice() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("REM_LGC_va2.xlsx");
    rem_file(&file);
    let a = import(dir.path(), &["REM_LGC_va2.xlsx", "--into", "cat"]).success();
    assert_eq!(
        stderr(&a),
        "warning: REM_LGC_va2.xlsx: rem-lgc-va2: `SSI/IE.43` names two different requirements (sheet `Exigences` row 6 and sheet `Exigences` row 7): the second is kept as `SSI/IE.43~2`\n\
         wrote cat/rem-lgc-va2/1.0.0.toml (4 requirements)\n"
    );
    insta::assert_snapshot!("import_rem", folder_text(&dir.path().join("cat"), &file));
}

/// The columns of a Squash `REQUIREMENT` sheet, in the export's order.
const SQUASH_HEADER: &[&str] = &charte::synth::SQUASH_COLUMNS;

const MSS: &str = "SC_MSS_Messagerie sécurisée [va2]";
const LGC: &str = "REM_LGC_Logiciels de Gestion de Cabinet [va2]";

#[rustfmt::skip]
fn squash_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec!["12", MSS, "/SC_MSS_Messagerie sécurisée [va2]/Profil Général/MSS\\/CONF/Connexion TLS", "1", "4101", "1", "9001", "MSS/CONF.01", "Connexion TLS", "MAJOR", "CRI", "APPROVED", "<p>Le LPS DOIT se connecter en TLS 1.2.</p>", "1", "0", "2021-06-14", "ans", "2021-06-14", "ans", "Version 1.0|IT1", "", "", "Général", "MSS/CONF_Conformité avec le référentiel #2 MSSanté v1.0", "", "", "", ""],
        vec!["12", MSS, "/SC_MSS_Messagerie sécurisée [va2]/Profil Général/MSS\\/CONF/Connexion TLS", "1", "4101", "2", "9002", "SC.MSS/CONF.01 ", "Connexion à l'API LPS en TLS 1.2 ou plus", "MAJOR", "CRI", "APPROVED", "<p>Le LPS DOIT se connecter &agrave; l'API LPS en TLS&nbsp;1.2 ou plus.</p>", "1", "0", "2022-10-25", "ans", "2022-10-25", "ans", "Version 1.0|IT1|IT2", "", "", "Général", "MSS/CONF_Conformité avec le référentiel #2 MSSanté v1.0", "", "", "", ""],
        vec!["12", MSS, "/SC_MSS_Messagerie sécurisée [va2]/Profil BAL PER\\/ORG/MSS\\/UX/BAL", "2", "4102", "1", "9003", "SC.MSS/UX.02", "Boîtes organisationnelles", "MINOR", "PRECO", "APPROVED", "Le LPS PEUT gérer les BAL organisationnelles.", "0", "0", "2022-10-25", "ans", "2022-10-25", "ans", "IT2", "", "", "Général", "MSS/UX_Ergonomie", "", "", "", ""],
        vec!["12", MSS, "/SC_MSS_Messagerie sécurisée [va2]/Profil IAM/MSS\\/UX/BAL", "3", "4103", "1", "9004", "SC.MSS/UX.02", "Boîtes organisationnelles", "MINOR", "PRECO", "APPROVED", "Le LPS PEUT gérer les BAL organisationnelles.", "0", "0", "2022-10-25", "ans", "2022-10-25", "ans", "IT2", "", "", "Général", "MSS/UX_Ergonomie", "", "", "", ""],
        vec!["12", MSS, "/SC_MSS_Messagerie sécurisée [va2]/Profil Général/MSS\\/UX/Brouillon", "4", "4104", "1", "9005", "SC.MSS/UX.03", "Brouillon", "MINOR", "CRI", "UNDER_REVIEW", "À l'étude.", "0", "0", "2022-10-25", "ans", "2022-10-25", "ans", "IT2", "", "", "Général", "MSS/UX_Ergonomie", "", "", "", ""],
        vec!["12", MSS, "/SC_MSS_Messagerie sécurisée [va2]/Profil Général/MSS\\/UX/Retirée", "5", "4105", "1", "9006", "SC.MSS/UX.04", "Retirée", "MINOR", "CRI", "OBSOLETE", "Retirée.", "0", "0", "2022-10-25", "ans", "2022-10-25", "ans", "IT1", "", "", "Général", "MSS/UX_Ergonomie", "", "", "", ""],
        vec!["12", MSS, "/SC_MSS_Messagerie sécurisée [va2]/Profil Général/MSS\\/UX/Abandonnée", "6", "4106", "1", "9007", "SC.MSS/UX.05", "Abandonnée", "MINOR", "CRI", "APPROVED", "Approuvée puis abandonnée.", "0", "0", "2021-06-14", "ans", "2021-06-14", "ans", "IT1", "", "", "Général", "MSS/UX_Ergonomie", "", "", "", ""],
        vec!["12", MSS, "/SC_MSS_Messagerie sécurisée [va2]/Profil Général/MSS\\/UX/Abandonnée", "6", "4106", "2", "9008", "SC.MSS/UX.05", "Abandonnée", "MINOR", "CRI", "OBSOLETE", "Approuvée puis abandonnée.", "0", "0", "2022-10-25", "ans", "2022-10-25", "ans", "IT2", "", "", "Général", "MSS/UX_Ergonomie", "", "", "", ""],
        vec!["31", LGC, "/REM_LGC_Logiciels de Gestion de Cabinet [va2]/Profil Général/LGC.MSS/Envoi", "1", "5201", "1", "9101", "LGC.MSS.02", "Envoi des documents par MSSanté", "MAJOR", "CRI", "APPROVED", "<p>Le LGC DOIT envoyer chaque document de l'annexe 3 en IHE_XDM.zip.</p>", "2", "0", "2022-10-25", "ans", "2022-10-25", "ans", "Version 1.0|IT2", "", "", "Général", "LGC.MSS_Messagerie", "", "", "LGC|DPI", ""],
    ]
}

fn squash_file(path: &Path) {
    let rows = squash_rows();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let links: &[&[&str]] = &[&[
        "/REM_LGC_Logiciels de Gestion de Cabinet [va2]/Profil Général/LGC.MSS/Envoi",
        "1",
        "/SC_MSS_Messagerie sécurisée [va2]/Profil Général/MSS\\/CONF/Connexion TLS",
        "2",
        "SEGUR_PARENT",
    ]];
    xlsx(
        path,
        &[
            ("REQUIREMENT", SQUASH_HEADER, &rows),
            (
                "LINK_REQ_TC",
                &["REQ_PATH", "REQ_VERSION_NUM", "TC_PATH"],
                &[&[
                    "/SC_MSS_Messagerie sécurisée [va2]/Profil Général/MSS\\/CONF/Connexion TLS",
                    "2",
                    "/SC_MSS_Messagerie sécurisée [va2]/MSS\\/CONF/MSS\\/CONF.01.01 - Exécuter le test MSS-LPS-SEGUR-GEN",
                ]],
            ),
            (
                "LINK_REQ_REQ",
                &charte::synth::SQUASH_LINK_COLUMNS,
                links,
            ),
        ],
    );
}

#[test]
fn squash_export_to_one_document_per_project() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export_full.xlsx");
    squash_file(&file);
    import(dir.path(), &["export_full.xlsx", "--into", "cat"]).success();
    insta::assert_snapshot!("import_squash", folder_text(&dir.path().join("cat"), &file));
}

#[test]
fn squash_project_and_status_filters() {
    let dir = tempfile::tempdir().unwrap();
    squash_file(&dir.path().join("export_full.xlsx"));
    let a = import(
        dir.path(),
        &[
            "export_full.xlsx",
            "--project",
            "sc-mss-va2",
            "--status",
            "approved",
            "--status",
            "under-review",
            "--id",
            "mssante-clients",
            "--version",
            "1.0.0",
        ],
    )
    .success();
    let out = stdout(&a);
    assert!(
        out.contains("id = \"mssante-clients\"\nversion = \"1.0.0\""),
        "{out}"
    );
    assert!(out.contains("id = \"SC.MSS/UX.03\""), "{out}");
    assert!(
        !out.contains("SC.MSS/UX.04"),
        "obsolete is never imported: {out}"
    );
    let a = import(dir.path(), &["export_full.xlsx", "--id", "x"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: --id and --version name one referential, and export_full.xlsx holds 2 (sc-mss-va2, rem-lgc-va2): pick one with --project\n"
    );
}

const CISO: &str = r#"urn: urn:exemple:risk:library:hds-v2
locale: fr
ref_id: HDS-v2
name: Hébergement de données de santé v2
description: "R\xE9f\xE9rentiel de certification"
copyright: Exemple
version: 2
publication_date: 2024-04-26
provider: ANS
packager: exemple
objects:
  framework:
    urn: urn:exemple:risk:framework:hds-v2
    ref_id: HDS-v2
    name: Hébergement de données de santé v2
    implementation_groups_definition:
      - ref_id: standard
        name: Mesures standard
      - ref_id: renforce
        name: Mesures renforcées
    requirement_nodes:
      - urn: urn:exemple:req_node:hds-v2:chap1
        assessable: false
        depth: 1
        ref_id: CHAP-1
        name: Exigences générales
      - urn: urn:exemple:req_node:hds-v2:exi01
        assessable: true
        depth: 2
        parent_urn: urn:exemple:req_node:hds-v2:chap1
        ref_id: "[EXI 01] "
        name: Localisation des données
        description: >-
          L'hébergeur DOIT héberger les données
          dans l'Espace économique européen.
        implementation_groups: [standard]
      - urn: urn:exemple:req_node:hds-v2:node3
        assessable: true
        depth: 2
        parent_urn: urn:exemple:req_node:hds-v2:chap1
        description: "L\u2019hébergeur DOIT tenir une matrice de correspondance."
        implementation_groups: [renforce]
        typical_evidence: Matrice de correspondance SecNumCloud
"#;

#[test]
fn ciso_assistant_library_to_a_document_with_derived_ids() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hds-v2.yaml");
    std::fs::write(&file, CISO).unwrap();
    let a = import(dir.path(), &["hds-v2.yaml"]).success();
    insta::assert_snapshot!(
        "import_ciso",
        stdout(&a).replace(&sha(&file), "<source sha256>")
    );
}

const OSCAL: &str = r#"{
  "catalog": {
    "uuid": "00000000-0000-4000-8000-000000000001",
    "metadata": { "title": "Exemple SP 800-53", "version": "5.1.1", "last-modified": "2024-01-01T00:00:00Z", "oscal-version": "1.1.2" },
    "groups": [
      { "id": "ac", "class": "family", "title": "Access Control",
        "controls": [
          { "id": "ac-2", "class": "SP800-53", "title": "Account Management",
            "props": [ { "name": "label", "value": "AC-2" } ],
            "parts": [ { "id": "ac-2_smt", "name": "statement", "parts": [
              { "id": "ac-2_smt.a", "name": "item", "props": [ { "name": "label", "value": "a." } ], "prose": "Define the types of accounts;" } ] },
              { "id": "ac-2_gdn", "name": "guidance", "prose": "Guidance text." } ],
            "controls": [
              { "id": "ac-2.1", "class": "SP800-53-enhancement", "title": "Automated System Account Management",
                "props": [ { "name": "label", "value": "AC-2(1)" } ],
                "parts": [ { "id": "ac-2.1_smt", "name": "statement", "prose": "Support the management of accounts using automated mechanisms." } ] } ] } ] } ],
    "back-matter": {}
  }
}
"#;

#[test]
fn oscal_catalog_to_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.json");
    std::fs::write(&file, OSCAL).unwrap();
    let a = import(dir.path(), &["catalog.json"]).success();
    insta::assert_snapshot!(
        "import_oscal",
        stdout(&a).replace(&sha(&file), "<source sha256>")
    );
}

#[test]
fn convergence_export_to_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("convergence.xlsx");
    let header: &[&str] = &[
        "Périmètre",
        "ID",
        "Chapitre",
        "Fonction",
        "Exigence",
        "Commentaire",
        "Profil",
        "N° scénario",
        "Scénario de conformité",
        "N° preuve",
        "Preuve",
        "Profil historique",
        "Criticité",
        "Ordre",
    ];
    let rows: &[&[&str]] = &[
        &[
            "Vague 1",
            "MSS/CDA.01",
            "MSS/CDA_Documents",
            "Envoi",
            "Le LPS DOIT envoyer le CR.",
            "",
            "Général",
            "MSS/CDA.01.01",
            "Envoyer",
            "MSS/CDA.01.01.01",
            "Vidéo",
            "",
            "Mineure",
            "1",
        ],
        &[
            "Vague 1",
            "MSS/CDA.01",
            "MSS/CDA_Documents",
            "Envoi",
            "Le LPS DOIT envoyer le CR.",
            "",
            "Général",
            "MSS/CDA.01.01",
            "Envoyer",
            "MSS/CDA.01.01.02",
            "Captures d'écran",
            "",
            "Mineure",
            "2",
        ],
        &[
            "Vague 1",
            "SC.PSC.01",
            "PSC_Pro Santé Connect",
            "Connexion",
            "Le logiciel DOIT proposer Pro Santé Connect.",
            "",
            "Centres de santé",
            "PSC.01.01",
            "Se connecter",
            "PSC.01.01.01",
            "Vidéo du scénario",
            "",
            "Majeure",
            "3",
        ],
    ];
    xlsx(&file, &[("Exigences", header, rows)]);
    let a = import(dir.path(), &["convergence.xlsx"]).success();
    insta::assert_snapshot!(
        "import_convergence",
        stdout(&a).replace(&sha(&file), "<source sha256>")
    );
}

#[test]
fn iteration_sheet_to_one_document_per_rem() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("iteration.xlsx");
    let header: &[&str] = &[
        "ID Exigence",
        "Domaine (Chantier)",
        "Bloc",
        "Fonction",
        "Nature de l'exigence",
        "Evolution",
        "Commentaire ANS/DNS/CNAM",
        "Enoncé de l'exigence - Itération #4",
        "Ancien énoncé de l'exigence - Itération #3",
        "Remarques (éditeurs)",
        "REM",
    ];
    let rows: &[&[&str]] = &[
        &[
            "DB.CO.65",
            "DB/CO",
            "Consultation",
            "Afficher",
            "Obligatoire",
            "Modifiée",
            "",
            "La DRIMbox DOIT afficher l'examen.",
            "La DRIMbox DOIT afficher.",
            "",
            "DB",
        ],
        &[
            "DB.CO.66",
            "DB/CO",
            "Consultation",
            "Exporter",
            "Préconisée",
            "Nouvelle",
            "",
            "La DRIMbox PEUT exporter.",
            "",
            "",
            "DB",
        ],
        &[
            "DB.CO.67",
            "DB/CO",
            "Consultation",
            "Retirée",
            "Obligatoire",
            "Obsolète",
            "",
            "Retirée.",
            "",
            "",
            "DB",
        ],
    ];
    xlsx(&file, &[("IT4", header, rows)]);
    let a = import(dir.path(), &["iteration.xlsx"]).success();
    insta::assert_snapshot!(
        "import_iteration",
        stdout(&a).replace(&sha(&file), "<source sha256>")
    );
    // The iteration's date, from the file's name or the header, dates the
    // changed wording: `revised`, no warning.
    let dated = dir.path().join("exigences-it4-2026-03-02.xlsx");
    std::fs::copy(&file, &dated).unwrap();
    let a = import(dir.path(), &["exigences-it4-2026-03-02.xlsx"]).success();
    assert_eq!(stderr(&a), "");
    insta::assert_snapshot!(
        "import_iteration_dated",
        stdout(&a).replace(&sha(&file), "<source sha256>")
    );
    let first = sha(&file);
    let mut header = header.to_vec();
    header[7] = "Enoncé de l'exigence - Itération #4 du 02/03/2026";
    xlsx(&file, &[("IT4", &header, rows)]);
    let b = import(dir.path(), &["iteration.xlsx"]).success();
    assert_eq!(
        stdout(&b).replace(&sha(&file), "<source sha256>"),
        stdout(&a)
            .replace(&first, "<source sha256>")
            .replace("exigences-it4-2026-03-02.xlsx", "iteration.xlsx")
    );
}

#[test]
fn reimporting_the_same_file_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export_full.xlsx");
    squash_file(&file);
    import(dir.path(), &["export_full.xlsx", "--into", "one"]).success();
    import(dir.path(), &["export_full.xlsx", "--into", "two"]).success();
    let one = folder_text(&dir.path().join("one"), &file);
    assert_eq!(one, folder_text(&dir.path().join("two"), &file));
    // Again into the same folder: nothing changes.
    let before = std::fs::read(dir.path().join("one/index.json")).unwrap();
    import(dir.path(), &["export_full.xlsx", "--into", "one"]).success();
    assert_eq!(
        before,
        std::fs::read(dir.path().join("one/index.json")).unwrap()
    );
}

#[test]
fn dry_run_writes_nothing() {
    let dir = csv_project();
    let a = import(
        dir.path(),
        &["exigences-ins.csv", "--into", "cat", "--dry-run"],
    )
    .success();
    assert_eq!(stdout(&a), "would write cat/index.json\n");
    assert_eq!(
        stderr(&a),
        "would write cat/ins/2.0.0.toml (2 requirements)\n"
    );
    assert!(!dir.path().join("cat").exists());
}

#[test]
fn catalogue_index_and_verify_a_folder() {
    let dir = csv_project();
    import(dir.path(), &["exigences-ins.csv", "--into", "cat"]).success();
    let index = std::fs::read(dir.path().join("cat/index.json")).unwrap();
    std::fs::remove_file(dir.path().join("cat/index.json")).unwrap();
    let a = charte()
        .current_dir(dir.path())
        .args(["catalogue", "index", "cat"])
        .assert()
        .success();
    assert_eq!(stdout(&a), "cat/index.json\n");
    assert_eq!(
        std::fs::read(dir.path().join("cat/index.json")).unwrap(),
        index
    );
    let a = charte()
        .current_dir(dir.path())
        .args(["catalogue", "verify", "cat"])
        .assert()
        .success();
    assert_eq!(stdout(&a), "cat/index.json: 1 document verified\n");
    // A document changed behind the index's back.
    let doc = dir.path().join("cat/ins/2.0.0.toml");
    let text = std::fs::read_to_string(&doc)
        .unwrap()
        .replace("Afficher", "Montrer");
    std::fs::write(&doc, text).unwrap();
    let a = charte()
        .current_dir(dir.path())
        .args(["catalogue", "verify", "cat"])
        .assert()
        .code(3);
    let err = stderr(&a);
    assert!(
        err.starts_with("error: `ins` 2.0.0 (ins/2.0.0.toml): its sha256 is "),
        "{err}"
    );
    assert!(
        err.ends_with("error: cat/index.json: 1 document of 1 failed\n"),
        "{err}"
    );
}

#[test]
fn catalogue_verify_a_served_catalogue() {
    let dir = csv_project();
    import(dir.path(), &["exigences-ins.csv", "--into", "cat"]).success();
    let server = Server::start(&dir.path().join("cat"));
    let url = server.url("index.json");
    let a = charte()
        .args(["catalogue", "verify", &url])
        .assert()
        .success();
    assert_eq!(stdout(&a), format!("{url}: 1 document verified\n"));
}

#[test]
fn a_manifest_checks_against_the_imported_catalogue() {
    let dir = csv_project();
    import(dir.path(), &["exigences-ins.csv", "--into", "cat"]).success();
    let server = Server::start(&dir.path().join("cat"));
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("charte.toml"),
        crate::fetch::manifest(&server.url("index.json"), "\"ins\"").replace(
            "services = [\"insi\", \"mssante\"]",
            "services = [\"insi\", \"mssante\"]\nprofiles = [\"centres-de-sante\"]",
        ),
    )
    .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let a = charte()
        .current_dir(project.path())
        .env("CHARTE_CACHE_DIR", cache.path())
        .args(["--today", TODAY, "check", "--format", "json"])
        .assert()
        .code(1);
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    // INS.01 for every LGC; INS.02 only under the profile, by its slug.
    assert_eq!(
        codes(&report),
        ["missing-declaration", "missing-declaration"]
    );
    let mut findings: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["requirement"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    findings.sort();
    assert_eq!(
        findings,
        [
            ("ins:INS.01".to_string(), "error".to_string()),
            ("ins:INS.02".to_string(), "warning".to_string())
        ]
    );
    // `show` names the profiles by their official labels and the source.
    let a = charte()
        .current_dir(project.path())
        .env("CHARTE_CACHE_DIR", cache.path())
        .args(["--today", TODAY, "referentials", "show", "ins"])
        .assert()
        .success();
    let shown = stdout(&a);
    assert!(
        shown.contains("  profile centres-de-sante: Profil Centres de santé\n"),
        "{shown}"
    );
    assert!(
        shown.contains("imported from exigences-ins.csv (csv, sha256 "),
        "{shown}"
    );
}

/// `referentials import ARGS…` fails with exit 2, this stderr, and writes nothing.
fn refused(dir: &Path, args: &[&str], expected: &str) {
    let a = import(dir, args).code(2);
    assert_eq!(stderr(&a), expected);
    assert!(!dir.join("cat").exists(), "nothing is written");
}

#[test]
fn unreadable_files_are_refused_naming_sheet_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Missing sheet.
    xlsx(&d.join("autre.xlsx"), &[("Feuil1", &["A"], &[&["x"]])]);
    refused(d, &["autre.xlsx", "--format", "rem", "--into", "cat"],
        "error: autre.xlsx cannot be read as rem: no sheet `Exigences` (its sheets are `Feuil1`); nothing was written\n");
    refused(d, &["autre.xlsx", "--into", "cat"],
        "error: autre.xlsx: a spreadsheet whose sheets (Feuil1) are none charte reads: a Squash export has a sheet `REQUIREMENT`, a REM annex or a Convergence export a sheet `Exigences`; name the format with --format\n");
    // Missing column.
    let header: Vec<&str> = REM_HEADER
        .iter()
        .copied()
        .filter(|h| *h != "Nature de l'exigence")
        .collect();
    xlsx(&d.join("rem.xlsx"), &[("Exigences", &header, &[])]);
    refused(d, &["rem.xlsx", "--into", "cat"],
        "error: rem.xlsx cannot be read as rem: sheet `Exigences`, row 1: no column `Nature de l'exigence` in the header; nothing was written\n");
    // Unreadable cell: a version number that is none.
    let mut rows = squash_rows();
    rows[1][5] = "deux";
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    xlsx(
        &d.join("squash.xlsx"),
        &[("REQUIREMENT", SQUASH_HEADER, &rows)],
    );
    refused(d, &["squash.xlsx", "--into", "cat"],
        "error: squash.xlsx cannot be read as squash: sheet `REQUIREMENT`, row 3, column `REQ_VERSION_NUM` (F): `deux` is not a whole number; nothing was written\n");
    // A cell holding a spreadsheet error.
    let mut rows = squash_rows();
    rows[2][5] = "=#REF!";
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    xlsx(
        &d.join("squash.xlsx"),
        &[("REQUIREMENT", SQUASH_HEADER, &rows)],
    );
    refused(d, &["squash.xlsx", "--into", "cat"],
        "error: squash.xlsx cannot be read as squash: sheet `REQUIREMENT`, row 4, column `REQ_VERSION_NUM` (F): the cell holds the error #REF!; nothing was written\n");
    // The wrong sheet: a REM annex read as a Squash export.
    xlsx(&d.join("annexe.xlsx"), &[("Exigences", REM_HEADER, &[])]);
    refused(d, &["annexe.xlsx", "--format", "squash", "--into", "cat"],
        "error: annexe.xlsx cannot be read as squash (it looks like a rem file): no sheet `REQUIREMENT` (its sheets are `Exigences`); nothing was written\n");
    // Not the format --format names.
    std::fs::write(d.join("exigences.csv"), CSV).unwrap();
    refused(d, &["exigences.csv", "--format", "squash", "--into", "cat"],
        "error: exigences.csv cannot be read as squash (it looks like a csv file): not a readable .xlsx workbook (Zip error: invalid Zip archive: Could not find EOCD); nothing was written\n");
    // Undetectable.
    std::fs::write(d.join("notes.txt"), "bonjour\n").unwrap();
    refused(d, &["notes.txt", "--into", "cat"],
        "error: notes.txt: cannot tell its format (its first line is `bonjour`): name it with --format (csv, rem, squash, ciso-assistant, oscal, convergence, iteration)\n");
    // A YAML alias bomb: refused, not expanded.
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, next) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        bomb.push_str(&format!("{next}: &{next} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    bomb.push_str("version: *i\nobjects: {framework: {requirement_nodes: []}}\n");
    std::fs::write(d.join("bomb.yaml"), bomb).unwrap();
    refused(d, &["bomb.yaml", "--into", "cat"],
        "error: bomb.yaml cannot be read as ciso-assistant: line 2, column 8: its aliases, from `*a` on, expand past the limit charte reads (an alias bomb); a CISO Assistant library uses no aliases; nothing was written\n");
    // Two documents in one file: where the second starts.
    std::fs::write(
        d.join("two.yaml"),
        "objects: {framework: {requirement_nodes: []}}\n---\nobjects: {}\n",
    )
    .unwrap();
    refused(d, &["two.yaml", "--format", "ciso-assistant", "--into", "cat"],
        "error: two.yaml cannot be read as ciso-assistant: line 2: a second YAML document starts here; a CISO Assistant library is one document; nothing was written\n");
    // YAML and JSON that break their format: the line and column.
    std::fs::write(
        d.join("bad.yaml"),
        "objects:\n  framework:\n    requirement_nodes:\n      - urn: a\n        assessable: [\n",
    )
    .unwrap();
    let a = import(
        d,
        &["bad.yaml", "--format", "ciso-assistant", "--into", "cat"],
    )
    .code(2);
    assert!(
        stderr(&a)
            .starts_with("error: bad.yaml cannot be read as ciso-assistant: line 5, column 21: "),
        "{}",
        stderr(&a)
    );
    std::fs::write(
        d.join("bad.json"),
        "{\"catalog\": {\"metadata\": {\"title\": \"x\"}, \"groups\": [ {\"id\": 3} ]}}\n",
    )
    .unwrap();
    refused(d, &["bad.json", "--into", "cat"],
        "error: bad.json cannot be read as oscal: line 1, column 61: not an OSCAL catalog (invalid type: integer `3`, expected a string at line 1 column 61); nothing was written\n");
    // JSON cut short: where it stops, though its format cannot be told.
    std::fs::write(
        d.join("cut.json"),
        "{\"catalog\": {\"metadata\": {\"title\": \"x\"},\n  \"controls\": [",
    )
    .unwrap();
    refused(d, &["cut.json", "--into", "cat"],
        "error: cut.json: line 2, column 15: a JSON file that does not parse (EOF while parsing a list at line 2 column 15)\n");
    // A CSV row longer than the header: its extra text would be lost.
    std::fs::write(
        d.join("long.csv"),
        "id,title\nINS.01,Qualifier, l'identité\n",
    )
    .unwrap();
    refused(d, &["long.csv", "--into", "cat"],
        "error: long.csv cannot be read as csv: line 2: 3 cells, and the header names 2 columns: `l'identité` belongs to no column (quote a cell that holds a comma); nothing was written\n");
    // Too large, told before reading.
    let big = std::fs::File::create(d.join("big.csv")).unwrap();
    big.set_len((64 << 20) + 1).unwrap();
    refused(d, &["big.csv", "--into", "cat"],
        "error: big.csv is larger than the 64 MiB charte reads as a source (67108865 bytes): refused\n");
    let huge = std::fs::File::create(d.join("huge.yaml")).unwrap();
    huge.set_len(100_000_000).unwrap();
    refused(d, &["huge.yaml", "--format", "ciso-assistant", "--into", "cat"],
        "error: huge.yaml is larger than the 64 MiB charte reads as a source (100000000 bytes): refused\n");
}

#[test]
fn a_broken_catalogue_folder_is_left_as_it_was() {
    let dir = csv_project();
    let broken = dir.path().join("cat/autre");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("1.0.0.toml"), "schema = 1\nid = \"autre\"\n").unwrap();
    let a = import(dir.path(), &["exigences-ins.csv", "--into", "cat"]).code(2);
    assert!(
        stderr(&a).starts_with("error: the catalogue folder has a problem: cat/autre/1.0.0.toml: "),
        "{}",
        stderr(&a)
    );
    assert!(!dir.path().join("cat/ins").exists());
    assert!(!dir.path().join("cat/index.json").exists());
    let a = import(dir.path(), &["exigences-ins.csv", "--status", "obsolete"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: --status obsolete: obsolete requirements are never imported\n"
    );
}

/// A Squash export of the public example's size (1,540 requirement
/// versions over 14 projects) imports in well under a second.
#[test]
#[ignore = "a measurement: cargo test --release --test cli -- --ignored squash_at_scale"]
fn squash_at_scale() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export_full.xlsx");
    let mut owned: Vec<Vec<String>> = Vec::new();
    for i in 0..1540 {
        let project = format!("REM_P{}_Projet {} [va2]", i % 14, i % 14);
        let reference = format!("P{}.SEC/{:02}.{:03}", i % 14, i % 7, i);
        owned.push(vec![
            "1".into(),
            project.clone(),
            format!("/{project}/Profil Général/SEC/R{i}"),
            "1".into(),
            (10_000 + i / 2).to_string(),
            (1 + i % 2).to_string(),
            i.to_string(),
            reference,
            format!("Exigence {i}"),
            "MAJOR".into(),
            "CRI".into(),
            "APPROVED".into(),
            format!("<p>Le logiciel DOIT faire la chose numéro {i}.</p>"),
            "0".into(),
            "0".into(),
            "2022-10-25".into(),
            "ans".into(),
            "2022-10-25".into(),
            "ans".into(),
            "Version 1.0|IT2".into(),
            String::new(),
            String::new(),
            "Général".into(),
            "SEC_Section".into(),
            String::new(),
            String::new(),
            "LGC|DPI".into(),
            String::new(),
        ]);
    }
    let rows: Vec<Vec<&str>> = owned
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    xlsx(&file, &[("REQUIREMENT", SQUASH_HEADER, &rows)]);
    let start = std::time::Instant::now();
    import(dir.path(), &["export_full.xlsx", "--into", "cat"]).success();
    let took = start.elapsed();
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
}

#[test]
fn headers_match_whatever_their_case_accents_and_spacing() {
    let dir = tempfile::tempdir().unwrap();
    let header: Vec<String> = REM_HEADER
        .iter()
        .map(|h| h.replace('É', "E").replace("N° exigence", "N°  Exigence"))
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: &[&[&str]] = &[&[
        "NON",
        "Général",
        "PSC",
        "PSC_Pro Santé Connect",
        "",
        "Connexion",
        "EXIGENCE",
        "SC.PSC.01",
        "Le logiciel DOIT proposer Pro Santé Connect.",
        "",
        "",
        "PSC.01.01.01",
        "Vidéo du scénario",
        "",
        "",
    ]];
    xlsx(
        &dir.path().join("rem.xlsx"),
        &[("Exigences", &header, rows)],
    );
    let a = import(dir.path(), &["rem.xlsx"]).success();
    assert!(stdout(&a).contains("format = \"rem\""), "{}", stdout(&a));
    assert!(stdout(&a).contains("id = \"SC.PSC.01\""), "{}", stdout(&a));
}

#[test]
fn a_referential_id_a_manifest_cannot_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.csv"),
        "referential,id,title\nINS,INS.01,Qualifier\n",
    )
    .unwrap();
    let a = import(dir.path(), &["x.csv"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: x.csv: `INS` is not a referential id (lowercase letters, digits and `-`): correct it in the file or give --id\n"
    );
    import(dir.path(), &["x.csv", "--id", "ins"]).success();
}

#[test]
fn a_local_catalogue_folder_is_pinned_by_sha256() {
    // The catalogue lives beside the manifest, imported into it.
    let dir = csv_project();
    import(dir.path(), &["exigences-ins.csv", "--into", "cat"]).success();
    std::fs::write(
        dir.path().join("charte.toml"),
        crate::fetch::manifest("cat", "\"ins\""),
    )
    .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let check = |args: &[&str]| {
        charte()
            .current_dir(dir.path())
            .env("CHARTE_CACHE_DIR", cache.path())
            .args(["--today", TODAY, "--offline"])
            .args(args)
            .assert()
    };
    check(&["fetch"]).success();
    let lock = std::fs::read_to_string(dir.path().join("charte.lock")).unwrap();
    let doc = dir.path().join("cat/ins/2.0.0.toml");
    assert!(lock.contains("source = \"cat/ins/2.0.0.toml\"\n"), "{lock}");
    assert!(
        lock.contains(&format!("sha256 = \"{}\"\n", sha(&doc))),
        "{lock}"
    );
    let a = check(&["check", "--frozen", "--format", "json"]).code(1);
    let report: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(codes(&report), ["missing-declaration"]);
    // A document changed after it was locked is refused, not used.
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("INSi", "INS-i")).unwrap();
    let a = check(&["check", "--frozen"]).code(3);
    let err = stderr(&a);
    assert!(
        err.contains("the document changed since it was locked"),
        "{err}"
    );
    assert!(err.contains("run `charte update ins`"), "{err}");
    // Meant: `update` locks the new bytes, and the folder's index is rebuilt.
    import(dir.path(), &["exigences-ins.csv", "--into", "cat"]).success();
    std::fs::write(&doc, text.replace("INSi", "INS-i")).unwrap();
    charte()
        .current_dir(dir.path())
        .args(["catalogue", "index", "cat"])
        .assert()
        .success();
    check(&["update", "ins"]).success();
    check(&["check", "--frozen"]).code(1);
    // The folder is named relative to the manifest.
    std::fs::write(
        dir.path().join("charte.toml"),
        crate::fetch::manifest("/srv/cat", "\"ins\""),
    )
    .unwrap();
    let err = stderr(&check(&["check"]).code(2));
    assert!(
        err.contains(
            "`index` cannot be used: a catalogue folder is written relative to the manifest"
        ),
        "{err}"
    );
}

#[test]
fn a_document_that_cannot_be_written_leaves_the_index_as_it_was() {
    let dir = csv_project();
    // A file where the document's folder goes.
    std::fs::create_dir_all(dir.path().join("cat")).unwrap();
    std::fs::write(dir.path().join("cat/ins"), "").unwrap();
    let a = import(dir.path(), &["exigences-ins.csv", "--into", "cat"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: cannot write cat/ins/2.0.0.toml: File exists (os error 17) — a file is in the way of a folder: move it away; cat/index.json was not written\n"
    );
    assert!(!dir.path().join("cat/index.json").exists());
}
