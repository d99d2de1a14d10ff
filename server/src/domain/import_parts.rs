//! Reading a parts CSV: each row becomes the record `POST /api/parts`
//! would create, with every problem tied to its line.

use super::import::{Plan, Row};
use super::parts::new_part;
use crate::store::{PartRecord, StoreError};
use servicebook_shared::import::RowProblem;
use servicebook_shared::parts::{normalise_part_number, NewPart};
use servicebook_shared::Money;
use std::collections::HashMap;

fn problem(line: u64, field: &str, message: impl Into<String>) -> RowProblem {
    RowProblem {
        line,
        field: field.to_owned(),
        message: message.into(),
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "否" => Some(false),
        "yes" | "y" | "true" | "1" | "是" => Some(true),
        _ => None,
    }
}

/// Plans the rows; `taken` says whether the catalogue already holds a
/// (normalised) part number.
pub fn plan_parts(
    rows: &[Row],
    taken: impl Fn(&str) -> Result<bool, StoreError>,
) -> Result<Plan<PartRecord>, StoreError> {
    let mut plan = Plan {
        rows: rows.len(),
        records: Vec::new(),
        problems: Vec::new(),
    };
    let mut numbers: HashMap<String, u64> = HashMap::new();
    for row in rows {
        let before = plan.problems.len();
        let mut money = |field: &str| {
            let text = row.get(field);
            if text.is_empty() {
                return Money::ZERO;
            }
            Money::parse(text).unwrap_or_else(|| {
                plan.problems.push(problem(
                    row.line,
                    field,
                    "must be an amount such as 1280.50",
                ));
                Money::ZERO
            })
        };
        let unit_cost = money("unit_cost");
        let price = money("price");
        let serial_tracked = parse_bool(row.get("serial_tracked")).unwrap_or_else(|| {
            plan.problems.push(problem(
                row.line,
                "serial_tracked",
                "must be yes or no (是/否)",
            ));
            false
        });
        let number = normalise_part_number(row.get("part_number"));
        if !number.is_empty() {
            if let Some(first) = numbers.get(&number) {
                plan.problems.push(problem(
                    row.line,
                    "part_number",
                    format!("repeats the part on line {first}"),
                ));
            } else if taken(&number)? {
                plan.problems.push(problem(
                    row.line,
                    "part_number",
                    format!("{number} is already in the catalogue"),
                ));
            }
            numbers.entry(number.clone()).or_insert(row.line);
        }
        let models = row
            .get("compatible_models")
            .split([';', '；', ',', '，'])
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .collect();
        let input = NewPart {
            part_number: number,
            name_zh: row.get("name_zh").into(),
            name_en: row.get("name_en").into(),
            compatible_models: models,
            unit_cost,
            price,
            unit: row.get("unit").into(),
            supplier: row.get("supplier").into(),
            serial_tracked,
            reorder: Vec::new(),
            notes: row.get("notes").into(),
        };
        match new_part(input) {
            Ok(record) if plan.problems.len() == before => plan.records.push(record),
            Ok(_) => {}
            Err(errors) => {
                for (field, message) in errors {
                    plan.problems.push(problem(row.line, &field, message));
                }
            }
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::read_rows;
    use servicebook_shared::import::PART_COLUMNS;

    #[test]
    fn rows_become_parts_and_bad_rows_are_reported_by_line() {
        let csv = "备件编号,中文名称,英文名称,适用型号,单位成本,按序列号管理\n\
                   00mj101,硬盘 600G,,SR650;SR550,1280.50,是\n\
                   00MJ101,重复,,,,\n\
                   X-1,,,,abc,maybe\n\
                   TAKEN,旧件,,,,\n";
        let (rows, problems) = read_rows(csv, PART_COLUMNS).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let plan = plan_parts(&rows, |n| Ok(n == "TAKEN")).unwrap();
        assert_eq!(plan.records.len(), 1);
        let p = &plan.records[0];
        assert_eq!(p.part_number, "00MJ101");
        assert_eq!(p.unit_cost, Money(128050));
        assert!(p.serial_tracked);
        assert_eq!(p.compatible_models, vec!["SR650", "SR550"]);
        let at = |line: u64| -> Vec<&str> {
            plan.problems
                .iter()
                .filter(|q| q.line == line)
                .map(|q| q.field.as_str())
                .collect()
        };
        assert_eq!(at(3), vec!["part_number"]);
        let four = at(4);
        assert!(
            four.contains(&"unit_cost")
                && four.contains(&"serial_tracked")
                && four.contains(&"name_zh")
        );
        assert_eq!(at(5), vec!["part_number"]);
    }
}
