//! The generator's typed errors.

use std::path::PathBuf;

use crate::encode::EncodeError;

/// Why a corpus could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// The options make no corpus (e.g. no device at all).
    #[error("invalid generator options: {0}")]
    InvalidOptions(String),
    /// The output directory already holds dumps that would be mixed with the new ones.
    #[error("{}: already holds files; remove it or choose another output directory", .0.display())]
    OutputNotEmpty(PathBuf),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A record could not be encoded (a field too long for its length prefix).
    #[error("{}: {source}", path.display())]
    Encode {
        path: PathBuf,
        #[source]
        source: EncodeError,
    },
    /// Serializing the ground truth failed.
    #[error("{}: {source}", path.display())]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
}

impl GenError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> GenError {
        let path = path.into();
        move |source| GenError::Io { path, source }
    }

    pub(crate) fn encode(path: impl Into<PathBuf>) -> impl FnOnce(EncodeError) -> GenError {
        let path = path.into();
        move |source| GenError::Encode { path, source }
    }
}
