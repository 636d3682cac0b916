//! Passwords: Argon2id (argon2 0.6 defaults: 19 MiB, 2 passes, 1 lane; RFC 9106's second
//! recommended option), stored as PHC strings that carry their own parameters, so that raising
//! the cost later leaves existing hashes verifiable.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::StoreError;

/// Shorter passwords are refused when set (NIST SP 800-63B asks for at least 8; a case
/// server holding intercepted communications asks for more).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longer ones are refused too: bounded work per login whatever is sent.
pub const MAX_PASSWORD_BYTES: usize = 1024;

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Refuses a password that is too short or too long (counted in characters, capped in bytes).
pub fn check_policy(password: &str) -> Result<(), StoreError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(StoreError::WeakPassword(format!("at least {MIN_PASSWORD_CHARS} characters, got {chars}")));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(StoreError::WeakPassword(format!("at most {MAX_PASSWORD_BYTES} bytes")));
    }
    Ok(())
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) of a password that passed
/// [`check_policy`], with a fresh random salt.
pub fn hash(password: &str) -> Result<String, StoreError> {
    check_policy(password)?;
    let hash = argon2().hash_password(password.as_bytes()).map_err(|e| StoreError::PasswordHash(e.to_string()))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the stored PHC string. An unreadable hash matches nothing.
pub fn verify(password: &str, phc: &str) -> bool {
    password.len() <= MAX_PASSWORD_BYTES && argon2().verify_password(password.as_bytes(), phc).is_ok()
}

/// Spends the time of one verification without a stored hash: a login for an unknown user
/// costs what a wrong password costs, so response times do not tell which names exist.
pub fn verify_nothing(password: &str) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| {
        let random = crate::secret::Secret::random().ok()?;
        hash(&random.to_hex()).ok()
    });
    if let Some(dummy) = dummy {
        let _ = verify(password, dummy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_refuse() {
        let phc = hash("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("correct horse battery", &phc));
        assert!(!verify("correct horse batterY", &phc));
        assert!(!verify("correct horse battery", "not a hash"));
        assert_ne!(hash("correct horse battery").unwrap(), phc, "salted");
        assert!(matches!(hash("short"), Err(StoreError::WeakPassword(_))));
        assert!(matches!(check_policy(&"x".repeat(MAX_PASSWORD_BYTES + 1)), Err(StoreError::WeakPassword(_))));
        assert!(check_policy("ééééééééééé").is_err(), "11 characters, 22 bytes");
        verify_nothing("anything");
    }
}
