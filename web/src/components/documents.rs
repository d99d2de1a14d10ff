//! A record's documents: list with downloads, upload for those who may
//! edit the record, removal after a confirmation. The server judges each
//! file by its content and keeps the removal in the record's history.

use crate::api;
use crate::components::error::ErrorView;
use crate::components::time::local;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::files::{human_size, AttachedTo, FileInfo};
use servicebook_shared::ApiProblem;
use wasm_bindgen::JsCast;

#[component]
pub fn Documents(
    record_type: AttachedTo,
    record_id: u64,
    editable: bool,
    /// Bumped after a change, so the record's history shows it.
    refresh: RwSignal<usize>,
) -> impl IntoView {
    let i = use_i18n();
    let files = crate::load::load(move || {
        refresh.track();
        api::files::list(record_type, record_id)
    });
    let error = RwSignal::new(None::<ApiProblem>);
    // Files are browser objects (not Send): each upload runs as a local task.
    let pending = RwSignal::new(0usize);
    let upload = move |file: web_sys::File| {
        pending.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let result = api::files::upload(record_type, record_id, &file).await;
            let _ = pending.try_update(|n| *n -= 1);
            match result {
                Ok(_) => {
                    let _ = refresh.try_update(|n| *n += 1);
                }
                Err(p) => {
                    let _ = error.try_set(Some(p));
                }
            }
        });
    };
    let remove =
        crate::load::act(move |(id, version): &(u64, u64)| api::files::remove(*id, *version));
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => refresh.update(|n| *n += 1),
        Some(Err(p)) => error.set(Some(p)),
        None => {}
    });
    let picked = move |ev: leptos::ev::Event| {
        error.set(None);
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        if let Some(list) = input.files() {
            for n in 0..list.length() {
                if let Some(file) = list.get(n) {
                    upload(file);
                }
            }
        }
        input.set_value("");
    };
    let confirm_remove = move |file: FileInfo| {
        let question = i
            .t("documents.confirm_remove")
            .replace("{name}", &file.name);
        if window().confirm_with_message(&question).unwrap_or(false) {
            error.set(None);
            remove.dispatch((file.id, file.version));
        }
    };
    view! {
        <section class="card" data-testid="documents">
            <h2>{move || i.t("documents.title")}</h2>
            <Suspense fallback=move || view! { <p class="muted">{move || i.t("common.loading")}</p> }>
                {move || Suspend::new(async move {
                    match files.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">{move || i.t("documents.empty")}</p> }.into_any(),
                        Ok(page) => view! {
                            <ul class="documents">
                                {page.items.into_iter().map(|f| {
                                    let at = f.created_at.clone();
                                    let file = f.clone();
                                    view! {
                                        <li>
                                            <a href=api::files::content_url(f.id) download=f.name.clone()>{f.name.clone()}</a>
                                            <span class="muted">" · "{human_size(f.size)}" · "{f.uploaded_by.clone()}" · "{move || local(&at, i.lang.get())}</span>
                                            {editable.then(|| view! {
                                                <button type="button" class="link danger" on:click=move |_| confirm_remove(file.clone())>{move || i.t("common.remove")}</button>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(p) => view! { <ErrorView problem=p/> }.into_any(),
                    }
                })}
            </Suspense>
            {editable.then(|| view! {
                <label class="upload">
                    <span>{move || if pending.get() > 0 { i.t("documents.uploading") } else { i.t("documents.add") }}</span>
                    <input type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.tif,.tiff,.bmp,.heic,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.zip,.txt,.csv" on:change=picked/>
                </label>
                <p class="muted small">{move || i.t("documents.hint")}</p>
            })}
            {move || error.get().map(|p| view! { <ErrorView problem=p/> })}
        </section>
    }
}
