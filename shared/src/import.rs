//! Importing customers and devices from CSV: the documented columns and
//! what a (dry) run reports. The app shows the same column list the server
//! reads, so the two cannot drift apart.

use serde::{Deserialize, Serialize};

/// More rows than this are refused: split the file.
pub const MAX_ROWS: usize = 10_000;
/// Largest CSV file accepted.
pub const MAX_CSV_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Customers,
    Devices,
    Parts,
}

impl ImportKind {
    pub fn parse(s: &str) -> Option<ImportKind> {
        match s {
            "customers" => Some(ImportKind::Customers),
            "devices" => Some(ImportKind::Devices),
            "parts" => Some(ImportKind::Parts),
            _ => None,
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Customers => CUSTOMER_COLUMNS,
            ImportKind::Devices => DEVICE_COLUMNS,
            ImportKind::Parts => PART_COLUMNS,
        }
    }
}

/// One CSV column. The header row may name it by `field`, by its English
/// `en` header or by its Chinese `zh` header, in any order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub field: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
    pub required: bool,
}

const fn col(field: &'static str, en: &'static str, zh: &'static str, required: bool) -> Column {
    Column {
        field,
        en,
        zh,
        required,
    }
}

pub const CUSTOMER_COLUMNS: &[Column] = &[
    col("name", "Name", "客户名称", true),
    col("industry", "Industry", "行业", false),
    col("tier", "Tier", "客户等级", false),
    col("sales_owner", "Sales owner", "销售负责人", false),
    col("contact_name", "Contact", "联系人", false),
    col("contact_phone", "Phone", "电话", false),
    col("contact_email", "E-mail", "邮箱", false),
    col("site_name", "Site", "站点", false),
    col("site_address", "Address", "地址", false),
    col("notes", "Notes", "备注", false),
];

pub const DEVICE_COLUMNS: &[Column] = &[
    col("customer", "Customer", "客户名称", true),
    col("site", "Site", "站点", false),
    col("product", "Product line", "产品线", true),
    col("brand", "Brand", "品牌", false),
    col("model", "Model", "型号", false),
    col("serial_number", "Serial number", "序列号", true),
    col("asset_tag", "Asset tag", "资产编号", false),
    col("install_date", "Install date", "安装日期", false),
    col("warranty_end", "Warranty end", "保修截止", false),
    col("notes", "Notes", "备注", false),
];

/// Compatible models are separated by `;` (or `；`, `,`); money is in yuan
/// with up to two decimals; reorder rules are left to the app.
pub const PART_COLUMNS: &[Column] = &[
    col("part_number", "Part number", "备件编号", true),
    col("name_zh", "Chinese name", "中文名称", false),
    col("name_en", "English name", "英文名称", false),
    col("compatible_models", "Compatible models", "适用型号", false),
    col("unit_cost", "Unit cost", "单位成本", false),
    col("price", "Price", "售价", false),
    col("unit", "Unit", "单位", false),
    col("supplier", "Supplier", "供应商", false),
    col("serial_tracked", "Serial tracked", "按序列号管理", false),
    col("notes", "Notes", "备注", false),
];

/// Finds the column a header cell names (case and surrounding space ignored).
pub fn column_for(columns: &'static [Column], header: &str) -> Option<&'static Column> {
    let h = header.trim().to_lowercase();
    columns
        .iter()
        .find(|c| c.field == h || c.en.to_lowercase() == h || c.zh == h)
}

/// One thing wrong with one row. `line` is the file's line number (the
/// header is line 1), so a user can find it in a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    pub line: u64,
    /// The column's field name, or empty for the row as a whole.
    pub field: String,
    pub message: String,
}

/// What an import did, or on a dry run would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub kind: ImportKind,
    pub dry_run: bool,
    /// Data rows read (blank rows are skipped).
    pub rows: usize,
    /// Records written: 0 on a dry run, and 0 whenever any row is bad.
    pub created: usize,
    /// Every bad row, in file order. Empty means the file can be imported.
    pub problems: Vec<RowProblem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_matched_in_either_language() {
        assert_eq!(
            column_for(CUSTOMER_COLUMNS, " 客户名称 ").unwrap().field,
            "name"
        );
        assert_eq!(
            column_for(DEVICE_COLUMNS, "serial NUMBER").unwrap().field,
            "serial_number"
        );
        assert_eq!(
            column_for(DEVICE_COLUMNS, "install_date").unwrap().field,
            "install_date"
        );
        assert!(column_for(DEVICE_COLUMNS, "colour").is_none());
    }

    #[test]
    fn every_column_has_distinct_headers() {
        for columns in [CUSTOMER_COLUMNS, DEVICE_COLUMNS, PART_COLUMNS] {
            for (i, a) in columns.iter().enumerate() {
                for b in &columns[i + 1..] {
                    assert!(a.field != b.field && a.en != b.en && a.zh != b.zh);
                }
            }
        }
    }
}
