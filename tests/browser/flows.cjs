// The flows the browser test walks through, in order (they share one
// server). Each is [name, async (ctx) => {}]; see app.cjs for ctx.
'use strict';

const ADMIN_PASSWORD = 'boss picks a new one';
const ENGINEER = { username: 'eng.zhang', name: '张工', firstPassword: 'first time 8342', password: 'my own secret 5521' };

const { signIn, changePassword, api, token } = require('./helpers.cjs');

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

  ['the engineer finds a customer in Chinese and a device by serial, and sees its warranty', async ({ browser, server, locales, newPage, assert, noProblems, DESKTOP }) => {
    const admin = await token(server.base, 'admin', ADMIN_PASSWORD);
    await api(server.base, 'POST', '/api/users', admin, { username: 'sales.wu', roles: ['sales'], password: 'first time 1188' });
    const first = await token(server.base, 'sales.wu', 'first time 1188');
    const sales = (await api(server.base, 'POST', '/api/auth/password', first, { current_password: 'first time 1188', new_password: 'sales own secret 7' })).token;
    const customer = await api(server.base, 'POST', '/api/customers', sales, {
      name: '深圳华为技术有限公司', industry: '通信', tier: 'key',
      contacts: [{ name: '李经理', phone: '138 0013 8000' }], sites: [{ name: '总部', address: '深圳市龙岗区' }],
    });
    await api(server.base, 'POST', '/api/customers', sales, { name: 'Acme Printing Ltd', contacts: [{ name: 'John Smith', phone: '2345 6789' }] });
    const device = await api(server.base, 'POST', '/api/devices', sales, {
      customer_id: customer.id, site: '总部', product: 'ThinkSystem SR650', brand: 'Lenovo', model: '7X06', serial_number: 'SN-HW-0001', install_date: '2023-05-10',
    });
    await api(server.base, 'POST', '/api/contracts', sales, {
      number: 'WB-2026-001', kind: 'maintenance', customer_id: customer.id, start_date: '2026-01-01', end_date: '2099-12-31',
      device_ids: [device.id], scope: { onsite_repair: true, hours: 'all_day' },
    });

    const page = await newPage(browser, { locale: 'zh-CN', viewport: DESKTOP });
    await page.goto(server.base + '/');
    await signIn(page, ENGINEER.username, ENGINEER.password);
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customers-search').fill('华为');
    await page.getByTestId('customers-search').press('Enter');
    await page.getByTestId('customers-table').getByText('深圳华为技术有限公司').waitFor();
    assert(await page.getByTestId('customers-table').getByText('Acme Printing Ltd').count() === 0, 'the search narrows the list');
    await page.getByTestId('customers-table').getByText('深圳华为技术有限公司').click();
    await page.getByTestId('customer-title').waitFor();
    await page.getByText('SN-HW-0001').waitFor();

    // "/" jumps to the lookup box from anywhere.
    await page.locator('body').press('/');
    assert(await page.evaluate(() => document.activeElement && document.activeElement.dataset.testid) === 'lookup-input', '/ focuses the lookup box');
    await page.keyboard.type('sn-hw-0001');
    await page.keyboard.press('Enter');
    await page.getByTestId('lookup-result').waitFor();
    const warranty = await page.getByTestId('warranty-status').textContent();
    assert(warranty.includes(locales.zh['device.out_of_warranty']) && warranty.includes('2024-05-09'), `warranty shown: ${warranty}`);
    assert((await page.getByTestId('contract-summary').textContent()).includes('WB-2026-001'), 'the covering contract is shown');
    assert((await page.getByTestId('lookup-customer').textContent()) === '深圳华为技术有限公司', 'the owner is shown');
    noProblems(page);
    await page.context().close();
  }],

  ['the engineer attaches a photo to a device and prints its label; a stranger scanning it only sees sign-in', async ({ browser, server, locales, newPage, assert, noProblems, DESKTOP }) => {
    const engineer = await token(server.base, ENGINEER.username, ENGINEER.password);
    const found = await api(server.base, 'GET', '/api/devices/lookup?serial=SN-HW-0001', engineer);
    const page = await newPage(browser, { locale: 'zh-CN', viewport: DESKTOP });
    await page.goto(server.base + '/');
    await signIn(page, ENGINEER.username, ENGINEER.password);
    await page.getByTestId('home-title').waitFor();
    await page.goto(server.base + `/devices/${found.device.id}`);
    const docs = page.getByTestId('documents');
    await docs.getByText(locales.zh['documents.empty']).waitFor();
    // A one-pixel PNG: the server judges the type by these bytes, not the name.
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await docs.locator('input[type=file]').setInputFiles({ name: '铭牌.png', mimeType: 'image/png', buffer: png });
    await docs.getByText('铭牌.png').waitFor();
    await page.getByTestId('history').getByText(locales.zh['audit.action.attach']).waitFor();
    const files = await api(server.base, 'GET', `/api/files?record_type=device&record_id=${found.device.id}`, engineer);
    assert(files.items.length === 1 && files.items[0].content_type === 'image/png', 'stored with the type its content shows');

    await page.getByTestId('device-label').click();
    await page.getByTestId('label-sheet').waitFor();
    const qr = page.getByTestId('label-sheet').locator('img').first();
    await qr.waitFor();
    await page.waitForFunction(() => { const img = document.querySelector('[data-testid=label-sheet] img'); return img && img.complete && img.naturalWidth > 0; });
    assert((await page.getByTestId('label-sheet').textContent()).includes('SN-HW-0001'), 'the label names the serial');
    await page.emulateMedia({ media: 'print' });
    assert(!(await page.getByTestId('labels-print').isVisible()), 'the print button is not printed');
    noProblems(page);
    await page.context().close();

    const stranger = await newPage(browser, { locale: 'zh-CN', viewport: DESKTOP });
    await stranger.goto(server.base + `/devices/${found.device.id}`);
    await stranger.getByTestId('login-title').waitFor();
    assert(!(await stranger.content()).includes('SN-HW-0001'), 'nothing about the device before signing in');
    await stranger.context().close();
  }],

  ['a dispatcher takes a call and dispatches it; the engineer on a phone calls, arrives, leaves, writes the report, the customer signs it, it prints; the manager approves completion', async ({ browser, server, locales, newPage, assert, noProblems, DESKTOP, PHONE }) => {
    const admin = await token(server.base, 'admin', ADMIN_PASSWORD);
    // Staff the service desk through the API, as a script would.
    const staff = async (username, roles) => {
      const first = `first time ${roles[0]} 1234`;
      const password = `chosen by ${roles[0]} 5678`;
      await api(server.base, 'POST', '/api/users', admin, { username, roles, password: first });
      const t = await token(server.base, username, first);
      await api(server.base, 'POST', '/api/auth/password', t, { current_password: first, new_password: password });
      return password;
    };
    const dispatcherPassword = await staff('disp.chen', ['dispatcher']);
    const managerPassword = await staff('mgr.liu', ['manager']);

    const desk = await newPage(browser, { locale: 'zh-CN', viewport: DESKTOP });
    await desk.goto(server.base + '/');
    await signIn(desk, 'disp.chen', dispatcherPassword);
    await desk.getByTestId('home-title').waitFor();
    await desk.goto(server.base + '/requests/new');
    await desk.getByTestId('intake-serial').fill('SN-HW-0001');
    await desk.getByTestId('intake-serial').press('Enter');
    await desk.getByText('WB-2026-001').first().waitFor();
    await desk.getByTestId('intake-description').fill('服务器风扇告警，机房温度升高');
    await desk.getByTestId('intake-submit').click();
    await desk.waitForURL(/\/requests\/\d+$/);
    await desk.getByTestId('request-number').waitFor();
    const requestUrl = desk.url();
    await desk.getByTestId('new-wo').click();
    await desk.waitForURL(/\/work-orders\/\d+$/);
    const woId = desk.url().split('/').pop();
    // The only engineer is suggested and ticked; dispatch.
    await desk.getByTestId('wo-candidates').getByText(ENGINEER.name).waitFor();
    await desk.getByTestId('wo-dispatch').click();
    await desk.getByTestId('wo-state').filter({ hasText: locales.zh['wo_state.dispatched'] }).waitFor();
    assert((await desk.getByTestId('wo-assignees').textContent()).includes(ENGINEER.name), 'assigned to the engineer');
    noProblems(desk);
    await desk.context().close();

    const phone = await newPage(browser, { locale: 'zh-CN', viewport: PHONE });
    await phone.goto(server.base + '/');
    await signIn(phone, ENGINEER.username, ENGINEER.password);
    await phone.getByTestId('home-title').waitFor();
    await phone.getByTestId('menu').click();
    await phone.getByTestId('nav-my-tasks').click();
    await phone.getByTestId('my-tasks').waitFor();
    await phone.getByTestId(`step-called-${woId}`).click();
    // The buttons are redrawn with the next steps; wait for that before the
    // next tap, or it could land on a button that moved under it.
    await phone.getByTestId(`step-done-${woId}`).filter({ hasText: locales.zh['step.called'] }).waitFor();
    await phone.getByTestId(`step-arrived-${woId}`).click();
    await phone.getByTestId('my-tasks').getByText(locales.zh['mine.on_site']).waitFor();
    await phone.getByTestId(`step-left-${woId}`).click();
    await phone.getByTestId(`step-arrived-${woId}`).waitFor();

    // The report, then the phone goes to the customer, who signs with a finger.
    await phone.getByTestId(`task-report-${woId}`).click();
    await phone.getByTestId('report-findings').fill('风扇停转，CPU 过热');
    await phone.getByTestId('report-actions').fill('更换风扇并做压力测试');
    await phone.getByTestId('report-hours').fill('1.5');
    await phone.getByTestId('report-hand-over').click();
    assert((await phone.getByTestId('error').textContent()).length > 0, 'root cause or temporary must be chosen');
    phone.problems.length = 0; // that 422 was the point
    await phone.getByTestId('report-fix-root').check();
    await phone.getByTestId('report-hand-over').click();
    await phone.getByText(locales.zh['report.for_customer']).waitFor();
    await phone.getByTestId('report-summary').getByText('更换风扇并做压力测试').waitFor();
    await phone.getByTestId('sign-name').fill('李经理');
    // The pad may be below the fold of the full-screen hand-over.
    await phone.getByTestId('sign-pad').scrollIntoViewIfNeeded();
    const pad = await phone.getByTestId('sign-pad').boundingBox();
    await phone.mouse.move(pad.x + 20, pad.y + pad.height / 2);
    await phone.mouse.down();
    for (let k = 1; k <= 20; k++) {
      await phone.mouse.move(pad.x + 20 + k * (pad.width - 40) / 20, pad.y + pad.height / 2 + (k % 2 ? 15 : -15));
    }
    await phone.mouse.up();
    await phone.getByTestId('sign-submit').click();
    // The customer hands the phone back; the engineer's password ends the hand-over.
    await phone.getByTestId('handover-signed').waitFor();
    await phone.getByTestId('handover-exit').click();
    await phone.getByTestId('handover-password').fill(ENGINEER.password);
    await phone.getByTestId('handover-unlock').click();
    await phone.getByTestId('report-signature').waitFor();
    await phone.waitForFunction(() => { const img = document.querySelector('[data-testid=report-signature]'); return img && img.complete && img.naturalWidth > 0; });
    await phone.getByTestId('report-print').click();
    await phone.getByTestId('print-report').waitFor();
    await phone.waitForFunction(() => { const img = document.querySelector('[data-testid=print-signature]'); return img && img.complete && img.naturalWidth > 0; });
    const printed = await phone.getByTestId('print-report').textContent();
    assert(printed.includes('故障现象') && printed.includes('Findings') && printed.includes('李经理'), `bilingual labels and the signer: ${printed}`);
    await phone.emulateMedia({ media: 'print' });
    assert(!(await phone.getByTestId('print-now').isVisible()), 'the print button is not printed');
    await phone.emulateMedia({ media: 'screen' });

    await phone.goto(server.base + `/work-orders/${woId}`);
    await phone.getByTestId('wo-state').filter({ hasText: locales.zh['wo_state.in_progress'] }).waitFor();
    assert(await phone.getByTestId('wo-steps').locator('li').count() === 3, 'three steps logged');
    await phone.getByTestId('wo-request-completion').click();
    await phone.getByTestId('wo-state').filter({ hasText: locales.zh['wo_state.completion_requested'] }).waitFor();
    noProblems(phone);
    await phone.context().close();

    const boss = await newPage(browser, { locale: 'en-US', viewport: DESKTOP });
    await boss.goto(server.base + '/');
    await signIn(boss, 'mgr.liu', managerPassword);
    // The manager names the firm for printed reports.
    await boss.getByTestId('nav-settings').click();
    await boss.getByTestId('settings-firm').fill('深圳速修信息技术有限公司');
    await boss.getByTestId('settings-save').click();
    await boss.getByTestId('settings-saved').waitFor();
    await boss.getByTestId('nav-approvals').click();
    await boss.getByTestId(`approve-${woId}`).click();
    await boss.getByText(locales.en['approvals.none']).waitFor();
    await boss.goto(requestUrl);
    await boss.getByTestId('request-work-orders').getByText(locales.en['wo_state.completed']).waitFor();
    const clocks = await boss.getByTestId('request-clocks').textContent();
    assert(clocks.includes(locales.en['clock.report_filed']), `the report clock runs after leaving: ${clocks}`);
    noProblems(boss);
    await boss.context().close();
  }],

  ['the engineer sends a signing link; the customer signs on their own phone without an account', async ({ browser, server, locales, newPage, assert, noProblems, DESKTOP, PHONE }) => {
    const desk = await token(server.base, 'disp.chen', 'chosen by dispatcher 5678');
    const eng = await token(server.base, ENGINEER.username, ENGINEER.password);
    const me = await api(server.base, 'GET', '/api/auth/me', eng);
    const found = await api(server.base, 'GET', '/api/devices/lookup?serial=SN-HW-0001', eng);
    const request = await api(server.base, 'POST', '/api/requests', desk, {
      source: 'email', customer_id: found.customer.id, device_id: found.device.id, description: 'VPN 无法连接', urgency: 'normal', fault_level: 3,
    });
    const wo = await api(server.base, 'POST', '/api/work-orders', desk, { request_id: request.id, kind: 'support' });
    // Every change names the version it was made on (a first report: 0).
    const dispatched = await api(server.base, 'POST', `/api/work-orders/${wo.id}/actions/dispatch`, desk, { version: wo.version, assignees: [me.id] });
    await api(server.base, 'POST', `/api/work-orders/${wo.id}/steps`, eng, { version: dispatched.version, kind: 'remote' });
    await api(server.base, 'PUT', `/api/work-orders/${wo.id}/report`, eng, {
      version: 0, findings: '证书过期', actions: '远程更新证书', fix: 'root_cause', hours_worked: 0.5, result: 'resolved',
    });

    const page = await newPage(browser, { locale: 'zh-CN', viewport: DESKTOP });
    await page.goto(server.base + '/');
    await signIn(page, ENGINEER.username, ENGINEER.password);
    await page.getByTestId('home-title').waitFor();
    await page.goto(server.base + `/work-orders/${wo.id}/report`);
    await page.getByTestId('sign-link-create').click();
    await page.getByTestId('sign-link').waitFor();
    const link = await page.getByTestId('sign-link').inputValue();
    assert(link.startsWith(server.base + '/sign/'), `an absolute link: ${link}`);
    noProblems(page);
    await page.context().close();

    const customer = await newPage(browser, { locale: 'zh-CN', viewport: PHONE });
    await customer.goto(link);
    await customer.getByTestId('public-report').getByText('远程更新证书').waitFor();
    await customer.getByTestId('sign-name').fill('李经理');
    await customer.getByTestId('sign-pad').scrollIntoViewIfNeeded();
    const pad = await customer.getByTestId('sign-pad').boundingBox();
    await customer.mouse.move(pad.x + 10, pad.y + pad.height / 3);
    await customer.mouse.down();
    for (let k = 1; k <= 15; k++) await customer.mouse.move(pad.x + 10 + k * (pad.width - 20) / 15, pad.y + pad.height / 3 + (k % 3) * 12);
    await customer.mouse.up();
    await customer.getByTestId('sign-submit').click();
    await customer.getByTestId('public-signed').waitFor();
    noProblems(customer);
    await customer.context().close();
    const signed = await api(server.base, 'GET', `/api/work-orders/${wo.id}/report`, eng);
    assert(signed.signature && signed.signature.via === 'link' && signed.signature.signer_name === '李经理', `signed through the link: ${JSON.stringify(signed.signature)}`);
  }],
];
