//! The rule packs shipped in the binary, so that `tapir hunt` works without a checkout.

use super::{RuleErrors, RuleSet, load_sources};

/// `rules/` of this repository at build time: (path as shown in errors, YAML).
const PACKS: [(&str, &str); 3] = [
    ("rules/drugs/drugs.yml", include_str!("../../rules/drugs/drugs.yml")),
    ("rules/kidnapping/kidnapping.yml", include_str!("../../rules/kidnapping/kidnapping.yml")),
    ("rules/weapons/weapons.yml", include_str!("../../rules/weapons/weapons.yml")),
];

/// The built-in packs (kidnapping and extortion, weapons and contract violence, drugs).
pub fn builtin() -> Result<RuleSet, RuleErrors> {
    load_sources(builtin_sources())
}

/// The built-in packs as (path shown in errors, YAML text), to load with others
/// ([`super::read_paths`]) through [`load_sources`].
pub fn builtin_sources() -> impl Iterator<Item = (String, String)> {
    PACKS.iter().map(|(p, s)| (p.to_string(), s.to_string()))
}
