//! The cases a server serves, by name. Each is opened once at start as a
//! [`tapir::SharedCase`] (the index with a reader that follows commits, its manifest, its
//! audit trail); a request gets the case for its user through `http::CaseAccess`, so every
//! read of case data is a facade call recorded under the user's name.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use tapir::case::FindingsCache;
use tapir::{Analyst, SharedCase};

use crate::names::{self, NameKind};

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("case {name:?}: {source}")]
    Name { name: String, source: crate::StoreError },
    #[error("case {name:?}: {source}")]
    Open { name: String, source: tapir::CaseError },
    /// tapir's own rule packs did not load: a broken build, not a user's error.
    #[error("the built-in rule packs: {0}")]
    Rules(#[source] tapir::rules::RuleErrors),
    #[error("case {0:?} is given twice")]
    Duplicate(String),
}

/// One served case.
pub struct ServedCase {
    name: String,
    case: SharedCase,
    /// The hunt of tapir's rule packs over the case, kept per commit for its analysts.
    findings: FindingsCache,
}

impl ServedCase {
    /// A case named `name` on the tapir index in `index_dir`, opened once for the server's life.
    pub fn open(name: &str, index_dir: &Path) -> Result<Self, CaseError> {
        names::check(NameKind::Case, name).map_err(|source| CaseError::Name { name: name.to_owned(), source })?;
        let case = SharedCase::open(index_dir).map_err(|source| CaseError::Open { name: name.to_owned(), source })?;
        let rules = tapir::rules::builtin().map_err(CaseError::Rules)?;
        Ok(ServedCase { name: name.to_owned(), case, findings: FindingsCache::new(rules) })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn index_dir(&self) -> &Path {
        self.case.dir()
    }

    /// The case's findings, hunted once per commit (read through `tapir::Case::findings`).
    pub fn findings(&self) -> &FindingsCache {
        &self.findings
    }

    /// The case as `user` reads it: each read through it is recorded naming them.
    pub fn for_user(&self, user: &str) -> Result<tapir::Case, tapir::CaseError> {
        Ok(self.case.for_analyst(Analyst::new(user)?))
    }
}

impl fmt::Debug for ServedCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServedCase").field("name", &self.name).field("index_dir", &self.index_dir()).finish()
    }
}

/// Name → case. Immutable once the server runs (shared across requests without a lock).
#[derive(Debug, Default)]
pub struct CaseRegistry {
    cases: BTreeMap<String, Arc<ServedCase>>,
}
impl CaseRegistry {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, case: ServedCase) -> Result<(), CaseError> {
        if self.cases.contains_key(case.name()) {
            return Err(CaseError::Duplicate(case.name().to_owned()));
        }
        self.cases.insert(case.name().to_owned(), Arc::new(case));
        Ok(())
    }

    pub fn get(&self, name: &str) -> Option<Arc<ServedCase>> {
        self.cases.get(name).cloned()
    }

    /// Every case, by name.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<ServedCase>> {
        self.cases.values()
    }

    pub fn len(&self) -> usize {
        self.cases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }
}
