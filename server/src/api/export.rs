//! Lists and reports as files people take elsewhere: one way to turn
//! column headers (Chinese or English) and rows read a page at a time into
//!
//! - CSV, sent while the rows are read (UTF-8 with a BOM so Excel reads
//!   Chinese; CRLF; quoted as needed), and
//! - XLSX, written with rust_xlsxwriter's constant-memory worksheet to a
//!   temporary file that is then sent a chunk at a time,
//!
//! so neither ever holds the whole table. No text cell starts a spreadsheet
//! formula (`=`, `+`, `-`, `@` get a leading `'`).
//!
//! How to use it from a handler:
//!
//! ```ignore
//! let opts = export::Options::from_query(req.query_string())?; // format=, lang=
//! let filters: MyQuery = export::filters(req.query_string())?; // the rest
//! let table = export::Table::new("requests", headers(opts.zh));
//! export::respond(opts, table, export::paged(move |cursor| {
//!     let (items, next) = my_list_page(&state, &filters, cursor)?;
//!     Ok((items.iter().map(|r| cells(r, zh)).collect(), next))
//! })).await
//! ```
//!
//! `paged` adapts a list that pages by cursor; `from_rows` a report whose
//! rows are computed in memory anyway. The first page is read before the
//! answer starts, so a bad filter is still a 422 rather than a cut file.

use crate::error::AppError;
use actix_web::{web, HttpResponse};
use futures_util::stream;
use serde::de::DeserializeOwned;

/// One cell: text (made formula-safe when written) or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    pub fn int(n: impl Into<i64>) -> Cell {
        Cell::Number(n.into() as f64)
    }
    pub fn opt_text<T: ToString>(v: Option<T>) -> Cell {
        v.map_or(Cell::Empty, |v| Cell::Text(v.to_string()))
    }
    /// The cell as CSV text, defused.
    fn as_csv(&self) -> String {
        match self {
            Cell::Text(s) => safe_cell(s),
            Cell::Number(n) => format_number(*n),
            Cell::Empty => String::new(),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A text a spreadsheet will not read as a formula.
pub fn safe_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// How wide a text shows in a spreadsheet, in character widths: Chinese
/// characters take two (rust_xlsxwriter's autofit counts them as one and
/// cuts Chinese columns in half, so widths are set here).
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c >= '\u{2e80}' { 2 } else { 1 }).sum()
}

/// The file asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    /// Only for reports that also answer as JSON; lists refuse it.
    Json,
}

/// `format=` and `lang=` of an export's query.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    /// Chinese headers and labels (`lang=zh`, `zh-CN`).
    pub zh: bool,
}

/// The query's pairs, undecoded keys compared.
fn pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default()
}

impl Options {
    /// `format` (csv, the default, or xlsx; json only when `json_ok`) and
    /// `lang` (zh…: Chinese; otherwise English).
    pub fn parse(query: &str, json_ok: bool, default: Format) -> Result<Options, AppError> {
        let mut format = default;
        let mut zh = false;
        for (k, v) in pairs(query) {
            match k.as_str() {
                "format" => {
                    format = match v.as_str() {
                        "csv" => Format::Csv,
                        "xlsx" => Format::Xlsx,
                        "json" if json_ok => Format::Json,
                        _ if json_ok => {
                            return Err(AppError::invalid("format", "must be json, csv or xlsx"))
                        }
                        _ => return Err(AppError::invalid("format", "must be csv or xlsx")),
                    }
                }
                "lang" => zh = v.to_lowercase().starts_with("zh"),
                _ => {}
            }
        }
        Ok(Options { format, zh })
    }

    /// A list's export: csv (default) or xlsx.
    pub fn from_query(query: &str) -> Result<Options, AppError> {
        Self::parse(query, false, Format::Csv)
    }
}

/// The query without `format` and `lang`, read as the list's own filters
/// (so an export takes exactly the list's parameters, unknown ones refused
/// as the list refuses them).
pub fn filters<Q: DeserializeOwned>(query: &str) -> Result<Q, AppError> {
    let rest: Vec<(String, String)> = pairs(query)
        .into_iter()
        .filter(|(k, _)| k != "format" && k != "lang")
        .collect();
    let rest = serde_urlencoded::to_string(rest).map_err(AppError::internal)?;
    web::Query::<Q>::from_query(&rest)
        .map(web::Query::into_inner)
        .map_err(|e| AppError::bad_request(format!("The query string is invalid: {e}.")))
}

