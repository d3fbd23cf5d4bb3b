//! `charte init`: a commented manifest that `charte check` reads right away.

use std::fs;

use crate::editing::run;
use crate::support::{charte, stderr, stdout};

const FLAGS: &[&str] = &[
    "init",
    "--name",
    "Exemple Santé SAS",
    "--siren",
    "732829320",
    "--contact",
    "conformite@exemple.fr",
    "--yes",
];

#[test]
fn init_for_scripts_then_check_lists_what_to_declare() {
    let dir = tempfile::tempdir().unwrap();
    let a = run(dir.path(), FLAGS).success();
    assert_eq!(
        stdout(&a),
        "created charte.toml for Exemple Santé SAS (SIREN 732829320), declaring against charte-engagements, ins, identification-electronique, ssi\nnext:\n  charte product add ID --name NAME --version VERSION --kind KIND [--service SERVICE]…\n  charte check        lists what to declare\n"
    );
    insta::assert_snapshot!(fs::read_to_string(dir.path().join("charte.toml")).unwrap());
    let check = run(dir.path(), &["check"]).code(1);
    let out = stdout(&check);
    for id in ["IV.1", "IV.2", "IV.3", "IV.4", "IV.5", "IV.6"] {
        assert!(
            out.contains(&format!("no declaration for charte-engagements:{id} ")),
            "{out}"
        );
    }
    // With a product, its requirements are listed too.
    run(
        dir.path(),
        &[
            "product",
            "add",
            "exemple-lgc",
            "--name",
            "Exemple Cabinet",
            "--version",
            "5.2.0",
            "--kind",
            "lgc",
            "--service",
            "insi",
        ],
    )
    .success();
    let check = run(dir.path(), &["check", "--format", "json"]).code(1);
    assert!(stdout(&check).contains("\"requirement\": \"ins:INS.01\""));
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("charte.toml");
    fs::write(&path, "keep me").unwrap();
    let a = run(dir.path(), FLAGS).code(2);
    assert!(stderr(&a).contains("charte.toml already exists; nothing was written"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "keep me");
    let mut forced = FLAGS.to_vec();
    forced.extend([
        "--force",
        "--use",
        "charte-engagements,ins@2,mssante-clients@1",
        "--federation",
        "FEIMA",
    ]);
    run(dir.path(), &forced).success();
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("use = [\"charte-engagements\", \"ins@2\", \"mssante-clients@1\"]"),
        "{text}"
    );
    assert!(text.contains("\nfederation = \"FEIMA\"\n"), "{text}");
}

#[test]
fn init_checks_what_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["init", "--yes"],
            "charte init needs --name, --siren, --contact when it cannot ask",
        ),
        (
            &[
                "init",
                "--name",
                "A",
                "--siren",
                "732829321",
                "--contact",
                "a@b.fr",
                "--yes",
            ],
            "--siren: `732829321` fails the SIREN check (Luhn)",
        ),
        (
            &[
                "init",
                "--name",
                "A",
                "--siren",
                "12345",
                "--contact",
                "a@b.fr",
                "--yes",
            ],
            "--siren: `12345` is not a SIREN: a SIREN is 9 digits",
        ),
        (
            &[
                "init",
                "--name",
                "A",
                "--siren",
                "732829320",
                "--contact",
                "nobody",
                "--yes",
            ],
            "--contact: `nobody` is not an e-mail address",
        ),
        (
            &[
                "init",
                "--name",
                "A",
                "--siren",
                "732829320",
                "--contact",
                "a@b.fr",
                "--use",
                "mssante",
                "--yes",
            ],
            "--use: the catalogue has no referential `mssante`: did you mean `mssante-clients`?",
        ),
        (
            &[
                "init",
                "--name",
                "A",
                "--siren",
                "732829320",
                "--contact",
                "a@b.fr",
                "--use",
                "ins@3",
                "--yes",
            ],
            "no version of `ins` matches `ins@^3`",
        ),
    ];
    for (args, expected) in cases {
        let a = run(dir.path(), args).code(2);
        assert!(stderr(&a).contains(expected), "{args:?}\n{}", stderr(&a));
    }
    assert!(!dir.path().join("charte.toml").exists());
}

