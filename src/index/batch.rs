//! Batches of searches: a file of queries (text, one a line, or CSV with time bounds) run in
//! parallel (rayon), each reported on its own so that one malformed query stops nothing.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::TapirIndex;
use super::search::{HitStream, SearchError, SearchOptions, SortOrder};

/// One query of a batch file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchQuery {
    /// The `id` column of a CSV file, the line number of a text file.
    pub id: String,
    /// 1-based line in the file.
    pub line: usize,
    pub query: String,
    /// Epoch milliseconds, inclusive.
    pub from: Option<u64>,
    /// Epoch milliseconds, exclusive.
    pub to: Option<u64>,
}

/// A line of a batch file that is not a query.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct QueryLineError {
    pub line: usize,
    /// As far as it could be read.
    pub id: String,
    pub query: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BatchFileError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The CSV header is not `id,query[,from,to]`.
    #[error("{}: {message}", path.display())]
    Header { path: PathBuf, message: String },
}

/// Reads a batch file: CSV when its name ends with `.csv` (header `id,query[,from,to]`, times
/// RFC 3339 or `YYYY-MM-DD`), otherwise one query a line (blank lines and `#` comments skipped,
/// the id is the line number). A line that is not a query is returned as its error, in order.
pub fn load_queries(path: &Path) -> Result<Vec<Result<BatchQuery, QueryLineError>>, BatchFileError> {
    let bytes = std::fs::read(path).map_err(|source| BatchFileError::Io { path: path.to_owned(), source })?;
    parse_queries(path, &bytes)
}

/// The queries of a file already read: CSV when `path` ends in `.csv`, else one a line.
pub fn parse_queries(path: &Path, bytes: &[u8]) -> Result<Vec<Result<BatchQuery, QueryLineError>>, BatchFileError> {
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv { parse_csv(path, bytes) } else { Ok(parse_text(bytes)) }
}

/// One query a line.
pub fn parse_text(bytes: &[u8]) -> Vec<Result<BatchQuery, QueryLineError>> {
    let mut out = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let Ok(text) = std::str::from_utf8(raw) else {
            out.push(Err(QueryLineError {
                line,
                id: line.to_string(),
                query: String::from_utf8_lossy(raw).into_owned(),
                message: "not UTF-8".into(),
            }));
            continue;
        };
        let text = text.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        out.push(Ok(BatchQuery { id: line.to_string(), line, query: text.to_owned(), from: None, to: None }));
    }
    out
}

fn parse_csv(path: &Path, bytes: &[u8]) -> Result<Vec<Result<BatchQuery, QueryLineError>>, BatchFileError> {
    let header_error = |message: String| BatchFileError::Header { path: path.to_owned(), message };
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = reader.headers().map_err(|e| header_error(e.to_string()))?.clone();
    let column = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(id_col), Some(query_col)) = (column("id"), column("query")) else {
        return Err(header_error("the header must be id,query[,from,to]".into()));
    };
    if let Some(other) =
        header.iter().find(|h| !["id", "query", "from", "to"].contains(&h.trim().to_lowercase().as_str()))
    {
        return Err(header_error(format!("unknown column {other:?}; the header must be id,query[,from,to]")));
    }
    let (from_col, to_col) = (column("from"), column("to"));
    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                out.push(Err(QueryLineError { line, id: String::new(), query: String::new(), message: e.to_string() }));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |col: Option<usize>| col.and_then(|c| record.get(c)).map(str::trim).unwrap_or_default();
        let (id, query) = (field(Some(id_col)).to_owned(), field(Some(query_col)).to_owned());
        let error = |message: String| QueryLineError { line, id: id.clone(), query: query.clone(), message };
        if query.is_empty() {
            out.push(Err(error("empty query".into())));
            continue;
        }
        let time = |name: &str, col: Option<usize>| match field(col) {
            "" => Ok(None),
            v => crate::time::parse_time(v)
                .map(Some)
                .ok_or_else(|| error(format!("{name} {v:?}: expected RFC 3339 or YYYY-MM-DD"))),
        };
        let bounds = time("from", from_col).and_then(|from| Ok((from, time("to", to_col)?))).and_then(|(from, to)| {
            match (from, to) {
                (Some(f), Some(t)) if f >= t => Err(error(format!(
                    "from {:?} is not before to {:?}: the window holds no time",
                    field(from_col),
                    field(to_col)
                ))),
                _ => Ok((from, to)),
            }
        });
        out.push(bounds.map(|(from, to)| BatchQuery { id: id.clone(), line, query: query.clone(), from, to }));
    }
    Ok(out)
}

