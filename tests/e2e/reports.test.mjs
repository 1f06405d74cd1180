// Browser tests of reports (信访举报, issue 4), against the real `xzq serve` on a fresh demo
// database: a member of the public files an anonymous report with an attachment on a phone and
// gets a query code; the 信访室 (`petition`) finds it and routes it to 堌阳镇; 堌阳镇 (`gystaff`)
// sees it and 南彰镇 (`nzstaff`) does not, not even by its address; the township handler writes
// to the reporter, who reads it with the code and password and answers; a real-name report
// registered by the 信访室 keeps its reporter sealed from the township until the custodian
// (`petitionhead`) approves a request; bad input on the portal (empty description, disguised
// attachments, a wrong query password, a malformed code) gets clear messages.
// The tests run in order and share what they file. Screenshots: testOutputDir/e2e/reports-*.
import test from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { MOBILE, assertNoProblems, launch, openPage, shot, signIn } from './browser.mjs';

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

// The browser logs every 4xx answer; these are the expected ones of a test.
const STATUS = (code) => new RegExp(`status of ${code}`);
const RUN = Date.now().toString(36).toUpperCase();
const GU_YANG = '堌阳镇';
const QUERY_CODE = /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/;

// What the tests file and pass on.
const filed = {
  token: `E2E匿名${RUN}`, // in the anonymous report's description, to find it
  code: '',
  password: '',
  id: '',
  realToken: `E2E实名${RUN}`,
  realId: '',
  reporterName: `岳测试${RUN.slice(-4)}`,
  message: `您反映的问题已交由堌阳镇纪委办理，请补充具体时间。${RUN}`,
};

/** A small, real PNG (RGB gradient) built by hand: signature, IHDR, IDAT (zlib), IEND. */
function png(width = 24, height = 16) {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buffer) => {
    let c = 0xffffffff;
    for (const byte of buffer) c = table[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) row.set([180, (x * 255) / width, (y * 255) / height], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Picks the first violation category and its first subcategory of a cascader. */
async function pickCategory(page, testid) {
  await page.getByTestId(testid).click();
  const menus = page.locator('.category-popper:visible .el-cascader-menu');
  await menus.first().locator('.el-cascader-node').first().click();
  await menus.nth(1).locator('.el-cascader-node').first().click();
  await page.locator('.category-popper:visible').waitFor({ state: 'hidden' });
}

/** Whether no el-select dropdown is showing (they fade out after a choice). */
const noDropdown = (page) => page.waitForFunction(() => ![...document.querySelectorAll('.el-select__popper')]
  .some((e) => getComputedStyle(e).display !== 'none'));

/** Opens an el-select and clicks the option with `text` (or the first one). */
async function pickOption(page, testid, text) {
  await noDropdown(page);
  await page.getByTestId(testid).click();
  const options = page.locator('.el-select-dropdown__item:visible');
  await (text ? options.filter({ hasText: text }).first() : options.first()).click();
  await noDropdown(page);
}

/** Fills the portal form except the description; the page must show it. */
async function fillPortalBasics(page, { person = true } = {}) {
  await pickCategory(page, 'portal-category');
  await pickOption(page, 'place-township', GU_YANG);
  await pickOption(page, 'place-village');
  if (person) {
    await page.getByTestId('person-name-0').fill('王某某');
    await page.getByTestId('person-post-0').fill('堌阳镇某村党支部书记');
  }
}

async function noHorizontalScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= MOBILE.width, `no horizontal scrolling (${width}px)`);
}

/** Routes the open report to 堌阳镇 through the routing dialog (the page shows the report). */
async function routeToGuYang(page, prefix) {
  await page.getByTestId('route-open').click();
  await page.getByTestId('route-dialog').waitFor();
  await page.getByTestId('route-level-township').click();
  await pickOption(page, 'route-township', GU_YANG);
  await page.getByTestId('route-reason').fill('被反映人为村干部，由乡镇纪委办理');
  await shot(page, `${prefix}-route-dialog-desktop`);
  await page.getByTestId('route-submit').click();
  await page.getByTestId('route-dialog').waitFor({ state: 'hidden' });
  await page.waitForFunction((name) => document.querySelector('[data-testid="routing-current"]')?.textContent.includes(name), GU_YANG);
}

/** Opens /reports, searches `text` and waits for the list to answer; returns the rows' text. */
async function searchReports(page, text) {
  await page.getByTestId('reports-page').waitFor();
  const answer = page.waitForResponse((r) => r.url().includes('/api/v1/reports?') && r.url().includes('q='));
  await page.getByTestId('reports-search').fill(text);
  await answer;
  await page.waitForLoadState('networkidle');
  return page.getByTestId('reports-list').innerText();
}

