// Browser tests of zone planning (协作区划分) and cross-inspection rounds (交叉互查轮换): the county
// leader opens the page from the menu, sees the current zones on the map-like view, computes a
// plan (proven optimal), sees the scatter coloured by proposed zone with the current zone as the
// ring and the two tables side by side, adopts it from a future date and finds it in the adoption
// history; draws rounds for a zone and sees the grid. A township role has no menu entry and is
// refused the address. Screenshots: testOutputDir/e2e.
import test from 'node:test';
import assert from 'node:assert/strict';
import { MOBILE, assertNoProblems, launch, menuTexts, openPage, shot, signIn } from './browser.mjs';

let env;
let browser;
let baseUrl;

test.before(async () => {
  env = await launch();
  ({ browser, baseUrl } = env);
});

test.after(async () => {
  await env?.close();
});

/** Sets an Element Plus date picker (editable input) to `day`. */
async function pickDate(page, testid, day) {
  const field = page.locator(`[data-testid="${testid}"] input`);
  await field.click();
  await field.fill(day);
  await field.press('Enter');
}

function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

test('the county leader proposes a division, compares it with the current zones and adopts it', { timeout: 180_000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'leader');
  assert.ok((await menuTexts(page)).includes('协作区划分'));
  assert.ok((await menuTexts(page)).includes('交叉互查轮换'));
  await page.getByTestId('nav-zone-planning').click();
  await page.getByTestId('zone-planning-page').waitFor();

  // Before any plan: the current zones on the map-like view, one point per township.
  const scatter = page.getByTestId('plan-scatter');
  await scatter.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="plan-point-"]').length === 22);
  assert.equal(await page.getByTestId('plan-point-410225101').getAttribute('data-current'), '1');
  assert.equal(await page.getByTestId('profiles-missing').count(), 0, 'the demo county has every profile');
  await shot(page, 'zone-planning-current-desktop', { fullPage: true });

  // Compute: k = 6 (the current number of zones), sizes 2–6.
  assert.equal(await page.locator('[data-testid="plan-k"] input').inputValue(), '6');
  await page.getByTestId('plan-submit').click();
  const status = page.getByTestId('plan-status');
  await status.waitFor({ timeout: 60_000 });
  assert.equal(await status.getAttribute('data-status'), 'optimal');
  assert.match(await status.innerText(), /已证明最优/);
  assert.match(await page.getByTestId('plan-message').innerText(), /最优/);

  // Every township in exactly one proposed zone, shown with a fill (proposed) and a ring (current).
  const points = await page.$$eval('[data-testid^="plan-point-"]', (nodes) => nodes.map((n) => ({
    code: n.dataset.testid.slice('plan-point-'.length),
    proposed: n.dataset.proposed,
    current: n.dataset.current,
    fill: n.querySelector('circle').getAttribute('fill'),
    ring: n.querySelector('circle').getAttribute('stroke'),
  })));
  assert.equal(points.length, 22);
  assert.ok(points.every((p) => p.proposed !== '' && p.current !== ''), 'every township has both zones');
  const sizes = new Map();
  for (const p of points) sizes.set(p.proposed, (sizes.get(p.proposed) ?? 0) + 1);
  assert.equal(sizes.size, 6);
  for (const n of sizes.values()) assert.ok(n >= 2 && n <= 6, `zone size ${n}`);
  assert.ok(points.some((p) => p.fill !== p.ring), 'somewhere the proposal differs from the current zone');
  assert.ok(await page.locator('[data-testid="plan-scatter"] line').count() > 0, 'spokes to the zone centres');

  // The tables: six proposed zones with their totals and cost, beside the six current ones.
  const planTable = page.getByTestId('plan-table');
  await planTable.waitFor();
  for (let i = 0; i < 6; i += 1) assert.match(await page.getByTestId(`plan-zone-${i}`).innerText(), /方案第 \d 区[\s\S]*沿用/);
  const tableText = await planTable.innerText();
  assert.match(tableText, /纪检人员/);
  assert.match(tableText, /办案能力/);
  assert.match(tableText, /案件量/);
  assert.match(tableText, /成本/);
  const currentText = await page.getByTestId('current-table').innerText();
  for (const name of ['南部协作区', '城区协作区', '黄河湾协作区', '北部协作区', '东部协作区', '西南协作区']) {
    assert.match(currentText, new RegExp(name));
  }
  await shot(page, 'zone-planning-proposal-desktop', { fullPage: true });
  await scatter.scrollIntoViewIfNeeded();
  await shot(page, 'zone-planning-scatter-desktop');

  // Adopt from 40 days after today (China time, the server's).
  const today = (await (await page.request.get(`${baseUrl}/api/v1/zones`)).json()).as_of;
  const effective = addDays(today, 40);
  await page.getByTestId('plan-adopt').click();
  await page.getByTestId('adopt-dialog').waitFor();
  await pickDate(page, 'adopt-effective', effective);
  await shot(page, 'zone-planning-adopt-dialog-desktop');
  await page.getByTestId('adopt-submit').click();
  await page.getByTestId('adopt-dialog').waitFor({ state: 'hidden' });
  const history = page.getByTestId('adoption-history');
  await page.waitForFunction(() => document.querySelector('[data-testid="adoption-history"] [data-testid^="adoption-"]'));
  assert.match(await history.innerText(), new RegExp(`${effective} 起生效`));
  assert.match(await history.innerText(), /leader/);
  await shot(page, 'zone-planning-adopted-desktop', { fullPage: true });

  // The zones page: today unchanged, the effective date shows the plan.
  const todayZones = (await (await page.request.get(`${baseUrl}/api/v1/zones`)).json()).zones;
  const laterZones = (await (await page.request.get(`${baseUrl}/api/v1/zones?as_of=${effective}`)).json()).zones;
  const mapOf = (zones) => Object.fromEntries(zones.flatMap((z) => z.townships.map((t) => [t.code, z.id])));
  const changed = Object.keys(mapOf(todayZones)).filter((code) => mapOf(todayZones)[code] !== mapOf(laterZones)[code]);
  assert.ok(changed.length > 0, 'the adopted plan changes the zoning of the effective date');
  const expected = Object.fromEntries(points.map((p) => [p.code, p.fill]));
  assert.equal(Object.keys(expected).length, 22);

  // English.
  await page.getByTestId('lang-en').click();
  await page.getByText('Zone planning').first().waitFor();
  await shot(page, 'zone-planning-en-desktop', { fullPage: true });
  await page.getByTestId('lang-zh-CN').click();
  assertNoProblems(problems);
  await context.close();
});

