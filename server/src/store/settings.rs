//! The firm's settings: one record, created at first start.

use super::{Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::dispatch::Category;
use servicebook_shared::settings::Settings;
use servicebook_shared::sla::{BusinessHours, DispatchMinutes};
use servicebook_shared::Money;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub firm_name: String,
    pub hourly_rate: Money,
    pub travel_fee: Money,
    pub contract_link_threshold: Money,
    pub business_hours: BusinessHours,
    /// Added after the first release: older records read the defaults.
    #[serde(default)]
    pub dispatch_minutes: DispatchMinutes,
    #[serde(default)]
    pub require_admin_two_factor: bool,
    /// Added with repairs: older records read the default (7).
    #[serde(default = "servicebook_shared::settings::default_repair_overdue_days")]
    pub repair_overdue_days: u32,
    /// Added with the firm's list of categories: older records read the
    /// starting list.
    #[serde(default = "servicebook_shared::dispatch::default_categories")]
    pub categories: Vec<Category>,
    /// Added with complaints: older records read 1 and 5.
    #[serde(default = "servicebook_shared::settings::default_complaint_ack_business_days")]
    pub complaint_ack_business_days: u32,
    #[serde(default = "servicebook_shared::settings::default_complaint_close_business_days")]
    pub complaint_close_business_days: u32,
    /// Added with weekly reports: older records read Friday 18:00.
    #[serde(default)]
    pub weekly_report_due: servicebook_shared::work_log::WeeklyReportDue,
    /// Added with surveys: older records read the defaults.
    #[serde(default = "servicebook_shared::settings::default_survey_link_days")]
    pub survey_link_days: u32,
    #[serde(default = "servicebook_shared::settings::default_poor_score_max")]
    pub poor_score_max: u8,
    /// Added with the KPIs: older records read 30.
    #[serde(default = "servicebook_shared::kpi::default_ftf_days")]
    pub ftf_days: u32,
}

pub static SETTINGS: TableDef = TableDef {
    name: "settings",
    indexes: &[],
};

impl Record for SettingsRecord {
    const TABLE: &'static TableDef = &SETTINGS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
}

impl SettingsRecord {
    pub fn from_wire(s: Settings) -> Self {
        SettingsRecord {
            meta: RecordMeta::new(),
            firm_name: s.firm_name,
            hourly_rate: s.hourly_rate,
            travel_fee: s.travel_fee,
            contract_link_threshold: s.contract_link_threshold,
            business_hours: s.business_hours,
            dispatch_minutes: s.dispatch_minutes,
            require_admin_two_factor: s.require_admin_two_factor,
            repair_overdue_days: s.repair_overdue_days,
            categories: s.categories,
            complaint_ack_business_days: s.complaint_ack_business_days,
            complaint_close_business_days: s.complaint_close_business_days,
            weekly_report_due: s.weekly_report_due,
            survey_link_days: s.survey_link_days,
            poor_score_max: s.poor_score_max,
            ftf_days: s.ftf_days,
        }
    }

    pub fn to_wire(&self) -> Settings {
        Settings {
            id: self.meta.id,
            version: self.meta.version,
            firm_name: self.firm_name.clone(),
            hourly_rate: self.hourly_rate,
            travel_fee: self.travel_fee,
            contract_link_threshold: self.contract_link_threshold,
            business_hours: self.business_hours.clone(),
            dispatch_minutes: self.dispatch_minutes,
            require_admin_two_factor: self.require_admin_two_factor,
            repair_overdue_days: self.repair_overdue_days,
            categories: self.categories.clone(),
            complaint_ack_business_days: self.complaint_ack_business_days,
            complaint_close_business_days: self.complaint_close_business_days,
            weekly_report_due: self.weekly_report_due,
            survey_link_days: self.survey_link_days,
            poor_score_max: self.poor_score_max,
            ftf_days: self.ftf_days,
        }
    }
}

impl Store {
    /// The settings record, if first start has written it.
    pub fn settings_record(&self) -> Result<Option<SettingsRecord>, StoreError> {
        Ok(self.list::<SettingsRecord>(None, 1)?.0.into_iter().next())
    }

    /// The settings in force: the stored ones, or the defaults.
    pub fn settings(&self) -> Result<Settings, StoreError> {
        Ok(self
            .settings_record()?
            .map(|r| r.to_wire())
            .unwrap_or_default())
    }
}
