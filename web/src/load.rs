//! One way to load data into a page. `LocalResource::new` is generic over
//! the fetcher closure, so every call site would get its own copy of the
//! resource machinery in the WASM every phone downloads; here the fetcher
//! is boxed behind one `dyn` type, so the machinery exists once per answer
//! type and only the page's own async code is per site.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Loading<T> = Pin<Box<dyn Future<Output = T>>>;

/// A resource that re-runs `fetch` whenever a signal it reads changes, like
/// `LocalResource::new`.
pub fn load<T: 'static, F: Future<Output = T> + 'static>(
    fetch: impl Fn() -> F + 'static,
) -> LocalResource<T> {
    erased(Rc::new(move || Box::pin(fetch()) as Loading<T>))
}

#[inline(never)]
fn erased<T: 'static>(fetch: Rc<dyn Fn() -> Loading<T>>) -> LocalResource<T> {
    LocalResource::new(move || fetch())
}
