//! The reorder list as files people take elsewhere: CSV (UTF-8 with a BOM
//! so Excel reads Chinese) and XLSX, with the same columns, in Chinese or
//! English. No cell starts a spreadsheet formula.

use crate::error::AppError;
use servicebook_shared::stock::{ReorderLine, ReorderState};

use super::export::{display_width, safe_cell};

/// The column headers of the reorder list's exports.
fn reorder_headers(zh: bool) -> [&'static str; 10] {
    if zh {
        [
            "备件编号",
            "名称",
            "库位",
            "可用",
            "订货点",
            "订货量",
            "建议订货",
            "单位",
            "供应商",
            "状态",
        ]
    } else {
        [
            "Part number",
            "Name",
            "Location",
            "Available",
            "Reorder point",
            "Reorder quantity",
            "Suggested",
            "Unit",
            "Supplier",
            "State",
        ]
    }
}

/// One line's cells as text, in the headers' order.
fn reorder_cells(l: &ReorderLine, zh: bool) -> [String; 10] {
    let (first, second) = if zh {
        (&l.part_name_zh, &l.part_name_en)
    } else {
        (&l.part_name_en, &l.part_name_zh)
    };
    let name = if first.is_empty() { second } else { first };
    let state = match (l.state, zh) {
        (ReorderState::Open, true) => "待订货",
        (ReorderState::Ordered, true) => "已订货",
        (ReorderState::Closed, true) => "已关闭",
        (ReorderState::Open, false) => "open",
        (ReorderState::Ordered, false) => "ordered",
        (ReorderState::Closed, false) => "closed",
    };
    [
        safe_cell(&l.part_number),
        safe_cell(name),
        safe_cell(&l.location_name),
        l.available.to_string(),
        l.point.to_string(),
        l.reorder_quantity.to_string(),
        l.suggested.to_string(),
        safe_cell(&l.unit),
        safe_cell(&l.supplier),
        state.to_owned(),
    ]
}

/// The reorder list as CSV (UTF-8 with a BOM so Excel reads Chinese).
pub fn reorder_csv_text(lines: &[ReorderLine], zh: bool) -> Result<Vec<u8>, AppError> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xef\xbb\xbf".to_vec());
    let fail = |e: csv::Error| AppError::internal(e);
    out.write_record(reorder_headers(zh)).map_err(fail)?;
    for l in lines {
        out.write_record(reorder_cells(l, zh)).map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| AppError::internal(e.to_string()))
}

/// The reorder list as an XLSX workbook: numbers as numbers, a bold
/// header row that stays in view, columns as wide as their text.
pub fn reorder_xlsx(lines: &[ReorderLine], zh: bool) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(if zh { "订货清单" } else { "Reorder list" })
        .map_err(fail)?;
    let bold = Format::new().set_bold();
    let headers = reorder_headers(zh);
    let mut widths: Vec<usize> = headers.iter().map(|h| display_width(h)).collect();
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    for (r, l) in lines.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, cell) in reorder_cells(l, zh).iter().enumerate() {
            widths[c] = widths[c].max(display_width(cell));
            if (3..=6).contains(&c) {
                let n: f64 = cell.parse().unwrap_or(0.0);
                sheet.write_number(row, c as u16, n).map_err(fail)?;
            } else {
                sheet.write_string(row, c as u16, cell).map_err(fail)?;
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet
            .set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0)
            .map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(number: &str, zh: &str) -> ReorderLine {
        let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        ReorderLine {
            id: 1,
            version: 1,
            created_at: epoch,
            updated_at: epoch,
            part_id: 2,
            part_number: number.into(),
            part_name_zh: zh.into(),
            part_name_en: "Toner, black".into(),
            unit: "个".into(),
            supplier: "惠普".into(),
            location_id: 3,
            location_name: "主仓库".into(),
            state: ReorderState::Open,
            available: 1,
            point: 2,
            reorder_quantity: 5,
            suggested: 6,
        }
    }

    #[test]
    fn the_csv_quotes_and_defuses_formulas() {
        let text = reorder_csv_text(&[line("=CMD()", "硒鼓")], false).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let rows: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            rows[1],
            "'=CMD(),\"Toner, black\",主仓库,1,2,5,6,个,惠普,open"
        );
    }

    #[test]
    fn the_workbook_is_a_zip_and_chinese_columns_are_wide_enough() {
        let bytes = reorder_xlsx(&[line("CE285A", "惠普八十五A黑色硒鼓")], true).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert_eq!(display_width("硒鼓"), 4);
        assert_eq!(display_width("CE285A"), 6);
    }
}
