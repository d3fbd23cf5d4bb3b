//! Requirement patterns in `charte declare`: `*` for any text, `?` for one
//! character, expanded over the requirements of the referentials in use.

/// Whether an id is a pattern rather than a name.
pub fn is_glob(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// `*` matches any text (`/` and `.` included), `?` one character.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_matches("SC.MSS/*", "SC.MSS/CONF.01"));
        assert!(glob_matches("*", "INS.01"));
        assert!(glob_matches("INS.0?", "INS.01"));
        assert!(!glob_matches("INS.0?", "INS.10"));
        assert!(glob_matches("*.01*", "SC.MSS/CONF.01p"));
        assert!(!glob_matches("SC.MSS/*", "SC.SSI/GEN.01"));
        assert!(glob_matches("a*b*c", "a-x-b-y-c"));
        assert!(!glob_matches("a*b*c", "a-x-b-y"));
    }
}
