// What staff hit in their first hour (issue 16, the app shell): real URLs
// with Back and reload; step buttons that say what was done and turn into
// the next step; the customer's hand-over screen with no way into the app;
// a Chinese field error beside its field, gone once fixed; a closed request
// that says so. Runs after flows.cjs, or alone (`cargo xtask browser
// first-hour`): it signs the first admin in either way.
'use strict';

const { signIn, api, token } = require('./helpers.cjs');

const ADMIN_PASSWORD = 'boss picks a new one';
const ENGINEER = { username: 'eng.first', name: '赵工', password: 'first hour engineer 4711' };

// The admin's token, whether or not flows.cjs changed the first password.
async function adminToken(server) {
  try {
    return await token(server.base, 'admin', ADMIN_PASSWORD);
  } catch (_) {
    const first = await token(server.base, 'admin', server.password);
    return (await api(server.base, 'POST', '/api/auth/password', first, { current_password: server.password, new_password: ADMIN_PASSWORD })).token;
  }
}

// A user with their own password (the one-time one changed); their token.
async function staff(server, admin, username, roles, password, display_name) {
  const once = 'one time only 1357 ok';
  try {
    await api(server.base, 'POST', '/api/users', admin, { username, roles, password: once, display_name: display_name || username });
    const first = await token(server.base, username, once);
    await api(server.base, 'POST', '/api/auth/password', first, { current_password: once, new_password: password });
  } catch (e) {
    if (!String(e).includes('409')) throw e; // made by an earlier flow of this file
  }
  return token(server.base, username, password);
}

// A customer with a device, a request and a field work order dispatched
// to the engineer; returns their ids.
async function dispatchedWork(server, serial) {
  const admin = await adminToken(server);
  const eng = await staff(server, admin, ENGINEER.username, ['engineer'], ENGINEER.password, ENGINEER.name);
  const mgr = await staff(server, admin, 'mgr.first', ['manager'], 'first hour manager 2468');
  const me = await api(server.base, 'GET', '/api/auth/me', eng);
  const customer = await api(server.base, 'POST', '/api/customers', mgr, {
    name: `第一小时科技 ${serial}`, contacts: [{ name: '周经理', phone: '139 0000 1111' }], sites: [{ name: '总部', address: '上海市浦东新区' }],
  });
  const device = await api(server.base, 'POST', '/api/devices', mgr, {
    customer_id: customer.id, product: 'imageRUNNER 2625', brand: 'Canon', model: 'iR2625', serial_number: serial, install_date: '2025-01-10', warranty_end: '2099-12-31',
  });
  const request = await api(server.base, 'POST', '/api/requests', mgr, {
    source: 'phone', customer_id: customer.id, device_id: device.id, description: '复印机卡纸', urgency: 'important', fault_level: 2,
  });
  const wo = await api(server.base, 'POST', '/api/work-orders', mgr, { request_id: request.id, kind: 'field' });
  await api(server.base, 'POST', `/api/work-orders/${wo.id}/actions/dispatch`, mgr, { version: wo.version, assignees: [me.id] });
  return { eng, mgr, customer, device, request, wo };
}

async function phoneOfEngineer(browser, server, newPage, PHONE) {
  const page = await newPage(browser, { locale: 'zh-CN', viewport: PHONE });
  await page.goto(server.base + '/');
  await signIn(page, ENGINEER.username, ENGINEER.password);
  await page.getByTestId('home-title').waitFor();
  return page;
}

async function fitsPhone(page, assert, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 390, `${what} fits a phone (scroll width ${width})`);
}

