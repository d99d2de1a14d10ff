//! `?limit=&cursor=` handling shared by every list endpoint. Cursors are
//! the id to continue after (or before, for newest-first lists), as text.

use crate::error::AppError;
use servicebook_shared::PageQuery;

pub fn params(
    limit: Option<usize>,
    cursor: Option<&str>,
) -> Result<(usize, Option<u64>), AppError> {
    let q = PageQuery {
        limit,
        cursor: None,
    };
    let limit = q
        .effective_limit()
        .map_err(|m| AppError::invalid("limit", m))?;
    let cursor = match cursor.filter(|c| !c.is_empty()) {
        Some(c) => Some(
            c.parse::<u64>()
                .map_err(|_| AppError::invalid("cursor", "is not a cursor this server returned"))?,
        ),
        None => None,
    };
    Ok((limit, cursor))
}

pub fn cursor(next: Option<u64>) -> Option<String> {
    next.map(|n| n.to_string())
}
