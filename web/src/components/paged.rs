//! A list read page by page (`next_cursor`): the first page again whenever
//! the filters change, more pages appended on demand. An answer for
//! filters no longer shown is dropped.

use leptos::prelude::*;
use servicebook_shared::{ApiProblem, Page};
use std::future::Future;

pub struct Paged<T: Send + Sync + 'static, Q: Send + Sync + 'static> {
    pub items: RwSignal<Vec<T>>,
    pub next: RwSignal<Option<String>>,
    pub error: RwSignal<Option<ApiProblem>>,
    pub loading: RwSignal<bool>,
    /// Bumped for every first page, so a late answer for older filters is
    /// not shown.
    generation: StoredValue<u64>,
    current: StoredValue<Option<Q>>,
    load: Action<(u64, Q, Option<String>), (u64, bool, Result<Page<T>, ApiProblem>)>,
}

impl<T: Send + Sync + 'static, Q: Send + Sync + 'static> Clone for Paged<T, Q> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static, Q: Send + Sync + 'static> Copy for Paged<T, Q> {}

impl<T, Q> Paged<T, Q>
where
    T: Clone + Send + Sync + 'static,
    Q: Clone + Send + Sync + 'static,
{
    /// Loads the first page of `query()` now and whenever it changes.
    pub fn new<F, Fut>(query: impl Fn() -> Q + 'static, fetch: F) -> Self
    where
        F: Fn(Q, Option<String>) -> Fut + Copy + 'static,
        Fut: Future<Output = Result<Page<T>, ApiProblem>> + 'static,
    {
        let paged = Paged {
            items: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            error: RwSignal::new(None),
            loading: RwSignal::new(true),
            generation: StoredValue::new(0),
            current: StoredValue::new(None),
            load: crate::load::act(move |(g, q, cursor): &(u64, Q, Option<String>)| {
                let (g, q, cursor) = (*g, q.clone(), cursor.clone());
                async move { (g, cursor.is_some(), fetch(q, cursor).await) }
            }),
        };
        Effect::new(move |_| {
            let q = query();
            let g = paged.generation.get_value() + 1;
            paged.generation.set_value(g);
            paged.current.set_value(Some(q.clone()));
            paged.loading.set(true);
            paged.load.dispatch((g, q, None));
        });
        Effect::new(move |_| {
            let Some((g, more, result)) = paged.load.value().get() else {
                return;
            };
            if g != paged.generation.get_value() {
                return;
            }
            paged.loading.set(false);
            match result {
                Ok(page) => {
                    if more {
                        paged.items.update(|v| v.extend(page.items));
                    } else {
                        paged.items.set(page.items);
                    }
                    paged.next.set(page.next_cursor);
                    paged.error.set(None);
                }
                Err(p) => paged.error.set(Some(p)),
            }
        });
        paged
    }

    /// The next page, appended.
    pub fn more(&self) {
        let (Some(q), Some(cursor)) = (self.current.get_value(), self.next.get_untracked()) else {
            return;
        };
        self.loading.set(true);
        self.load
            .dispatch((self.generation.get_value(), q, Some(cursor)));
    }

    pub fn has_more(&self) -> bool {
        self.next.with(Option::is_some)
    }
}
