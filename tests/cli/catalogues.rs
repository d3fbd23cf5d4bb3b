//! Several catalogues at once (SPEC §6, end): `[referentials] index` lists
//! the embedded catalogue, local catalogue folders filled by `referentials
//! import` and https indexes (here a loopback server); a referential two of
//! them offer must be taken `from` one; `charte.lock` records each
//! referential's catalogue; keys and serials are checked per catalogue;
//! `update` shows the impact of a re-import; `import --into` offers to add
//! the folder to `index`.

use std::path::Path;

use crate::server::Server;
use crate::signed_catalogue::keypair;
use crate::support::{charte, stderr, stdout, TODAY};

/// charte's CSV layout: `ins` 2.0.0, the id the embedded catalogue offers too.
const CSV: &str = "\
referential,version,label,publisher,published,id,section,title,nature,criticality,kinds,services,profiles,text,proof,proof-label,status
ins,2.0.0,Référentiel national d'identitovigilance,ANS,2021-06-01,INS.01,INS,Qualifier l'identité par INSi,exigence,majeure,LGC|DPI,insi,,Le logiciel DOIT appeler le téléservice INSi.,INS.01.01.01,Vidéo du scénario,approved
ins,,,,,INS.02,INS,Afficher les traits stricts,preconisation,,,,Profil Centres de santé,Le logiciel PEUT afficher les traits.,,,approved
ins,,,,,INS.03,INS,Tracer les appels,exigence,,LGC,,,Le logiciel DOIT tracer les appels.,,,approved
";

/// A newer export of the same source: INS.01 revised, INS.02 renumbered
/// INS.05, INS.03 gone, INS.06 new.
const CSV_NEWER: &str = "\
referential,version,label,publisher,published,id,section,title,nature,criticality,kinds,services,profiles,text,proof,proof-label,status,revised,replaces
ins,2.1.0,Référentiel national d'identitovigilance,ANS,2022-06-01,INS.01,INS,Qualifier l'identité par INSi,exigence,majeure,LGC|DPI,insi,,Le logiciel DOIT appeler INSi à chaque création.,INS.01.01.01,Vidéo du scénario,approved,2022-06-01,
ins,,,,,INS.05,INS,Afficher les traits stricts,preconisation,,,,Profil Centres de santé,Le logiciel PEUT afficher les traits.,,,approved,,INS.02
ins,,,,,INS.06,INS,Nouvelle exigence,exigence,,LGC,,,Le logiciel DOIT faire autre chose.,,,approved,,
";

fn manifest(referentials: &str) -> String {
    format!(
        r#"schema = 1

[organization]
name = "Exemple Santé SAS"
siren = "732829320"
contact = "conformite@exemple.fr"

[referentials]
{referentials}

[[product]]
id = "exemple-lgc"
name = "Exemple Cabinet"
version = "5.2.0"
kind = "lgc"
services = ["insi", "mssante"]
"#
    )
}