test('a member of the public files an anonymous report with an attachment on a phone and gets a query code', { timeout: 120_000 }, async () => {
  const { context, page, problems, apiRequests } = await openPage(browser, { viewport: MOBILE, mobile: true });
  await page.goto(`${baseUrl}/portal`);
  await page.getByTestId('portal-form').waitFor();
  // The portal stands alone: no staff header or menu, no session check, no sign-in redirect.
  assert.equal(new URL(page.url()).pathname, '/portal');
  assert.equal(await page.getByTestId('app-header').count(), 0);
  assert.equal(await page.getByTestId('side-nav').count(), 0);
  assert.ok(!apiRequests.some((r) => r.path.startsWith('/api/v1/auth/')), 'the portal does not ask for a staff session');
  assert.match(await page.getByTestId('portal-notice').innerText(), /举报须知/);
  assert.match(await page.getByTestId('identity-note').innerText(), /匿名举报同样受理/);
  await shot(page, 'reports-portal-mobile');

  await fillPortalBasics(page);
  await page.getByTestId('portal-description').fill(`${filed.token}：村党支部书记王某某在低保评定中优亲厚友，把不符合条件的亲属纳入低保，群众意见很大。`);
  await page.getByTestId('attachment-file').setInputFiles({ name: 'evidence.png', mimeType: 'image/png', buffer: png() });
  await page.locator('[data-testid="attachment-item"][data-state="done"]').waitFor();
  assert.match(await page.getByTestId('attachment-list').innerText(), /evidence\.png/);
  await page.getByTestId('portal-notice-read').click();
  await shot(page, 'reports-portal-filled-mobile', { fullPage: true });
  await noHorizontalScroll(page);

  await page.getByTestId('portal-submit').click();
  await page.getByTestId('portal-receipt').waitFor();
  filed.code = (await page.getByTestId('receipt-code').innerText()).trim();
  filed.password = (await page.getByTestId('receipt-password').innerText()).trim();
  assert.match(filed.code, QUERY_CODE);
  assert.ok(filed.password.length >= 8, `a generated password: ${filed.password}`);
  assert.match(await page.getByTestId('receipt-warning').innerText(), /只在此显示一次/);
  await shot(page, 'reports-portal-receipt-mobile');
  await noHorizontalScroll(page);
  // The submission carried a one-time id and no session.
  assert.ok(!apiRequests.some((r) => r.path.startsWith('/api/v1/auth/')));
  assertNoProblems(problems);
  await context.close();
});

test('the 信访室 finds the report and routes it to 堌阳镇', { timeout: 120_000 }, async () => {
  assert.ok(filed.code, 'the portal test filed a report');
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'petition', { target: '/reports' });
  const list = await searchReports(page, filed.token);
  assert.match(list, new RegExp(filed.token));
  await shot(page, 'reports-list-petition-desktop');

  await page.locator('[data-testid="reports-list"] .el-table__row', { hasText: filed.token }).first().click();
  await page.getByTestId('report-fields').waitFor();
  filed.id = new URL(page.url()).pathname.split('/').pop();
  assert.match(filed.id, /^\d+$/);
  assert.match(await page.getByTestId('report-description').innerText(), new RegExp(filed.token));
  assert.match(await page.getByTestId('report-attachments').innerText(), /evidence\.png/);
  assert.match(await page.getByTestId('reporter-card').innerText(), /匿名/);
  await page.getByTestId('routing-suggestion').waitFor();
  await shot(page, 'reports-detail-petition-desktop', { fullPage: true });

  await routeToGuYang(page, 'reports-anonymous');
  assert.match(await page.getByTestId('report-history').innerText(), /.+/);
  await shot(page, 'reports-routed-petition-desktop', { fullPage: true });
  assertNoProblems(problems);
  await context.close();
});

test('堌阳镇 sees the routed report; 南彰镇 neither lists it nor opens it by its address', { timeout: 120_000 }, async () => {
  assert.ok(filed.id, 'the report was routed');
  {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'gystaff', { target: '/reports' });
    assert.match(await searchReports(page, filed.token), new RegExp(filed.token));
    await shot(page, 'reports-list-gystaff-desktop');
    assertNoProblems(problems);
    await context.close();
  }
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'nzstaff', { target: '/reports' });
  const list = await searchReports(page, filed.token);
  assert.doesNotMatch(list, new RegExp(filed.token));
  assert.match(await page.getByTestId('reports-total').innerText(), /共 0 件/);
  await page.goto(`${baseUrl}/reports/${filed.id}`);
  await page.getByTestId('report-not-found').waitFor();
  assert.doesNotMatch(await page.locator('body').innerText(), new RegExp(filed.token));
  await shot(page, 'reports-not-found-nzstaff-desktop');
  assertNoProblems(problems, [STATUS(404), STATUS(403)]);
  await context.close();
});

