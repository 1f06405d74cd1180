// Browser tests of zone chief dispatch (统筹调配): the zone chief sees the secondments of the
// zone, seconds a cadre of a zone-1 township to a task and sees it in the list (and in the
// person's drawer), gets the server's message for an overlapping secondment, and releases one
// early; asks the county for a pool cadre (listed by the pool route although outside the
// chief's data scope) and sees the request pending; the county leader sees the county-pool
// requests of every zone and decides on them.
// Screenshots (desktop and phone): testOutputDir/e2e.
import test from 'node:test';
import assert from 'node:assert/strict';
import { MOBILE, assertNoProblems, input, launch, openPage, shot, signIn } from './browser.mjs';

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

const STATUS = (code) => new RegExp(`status of ${code}`);

function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Fills the create dialog: zone 1, `cadre` by name, task and period. */
async function fillSecondment(page, { cadre, task, from, to }) {
  await page.getByTestId('secondment-create').click();
  await page.getByTestId('secondment-dialog').waitFor();
  // The zone chief has one zone: it is chosen already.
  await page.getByTestId('secondment-person').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: cadre }).first().click();
  await page.getByTestId('cadre-workload').waitFor();
  await input(page, 'secondment-task').fill(task);
  const [start, end] = await page.locator('[data-testid="secondment-period"] input').all();
  await start.click();
  await start.fill(from);
  await end.fill(to);
  await end.press('Enter');
}

test('the zone chief seconds a cadre of the zone and sees it; an overlap gets the server\'s message', { timeout: 120_000 }, async (t) => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'zonechief', { target: '/secondments' });
  await page.locator('[data-testid="secondment-list"] .el-table__row').first().waitFor();
  const list = page.getByTestId('secondment-list');
  // Only zone 1's secondments (the demo county-pool request of zone 3 is not shown).
  assert.match(await list.innerText(), /南部协作区/);
  assert.doesNotMatch(await list.innerText(), /黄河湾协作区/);
  await shot(page, 'secondments-zonechief-desktop');

  const today = (await (await page.request.get(`${baseUrl}/api/v1/zones`)).json()).as_of;
  const me = await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json();
  const task = 'E2E 协作区交叉检查任务';
  await fillSecondment(page, { cadre: '谢国庆', task, from: addDays(today, 1), to: addDays(today, 30) });
  await shot(page, 'secondments-create-desktop');
  await page.getByTestId('secondment-submit').click();

  assert.ok(me.user?.person_id, 'xzq demo links zonechief to zone 1\'s chief');

  await page.getByTestId('secondment-dialog').waitFor({ state: 'hidden' });
  const row = page.locator('[data-testid="secondment-list"] .el-table__row', { hasText: task });
  await row.waitFor();
  assert.match(await row.innerText(), /谢国庆/);
  assert.match(await row.innerText(), /未开始|进行中/);
  await shot(page, 'secondments-created-desktop');

  // The same cadre again over the same days: the server's conflict message, shown as it comes.
  await fillSecondment(page, { cadre: '谢国庆', task: 'E2E 重叠任务', from: addDays(today, 5), to: addDays(today, 10) });
  await page.getByTestId('overlap-hint').waitFor();
  await page.getByTestId('secondment-submit').click();
  const error = page.getByTestId('secondment-error');
  await error.waitFor();
  assert.ok((await error.innerText()).trim().length > 0);
  await shot(page, 'secondments-overlap-desktop');
  await page.getByRole('button', { name: '取消' }).last().click();

  // Release early.
  const id = await row.locator('[data-testid^="secondment-"]').first().getAttribute('data-testid');
  await page.getByTestId(`release-${id.replace('secondment-', '')}`).click();
  await page.getByTestId('release-dialog').waitFor();
  const releaseInput = page.locator('[data-testid="release-date"] input');
  await releaseInput.fill(addDays(today, 3));
  await releaseInput.press('Enter');
  await page.getByTestId('release-submit').click();
  await page.getByTestId('release-dialog').waitFor({ state: 'hidden' });
  await page.locator('[data-testid="secondment-list"] .el-table__row', { hasText: addDays(today, 3) }).first().waitFor();

  // The person's drawer shows it too.
  await page.goto(`${baseUrl}/people`);
  await page.locator('.person-name', { hasText: '谢国庆' }).click();
  await page.getByTestId('person-secondments').waitFor();
  assert.match(await page.getByTestId('person-secondments').innerText(), new RegExp(task));
  assertNoProblems(problems, [STATUS(409), STATUS(400)]);
  await context.close();
});

