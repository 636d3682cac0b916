//! The exports (leads): `GET /api/v1/cases/{case}/export/timeline` streams the Timesketch
//! timeline `tapir export timeline` writes (CSV or JSON Lines) as it is read from the index;
//! `GET /api/v1/cases/{case}/export/graph` answers the conversation graph as GraphML or JSON.
//! Each export is one facade call, recorded with the rows it wrote (and whether the client
//! left before the end).

use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{MatchedPath, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use http_body::Frame;
use serde_json::json;
use tapir::export::{TimelineFormat, write_graphml};
use tapir::index::SilentProgress;
use tokio::sync::mpsc;

use super::AppState;
use super::auth::{CaseAccess, need};
use super::case_api::{given, parameters};
use super::error::ApiError;
use super::search_api::time;

/// Bytes gathered before a chunk is handed to the client.
const CHUNK: usize = 64 * 1024;
/// Chunks in flight between the export and the client: a slow client slows the export.
const CHUNKS_IN_FLIGHT: usize = 8;

/// The timeline's parameters (unknown ones refused).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineQuery {
    /// `csv` (default, with a header row) or `jsonl`.
    format: Option<String>,
    /// RFC 3339 time or `YYYY-MM-DD` (UTC), inclusive.
    from: Option<String>,
    /// Exclusive.
    to: Option<String>,
}

/// The graph's parameters (unknown ones refused).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GraphQuery {
    /// `graphml` (default) or `json`.
    format: Option<String>,
}

/// The export's side of the stream: bytes gathered into chunks, each sent to the response
/// body. When the client has gone, writing fails as a closed pipe does, which the facade
/// records as a reader that left.
struct ChunkWriter {
    chunks: mpsc::Sender<Bytes>,
    pending: Vec<u8>,
}

impl ChunkWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.pending, Vec::with_capacity(CHUNK)));
        self.chunks.blocking_send(chunk).map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// The response's side: the first chunk (taken to see that the export started), then the
/// others as they come; the end when the export is done.
struct ChunkBody {
    first: Option<Bytes>,
    rest: mpsc::Receiver<Bytes>,
}

impl http_body::Body for ChunkBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        self.rest.poll_recv(cx).map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
    }
}

fn attachment(body: Body, content_type: &'static str, file: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(file));
    response
}

/// `GET /api/v1/cases/{case}/export/timeline` (leads). What fails before the first chunk
/// (the trail, the index) is a JSON error; the export then streams, and a failure after that
/// ends the body early.
pub async fn timeline(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Export>,
    query: Result<Query<TimelineQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = parameters(query)?;
    let (format, content_type, file) = match p.format.as_deref() {
        None | Some("csv") => (TimelineFormat::Csv, "text/csv; charset=utf-8", "attachment; filename=\"timeline.csv\""),
        Some("jsonl") => (TimelineFormat::Jsonl, "application/x-ndjson", "attachment; filename=\"timeline.jsonl\""),
        Some(_) => return Err(ApiError::bad_request("bad_format", "format: expected csv or jsonl")),
    };
    let range = (time("from", p.from.as_deref())?, time("to", p.to.as_deref())?);
    let given = given(&route, json!({ "format": p.format, "from": p.from, "to": p.to }));
    let (chunks, mut body) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let export = tokio::spawn(async move {
        access
            .read(&state, move |case| {
                let mut out = ChunkWriter { chunks, pending: Vec::with_capacity(CHUNK) };
                case.export_timeline(format, range, &mut out, &SilentProgress, &given)
            })
            .await
    });
    let Some(first) = body.recv().await else {
        // No byte written: the export failed before its first chunk, or the join failed.
        return match export.await {
            Ok(Ok(_)) => Ok(attachment(Body::empty(), content_type, file)),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(ApiError::internal()),
        };
    };
    Ok(attachment(Body::new(ChunkBody { first: Some(first), rest: body }), content_type, file))
}

/// `GET /api/v1/cases/{case}/export/graph` (leads): who talks to whom.
pub async fn graph(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Export>,
    query: Result<Query<GraphQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let p = parameters(query)?;
    let graphml = match p.format.as_deref() {
        None | Some("graphml") => true,
        Some("json") => false,
        Some(_) => return Err(ApiError::bad_request("bad_format", "format: expected graphml or json")),
    };
    let given = given(&route, json!({ "format": p.format }));
    let graph = access.read(&state, move |case| case.export_graph(&SilentProgress, &given)).await?;
    if !graphml {
        return Ok(axum::Json(graph).into_response());
    }
    let mut xml = Vec::new();
    write_graphml(&mut xml, &graph).map_err(|_| ApiError::internal())?;
    Ok(attachment(Body::from(xml), "application/graphml+xml", "attachment; filename=\"graph.graphml\""))
}
