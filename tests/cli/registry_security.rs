//! Tokens and the registry: an organization's token opens only its own
//! data, a missing or refused token says how to log in, plain http to
//! another machine is refused, the token never shows, the credentials file
//! is private, and a body over the registry's limit is refused. What a
//! registry says is data: shown without its control characters and escape
//! sequences, with the token masked should it echo it, and a receipt out of
//! the protocol's form is refused, stored nowhere and never published.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use charte::net::Method;

use crate::proxy::{Action, Proxy};
use crate::registry::{call, results, Env, MANIFEST, OTHER_SIREN, SIREN};
use crate::support::{stderr, stdout};

/// [`MANIFEST`] for the other organization.
fn other_organization(env: &Env) {
    env.write(
        &MANIFEST
            .replace(SIREN, OTHER_SIREN)
            .replace("Exemple Santé SAS", "Autre Éditeur SAS"),
    );
}

#[test]
fn a_token_opens_only_its_own_organization() {
    let env = Env::start();
    let other_token = charte_registry::add_token(&env.db, OTHER_SIREN, "other").unwrap();

    // The other organization submits; its receipt is its own.
    other_organization(&env);
    let a = env
        .charte()
        .env("CHARTE_TOKEN", &other_token)
        .arg("submit")
        .assert()
        .success();
    let id = results(&stdout(&a))[1].2.clone();
    let receipt = |token: &str| {
        call(
            Method::Get,
            &format!("{}/v1/submissions/{id}", env.url()),
            Some(token),
            &[],
            None,
        )
        .status
    };
    assert_eq!(receipt(&other_token), 200);
    // With the first organization's token: no such receipt.
    assert_eq!(receipt(&env.token), 404);

    // Nor can it submit for the other organization, or read its list.
    for command in ["submit", "status"] {
        let a = env.with_token(&[command]).code(4);
        let err = stderr(&a);
        assert!(
            err.contains(&format!(
                "the token for {} belongs to another organization than {OTHER_SIREN}",
                env.url()
            )),
            "{command}: {err}"
        );
        assert!(err.contains("(403: "), "{err}");
    }
    let document = stdout(
        &env.charte()
            .args([
                "--offline",
                "submit",
                "--dry-run",
                "--product",
                "exemple-lgc",
            ])
            .assert()
            .success(),
    );
    let document = document.trim_end();
    let digest = charte_registry::digest(&serde_json::from_str(document).unwrap());
    let answer = call(
        Method::Post,
        &format!("{}/v1/submissions", env.url()),
        Some(&env.token),
        &[("idempotency-key", &digest)],
        Some(document.as_bytes()),
    );
    assert_eq!(answer.status, 403);
    assert_eq!(env.stored(), 4, "only the other organization's");
}

#[test]
fn a_missing_or_refused_token_says_how_to_log_in() {
    let env = Env::start();
    let login = format!("run `charte login --registry {}`", env.url());
    // None at all: nothing is sent.
    for command in ["submit", "status"] {
        let a = env.charte().arg(command).assert().code(4);
        let err = stderr(&a);
        assert!(
            err.contains(&format!("no token for the registry {}: {login}", env.url())),
            "{err}"
        );
    }
    let a = env.charte().args(["submit", "--dry-run"]).assert().code(4);
    assert!(stderr(&a).contains(&login), "{}", stderr(&a));
    assert_eq!(env.log.contents(), "");
    // What the registry says to a request without one.
    let latest = format!("{}/v1/organizations/{SIREN}/submissions/latest", env.url());
    assert_eq!(call(Method::Get, &latest, None, &[], None).status, 401);

    // A token the registry does not know: 401, from the file or the environment.
    env.charte()
        .arg("login")
        .write_stdin("chr_not-a-token-of-this-registry\n")
        .assert()
        .success();
    for command in ["submit", "status"] {
        let a = env.charte().arg(command).assert().code(4);
        let err = stderr(&a);
        assert!(
            err.contains(&format!("{} refused the token stored in", env.url())),
            "{err}"
        );
        assert!(err.contains("(401: "), "{err}");
        assert!(err.contains(&login), "{err}");
    }
    let a = env
        .charte()
        .env("CHARTE_TOKEN", "chr_revoked")
        .arg("status")
        .assert()
        .code(4);
    let err = stderr(&a);
    assert!(
        err.contains("refused the token in CHARTE_TOKEN (401: "),
        "{err}"
    );
    assert!(err.contains("set CHARTE_TOKEN to a valid token"), "{err}");
    assert_eq!(env.logged(" 401 "), 4);
    assert_eq!(env.stored(), 0);
}

