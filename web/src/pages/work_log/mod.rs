//! Weekly reports and the firm's work summaries: "My weekly report" for an
//! engineer (`/weekly-report`), who has submitted for the manager
//! (`/weekly-reports`), the weekly record (`/work-summaries/week`) and the
//! monthly project summary (`/work-summaries/month`), each printable on A4.

pub mod mine;
pub mod status;
pub mod summaries;

use servicebook_shared::work_log::WeekId;

/// The week before and after `week` (as text), when it parses.
pub fn neighbours(week: &str) -> Option<(String, String)> {
    let w = WeekId::parse(week).ok()?;
    Some((w.previous().to_string(), w.next().to_string()))
}