module.exports = [
  ['first-hour: menu links push real URLs; Back walks them back and reload stays', async ({ browser, server, newPage, assert, noProblems, DESKTOP }) => {
    await adminToken(server);
    const page = await newPage(browser, { locale: 'zh-CN', viewport: DESKTOP });
    await page.goto(server.base + '/');
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('home-title').waitFor();
    const pages = [
      ['nav-requests', '/requests', 'requests-order'],
      ['nav-customers', '/customers', 'customers-search'],
      ['nav-users', '/users', 'users-table'],
      ['nav-admin', '/admin', 'backup-download'],
      ['nav-status', '/status', 'health-status'],
    ];
    const startLength = await page.evaluate(() => history.length);
    for (const [nav, path, marker] of pages) {
      await page.getByTestId(nav).click();
      await page.getByTestId(marker).waitFor();
      await page.waitForURL(server.base + path);
    }
    const length = await page.evaluate(() => history.length);
    assert(length === startLength + 5, `each click is a history entry (${startLength} → ${length})`);
    for (const [, path, marker] of pages.slice(0, 4).reverse()) {
      await page.goBack();
      await page.waitForURL(server.base + path);
      await page.getByTestId(marker).waitFor();
    }
    assert(new URL(page.url()).pathname === '/requests', `back at the first page: ${page.url()}`);
    await page.reload();
    await page.getByTestId('requests-order').waitFor();
    assert(new URL(page.url()).pathname === '/requests', `a reload stays: ${page.url()}`);
    noProblems(page);
    await page.context().close();
  }],

  ['first-hour: the engineer\'s menu has no desk tools, home links My tasks, and step buttons turn into the next step', async ({ browser, server, locales, newPage, assert, noProblems, PHONE }) => {
    const { wo } = await dispatchedWork(server, 'FH-STEP-01');
    const page = await phoneOfEngineer(browser, server, newPage, PHONE);
    await page.getByTestId('menu').click();
    assert(await page.getByTestId('nav-import').count() === 0, 'no Import for an engineer');
    assert(await page.getByTestId('nav-api').count() === 0, 'no API docs for an engineer');
    await page.getByTestId('menu').click();
    await page.getByTestId('home-my-tasks').click();
    await page.waitForURL(server.base + '/my-tasks');
    await page.getByTestId('my-tasks').waitFor();

    const zh = locales.zh;
    await page.getByTestId(`step-called-${wo.id}`).click();
    const done = page.getByTestId(`step-done-${wo.id}`);
    await done.filter({ hasText: zh['step.called'] }).waitFor();
    assert(/\d\d:\d\d/.test(await done.textContent()), `says when: ${await done.textContent()}`);
    await page.getByTestId(`step-arrived-${wo.id}`).waitFor();
    assert(await page.getByTestId(`step-called-${wo.id}`).count() === 0, 'the call button turned into the next step');

    await page.getByTestId(`step-arrived-${wo.id}`).click();
    await done.filter({ hasText: zh['step.arrived'] }).waitFor();
    await page.getByTestId(`step-left-${wo.id}`).waitFor();
    assert(await page.getByTestId(`step-arrived-${wo.id}`).count() === 0, 'arrived turned into left');
    await fitsPhone(page, assert, 'My tasks');
    noProblems(page);
    await page.context().close();
  }],

  ['first-hour: a Chinese field error shows beside its field and goes once fixed; the hand-over screen has no way into the app', async ({ browser, server, locales, newPage, assert, noProblems, PHONE }) => {
    const { eng, wo } = await dispatchedWork(server, 'FH-SIGN-02');
    let w = await api(server.base, 'GET', `/api/work-orders/${wo.id}`, eng);
    w = await api(server.base, 'POST', `/api/work-orders/${wo.id}/steps`, eng, { version: w.version, kind: 'arrived' });
    const zh = locales.zh;
    const page = await phoneOfEngineer(browser, server, newPage, PHONE);
    await page.goto(server.base + `/work-orders/${wo.id}/report`);
    await page.getByTestId('report-findings').fill('搓纸轮磨损');
    await page.getByTestId('report-actions').fill('更换搓纸轮，测试打印 50 张');
    await page.getByTestId('report-fix-root').check();
    // Hours left empty: said beside the box, in Chinese, before sending.
    await page.getByTestId('report-hand-over').click();
    const hoursError = page.getByTestId('field-error-hours_worked');
    await hoursError.filter({ hasText: zh['field_code.required'] }).waitFor();
    assert(!(await page.content()).includes('invalid type'), 'no serde message');
    await page.getByTestId('report-hours').fill('1.5');
    assert((await hoursError.textContent()) === '', 'the error goes as the field is fixed');
    await page.getByTestId('report-hand-over').click();

    // The customer's screen: the report in plain words, and nothing else.
    const screen = page.getByTestId('handover');
    await screen.waitFor();
    assert((await page.getByTestId('handover-hours').textContent()).includes('1.5 小时'), 'hours in words');
    assert((await page.getByTestId('handover-device').textContent()).includes('FH-SIGN-02'), 'the device by serial');
    await page.getByTestId('handover-arrived').waitFor();
    const noApp = async (when) => {
      for (const id of ['menu', 'sign-out', 'lookup-input', 'nav-home']) {
        assert(await page.getByTestId(id).count() === 0, `${when}: no ${id}`);
      }
      assert(await page.locator('a[href]').count() === 0, `${when}: no link at all`);
      assert(await page.locator('header, nav').count() === 0, `${when}: no app chrome`);
    };
    await noApp('hand-over');
    await fitsPhone(page, assert, 'the hand-over screen');

    await page.getByTestId('sign-name').fill('周经理');
    await page.getByTestId('sign-pad').scrollIntoViewIfNeeded();
    const pad = await page.getByTestId('sign-pad').boundingBox();
    await page.mouse.move(pad.x + 20, pad.y + pad.height / 2);
    await page.mouse.down();
    for (let k = 1; k <= 20; k++) await page.mouse.move(pad.x + 20 + k * (pad.width - 40) / 20, pad.y + pad.height / 2 + (k % 2 ? 15 : -15));
    await page.mouse.up();
    await page.getByTestId('sign-submit').click();
    await page.getByTestId('handover-signed').waitFor();

    // Back and reload do not reveal the app.
    await page.goBack();
    await screen.waitFor();
    await noApp('after Back');
    await page.reload();
    await screen.waitFor();
    await noApp('after reload');

    // Only the engineer's password, checked by the server, ends it.
    await page.getByTestId('handover-exit').click();
    await page.getByTestId('handover-password').fill('not the password');
    await page.getByTestId('handover-unlock').click();
    await page.getByTestId('handover').getByTestId('error').waitFor();
    await noApp('after a wrong password');
    page.problems.length = 0; // that refused sign-in was the point
    await page.getByTestId('handover-password').fill(ENGINEER.password);
    await page.getByTestId('handover-unlock').click();
    await page.getByTestId('next-after-signing').waitFor();
    assert(new URL(page.url()).pathname === `/work-orders/${wo.id}/report`, `back on the report: ${page.url()}`);
    await page.getByTestId('report-signature').waitFor();
    // The next thing to do is offered right there: leave, then completion.
    await page.getByTestId(`step-left-${wo.id}`).click();
    await page.getByTestId(`step-done-${wo.id}`).filter({ hasText: zh['step.left'] }).waitFor();
    await page.getByTestId('next-request-completion').click();
    await page.getByTestId('next-request-completion').waitFor({ state: 'detached' });
    const after = await api(server.base, 'GET', `/api/work-orders/${wo.id}`, eng);
    assert(after.state === 'completion_requested', `completion requested: ${after.state}`);
    noProblems(page);
    await page.context().close();
  }],

  ['first-hour: a closed request says closed and shows no time left', async ({ browser, server, locales, newPage, assert, noProblems, DESKTOP }) => {
    const admin = await adminToken(server);
    const mgr = await staff(server, admin, 'mgr.first', ['manager'], 'first hour manager 2468');
    const customer = await api(server.base, 'POST', '/api/customers', mgr, { name: '已关闭请求客户', contacts: [{ name: '钱先生', phone: '1' }] });
    const request = await api(server.base, 'POST', '/api/requests', mgr, {
      source: 'phone', customer_id: customer.id, description: '咨询：打印机驱动下载', urgency: 'normal', fault_level: 3,
    });
    await api(server.base, 'POST', `/api/requests/${request.id}/actions/close`, mgr, { version: request.version, note: '电话中已指导下载驱动' });
    const page = await newPage(browser, { locale: 'zh-CN', viewport: DESKTOP });
    await page.goto(server.base + '/');
    await signIn(page, 'mgr.first', 'first hour manager 2468');
    await page.getByTestId('home-title').waitFor();
    await page.goto(server.base + `/requests/${request.id}`);
    await page.getByTestId('request-closed').filter({ hasText: locales.zh['request.closed_badge'] }).waitFor();
    const clocks = await page.getByTestId('request-clocks').textContent();
    assert(!clocks.includes('剩余') && !/\d{5,}/.test(clocks), `final clocks only: ${clocks}`);
    assert(!/ h |min/.test(clocks), `units in Chinese: ${clocks}`);
    noProblems(page);
    await page.context().close();
  }],
];