/// A project folder with its own cache.
struct Project {
    dir: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Project {
    fn new(referentials: &str) -> Project {
        let p = Project {
            dir: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        p.write(referentials);
        p
    }

    fn write(&self, referentials: &str) {
        std::fs::write(self.path().join("charte.toml"), manifest(referentials)).unwrap();
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        charte()
            .current_dir(self.path())
            .env("CHARTE_CACHE_DIR", self.cache.path())
            .arg("--today")
            .arg(TODAY)
            .args(args)
            .assert()
    }

    /// `referentials import` of `csv` into the folder `into`, with `extra` arguments.
    fn import(&self, csv: &str, into: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
        std::fs::write(self.path().join("source.csv"), csv).unwrap();
        self.run(
            &[
                &["referentials", "import", "source.csv", "--into", into],
                extra,
            ]
            .concat(),
        )
    }

    fn lock(&self) -> String {
        std::fs::read_to_string(self.path().join("charte.lock")).unwrap()
    }

    fn manifest(&self) -> String {
        std::fs::read_to_string(self.path().join("charte.toml")).unwrap()
    }
}

/// Imports `csv` (with `extra` arguments) into `dir`, outside any project.
fn import_into(dir: &Path, csv: &str, extra: &[&str]) {
    std::fs::write(dir.join("source.csv"), csv).unwrap();
    charte()
        .current_dir(dir)
        .args(["referentials", "import", "source.csv", "--into", "cat"])
        .args(extra)
        .assert()
        .success();
}

/// 64 hex digits hidden: they follow the importer's output.
fn hide_sha256(text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\n')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        out.push_str(if run.len() == 64 { "<sha256>" } else { &run });
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// A project using a referential of each kind of catalogue: `ssi` of the
/// embedded one, `dossier` imported into its folder `referentiels`, and
/// `registre` from the index at `url`, served from `served` by `server`.
fn three_catalogues() -> (tempfile::TempDir, Server, String, Project) {
    let served = tempfile::tempdir().unwrap();
    import_into(served.path(), CSV, &["--id", "registre"]);
    let server = Server::start(&served.path().join("cat"));
    let url = server.url("index.json");
    let p = Project::new(&format!(
        "index = [\"embedded\", \"referentiels\", \"{url}\"]\nuse = [\"ssi\", \"dossier\", \"registre\"]"
    ));
    p.import(CSV, "referentiels", &["--id", "dossier"])
        .success();
    (served, server, url, p)
}

#[test]
fn embedded_local_and_remote_catalogues_together() {
    let (_served, server, url, p) = three_catalogues();
    let a = p.run(&["fetch"]).success();
    assert_eq!(
        stdout(&a),
        format!(
            "  embedded ssi 2.0.0\n     local dossier 2.0.0\ndownloaded registre 2.0.0\n\
             wrote charte.lock: 3 referentials from the catalogues `embedded`, `referentiels` and `{url}`\n"
        )
    );
    let lock = hide_sha256(&p.lock()).replace(&url.replace("/index.json", ""), "http://<server>");
    insta::assert_snapshot!("several_catalogues_lock", lock);
    // Checked with no network, from the lock and the cache.
    drop(server);
    p.run(&["check", "--frozen"]).code(1);
    let a = p
        .run(&["--offline", "referentials", "list", "--format", "json"])
        .success();
    let listing: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let dossier = listing["referentials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "dossier")
        .unwrap();
    assert_eq!(dossier["catalogue"], "referentiels");
    assert_eq!(dossier["locked"], "2.0.0");
}

#[test]
fn an_id_two_catalogues_offer_is_an_error_until_use_says_which() {
    let p = Project::new("index = [\"embedded\", \"referentiels\"]\nuse = [\"ssi\", \"ins@2\"]");
    p.import(CSV, "referentiels", &[]).success();
    let a = p.run(&["fetch"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: `ins` is offered by 2 catalogues of [referentials] index: `embedded` and `referentiels`
  --> charte.toml:10:15
   |
10 | use = [\"ssi\", \"ins@2\"]
   |               ^^^^^^^ which catalogue?
   |
   = help: say which in `use`: write `{ id = \"ins@^2\", from = \"embedded\" }` (or `from = \"referentiels\"`)

error: charte.toml has 1 problem; nothing was checked
"
    );
    assert!(!p.path().join("charte.lock").exists());
    p.run(&["check"]).code(2);

    // `from` resolves it; `use add --from` writes it.
    let a = p
        .run(&["use", "add", "ins@2", "--from", "referentiels"])
        .success();
    assert_eq!(
        stdout(&a),
        "changed to `ins@2`: ins 2.0.0\nwrote charte.toml and charte.lock\n"
    );
    assert!(
        p.manifest()
            .contains("use = [\"ssi\", { id = \"ins@2\", from = \"referentiels\" }]\n"),
        "{}",
        p.manifest()
    );
    let lock = p.lock();
    assert!(
        lock.contains("id = \"ins\"\nversion = \"2.0.0\"\ncatalogue = \"referentiels\"\nsource = \"referentiels/ins/2.0.0.toml\"\n"),
        "{lock}"
    );
    p.run(&["check", "--locked"]).code(1);
    // The other way round, written by hand.
    p.write("index = [\"embedded\", \"./referentiels/\"]\nuse = [\"ssi\", { id = \"ins\", from = \"embedded\" }]");
    p.run(&["fetch"]).success();
    assert!(p.lock().contains(
        "id = \"ins\"\nversion = \"2.0.0\"\ncatalogue = \"embedded\"\nsource = \"embedded\"\n"
    ));
}

#[test]
fn a_from_naming_no_catalogue_or_one_without_the_id_is_an_error() {
    let p = Project::new(
        "index = [\"embedded\", \"referentiels\"]\nuse = [{ id = \"ins\", from = \"ailleurs\" }]",
    );
    p.import(CSV, "referentiels", &["--id", "dossier"])
        .success();
    let a = p.run(&["fetch"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: `from` names `ailleurs`, which is not a catalogue of [referentials] index
  --> charte.toml:10:29
   |
10 | use = [{ id = \"ins\", from = \"ailleurs\" }]
   |                             ^^^^^^^^^^ not in `index`
   |
   = help: `index` lists `embedded` and `referentiels`: write one of them in `from`, or add the catalogue to `index`

error: charte.toml has 1 problem; nothing was checked
"
    );
    p.write(
        "index = [\"embedded\", \"referentiels\"]\nuse = [{ id = \"dossier\", from = \"embedded\" }]",
    );
    let a = p.run(&["fetch"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: the catalogue `embedded` does not offer `dossier`
  --> charte.toml:10:33
   |
10 | use = [{ id = \"dossier\", from = \"embedded\" }]
   |                                 ^^^^^^^^^^ not offered there
   |
   = help: it is offered by `referentiels`: write `{ id = \"dossier\", from = \"referentiels\" }`

error: charte.toml has 1 problem; nothing was checked
"
    );
    let a = p.run(&["use", "add", "ssi", "--from", "ailleurs"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: --from ailleurs: [referentials] index of charte.toml does not list it; nothing was changed
  help: it lists `embedded` and `referentiels`: name one of them, or add the catalogue to `index`
"
    );
    // One key for several catalogues says which is meant.
    p.write("index = [\"embedded\", \"referentiels\"]\nkey = \"RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\"\nuse = [\"ssi\"]");
    let a = p.run(&["fetch"]).code(2);
    assert!(
        stderr(&a).starts_with("error: `key` is one key, and `index` lists 2 catalogues\n"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn frozen_and_locked_pin_a_local_catalogue() {
    let p = Project::new("index = [\"embedded\", \"referentiels\"]\nuse = [\"ssi\", \"dossier\"]");
    p.import(CSV, "referentiels", &["--id", "dossier"])
        .success();
    let a = p.run(&["fetch", "--locked"]).code(3);
    assert_eq!(
        stderr(&a),
        "error: charte.lock is missing, and --locked forbids writing it: run `charte fetch` without --locked and commit charte.lock\n"
    );
    p.run(&["check", "--frozen"]).code(3);
    p.run(&["fetch"]).success();
    p.run(&["check", "--frozen"]).code(1);
    p.run(&["fetch", "--locked"]).success();
    // A document changed behind the lock's back is never used.
    let doc = p.path().join("referentiels/dossier/2.0.0.toml");
    let kept = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, kept.replace("INSi", "INS-i")).unwrap();
    for flag in ["--frozen", "--locked"] {
        let a = p.run(&["check", flag]).code(3);
        assert!(
            stderr(&a).contains("the document changed since it was locked; nothing of it was used"),
            "{}",
            stderr(&a)
        );
    }
    std::fs::write(&doc, kept).unwrap();
    p.run(&["check", "--frozen"]).code(1);
    // A catalogue added to `index` is out of date with the lock.
    p.write("index = [\"embedded\", \"referentiels\", \"autres\"]\nuse = [\"ssi\", \"dossier\"]");
    p.import(CSV, "autres", &["--id", "autre"]).success();
    let a = p.run(&["check", "--locked"]).code(3);
    assert_eq!(
        stderr(&a),
        "error: charte.lock is out of date with [referentials] use, and --locked forbids updating it:
  the lock was resolved from the catalogues `embedded` and `referentiels`, and [referentials] index lists `embedded`, `referentiels` and `autres`
  run `charte fetch` and commit charte.lock
"
    );
}

/// A served catalogue signed by a key of `keys`, with `serial`.
fn signed_catalogue(served: &Path, keys: &Path, serial: u64) {
    let index = served.join("cat/index.json");
    let text = std::fs::read_to_string(&index).unwrap();
    let text = match text.find("\"serial\"") {
        Some(_) => text,
        None => text.replacen("\"schema\": 1,", "\"schema\": 1,\n  \"serial\": 0,", 1),
    };
    let at = text.find("\"serial\": ").unwrap() + "\"serial\": ".len();
    let end = at + text[at..].find(',').unwrap();
    std::fs::write(&index, format!("{}{serial}{}", &text[..at], &text[end..])).unwrap();
    charte()
        .args(["catalogue", "sign"])
        .arg(served.join("cat"))
        .arg("--key")
        .arg(keys.join("catalogue.key"))
        .assert()
        .success();
}

#[test]
fn a_key_and_a_serial_hold_for_their_own_catalogue_only() {
    let served = tempfile::tempdir().unwrap();
    import_into(served.path(), CSV, &["--id", "registre"]);
    let keys = tempfile::tempdir().unwrap();
    let public = keypair(keys.path(), "catalogue.key");
    signed_catalogue(served.path(), keys.path(), 3);
    let server = Server::start(&served.path().join("cat"));
    let url = server.url("index.json");
    let p = Project::new(&format!(
        "index = [{{ at = \"{url}\", key = \"{public}\" }}, \"referentiels\"]\nuse = [\"registre\", \"dossier\"]"
    ));
    // The local folder is not signed, and needs not be.
    p.import(CSV, "referentiels", &["--id", "dossier"])
        .success();
    p.run(&["fetch"]).success();
    let lock = p.lock();
    assert!(
        lock.contains(&format!("[[catalogue]]\nat = \"{url}\"\nsha256 = ")),
        "{lock}"
    );
    assert!(lock.contains("serial = 3\n"), "{lock}");
    // A lower serial of the signed catalogue is a rollback.
    signed_catalogue(served.path(), keys.path(), 2);
    let a = p.run(&["fetch"]).code(3);
    assert!(
        stderr(&a).starts_with(&format!(
            "error: {url} has serial 2, lower than the serial 3 charte.lock was resolved from"
        )),
        "{}",
        stderr(&a)
    );
    // Unsigned, it is refused; the folder beside it never needed a key.
    signed_catalogue(served.path(), keys.path(), 4);
    std::fs::remove_file(served.path().join("cat/index.json.minisig")).unwrap();
    let a = p.run(&["fetch"]).code(3);
    assert!(
        stderr(&a).starts_with(&format!("error: {url} is refused: it is not signed")),
        "{}",
        stderr(&a)
    );
    // A key on the local folder is refused, naming its line.
    p.write(&format!(
        "index = [\"{url}\", {{ at = \"referentiels\", key = \"{public}\" }}]\nuse = [\"registre\", \"dossier\"]"
    ));
    let a = p.run(&["fetch"]).code(2);
    assert_eq!(
        stderr(&a),
        "error: charte.toml:9: a `key` signs a remote index, and `referentiels` is a local catalogue folder, \
         trusted as the project's own files: remove its `key`, or name the signed https index\n"
    );
}

#[test]
fn update_shows_the_impact_of_a_reimport_beside_the_embedded_catalogue() {
    let p = Project::new("index = [\"embedded\", \"referentiels\"]\nuse = [\"ssi\", \"dossier\"]");
    p.import(CSV, "referentiels", &["--id", "dossier"])
        .success();
    let declarations = "\n[[declaration]]\nproduct = \"exemple-lgc\"\nrequirement = \"dossier:INS.01\"\nstatus = \"conform\"\nevidence = [{ ref = \"x\", date = 2026-03-02 }]\ndeclared = 2026-03-02\n\n[[declaration]]\nproduct = \"exemple-lgc\"\nrequirement = \"dossier:INS.02\"\nstatus = \"planned\"\ndue = 2027-01-01\ndeclared = 2026-03-02\n";
    let text = p.manifest() + declarations;
    std::fs::write(p.path().join("charte.toml"), text).unwrap();
    p.run(&["fetch"]).success();
    let a = p
        .import(CSV_NEWER, "referentiels", &["--id", "dossier", "--yes"])
        .success();
    assert_eq!(
        stderr(&a),
        "wrote referentiels/dossier/2.1.0.toml (3 requirements)\nthen: charte update dossier\n"
    );
    // The lock still pins 2.0.0.
    p.run(&["check", "--frozen"]).code(1);
    let a = p
        .run(&["update", "--dry-run", "--format", "json"])
        .success();
    let impact: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let moves = impact["referentials"].as_array().unwrap();
    assert_eq!(moves.len(), 2, "{impact:#}");
    let dossier = moves.iter().find(|m| m["id"] == "dossier").unwrap();
    assert_eq!(dossier["from"], "2.0.0");
    assert_eq!(dossier["to"], "2.1.0");
    let a = p.run(&["update"]).success();
    insta::assert_snapshot!("several_catalogues_update", stdout(&a));
    assert!(p
        .lock()
        .contains("version = \"2.1.0\"\ncatalogue = \"referentiels\"\n"));
}

#[test]
fn import_into_offers_to_add_the_folder_to_index() {
    let p = Project::new("use = [\"ssi\"]");
    // No terminal, no --yes: only the line to write.
    let a = p
        .import(CSV, "referentiels", &["--id", "dossier"])
        .success();
    assert_eq!(
        stderr(&a),
        "wrote referentiels/dossier/2.0.0.toml (3 requirements)
to use it, write in [referentials] of charte.toml (or run this again with --yes):
  index = [\"embedded\", \"referentiels\"]
then: charte use add dossier --from referentiels
"
    );
    assert_eq!(p.manifest(), manifest("use = [\"ssi\"]"));
    let a = p
        .import(CSV, "referentiels", &["--id", "dossier", "--yes"])
        .success();
    assert_eq!(
        stderr(&a),
        "wrote referentiels/dossier/2.0.0.toml (3 requirements)
added referentiels to [referentials] index of charte.toml
then: charte use add dossier --from referentiels
"
    );
    assert_eq!(
        p.manifest(),
        manifest("use = [\"ssi\"]\nindex = [\"embedded\", \"referentiels\"]")
    );
    p.run(&["use", "add", "dossier", "--from", "referentiels"])
        .success();
    p.run(&["check", "--locked"]).code(1);
    // Listed already: nothing to add.
    let a = p
        .import(CSV, "referentiels", &["--id", "dossier"])
        .success();
    assert_eq!(
        stderr(&a),
        "wrote referentiels/dossier/2.0.0.toml (3 requirements)\nthen: charte update dossier\n"
    );
}

#[test]
fn update_moves_referentials_of_several_catalogues_at_once() {
    let (served, _server, url, p) = three_catalogues();
    p.run(&["fetch"]).success();
    // Newer exports, into the folder and onto the server.
    p.import(CSV_NEWER, "referentiels", &["--id", "dossier"])
        .success();
    import_into(served.path(), CSV_NEWER, &["--id", "registre"]);
    let a = p.run(&["update", "--format", "json"]).success();
    let impact: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let moved: Vec<(String, String, usize)> = impact["referentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_string(),
                m["to"].as_str().unwrap().to_string(),
                m["changes"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        moved,
        [
            ("ssi".to_string(), "2.0.0".to_string(), 0),
            ("dossier".to_string(), "2.1.0".to_string(), 4),
            ("registre".to_string(), "2.1.0".to_string(), 4),
        ]
    );
    let lock = p.lock();
    assert!(
        lock.contains(&format!(
            "id = \"registre\"\nversion = \"2.1.0\"\ncatalogue = \"{url}\"\n"
        )),
        "{lock}"
    );
    p.run(&["check", "--frozen"]).code(1);
}

#[test]
fn the_serial_of_a_lock_of_one_catalogue_still_guards_its_index_among_several() {
    let served = tempfile::tempdir().unwrap();
    import_into(served.path(), CSV, &["--id", "registre"]);
    let keys = tempfile::tempdir().unwrap();
    let public = keypair(keys.path(), "catalogue.key");
    signed_catalogue(served.path(), keys.path(), 3);
    let server = Server::start(&served.path().join("cat"));
    let url = server.url("index.json");
    let p = Project::new(&format!(
        "index = \"{url}\"\nkey = \"{public}\"\nuse = [\"registre\"]"
    ));
    p.run(&["fetch"]).success();
    assert!(p.lock().contains("version = 1\nserial = 3\n"));
    p.import(CSV, "referentiels", &["--id", "dossier"])
        .success();
    p.write(&format!(
        "index = [{{ at = \"{url}\", key = \"{public}\" }}, \"referentiels\"]\nuse = [\"registre\", \"dossier\"]"
    ));
    signed_catalogue(served.path(), keys.path(), 2);
    let a = p.run(&["fetch"]).code(3);
    assert!(
        stderr(&a).starts_with(&format!(
            "error: {url} has serial 2, lower than the serial 3"
        )),
        "{}",
        stderr(&a)
    );
    signed_catalogue(served.path(), keys.path(), 3);
    p.run(&["fetch"]).success();
    assert!(p.lock().contains(&format!("at = \"{url}\"\nsha256 = ")));
}
