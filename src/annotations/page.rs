//! Listings come a page at a time: a capped number of items and an opaque cursor that
//! continues after the last one (keyset paging: a page costs the same however deep it is).

use super::error::{InputError, ParseError};

/// Most items one page holds, whatever the caller asks.
pub const MAX_PAGE: usize = 1000;

/// Where a listing continues: opaque to callers (the API hands it back as given).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Cursor(String);

impl Cursor {
    pub fn new(text: impl Into<String>) -> Cursor {
        Cursor(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A cursor made by [`Cursor::after_id`].
    pub(crate) fn id(&self) -> Result<i64, ParseError> {
        self.0.parse::<i64>().ok().filter(|&i| i >= 0).ok_or_else(|| self.invalid())
    }

    pub(crate) fn after_id(id: i64) -> Cursor {
        Cursor(id.to_string())
    }

    pub(crate) fn invalid(&self) -> ParseError {
        ParseError::Cursor(self.0.chars().take(80).collect())
    }
}

/// Which page: at most `limit` items (capped at [`MAX_PAGE`]; 0 means the cap) after
/// `after` (the start when `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: usize,
    pub after: Option<Cursor>,
}

impl PageRequest {
    /// The first page of up to `limit` items.
    pub fn first(limit: usize) -> PageRequest {
        PageRequest { limit, after: None }
    }

    /// Items to return: `limit` within `1..=MAX_PAGE`.
    pub(crate) fn size(&self) -> usize {
        if self.limit == 0 { MAX_PAGE } else { self.limit.min(MAX_PAGE) }
    }

    /// The id to continue after (`-1`: from the start, ids are never negative).
    pub(crate) fn after_id(&self) -> Result<i64, ParseError> {
        self.after.as_ref().map_or(Ok(-1), Cursor::id)
    }
}

/// One page of a listing; `next` continues it (`None`: this was the last page).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

impl<T> Page<T> {
    pub(crate) fn empty() -> Page<T> {
        Page { items: Vec::new(), next: None }
    }

    /// A page from up to `size + 1` rows read (one more than asked tells there is a next),
    /// continued after the key `key` gives its last item.
    pub(crate) fn from_rows(mut rows: Vec<T>, size: usize, key: impl Fn(&T) -> Cursor) -> Page<T> {
        let more = rows.len() > size;
        rows.truncate(size);
        let next = if more { rows.last().map(key) } else { None };
        Page { items: rows, next }
    }

    /// [`Page::from_rows`] over rows keyed by the id their listing continues after.
    pub(crate) fn from_keyed_rows(rows: Vec<(i64, T)>, size: usize) -> Page<T> {
        let page = Page::from_rows(rows, size, |(id, _)| Cursor::after_id(*id));
        Page { items: page.items.into_iter().map(|(_, item)| item).collect(), next: page.next }
    }
}

/// Reads a listing to its end, page after page: for exports and tests, which want it whole
/// (it holds every item; a front end shows pages).
pub fn read_all<T, E>(mut list: impl FnMut(&PageRequest) -> Result<Page<T>, E>) -> Result<Vec<T>, E> {
    let mut request = PageRequest::first(MAX_PAGE);
    let mut items = Vec::new();
    loop {
        let page = list(&request)?;
        items.extend(page.items);
        match page.next {
            Some(next) => request.after = Some(next),
            None => return Ok(items),
        }
    }
}

/// Refuses a call about more items at once than a page holds (`what`: what they are).
pub(crate) fn bounded_batch(what: &'static str, n: usize) -> Result<(), InputError> {
    if n > MAX_PAGE { Err(InputError::TooMany { what, max: MAX_PAGE }) } else { Ok(()) }
}
