//! The OpenAPI document kept true: every `/api/v1` route of the table is in it with its
//! method, nothing else is, its references resolve, and the routes' answers (successes and
//! errors) have a status it declares and a body its schema accepts.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::Value;
use tapir_server::Role;
use tapir_server::http::openapi::DOCUMENT;
use tapir_server::http::routes;

use crate::support::{CASE, Harness, OTHER_CASE, Reply, bearer, same_origin};

fn document() -> Value {
    serde_json::from_str(DOCUMENT).expect("openapi.json is JSON")
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// (METHOD, path) of every operation the document describes.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut operations = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (key, _) in item.as_object().unwrap() {
            assert!(METHODS.contains(&key.as_str()) || key == "parameters", "{path}: unexpected key {key}");
            if key != "parameters" {
                operations.insert((key.to_uppercase(), path.clone()));
            }
        }
    }
    operations
}

#[test]
fn every_api_route_is_documented_and_every_documented_operation_is_a_route() {
    let doc = document();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let table: BTreeSet<(String, String)> = routes()
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/"))
        .map(|r| (r.method.as_str().to_owned(), r.path.to_owned()))
        .collect();
    let documented = documented(&doc);
    let missing: Vec<_> = table.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&table).collect();
    assert!(missing.is_empty(), "routes missing from openapi.json: {missing:?}");
    assert!(extra.is_empty(), "openapi.json documents operations that are not routes: {extra:?}");
    assert!(table.len() >= 7);
}

#[test]
fn every_path_parameter_is_declared_and_every_reference_resolves() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let in_path: BTreeSet<&str> =
            path.split('/').filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}'))).collect();
        for (method, operation) in item.as_object().unwrap() {
            assert!(operation["responses"]["200"].is_object(), "{method} {path}: no 200");
            assert!(operation["responses"]["401"].is_object(), "{method} {path}: every route may answer 401");
            let declared: BTreeSet<&str> = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| resolve(&doc, p))
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert_eq!(declared, in_path, "{method} {path}: path parameters");
        }
    }
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        assert!(!pointer(&doc, &r).is_null(), "unresolved $ref {r}");
    }
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

fn pointer<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("not a local $ref: {reference}"));
    doc.pointer(pointer).unwrap_or(&Value::Null)
}

fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    while let Some(r) = value.get("$ref").and_then(Value::as_str) {
        value = pointer(doc, r);
    }
    value
}

/// Whether `value` conforms to `schema`: the subset of OpenAPI 3.0's schemas the document
/// uses (`$ref`, `type`, `nullable`, `properties`, `required`, `additionalProperties`,
/// `items`, `enum`, `minimum`, `minLength`); a schema without `type` accepts anything of
/// the keywords it has. Returns what does not conform, with where.
fn conform(doc: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    let mut fail = |what: String| errors.push(format!("{at}: {what}"));
    if value.is_null() {
        if schema["nullable"] != true && schema.get("type").is_some() {
            fail("null, and the schema is not nullable".into());
        }
        return;
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(value)
    {
        fail(format!("{value} is not one of {allowed:?}"));
    }
    match schema["type"].as_str() {
        None => {}
        Some("string") => match value.as_str() {
            Some(s) if s.chars().count() < schema["minLength"].as_u64().unwrap_or(0) as usize => {
                fail("shorter than minLength".into())
            }
            Some(_) => {}
            None => fail(format!("{value} is not a string")),
        },
        Some("integer") => match value.as_i64() {
            Some(n) if schema["minimum"].as_i64().is_some_and(|m| n < m) => fail(format!("{n} below the minimum")),
            Some(_) => {}
            None if value.is_u64() => {}
            None => fail(format!("{value} is not an integer")),
        },
        Some("number") if !value.is_number() => fail(format!("{value} is not a number")),
        Some("number") => {}
        Some("boolean") if !value.is_boolean() => fail(format!("{value} is not a boolean")),
        Some("boolean") => {}
        Some("array") => match value.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    conform(doc, &schema["items"], item, &format!("{at}[{i}]"), errors);
                }
            }
            None => fail(format!("{value} is not an array")),
        },
        Some("object") => {
            let Some(object) = value.as_object() else { return fail(format!("{value} is not an object")) };
            for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !object.contains_key(required) {
                    errors.push(format!("{at}: {required} is missing"));
                }
            }
            for (key, v) in object {
                let at = format!("{at}.{key}");
                match (schema["properties"].get(key), &schema["additionalProperties"]) {
                    (Some(property), _) => conform(doc, property, v, &at, errors),
                    (None, Value::Bool(false)) => errors.push(format!("{at}: not in the schema")),
                    (None, Value::Object(_)) => conform(doc, &schema["additionalProperties"], v, &at, errors),
                    (None, _) => {}
                }
            }
        }
        Some(other) => fail(format!("the check knows no type {other:?}")),
    }
}