test('the township handler writes to the reporter, who reads it with the code and password and answers', { timeout: 120_000 }, async () => {
  assert.ok(filed.id && filed.code);
  const staff = await openPage(browser);
  await signIn(staff.page, baseUrl, 'gystaff', { target: `/reports/${filed.id}` });
  await staff.page.getByTestId('report-fields').waitFor();
  // Accept it first when the handler may (the reporter then sees "accepted").
  const accept = staff.page.getByTestId('report-accept');
  let accepted = false;
  if (await accept.isVisible()) {
    const done = staff.page.waitForResponse((r) => r.url().endsWith(`/reports/${filed.id}/accept`));
    await accept.click();
    assert.equal((await done).status(), 200);
    accepted = true;
  }
  await staff.page.getByTestId('message-text').fill(filed.message);
  await staff.page.getByTestId('message-send').click();
  await staff.page.locator('[data-testid="report-message-handler"]', { hasText: filed.message }).waitFor();
  await staff.page.getByTestId('messages-card').scrollIntoViewIfNeeded();
  await shot(staff.page, 'reports-message-gystaff-desktop');
  assertNoProblems(staff.problems);

  const { context, page, problems } = await openPage(browser, { viewport: MOBILE, mobile: true });
  await page.goto(`${baseUrl}/portal/query`);
  await page.getByTestId('query-page').waitFor();
  await page.getByTestId('query-code').fill(filed.code.toLowerCase()); // typed in lower case: still found
  await page.getByTestId('query-password').fill(filed.password);
  await page.getByTestId('query-submit').click();
  await page.getByTestId('query-result').waitFor();
  assert.match(await page.getByTestId('query-messages').innerText(), new RegExp(filed.message));
  const status = await page.getByTestId('query-status').getAttribute('data-status');
  assert.ok(['received', 'accepted', 'in_handling'].includes(status), status);
  if (accepted) assert.notEqual(status, 'received');
  // Never internal detail: neither the township nor the handler's account.
  assert.doesNotMatch(await page.getByTestId('query-result').innerText(), /gystaff|LK-/);
  await shot(page, 'reports-query-result-mobile', { fullPage: true });
  await noHorizontalScroll(page);

  const answer = `补充：事情发生在今年三月。${RUN}`;
  await page.getByTestId('query-reply').fill(answer);
  await page.getByTestId('query-send').click();
  await page.locator('[data-testid="message-reporter"]', { hasText: answer }).waitFor();
  assertNoProblems(problems);
  await context.close();

  // The handler reads the answer.
  await staff.page.reload();
  await staff.page.locator('[data-testid="report-message-reporter"]', { hasText: answer }).waitFor();
  await staff.context.close();
});

