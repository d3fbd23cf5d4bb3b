//! The walk-through of `examples/import/`: its two made-up official files
//! are the ones written here (regenerated with `CHARTE_WRITE_EXAMPLES=1`),
//! and every command of its README runs here, the date fixed, with the
//! output the README shows (snapshot, and the README's own section).
//!
//! The texts are ours: a fictional REM on teleconsultation in the layout of
//! a REM annex and of an iteration sheet, with realistic ids.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::support::{charte, root, TODAY};

const FOLDER: &str = "examples/import";
const ANNEX: &str = "rem-lgc.xlsx";
const ITERATION: &str = "rem-lgc-iteration-2-2026-03-02.xlsx";
const README: &str = "README.md";
/// The README's generated section lies between these lines.
const BEGIN: &str = "<!-- walk-through: written by tests/cli/import_example.rs -->";
const END: &str = "<!-- end of walk-through -->";

/// An .xlsx of one sheet, the same bytes each time.
fn workbook(sheet_name: &str, header: &[&str], rows: &[&[&str]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 15).unwrap();
    book.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("Exemple fictif pour charte")
            .set_comment("Textes inventés pour la documentation de charte : aucun texte officiel."),
    );
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).unwrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, *cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// Iteration 1, as a REM annex: five requirements, one over two scenarios,
/// one under a profile.
fn annex() -> Vec<u8> {
    let header: &[&str] = &[
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
    let rows: &[&[&str]] = &[
        &[
            "NON", "Général", "TLC/RDV", "TLC/RDV_Rendez-vous", "Rendez-vous",
            "Proposer un créneau de téléconsultation", "EXIGENCE", "TLC/RDV.01",
            "<p>Le logiciel DOIT permettre au professionnel de proposer un créneau de téléconsultation et d&rsquo;en envoyer le lien au patient.</p>",
            "TLC/RDV.01.01", "Proposer un créneau et envoyer le lien",
            "TLC/RDV.01.01.01", "Captures d'écran de la proposition et du message reçu",
            "", "",
        ],
        &[
            "NON", "Général", "TLC/RDV", "TLC/RDV_Rendez-vous", "Rendez-vous",
            "Rappeler le rendez-vous", "PRECONISATION", "TLC/RDV.02",
            "Le logiciel PEUT envoyer au patient un rappel la veille du rendez-vous.",
            "", "", "", "", "", "",
        ],
        &[
            "NON", "Général", "TLC/VID", "TLC/VID_Séance vidéo", "Séance",
            "Afficher l'identité du patient", "EXIGENCE", "TLC/VID.01",
            "<p>Le logiciel DOIT afficher l'identité du patient au début de la séance.</p>",
            "TLC/VID.01.01", "Ouvrir une séance",
            "TLC/VID.01.01.01", "Vidéo de l'ouverture d'une séance",
            "", "",
        ],
        &[
            "NON", "Général", "TLC/VID", "TLC/VID_Séance vidéo", "Séance",
            "Afficher l'identité du patient", "EXIGENCE", "TLC/VID.01",
            "<p>Le logiciel DOIT afficher l'identité du patient au début de la séance.</p>",
            "TLC/VID.01.02", "Reprendre une séance interrompue",
            "TLC/VID.01.02.01", "Vidéo de la reprise d'une séance",
            "", "",
        ],
        &[
            "NON", "Général", "TLC/VID", "TLC/VID_Séance vidéo", "Séance",
            "Signaler une connexion trop lente", "EXIGENCE", "TLC/VID.02",
            "Le logiciel DOIT signaler au professionnel une connexion trop lente pour la vidéo.",
            "TLC/VID.02.01", "Limiter le débit pendant une séance",
            "TLC/VID.02.01.01", "Capture d'écran de l'alerte",
            "", "",
        ],
        &[
            "OUI", "Profil Centres de santé", "TLC/CR", "TLC/CR_Compte rendu", "Après la séance",
            "Produire le compte rendu", "EXIGENCE", "TLC/CR.01",
            "Le logiciel DOIT produire le compte rendu de la téléconsultation et le verser au dossier du patient.",
            "TLC/CR.01.01", "Clore une séance",
            "TLC/CR.01.01.01", "Compte rendu produit",
            "TLC/CR.01.01.02", "Capture d'écran du dossier du patient",
        ],
    ];
    workbook("Exigences", header, rows)
}

/// Iteration 2, as an iteration sheet: one wording revised, one
/// requirement gone, one renumbered (the comment says so in words), one new.
fn iteration() -> Vec<u8> {
    let header: &[&str] = &[
        "ID Exigence",
        "Domaine (Chantier)",
        "Bloc",
        "Fonction",
        "Nature de l'exigence",
        "Evolution",
        "Commentaire ANS/DNS/CNAM",
        "Enoncé de l'exigence - Itération #2",
        "Ancien énoncé de l'exigence - Itération #1",
        "Remarques (éditeurs)",
        "REM",
    ];
    let rows: &[&[&str]] = &[
        &[
            "TLC/RDV.01", "TLC/RDV", "Rendez-vous", "Proposer un créneau de téléconsultation",
            "Obligatoire", "Inchangée", "",
            "Le logiciel DOIT permettre au professionnel de proposer un créneau de téléconsultation et d’en envoyer le lien au patient.",
            "Le logiciel DOIT permettre au professionnel de proposer un créneau de téléconsultation et d’en envoyer le lien au patient.",
            "", "LGC",
        ],
        &[
            "TLC/RDV.02", "TLC/RDV", "Rendez-vous", "Rappeler le rendez-vous",
            "Préconisée", "Inchangée", "",
            "Le logiciel PEUT envoyer au patient un rappel la veille du rendez-vous.",
            "", "", "LGC",
        ],
        &[
            "TLC/VID.01", "TLC/VID", "Séance", "Afficher et faire confirmer l'identité du patient",
            "Obligatoire", "Modifiée", "Le professionnel confirme désormais l'identité.",
            "Le logiciel DOIT afficher l'identité du patient au début de la séance et demander au professionnel de confirmer qu'il l'a vérifiée.",
            "Le logiciel DOIT afficher l'identité du patient au début de la séance.",
            "", "LGC",
        ],
        &[
            "TLC/VID.02", "TLC/VID", "Séance", "Signaler une connexion trop lente",
            "Obligatoire", "Obsolète", "Couvert par les conditions générales du service.",
            "Le logiciel DOIT signaler au professionnel une connexion trop lente pour la vidéo.",
            "", "", "LGC",
        ],
        &[
            "TLC/VID.03", "TLC/VID", "Séance", "Partager un document pendant la séance",
            "Obligatoire", "Nouvelle", "",
            "Le logiciel DOIT permettre au professionnel de partager un document avec le patient pendant la séance.",
            "", "", "LGC",
        ],
        &[
            "TLC/DOC.01", "TLC/DOC", "Après la séance", "Produire le compte rendu",
            "Obligatoire", "Inchangée", "Renumérotée : anciennement TLC/CR.01.",
            "Le logiciel DOIT produire le compte rendu de la téléconsultation et le verser au dossier du patient.",
            "", "", "LGC",
        ],
    ];
    workbook("Itération 2", header, rows)
}

fn folder() -> PathBuf {
    root().join(FOLDER)
}

#[test]
fn the_example_files_are_the_ones_written_here() {
    let writing = std::env::var_os("CHARTE_WRITE_EXAMPLES").is_some();
    for (name, bytes) in [(ANNEX, annex()), (ITERATION, iteration())] {
        let path = folder().join(name);
        if writing {
            std::fs::write(&path, &bytes).unwrap();
        }
        assert!(
            std::fs::read(&path).ok() == Some(bytes),
            "{} differs from what tests/cli/import_example.rs writes: run CHARTE_WRITE_EXAMPLES=1 cargo test --test cli import_example",
            path.display()
        );
    }
}

/// One step of the walk-through: the command as the README shows it, and
/// what it printed (stderr, then stdout), with its exit code when not 0.
fn step(dir: &Path, args: &[&str], transcript: &mut String) {
    let a = charte().current_dir(dir).args(args).assert();
    let out = a.get_output();
    transcript.push_str(&format!("$ charte {}\n", args.join(" ")));
    transcript.push_str(&String::from_utf8_lossy(&out.stderr));
    transcript.push_str(&String::from_utf8_lossy(&out.stdout));
    match out.status.code() {
        Some(0) => {}
        Some(code) => transcript.push_str(&format!("(exit code {code})\n")),
        None => panic!("charte {args:?} was killed"),
    }
    transcript.push('\n');
}

#[test]
fn the_walk_through_runs_as_the_readme_shows() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["charte.toml", ANNEX, ITERATION] {
        std::fs::copy(folder().join(name), dir.path().join(name)).unwrap();
    }
    let d = dir.path();
    let today = ["--today", TODAY];
    let mut transcript = String::new();
    step(
        d,
        &[
            "referentials",
            "import",
            ANNEX,
            "--into",
            "referentiels",
            "--yes",
        ],
        &mut transcript,
    );
    step(
        d,
        &["use", "add", "rem-lgc", "--from", "referentiels"],
        &mut transcript,
    );
    step(d, &[today[0], today[1], "check"], &mut transcript);
    step(
        d,
        &[
            "referentials",
            "import",
            ITERATION,
            "--into",
            "referentiels",
        ],
        &mut transcript,
    );
    step(
        d,
        &[today[0], today[1], "update", "rem-lgc"],
        &mut transcript,
    );
    step(d, &[today[0], today[1], "check"], &mut transcript);
    let transcript = transcript.trim_end().to_string() + "\n";
    insta::assert_snapshot!("import_example_walk_through", transcript);

    let readme_path = folder().join(README);
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let (before, rest) = readme
        .split_once(BEGIN)
        .expect("the README's walk-through start");
    let (_, after) = rest.split_once(END).expect("the README's walk-through end");
    let written = format!("{before}{BEGIN}\n```console\n{transcript}```\n{END}{after}");
    if std::env::var_os("CHARTE_WRITE_EXAMPLES").is_some() {
        std::fs::write(&readme_path, &written).unwrap();
    }
    assert!(
        readme == written,
        "{FOLDER}/{README} does not show what the commands print: run CHARTE_WRITE_EXAMPLES=1 cargo test --test cli import_example"
    );
}
