//! The standard editor: a new standard (blank or copied from a shipped
//! example) or the next revision of one. Items are edited in place; the
//! rules are `shared::inspections`, checked here before sending and again
//! by the server.

use super::{as_new, kind_key, urgency_key};
use crate::api;
use crate::components::error::{row_errors, ErrorView, FormError};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use servicebook_shared::inspections::{
    check_template, examples, tidy_template, ChecklistItem, InspectionTemplate, ItemKind,
    NewTemplate, TemplateRevisionInput,
};
use servicebook_shared::requests::Urgency;
use servicebook_shared::users::FieldErrors;
use servicebook_shared::{ApiProblem, ProblemCode};

const SHOWN: &[&str] = &[
    "name_zh",
    "name_en",
    "device_class",
    "models",
    "description",
    "items",
];

/// One item as typed (numbers and lists still text).
#[derive(Debug, Clone, PartialEq)]
struct Row {
    key: u64,
    code: String,
    label_zh: String,
    label_en: String,
    kind: ItemKind,
    unit: String,
    min: String,
    max: String,
    choices: String,
    failing: String,
    required: bool,
    severity: Urgency,
    hint: String,
}

fn num_text(v: Option<f64>) -> String {
    v.map(servicebook_shared::inspections::number)
        .unwrap_or_default()
}

fn list_text(v: &[String]) -> String {
    v.join(", ")
}

fn split(s: &str) -> Vec<String> {
    s.split([',', '，', ';', '；'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Row {
    fn of(key: u64, i: &ChecklistItem) -> Row {
        Row {
            key,
            code: i.code.clone(),
            label_zh: i.label_zh.clone(),
            label_en: i.label_en.clone(),
            kind: i.kind,
            unit: i.unit.clone(),
            min: num_text(i.min),
            max: num_text(i.max),
            choices: list_text(&i.choices),
            failing: list_text(&i.failing_choices),
            required: i.required,
            severity: i.severity,
            hint: i.hint.clone(),
        }
    }

    fn blank(key: u64) -> Row {
        Row {
            key,
            code: String::new(),
            label_zh: String::new(),
            label_en: String::new(),
            kind: ItemKind::PassFail,
            unit: String::new(),
            min: String::new(),
            max: String::new(),
            choices: String::new(),
            failing: String::new(),
            required: true,
            severity: Urgency::Normal,
            hint: String::new(),
        }
    }

    /// The item, or which number did not parse.
    fn item(&self) -> Result<ChecklistItem, &'static str> {
        let reading = self.kind == ItemKind::Reading;
        let choice = self.kind == ItemKind::Choice;
        let number = |s: &str| -> Result<Option<f64>, &'static str> {
            let t = s.trim().replace('，', ".");
            if t.is_empty() || !reading {
                Ok(None)
            } else {
                t.parse::<f64>()
                    .map(Some)
                    .map_err(|_| "inspections.bad_number")
            }
        };
        Ok(ChecklistItem {
            code: self.code.clone(),
            label_zh: self.label_zh.clone(),
            label_en: self.label_en.clone(),
            kind: self.kind,
            unit: if reading {
                self.unit.clone()
            } else {
                String::new()
            },
            min: number(&self.min)?,
            max: number(&self.max)?,
            choices: if choice { split(&self.choices) } else { vec![] },
            failing_choices: if choice { split(&self.failing) } else { vec![] },
            required: self.required,
            severity: self.severity,
            hint: self.hint.clone(),
        })
    }
}

/// `/inspection-templates/new` (`?example=ups` starts from that example).
#[component]
pub fn NewTemplatePage() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let start = query
        .with_untracked(|q| q.get("example"))
        .and_then(|k| examples::by_key(&k))
        .unwrap_or_default();
    view! {
        <section class="card">
            <h1>{move || i.t("inspections.new_template")}</h1>
            <TemplateForm start=start base=None/>
        </section>
    }
}

