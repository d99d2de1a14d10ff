//! The firm's own settings: its name on printed reports, what chargeable
//! work costs, when field work needs its sale contract, the business
//! hours the SLA clocks count in, and how long a request may wait for
//! dispatch.

use crate::dispatch::Category;
use crate::money::Money;
use crate::sla::{BusinessHours, DispatchMinutes};
use crate::users::FieldErrors;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Settings {
    /// The settings record; documents attached to it (`firm`) include the
    /// logo printed on reports (the newest image).
    #[serde(default)]
    pub id: u64,
    pub version: u64,
    /// Printed at the top of service reports.
    pub firm_name: String,
    /// Chargeable work: price of one engineer hour.
    pub hourly_rate: Money,
    /// Chargeable work: flat fee for a trip to the customer.
    pub travel_fee: Money,
    /// Field work under a sale contract worth more than this cannot be
    /// dispatched before the contract is linked (the seeds: 50,000).
    pub contract_link_threshold: Money,
    pub business_hours: BusinessHours,
    /// The dispatch clock, by urgency (settings stored before it existed
    /// read as the defaults: 15 min, 1 h, 4 h).
    #[serde(default)]
    pub dispatch_minutes: DispatchMinutes,
    /// Admins must sign in with a second factor (an authenticator app).
    #[serde(default)]
    pub require_admin_two_factor: bool,
    /// A device in repair longer than this many days is listed as overdue
    /// (settings stored before it existed read 7).
    #[serde(default = "default_repair_overdue_days")]
    pub repair_overdue_days: u32,
    /// The kinds of work and devices (server, network, printer/copier …):
    /// a device's category and an engineer's skills are picked from it
    /// (settings stored before it existed read the starting list).
    #[serde(default = "crate::dispatch::default_categories")]
    pub categories: Vec<Category>,
    /// A complaint must be acknowledged within this many business days of
    /// being received (settings stored before it existed read 1).
    #[serde(default = "default_complaint_ack_business_days")]
    pub complaint_ack_business_days: u32,
    /// … and closed within this many (settings stored before it existed
    /// read 5).
    #[serde(default = "default_complaint_close_business_days")]
    pub complaint_close_business_days: u32,
    /// When engineers' weekly reports are due (settings stored before it
    /// existed read Friday 18:00).
    #[serde(default)]
    pub weekly_report_due: crate::work_log::WeeklyReportDue,
    /// Days a satisfaction survey's link stays valid (1 to 90).
    #[serde(default = "default_survey_link_days")]
    pub survey_link_days: u32,
    /// An overall score at or below this (1 to 4) opens a follow-up.
    #[serde(default = "default_poor_score_max")]
    pub poor_score_max: u8,
    /// First-time fix fails when the same device is reported again within
    /// this many days of the close (settings stored before it existed
    /// read 30).
    #[serde(default = "crate::kpi::default_ftf_days")]
    pub ftf_days: u32,
}

pub fn default_complaint_ack_business_days() -> u32 {
    crate::complaints::DEFAULT_ACK_BUSINESS_DAYS
}

pub fn default_complaint_close_business_days() -> u32 {
    crate::complaints::DEFAULT_CLOSE_BUSINESS_DAYS
}

pub const DEFAULT_REPAIR_OVERDUE_DAYS: u32 = 7;

/// A time zone the firm picks by name. Fixed offsets: the firm's clocks
/// count in one offset all year (China has no daylight saving; a firm in a
/// zone that has it adjusts twice a year). A full zone database (chrono-tz)
/// would add about a megabyte to the browser app for this one choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedZone {
    pub zh: &'static str,
    pub en: &'static str,
    pub offset_minutes: i32,
}

/// The zones offered, China first.
pub const TIME_ZONES: &[NamedZone] = &[
    NamedZone {
        zh: "中国标准时间（北京、上海、深圳）",
        en: "China Standard Time (Beijing, Shanghai, Shenzhen)",
        offset_minutes: 480,
    },
    NamedZone {
        zh: "香港、澳门、台北、新加坡",
        en: "Hong Kong, Macau, Taipei, Singapore",
        offset_minutes: 480,
    },
    NamedZone {
        zh: "东京、首尔",
        en: "Tokyo, Seoul",
        offset_minutes: 540,
    },
    NamedZone {
        zh: "曼谷、河内、雅加达",
        en: "Bangkok, Hanoi, Jakarta",
        offset_minutes: 420,
    },
    NamedZone {
        zh: "新德里、孟买",
        en: "New Delhi, Mumbai",
        offset_minutes: 330,
    },
    NamedZone {
        zh: "迪拜",
        en: "Dubai",
        offset_minutes: 240,
    },
    NamedZone {
        zh: "莫斯科",
        en: "Moscow",
        offset_minutes: 180,
    },
    NamedZone {
        zh: "柏林、巴黎（冬令时）",
        en: "Berlin, Paris (winter time)",
        offset_minutes: 60,
    },
    NamedZone {
        zh: "伦敦（冬令时）、协调世界时",
        en: "London (winter time), UTC",
        offset_minutes: 0,
    },
    NamedZone {
        zh: "纽约（冬令时）",
        en: "New York (winter time)",
        offset_minutes: -300,
    },
    NamedZone {
        zh: "洛杉矶（冬令时）",
        en: "Los Angeles (winter time)",
        offset_minutes: -480,
    },
    NamedZone {
        zh: "悉尼（冬令时）",
        en: "Sydney (winter time)",
        offset_minutes: 600,
    },
];

