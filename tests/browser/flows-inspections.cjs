// Inspection standards in the browser: a manager copies the shipped UPS
// standard, tightens the battery range in an edit (a new revision), and
// sees both revisions; the standard reads well on a phone.
'use strict';

const { signIn, api, token } = require('./helpers.cjs');

const ADMIN_PASSWORD = 'boss picks a new one';
const MANAGER = { username: 'mgr.inspect', password: 'manager secret 5521' };

async function adminToken(server) {
  try {
    return await token(server.base, 'admin', ADMIN_PASSWORD);
  } catch (_) {
    const first = await token(server.base, 'admin', server.password);
    const r = await api(server.base, 'POST', '/api/auth/password', first,
      { current_password: server.password, new_password: ADMIN_PASSWORD });
    return r.token;
  }
}

async function manager(server) {
  const admin = await adminToken(server);
  const oneTime = 'first time 9911 inspect';
  await api(server.base, 'POST', '/api/users', admin, { username: MANAGER.username, display_name: '周经理', roles: ['manager'], password: oneTime });
  const first = await token(server.base, MANAGER.username, oneTime);
  await api(server.base, 'POST', '/api/auth/password', first, { current_password: oneTime, new_password: MANAGER.password });
}

let standardUrl = null;

module.exports = [
  ['inspections: a manager copies the UPS standard and an edit makes revision 2', async ({ browser, server, newPage, assert, noProblems, DESKTOP }) => {
    await manager(server);
    const page = await newPage(browser, { locale: 'zh-CN', viewport: DESKTOP });
    await page.goto(server.base + '/');
    await signIn(page, MANAGER.username, MANAGER.password);
    await page.getByTestId('nav-inspection-templates').click();
    await page.getByTestId('copy-example-ups').click();
    await page.getByTestId('template-name-zh').fill('UPS 月度巡检（本公司）');
    await page.getByTestId('template-save').click();
    await page.waitForURL(/\/inspection-templates\/\d+$/);
    await page.getByTestId('template-items').getByText('12–13.8 V').waitFor();

    await page.getByTestId('template-edit').click();
    const voltage = page.getByTestId('template-item-0');
    await voltage.getByTestId('item-min').fill('12.3');
    // A limit that is not a number is caught before sending, next to its item.
    await voltage.getByTestId('item-max').fill('十三');
    await page.getByTestId('template-save').click();
    await voltage.locator('.field-error', { hasText: '数字' }).waitFor();
    await voltage.getByTestId('item-max').fill('13.8');
    await page.getByTestId('template-add-item').click();
    const added = page.getByTestId('template-item-7');
    await added.getByTestId('item-label-zh').fill('电池外观无鼓包');
    await page.getByTestId('template-save').click();
    await page.waitForURL(/\/inspection-templates\/\d+$/);
    await page.getByTestId('template-items').getByText('12.3–13.8 V').waitFor();
    await page.getByTestId('template-items').getByText('电池外观无鼓包').waitFor();
    const revisions = await page.getByTestId('template-revisions').locator('li').allTextContents();
    assert(revisions.length === 2 && /v2/.test(revisions[0]) && /v1/.test(revisions[1]), `revisions: ${revisions}`);
    standardUrl = page.url();
    noProblems(page);
  }],

  ['inspections: the standard reads on a phone without sideways scrolling', async ({ browser, server, newPage, assert, noProblems, PHONE }) => {
    assert(standardUrl, 'the previous flow saved a standard');
    const page = await newPage(browser, { locale: 'en-US', viewport: PHONE });
    await page.goto(standardUrl);
    await signIn(page, MANAGER.username, MANAGER.password);
    await page.getByTestId('template-detail').waitFor();
    await page.getByTestId('template-items').getByText('Battery block voltage').waitFor();
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(wide <= 0, `the page is ${wide}px wider than the phone`);
    noProblems(page);
  }],
];
