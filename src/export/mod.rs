//! Export formats written by the library, so that every front end writes the same bytes:
//! the timeline for Timesketch (`timeline.rs`: CSV with a header row, or JSON Lines) and the
//! conversation graph (`graph.rs`: GraphML, and i2's nodes and edges CSV).

mod graph;
mod timeline;

pub use graph::{write_graph_csv, write_graphml};
pub use timeline::{TIMELINE_COLUMNS, TimelineFormat, TimelineWriter};

use crate::index::Hit;

/// The position of a location message, `(lat, lon)`.
pub fn position(hit: &Hit) -> Option<(f64, f64)> {
    hit.extra.as_ref().filter(|_| hit.kind == crate::index::Kind::Location)?.position()
}

/// A location's coordinates as text columns show them: `<location LAT,LON>`.
pub fn position_text(hit: &Hit) -> Option<String> {
    position(hit).map(|(lat, lon)| format!("<location {lat},{lon}>"))
}