/// The first named zone with this offset (China for +08:00).
pub fn zone_of(offset_minutes: i32) -> Option<&'static NamedZone> {
    TIME_ZONES
        .iter()
        .find(|z| z.offset_minutes == offset_minutes)
}

pub const DEFAULT_SURVEY_LINK_DAYS: u32 = 14;
pub const DEFAULT_POOR_SCORE_MAX: u8 = 3;

pub fn default_survey_link_days() -> u32 {
    DEFAULT_SURVEY_LINK_DAYS
}

pub fn default_poor_score_max() -> u8 {
    DEFAULT_POOR_SCORE_MAX
}

pub fn default_repair_overdue_days() -> u32 {
    DEFAULT_REPAIR_OVERDUE_DAYS
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            id: 0,
            version: 0,
            firm_name: String::new(),
            hourly_rate: Money::from_major(300),
            travel_fee: Money::from_major(100),
            contract_link_threshold: Money::from_major(50_000),
            business_hours: BusinessHours::default(),
            dispatch_minutes: DispatchMinutes::default(),
            require_admin_two_factor: false,
            repair_overdue_days: DEFAULT_REPAIR_OVERDUE_DAYS,
            categories: crate::dispatch::default_categories(),
            complaint_ack_business_days: default_complaint_ack_business_days(),
            complaint_close_business_days: default_complaint_close_business_days(),
            weekly_report_due: Default::default(),
            survey_link_days: DEFAULT_SURVEY_LINK_DAYS,
            poor_score_max: DEFAULT_POOR_SCORE_MAX,
            ftf_days: crate::kpi::DEFAULT_FTF_DAYS,
        }
    }
}

/// `PUT /api/settings`: the whole setting, with the version it was read at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    /// Ignored (there is one settings record); accepted so that what
    /// `GET` answers can be sent back changed.
    #[serde(default)]
    pub id: u64,
    pub version: u64,
    pub firm_name: String,
    pub hourly_rate: Money,
    pub travel_fee: Money,
    pub contract_link_threshold: Money,
    pub business_hours: BusinessHours,
    /// The dispatch clock by urgency; absent: left as it is.
    #[serde(default)]
    pub dispatch_minutes: Option<DispatchMinutes>,
    /// Admins must use two-factor sign-in; absent: left as it is.
    #[serde(default)]
    pub require_admin_two_factor: Option<bool>,
    /// Days before a repair is overdue (1 to 365); absent: left as it is.
    #[serde(default)]
    pub repair_overdue_days: Option<u32>,
    /// The firm's list of categories; absent: left as it is.
    #[serde(default)]
    pub categories: Option<Vec<Category>>,
    /// Business days to acknowledge a complaint (1 to 30); absent: left as
    /// it is.
    #[serde(default)]
    pub complaint_ack_business_days: Option<u32>,
    /// Business days to close a complaint (1 to 30); absent: left as it is.
    #[serde(default)]
    pub complaint_close_business_days: Option<u32>,
    /// When weekly reports are due; absent: left as it is.
    #[serde(default)]
    pub weekly_report_due: Option<crate::work_log::WeeklyReportDue>,
    /// Days a survey link stays valid (1 to 90); absent: left as it is.
    #[serde(default)]
    pub survey_link_days: Option<u32>,
    /// The poor overall score (1 to 4); absent: left as it is.
    #[serde(default)]
    pub poor_score_max: Option<u8>,
    /// Days within which a repeat call fails first-time fix (1 to 365);
    /// absent: left as it is.
    #[serde(default)]
    pub ftf_days: Option<u32>,
}

fn money(e: &mut FieldErrors, field: &str, v: Money) {
    if !v.is_sensible() {
        e.insert(field.into(), "must be an amount of 0 or more".into());
    }
}

