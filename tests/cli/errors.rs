//! The exact message of each main bad input: the first thing a user reads
//! when something is wrong, so a change of its wording is a decision, not
//! an accident. Every run here also asserts that nothing goes to stdout.
//!
//! Covered exactly elsewhere: a bad row of an import (the snapshot of
//! `bulk::every_bad_row_is_reported_and_nothing_written`), wrong types in
//! the manifest (`bad_input::wrong_types_are_all_reported_in_one_run`).

use crate::support::{Test, MINIMAL};

#[test]
fn no_manifest_in_the_folder_or_above_says_how_to_make_one() {
    Test::new()
        .args(["check"])
        .stderr(
            "\
error: could not find charte.toml in [DIR] or any parent folder

  create one with `charte init`,
  or point at it with --manifest PATH or CHARTE_MANIFEST
",
        )
        .status(2)
        .run();
}

#[test]
fn a_folder_given_as_the_manifest_points_inside_it() {
    Test::new()
        .folder("sub")
        .args(["--manifest", "sub", "check"])
        .stderr(
            "\
error: sub is a folder, not a manifest: point --manifest at the charte.toml inside it
",
        )
        .status(2)
        .run();
}

#[test]
fn invalid_toml_points_at_the_syntax_error() {
    Test::new()
        .manifest("schema = 1\n[organization\nname = \"x\"\n")
        .args(["check"])
        .stderr(
            "\
error: TOML syntax: unclosed table, expected `]`
 --> charte.toml:2:14
  |
2 | [organization
  |              ^
  |
  = help: see https://toml.io for the syntax of TOML

error: charte.toml has 1 problem; nothing was checked
",
        )
        .status(2)
        .run();
}

#[test]
fn an_unknown_key_suggests_the_nearest_one() {
    Test::new()
        .manifest(&MINIMAL.replace(
            "services = [\"insi\"]",
            "services = [\"insi\"]\nprofils = []",
        ))
        .args(["check"])
        .stderr(
            "\
error: unknown key `profils` in [[product]]
  --> charte.toml:17:1
   |
17 | profils = []
   | ^^^^^^^ unknown key
   |
   = help: did you mean `profiles`?

error: charte.toml has 1 problem; nothing was checked
",
        )
        .status(2)
        .run();
}

#[test]
fn an_unknown_referential_suggests_the_nearest_one() {
    Test::new()
        .manifest(&MINIMAL.replace("use = [\"ins\"]", "use = [\"ins\", \"mssante\"]"))
        .args(["check"])
        .stderr(
            "\
error: the catalogue has no referential `mssante`
 --> charte.toml:9:15
  |
9 | use = [\"ins\", \"mssante\"]
  |               ^^^^^^^^^ unknown referential
  |
  = help: did you mean `mssante-clients`? `charte referentials list` shows them all

error: charte.toml has 1 problem; nothing was checked
",
        )
        .status(2)
        .run();
}

#[test]
fn an_unknown_status_in_the_manifest_lists_the_statuses() {
    let declaration = "\n[[declaration]]\nproduct = \"exemple-lgc\"\n\
                       requirement = \"ins:INS.01\"\nstatus = \"conforme\"\n";
    Test::new()
        .manifest(&format!("{MINIMAL}{declaration}"))
        .args(["check"])
        .stderr(
            "\
error: unknown status `conforme`
  --> charte.toml:21:10
   |
21 | status = \"conforme\"
   |          ^^^^^^^^^^ unknown status
   |
   = help: did you mean `conform`? statuses are `conform`, `partial`, `non-conform`, `planned` and `not-applicable`

error: charte.toml has 1 problem; nothing was checked
",
        )
        .status(2)
        .run();
}

#[test]
fn declaring_an_unknown_requirement_suggests_the_nearest_one() {
    Test::new()
        .manifest(MINIMAL)
        .args([
            "declare",
            "exemple-lgc",
            "ins:INS.99",
            "--status",
            "conform",
        ])
        .stderr(
            "\
error: ins 2.0.0 has no requirement `INS.99`
  help: did you mean `ins:INS.09`?
",
        )
        .status(2)
        .run();
}

#[test]
fn declaring_for_an_unknown_product_suggests_the_nearest_one() {
    Test::new()
        .manifest(MINIMAL)
        .args([
            "declare",
            "exemple-lgx",
            "ins:INS.01",
            "--status",
            "conform",
        ])
        .stderr(
            "\
error: no product has the id `exemple-lgx`
  help: did you mean `exemple-lgc`?
",
        )
        .status(2)
        .run();
}

#[test]
fn today_must_be_a_day_of_the_calendar() {
    Test::new()
        .manifest(MINIMAL)
        .args(["--today", "2026-02-30", "check"])
        .stderr(
            "\
error: invalid value '2026-02-30' for '--today <DATE>': there is no such day in the calendar (for example 2026-11-23)

For more information, try '--help'.
",
        )
        .status(2)
        .run();
}

#[test]
fn today_must_be_written_year_month_day() {
    Test::new()
        .manifest(MINIMAL)
        .args(["--today", "23/11/2026", "check"])
        .stderr(
            "\
error: invalid value '23/11/2026' for '--today <DATE>': expected a date written YYYY-MM-DD (for example 2026-11-23)

For more information, try '--help'.
",
        )
        .status(2)
        .run();
}

#[test]
fn a_lock_file_that_does_not_parse_says_how_to_write_it_again() {
    Test::new()
        .manifest(MINIMAL)
        .file("charte.lock", "not toml [\n")
        .args(["check"])
        .stderr(
            "\
error: charte.lock is not a valid lockfile: key with no value, expected `=`
 --> charte.lock:1:5
  |
1 | not toml [
  |     ^
  |
  = help: charte.lock is written by charte: delete it and run `charte fetch` to write it again

error: charte.lock has 1 problem; nothing was checked
",
        )
        .status(2)
        .run();
}

#[test]
fn an_unknown_output_format_lists_the_formats() {
    Test::new()
        .manifest(MINIMAL)
        .args(["check", "--format", "jsno"])
        .stderr(
            "\
error: invalid value 'jsno' for '--format <FORMAT>'
  [possible values: table, json, sarif, junit, markdown, oscal]

  tip: a similar value exists: 'json'

For more information, try '--help'.
",
        )
        .status(2)
        .run();
}

#[test]
fn an_unknown_report_format_suggests_the_nearest_one() {
    Test::new()
        .manifest(MINIMAL)
        .args(["check", "--report", "sarf=out.sarif"])
        .stderr(
            "\
error: invalid value 'sarf=out.sarif' for '--report <FORMAT=PATH>': unknown report format `sarf`; did you mean `sarif`? formats are table, json, sarif, junit, markdown, oscal

For more information, try '--help'.
",
        )
        .status(2)
        .run();
}

#[test]
fn a_file_in_the_way_of_the_tool_folder_is_named() {
    Test::new()
        .manifest(MINIMAL)
        .file(".charte", "")
        .args(["product", "set", "exemple-lgc", "--version", "5.3.0"])
        .stderr(
            "\
error: cannot create the folder [DIR]/.charte: File exists (os error 17) — a file is in the way of a folder: move it away; charte.toml was not changed
",
        )
        .status(2)
        .run();
}

#[test]
fn a_folder_in_the_way_of_the_lock_file_is_named() {
    Test::new()
        .manifest(MINIMAL)
        .folder("charte.lock")
        .args(["check", "-q"])
        .stderr(
            "\
error: cannot read charte.lock: it is a folder — move it away: charte needs a file there
",
        )
        .status(2)
        .run();
}

#[test]
fn an_unknown_requirement_to_show_suggests_the_closest() {
    Test::new()
        .args(["referentials", "show", "ins:INS.1"])
        .stderr("error: ins 2.0.0 has no requirement `INS.1`: did you mean `ins:INS.01`?\n")
        .status(2)
        .run();
    Test::new()
        .args(["referentials", "show", "ins:INS.01", "--format", "oscal"])
        .stderr("error: --format oscal shows a whole référentiel: `charte referentials show ins --format oscal`\n")
        .status(2)
        .run();
}
