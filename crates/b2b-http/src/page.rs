//! Lists in pages: `?limit=N&after=CURSOR`, answered with `items` and the
//! `next` cursor (absent on the last page). A cursor is opaque to the
//! client: it encodes the last id of the page, so a page is stable under
//! concurrent inserts (nothing is skipped or repeated that was there when
//! the first page was read).

use crate::ApiError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The default page size.
pub const DEFAULT_LIMIT: usize = 100;
/// The largest page size.
pub const MAX_LIMIT: usize = 1000;

/// The query of a listing.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page: 1 to 1000, default 100.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

/// A page to read: its size and the id it starts after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Items per page.
    pub limit: usize,
    /// The last id of the previous page.
    pub after: Option<String>,
}

impl PageQuery {
    /// The page asked for.
    ///
    /// # Errors
    ///
    /// [`ApiError::BadRequest`] for a limit outside 1..=1000 or a cursor
    /// this server did not make.
    pub fn page(&self) -> Result<Page, ApiError> {
        let limit = limit(self.limit)?;
        let after = self.after.as_deref().map(decode).transpose()?;
        Ok(Page { limit, after })
    }
}

/// A page size asked for, or the default.
///
/// # Errors
///
/// [`ApiError::BadRequest`] for a size outside 1..=1000.
pub fn limit(asked: Option<usize>) -> Result<usize, ApiError> {
    let limit = asked.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::BadRequest(format!(
            "limit: {limit} is outside 1 to {MAX_LIMIT}"
        )));
    }
    Ok(limit)
}

/// The cursor that continues after `last`.
#[must_use]
pub fn cursor(last: &str) -> String {
    crate::digest::hex(last.as_bytes())
}

fn decode(cursor: &str) -> Result<String, ApiError> {
    let bad = || ApiError::BadRequest("after: not a cursor this server gave".to_owned());
    if !cursor.len().is_multiple_of(2) || cursor.len() > 2048 {
        return Err(bad());
    }
    let bytes = (0..cursor.len())
        .step_by(2)
        .map(|at| {
            u8::from_str_radix(cursor.get(at..at + 2).ok_or_else(bad)?, 16).map_err(|_| bad())
        })
        .collect::<Result<Vec<u8>, _>>()?;
    String::from_utf8(bytes).map_err(|_| bad())
}

/// One page of a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct List<T> {
    /// The items, in id order.
    pub items: Vec<T>,
    /// The cursor of the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

impl<T> List<T> {
    /// A page of `items` (at most `page.limit + 1` were read: one more
    /// says there is a next page), with `id` naming each for the cursor.
    pub fn of(mut items: Vec<T>, page: &Page, id: impl Fn(&T) -> &str) -> List<T> {
        let more = items.len() > page.limit;
        items.truncate(page.limit);
        let next = more
            .then(|| items.last().map(|item| cursor(id(item))))
            .flatten();
        List { items, next }
    }
}

/// The ids of `sorted` after the page's cursor, one more than the page
/// holds (for lists the store gives whole).
pub fn window(sorted: Vec<String>, page: &Page) -> Vec<String> {
    sorted
        .into_iter()
        .filter(|id| {
            page.after
                .as_deref()
                .is_none_or(|after| id.as_str() > after)
        })
        .take(page.limit + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_foreign_ones_are_refused() {
        for id in ["", "R-0001", "é/ü"] {
            assert_eq!(decode(&cursor(id)).ok().as_deref(), Some(id));
        }
        for bad in ["x", "zz", "ff", "0"] {
            assert!(decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pages_hold_at_most_the_limit_and_say_when_more_follow() {
        let page = Page {
            limit: 2,
            after: None,
        };
        let ids: Vec<String> = ["a", "b", "c", "d"].map(str::to_owned).to_vec();
        let first = List::of(window(ids.clone(), &page), &page, |s| s);
        assert_eq!(first.items, ["a", "b"]);
        let after = PageQuery {
            limit: Some(2),
            after: first.next.clone(),
        }
        .page()
        .expect("page");
        let second = List::of(window(ids.clone(), &after), &after, |s| s);
        assert_eq!(second.items, ["c", "d"]);
        assert_eq!(second.next, None);
        assert!(
            PageQuery {
                limit: Some(0),
                after: None
            }
            .page()
            .is_err()
        );
        assert!(
            PageQuery {
                limit: Some(1001),
                after: None
            }
            .page()
            .is_err()
        );
    }
}