pub fn check(input: &SettingsInput) -> FieldErrors {
    let mut e = FieldErrors::new();
    if input.firm_name.chars().count() > 200 {
        e.insert("firm_name".into(), "must be at most 200 characters".into());
    }
    money(&mut e, "hourly_rate", input.hourly_rate);
    money(&mut e, "travel_fee", input.travel_fee);
    money(
        &mut e,
        "contract_link_threshold",
        input.contract_link_threshold,
    );
    if let Some(p) = input.business_hours.problem() {
        e.insert("business_hours".into(), p.into());
    } else if input.business_hours.holidays.len() + input.business_hours.extra_workdays.len() > 2000
    {
        e.insert("business_hours".into(), "lists too many days".into());
    }
    if let Some(p) = input.dispatch_minutes.and_then(|d| d.problem()) {
        e.insert("dispatch_minutes".into(), p.into());
    }
    if input
        .repair_overdue_days
        .is_some_and(|d| !(1..=365).contains(&d))
    {
        e.insert("repair_overdue_days".into(), "must be 1 to 365 days".into());
    }
    let range = crate::complaints::BUSINESS_DAYS_RANGE;
    for (field, v) in [
        (
            "complaint_ack_business_days",
            input.complaint_ack_business_days,
        ),
        (
            "complaint_close_business_days",
            input.complaint_close_business_days,
        ),
    ] {
        if v.is_some_and(|d| !range.contains(&d)) {
            e.insert(field.into(), "must be 1 to 30 business days".into());
        }
    }
    if input
        .survey_link_days
        .is_some_and(|d| !(1..=90).contains(&d))
    {
        e.insert("survey_link_days".into(), "must be 1 to 90 days".into());
    }
    if input.poor_score_max.is_some_and(|d| !(1..=4).contains(&d)) {
        e.insert("poor_score_max".into(), "must be 1 to 4".into());
    }
    if input.ftf_days.is_some_and(|d| !(1..=365).contains(&d)) {
        e.insert("ftf_days".into(), "must be 1 to 365 days".into());
    }
    if let Some(p) = input
        .categories
        .as_deref()
        .and_then(crate::dispatch::check_categories)
    {
        e.insert("categories".into(), p);
    }
    if let Some(p) = input.weekly_report_due.and_then(|d| d.validate().err()) {
        e.insert("weekly_report_due".into(), p);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_stored_before_the_dispatch_clock_read_with_its_defaults() {
        let old = serde_json::json!({
            "id": 1, "version": 3, "firm_name": "华信科技",
            "hourly_rate": 30000, "travel_fee": 10000, "contract_link_threshold": 5000000,
            "business_hours": BusinessHours::default(),
        });
        let s: Settings = serde_json::from_value(old).unwrap();
        assert_eq!(
            (
                s.dispatch_minutes.urgent,
                s.dispatch_minutes.important,
                s.dispatch_minutes.normal
            ),
            (15, 60, 240)
        );
        assert_eq!(s.repair_overdue_days, 7);
        assert_eq!(
            (
                s.complaint_ack_business_days,
                s.complaint_close_business_days
            ),
            (1, 5)
        );
        assert_eq!((s.survey_link_days, s.poor_score_max), (14, 3));
    }

    #[test]
    fn settings_refuse_negative_prices_and_a_day_that_never_opens() {
        let d = Settings::default();
        let mut input = SettingsInput {
            id: 1,
            version: 1,
            firm_name: "深圳某某信息技术有限公司".into(),
            hourly_rate: d.hourly_rate,
            travel_fee: d.travel_fee,
            contract_link_threshold: d.contract_link_threshold,
            business_hours: d.business_hours.clone(),
            dispatch_minutes: Some(d.dispatch_minutes),
            require_admin_two_factor: None,
            repair_overdue_days: Some(7),
            ftf_days: None,
            categories: Some(d.categories.clone()),
            complaint_ack_business_days: Some(1),
            complaint_close_business_days: Some(5),
            weekly_report_due: None,
            survey_link_days: Some(14),
            poor_score_max: Some(3),
        };
        assert!(check(&input).is_empty());
        input.survey_link_days = Some(91);
        input.poor_score_max = Some(5);
        assert_eq!(
            check(&input).keys().collect::<Vec<_>>(),
            ["poor_score_max", "survey_link_days"]
        );
        input.survey_link_days = None;
        input.poor_score_max = None;
        input.hourly_rate = Money(-100);
        input.travel_fee = Money(-1);
        input.business_hours.closes = input.business_hours.opens;
        input.dispatch_minutes = Some(DispatchMinutes {
            urgent: 0,
            ..d.dispatch_minutes
        });
        input.repair_overdue_days = Some(0);
        input.complaint_close_business_days = Some(31);
        assert_eq!(
            check(&input).keys().collect::<Vec<_>>(),
            [
                "business_hours",
                "complaint_close_business_days",
                "dispatch_minutes",
                "hourly_rate",
                "repair_overdue_days",
                "travel_fee"
            ]
        );
    }

    #[test]
    fn the_firms_offset_reads_as_a_named_zone_china_first() {
        assert_eq!(TIME_ZONES[0].offset_minutes, 480);
        assert!(zone_of(480).unwrap().zh.starts_with("中国"));
        assert_eq!(zone_of(330).unwrap().en, "New Delhi, Mumbai");
        assert_eq!(zone_of(17), None);
    }
}
