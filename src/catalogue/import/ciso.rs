//! A CISO Assistant framework library (`--format ciso-assistant`, YAML):
//! assessable nodes are requirements, the others sections; nodes without a
//! `ref_id` get one derived from their parent's and their rank.

use std::collections::HashMap;

use serde::Deserialize;

use super::{Draft, DraftRequirement, Options, Source, Unreadable};

#[derive(Deserialize)]
struct Library {
    #[serde(default)]
    ref_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<serde_norway::Value>,
    #[serde(default)]
    publication_date: Option<String>,
    #[serde(default)]
    provider: Option<String>,
    objects: Objects,
}

#[derive(Deserialize)]
struct Objects {
    framework: Framework,
}

#[derive(Deserialize)]
struct Framework {
    #[serde(default)]
    ref_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    requirement_nodes: Vec<Node>,
    #[serde(default)]
    implementation_groups_definition: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    ref_id: String,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Node {
    urn: String,
    #[serde(default)]
    assessable: bool,
    #[serde(default)]
    parent_urn: Option<String>,
    #[serde(default)]
    ref_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    annotation: Option<String>,
    #[serde(default)]
    implementation_groups: Vec<String>,
    #[serde(default)]
    typical_evidence: Option<String>,
}

pub fn read(source: &Source, _options: &Options) -> Result<Vec<Draft>, Unreadable> {
    let library: Library =
        serde_norway::from_slice(&source.bytes).map_err(|e| unreadable(&source.bytes, &e))?;
    let framework = &library.objects.framework;
    let name = framework
        .name
        .clone()
        .or(library.name.clone())
        .unwrap_or_else(|| "framework".to_string());
    let ref_id = framework
        .ref_id
        .clone()
        .or(library.ref_id.clone())
        .unwrap_or_else(|| name.clone());
    let mut draft = Draft::new(
        super::id_from(&ref_id),
        name,
        format!("framework `{ref_id}`"),
    );
    draft.publisher = library.provider.clone();
    draft.published = library
        .publication_date
        .as_deref()
        .and_then(|d| d.get(..10)?.parse().ok());
    if let Some(v) = &library.version {
        let label = match v {
            serde_norway::Value::Number(n) => n.to_string(),
            serde_norway::Value::String(s) => s.clone(),
            _ => String::new(),
        };
        if let Some(v) = super::version_from(&label) {
            draft.version = v;
        }
    }
    let groups: HashMap<&str, &str> = framework
        .implementation_groups_definition
        .iter()
        .map(|g| {
            (
                g.ref_id.as_str(),
                g.name.as_deref().unwrap_or(g.ref_id.as_str()),
            )
        })
        .collect();
    // Each node's id: its ref_id, else its parent's id and its rank there.
    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut ranks: HashMap<String, usize> = HashMap::new();
    let mut sections: HashMap<&str, Option<String>> = HashMap::new();
    for node in &framework.requirement_nodes {
        let parent = node.parent_urn.as_deref().unwrap_or("");
        let rank = ranks.entry(parent.to_string()).or_insert(0);
        *rank += 1;
        let id = match node
            .ref_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(r) => r.to_string(),
            None => match ids.get(parent) {
                Some(p) => format!("{p}.{rank}"),
                None => rank.to_string(),
            },
        };
        ids.insert(&node.urn, id.clone());
        let parent_section = sections.get(parent).cloned().flatten();
        if !node.assessable {
            sections.insert(&node.urn, Some(id));
            continue;
        }
        sections.insert(&node.urn, parent_section.clone());
        let text = node
            .description
            .as_deref()
            .map(super::plain_text)
            .filter(|s| !s.is_empty());
        let title = match node
            .name
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(n) => n.to_string(),
            None => text
                .as_deref()
                .map(super::title_from)
                .unwrap_or_else(|| id.clone()),
        };
        let mut req = DraftRequirement::new(id, title, format!("node `{}`", node.urn));
        req.section = parent_section;
        req.text = match (&text, node.annotation.as_deref().map(super::plain_text)) {
            (Some(t), Some(a)) if !a.is_empty() => Some(format!("{t}\n{a}")),
            (t, _) => t.clone(),
        };
        let profiles: Vec<String> = node
            .implementation_groups
            .iter()
            .map(|g| {
                let label = groups
                    .get(g.as_str())
                    .copied()
                    .unwrap_or(g.as_str())
                    .to_string();
                let slug = super::slug(g);
                draft.profiles.entry(slug.clone()).or_insert(label);
                slug
            })
            .collect();
        req.profiles = (!profiles.is_empty()).then_some(profiles);
        if let Some(e) = node
            .typical_evidence
            .as_deref()
            .map(super::plain_text)
            .filter(|s| !s.is_empty())
        {
            let mut p = super::proof(&format!("{}.preuve", req.id), &e);
            p.required = false;
            req.proofs.push(p);
        }
        draft.add(req);
    }
    Ok(vec![draft])
}