/// `/inspection-templates/:id/edit`: the next revision of `:id`.
#[component]
pub fn EditTemplatePage() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id =
        params.with_untracked(|p| p.get("id").and_then(|s| s.parse::<u64>().ok()).unwrap_or(0));
    let t = crate::load::load(move || api::inspections::template(id));
    view! {
        <section class="card">
            <h1>{move || i.t("inspections.edit")}</h1>
            <p class="muted small">{move || i.t("inspections.edit_hint")}</p>
            <Suspense fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match t.await {
                        Ok(t) => view! { <TemplateForm start=as_new(&t) base=Some(t)/> }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TemplateForm(start: NewTemplate, base: Option<InspectionTemplate>) -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let name_zh = RwSignal::new(start.name_zh.clone());
    let name_en = RwSignal::new(start.name_en.clone());
    let class = RwSignal::new(start.device_class.clone());
    let models = RwSignal::new(start.models.join(", "));
    let description = RwSignal::new(start.description.clone());
    let next_key = StoredValue::new(start.items.len() as u64 + 1);
    let rows = RwSignal::new(
        start
            .items
            .iter()
            .enumerate()
            .map(|(n, it)| Row::of(n as u64 + 1, it))
            .collect::<Vec<_>>(),
    );
    let error = RwSignal::new(None::<ApiProblem>);
    let base_at = base.as_ref().map(|b| (b.id, b.version));
    let save = crate::load::act(move |t: &NewTemplate| {
        let t = t.clone();
        async move {
            match base_at {
                Some((id, version)) => {
                    api::inspections::revise(
                        id,
                        &TemplateRevisionInput {
                            version,
                            template: t,
                        },
                    )
                    .await
                }
                None => api::inspections::create(&t).await,
            }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(t)) => navigate(
            &format!("/inspection-templates/{}", t.id),
            Default::default(),
        ),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let refuse = move |errors: FieldErrors| {
        let mut p = ApiProblem::new(422, ProblemCode::Invalid, "", "");
        p.errors = errors;
        error.set(Some(p));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let mut bad = FieldErrors::new();
        let mut items = Vec::new();
        for (n, r) in rows.get_untracked().iter().enumerate() {
            match r.item() {
                Ok(item) => items.push(item),
                Err(key) => {
                    bad.insert(format!("items[{n}]"), i.t(key));
                }
            }
        }
        if !bad.is_empty() {
            return refuse(bad);
        }
        let t = tidy_template(NewTemplate {
            name_zh: name_zh.get_untracked(),
            name_en: name_en.get_untracked(),
            device_class: class.get_untracked(),
            models: split(&models.get_untracked()),
            description: description.get_untracked(),
            items,
        });
        check_template(&t, &mut bad);
        if !bad.is_empty() {
            return refuse(bad);
        }
        save.dispatch(t);
    };
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| r.push(Row::blank(key)));
    };
    let indexed = move || rows.get().into_iter().enumerate().collect::<Vec<_>>();
    view! {
        <form on:submit=submit class="grid-form" data-testid="template-form">
            <label>{move || i.t("inspections.name_zh")}<input bind:value=name_zh data-testid="template-name-zh"/></label>
            <label>{move || i.t("inspections.name_en")}<input bind:value=name_en/></label>
            <label>{move || i.t("inspections.device_class")}<input bind:value=class placeholder="UPS / 服务器 / 交换机"/></label>
            <label>{move || i.t("inspections.models")}<input bind:value=models placeholder=move || i.t("parts.models_hint")/></label>
            <label class="span">{move || i.t("inspections.description")}<textarea rows="2" bind:value=description></textarea></label>
            <fieldset class="span">
                <legend>{move || i.t("inspections.items")}</legend>
                <For each=indexed key=|(n, r): &(usize, Row)| (*n, r.key)
                    children=move |(n, row)| view! { <ItemEditor n=n row=row rows=rows error=error/> }/>
                <button type="button" on:click=add data-testid="template-add-item">{move || i.t("inspections.add_item")}</button>
            </fieldset>
            <button type="submit" class="primary" data-testid="template-save" disabled=move || save.pending().get()>
                {move || i.t("common.save")}
            </button>
            <FormError problem=error shown=SHOWN/>
        </form>
    }
}

/// One item's fields; the range shows for readings, options for choices.
#[component]
fn ItemEditor(
    n: usize,
    row: Row,
    rows: RwSignal<Vec<Row>>,
    error: RwSignal<Option<ApiProblem>>,
) -> impl IntoView {
    let i = use_i18n();
    let key = row.key;
    let get = move |f: fn(&Row) -> String| {
        move || rows.with(|r| r.iter().find(|x| x.key == key).map(f).unwrap_or_default())
    };
    let set = move |f: fn(&mut Row, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            rows.update(|r| {
                if let Some(x) = r.iter_mut().find(|x| x.key == key) {
                    f(x, v)
                }
            });
            error.set(None);
        }
    };
    let kind = move || {
        rows.with(|r| {
            r.iter()
                .find(|x| x.key == key)
                .map(|x| x.kind)
                .unwrap_or(ItemKind::PassFail)
        })
    };
    let set_kind = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let Some(k) = ItemKind::ALL.into_iter().find(|k| k.as_str() == v) {
            rows.update(|r| {
                if let Some(x) = r.iter_mut().find(|x| x.key == key) {
                    x.kind = k
                }
            });
        }
    };
    let set_severity = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let u = match v.as_str() {
            "urgent" => Urgency::Urgent,
            "important" => Urgency::Important,
            _ => Urgency::Normal,
        };
        rows.update(|r| {
            if let Some(x) = r.iter_mut().find(|x| x.key == key) {
                x.severity = u
            }
        });
    };
    let required =
        move || rows.with(|r| r.iter().find(|x| x.key == key).is_some_and(|x| x.required));
    let toggle_required = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        rows.update(|r| {
            if let Some(x) = r.iter_mut().find(|x| x.key == key) {
                x.required = on
            }
        });
    };
    let remove = move |_| rows.update(|r| r.retain(|x| x.key != key));
    let up = move |_| {
        rows.update(|r| {
            if let Some(p) = r.iter().position(|x| x.key == key) {
                if p > 0 {
                    r.swap(p, p - 1)
                }
            }
        })
    };
    let severity = row.severity;
    let chosen = row.kind;
    view! {
        <div class="item-editor" data-testid=format!("template-item-{n}")>
            <div class="row-fields">
                <span class="muted">{n + 1}"."</span>
                <label>{move || i.t("inspections.label_zh")}<input prop:value=get(|x| x.label_zh.clone()) on:input=set(|x, v| x.label_zh = v) data-testid="item-label-zh"/></label>
                <label>{move || i.t("inspections.label_en")}<input prop:value=get(|x| x.label_en.clone()) on:input=set(|x, v| x.label_en = v)/></label>
                <label>{move || i.t("inspections.kind")}
                    <select on:change=set_kind data-testid="item-kind">
                        {ItemKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=k == chosen>{move || i.t(&kind_key(k))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{move || i.t("inspections.severity")}
                    <select on:change=set_severity>
                        {[Urgency::Normal, Urgency::Important, Urgency::Urgent].into_iter().map(|u| {
                            let value = match u { Urgency::Urgent => "urgent", Urgency::Important => "important", Urgency::Normal => "normal" };
                            view! { <option value=value selected=u == severity>{move || i.t(urgency_key(u))}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <Show when=move || kind() == ItemKind::Reading>
                <div class="row-fields">
                    <label>{move || i.t("inspections.unit")}<input size="6" prop:value=get(|x| x.unit.clone()) on:input=set(|x, v| x.unit = v) data-testid="item-unit"/></label>
                    <label>{move || i.t("inspections.min")}<input size="8" inputmode="decimal" prop:value=get(|x| x.min.clone()) on:input=set(|x, v| x.min = v) data-testid="item-min"/></label>
                    <label>{move || i.t("inspections.max")}<input size="8" inputmode="decimal" prop:value=get(|x| x.max.clone()) on:input=set(|x, v| x.max = v) data-testid="item-max"/></label>
                </div>
            </Show>
            <Show when=move || kind() == ItemKind::Choice>
                <div class="row-fields">
                    <label>{move || i.t("inspections.choices")}<input prop:value=get(|x| x.choices.clone()) on:input=set(|x, v| x.choices = v) placeholder="正常, 告警, 故障"/></label>
                    <label>{move || i.t("inspections.failing_choices")}<input prop:value=get(|x| x.failing.clone()) on:input=set(|x, v| x.failing = v) placeholder="告警, 故障"/></label>
                </div>
            </Show>
            <div class="row-fields">
                <label class="span">{move || i.t("inspections.hint")}<input prop:value=get(|x| x.hint.clone()) on:input=set(|x, v| x.hint = v)/></label>
                <label class="inline"><input type="checkbox" prop:checked=required on:change=toggle_required/>{move || i.t("inspections.required")}</label>
                <button type="button" on:click=up disabled=n == 0 aria-label=move || i.t("inspections.move_up")>"↑"</button>
                <button type="button" on:click=remove>{move || i.t("inspections.remove_item")}</button>
            </div>
            <span class="field-error">{move || error.with(|p| row_errors(i, p, "items", n).or_else(|| p.as_ref().and_then(|p| p.errors.get(&format!("items[{n}]")).cloned())))}</span>
        </div>
    }
}
