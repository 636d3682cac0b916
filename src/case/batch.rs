//! Batches of searches through the case: every query counted first (in parallel, no hit
//! read) and the run recorded once, then the hits streamed query by query; and the summary
//! of the run, a row per line of the batch file, as `tapir batch` and the server show it.

use super::{Case, CaseError};
use crate::index::{BatchQuery, HitStream, IndexError, QueryLineError, SearchError};

/// What counting a batch gave: each query's matching documents (or why it could not run) and
/// hints, in the order given. Only [`Case::batch_count`] makes one, after recording the run;
/// [`Case::batch_hits`] then streams the hits without a second record.
pub struct BatchCounts {
    queries: Vec<BatchQuery>,
    totals: Vec<Result<usize, SearchError>>,
    hints: Vec<(usize, String, String)>,
    limit: usize,
}

impl BatchCounts {
    /// Per query, in order: documents matching, or the query's error.
    pub fn totals(&self) -> &[Result<usize, SearchError>] {
        &self.totals
    }

    /// Hints (unknown handles): `(line, query id, hint)`.
    pub fn hints(&self) -> &[(usize, String, String)] {
        &self.hints
    }
}

/// One line of a batch file and what it gave: the summary's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchRow {
    pub id: String,
    /// 1-based line in the file.
    pub line: usize,
    pub query: String,
    /// Documents matching, or why the line did not run (a malformed line, a bad query).
    pub outcome: Result<usize, String>,
}

impl BatchCounts {
    /// The summary of the run, a row per line of `parsed` (the file the counted queries were
    /// taken from, in order, malformed lines included).
    pub fn rows(&self, parsed: &[Result<BatchQuery, QueryLineError>]) -> Vec<BatchRow> {
        let mut totals = self.totals.iter().map(|t| t.as_ref().map(|&t| t).map_err(query_error));
        parsed
            .iter()
            .map(|p| match p {
                Ok(q) => BatchRow {
                    id: q.id.clone(),
                    line: q.line,
                    query: q.query.clone(),
                    outcome: totals.next().unwrap_or_else(|| Err("not run".into())),
                },
                Err(QueryLineError { line, id, query, message }) => {
                    BatchRow { id: id.clone(), line: *line, query: query.clone(), outcome: Err(message.clone()) }
                }
            })
            .collect()
    }

    /// Most hits streamed per query.
    pub fn limit(&self) -> usize {
        self.limit
    }
}

/// A query's error as the summary shows it: where in the line the query breaks, if it does
/// not parse.
pub fn query_error(e: &SearchError) -> String {
    match e {
        SearchError::Syntax { position, message } => format!("malformed query at position {position}: {message}"),
        SearchError::Invalid(message) => format!("invalid query: {message}"),
        SearchError::Index(e) => e.to_string(),
    }
}

impl Case {
    /// Counts every query of a batch (in parallel, no hit read) and records the run (`batch`,
    /// the hits the queries will give at `limit` each); `given` sees the counts.
    pub fn batch_count<A: serde::Serialize>(
        &self,
        queries: &[BatchQuery],
        limit: usize,
        given: impl FnOnce(&[Result<usize, SearchError>]) -> A,
    ) -> Result<BatchCounts, CaseError> {
        let index = self.current()?;
        let mut totals = Vec::with_capacity(queries.len());
        let mut hints = Vec::new();
        index.batch(queries, 0, |q, stream| {
            totals.push(stream.map(|s| {
                hints.extend(s.hints().iter().map(|h| (q.line, q.id.clone(), h.clone())));
                s.total()
            }));
            Ok::<_, IndexError>(())
        })?;
        let hits: usize = totals.iter().map(|t| t.as_ref().map_or(0, |&total| total.min(limit))).sum();
        self.record("batch", &given(&totals), hits)?;
        Ok(BatchCounts { queries: queries.to_vec(), totals, hints, limit })
    }

    /// The hits of a counted batch, query by query in order (queries that matched nothing are
    /// skipped), each query's hits streamed. Recorded by [`Self::batch_count`].
    pub fn batch_hits<E>(
        &self,
        counts: &BatchCounts,
        each: impl FnMut(&BatchQuery, Result<HitStream<'_>, SearchError>) -> Result<(), E>,
    ) -> Result<(), E> {
        let matching: Vec<BatchQuery> = counts
            .queries
            .iter()
            .zip(&counts.totals)
            .filter(|(_, t)| t.as_ref().is_ok_and(|&t| t > 0))
            .map(|(q, _)| q.clone())
            .collect();
        self.opened.index.batch(&matching, counts.limit, each)
    }
}
