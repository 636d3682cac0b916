//! The cases a server serves, by name. Today a served case is checked to be a tapir index and
//! remembered by its directory; the case facade (issue 12) will hang its shared, self-auditing
//! handle here, and case routes will reach it through `http::CaseAccess`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::names::{self, NameKind};

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("case {name:?}: {source}")]
    Name { name: String, source: crate::StoreError },
    #[error("case {name:?}: {source}")]
    NotAnIndex { name: String, source: tapir::IndexError },
    #[error("case {0:?} is given twice")]
    Duplicate(String),
}

/// One served case.
#[derive(Debug)]
pub struct ServedCase {
    name: String,
    index_dir: PathBuf,
}

impl ServedCase {
    /// A case named `name` on the tapir index in `index_dir` (opened once to check it is one).
    pub fn open(name: &str, index_dir: &Path) -> Result<Self, CaseError> {
        names::check(NameKind::Case, name).map_err(|source| CaseError::Name { name: name.to_owned(), source })?;
        tapir::TapirIndex::open(index_dir).map_err(|source| CaseError::NotAnIndex { name: name.to_owned(), source })?;
        Ok(ServedCase { name: name.to_owned(), index_dir: index_dir.to_owned() })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn index_dir(&self) -> &Path {
        &self.index_dir
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
