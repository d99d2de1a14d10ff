// Complaints (投诉): sales logs one on a phone from a request's page (the
// customer and request filled in, an engineer picked from the staff); the
// manager finds it first in the queue, acknowledges it, is refused closing
// without findings, and closes it upheld.
'use strict';

const { signIn, api, token, fitsViewport } = require('./helpers.cjs');

const ADMIN_PASSWORD = 'boss picks a new one';
const SMALL_PHONE = { width: 375, height: 812 };

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

// A user with `roles` who has already set their own password.
async function user(server, admin, username, name, roles, password) {
  const oneTime = 'first time 4471 complain';
  await api(server.base, 'POST', '/api/users', admin, { username, display_name: name, roles, password: oneTime });
  const first = await token(server.base, username, oneTime);
  const r = await api(server.base, 'POST', '/api/auth/password', first, { current_password: oneTime, new_password: password });
  return { token: r.token, username, password };
}

module.exports = [
  ['complaints: sales logs one from a request on a phone, the manager acknowledges and closes it', async ({ browser, server, locales, newPage, assert, noProblems, DESKTOP }) => {
    const admin = await adminToken(server);
    const sales = await user(server, admin, 'sales.cp', '钱销售', ['sales'], 'sales secret 7712');
    const boss = await user(server, admin, 'mgr.cp', '孙经理', ['manager'], 'manager secret 7713');
    await user(server, admin, 'eng.cp', '吴工', ['engineer'], 'engineer secret 7714');
    const desk = await user(server, admin, 'disp.cp', '郑调度', ['dispatcher'], 'dispatch secret 7715');
    const customer = await api(server.base, 'POST', '/api/customers', sales.token,
      { name: '投诉测试有限公司', contacts: [{ name: '冯经理', phone: '13700137000' }], sites: [{ name: '总部', address: '深圳' }] });
    const request = await api(server.base, 'POST', '/api/requests', desk.token,
      { source: 'phone', customer_id: customer.id, description: '打印机卡纸', urgency: 'normal', fault_level: 3 });

    const phone = await newPage(browser, { locale: 'zh-CN', viewport: SMALL_PHONE });
    await phone.goto(server.base + '/');
    await signIn(phone, sales.username, sales.password);
    await phone.getByTestId('home-title').waitFor();
    await phone.goto(server.base + `/requests/${request.id}`);
    await phone.getByTestId('request-complaint').click();
    await phone.getByTestId('complaint-customer').getByText('投诉测试有限公司').waitFor();
    await phone.waitForFunction((id) => document.querySelector('[data-testid=complaint-request]').value === String(id), request.id);
    await phone.getByTestId('complaint-source').selectOption('sales');
    await phone.getByTestId('complaint-person-pick').selectOption('eng.cp');
    await phone.getByTestId('complaint-persons').getByText('吴工').waitFor();
    await phone.getByTestId('complaint-summary').fill('工程师与客户沟通后未汇报');
    await fitsViewport(phone, 'the complaint form');
    await phone.getByTestId('complaint-submit').click();
    await phone.waitForURL(/\/complaints\/\d+$/);
    await phone.getByTestId('complaint-state').filter({ hasText: locales.zh['complaints.state_open'] }).waitFor();
    await fitsViewport(phone, 'a complaint');
    const url = phone.url();
    noProblems(phone);

    const page = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
    await page.goto(server.base + '/');
    await signIn(page, boss.username, boss.password);
    await page.getByTestId('nav-complaints').click();
    await page.getByTestId('complaints-table').waitFor();
    const first = await page.getByTestId('complaint-row').first().textContent();
    assert(first.includes('投诉测试有限公司'), `the open complaint is first: ${first}`);
    await page.goto(url);
    await page.getByTestId('complaint-acknowledge').click();
    await page.getByTestId('complaint-close-form').waitFor();
    await page.getByTestId('complaint-close').click();
    await page.getByTestId('complaint-close-form').locator('.field-error', { hasText: /\S/ }).first().waitFor();
    page.problems.length = 0; // the refusal just seen was the point
    await page.getByTestId('complaint-findings').fill('属实，未填写工单');
    await page.getByTestId('complaint-action').fill('约谈工程师');
    await page.getByTestId('complaint-outcome-upheld').check();
    await page.getByTestId('complaint-close').click();
    await page.getByTestId('complaint-outcome').filter({ hasText: locales.en['complaints.outcome_upheld'] }).waitFor();
    noProblems(page);
    const counts = await api(server.base, 'GET', '/api/complaints/counts', boss.token);
    assert(counts.some((c) => c.username === 'eng.cp' && c.upheld === 1), `counted: ${JSON.stringify(counts)}`);
  }],
];