/// What is exported: the file's name stem (`requests` gives
/// `requests-2026-12-03.csv`), the sheet's name and the column headers.
pub struct Table {
    pub stem: String,
    pub sheet: String,
    pub headers: Vec<String>,
}

impl Table {
    pub fn new(stem: &str, sheet: &str, headers: &[&str]) -> Table {
        Table {
            stem: stem.to_owned(),
            sheet: sheet.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        }
    }

    fn file_name(&self, ext: &str) -> String {
        format!(
            "{}-{}.{ext}",
            self.stem,
            chrono::Utc::now().format("%Y-%m-%d")
        )
    }
}

pub type Rows = Vec<Vec<Cell>>;

/// Gives the next page of rows, `None` once there are no more. Runs on the
/// blocking pool (store reads are synchronous).
pub type Pages = Box<dyn FnMut() -> Result<Option<Rows>, AppError> + Send + 'static>;

/// Pages of a list that pages by cursor: `fetch(cursor)` gives a page's
/// rows and the next cursor (`None` at the end).
pub fn paged<F>(mut fetch: F) -> Pages
where
    F: FnMut(Option<String>) -> Result<(Rows, Option<String>), AppError> + Send + 'static,
{
    // `None`: finished; `Some(cursor)`: the next page to read.
    let mut next: Option<Option<String>> = Some(None);
    Box::new(move || {
        let Some(cursor) = next.take() else {
            return Ok(None);
        };
        let (rows, after) = fetch(cursor)?;
        next = after.map(Some);
        Ok(Some(rows))
    })
}

/// Pages of rows already computed (a report), 500 at a time.
pub fn from_rows(rows: Rows) -> Pages {
    let mut rows = rows.into_iter();
    let mut first = true;
    Box::new(move || {
        let page: Rows = rows.by_ref().take(500).collect();
        if page.is_empty() && !first {
            return Ok(None);
        }
        first = false;
        Ok(Some(page))
    })
}

/// The answer: the file, as `opts.format` asks (`Json` is the caller's).
pub async fn respond(opts: Options, table: Table, pages: Pages) -> Result<HttpResponse, AppError> {
    match opts.format {
        Format::Xlsx => xlsx_response(table, pages).await,
        _ => csv_response(table, pages).await,
    }
}

/// CSV text of some records (the header row first when `headers`).
fn csv_bytes(headers: Option<&[String]>, rows: &Rows) -> Result<Vec<u8>, AppError> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(rows.len() * 64));
    let fail = |e: csv::Error| AppError::internal(e);
    if let Some(h) = headers {
        out.write_record(h).map_err(fail)?;
    }
    for r in rows {
        out.write_record(r.iter().map(Cell::as_csv)).map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| AppError::internal(e.to_string()))
}

async fn next_page(mut pages: Pages) -> Result<(Option<Rows>, Pages), AppError> {
    web::block(move || pages().map(|p| (p, pages)))
        .await
        .map_err(AppError::internal)?
}

async fn csv_response(table: Table, pages: Pages) -> Result<HttpResponse, AppError> {
    // The first page now: a bad filter answers 422 before any byte is sent.
    let (first, pages) = next_page(pages).await?;
    let mut head = b"\xef\xbb\xbf".to_vec();
    head.extend(csv_bytes(Some(&table.headers), &first.unwrap_or_default())?);
    let head = web::Bytes::from(head);
    let rest = stream::unfold(Some(pages), |pages| async move {
        let pages = pages?;
        match next_page(pages).await {
            Ok((Some(rows), pages)) => match csv_bytes(None, &rows) {
                Ok(bytes) => Some((Ok(web::Bytes::from(bytes)), Some(pages))),
                Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
            },
            Ok((None, _)) => None,
            // Headers are sent: all that is left is to cut the download.
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
        }
    });
    use futures_util::StreamExt;
    let body = stream::once(async move { Ok::<_, std::io::Error>(head) }).chain(rest);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(disposition(&table.file_name("csv")))
        .insert_header(("Cache-Control", "no-store"))
        .streaming(body))
}

fn disposition(name: &str) -> (&'static str, String) {
    (
        "Content-Disposition",
        format!("attachment; filename=\"{name}\""),
    )
}

/// A name for a temporary file no other export is using.
fn temp_path(ext: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "servicebook-export-{}-{}-{}.{ext}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
    ))
}