/// The reply's status is declared for the operation and its body conforms to that answer's
/// schema.
fn assert_documented(doc: &Value, method: &str, route: &str, reply: &Reply) {
    let operation = &doc["paths"][route][method.to_lowercase()];
    let what = format!("{method} {route} → {}", reply.status);
    let answer = resolve(doc, &operation["responses"][reply.status.as_str()]);
    assert!(answer.is_object(), "{what}: status not in the document: {}", reply.text());
    let content_type = reply.header("content-type").unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    let schema = &answer["content"][essence]["schema"];
    assert!(schema.is_object(), "{what}: content type {content_type:?} not in the document");
    let mut errors = Vec::new();
    let value = if essence == "application/json" { reply.json() } else { Value::String(reply.text()) };
    conform(doc, schema, &value, "$", &mut errors);
    assert!(errors.is_empty(), "{what} does not conform: {errors:#?}\n{}", reply.text());
}

#[test]
fn the_checker_finds_what_does_not_conform() {
    let doc = document();
    let stats = serde_json::json!({ "$ref": "#/components/schemas/Stats" });
    let mut errors = Vec::new();
    conform(&doc, &stats, &serde_json::json!({ "devices": "two", "extra": 1 }), "$", &mut errors);
    assert!(errors.iter().any(|e| e.contains("devices") && e.contains("not an integer")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("extra: not in the schema")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("logical_messages is missing")), "{errors:?}");
}

/// The body a route is called with here: `(content type, body)`; a GET has none.
fn example_body(method: &Method, path: &str) -> (&'static str, &'static str) {
    match (method.as_str(), path) {
        ("GET", _) => ("", ""),
        ("POST", "/api/v1/cases/{case}/batch") => ("text/plain", "chargeur\nrançon AND\n"),
        _ => panic!("{method} {path}: teach this test the route's request"),
    }
}

/// The path a route is called with here on `case`: a message of the fixture (`example`) for
/// a message's routes, its conversation for the thread.
fn example_path(path: &str, case: &str, example: &(String, u64, String)) -> String {
    let (sender, id, recipient) = example;
    let path = path.replace("{case}", case).replace("{sender}", sender).replace("{id}", &id.to_string());
    if path.ends_with("/thread") {
        return format!("{path}?a={sender}&b={recipient}&around={sender}:{id}&before=2&after=2");
    }
    path.replace("{n}", "0")
}

/// A message of the fixture case: `(sender, id, recipient)`.
fn example_message(h: &Harness) -> (String, u64, String) {
    let case = tapir::Case::open(&h.index_dir(CASE), tapir::Analyst::new("test").unwrap()).unwrap();
    let options = tapir::index::SearchOptions { query: "chargeur".into(), limit: 1, ..Default::default() };
    let hit = case.search(&options, &"example").unwrap().next().unwrap().unwrap();
    (hit.sender, hit.message_id, hit.recipient)
}

#[tokio::test]
async fn the_document_is_served_and_the_routes_answer_what_it_says() {
    let h = Harness::with_evidence();
    h.user("lea", &[(CASE, Role::Lead), (OTHER_CASE, Role::Viewer)]);
    let lea = h.login("lea").await;
    let reply = h.send(lea.get("/api/v1/openapi.json")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), document());
    let doc = document();
    assert_documented(&doc, "GET", "/api/v1/openapi.json", &reply);

    let token = h.store().create_token("lea", "script").unwrap();
    let example = example_message(&h);
    let mut checked = BTreeSet::new();
    for route in routes().iter().filter(|r| r.path.starts_with("/api/v1/")) {
        let method = route.method.as_str();
        let path = |case: &str| example_path(route.path, case, &example);
        let (content_type, body) = example_body(&route.method, route.path);
        let request = |builder: axum::http::request::Builder| {
            let builder = if content_type.is_empty() { builder } else { builder.header("content-type", content_type) };
            builder.body(Body::from(body)).unwrap()
        };
        let as_lea = |path: String| {
            request(
                same_origin(Request::builder().method(route.method.clone()).uri(path))
                    .header("cookie", &lea.cookie)
                    .header("x-csrf-token", &lea.csrf),
            )
        };
        // A lead on a case with evidence, a viewer (what only a lead may do is refused), no
        // grant, and no credentials.
        let replies = vec![
            h.send(as_lea(path(CASE))).await,
            h.send(request(bearer(&path(OTHER_CASE), &token).method(route.method.clone()))).await,
            h.send(as_lea(path("no-such-case"))).await,
            h.send(request(Request::builder().method(route.method.clone()).uri(path(CASE)))).await,
        ];
        assert_eq!(replies[0].status, StatusCode::OK, "{method} {}: {}", route.path, replies[0].text());
        for reply in replies {
            assert_documented(&doc, method, route.path, &reply);
            checked.insert((route.path, reply.status));
        }
    }
    for expected in [StatusCode::OK, StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN, StatusCode::NOT_FOUND] {
        assert!(checked.iter().any(|(_, s)| *s == expected), "no answer {expected} was checked: {checked:?}");
    }
}
