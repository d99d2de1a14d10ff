// Loaner units (备机), after flows.cjs (its admin, dispatcher and customer):
// the store keeper adds a unit on a desk, the engineer lends it on a phone
// and the customer signs the receipt there; the receipt prints in both
// languages; the unit comes back and the customer signs the return
// through a link on their own phone.
'use strict';

const { signIn, api, token } = require('./helpers.cjs');

const ADMIN_PASSWORD = 'boss picks a new one';
const KEEPER = { username: 'store.sun', name: '孙库管', once: 'first time 7710', password: 'keeps the shelf 2468' };

async function draw(page) {
  await page.getByTestId('sign-pad').scrollIntoViewIfNeeded();
  const pad = await page.getByTestId('sign-pad').boundingBox();
  await page.mouse.move(pad.x + 20, pad.y + pad.height / 2);
  await page.mouse.down();
  for (let k = 1; k <= 20; k++) {
    await page.mouse.move(pad.x + 20 + k * (pad.width - 40) / 20, pad.y + pad.height / 2 + (k % 2 ? 15 : -15));
  }
  await page.mouse.up();
}

module.exports = [
  ['loaners: a unit is added, lent on a phone against the customer\'s signature, printed, and signed back by link', async ({ browser, server, locales, newPage, assert, noProblems, DESKTOP, PHONE }) => {
    const admin = await token(server.base, 'admin', ADMIN_PASSWORD);
    await api(server.base, 'POST', '/api/users', admin, { username: KEEPER.username, display_name: KEEPER.name, roles: ['storekeeper'], password: KEEPER.once });
    const first = await token(server.base, KEEPER.username, KEEPER.once);
    await api(server.base, 'POST', '/api/auth/password', first, { current_password: KEEPER.once, new_password: KEEPER.password });

    const desk = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
    await desk.goto(server.base + '/');
    await signIn(desk, KEEPER.username, KEEPER.password);
    await desk.getByTestId('nav-loaners').click();
    await desk.getByTestId('pool-table').waitFor();
    await desk.getByTestId('pool-add').click();
    await desk.getByTestId('unit-product').fill('ThinkPad T14');
    await desk.getByTestId('unit-brand').fill('Lenovo');
    await desk.getByTestId('unit-serial').fill('pf-3ln99');
    await desk.getByTestId('unit-accessories').fill('电源适配器、电脑包');
    await desk.getByTestId('unit-condition').fill('外壳轻微划痕');
    await desk.getByTestId('new-unit-save').click();
    await desk.waitForURL(/\/loaners\/\d+$/);
    await desk.getByTestId('unit-status').filter({ hasText: locales.en['loaners.status_available'] }).waitFor();
    const unitUrl = desk.url();
    noProblems(desk);

    const eng = await newPage(browser, { locale: 'zh-CN', viewport: PHONE });
    await eng.goto(server.base + '/');
    await signIn(eng, 'eng.zhang', 'my own secret 5521');
    await eng.getByTestId('home-title').waitFor();
    await eng.goto(unitUrl);
    await eng.getByTestId('unit-lend').click();
    await eng.getByTestId('lend-form').waitFor();
    await eng.getByTestId('lend-accessories').getByText('电脑包').waitFor();
    assert(await eng.getByTestId('lend-unit').inputValue() !== '', 'the unit is chosen');
    await eng.getByTestId('lend-customer-search').fill('华为');
    await eng.getByTestId('lend-customer-search').press('Enter');
    await eng.getByTestId('lend-customer-matches').getByText('深圳华为技术有限公司').click();
    await eng.getByTestId('lend-customer').waitFor();
    await eng.getByTestId('lend-due').fill('2099-06-30');
    await eng.getByTestId('lend-submit').click();
    await eng.waitForURL(/\/loaners\/loans\/\d+$/);
    await eng.getByTestId('loan-unsigned').waitFor();
    const loanUrl = eng.url();
    await eng.getByTestId('sign-name').fill('李经理');
    await draw(eng);
    await eng.getByTestId('sign-submit').click();
    await eng.waitForFunction(() => { const img = document.querySelector('[data-testid=loan-signature-hand_over]'); return img && img.complete && img.naturalWidth > 0; });
    await eng.getByTestId('loan-state').filter({ hasText: locales.zh['loaners.state_out'] }).waitFor();
    await eng.getByTestId('loan-print').click();
    await eng.getByTestId('loan-receipt').waitFor();
    await eng.waitForFunction(() => { const img = document.querySelector('[data-testid=receipt-signature-hand_over]'); return img && img.complete && img.naturalWidth > 0; });
    const printed = await eng.getByTestId('loan-receipt').textContent();
    assert(printed.includes('直接客户设备接收单') && printed.includes('Direct Customer Equipment Receipt') && printed.includes('PF-3LN99') && printed.includes('李经理') && printed.includes('张工'),
      `bilingual receipt with the unit, the signer and the staff: ${printed}`);
    noProblems(eng);

    // The desk sees it out; it comes back without its bag.
    await desk.goto(server.base + '/loaners/loans?out=true');
    await desk.getByTestId('loans-table').locator('tr', { hasText: 'PF-3LN99' }).waitFor();
    await desk.goto(loanUrl);
    await desk.getByTestId('loan-take-back').click();
    await desk.getByTestId('return-condition').fill('完好');
    await desk.getByTestId('return-accessories').getByText('电脑包').click();
    await desk.getByTestId('return-submit').click();
    await desk.getByTestId('sign-link-create').click();
    await desk.getByTestId('sign-link').waitFor();
    const link = await desk.getByTestId('sign-link').inputValue();
    assert(link.startsWith(server.base + '/sign/'), `an absolute link: ${link}`);
    noProblems(desk);

    const customer = await newPage(browser, { locale: 'zh-CN', viewport: PHONE });
    await customer.goto(link);
    await customer.getByTestId('public-loan').getByText('PF-3LN99').first().waitFor();
    await customer.getByTestId('loan-return').getByText('电脑包').waitFor();
    await customer.getByTestId('sign-name').fill('李经理');
    await draw(customer);
    await customer.getByTestId('sign-submit').click();
    await customer.getByTestId('public-signed').waitFor();
    noProblems(customer);
    await customer.context().close();

    await desk.goto(loanUrl);
    await desk.waitForFunction(() => { const img = document.querySelector('[data-testid=loan-signature-return]'); return img && img.complete && img.naturalWidth > 0; });
    await desk.goto(unitUrl);
    await desk.getByTestId('unit-status').filter({ hasText: locales.en['loaners.status_available'] }).waitFor();
    await desk.getByTestId('unit-history').getByText('深圳华为技术有限公司').waitFor();
    noProblems(desk);

    // From a request's page, the loan form comes filled with its customer
    // and the request; the new loan shows on the request's page.
    const huawei = (await api(server.base, 'GET', '/api/customers?q=' + encodeURIComponent('华为'), admin)).items[0];
    const request = (await api(server.base, 'GET', `/api/requests?customer_id=${huawei.id}`, admin)).items[0];
    await desk.goto(server.base + `/requests/${request.id}`);
    await desk.getByTestId('loans-section-lend').click();
    await desk.getByTestId('lend-customer').getByText('深圳华为技术有限公司').waitFor();
    await desk.waitForFunction((id) => document.querySelector('[data-testid=lend-request]').value === String(id), request.id);
    await desk.getByTestId('lend-unit').selectOption({ label: 'Lenovo ThinkPad T14 · PF-3LN99' });
    await desk.getByTestId('lend-due').fill('2099-07-31');
    await desk.getByTestId('lend-submit').click();
    await desk.waitForURL(/\/loaners\/loans\/\d+$/);
    await desk.goto(server.base + `/requests/${request.id}`);
    await desk.getByTestId('loans-of').getByText('PF-3LN99').waitFor();
    noProblems(desk);
    await desk.context().close();
    await eng.context().close();
  }],
];