test('a real-name reporter stays sealed from the township until the custodian approves a request', { timeout: 180_000 }, async () => {
  // The 信访室 registers a signed letter with a verified identity.
  const office = await openPage(browser);
  await signIn(office.page, baseUrl, 'petition', { target: '/reports/new' });
  const { page } = office;
  await page.getByTestId('report-new-form').waitFor();
  await pickCategory(page, 'new-category');
  await pickOption(page, 'place-township', GU_YANG);
  await pickOption(page, 'place-village');
  await page.getByTestId('person-name-0').fill('李某某');
  await page.getByTestId('person-post-0').fill('堌阳镇某村村委会主任');
  await pickOption(page, 'person-rank-0', '村干部');
  await page.getByTestId('new-description').fill(`${filed.realToken}：村委会主任李某某在危房改造补助发放中索要好处费，每户五百元。`);
  await page.getByTestId('new-with-reporter').click();
  await page.getByTestId('new-reporter-name').fill(filed.reporterName);
  await page.getByTestId('new-reporter-contact').fill('13900001234');
  await page.getByTestId('new-identity-verified').click();
  await shot(page, 'reports-register-petition-desktop', { fullPage: true });
  await page.getByTestId('report-new-submit').click();
  await page.getByTestId('report-fields').waitFor();
  filed.realId = new URL(page.url()).pathname.split('/').pop();
  assert.match(filed.realId, /^\d+$/);
  // The 信访室 handler of the report may see the reporter (the server audits it).
  await page.getByTestId('reporter-show').click();
  await page.getByTestId('reporter-identity').waitFor();
  assert.match(await page.getByTestId('reporter-identity-name').innerText(), new RegExp(filed.reporterName));
  await routeToGuYang(page, 'reports-real-name');
  assertNoProblems(office.problems);
  await office.context.close();

  // The township sees the report but not who reported it; it asks.
  const township = await openPage(browser);
  await signIn(township.page, baseUrl, 'gystaff', { target: `/reports/${filed.realId}` });
  await township.page.getByTestId('reporter-sealed').waitFor();
  assert.equal(await township.page.getByTestId('reporter-show').count(), 0);
  assert.doesNotMatch(await township.page.locator('body').innerText(), new RegExp(filed.reporterName));
  await township.page.getByTestId('reveal-request').click();
  await township.page.getByTestId('reveal-dialog').waitFor();
  await township.page.getByTestId('reveal-reason').fill('需当面核实举报人所述补助发放时间和经手人');
  await shot(township.page, 'reports-reveal-request-gystaff-desktop');
  await township.page.getByTestId('reveal-submit').click();
  await township.page.getByTestId('reveal-dialog').waitFor({ state: 'hidden' });
  await township.page.waitForFunction(() => /待审批/.test(document.querySelector('[data-testid="reveal-state"]')?.textContent ?? ''));
  await shot(township.page, 'reports-reveal-pending-gystaff-desktop', { fullPage: true });
  assertNoProblems(township.problems, [STATUS(403)]);

  // The custodian approves.
  const head = await openPage(browser);
  await signIn(head.page, baseUrl, 'petitionhead', { target: '/reveal-requests' });
  const row = head.page.locator('[data-testid="reveal-list"] .el-table__row', { hasText: '需当面核实' }).first();
  await row.waitFor();
  await shot(head.page, 'reports-reveal-requests-petitionhead-desktop');
  await row.locator('[data-testid^="reveal-approve-"]').click();
  await head.page.getByTestId('decision-dialog').waitFor();
  await head.page.getByTestId('decision-reason').fill('确属核实需要，同意查看，注意保密');
  await head.page.getByTestId('decision-submit').click();
  await head.page.getByTestId('decision-dialog').waitFor({ state: 'hidden' });
  await row.waitFor({ state: 'detached' });
  await head.page.getByTestId('reveal-filter-approved').click();
  await head.page.locator('[data-testid="reveal-list"] .el-table__row', { hasText: '同意查看' }).first().waitFor();
  await shot(head.page, 'reports-reveal-approved-petitionhead-desktop');
  assertNoProblems(head.problems);
  await head.context.close();

  // Now the township may see the reporter.
  await township.page.reload();
  await township.page.getByTestId('reporter-show').click();
  await township.page.getByTestId('reporter-identity').waitFor();
  assert.match(await township.page.getByTestId('reporter-identity-name').innerText(), new RegExp(filed.reporterName));
  await shot(township.page, 'reports-reveal-shown-gystaff-desktop', { fullPage: true });
  assertNoProblems(township.problems, [STATUS(403)]);
  await township.context.close();
});