#[test]
fn plain_http_to_another_machine_is_refused_before_connecting() {
    let env = Env::start();
    for command in ["submit", "status", "login", "logout"] {
        let a = env
            .with_token(&[command, "--registry", "http://registre.example.org"])
            .code(2);
        let err = stderr(&a);
        assert!(
            err.contains("http://registre.example.org/ uses plain http"),
            "{command}: {err}"
        );
        assert!(
            err.contains("the token would cross the network in clear"),
            "{err}"
        );
    }
    // In the manifest: an error that points at the line.
    env.edit(env.url(), "http://registre.example.org");
    let a = env.with_token(&["submit"]).code(2);
    let err = stderr(&a);
    assert!(err.contains("charte.toml:9:7"), "{err}");
    assert!(
        err.contains("plain http is allowed only for 127.0.0.1, ::1 and localhost"),
        "{err}"
    );
    assert_eq!(env.log.contents(), "");
}

#[test]
fn a_redirect_is_not_followed_with_the_token() {
    let env = Env::start();
    let elsewhere = format!("{}/v1/organizations/{SIREN}/submissions/latest", env.url());
    let proxy = Proxy::start(
        env.addr(),
        vec![Action::Respond {
            status: 307,
            headers: vec![("location", elsewhere.clone())],
            body: String::new(),
        }],
    );
    let a = env
        .with_token(&["submit", "--registry", &proxy.url()])
        .code(4);
    let err = stderr(&a);
    assert!(err.contains(&format!("redirects to {elsewhere}")), "{err}");
    assert!(
        err.contains("charte sends no token to another address"),
        "{err}"
    );
    // One request, to the proxy; none to where it pointed.
    assert_eq!(proxy.seen("/").len(), 1);
    assert_eq!(env.log.contents(), "");
}

#[test]
fn the_token_never_shows() {
    const CANARY: &str = "chr_canary0123456789abcdef";
    let mut env = Env::start_with(|c| c.max_body(4096));
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut keep = |what: &str, a: assert_cmd::assert::Assert| {
        outputs.push((what.to_string(), format!("{}\n{}", stdout(&a), stderr(&a))));
    };

    // The registry's own token: logged in, submitted, checked, with the
    // errors that come with a body too large and a registry gone.
    keep("login", env.login().success());
    let proxy = Proxy::start(env.addr(), vec![]);
    keep(
        "submit",
        env.charte()
            .args(["-v", "submit", "--registry", &proxy.url()])
            .env("CHARTE_TOKEN", &env.token)
            .assert()
            .success(),
    );
    keep(
        "status",
        env.charte().args(["-v", "status"]).assert().success(),
    );
    keep(
        "status json",
        env.charte()
            .args(["status", "--format", "json"])
            .assert()
            .success(),
    );
    keep(
        "dry run",
        env.charte()
            .args(["submit", "--dry-run"])
            .assert()
            .success(),
    );
    env.edit(
        "L'application ne gère pas d'identité de patient.",
        &"x".repeat(5000),
    );
    keep(
        "too large",
        env.charte().args(["-v", "submit"]).assert().code(4),
    );
    let url = env.url().to_string();
    env.server.take().unwrap().shutdown().unwrap();
    keep(
        "gone",
        env.charte()
            .args(["-v", "submit", "--registry", &url])
            .assert()
            .code(4),
    );
    env.restart();

    // A canary token, refused, from the file and from the environment.
    env.charte()
        .args(["login", "--registry", env.url()])
        .write_stdin(CANARY)
        .assert()
        .success();
    for args in [
        &["-v", "submit", "--registry", env.url()][..],
        &["-v", "status", "--registry", env.url()],
        &["submit", "--dry-run", "--registry", env.url()],
    ] {
        keep(args[1], env.charte().args(args).assert().code(4));
        keep(
            args[1],
            env.charte()
                .env("CHARTE_TOKEN", CANARY)
                .args(args)
                .assert()
                .code(4),
        );
    }
    assert!(outputs.len() >= 12);
    for (what, text) in &outputs {
        assert!(!text.contains(&env.token), "{what}: {text}");
        assert!(!text.contains(CANARY), "{what}: {text}");
    }
    let log = env.log.contents();
    assert!(log.contains(" 401 "), "{log}");
    assert!(!log.contains(&env.token) && !log.contains(CANARY), "{log}");
    assert!(!log.contains("chr_"), "{log}");
    // On the wire, only in the Authorization header.
    let seen = proxy.seen("/");
    assert!(!seen.is_empty());
    for request in seen {
        let lines: Vec<&str> = request
            .head
            .lines()
            .filter(|l| l.contains(&env.token))
            .collect();
        assert_eq!(lines.len(), 1, "{}", request.head);
        assert!(
            lines[0]
                .to_ascii_lowercase()
                .starts_with("authorization: bearer "),
            "{}",
            lines[0]
        );
    }
}

