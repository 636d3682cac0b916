//! The hostile-text test page (a probe route, `GET /probe/hostile`): every sample of the
//! hostile corpus, shown through the real layout and the hostile-text helper, as the case
//! pages will show messages. `?other=HOST:PORT` adds samples pointing at another origin (the
//! browser test listens there, to see that nothing is fetched from it).

use std::collections::HashMap;

use askama::Template;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::Response;
use tapir_server::http::ApiError;
use tapir_server::http::pages::text::Shown;
use tapir_server::http::pages::{Layout, render};
use tapir_server::store::Principal;

use crate::hostile_corpus::HOSTILE;

pub struct Item {
    pub name: String,
    pub shown: Shown,
}

#[derive(Template)]
#[template(
    ext = "html",
    source = r##"{% extends "base.html" %}
{%- import "text.html" as text %}
{%- block main %}
<h1>Hostile text</h1>
<ul class="samples" id="samples">
{%- for item in items %}
  <li data-item id="sample-{{ item.name }}"><a class="name" href="#sample-{{ item.name }}" data-open>{{ item.name }}</a>: {% call text::shown(item.shown) %}{% endcall %}
    <label for="tag-{{ item.name }}">Tag</label> <input id="tag-{{ item.name }}" data-shortcut="tag"></li>
{%- endfor %}
</ul>
{%- endblock %}"##
)]
struct HostilePage {
    layout: Layout,
    items: Vec<Item>,
}

/// The samples of the page: the corpus, then those aimed at `other` (an origin).
pub fn items(other: Option<&str>) -> Vec<Item> {
    let mut items: Vec<Item> =
        HOSTILE.iter().map(|s| Item { name: s.name.to_owned(), shown: Shown::from_bytes(s.bytes) }).collect();
    if let Some(other) = other {
        let aimed = [
            ("other-script", format!("<script src=\"http://{other}/script.js\"></script>")),
            ("other-image", format!("<img src=\"http://{other}/image.png\" onerror=\"alert('other')\">")),
            ("other-style", format!("<link rel=\"stylesheet\" href=\"http://{other}/style.css\">")),
            ("other-frame", format!("<iframe src=\"http://{other}/frame\"></iframe>")),
            ("other-css-url", format!("<div style=\"background:url(http://{other}/bg.png)\">x</div>")),
            ("other-refresh", format!("<meta http-equiv=\"refresh\" content=\"0;url=http://{other}/go\">")),
        ];
        items.extend(aimed.into_iter().map(|(name, text)| Item { name: name.to_owned(), shown: Shown::new(&text) }));
    }
    items
}

pub async fn page(principal: Principal, Query(query): Query<HashMap<String, String>>) -> Result<Response, ApiError> {
    let layout = Layout::for_principal("Hostile text", &principal)?;
    let items = items(query.get("other").map(String::as_str));
    Ok(render(StatusCode::OK, &HostilePage { layout, items }))
}
