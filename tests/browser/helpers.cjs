// What the flows share: signing in and calling the API as a script would.
'use strict';

async function signIn(page, username, password) {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function changePassword(page, current, next) {
  await page.getByTestId('password-current').fill(current);
  await page.getByTestId('password-new').fill(next);
  await page.getByTestId('password-confirm').fill(next);
  await page.getByTestId('password-submit').click();
}

// Calls the API as a script would (bearer token), for test data.
async function api(base, method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function token(base, username, password) {
  return (await api(base, 'POST', '/api/auth/login', null, { username, password })).token;
}

// On a phone nothing may stick out sideways: the page is no wider than the
// viewport. Names the widest element that overflows, so a failure says
// what to fix (a table that should scroll in its own box, a word that
// does not wrap).
async function fitsViewport(page, what) {
  const r = await page.evaluate(() => {
    const vw = window.innerWidth;
    let worst = null;
    for (const el of document.querySelectorAll('body *')) {
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.right <= vw + 1) continue;
      // Inside a box that scrolls sideways on its own, overflow is meant.
      let p = el.parentElement; let scrolls = false;
      while (p && p !== document.body) {
        const o = getComputedStyle(p).overflowX;
        if ((o === 'auto' || o === 'scroll' || o === 'hidden') && p.getBoundingClientRect().right <= vw + 1) { scrolls = true; break; }
        p = p.parentElement;
      }
      if (scrolls) continue;
      if (!worst || b.right > worst.right) {
        worst = { right: Math.round(b.right), tag: el.tagName.toLowerCase(), cls: el.className && String(el.className), testid: el.getAttribute('data-testid'), text: (el.textContent || '').trim().slice(0, 40) };
      }
    }
    return { scroll: document.documentElement.scrollWidth, vw, worst };
  });
  if (r.scroll > r.vw) {
    throw new Error(`${what}: wider than the ${r.vw} px viewport (scrollWidth ${r.scroll}); widest: ${JSON.stringify(r.worst)}`);
  }
}

module.exports = { signIn, changePassword, api, token, fitsViewport };
