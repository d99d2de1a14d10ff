//! Inspection standards: a manager writes one (or copies a shipped
//! example), revises it — each edit is a new revision, so visits keep the
//! checklist they were done with — and archives it.

use super::{allow, invalid, not_now, Caller, ServiceResult};
use crate::store::{abort, Store, TemplateRecord};
use servicebook_shared::inspections::{
    check_template, tidy_template, NewTemplate, TemplateRevisionInput, TemplateStatus,
};
use servicebook_shared::permissions;
use servicebook_shared::users::FieldErrors;

const WHAT: &str = "edit the inspection standards";

fn checked(input: NewTemplate) -> ServiceResult<NewTemplate> {
    let t = tidy_template(input);
    let mut errors = FieldErrors::new();
    check_template(&t, &mut errors);
    if errors.is_empty() {
        Ok(t)
    } else {
        Err(invalid(errors))
    }
}

/// A new standard: revision 1 of a new family.
pub async fn create_template(
    store: &Store,
    caller: &Caller,
    input: NewTemplate,
) -> ServiceResult<TemplateRecord> {
    allow(permissions::manage_inspection_templates(caller.who()), WHAT)?;
    let record = TemplateRecord::first(checked(input)?);
    let actor = caller.actor();
    store
        .write(move |tx| tx.insert_audited(record.clone(), &actor))
        .await
}

/// The edited checklist of revision `id` (read at `input.version`) becomes
/// the family's next revision; `id` stops being current. Only the current
/// revision can be revised: an edit of an older one would fork the family.
pub async fn revise_template(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: TemplateRevisionInput,
) -> ServiceResult<TemplateRecord> {
    allow(permissions::manage_inspection_templates(caller.who()), WHAT)?;
    let t = checked(input.template)?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let mut old: TemplateRecord = tx.require(id)?;
            if !old.current {
                return abort(not_now(format!(
                    "Revision {} is not the newest of its standard; revise the newest one.",
                    old.revision
                )));
            }
            let mut next = TemplateRecord::first(t.clone());
            next.family_id = old.family();
            next.revision = old.revision + 1;
            next.active = old.active;
            old.current = false;
            tx.update_audited(old, input.version, &actor, "superseded")?;
            tx.insert_audited(next, &actor)
        })
        .await
}

/// Archives or restores a standard (on its current revision).
pub async fn set_template_status(
    store: &Store,
    caller: &Caller,
    id: u64,
    input: TemplateStatus,
) -> ServiceResult<TemplateRecord> {
    allow(permissions::manage_inspection_templates(caller.who()), WHAT)?;
    let actor = caller.actor();
    store
        .write(move |tx| {
            let mut t: TemplateRecord = tx.require(id)?;
            if !t.current {
                return abort(not_now(
                    "Archive or restore a standard on its newest revision.",
                ));
            }
            t.active = input.active;
            let action = if input.active { "restore" } else { "archive" };
            tx.update_audited(t, input.version, &actor, action)
        })
        .await
}