/// The workbook written to `path` a page at a time: a bold header row
/// that stays in view, numbers as numbers, columns as wide as the headers
/// and the first page's text (constant memory writes rows as they come, so
/// the widths are settled before).
fn write_xlsx(table: &Table, mut pages: Pages, path: &std::path::Path) -> Result<(), AppError> {
    use rust_xlsxwriter::{Format as Fmt, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let mut book = Workbook::new();
    book.set_tempdir(std::env::temp_dir()).map_err(fail)?;
    let sheet = book.add_worksheet_with_constant_memory().map_err(fail)?;
    sheet.set_name(&table.sheet).map_err(fail)?;
    let first = pages()?.unwrap_or_default();
    let mut widths: Vec<usize> = table.headers.iter().map(|h| display_width(h)).collect();
    for row in &first {
        for (c, cell) in row.iter().enumerate() {
            if let (Some(w), Cell::Text(s)) = (widths.get_mut(c), cell) {
                *w = (*w).max(display_width(s));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet
            .set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0)
            .map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    let bold = Fmt::new().set_bold();
    for (c, h) in table.headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &bold)
            .map_err(fail)?;
    }
    let mut r: u32 = 1;
    let mut page = Some(first);
    while let Some(rows) = page {
        for row in rows {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(s) => sheet.write_string(r, c as u16, safe_cell(s)),
                    Cell::Number(n) => sheet.write_number(r, c as u16, *n),
                    Cell::Empty => continue,
                }
                .map_err(fail)?;
            }
            r += 1;
        }
        page = pages()?;
    }
    book.save(path).map_err(fail)
}

async fn xlsx_response(table: Table, pages: Pages) -> Result<HttpResponse, AppError> {
    let path = temp_path("xlsx");
    let name = table.file_name("xlsx");
    let file = web::block(move || -> Result<std::fs::File, AppError> {
        let written = write_xlsx(&table, pages, &path);
        let file = written.and_then(|()| std::fs::File::open(&path).map_err(AppError::internal));
        // Unlinked now, read through the open handle, gone when sent.
        let _ = std::fs::remove_file(&path);
        file
    })
    .await
    .map_err(AppError::internal)??;
    let size = file.metadata().map_err(AppError::internal)?.len();
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header(disposition(&name))
        .insert_header(("Cache-Control", "no-store"))
        .no_chunking(size)
        .streaming(super::stream::file_body(file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_stay_numbers() {
        let rows = vec![vec![
            Cell::text("=CMD()"),
            Cell::text("惠普, 黑色"),
            Cell::Number(3.0),
            Cell::Number(1.5),
            Cell::Empty,
        ]];
        let text = String::from_utf8(csv_bytes(None, &rows).unwrap()).unwrap();
        assert_eq!(text, "'=CMD(),\"惠普, 黑色\",3,1.5,\r\n");
    }

    #[test]
    fn paged_reads_until_the_cursor_runs_out() {
        let mut calls = 0;
        let mut pages = paged(move |cursor| {
            calls += 1;
            let rows = vec![vec![Cell::text(cursor.clone().unwrap_or_default())]];
            Ok((rows, (calls < 3).then(|| calls.to_string())))
        });
        let mut seen = Vec::new();
        while let Some(rows) = pages().unwrap() {
            seen.push(rows[0][0].clone());
        }
        assert_eq!(seen, vec![Cell::text(""), Cell::text("1"), Cell::text("2")]);
    }

    #[test]
    fn options_and_filters_split_the_query() {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Q {
            tier: Option<String>,
        }
        let o = Options::from_query("tier=a&format=xlsx&lang=zh-CN").unwrap();
        assert_eq!(o.format, Format::Xlsx);
        assert!(o.zh);
        let q: Q = filters("tier=a&format=xlsx&lang=zh-CN").unwrap();
        assert_eq!(q.tier.as_deref(), Some("a"));
        assert!(Options::from_query("format=json").is_err());
        assert!(filters::<Q>("nope=1").is_err());
    }

    #[test]
    fn a_workbook_is_written_a_page_at_a_time() {
        let path = temp_path("xlsx");
        let table = Table::new("t", "表", &["名称", "数量"]);
        let rows = (0..1200)
            .map(|i| vec![Cell::text(format!("第{i}行")), Cell::int(i)])
            .collect();
        write_xlsx(&table, from_rows(rows), &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert_eq!(&bytes[..2], b"PK");
    }
}