test('bad input on the portal: empty description, disguised attachments, a wrong password and a malformed code', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await openPage(browser, { viewport: MOBILE, mobile: true });
  await page.goto(`${baseUrl}/portal`);
  await page.getByTestId('portal-form').waitFor();
  await fillPortalBasics(page);
  await page.getByTestId('portal-notice-read').click();
  await page.getByTestId('portal-submit').click();
  const descriptionError = page.locator('[data-testid="description-item"] .el-form-item__error');
  await descriptionError.waitFor();
  assert.ok((await descriptionError.innerText()).trim().length > 0);
  await page.getByTestId('portal-error').waitFor();
  assert.equal(await page.getByTestId('portal-receipt').count(), 0, 'nothing was filed');
  await descriptionError.scrollIntoViewIfNeeded();
  await shot(page, 'reports-portal-empty-description-mobile');

  // A ZIP and a Windows executable named as photos: refused by the server, with its message.
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), Buffer.alloc(120, 0x41)]);
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126, 0x90)]);
  await page.getByTestId('attachment-file').setInputFiles({ name: 'image.jpg', mimeType: 'image/jpeg', buffer: zip });
  await page.getByTestId('attachment-error').first().waitFor();
  await page.getByTestId('attachment-file').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: exe });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="attachment-error"]').length === 2);
  for (const text of await page.getByTestId('attachment-error').allInnerTexts()) assert.ok(text.trim().length > 0, 'a message says why');
  assert.equal(await page.locator('[data-testid="attachment-item"][data-state="done"]').count(), 0);
  await page.getByTestId('attachment-list').scrollIntoViewIfNeeded();
  await shot(page, 'reports-portal-disguised-attachment-mobile');

  // A wrong password, then a malformed code.
  await page.goto(`${baseUrl}/portal/query`);
  await page.getByTestId('query-code').fill(filed.code || 'ABCD-EFGH-JKLM-NPQR');
  await page.getByTestId('query-password').fill('not-the-password-1');
  await page.getByTestId('query-submit').click();
  const failed = page.getByTestId('query-error');
  await failed.waitFor();
  assert.equal(await failed.getAttribute('data-kind'), 'failed');
  assert.ok((await failed.innerText()).trim().length > 0);
  assert.equal(await page.getByTestId('query-result').count(), 0);
  await shot(page, 'reports-query-wrong-password-mobile');
  await page.getByTestId('query-code').fill('12-34');
  await page.getByTestId('query-password').fill('whatever-password');
  await page.getByTestId('query-submit').click();
  await page.locator('.el-form-item__error').first().waitFor();
  await shot(page, 'reports-query-bad-code-mobile');
  assertNoProblems(problems, [STATUS(400), STATUS(401), STATUS(413), STATUS(429)]);
  await context.close();
});

test('the village officer registers on a phone; deadlines and the holiday calendar', { timeout: 180_000 }, async () => {
  // The village information officer registers what a villager said; the officer is the channel.
  const intakeToken = `E2E信息员${RUN}`;
  {
    const { context, page, problems } = await openPage(browser, { viewport: MOBILE, mobile: true });
    await signIn(page, baseUrl, 'villageofficer', { target: '/village-intake' });
    await page.getByTestId('intake-form').waitFor();
    await pickOption(page, 'place-township', GU_YANG);
    await pickOption(page, 'place-village');
    await page.getByTestId('person-name-0').fill('赵某某');
    await page.getByTestId('person-post-0').fill('村会计');
    await page.getByTestId('intake-description').fill(`${intakeToken}：村会计赵某某挪用村集体土地租金，账目不公开。`);
    await page.getByTestId('intake-words').fill('俺村的地租钱三年没见过账。');
    await shot(page, 'reports-intake-form-mobile', { fullPage: true });
    await noHorizontalScroll(page);
    await page.getByTestId('intake-submit').click();
    await page.locator('[data-testid="intake-list"] .report-card', { hasText: intakeToken }).waitFor();
    await shot(page, 'reports-intake-list-mobile', { fullPage: true });
    assertNoProblems(problems);
    await context.close();
  }
  {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'petition', { target: '/reports' });
    assert.match(await searchReports(page, intakeToken), /村级监察信息员/);
    // Deadlines: the user's open items and the overdue board.
    await page.goto(`${baseUrl}/deadlines`);
    await page.getByTestId('my-deadlines').waitFor();
    await page.getByTestId('board-county').waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'reports-deadlines-petition-desktop', { fullPage: true });
    assertNoProblems(problems);
    await context.close();
  }
  // The calendar: whoever has calendar.write among the demo administrators edits it.
  let editor = null;
  for (const user of ['sysadmin', 'petitionhead', 'leader']) {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, user, { target: '/calendar' });
    const me = await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json();
    if (!me.actions?.includes('calendar.write')) {
      await context.close();
      continue;
    }
    editor = user;
    await page.getByTestId('calendar-page').waitFor();
    await pickOption(page, 'calendar-year', '2026');
    await page.locator('[data-testid="calendar-holiday"] .el-table__row', { hasText: '春节' }).first().waitFor();
    await shot(page, 'reports-calendar-desktop', { fullPage: true });
    const day = '2026-12-28';
    const dateInput = page.locator('[data-testid="calendar-date"] input');
    await dateInput.click();
    await dateInput.fill(day);
    await dateInput.press('Enter');
    await page.getByTestId('calendar-name').fill('E2E测试假日');
    await page.getByTestId('calendar-add').click();
    const row = page.locator('[data-testid="calendar-holiday"] .el-table__row', { hasText: day });
    await row.waitFor();
    await page.getByTestId(`calendar-remove-${day}`).click();
    await page.locator('.el-popconfirm:visible .el-button--primary').click();
    await row.waitFor({ state: 'detached' });
    assertNoProblems(problems);
    await context.close();
    break;
  }
  assert.ok(editor, 'a demo account maintains the calendar');
});
