// Satisfaction surveys: a service is completed with a signed report, the
// desk makes the survey link, the customer answers it on a 375 px phone
// with one tap per score (overall 2); the manager sees it on the overview,
// reopens the request from the follow-up, and the customer's first-time-fix
// rate drops.
'use strict';

const { signIn, api, token, fitsViewport } = require('./helpers.cjs');

const ADMIN_PASSWORD = 'boss picks a new one';

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
  const oneTime = 'first time 7731 survey';
  await api(server.base, 'POST', '/api/users', admin, { username, display_name: name, roles, password: oneTime });
  const first = await token(server.base, username, oneTime);
  const r = await api(server.base, 'POST', '/api/auth/password', first, { current_password: oneTime, new_password: password });
  return { id: r.user.id, token: r.token, username, password };
}

const strokes = [Array.from({ length: 30 }, (_, k) => [20 + k * 12, 120 + ((k % 5) - 2) * 15])];

module.exports = [
  ['surveys: a customer answers on a phone with a poor score; the manager sees it on the overview, reopens the request, and first-time fix drops', async ({ browser, server, locales, newPage, assert, noProblems, PHONE, DESKTOP }) => {
    const admin = await adminToken(server);
    const mgr = await user(server, admin, 'mgr.survey', '吴经理', ['manager'], 'manager secret 8841');
    const eng = await user(server, admin, 'eng.survey', '钱工', ['engineer'], 'engineer secret 8842');
    const base = server.base;
    const call = (method, path, who, body) => api(base, method, path, who.token, body);

    // A completed service with the customer's signature, through the API.
    const customer = await call('POST', '/api/customers', mgr, { name: '深圳回访测试有限公司', contacts: [{ name: '钱经理', phone: '13900001111' }] });
    // Under warranty, so the field work needs no quote.
    const device = await call('POST', '/api/devices', mgr, { customer_id: customer.id, product: 'PowerEdge R740', brand: 'Dell', model: 'R740', serial_number: `SRV-${Date.now()}`, install_date: '2025-01-10', warranty_end: '2099-12-31' });
    const request = await call('POST', '/api/requests', mgr, { source: 'phone', customer_id: customer.id, device_id: device.id, description: '服务器频繁死机', urgency: 'normal', fault_level: 2 });
    let wo = await call('POST', '/api/work-orders', mgr, { request_id: request.id, kind: 'field' });
    const woPath = `/api/work-orders/${wo.id}`;
    const version = async () => (await call('GET', woPath, mgr)).version;
    await call('POST', `${woPath}/actions/dispatch`, mgr, { version: await version(), assignees: [eng.id] });
    for (const kind of ['arrived', 'left']) {
      await call('POST', `${woPath}/steps`, eng, { version: await version(), kind });
    }
    const draft = await call('PUT', `${woPath}/report`, eng, { version: 0, findings: '内存故障', actions: '更换内存', fix: 'root_cause', parts_used: '', hours_worked: 1, travel_hours: 0.5, result: 'resolved', customer_remarks: '' });
    await call('POST', `${woPath}/report/sign`, eng, { version: draft.version, signer_name: '钱经理', strokes });
    await call('POST', `${woPath}/actions/request-completion`, eng, { version: await version() });
    await call('POST', `${woPath}/actions/complete`, mgr, { version: await version() });
    const surveys = await call('GET', `/api/surveys?request_id=${request.id}`, mgr);
    assert(surveys.items.length === 1 && surveys.items[0].state === 'to_send', `one survey to send: ${JSON.stringify(surveys)}`);

    // The desk makes the link on the survey list.
    const desk = await newPage(browser, { locale: 'zh-CN', viewport: DESKTOP });
    await desk.goto(base + '/');
    await signIn(desk, mgr.username, mgr.password);
    await desk.getByTestId('nav-surveys').click();
    await desk.locator('label.segment').filter({ hasText: locales.zh['survey.tab_to_send'] }).click();
    const card = desk.getByTestId(`survey-${request.number}`);
    await card.getByTestId('survey-make-link').click();
    await card.getByTestId('survey-qr').locator('svg').waitFor();
    const url = await card.getByTestId('survey-link-url').inputValue();
    assert(/\/survey\/[A-Za-z0-9_-]+$/.test(url), `a link to copy: ${url}`);
    noProblems(desk);

    // The customer, on a phone, without an account.
    const phone = await newPage(browser, { locale: 'zh-CN', viewport: PHONE });
    await phone.goto(url);
    await phone.getByTestId('survey-request').filter({ hasText: request.number }).waitFor();
    await fitsViewport(phone, 'the survey on a phone');
    const answers = { response_speed: 4, professionalism: 3, attitude: 4, result: 2, overall: 2 };
    for (const [field, n] of Object.entries(answers)) {
      const b = phone.getByTestId(`score-${field}-${n}`);
      const box = await b.boundingBox();
      assert(box.height >= 44 && box.width >= 44, `a tap target big enough for a thumb: ${JSON.stringify(box)}`);
      await b.click();
    }
    await phone.getByTestId('survey-comment').fill('修好第二天又死机了');
    await phone.getByTestId('survey-submit').click();
    await phone.getByTestId('survey-thanks').waitFor();
    noProblems(phone);
    // Used: the same link now says it is no longer valid.
    const again = await newPage(browser, { locale: 'en-US', viewport: PHONE });
    await again.goto(url);
    await again.getByTestId('survey-gone').waitFor();

    // The manager's overview lists the poor score to follow up; before the
    // reopening this customer's first-time-fix rate is 100 %.
    const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
    const kpiPage = `${base}/kpi?from=${day(-1)}&to=${day(1)}&customer_id=${customer.id}`;
    const ftf = async () => {
      await desk.goto(kpiPage);
      const tile = desk.getByTestId('kpi-first_time_fix');
      await tile.waitFor();
      return (await tile.locator('strong').innerText()).trim();
    };
    assert((await ftf()) === '100.0 %', `first-time fix before: ${await ftf()}`);
    await desk.goto(base + '/');
    const poor = desk.getByTestId('overview-follow-up').filter({ hasText: request.number });
    await poor.waitFor();
    assert((await poor.innerText()).includes('2/5'), `the overall score shows: ${await poor.innerText()}`);
    await poor.locator('a').click();
    await desk.getByTestId('follow-up').waitFor();
    await desk.getByTestId('follow-up-reopen-reason').fill('回访不满意：又死机');
    await desk.getByTestId('follow-up-reopen').click();
    await desk.getByTestId('follow-up-state').filter({ hasText: locales.zh['follow_up.state_reopened'] }).waitFor();
    // The reopening counts against first-time fix.
    assert((await ftf()) === '0.0 %', `first-time fix after the reopening: ${await ftf()}`);
    const r = await call('GET', `/api/requests/${request.id}`, mgr);
    assert(r.closed === false && JSON.stringify(r.events).includes('reopened'), `reopened: ${JSON.stringify(r.events)}`);
    noProblems(desk);
  }],
];
