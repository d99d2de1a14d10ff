//! A signing pad: the customer draws with a finger, pen or mouse. Strokes
//! are kept in the fixed 600×240 units the server expects, whatever size
//! the canvas is shown at, and drawn as they come.

use crate::i18n::use_i18n;
use leptos::html::Canvas;
use leptos::prelude::*;
use servicebook_shared::reports::{SIGN_HEIGHT, SIGN_WIDTH};
use wasm_bindgen::JsCast;

fn context(canvas: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
}

#[component]
pub fn SignaturePad(strokes: RwSignal<Vec<Vec<[f32; 2]>>>) -> impl IntoView {
    let i = use_i18n();
    let canvas = NodeRef::<Canvas>::new();
    let drawing = RwSignal::new(false);
    // The point in pad units from an event on the canvas.
    let point = move |ev: &web_sys::PointerEvent| -> Option<[f32; 2]> {
        let c = canvas.get_untracked()?;
        let (w, h) = (
            c.client_width().max(1) as f32,
            c.client_height().max(1) as f32,
        );
        // One decimal is finer than a finger and keeps the body small.
        let round = |v: f32| (v * 10.0).round() / 10.0;
        let x = round((ev.offset_x() as f32 * SIGN_WIDTH / w).clamp(0.0, SIGN_WIDTH));
        let y = round((ev.offset_y() as f32 * SIGN_HEIGHT / h).clamp(0.0, SIGN_HEIGHT));
        Some([x, y])
    };
    let line_to = move |p: [f32; 2]| {
        let Some(c) = canvas.get_untracked() else {
            return;
        };
        let Some(ctx) = context(&c) else { return };
        let last = strokes.with_untracked(|s| s.last().and_then(|s| s.last().copied()));
        if let Some([x0, y0]) = last {
            ctx.set_line_width(3.0);
            ctx.set_line_cap("round");
            ctx.begin_path();
            ctx.move_to(x0 as f64, y0 as f64);
            ctx.line_to(p[0] as f64, p[1] as f64);
            ctx.stroke();
        }
    };
    let down = move |ev: web_sys::PointerEvent| {
        ev.prevent_default();
        if let Some(p) = point(&ev) {
            drawing.set(true);
            strokes.update(|s| s.push(vec![p]));
        }
    };
    let moved = move |ev: web_sys::PointerEvent| {
        if !drawing.get_untracked() {
            return;
        }
        ev.prevent_default();
        if let Some(p) = point(&ev) {
            line_to(p);
            strokes.update(|s| {
                if let Some(last) = s.last_mut() {
                    last.push(p)
                }
            });
        }
    };
    let up = move |_| drawing.set(false);
    let clear = move |_| {
        strokes.set(Vec::new());
        if let Some(c) = canvas.get_untracked() {
            if let Some(ctx) = context(&c) {
                ctx.clear_rect(0.0, 0.0, SIGN_WIDTH as f64, SIGN_HEIGHT as f64);
            }
        }
    };
    view! {
        <div class="signature-pad">
            <p class="muted small">{move || i.t("report.sign_here")}</p>
            <canvas node_ref=canvas data-testid="sign-pad" width=SIGN_WIDTH as u32 height=SIGN_HEIGHT as u32
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointerleave=up on:pointercancel=up></canvas>
            <button data-testid="sign-clear" on:click=clear>{move || i.t("report.clear")}</button>
        </div>
    }
}
