//! Learning from the investigators' reviews (issue 14 §2 and §3), over conversation
//! segments rather than single messages.
//!
//! - [`segments`]: a conversation's messages in windows, with their distinct features;
//! - [`features`]: words and pairs of words from the shared analysis, stop words left out;
//! - [`similar`]: TF-IDF "similar conversations" from a seed;
//! - [`classifier`]: per-category logistic regression (smartcore) over a vocabulary chosen for
//!   its relevance to the positives;
//! - [`ranker`]: one round of active learning (labels → model → ranking);
//! - [`labels`]: rule hits as weak labels, reviews from the annotation store;
//! - [`suggest`]: the unreviewed segments ranked for the investigators;
//! - [`simulate`]: the review played by a corpus's truth, against the rules' ranking;
//! - [`handicap`]: rules handicapped for that measurement;
//! - `reads`: the case facade's `similar`, `suggest` and `simulate_review`, each audited;
//! - `shown`: a segment read back for display.

pub mod classifier;
pub mod features;
pub mod handicap;
pub mod labels;
pub mod ranker;
mod reads;
pub mod segments;
mod shown;
pub mod similar;
pub mod simulate;
pub mod suggest;

pub use classifier::{Model, ModelOptions};
pub use handicap::Handicap;
pub use reads::{SimilarResult, SimilarSeed, SimulationResult, SuggestResult};
pub use segments::{Segment, SegmentOptions, Segments};
pub use shown::ShownSegment;
pub use similar::{Profile, SimilarConversation, similar};
pub use simulate::{BatchPoint, Ranking, SimulationOptions, simulate};
pub use suggest::{SuggestOptions, SuggestReport, Suggestion, suggest};

/// What the learning layer can fail on.
#[derive(Debug, thiserror::Error)]
pub enum LearningError {
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    #[error(transparent)]
    Annotations(#[from] crate::annotations::AnnotationError),
    /// The optimiser refused the training data (it should not: the rows are finite).
    #[error("the classifier could not be trained: {0}")]
    Training(String),
    /// More features than 32-bit offsets address.
    #[error("the case has more message features than the learning layer addresses (2^32)")]
    TooLarge,
    /// A seed message the index does not hold.
    #[error("message {sender}:{message_id}: no such message in this index")]
    UnknownMessage { sender: String, message_id: u64 },
    /// A segment window outside 1..=[`segments::MAX_WINDOW`] messages.
    #[error("a segment window of {0} messages: it must be 1 to {max}", max = segments::MAX_WINDOW)]
    Window(usize),
}

#[cfg(test)]
mod tests;
