//! Serving a catalogue folder, with revalidation, and refusing paths that
//! leave it.

use std::fs;

use crate::support::{request, Registry};

const INDEX: &str = r#"{"schema": 1, "referentials": []}"#;

fn with_catalogue() -> Registry {
    Registry::start_in(|dir, config| {
        let catalogue = dir.join("catalogue");
        fs::create_dir_all(catalogue.join("mssante-clients")).unwrap();
        fs::write(catalogue.join("index.json"), INDEX).unwrap();
        fs::write(catalogue.join("mssante-clients/1.0.0.toml"), "schema = 1\n").unwrap();
        fs::write(catalogue.join(".hidden"), "secret").unwrap();
        fs::write(dir.join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("secret.txt"), catalogue.join("link.txt")).unwrap();
        config.catalogue(catalogue)
    })
}

#[test]
fn serves_index_and_documents() {
    let registry = with_catalogue();
    let index = request(
        registry.addr(),
        "GET",
        "/v1/referentials/index.json",
        &[],
        None,
    );
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-type"), Some("application/json"));
    assert_eq!(index.body, INDEX.as_bytes());
    let etag = index.header("etag").unwrap().to_owned();
    let last_modified = index.header("last-modified").unwrap().to_owned();
    assert!(last_modified.ends_with(" GMT"));

    let document = request(
        registry.addr(),
        "GET",
        "/v1/referentials/mssante-clients/1.0.0.toml",
        &[],
        None,
    );
    assert_eq!(
        (document.status, document.body.as_slice()),
        (200, b"schema = 1\n".as_slice())
    );
    assert_eq!(document.header("content-type"), Some("application/toml"));

    let revalidated = request(
        registry.addr(),
        "GET",
        "/v1/referentials/index.json",
        &[("If-None-Match", &etag)],
        None,
    );
    assert_eq!((revalidated.status, revalidated.body.len()), (304, 0));
    assert_eq!(revalidated.header("etag"), Some(etag.as_str()));
    let since = request(
        registry.addr(),
        "GET",
        "/v1/referentials/index.json",
        &[("If-Modified-Since", &last_modified)],
        None,
    );
    assert_eq!(since.status, 304);
    let changed = request(
        registry.addr(),
        "GET",
        "/v1/referentials/index.json",
        &[("If-None-Match", "\"other\"")],
        None,
    );
    assert_eq!(changed.status, 200);

    let missing = request(
        registry.addr(),
        "GET",
        "/v1/referentials/nothing.json",
        &[],
        None,
    );
    assert_eq!(
        (missing.status, missing.error_code().as_str()),
        (404, "not_found")
    );
    let folder = request(
        registry.addr(),
        "GET",
        "/v1/referentials/mssante-clients",
        &[],
        None,
    );
    assert_eq!(folder.status, 404);
}

#[test]
fn refuses_paths_that_leave_the_folder() {
    let registry = with_catalogue();
    for path in [
        "/v1/referentials/../secret.txt",
        "/v1/referentials/mssante-clients/../../secret.txt",
        "/v1/referentials/%2e%2e/secret.txt",
        "/v1/referentials/..%2fsecret.txt",
        "/v1/referentials/.hidden",
        "/v1/referentials//etc/passwd",
        "/v1/referentials/mssante-clients\\..\\..\\secret.txt",
    ] {
        let answer = request(registry.addr(), "GET", path, &[], None);
        assert_eq!(
            (answer.status, answer.error_code().as_str()),
            (400, "invalid_path"),
            "{path}"
        );
        assert!(
            !String::from_utf8_lossy(&answer.body).contains("secret\""),
            "{path}"
        );
    }
    #[cfg(unix)]
    {
        let link = request(
            registry.addr(),
            "GET",
            "/v1/referentials/link.txt",
            &[],
            None,
        );
        assert_eq!(
            link.status, 404,
            "a symlink out of the folder is not served"
        );
    }
}

#[test]
fn without_a_catalogue_folder_the_index_is_not_found() {
    let registry = Registry::start();
    let answer = request(
        registry.addr(),
        "GET",
        "/v1/referentials/index.json",
        &[],
        None,
    );
    assert_eq!(
        (answer.status, answer.error_code().as_str()),
        (404, "not_found")
    );
}