/// Hits of each query read in parallel with the others; the rest are read as they are handed
/// out.
const READ_AHEAD: usize = 1_000;

impl TapirIndex {
    /// Runs every query on rayon's current pool, a few at a time (four per thread), each up to
    /// `limit` hits by score (0: only the total is counted), and hands each query's hits and
    /// total to `each` in the order of `queries`. Memory follows the queries in flight and
    /// their read-ahead, never `limit`: the hits stream.
    pub fn batch<E>(
        &self,
        queries: &[BatchQuery],
        limit: usize,
        mut each: impl FnMut(&BatchQuery, Result<HitStream<'_>, SearchError>) -> Result<(), E>,
    ) -> Result<(), E> {
        let in_flight = rayon::current_num_threads().saturating_mul(4).max(1);
        for chunk in queries.chunks(in_flight) {
            let streams: Vec<Result<HitStream<'_>, SearchError>> = chunk
                .par_iter()
                .map(|q| {
                    let options = SearchOptions {
                        query: q.query.clone(),
                        from: q.from,
                        to: q.to,
                        limit,
                        sort: SortOrder::Score,
                        ..SearchOptions::default()
                    };
                    let mut stream = self.search_stream(&options)?;
                    stream.prefetch(READ_AHEAD)?;
                    Ok(stream)
                })
                .collect();
            for (query, stream) in chunk.iter().zip(streams) {
                each(query, stream)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_skip_comments_and_blanks() {
        let got = parse_text(b"# c\n\nfoo bar\r\n  \nbaz\n\xff\n");
        let ids: Vec<_> = got.iter().map(|r| r.as_ref().map(|q| q.id.clone()).map_err(|e| e.line)).collect();
        assert_eq!(ids, [Ok("3".to_owned()), Ok("5".to_owned()), Err(6)]);
    }

    #[test]
    fn csv_rows_with_times_and_errors() {
        let csv = b"id,query,from,to\na,foo,2020-05-01,\nb,bar,yesterday,\nc,,,\nd,\"x, y\",,2020-06-01T00:00:00Z\ne,z,2020-06-01,2020-05-01\n";
        let got = parse_csv(Path::new("q.csv"), csv).unwrap();
        assert_eq!(got.len(), 5);
        let later = got[4].as_ref().unwrap_err();
        assert!(later.line == 6 && later.message.contains("not before"), "{later:?}");
        let a = got[0].as_ref().unwrap();
        assert_eq!((a.id.as_str(), a.line, a.from, a.to), ("a", 2, Some(1_588_291_200_000), None));
        assert_eq!(got[1].as_ref().unwrap_err().line, 3);
        assert_eq!(got[2].as_ref().unwrap_err().message, "empty query");
        assert_eq!(got[3].as_ref().unwrap().query, "x, y");
        assert!(parse_csv(Path::new("q.csv"), b"query\nfoo\n").is_err());
        assert!(parse_csv(Path::new("q.csv"), b"id,query,extra\n").is_err());
        // Broken quoting and bytes that are not UTF-8: reported per row, never a panic.
        let broken = parse_csv(Path::new("q.csv"), b"id,query\n\"unterminated\n\xff,\xfe\n");
        assert!(broken.as_ref().is_ok_and(|rows| rows.iter().any(|r| r.is_err())), "{broken:?}");
    }
}
