//! Inspection checklist templates on disk: one record per revision. The
//! family index finds every revision of a template; the list shows the
//! current ones.

use super::{keys, IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::inspections::{ChecklistItem, InspectionTemplate, NewTemplate};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    /// 0 on a family's first revision (its own id is the family's), else
    /// the first revision's id.
    pub family_id: u64,
    pub revision: u32,
    pub current: bool,
    pub active: bool,
    pub name_zh: String,
    pub name_en: String,
    pub device_class: String,
    pub models: Vec<String>,
    pub description: String,
    pub items: Vec<ChecklistItem>,
}

pub static BY_FAMILY: IndexDef = IndexDef {
    name: "by_family",
    unique: false,
    field: "family_id",
};

pub static INSPECTION_TEMPLATES: TableDef = TableDef {
    name: "inspection_templates",
    indexes: &[&BY_FAMILY],
};

impl Record for TemplateRecord {
    const TABLE: &'static TableDef = &INSPECTION_TEMPLATES;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        vec![IndexKey {
            index: &BY_FAMILY,
            key: keys::id(self.family()).to_vec(),
        }]
    }
}

impl TemplateRecord {
    /// A first revision, current and active.
    pub fn first(t: NewTemplate) -> TemplateRecord {
        TemplateRecord {
            meta: RecordMeta::new(),
            family_id: 0,
            revision: 1,
            current: true,
            active: true,
            name_zh: t.name_zh,
            name_en: t.name_en,
            device_class: t.device_class,
            models: t.models,
            description: t.description,
            items: t.items,
        }
    }

    /// The id every revision of this template shares.
    pub fn family(&self) -> u64 {
        if self.family_id == 0 {
            self.meta.id
        } else {
            self.family_id
        }
    }

    pub fn to_wire(&self) -> InspectionTemplate {
        InspectionTemplate {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            family_id: self.family(),
            revision: self.revision,
            current: self.current,
            active: self.active,
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            device_class: self.device_class.clone(),
            models: self.models.clone(),
            description: self.description.clone(),
            items: self.items.clone(),
        }
    }
}

impl Store {
    /// Every revision of the family `family`, oldest first.
    pub fn template_revisions(&self, family: u64) -> Result<Vec<TemplateRecord>, StoreError> {
        self.records_by_index(&BY_FAMILY, &keys::id(family))
    }
}
