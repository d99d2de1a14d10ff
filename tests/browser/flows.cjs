// The flows the browser test walks through, in order (they share one
// server). Each is [name, async (ctx) => {}]; see app.cjs for ctx.
'use strict';

const ADMIN_PASSWORD = 'boss picks a new one';
const ENGINEER = { username: 'eng.zhang', name: '张工', firstPassword: 'first time 8342', password: 'my own secret 5521' };

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

module.exports = [
  ['the app renders in Chinese and in English, and switches, without console errors', async ({ browser, server, locales, newPage, assert, noProblems, DESKTOP }) => {
    for (const [locale, table, lang] of [['zh-CN', locales.zh, 'zh-CN'], ['en-US', locales.en, 'en']]) {
      const page = await newPage(browser, { locale, viewport: DESKTOP });
      await page.goto(server.base + '/');
      await page.getByTestId('login-title').waitFor();
      const title = await page.getByTestId('login-title').textContent();
      assert(title === table['login.title'], `${locale}: login title is "${title}", expected "${table['login.title']}"`);
      assert(await page.locator('.brand').textContent() === table['app.name'], `${locale}: brand`);
      assert(await page.evaluate(() => document.documentElement.lang) === lang, `${locale}: html lang`);
      noProblems(page);
      await page.context().close();
    }
    // The switch changes the language at once and remembers it.
    const page = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
    await page.goto(server.base + '/some/deep/link');
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('login-title').filter({ hasText: locales.zh['login.title'] }).waitFor();
    await page.reload();
    await page.getByTestId('login-title').waitFor();
    assert(await page.getByTestId('login-title').textContent() === locales.zh['login.title'], 'the choice survives a reload');
    noProblems(page);
    await page.context().close();
  }],

  ['the first admin signs in, must change the password, and creates an engineer', async ({ browser, server, locales, newPage, assert, noProblems, DESKTOP }) => {
    assert(server.password, 'the server printed the first admin password');
    const page = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
    await page.goto(server.base + '/');
    await signIn(page, 'admin', server.password);
    await page.getByTestId('password-title').waitFor();
    assert(await page.getByTestId('nav-users').count() === 0, 'nothing else is reachable before the change');
    await changePassword(page, server.password, ADMIN_PASSWORD);
    await page.getByTestId('home-title').waitFor();

    await page.getByTestId('nav-status').click();
    await page.getByTestId('health-status').waitFor();
    assert(await page.getByTestId('health-status').textContent() === 'ok', 'health is ok');

    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('users-new').click();
    await page.getByTestId('user-username').fill(ENGINEER.username);
    await page.getByTestId('user-display-name').fill(ENGINEER.name);
    await page.getByTestId('role-engineer').check();
    await page.getByTestId('user-password').fill(ENGINEER.firstPassword);
    await page.getByTestId('user-create').click();
    await page.waitForURL(/\/users\/\d+$/);
    await page.getByTestId('history').getByText(locales.en['audit.action.create']).waitFor();

    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-table').getByText(ENGINEER.username).waitFor();

    // The administration page downloads a backup with the session cookie.
    await page.getByTestId('nav-admin').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup-download').click()]);
    assert(/^servicebook-backup-\d{8}-\d{6}\.tar$/.test(download.suggestedFilename()), `download name ${download.suggestedFilename()}`);
    const size = require('node:fs').statSync(await download.path()).size;
    assert(size > 2048, `the backup has ${size} bytes`);
    noProblems(page);
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-title').waitFor();
    await page.context().close();
  }],

  ['the engineer signs in on a phone, sets a password, and cannot reach user admin', async ({ browser, server, locales, newPage, assert, noProblems, PHONE }) => {
    const page = await newPage(browser, { locale: 'zh-CN', viewport: PHONE });
    await page.goto(server.base + '/');
    await signIn(page, ENGINEER.username, ENGINEER.firstPassword);
    await page.getByTestId('password-title').waitFor();
    await changePassword(page, ENGINEER.firstPassword, ENGINEER.password);
    await page.getByTestId('home-title').waitFor();
    assert((await page.getByTestId('home-title').textContent()).includes(ENGINEER.name), 'greets the engineer by name');

    // On a phone the menu folds away behind the menu button.
    assert(!(await page.getByTestId('nav-profile').isVisible()), 'menu is folded on a phone');
    await page.getByTestId('menu').click();
    assert(await page.getByTestId('nav-profile').isVisible(), 'menu opens');
    assert(await page.getByTestId('nav-users').count() === 0, 'no user admin entry for an engineer');
    assert(await page.getByTestId('nav-admin').count() === 0, 'no administration entry for an engineer');

    await page.goto(server.base + '/users');
    await page.getByTestId('forbidden').waitFor();
    assert(await page.getByTestId('users-table').count() === 0, 'no user list for an engineer');
    assert((await page.getByTestId('forbidden').textContent()).includes(locales.zh['forbidden.title']), 'says why, in Chinese');

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `the page fits a phone (scroll width ${width})`);
    noProblems(page);
    await page.context().close();
  }],
];
