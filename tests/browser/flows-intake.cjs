// Intake at the service desk: an urgent call nobody has been sent to yet
// heads the board and turns late when its dispatch clock runs out; the
// pages a dispatcher uses fit a phone.
'use strict';

const { signIn, api, token, fitsViewport } = require('./helpers.cjs');

const ADMIN_PASSWORD = 'boss picks a new one';

// The admin's token whether or not flows.cjs ran first (it changes the
// first password; run alone, this flow does).
async function adminToken(server) {
  try {
    return await token(server.base, 'admin', ADMIN_PASSWORD);
  } catch (_) {
    const first = await token(server.base, 'admin', server.password);
    const changed = await api(server.base, 'POST', '/api/auth/password', first, { current_password: server.password, new_password: ADMIN_PASSWORD });
    return changed.token;
  }
}

async function staff(server, admin, username, roles) {
  const first = `first time ${roles[0]} 1234`;
  const password = `chosen by ${roles[0]} 5678`;
  await api(server.base, 'POST', '/api/users', admin, { username, roles, password: first });
  const t = await token(server.base, username, first);
  await api(server.base, 'POST', '/api/auth/password', t, { current_password: first, new_password: password });
  return { username, password, token: await token(server.base, username, password) };
}

module.exports = [
  ['intake: an urgent call nobody is dispatched to heads the board on a phone and is late after its dispatch clock', async ({ browser, server, locales, newPage, assert, noProblems, PHONE }) => {
    const zh = locales.zh;
    const admin = await adminToken(server);
    const desk = await staff(server, admin, 'in.desk', ['dispatcher']);
    const boss = await staff(server, admin, 'in.mgr', ['manager']);
    const customer = await api(server.base, 'POST', '/api/customers', boss.token, {
      name: '深圳前海数据中心服务有限公司', contacts: [{ name: '钱主管', phone: '13700001111' }],
      sites: [{ name: '前海机房', address: '深圳市南山区前海路 88 号' }],
    });
    // Around the clock, so the clocks count whenever the test runs.
    await api(server.base, 'POST', '/api/contracts', boss.token, {
      number: 'QH-7X24', kind: 'maintenance', customer_id: customer.id,
      start_date: '2020-01-01', end_date: '2099-12-31', scope: { onsite_repair: true, hours: 'all_day' },
    });
    const ago = (minutes) => new Date(Date.now() - minutes * 60000).toISOString();
    // An older normal call, later still than the urgent one by its due time.
    await api(server.base, 'POST', '/api/requests', desk.token, {
      source: 'phone', customer_id: customer.id, description: '打印机偶尔卡纸', urgency: 'normal', fault_level: 3, received_at: ago(60 * 24 * 3),
    });
    const urgent = await api(server.base, 'POST', '/api/requests', desk.token, {
      source: 'phone', customer_id: customer.id, description: '核心交换机宕机，全公司断网', urgency: 'urgent', fault_level: 1, received_at: ago(60),
    });

    const page = await newPage(browser, { locale: 'zh-CN', viewport: PHONE });
    await page.goto(server.base + '/');
    await signIn(page, desk.username, desk.password);
    await page.getByTestId('home-title').waitFor();
    await fitsViewport(page, 'home');
    await page.goto(server.base + '/requests');
    const first = page.getByTestId('requests-table').locator('tbody tr').first();
    await first.waitFor();
    const text = await first.textContent();
    assert(text.includes(urgent.number), `the urgent call is first on the default board: ${text}`);
    assert(text.includes(zh['clock.dispatch']), `its dispatch clock is the one shown: ${text}`);
    assert(await first.locator('.bad').count() > 0, 'and it is late (15 minutes, received an hour ago)');
    await fitsViewport(page, 'request board');
    // The "late" filter has it.
    await page.getByTestId('requests-due').selectOption('0');
    await page.getByTestId('requests-table').getByText(urgent.number).waitFor();
    await fitsViewport(page, 'request board, late');
    await page.getByTestId('requests-table').getByText(urgent.number).click();
    await page.getByTestId('request-number').waitFor();
    await fitsViewport(page, 'request');
    await page.goto(server.base + '/requests/new');
    await page.getByTestId('intake-serial').waitFor();
    await fitsViewport(page, 'intake');
    noProblems(page);
    await page.context().close();
  }],

  ['intake: a first-time caller is found as the desk types, created on the spot with a site, and the next call warns it is already open', async ({ browser, server, locales, newPage, assert, noProblems, PHONE }) => {
    const zh = locales.zh;
    const admin = await adminToken(server);
    const desk = await staff(server, admin, 'in.desk2', ['dispatcher']);
    const page = await newPage(browser, { locale: 'zh-CN', viewport: PHONE });
    await page.goto(server.base + '/');
    await signIn(page, desk.username, desk.password);
    await page.getByTestId('home-title').waitFor();
    await page.goto(server.base + '/requests/new');
    // No Enter: the search runs when typing pauses, and says when nothing matches.
    await page.getByTestId('intake-customer-search').pressSequentially('东莞全新五金');
    await page.getByTestId('intake-no-match').waitFor();
    await page.getByTestId('intake-create-customer').click();
    assert(await page.getByTestId('new-customer-name').inputValue() === '东莞全新五金', 'the name is what was typed');
    await page.getByTestId('new-customer-name').fill('东莞全新五金制品厂');
    await page.getByTestId('new-customer-contact').fill('何厂长');
    await page.getByTestId('new-customer-phone').fill('13500001234');
    await page.getByTestId('new-customer-address').fill('东莞市长安镇振安路 9 号');
    await fitsViewport(page, 'intake with the new-customer form');
    await page.getByTestId('new-customer-save').click();
    await page.getByTestId('intake-customer').getByText('东莞全新五金制品厂').waitFor();
    await page.getByTestId('intake-site-line').getByText('东莞市长安镇振安路 9 号').waitFor();
    // Urgent suggests fault level 1, with a hint.
    await page.locator('label.segment').filter({ hasText: zh['urgency.urgent'] }).click();
    assert(await page.getByTestId('intake-fault-level').inputValue() === '1', 'urgent suggests level 1');
    assert((await page.getByTestId('intake-fault-hint').textContent()).includes(zh['fault.1']), 'the hint names the level');
    await page.getByTestId('intake-description').fill('车间电脑全部无法上网');
    await fitsViewport(page, 'intake filled in');
    await page.getByTestId('intake-submit').click();
    await page.waitForURL(/\/requests\/\d+$/);
    const number = (await page.getByTestId('request-number').textContent()).trim();
    await page.getByTestId('request-site').getByText('东莞市长安镇振安路 9 号').waitFor();
    await fitsViewport(page, 'the new request');
    // The same customer calls again: the open request is named, with a link.
    await page.goto(server.base + '/requests/new');
    await page.getByTestId('intake-customer-search').pressSequentially('全新五金');
    await page.getByTestId('intake-matches').getByText('东莞全新五金制品厂').click();
    await page.getByTestId('intake-open-requests').getByRole('link', { name: number }).waitFor();
    noProblems(page);
    await page.context().close();
  }],
];