#[cfg(unix)]
#[test]
fn the_credentials_file_is_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;

    let env = Env::start();
    // A shell sets the umask the binary inherits: under 000, a file created
    // with the default mode would be readable and writable by everyone.
    let charte = assert_cmd::cargo::cargo_bin("charte");
    let run = || {
        let output = std::process::Command::new("sh")
            .current_dir(env.project.path())
            .env("CHARTE_CONFIG_DIR", env.config.path().join("nested"))
            .env("CHARTE_BIN", &charte)
            .env_remove("CHARTE_TOKEN")
            .env_remove("CHARTE_MANIFEST")
            .args([
                "-c",
                "umask 000; printf '%s' \"$2\" | \"$CHARTE_BIN\" login --registry \"$1\"",
                "sh",
                env.url(),
                &env.token,
            ])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
    };
    run();
    let dir = env.config.path().join("nested");
    let file = dir.join("credentials.toml");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(&dir), 0o700);
    // Rewritten, it stays private.
    run();
    assert_eq!(mode(&file), 0o600);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&env.token));
}

#[test]
fn a_body_over_the_limit_is_refused_and_the_rest_goes_through() {
    let env = Env::start_with(|c| c.max_body(4096));
    env.edit(
        "L'application ne gère pas d'identité de patient.",
        &"x".repeat(5000),
    );
    let a = env.with_token(&["submit"]).code(4);
    let rows = results(&stdout(&a));
    let result_of = |p: &str| rows.iter().find(|r| r.0 == p).unwrap().1.clone();
    assert_eq!(result_of("exemple-app"), "failed");
    for p in ["(organization)", "exemple-lgc", "exemple-dpi"] {
        assert_eq!(result_of(p), "accepted", "{p}");
    }
    let err = stderr(&a);
    assert!(
        err.contains("1 of 4 submissions failed:\n  exemple-app: 413: the body is over the limit of 4096 bytes"),
        "{err}"
    );
    // Refused once, not retried.
    assert_eq!(env.logged("POST /v1/submissions 413"), 1);
    assert_eq!(env.stored(), 3);
}