test('the zone chief asks the county for a pool cadre; the request shows as pending', { timeout: 120_000 }, async (t) => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'zonechief', { target: '/secondments' });
  await page.locator('[data-testid="secondment-list"] .el-table__row').first().waitFor();
  const me = await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json();
  assert.ok(me.user?.person_id, 'xzq demo links zonechief to zone 1\'s chief');
  // The county pool lies outside the chief's data scope: /people does not list it, the pool
  // route does. The period below lies after the demo's pending pool request (days 5–60), so
  // either demo pool investigator is free then.
  const pool = await (await page.request.get(`${baseUrl}/api/v1/secondments/pool`)).json();
  const cadre = pool.people.find((p) => p.unit === '审查调查室');
  assert.ok(cadre, JSON.stringify(pool));
  assert.ok(!('phone' in cadre));

  const today = (await (await page.request.get(`${baseUrl}/api/v1/zones`)).json()).as_of;
  const task = 'E2E 向县级干部库申请审查调查人员';
  await page.getByTestId('secondment-create').click();
  await page.getByTestId('secondment-dialog').waitFor();
  await page.getByTestId('secondment-person').click();
  const option = page.getByTestId(`cadre-option-${cadre.id}`);
  await option.waitFor();
  await option.scrollIntoViewIfNeeded();
  assert.match(await option.innerText(), /审查调查室/);
  await shot(page, 'secondments-pool-options-desktop');
  await option.click();
  const load = page.getByTestId('cadre-workload');
  await load.waitFor();
  await load.getByText('县级干部库申请，待审批').waitFor();
  assert.match(await load.innerText(), /不在您的数据范围内/);
  assert.match(await page.getByTestId('secondment-submit').innerText(), /提交申请/);
  await input(page, 'secondment-task').fill(task);
  const [start, end] = await page.locator('[data-testid="secondment-period"] input').all();
  await start.click();
  await start.fill(addDays(today, 70));
  await end.fill(addDays(today, 90));
  await end.press('Enter');
  await page.getByTestId('secondment-submit').click();
  await page.getByTestId('secondment-dialog').waitFor({ state: 'hidden' });
  await page.locator('.el-message--success', { hasText: '待县纪委监委领导审批' }).waitFor();

  const row = page.locator('[data-testid="secondment-list"] .el-table__row', { hasText: task });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(cadre.name));
  assert.match(await row.innerText(), /县级干部库/);
  assert.match(await row.innerText(), /待审批/);
  assert.equal(await row.locator('[data-testid^="approve-"]').count(), 0, 'only a county leader decides');
  await shot(page, 'secondments-pool-requested-desktop');
  assertNoProblems(problems);
  await context.close();
});

test('the county leader sees every zone\'s requests; a phone shows cards', { timeout: 120_000 }, async (t) => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'leader', { target: '/secondments' });
  await page.locator('[data-testid="secondment-list"] .el-table__row').first().waitFor();
  const text = await page.getByTestId('secondment-list').innerText();
  assert.match(text, /黄河湾协作区/);
  assert.match(text, /县级干部库/);
  await page.getByTestId('pending-alert').waitFor();
  // Filter by zone.
  await page.getByTestId('zone-filter-3').click();
  assert.doesNotMatch(await page.getByTestId('secondment-list').innerText(), /南部协作区/);
  await shot(page, 'secondments-leader-desktop');

  // Approve the demo request of zone 3 (吕志强, county pool).
  const request = page.locator('[data-testid="secondment-list"] .el-table__row', { hasText: '吕志强' });
  await request.locator('[data-testid^="approve-"]').click();
  const me = await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json();
  assert.ok(me.user?.person_id, 'xzq demo links leader to the county secretary');
  await page.waitForFunction(() => !/待审批/.test(document.querySelector('[data-testid="secondment-list"]')?.innerText ?? ''));
  assertNoProblems(problems, [STATUS(403)]);
  await context.close();

  const phone = await openPage(browser, { viewport: MOBILE, mobile: true });
  await signIn(phone.page, baseUrl, 'zonechief', { target: '/secondments' });
  await phone.page.locator('.secondment-card').first().waitFor();
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= MOBILE.width, `no horizontal scrolling (${width}px)`);
  await shot(phone.page, 'secondments-mobile', { fullPage: true });
  assertNoProblems(phone.problems);
  await phone.context.close();
});
