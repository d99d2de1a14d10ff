//! Demo inspection standards, through the same use cases as the API: the
//! four shipped examples copied by the demo manager, and the UPS standard
//! revised once (a tighter battery range and one more item), so a new firm
//! sees a standard with its revision history.

use crate::cli::block_on;
use crate::service::inspection_templates::{create_template, revise_template};
use crate::service::Caller;
use crate::store::{Store, TemplateRecord};
use servicebook_shared::inspections::{examples, ChecklistItem, ItemKind, TemplateRevisionInput};
use servicebook_shared::requests::Urgency;
use servicebook_shared::users::Role;

fn fail(e: crate::store::StoreError) -> String {
    e.to_string()
}

/// Seeds the standards; returns their newest revisions.
pub fn seed(store: &Store) -> Result<Vec<TemplateRecord>, String> {
    let manager = match crate::demo_service::first_with(store, Role::Manager)? {
        Some(u) => Caller::of(&u),
        None => Caller::system(),
    };
    let mut made = Vec::new();
    for example in examples::all() {
        let saved = block_on(create_template(store, &manager, example.template.clone()))
            .map_err(|e| e.to_string())?
            .map_err(fail)?;
        if example.key != "ups" {
            made.push(saved);
            continue;
        }
        let mut edited = example.template;
        if let Some(v) = edited
            .items
            .iter_mut()
            .find(|i| i.code == "battery_voltage")
        {
            v.min = Some(12.2);
            v.hint = "逐节测量浮充电压 Measure each block on float charge".into();
        }
        edited.items.insert(
            1,
            ChecklistItem {
                code: "battery_swelling".into(),
                label_zh: "电池外观无鼓包、漏液".into(),
                label_en: "Batteries not swollen or leaking".into(),
                kind: ItemKind::PassFail,
                unit: String::new(),
                min: None,
                max: None,
                choices: vec![],
                failing_choices: vec![],
                required: true,
                severity: Urgency::Urgent,
                hint: String::new(),
            },
        );
        let revised = block_on(revise_template(
            store,
            &manager,
            saved.meta.id,
            TemplateRevisionInput {
                version: saved.meta.version,
                template: edited,
            },
        ))
        .map_err(|e| e.to_string())?
        .map_err(fail)?;
        made.push(revised);
    }
    Ok(made)
}
