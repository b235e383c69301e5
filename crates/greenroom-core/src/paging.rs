//! Lists the API gives without a search (the user's Actors, tasks and storages) are searched
//! here: read page by page, the matching rows kept, and a page of them answered.

use crate::Error;

/// Reads pages from the start through `fetch` (which answers a page's rows and the total)
/// until `cap` rows are read or none are left, keeping the rows `keep` accepts.
pub(crate) async fn read_matching<T, Page>(
    cap: u64,
    mut fetch: impl FnMut(u64) -> Page,
    keep: impl Fn(&T) -> bool,
) -> Result<Vec<T>, Error>
where
    Page: std::future::Future<Output = Result<(Vec<T>, u64), Error>>,
{
    let mut kept = Vec::new();
    let mut next = 0u64;
    while next < cap {
        let (rows, total) = fetch(next).await?;
        let fetched = rows.len() as u64;
        kept.extend(rows.into_iter().filter(|row| keep(row)));
        next += fetched;
        if fetched == 0 || next >= total {
            break;
        }
    }
    Ok(kept)
}

/// The rows of one page: `limit` of them from `offset`.
pub(crate) fn page_of<T>(rows: Vec<T>, offset: u64, limit: u64) -> Vec<T> {
    rows.into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .collect()
}