#[test]
fn without_a_terminal_init_does_not_ask() {
    let dir = tempfile::tempdir().unwrap();
    // Standard input is a pipe: nothing is read from it.
    let a = charte()
        .current_dir(dir.path())
        .args(["init", "--name", "A"])
        .write_stdin("732829320\na@b.fr\n")
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("needs --siren, --contact"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn init_keeps_the_lock_files_of_dot_charte_out_of_git() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), FLAGS).success();
    let ignore = dir.path().join(".charte/.gitignore");
    assert_eq!(
        fs::read_to_string(&ignore).unwrap(),
        charte::commands::init::TOOL_DIR_GITIGNORE
    );
    assert!(charte::commands::init::TOOL_DIR_GITIGNORE
        .lines()
        .any(|l| l == "*.lock"));
    // A .gitignore the user changed is theirs: `init --force` leaves it.
    fs::write(&ignore, "*.lock\nreceipts/\n").unwrap();
    let mut forced = FLAGS.to_vec();
    forced.push("--force");
    run(dir.path(), &forced).success();
    assert_eq!(fs::read_to_string(&ignore).unwrap(), "*.lock\nreceipts/\n");
}

#[test]
fn init_proposes_what_applies_to_the_products_described() {
    let dir = tempfile::tempdir().unwrap();
    let described = [FLAGS, &["--kind", "lgc", "--service", "dmp,mssante"]].concat();
    let a = run(dir.path(), &described).success();
    assert!(
        stdout(&a).starts_with("created charte.toml for Exemple Santé SAS (SIREN 732829320), declaring against charte-engagements, ins, identification-electronique, mssante-clients, dmp, ssi, segur-lgc\n"),
        "{}",
        stdout(&a)
    );
    // A product as described falls under no référentiel left out.
    run(
        dir.path(),
        &[
            "product",
            "add",
            "exemple-lgc",
            "--name",
            "Exemple Cabinet",
            "--version",
            "5.2.0",
            "--kind",
            "lgc",
            "--service",
            "dmp",
            "--service",
            "mssante",
        ],
    )
    .success();
    let check = run(dir.path(), &["check", "--format", "json"]).code(1);
    let out = stdout(&check);
    assert!(
        out.contains("\"requirement\": \"segur-lgc:LGC.DMP.01\""),
        "{out}"
    );
    assert!(!out.contains("referential-not-in-use"), "{out}");
}

#[test]
fn init_keeps_the_charter_commitments_whatever_use_says() {
    let dir = tempfile::tempdir().unwrap();
    let a = run(dir.path(), &[FLAGS, &["--use", "ins@2,ssi"]].concat()).success();
    assert!(
        stdout(&a).contains("declaring against charte-engagements, ins@2, ssi\n"),
        "{}",
        stdout(&a)
    );
    let text = fs::read_to_string(dir.path().join("charte.toml")).unwrap();
    assert!(
        text.contains("use = [\"charte-engagements\", \"ins@2\", \"ssi\"]"),
        "{text}"
    );
}

#[test]
fn init_refuses_an_unknown_kind_or_service() {
    let dir = tempfile::tempdir().unwrap();
    let a = run(
        dir.path(),
        &[FLAGS, &["--kind", "lgc", "--service", "msante"]].concat(),
    )
    .code(2);
    assert_eq!(
        stderr(&a),
        "error: --service: no referential knows the service `msante`, so it switches no requirement on; did you mean `mssante`?\n"
    );
    let a = run(dir.path(), &[FLAGS, &["--kind", "lcg"]].concat()).code(2);
    assert!(stderr(&a).contains("--kind: unknown kind `lcg`; did you mean `lgc`?"));
    assert!(!dir.path().join("charte.toml").exists());
}