test('the leader draws cross-inspection rounds for a zone and sees them recorded', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'leader', { target: '/rotation' });
  await page.getByTestId('rotation-page').waitFor();
  await page.getByTestId('rotation-zone').waitFor();
  // Pool: the whole county's townships, five rounds, one conflict.
  await page.getByTestId('rotation-kind').getByText('选定乡镇').click();
  await page.getByRole('button', { name: '全选本县乡镇' }).click();
  await page.locator('[data-testid="rotation-rounds"] input').fill('5');
  await page.locator('input[data-testid="rotation-title"]').fill('2027年上半年交叉互查');
  await page.getByTestId('rotation-pair-a').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '堌阳镇' }).click();
  // Let the first dropdown close before opening the second (both list the same townships).
  await page.locator('.el-select-dropdown__item:visible', { hasText: '堌阳镇' }).first().waitFor({ state: 'hidden' });
  await page.getByTestId('rotation-pair-b').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '南彰镇' }).click();
  await page.getByTestId('rotation-pair-add').click();
  await page.getByTestId('rotation-submit').click();
  const card = page.locator('[data-testid^="rotation-plan-"]').first();
  await card.waitFor();
  const text = await card.innerText();
  assert.match(text, /2027年上半年交叉互查/);
  assert.match(text, /严格规则/);
  assert.match(text, /逐轮精确搜索/);
  assert.match(text, /种子 \d+/);
  assert.match(text, /禁止配对：堌阳镇↔南彰镇/);
  assert.match(text, /第 5 轮/);
  const rows = await card.locator('.el-table__body-wrapper tr').count();
  assert.equal(rows, 22, 'one row per township');
  await shot(page, 'rotation-desktop', { fullPage: true });

  assertNoProblems(problems);
  await context.close();
});

test('the rotation page on a phone, and township roles see neither page', { timeout: 120_000 }, async () => {
  const phone = await openPage(browser, { viewport: MOBILE, mobile: true });
  await signIn(phone.page, baseUrl, 'leader', { target: '/zone-planning' });
  await phone.page.getByTestId('zone-planning-page').waitFor();
  await phone.page.getByTestId('plan-scatter').waitFor();
  await phone.page.getByTestId('plan-submit').click();
  await phone.page.getByTestId('plan-status').waitFor({ timeout: 60_000 });
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= MOBILE.width, `no horizontal scrolling (${width}px)`);
  await shot(phone.page, 'zone-planning-mobile-full', { fullPage: true });
  assertNoProblems(phone.problems);
  await phone.context.close();

  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'gystaff');
  const menu = await menuTexts(page);
  assert.ok(!menu.includes('协作区划分') && !menu.includes('交叉互查轮换'), menu.join());
  await page.goto(`${baseUrl}/zone-planning`);
  await page.getByTestId('forbidden').waitFor();
  assert.equal(await page.getByTestId('zone-planning-page').count(), 0);
  assertNoProblems(problems);
  await context.close();
});
