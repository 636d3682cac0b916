//! What `similar` and `suggest` hand out of a segment: its conversation's participants, its
//! messages (read again from the index by address) and the terms that weigh most in it.

use crate::index::{Hit, IndexError, TapirIndex};

use super::Segments;
use super::features::{Feature, top_terms};

/// Terms shown per segment.
const TERMS: usize = 8;

/// A segment read back: its messages, participants and the terms that weigh most.
#[derive(Clone, Debug)]
pub struct ShownSegment {
    pub hits: Vec<Hit>,
    pub participants: Vec<String>,
    pub terms: Vec<String>,
}

impl ShownSegment {
    /// Segment `segment` of `segments`, its terms ranked by `weight`.
    pub(crate) fn read(
        index: &TapirIndex,
        segments: &Segments,
        segment: usize,
        weight: impl Fn(Feature) -> f64,
    ) -> Result<Self, IndexError> {
        let refs: Vec<_> =
            segments.get(segment).map(|s| segments.messages(s).iter().map(|m| m.at).collect()).unwrap_or_default();
        let hits = index.documents_at(&refs)?;
        let mut participants: Vec<String> =
            hits.iter().flat_map(|h| [h.sender.clone(), h.recipient.clone()]).filter(|p| !p.is_empty()).collect();
        participants.sort();
        participants.dedup();
        let terms = top_terms(hits.iter().map(|h| h.text.as_str()), weight, TERMS);
        Ok(ShownSegment { hits, participants, terms })
    }
}
