// Repairs (送修) in the browser: the counter takes a device in with two
// accessories and prints the claim voucher; the engineer diagnoses and
// quotes; the desk records the customer's approval; the engineer repairs
// with a part from stock (and a bought-in parts line) and marks it ready; the desk hands it back against the
// voucher's code with the accessories ticked off.
'use strict';

const { signIn, api, token } = require('./helpers.cjs');

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

module.exports = [
  ['repair intake: a device comes in at the counter with two accessories, the voucher prints, it is diagnosed, quoted, approved, repaired, ready, and picked up with the voucher code', async ({ browser, server, locales, newPage, assert, noProblems, DESKTOP, PHONE }) => {
    const zh = locales.zh;
    const admin = await adminToken(server);
    const staff = async (username, roles) => {
      const first = `first time ${roles[0]} 1234`;
      const password = `chosen by ${roles[0]} 5678`;
      await api(server.base, 'POST', '/api/users', admin, { username, roles, password: first });
      const t = await token(server.base, username, first);
      await api(server.base, 'POST', '/api/auth/password', t, { current_password: first, new_password: password });
      return { username, password };
    };
    const desk = await staff('rp.desk', ['dispatcher']);
    const eng = await staff('rp.eng', ['engineer']);
    const boss = await staff('rp.mgr', ['manager']);
    const bossToken = await token(server.base, boss.username, boss.password);
    const customer = await api(server.base, 'POST', '/api/customers', bossToken, {
      name: '深圳速达物流有限公司', contacts: [{ name: '赵主任', phone: '13912345678' }],
    });
    await api(server.base, 'POST', '/api/devices', bossToken, {
      customer_id: customer.id, product: 'ThinkPad T14', brand: 'Lenovo', serial_number: 'SN-RP-FLOW-1',
      install_date: '2015-01-01', warranty_end: '2016-01-01',
    });
    // A warehouse holding the motherboard the repair will use.
    const board = await api(server.base, 'POST', '/api/parts', bossToken, {
      part_number: 'FRU-T14-MB', name_zh: 'T14 主板', name_en: 'T14 system board', unit: '块', price: 120000, unit_cost: 90000,
    });
    const shelf = await api(server.base, 'POST', '/api/stock/locations', bossToken, { name: '维修间货架', kind: 'warehouse' });
    await api(server.base, 'POST', '/api/stock/movements', bossToken,
      { kind: 'receive', part_id: board.id, quantity: 2, to_location_id: shelf.id, supplier: '联想' });
    const stateIs = (page, state) => page.getByTestId('repair-state').filter({ hasText: zh[`repairs.state.${state}`] }).waitFor();

    // The counter, on a phone: scan the serial, coverage shows at once.
    const counter = await newPage(browser, { locale: 'zh-CN', viewport: PHONE });
    await counter.goto(server.base + '/');
    await signIn(counter, desk.username, desk.password);
    await counter.getByTestId('home-title').waitFor();
    await counter.goto(server.base + '/repairs/new');
    await counter.getByTestId('repair-serial').fill('sn-rp-flow-1');
    await counter.getByTestId('repair-serial').press('Enter');
    await counter.getByTestId('repair-device').getByText('深圳速达物流有限公司').waitFor();
    await counter.getByTestId('coverage').getByText(zh['coverage.chargeable'], { exact: true }).waitFor();
    assert(await counter.getByTestId('repair-brought-by').inputValue() === '赵主任', 'the contact is filled in');
    await counter.getByTestId('acc-power_cable').check();
    await counter.getByTestId('acc-dongle').check();
    await counter.getByTestId('repair-fault').fill('无法开机，电源灯不亮');
    await counter.getByTestId('repair-condition').fill('外壳左上角有划痕');
    await counter.getByTestId('repair-submit').click();
    await counter.waitForURL(/\/repairs\/\d+\/voucher$/);
    const id = counter.url().split('/').slice(-2)[0];
    await counter.getByTestId('print-voucher').waitFor();
    await counter.waitForFunction(() => { const img = document.querySelector('[data-testid=voucher-qr]'); return img && img.complete && img.naturalWidth > 0; });
    const code = (await counter.getByTestId('voucher-code').textContent()).trim();
    assert(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/.test(code), `the voucher code: ${code}`);
    const voucher = await counter.getByTestId('print-voucher').textContent();
    for (const text of ['取机凭证', 'Claim voucher', '电源线', 'Power cable', '加密狗', 'Dongle', 'SN-RP-FLOW-1']) {
      assert(voucher.includes(text), `the voucher shows ${text}: ${voucher}`);
    }
    await counter.emulateMedia({ media: 'print' });
    assert(!(await counter.getByTestId('print-now').isVisible()), 'the print button is not printed');
    await counter.emulateMedia({ media: 'screen' });
    // On the board, and not taken in twice.
    await counter.goto(server.base + '/repairs');
    await counter.getByTestId('repair-column-received').getByText('SN-RP-FLOW-1').waitFor();
    await counter.goto(server.base + '/repairs/new');
    await counter.getByTestId('repair-serial').fill('SN-RP-FLOW-1');
    await counter.getByTestId('repair-serial').press('Enter');
    await counter.getByTestId('repair-already-in').waitFor();
    noProblems(counter);

    // The engineer diagnoses and quotes.
    const bench = await newPage(browser, { locale: 'zh-CN', viewport: DESKTOP });
    await bench.goto(server.base + '/');
    await signIn(bench, eng.username, eng.password);
    await bench.getByTestId('home-title').waitFor();
    await bench.goto(server.base + `/repairs/${id}`);
    await stateIs(bench, 'received');
    assert(await bench.getByTestId('repair-start-repair').count() === 0, 'no repair before diagnosis');
    await bench.getByTestId('repair-diagnose').click();
    await stateIs(bench, 'diagnosing');
    assert(await bench.getByTestId('repair-start-repair').count() === 0, 'chargeable: no repair before the quote is approved');
    await bench.getByTestId('repair-quote-amount').fill('450');
    await bench.getByTestId('repair-quote-text').fill('更换主板');
    await bench.getByTestId('repair-send-quote').click();
    await stateIs(bench, 'quote_sent');
    assert(await bench.getByTestId('repair-approve-quote').count() === 0, 'the engineer does not record the approval');

    // The desk records the customer's approval by phone.
    await counter.goto(server.base + `/repairs/${id}`);
    await stateIs(counter, 'quote_sent');
    await counter.getByTestId('repair-approve-quote').click();
    await stateIs(counter, 'quote_approved');
    await counter.getByTestId('repair-quote-decision').getByText('赵主任').waitFor();

    // The engineer repairs, writes the record with a parts line, marks it ready.
    await bench.goto(server.base + `/repairs/${id}`);
    await stateIs(bench, 'quote_approved');
    await bench.getByTestId('repair-start-repair').click();
    await stateIs(bench, 'repairing');
    // The board comes off the repair room's shelf: stock moves with it.
    const used = bench.getByTestId('repair-stock-parts');
    await used.getByTestId('repair-stock-search').fill('FRU-T14');
    await used.getByTestId('repair-stock-part').locator('option', { hasText: 'FRU-T14-MB' }).waitFor({ state: 'attached' });
    await used.getByTestId('repair-stock-part').selectOption({ label: 'FRU-T14-MB · T14 主板' });
    await used.getByTestId('repair-stock-from').locator('option', { hasText: '维修间货架' }).waitFor({ state: 'attached' });
    await used.getByTestId('repair-stock-from').selectOption({ label: '维修间货架' });
    await used.getByTestId('repair-stock-use').click();
    await bench.getByTestId('repair-stock-parts').locator('li', { hasText: 'T14' }).waitFor();
    const left = await api(server.base, 'GET', `/api/stock?part_id=${board.id}&location_id=${shelf.id}`, bossToken);
    assert(JSON.stringify(left).includes('"on_hand":1'), `one board left on the shelf: ${JSON.stringify(left)}`);
    const version = Number(await bench.getByTestId('repair-number').getAttribute('data-version'));
    await bench.getByTestId('repair-findings').fill('主板电源管理芯片烧毁');
    await bench.getByTestId('repair-actions-done').fill('更换主板，通电测试 2 小时');
    await bench.getByTestId('repair-add-part').click();
    await bench.getByTestId('repair-part-0').fill('散热硅脂');
    await bench.getByTestId('repair-part-qty-0').fill('1');
    await bench.getByTestId('repair-part-amount-0').fill('400');
    await bench.getByTestId('repair-hours').fill('1.5');
    await bench.getByTestId('repair-sheet-save').click();
    await bench.locator(`[data-testid=repair-number][data-version="${version + 1}"]`).waitFor();
    assert(await bench.getByTestId('repair-part-0').inputValue() === '散热硅脂', 'the parts line is kept');
    await bench.getByTestId('repair-stock-parts').locator('li', { hasText: 'T14' }).waitFor();
    await bench.getByTestId('repair-mark-ready').click();
    await stateIs(bench, 'ready');
    await bench.goto(server.base + `/repairs/${id}/print`);
    await bench.getByTestId('print-repair').waitFor();
    const record = await bench.getByTestId('print-repair').textContent();
    for (const text of ['维修记录单', 'Repair record', 'T14 主板', '散热硅脂', '主板电源管理芯片烧毁', '1.50 h']) {
      assert(record.includes(text), `the printed record shows ${text}: ${record}`);
    }
    noProblems(bench);
    await bench.context().close();

    // Pickup: a wrong code is refused; the voucher's code with both
    // accessories ticked off hands it back.
    await counter.goto(server.base + `/repairs/${id}`);
    await stateIs(counter, 'ready');
    await counter.getByTestId('repair-return-0').check();
    await counter.getByTestId('repair-return-1').check();
    await counter.getByTestId('repair-voucher-code').fill('AAAAA-AAAAA');
    await counter.getByTestId('repair-pick-up').click();
    await counter.getByTestId('error').getByText(zh['problem.wrong-voucher-code']).waitFor();
    counter.problems.length = 0; // that 422 was the point
    await counter.getByTestId('repair-voucher-code').fill(code);
    await counter.getByTestId('repair-pick-up').click();
    await stateIs(counter, 'picked_up');
    await counter.getByTestId('repair-hand-over').getByText(zh['repairs.with_voucher']).waitFor();
    assert(await counter.getByTestId('repair-accessories').getByText(zh['repairs.returned']).count() === 2, 'both accessories handed back');
    // The device's page lists the repair.
    await counter.getByTestId('repair-device-link').click();
    await counter.getByTestId('repairs-of').getByText(zh['repairs.state.picked_up']).waitFor();
    noProblems(counter);
    await counter.context().close();
  }],
];