/// Why a file is no library, with its line: the parser's own, else the
/// line of what it refused without one (the first alias of an alias bomb,
/// the start of a second document).
fn unreadable(bytes: &[u8], e: &serde_norway::Error) -> Unreadable {
    if let Some(l) = e.location() {
        return Unreadable(format!(
            "line {}, column {}: not a CISO Assistant library ({e})",
            l.line(),
            l.column()
        ));
    }
    let text = String::from_utf8_lossy(bytes);
    let message = e.to_string();
    if message.contains("repetition limit") {
        if let Some((line, column, name)) = first_alias(&text) {
            return Unreadable(format!(
                "line {line}, column {column}: its aliases, from `*{name}` on, expand past the limit charte reads (an alias bomb); a CISO Assistant library uses no aliases"
            ));
        }
    }
    if message.contains("more than one document") {
        if let Some(line) = second_document(&text) {
            return Unreadable(format!(
                "line {line}: a second YAML document starts here; a CISO Assistant library is one document"
            ));
        }
    }
    Unreadable(format!("not a CISO Assistant library ({e})"))
}

/// The first alias (`*name`) outside quotes and comments: its line, column
/// (both from 1) and name.
fn first_alias(text: &str) -> Option<(usize, usize, String)> {
    for (n, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut previous = ' ';
        for (col, c) in line.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '#' && previous.is_whitespace() => break,
                None if (c == '"' || c == '\'') && starts_token(previous) => quote = Some(c),
                None if c == '*' && starts_token(previous) => {
                    let name: String = line[col + 1..]
                        .chars()
                        .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
                        .collect();
                    if !name.is_empty() {
                        return Some((n + 1, line[..col].chars().count() + 1, name));
                    }
                }
                None => {}
            }
            previous = c;
        }
    }
    None
}

/// Whether a YAML token may start after this character.
fn starts_token(previous: char) -> bool {
    previous.is_whitespace() || "[{,:-".contains(previous)
}

/// The line (from 1) of the second document's `---`.
fn second_document(text: &str) -> Option<usize> {
    let mut content = false;
    for (n, line) in text.lines().enumerate() {
        let marker = line == "---" || line.starts_with("--- ");
        if marker && content {
            return Some(n + 1);
        }
        content |= !marker && !line.trim().is_empty() && !line.trim_start().starts_with('#');
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_found_outside_quotes_and_comments() {
        let text = "a: \"*not\" # *nor\nb: &b [1]\nc: [x, *b]\n";
        assert_eq!(first_alias(text), Some((3, 8, "b".to_string())));
        assert_eq!(first_alias("a: 2*3\n"), None);
        assert_eq!(second_document("---\na: 1\n---\nb: 2\n"), Some(3));
        assert_eq!(second_document("# x\n---\na: 1\n"), None);
    }
}
