//! The firm's list of categories (settings): the device's category picker
//! and the skills an engineer is given, both taken from it.

use crate::api;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use servicebook_shared::dispatch::Category;

fn categories() -> LocalResource<Vec<Category>> {
    crate::load::load(|| async {
        api::settings::get()
            .await
            .map(|s| s.categories)
            .unwrap_or_default()
    })
}

/// A `<select>` of the firm's categories; a category the firm has since
/// removed stays shown for the device that has it.
#[component]
pub fn CategorySelect(value: RwSignal<String>) -> impl IntoView {
    let i = use_i18n();
    let list = categories();
    view! {
        <select bind:value=value data-testid="device-category" aria-label=move || i.t("device.category")>
            <option value="">"—"</option>
            {move || {
                let mut names: Vec<String> = list.get().unwrap_or_default().into_iter().map(|c| c.name).collect();
                let current = value.get();
                if !current.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(&current)) {
                    names.push(current.clone());
                }
                names.into_iter().map(|n| {
                    let selected = n.eq_ignore_ascii_case(&current);
                    view! { <option value=n.clone() selected=selected>{n.clone()}</option> }
                }).collect_view()
            }}
        </select>
    }
}

/// The firm's categories as toggles over a comma-separated skills field:
/// tapping one adds or removes it, other tags typed by hand stay.
#[component]
pub fn SkillChips(skills: RwSignal<String>) -> impl IntoView {
    let list = categories();
    let tags = move || crate::pages::users::fields::parse_skills(&skills.get());
    view! {
        <div class="chips" data-testid="skill-chips">
            {move || list.get().unwrap_or_default().into_iter().map(|c| {
                let name = c.name.clone();
                let on = {
                    let name = name.clone();
                    move || tags().iter().any(|t| t.eq_ignore_ascii_case(&name))
                };
                let toggle = {
                    let name = name.clone();
                    move |_| {
                        let mut t = crate::pages::users::fields::parse_skills(&skills.get_untracked());
                        match t.iter().position(|x| x.eq_ignore_ascii_case(&name)) {
                            Some(p) => {
                                t.remove(p);
                            }
                            None => t.push(name.clone()),
                        }
                        skills.set(t.join(", "));
                    }
                };
                view! {
                    <button type="button" class="chip" class:on=on.clone() aria-pressed=move || on().to_string() on:click=toggle>{name}</button>
                }
            }).collect_view()}
        </div>
    }
}

/// The settings' text form of the list: one category per line,
/// `name: word, word`.
pub fn to_text(list: &[Category]) -> String {
    list.iter()
        .map(|c| {
            if c.words.is_empty() {
                c.name.clone()
            } else {
                format!("{}: {}", c.name, c.words.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the text form back; blank lines are skipped.
pub fn from_text(text: &str) -> Vec<Category> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (name, words) = l.split_once([':', '：']).unwrap_or((l, ""));
            Category {
                name: name.trim().to_owned(),
                words: words
                    .split([',', '，', ';', '；'])
                    .map(|w| w.trim().to_owned())
                    .filter(|w| !w.is_empty())
                    .collect(),
            }
        })
        .collect()
}
