//! The user documentation (README.md and docs/) stands on its own: every
//! relative link leads to a file of the repository, and to a heading that
//! exists when it names one; nothing points outside the repository.

use std::path::{Component, Path, PathBuf};

use crate::support::root;

/// README.md and every file under docs/.
fn files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut out);
    out
}

/// The lines outside fenced code blocks, with their numbers.
fn outside_fences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        out.push((i + 1, line));
    }
    out
}

/// A line without its inline code: links written as code are examples.
fn without_code(line: &str) -> String {
    line.split('`').step_by(2).collect()
}

/// The targets of inline links `[text](target "title")` and of reference
/// definitions `[name]: target`.
fn targets(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        let inside = rest[..end].trim();
        let target = match inside.strip_prefix('<') {
            Some(bracketed) => bracketed.split('>').next().unwrap_or(""),
            None => inside.split_whitespace().next().unwrap_or(""),
        };
        out.push(target.to_string());
        rest = &rest[end..];
    }
    let trimmed = line.trim_start();
    if let Some(close) = trimmed.strip_prefix('[').and_then(|t| t.find("]:")) {
        let target = trimmed[close + 3..].split_whitespace().next().unwrap_or("");
        out.push(target.to_string());
    }
    out
}

/// GitHub's anchor for a heading: lowercase, punctuation dropped, spaces
/// as dashes.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings, repeats numbered as GitHub does.
fn anchors(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, line) in outside_fences(text) {
        let Some(heading) = line.strip_prefix('#') else {
            continue;
        };
        let heading = heading.trim_start_matches('#');
        let base = slug(heading);
        let mut anchor = base.clone();
        let mut n = 0;
        while out.contains(&anchor) {
            n += 1;
            anchor = format!("{base}-{n}");
        }
        out.push(anchor);
    }
    out
}

/// `path` with `.` and `..` resolved, or None when it climbs above its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Every problem of one document's links.
fn problems(doc: &Path) -> Vec<String> {
    let root = root();
    let text = std::fs::read_to_string(doc).unwrap();
    let name = doc.strip_prefix(&root).unwrap().display().to_string();
    let dir = doc.parent().unwrap().strip_prefix(&root).unwrap();
    let mut out = Vec::new();
    for (line, content) in outside_fences(&text) {
        for target in targets(&without_code(content)) {
            let at = format!("{name}:{line}: `{target}`");
            if target.is_empty() {
                out.push(format!("{at}: an empty link"));
                continue;
            }
            if target.contains("://") || target.starts_with("mailto:") {
                if target.starts_with("file:") {
                    out.push(format!("{at}: a file outside the repository"));
                }
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target.as_str(), None),
            };
            let file = if path.is_empty() {
                Some(doc.strip_prefix(&root).unwrap().to_path_buf())
            } else if path.starts_with('/') {
                None
            } else {
                normalize(&dir.join(path))
            };
            let Some(file) = file else {
                out.push(format!("{at}: leaves the repository"));
                continue;
            };
            let full = root.join(&file);
            if !full.exists() {
                out.push(format!("{at}: {} does not exist", file.display()));
                continue;
            }
            if let Some(anchor) = anchor {
                if full.extension().is_some_and(|e| e == "md") {
                    let text = std::fs::read_to_string(&full).unwrap();
                    if !anchors(&text).iter().any(|a| a == anchor) {
                        out.push(format!("{at}: {} has no heading #{anchor}", file.display()));
                    }
                }
            }
        }
    }
    out
}

/// README.md and the Markdown files under docs/.
fn documents() -> Vec<PathBuf> {
    files()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect()
}

/// Names of files users do not have: design notes kept outside the
/// repository.
const OUTSIDE: &[&str] = &[
    "SPEC.md",
    "SPEC §",
    "../shared",
    "shared/domain",
    "STYLE.md",
];

#[test]
fn the_documentation_names_no_file_outside_the_repository() {
    let mut found = Vec::new();
    for file in files() {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        for (n, line) in text.lines().enumerate() {
            for outside in OUTSIDE.iter().filter(|o| line.contains(*o)) {
                found.push(format!("{name}:{}: `{outside}`", n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "names users do not have:\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn the_documentation_links_only_to_files_of_the_repository() {
    let docs = documents();
    assert!(docs.len() > 1, "{docs:?}");
    let all: Vec<String> = docs.iter().flat_map(|d| problems(d)).collect();
    assert!(all.is_empty(), "broken links:\n  {}", all.join("\n  "));
}

#[test]
fn links_are_read_as_a_reader_would() {
    assert_eq!(
        targets("see [the lock](docs/referentials.md#charte-lock) and [x](<a b.md> \"t\")"),
        ["docs/referentials.md#charte-lock", "a b.md"]
    );
    assert_eq!(targets("[man]: docs/man/charte.1"), ["docs/man/charte.1"]);
    assert_eq!(without_code("a `[x](y)` b"), "a  b");
    assert_eq!(
        outside_fences("a\n```\n[z](w)\n```\nb"),
        [(1, "a"), (5, "b")]
    );
    assert_eq!(
        slug(" Référentiels: `charte.lock`, `fetch`, `update`"),
        "référentiels-chartelock-fetch-update"
    );
    assert_eq!(normalize(Path::new("docs/../../x")), None);
    assert_eq!(
        normalize(Path::new("docs/../README.md")),
        Some(PathBuf::from("README.md"))
    );
}
