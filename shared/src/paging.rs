//! Limit/cursor pagination, the same for every list endpoint.

use serde::{Deserialize, Serialize};

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 500;

/// One page of a list: `next_cursor` is `None` on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// `?limit=&cursor=` as sent by a client. The cursor is opaque to clients:
/// they pass back what the previous page returned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageQuery {
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The effective page size; `Err` names what is wrong with `limit`.
    pub fn effective_limit(&self) -> Result<usize, String> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(0) => Err("must be at least 1".into()),
            Some(n) if n > MAX_LIMIT => Err(format!("must be at most {MAX_LIMIT}")),
            Some(n) => Ok(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_defaults_and_bounds() {
        assert_eq!(PageQuery::default().effective_limit(), Ok(DEFAULT_LIMIT));
        let q = |n| {
            PageQuery {
                limit: Some(n),
                cursor: None,
            }
            .effective_limit()
        };
        assert!(q(0).is_err());
        assert_eq!(q(1), Ok(1));
        assert_eq!(q(MAX_LIMIT), Ok(MAX_LIMIT));
        assert!(q(MAX_LIMIT + 1).is_err());
    }
}
