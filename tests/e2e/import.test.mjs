// Browser test of the people import's row report: the county leader uploads a CSV with a
// duplicate id, an unknown township and a malformed phone number on the people page; the file
// is rejected whole and the row / column / reason table names each problem; nobody was
// imported. Screenshots (desktop and phone): testOutputDir/e2e.
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

// Row 1 is the header; row 2 is good; rows 3–5 each have one problem.
const CSV = [
  '姓名,性别,电话,编号,职务,户籍乡镇',
  '导入测试甲,男,13800000001,E2E-IMP-1,纪检干事,410225101',
  '导入测试乙,女,13800000002,E2E-IMP-1,纪检干事,410225101',
  '导入测试丙,男,1380000,E2E-IMP-3,纪检干事,410225101',
  '导入测试丁,女,13800000004,E2E-IMP-4,纪检干事,410225999',
].join('\r\n');

/** The report table's rows as [row, column, reason]. */
async function reportRows(page) {
  return page.locator('[data-testid="import-report"] .el-table__body tr').evaluateAll((rows) => rows.map(
    (tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()),
  ));
}

async function uploadBadFile(page) {
  await page.getByTestId('people-import').click();
  await page.getByTestId('import-dialog').waitFor();
  await page.getByTestId('import-file').setInputFiles({ name: 'bad-people.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
  await page.getByTestId('import-rejected').waitFor();
  await page.locator('[data-testid="import-report"] .el-table__body tr').first().waitFor();
}

test('a bad CSV is rejected whole with a row report; nobody is imported', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'leader', { target: '/people' });
  await page.locator('[data-testid="people-table"] .el-table__row').first().waitFor();
  const before = (await (await page.request.get(`${baseUrl}/api/v1/people?limit=1`)).json()).total;

  await uploadBadFile(page);
  assert.match(await page.getByTestId('import-rejected').innerText(), /未导入任何人员/);
  const rows = await reportRows(page);
  const find = (row, column) => rows.find(([r, c]) => r === String(row) && c === column);
  const duplicate = find(3, '编号');
  assert.ok(duplicate, `row 3 编号 is reported: ${JSON.stringify(rows)}`);
  assert.match(duplicate[2], /E2E-IMP-1.*第 2 行重复/);
  const phone = find(4, '电话');
  assert.ok(phone, `row 4 电话 is reported: ${JSON.stringify(rows)}`);
  assert.match(phone[2], /1380000.*格式错误/);
  const township = find(5, '户籍乡镇');
  assert.ok(township, `row 5 户籍乡镇 is reported: ${JSON.stringify(rows)}`);
  assert.match(township[2], /410225999.*不是本县的乡镇/);
  assert.equal(rows.filter(([r]) => r === '2').length, 0, 'the good row has no problem');
  await shot(page, 'import-report-desktop');

  // Nothing imported: not the good row either.
  await page.keyboard.press('Escape');
  await page.getByTestId('import-dialog').waitFor({ state: 'hidden' });
  await input(page, 'people-search').fill('导入测试');
  await page.waitForFunction(() => /共 0 人/.test(document.querySelector('[data-testid="people-total"]')?.innerText ?? ''));
  const after = (await (await page.request.get(`${baseUrl}/api/v1/people?limit=1`)).json()).total;
  assert.equal(after, before, 'the number of people is unchanged');

  // In English the reasons are English.
  await page.getByTestId('lang-en').click();
  await uploadBadFile(page);
  const english = await reportRows(page);
  assert.ok(english.some(([r, , reason]) => r === '4' && /malformed/.test(reason)), JSON.stringify(english));
  await shot(page, 'import-report-en-desktop');
  await page.keyboard.press('Escape');
  await page.getByTestId('import-dialog').waitFor({ state: 'hidden' });
  await page.getByTestId('lang-zh-CN').click();
  assertNoProblems(problems, [STATUS(400)]);
  await context.close();

  const phoneView = await openPage(browser, { viewport: MOBILE, mobile: true });
  await signIn(phoneView.page, baseUrl, 'leader', { target: '/people' });
  await phoneView.page.locator('[data-testid="people-table"] .el-table__row').first().waitFor();
  await uploadBadFile(phoneView.page);
  await shot(phoneView.page, 'import-report-mobile');
  assertNoProblems(phoneView.problems, [STATUS(400)]);
  await phoneView.context.close();
});
