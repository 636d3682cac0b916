//! The names an administrator chooses — users, cases, API tokens — and the one rule they follow.
//!
//! A name is 1 to 64 ASCII letters, digits, `.`, `_` or `-`, starting with a letter or a digit;
//! user names are lower case, so that `Ana` and `ana` can never be two accounts (lockout and
//! the audit trail key on the name). The rule keeps names safe in URLs, cookies, log lines and
//! HTML without escaping, and leaves the names starting with `@` free for the audit trail's
//! non-user actors (`@admin`, `@anonymous`).

use crate::StoreError;

pub const MAX_NAME_LEN: usize = 64;

/// What a name names, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    User,
    Case,
    Token,
}

impl NameKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::User => "user",
            NameKind::Case => "case",
            NameKind::Token => "token",
        }
    }
}

/// Whether `name` is a valid name of its kind (no error built: the login path asks this of
/// every submitted user name).
pub fn is_valid(kind: NameKind, name: &str) -> bool {
    let bytes = name.as_bytes();
    let Some(first) = bytes.first() else { return false };
    let allowed = |b: u8| match kind {
        NameKind::User => b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'),
        NameKind::Case | NameKind::Token => b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'),
    };
    bytes.len() <= MAX_NAME_LEN && first.is_ascii_alphanumeric() && bytes.iter().all(|&b| allowed(b))
}

/// `Ok` for a valid name, else an error saying what a name may be.
pub fn check(kind: NameKind, name: &str) -> Result<(), StoreError> {
    if is_valid(kind, name) {
        return Ok(());
    }
    let letters = if kind == NameKind::User { "lower-case letters" } else { "letters" };
    Err(StoreError::InvalidName {
        kind: kind.as_str(),
        // Bounded: the name may be anything a client sent.
        name: name.chars().take(MAX_NAME_LEN + 1).collect(),
        rule: format!("1 to {MAX_NAME_LEN} {letters}, digits, '.', '_' or '-', starting with a letter or a digit"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_one_rule() {
        for ok in ["ana", "j.dupont", "x", "a-b_c.9", &"a".repeat(64)] {
            assert!(is_valid(NameKind::User, ok), "{ok}");
        }
        for bad in ["", "Ana", "-ana", ".x", "@admin", "a b", "é", "a/b", "a\n", &"a".repeat(65)] {
            assert!(!is_valid(NameKind::User, bad), "{bad:?}");
        }
        assert!(is_valid(NameKind::Case, "Op-Tiger.2024"));
        assert!(!is_valid(NameKind::Case, "op tiger"));
        assert!(check(NameKind::Token, "ci-script").is_ok());
        let err = check(NameKind::Case, "../x").unwrap_err().to_string();
        assert!(err.contains("case") && err.contains("../x"), "{err}");
    }
}
