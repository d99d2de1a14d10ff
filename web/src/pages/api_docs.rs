//! The API reference, rendered in the app from `/api/openapi.json` (which
//! the server generates from its handlers), so no outside viewer is needed.

use crate::api;
use crate::components::error::ErrorView;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use serde_json::Value;

struct Operation {
    method: String,
    path: String,
    summary: String,
    description: String,
    params: Vec<(String, String, bool, String)>,
    body: Option<String>,
    responses: Vec<(String, String)>,
}

/// A schema's short name: `#/components/schemas/User` → `User`, arrays as `[T]`.
fn type_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_owned();
    }
    if let Some(items) = schema.get("items") {
        return format!("[{}]", type_name(items));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            return list.iter().map(type_name).collect::<Vec<_>>().join(" | ");
        }
    }
    match schema.get("type") {
        Some(Value::String(t)) => schema
            .get("format")
            .and_then(Value::as_str)
            .map(|f| format!("{t} ({f})"))
            .unwrap_or_else(|| t.clone()),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ if schema.get("enum").is_some() => "enum".into(),
        _ => "object".into(),
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_owned()
}

fn operations(doc: &Value) -> Vec<(String, Vec<Operation>)> {
    let mut groups: Vec<(String, Vec<Operation>)> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| (text(t, "name"), Vec::new()))
        .collect();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let tag = op["tags"]
                .get(0)
                .and_then(Value::as_str)
                .unwrap_or("other")
                .to_owned();
            let params = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    (
                        text(p, "name"),
                        text(p, "in"),
                        p["required"].as_bool().unwrap_or(false),
                        type_name(&p["schema"]),
                    )
                })
                .collect();
            let body = op["requestBody"]["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .map(|c| type_name(&c["schema"]));
            let responses = op["responses"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(code, r)| {
                    let schema = r["content"]
                        .as_object()
                        .and_then(|c| c.values().next())
                        .map(|c| type_name(&c["schema"]));
                    (
                        code.clone(),
                        [Some(text(r, "description")), schema]
                            .into_iter()
                            .flatten()
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · "),
                    )
                })
                .collect();
            let operation = Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                summary: text(op, "summary"),
                description: text(op, "description"),
                params,
                body,
                responses,
            };
            match groups.iter_mut().find(|(name, _)| *name == tag) {
                Some((_, ops)) => ops.push(operation),
                None => groups.push((tag, vec![operation])),
            }
        }
    }
    groups.retain(|(_, ops)| !ops.is_empty());
    groups
}

fn schemas(doc: &Value) -> Vec<(String, Vec<(String, String, bool)>)> {
    doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| {
            let required: Vec<&str> = s["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let props = s["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(p, v)| (p.clone(), type_name(v), required.contains(&p.as_str())))
                .collect();
            (name.clone(), props)
        })
        .collect()
}

#[component]
pub fn ApiDocs() -> impl IntoView {
    let i = use_i18n();
    let doc = crate::load::load(api::system::openapi);
    view! {
        <section class="card">
            <h1>{move || i.t("api.title")}</h1>
            <p>{move || i.t("api.intro")}" "<a href=api::system::openapi_url() target="_blank">"openapi.json"</a></p>
        </section>
        <Suspense fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
            {move || Suspend::new(async move {
                match doc.await {
                    Ok(doc) => view! {
                        <p class="muted">{text(&doc["info"], "description")}</p>
                        {operations(&doc).into_iter().map(|(tag, ops)| view! {
                            <section class="card api-group">
                                <h2>{tag}</h2>
                                {ops.into_iter().map(|op| view! {
                                    <details class="api-op">
                                        <summary>
                                            <span class=format!("method {}", op.method.to_lowercase())>{op.method.clone()}</span>
                                            <code>{op.path.clone()}</code>
                                            <span class="muted">{op.summary.clone()}</span>
                                        </summary>
                                        {(!op.description.is_empty()).then(|| view! { <p>{op.description.clone()}</p> })}
                                        {(!op.params.is_empty()).then(|| view! {
                                            <h4>{move || i.t("api.parameters")}</h4>
                                            <ul>{op.params.iter().map(|(n, at, req, ty)| view! {
                                                <li><code>{n.clone()}</code>" ("{at.clone()}", "{ty.clone()}")"{req.then_some(" *")}</li>
                                            }).collect_view()}</ul>
                                        })}
                                        {op.body.clone().map(|b| view! { <h4>{move || i.t("api.body")}</h4><p><code>{b}</code></p> })}
                                        <h4>{move || i.t("api.responses")}</h4>
                                        <ul>{op.responses.iter().map(|(c, d)| view! { <li><code>{c.clone()}</code>" "{d.clone()}</li> }).collect_view()}</ul>
                                    </details>
                                }).collect_view()}
                            </section>
                        }).collect_view()}
                        <section class="card">
                            <h2>{move || i.t("api.schemas")}</h2>
                            {schemas(&doc).into_iter().map(|(name, props)| view! {
                                <details class="api-op">
                                    <summary><code>{name}</code></summary>
                                    <ul>{props.into_iter().map(|(p, ty, req)| view! {
                                        <li><code>{p}</code>": "{ty}{req.then_some(" *")}</li>
                                    }).collect_view()}</ul>
                                </details>
                            }).collect_view()}
                        </section>
                    }.into_any(),
                    Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
