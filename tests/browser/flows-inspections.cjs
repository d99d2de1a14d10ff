// Inspection standards in the browser: a manager copies the shipped UPS
// standard, tightens the battery range in an edit (a new revision), and
// sees both revisions; the standard reads well on a phone. Then a visit:
// an engineer records two devices on a phone (a battery reading out of
// range fails by itself and opens a request), the customer signs, and the
// printed report shows it all.
'use strict';

const { signIn, api, token, fitsViewport } = require('./helpers.cjs');

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

// A user with `roles` who has already set their own password.
async function user(server, admin, username, name, roles, password) {
  const oneTime = 'first time 7730 visit';
  await api(server.base, 'POST', '/api/users', admin, { username, display_name: name, roles, password: oneTime });
  const first = await token(server.base, username, oneTime);
  const r = await api(server.base, 'POST', '/api/auth/password', first, { current_password: oneTime, new_password: password });
  return { id: r.user.id, token: r.token, username, password };
}

const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
// A valid 1×1 PNG: the server judges an upload by its bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
// Narrower than the usual test phone: the visit must work at 375 px.
const SMALL_PHONE = { width: 375, height: 812 };

// Draws a stroke across the signing pad (scrolled into view first).
async function drawSignature(page) {
  const pad = page.getByTestId('sign-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + 15, box.y + box.height / 2);
  await page.mouse.down();
  for (let k = 1; k <= 20; k++) {
    await page.mouse.move(box.x + 15 + k * (box.width - 30) / 20, box.y + box.height / 2 + (k % 2 ? 18 : -18));
  }
  await page.mouse.up();
}

let standardUrl = null;
// What the visit flow set up, for the due-list flow after it.
let visitSetup = null;

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

  ['inspection visit: an engineer records two devices on a phone, a failed battery opens a request, the customer signs, the report prints', async ({ browser, server, locales, newPage, assert, noProblems }) => {
    const zh = locales.zh;
    const admin = await adminToken(server);
    const boss = await user(server, admin, 'mgr.visit', '吴经理', ['manager'], 'manager secret 8841');
    const eng = await user(server, admin, 'eng.visit', '孙工', ['engineer'], 'engineer secret 8842');
    const customer = await api(server.base, 'POST', '/api/customers', boss.token, {
      name: '东莞巡检测试有限公司', contacts: [{ name: '李经理', phone: '13700002222' }],
      sites: [{ name: '一号机房', address: '东莞市南城区' }],
    });
    const ups = await api(server.base, 'POST', '/api/devices', boss.token, {
      customer_id: customer.id, site: '一号机房', product: 'UPS', brand: 'APC', model: 'SRT3000', serial_number: 'UPS-V-001', asset_tag: 'ZC-0101', install_date: day(-400),
    });
    const srv = await api(server.base, 'POST', '/api/devices', boss.token, {
      customer_id: customer.id, site: '一号机房', product: '服务器', brand: 'Dell', model: 'R740', serial_number: 'SRV-V-002', install_date: day(-400),
    });
    // A year's maintenance contract over both, with inspections; begun a
    // week ago so the firm's today (whatever its zone) is inside it.
    const contract = await api(server.base, 'POST', '/api/contracts', boss.token, {
      number: 'XJ-2026-01', kind: 'maintenance', customer_id: customer.id, start_date: day(-7), end_date: day(358),
      device_ids: [ups.id, srv.id], scope: { remote_support: true, onsite_repair: true, inspections_per_year: 12 },
    });
    const examples = await api(server.base, 'GET', '/api/inspection-templates/examples', boss.token);
    const template = await api(server.base, 'POST', '/api/inspection-templates', boss.token, examples.find((e) => e.key === 'ups').template);
    // Weekly, so a visit falls due within days whatever day the test runs.
    const weekday = WEEKDAYS[new Date(day(-7) + 'T12:00:00Z').getUTCDay()];
    await api(server.base, 'POST', '/api/inspections/schedules', boss.token, {
      contract_id: contract.id, template_id: template.id, rhythm: { kind: 'weeks', every_weeks: 1, weekday },
    });
    const due = await api(server.base, 'GET', `/api/inspections/due?contract_id=${contract.id}`, boss.token);
    assert(due.length > 0 && due[0].state === 'planned', `a visit is due: ${JSON.stringify(due)}`);
    const dispatched = await api(server.base, 'POST', `/api/inspections/visits/${due[0].id}/dispatch`, boss.token, { version: due[0].version, assignees: [eng.id] });
    const visitId = dispatched.visit.id;
    visitSetup = { boss, eng, contract, ups, srv };
    const woId = dispatched.visit.work_order_id;
    assert(woId && dispatched.visit.state === 'dispatched', `dispatched: ${JSON.stringify(dispatched.visit)}`);

    // The engineer opens the visit from My tasks.
    const page = await newPage(browser, { locale: 'zh-CN', viewport: SMALL_PHONE });
    await page.goto(server.base + '/');
    await signIn(page, eng.username, eng.password);
    await page.getByTestId('home-my-tasks').click();
    await page.getByTestId(`task-visit-${woId}`).click();
    await page.waitForURL(new RegExp(`/inspections/visits/${visitId}$`));
    await page.getByTestId('visit-progress').getByText('0 / 2').waitFor();
    await fitsViewport(page, 'the visit');

    // Device 1 by its serial number: the battery reads 11.2 V, out of 12–13.8 V.
    await page.getByTestId('find-device').fill('UPS-V-001');
    await page.getByTestId('find-device-go').click();
    await page.getByTestId('device-check-title').getByText('UPS-V-001').waitFor();
    const battery = page.getByTestId('item-battery_voltage');
    await battery.getByTestId('item-reading-battery_voltage').fill('11.2');
    await battery.getByTestId('item-verdict-battery_voltage').getByText(zh['visit.failed']).waitFor();
    await battery.getByTestId('item-out-of-range-battery_voltage').getByText('12–13.8 V').waitFor();
    await page.getByTestId('item-reading-load').fill('35');
    await page.getByTestId('item-reading-input_voltage').fill('221');
    await page.getByTestId('item-reading-room_temp').fill('24');
    await page.getByTestId('item-verdict-room_temp').getByText(zh['visit.passed']).waitFor();
    await page.getByTestId('item-pass-self_test').click();
    await page.getByTestId('item-pass-alarms').click();
    await page.getByTestId('item-photo-panel_photo').setInputFiles({ name: 'panel.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('item-photo-shown-panel_photo').waitFor();
    await fitsViewport(page, 'a device being recorded');
    let saved = page.waitForResponse((r) => r.url().endsWith(`/api/inspections/visits/${visitId}/devices/${ups.id}`) && r.request().method() === 'PUT');
    await page.getByTestId('check-save').click();
    assert((await saved).ok(), 'device 1 was saved');
    await page.getByTestId('check-saved').waitFor();

    // One tap opens a service request from the failed battery.
    const opened = page.waitForResponse((r) => r.url().endsWith(`/api/inspections/visits/${visitId}/findings`) && r.request().method() === 'POST');
    await battery.getByTestId('finding-open').click();
    assert((await opened).ok(), 'the finding opened a request');
    const request = battery.getByTestId('finding-request').locator('a');
    await request.waitFor();
    const number = (await request.textContent()).trim();
    assert(number.length > 0 && /\/requests\/\d+$/.test(await request.getAttribute('href')), `the request is linked: ${number}`);
    await page.getByTestId('visit-findings').getByText(number).waitFor();

    // Device 2 as a phone's camera app finds it: its label opens the
    // device's page, which offers this visit's checklist for it.
    await page.goto(`${server.base}/devices/${srv.id}`);
    await page.getByTestId('device-visits').locator(`a[href="/inspections/visits/${visitId}?device=${srv.id}"]`).click();
    await page.waitForURL(new RegExp(`/inspections/visits/${visitId}\\?device=${srv.id}$`));
    await page.getByTestId('device-check-title').getByText('SRV-V-002').waitFor();
    await page.getByTestId('item-reading-battery_voltage').fill('13.1');
    await page.getByTestId('item-verdict-battery_voltage').getByText(zh['visit.passed']).waitFor();
    await page.getByTestId('item-reading-load').fill('40');
    await page.getByTestId('item-reading-input_voltage').fill('220');
    await page.getByTestId('item-reading-room_temp').fill('23');
    await page.getByTestId('item-pass-self_test').click();
    await page.getByTestId('item-pass-alarms').click();
    await page.getByTestId('item-photo-panel_photo').setInputFiles({ name: 'panel2.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('item-photo-shown-panel_photo').waitFor();
    saved = page.waitForResponse((r) => r.url().endsWith(`/api/inspections/visits/${visitId}/devices/${srv.id}`) && r.request().method() === 'PUT');
    await page.getByTestId('check-save').click();
    assert((await saved).ok(), 'device 2 was saved');
    await page.getByTestId('check-saved').waitFor();
    await page.getByTestId('device-check-close').click();
    await page.getByTestId(`visit-device-${ups.id}`).getByText(zh['visit.status_failed'].replace('{n}', '1')).waitFor();
    await page.getByTestId(`visit-device-${srv.id}`).getByText(zh['visit.status_passed']).waitFor();
    await page.getByTestId('visit-progress').getByText('2 / 2').waitFor();

    // Every device recorded: the customer signs in person.
    await page.getByTestId('visit-signer').fill('李经理');
    await drawSignature(page);
    const signed = page.waitForResponse((r) => r.url().endsWith(`/api/inspections/visits/${visitId}/sign`) && r.request().method() === 'POST');
    await page.getByTestId('visit-sign-submit').click();
    assert((await signed).ok(), 'the visit was signed');
    await page.getByTestId('visit-state').getByText(zh['visit.state.done']).waitFor();
    await page.getByTestId('visit-signature').waitFor();
    await fitsViewport(page, 'the signed visit');

    // The printed report: both devices, the failed reading, the request, the signature.
    await page.getByTestId('visit-print').click();
    await page.waitForURL(new RegExp(`/inspections/visits/${visitId}/print$`));
    const first = page.getByTestId(`print-device-${ups.id}`);
    await first.getByText('UPS-V-001').waitFor();
    await first.getByText('11.2 V').waitFor();
    await first.getByText('12–13.8 V').first().waitFor();
    await page.getByTestId(`print-device-${srv.id}`).getByText('SRV-V-002').waitFor();
    await page.getByTestId('print-findings').getByText(number).waitFor();
    const sig = page.getByTestId('print-visit-signature');
    await sig.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid=print-visit-signature]');
      return img && img.complete && img.naturalWidth > 0;
    });
    await page.getByTestId('print-photo').first().waitFor();

    // The device page charts the reading: one failed point.
    await page.goto(`${server.base}/devices/${ups.id}`);
    const series = page.getByTestId('reading-series-battery_voltage');
    await series.waitFor();
    assert(await series.locator('circle.pt.bad').count() === 1, 'the failed reading is a red point');
    await fitsViewport(page, 'the device with its readings');
    noProblems(page);
    await page.context().close();
  }],

  ['inspection due list: a manager on a phone sees what is due on the home page and dispatches the next visit from the list', async ({ browser, server, locales, newPage, assert, noProblems }) => {
    assert(visitSetup, 'the visit flow set up a contract with a schedule');
    const { boss, eng, contract } = visitSetup;
    const zh = locales.zh;
    const due = await api(server.base, 'GET', `/api/inspections/due?contract_id=${contract.id}`, boss.token);
    const next = due.find((v) => v.state === 'planned');
    assert(next, `another visit is due within two weeks: ${JSON.stringify(due)}`);
    const page = await newPage(browser, { locale: 'zh-CN', viewport: SMALL_PHONE });
    await page.goto(server.base + '/');
    await signIn(page, boss.username, boss.password);
    const line = page.getByTestId('inspections-due-line');
    await line.getByText(zh['visit.due_line_title']).waitFor();
    await fitsViewport(page, 'home with the inspections line');
    await line.click();
    await page.waitForURL(/\/inspections$/);
    const row = page.getByTestId(`due-visit-${next.id}`);
    await row.getByTestId('due-state').getByText(zh['visit.state.planned']).waitFor();
    await fitsViewport(page, 'the due list');
    await row.getByTestId('due-dispatch').click();
    await row.getByTestId(`dispatch-pick-${eng.id}`).check();
    const sent = page.waitForResponse((r) => r.url().endsWith(`/api/inspections/visits/${next.id}/dispatch`) && r.request().method() === 'POST');
    await row.getByTestId('dispatch-visit-go').click();
    assert((await sent).ok(), 'the visit was dispatched');
    await row.getByTestId('due-state').getByText(zh['visit.state.dispatched']).waitFor();
    const wo = row.getByTestId('due-work-order');
    await wo.waitFor();
    const after = await api(server.base, 'GET', `/api/inspections/visits/${next.id}`, boss.token);
    assert(after.work_order_number && (await wo.textContent()).includes(after.work_order_number), `the row links the work order ${after.work_order_number}`);
    // The work order opens the visit.
    await wo.click();
    await page.getByTestId('wo-inspection-visit').click();
    await page.waitForURL(new RegExp(`/inspections/visits/${next.id}$`));
    await page.getByTestId('visit-engineers').getByText('孙工').waitFor();
    noProblems(page);
    await page.context().close();
    visitSetup.second = next.id;
  }],

  ['inspection signing link: the customer reads the visit on their own phone and signs; the contract counts both visits on time and files their reports', async ({ browser, server, locales, newPage, assert, noProblems }) => {
    assert(visitSetup && visitSetup.second, 'the due-list flow dispatched a second visit');
    const { boss, eng, contract, ups, srv } = visitSetup;
    const zh = locales.zh;
    const id = visitSetup.second;
    // The engineer records by API: the UPS room is locked, the server passes.
    let v = await api(server.base, 'PUT', `/api/inspections/visits/${id}/devices/${ups.id}`, eng.token,
      { version: (await api(server.base, 'GET', `/api/inspections/visits/${id}`, eng.token)).visit.version, not_checkable: '机房停电检修，无法开机' });
    const res = await fetch(`${server.base}/api/files?record_type=inspection&record_id=${id}&name=panel.png`,
      { method: 'POST', headers: { authorization: `Bearer ${eng.token}`, 'content-type': 'application/octet-stream' }, body: PNG });
    assert(res.ok, `the photo was uploaded: ${res.status}`);
    const photo = await res.json();
    v = await api(server.base, 'PUT', `/api/inspections/visits/${id}/devices/${srv.id}`, eng.token, {
      version: v.visit.version,
      answers: [
        { code: 'battery_voltage', answer: { kind: 'reading', value: 13.2 } },
        { code: 'load', answer: { kind: 'reading', value: 30 } },
        { code: 'input_voltage', answer: { kind: 'reading', value: 220 } },
        { code: 'room_temp', answer: { kind: 'reading', value: 22 } },
        { code: 'self_test', answer: { kind: 'pass' } },
        { code: 'alarms', answer: { kind: 'pass' } },
        { code: 'panel_photo', answer: { kind: 'photo', file_id: photo.id } },
      ],
    });
    const link = await api(server.base, 'POST', `/api/inspections/visits/${id}/sign-link`, eng.token, { version: v.visit.version });

    // The customer, without an account, reads both devices and signs.
    const customer = await newPage(browser, { locale: 'zh-CN', viewport: SMALL_PHONE });
    await customer.goto(server.base + link.path);
    const shown = customer.getByTestId('public-inspection');
    await shown.getByText('XJ-2026-01').waitFor();
    await customer.getByTestId(`result-device-${ups.id}`).getByText('机房停电检修，无法开机').waitFor();
    await customer.getByTestId(`result-device-${srv.id}`).getByText('13.2 V').waitFor();
    await fitsViewport(customer, 'the public visit');
    await customer.getByTestId('sign-name').fill('李经理');
    await drawSignature(customer);
    await customer.getByTestId('sign-submit').click();
    await customer.getByTestId('public-signed').getByText(zh['visit.thanks']).waitFor();
    noProblems(customer);
    await customer.context().close();
    const done = await api(server.base, 'GET', `/api/inspections/visits/${id}`, boss.token);
    assert(done.visit.state === 'done' && done.signature && done.signature.via === 'link', `signed by link: ${JSON.stringify(done.signature)}`);

    // The contract page: the year's visits done on time (both, unless the
    // second falls due next year), each filed as its report.
    const year = await api(server.base, 'GET', `/api/contracts/${contract.id}/inspection-compliance`, boss.token);
    const filed = year.visits.filter((x) => x.state === 'done').length;
    assert(year.on_time >= 1 && year.on_time === filed, `done on time: ${JSON.stringify(year)}`);
    const page = await newPage(browser, { locale: 'zh-CN', viewport: SMALL_PHONE });
    await page.goto(`${server.base}/contracts/${contract.id}`);
    await signIn(page, boss.username, boss.password);
    const compliance = page.getByTestId('contract-compliance');
    await compliance.getByTestId('compliance-on_time').locator('dd').getByText(String(year.on_time), { exact: true }).waitFor();
    await compliance.getByTestId('compliance-visits').waitFor();
    assert(await compliance.getByTestId('compliance-report').count() === filed, 'each done visit links its report');
    await fitsViewport(page, 'the contract with its compliance');
    await page.goto(`${server.base}/inspections/visits/${id}/print`);
    await page.getByTestId(`print-device-${ups.id}`).getByText('机房停电检修，无法开机').waitFor();
    await page.getByTestId('print-visit-signature').waitFor();
    noProblems(page);
    await page.context().close();
  }],
];
