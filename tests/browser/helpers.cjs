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

module.exports = { signIn, changePassword, api, token };
