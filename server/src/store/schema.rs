//! The tables of the current schema, its version, and the ordered steps
//! that bring an older database up to it.

use super::record::TableDef;
use super::StoreError;

/// Store-wide trees every schema has.
pub const META: &str = "meta";
pub const SEQUENCES: &str = "sequences";

pub struct Schema {
    /// The version this build writes. Version 1 is the first release.
    pub version: u32,
    pub tables: &'static [&'static TableDef],
    /// Steps in ascending `to` order; the step with `to = n` turns a
    /// version `n - 1` database into version `n`.
    pub migrations: &'static [Migration],
}

pub struct Migration {
    pub to: u32,
    pub what: &'static str,
    pub run: fn(&sled::Db) -> Result<(), StoreError>,
}

/// The schema of this build.
pub const SCHEMA: Schema = Schema {
    version: 3,
    tables: &[
        &super::users::USERS,
        &super::audit::AUDIT,
        &super::customers::CUSTOMERS,
        &super::devices::DEVICES,
        &super::contracts::CONTRACTS,
        &super::files::FILES,
        &super::requests::REQUESTS,
        &super::work_orders::WORK_ORDERS,
        &super::settings::SETTINGS,
        &super::reports::REPORTS,
        &super::sign_links::SIGN_LINKS,
        &super::api_tokens::API_TOKENS,
        &super::loaners::LOANER_UNITS,
        &super::loans::LOANS,
        &super::repairs::REPAIRS,
        &super::parts::PARTS,
        &super::locations::LOCATIONS,
        &super::movements::MOVEMENTS,
        &super::balances::BALANCES,
        &super::balances::SERIALS,
        &super::reorders::REORDERS,
        &super::inspection_templates::INSPECTION_TEMPLATES,
        &super::inspection_plans::INSPECTION_SCHEDULES,
        &super::inspection_plans::INSPECTION_VISITS,
        &super::part_requests::PART_REQUESTS,
        &super::part_requests::WO_PARTS,
        &super::complaints::COMPLAINTS,
        &super::work_logs::WORK_LOGS,
        &super::surveys::SURVEYS,
        &super::follow_ups::FOLLOW_UPS,
    ],
    migrations: &[
        Migration {
            to: 2,
            what: "money in integer minor units (settings, quotes)",
            run: super::migrations::v2_money_in_minor_units,
        },
        Migration {
            to: 3,
            what: "the KPIs' daily sums and requests by close time",
            run: super::migrations::v3_kpi_sums,
        },
    ],
};

impl Schema {
    /// Every tree name of the schema, in a fixed order.
    pub fn tree_names(&self) -> Vec<String> {
        let mut names = vec![
            META.to_owned(),
            SEQUENCES.to_owned(),
            super::kpi::KPI_DAYS.to_owned(),
        ];
        for t in self.tables {
            names.extend(t.tree_names());
        }
        names
    }
}
