//! One way to load data into a page and one way to act on it.
//! `LocalResource::new` and `Action::new_local` are generic over the
//! closure, so every call site would get its own copy of the resource or
//! action machinery in the WASM every phone downloads; here the closure's
//! future is boxed behind one `dyn` type, so the machinery exists once per
//! answer type and only the page's own async code is per site.

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

// Never inlined: the one copy per answer type is the point.
#[inline(never)]
fn erased<T: 'static>(fetch: Rc<dyn Fn() -> Loading<T>>) -> LocalResource<T> {
    LocalResource::new(move || fetch())
}

type Acting<O> = Pin<Box<dyn Future<Output = O>>>;

/// An action, like `Action::new_local`, with the same boxing: the action
/// machinery exists once per input and output type, not once per button.
pub fn act<I: 'static, O: 'static, F: Future<Output = O> + 'static>(
    run: impl Fn(&I) -> F + 'static,
) -> Action<I, O> {
    act_erased(Rc::new(move |input: &I| Box::pin(run(input)) as Acting<O>))
}

#[inline(never)]
fn act_erased<I: 'static, O: 'static>(run: Rc<dyn Fn(&I) -> Acting<O>>) -> Action<I, O> {
    Action::new_local(move |input: &I| run(input))
}