/// A stand-in for a registry on loopback: each request is answered with
/// what `answer` makes of its method and path and of the bearer token it
/// carried.
fn stand_in(answer: fn(&str, &str) -> (u16, String)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let mut reader = BufReader::new(&stream);
            let (mut head, mut bearer, mut length) = (String::new(), String::new(), 0);
            reader.read_line(&mut head).unwrap();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap_or_default();
                match name.to_ascii_lowercase().as_str() {
                    "authorization" => bearer = value.trim().trim_start_matches("Bearer ").into(),
                    "content-length" => length = value.trim().parse().unwrap(),
                    _ => {}
                }
            }
            reader.read_exact(&mut vec![0; length]).unwrap();
            let request: Vec<&str> = head.split(' ').take(2).collect();
            let (status, body) = answer(&request.join(" "), &bearer);
            let _ = write!(
                &stream,
                "HTTP/1.1 {status} Stand-in\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

/// The registry's error form, its message and details repeating the token
/// among escape sequences and carriage returns.
fn echoing(bearer: &str) -> String {
    serde_json::json!({ "error": {
        "code": "echo",
        "message": format!("\u{1b}[2Jyour token {bearer}\r\u{1b}]0;owned\u{7} was refused"),
        "details": [{ "path": "/\u{1b}[31mproduct", "message": format!("Bearer {bearer}\r\nforged line") }],
    } })
    .to_string()
}

#[test]
fn a_registrys_words_show_as_data_without_the_token() {
    let env = Env::start();
    // Refuses every request.
    let refusing = stand_in(|_, bearer| (401, echoing(bearer)));
    // Holds nothing, fails every submission, finds every document invalid.
    let failing = stand_in(|request, bearer| match request {
        r if r.starts_with("GET ") => (200, "[]".to_string()),
        "POST /v1/submissions/validate" => (422, echoing(bearer)),
        _ => (503, echoing(bearer)),
    });
    let runs = [
        (&refusing, &["status", "--registry"][..]),
        (&refusing, &["-v", "submit", "--registry"]),
        (
            &failing,
            &["-v", "submit", "--product", "exemple-lgc", "--registry"],
        ),
        (&failing, &["submit", "--dry-run", "--registry"]),
    ];
    for (url, args) in runs {
        let a = env
            .charte()
            .env("CHARTE_TOKEN", &env.token)
            .args(args)
            .arg(url)
            .assert()
            .code(4);
        let (out, err) = (stdout(&a), stderr(&a));
        for text in [&out, &err] {
            assert!(!text.contains(&env.token), "{args:?}: {text}");
            assert!(
                !text.contains(['\u{1b}', '\r', '\u{7}']),
                "{args:?}: {text:?}"
            );
            assert!(!text.contains("\nforged line"), "{args:?}: {text}");
        }
        // What the registry said still shows, the token masked.
        assert!(
            err.contains("your token [token]\u{fffd} was refused"),
            "{args:?}: {err}"
        );
    }
    assert!(!charte::registry::receipts::dir(env.project.path()).exists());
}

/// The digest of [`MANIFEST`]'s document for exemple-lgc, as `submit`
/// would send it.
fn digest_of_lgc(env: &Env) -> String {
    let document = stdout(
        &env.charte()
            .args([
                "--offline",
                "submit",
                "--dry-run",
                "--product",
                "exemple-lgc",
            ])
            .assert()
            .success(),
    );
    charte_registry::digest(&serde_json::from_str(document.trim_end()).unwrap())
}

/// A receipt whose id would start a heading and raw HTML in a Markdown
/// statement.
const INJECTED_ID: &str =
    "sub_00000000000000000000000000000000\n\n## Injected\n\n<script>alert(1)</script>";

#[test]
fn a_receipt_out_of_form_is_refused_and_stored_nowhere() {
    let env = Env::start();
    let receipt = serde_json::json!({
        "id": INJECTED_ID,
        "digest": digest_of_lgc(&env),
        "organization": SIREN,
        "product": "exemple-lgc",
        "received_at": "2026-11-23T10:00:00Z",
    });
    // As the answer to the submission, then in the list of the latest.
    let answered = Proxy::start(
        env.addr(),
        vec![
            Action::Forward,
            Action::Respond {
                status: 201,
                headers: Vec::new(),
                body: receipt.to_string(),
            },
        ],
    );
    let listed = Proxy::start(
        env.addr(),
        (0..2)
            .map(|_| Action::Respond {
                status: 200,
                headers: Vec::new(),
                body: serde_json::json!([receipt]).to_string(),
            })
            .collect(),
    );
    let refusal = "answered with a receipt out of the registry protocol's form: its `id` \
        `sub_00000000000000000000000000000000\u{fffd}\u{fffd}## Injecte…` \
        is not `sub_` and 32 lowercase hex digits; nothing was stored";
    let runs = [
        (&answered, &["submit", "--product", "exemple-lgc"][..]),
        (&listed, &["submit"]),
        (&listed, &["status"]),
    ];
    for (proxy, args) in runs {
        let a = env
            .with_token(&[args, &["--registry", &proxy.url()]].concat())
            .code(4);
        let (out, err) = (stdout(&a), stderr(&a));
        assert!(
            err.contains(&format!("{} {refusal}", proxy.url())),
            "{args:?}: {err}"
        );
        assert!(!format!("{out}{err}").contains("\n## Injected"), "{args:?}");
        // A submission refused so is told as failed, not accepted.
        for row in results(&out) {
            assert_eq!(row.1, "failed", "{out}");
        }
        assert!(!charte::registry::receipts::dir(env.project.path()).exists());
    }
}

#[test]
fn a_receipt_edited_by_hand_is_never_published() {
    let env = Env::start();
    env.with_token(&["submit"]).success();
    let path = charte::registry::receipts::path(env.project.path(), Some("exemple-lgc"));
    let mut saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    saved["receipt"]["id"] = INJECTED_ID.into();
    std::fs::write(&path, saved.to_string()).unwrap();
    for format in ["markdown", "html"] {
        let a = env
            .charte()
            .args(["report", "--format", format])
            .assert()
            .code(2);
        assert_eq!(stdout(&a), "");
        assert_eq!(
            stderr(&a),
            format!(
                "error: {} holds no receipt of the registry's form: its `id` \
                 `sub_00000000000000000000000000000000\u{fffd}\u{fffd}## Injecte…` \
                 is not `sub_` and 32 lowercase hex digits; remove it (`charte submit` writes it again)\n",
                path.display()
            )
        );
    }
}
