// Browser tests of sign-in, accounts, roles and the audit log, against the real `xzq serve` on
// a fresh demo database whose demo accounts share DEMO_PASSWORD: sign-in errors and throttling,
// returning to the intended page, menus that follow the user's actions, separation of duties
// (system / security / audit administrators), the personal page (password policy, two-factor
// set-up and sign-in with a recovery code, sign-out everywhere), an expired session, and the
// audit log (filters, paging, export, chain verification). Screenshots: testOutputDir/e2e.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  DEMO_PASSWORD, MOBILE, assertNoProblems, input, launch, menuTexts, openPage, shot, signIn, submitLogin,
} from './browser.mjs';

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

// The browser itself logs every 4xx answer; these are the expected ones of a test.
const STATUS = (code) => new RegExp(`status of ${code}`);

/** RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 secret. */
function totpCode(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(binary).padStart(6, '0');
}

test('sign-in: wrong password and throttling show clear messages; the intended page follows', { timeout: 90_000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  // Not signed in: any page leads to the sign-in page, which remembers where to go.
  await page.goto(`${baseUrl}/org?county=410225`);
  await page.getByTestId('login-page').waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/org?county=410225');
  assert.match(await page.getByTestId('login-hint').innerText(), /演示环境的账号/);
  assert.doesNotMatch(await page.getByTestId('login-page').innerText(), new RegExp(DEMO_PASSWORD.replace(/[!]/g, '\\$&')),
    'no password in the UI');
  await shot(page, 'login-desktop');

  // Empty form: explained without asking the server.
  await page.getByTestId('login-submit').click();
  assert.match(await page.getByTestId('login-error').innerText(), /请输入用户名和密码/);

  // Wrong password: the server's message.
  await submitLogin(page, 'leader', 'Wrong-password-1');
  await page.waitForFunction(() => document.querySelector('[data-testid="login-error"]')?.dataset.kind === 'bad');
  assert.match(await page.getByTestId('login-error').innerText(), /用户名或密码错误/);
  await shot(page, 'login-wrong-password-desktop');

  // In English the message is English.
  await page.getByTestId('lang-en').click();
  await submitLogin(page, 'leader', 'Wrong-password-2');
  await page.waitForFunction(() => /wrong user name or password/i.test(document.querySelector('[data-testid="login-error"]')?.textContent));
  await page.getByTestId('lang-zh-CN').click();

  // Then the right password goes to the page asked for.
  await submitLogin(page, 'leader');
  await page.locator('[data-testid="tree-node-410225"]').waitFor();
  assert.equal(new URL(page.url()).pathname, '/org');
  assertNoProblems(problems, [STATUS(401)]);
  await context.close();

  // Five wrong passwords for one account: throttled, with a message saying how long.
  const phone = await openPage(browser, { viewport: MOBILE, mobile: true });
  await phone.page.goto(`${baseUrl}/login`);
  for (let i = 0; i < 5; i++) {
    await submitLogin(phone.page, 'staff', `Wrong-password-${i}x`);
    await phone.page.waitForFunction(() => document.querySelector('[data-testid="login-submit"]:not(.is-loading)'));
    await phone.page.getByTestId('login-error').waitFor();
  }
  await submitLogin(phone.page, 'staff');
  await phone.page.waitForFunction(() => document.querySelector('[data-testid="login-error"]')?.dataset.kind === 'throttled');
  const throttled = await phone.page.getByTestId('login-error').innerText();
  assert.match(throttled, /\d/, `the throttle message says how long: ${throttled}`);
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= MOBILE.width, `no horizontal scrolling (${width}px)`);
  await shot(phone.page, 'login-throttled-mobile');
  assertNoProblems(phone.problems, [STATUS(401), STATUS(429)]);
  await phone.context.close();
});

test('menus follow the actions of each role; pages without the action say so', { timeout: 90_000 }, async () => {
  const expected = {
    sysadmin: { has: ['首页', '组织机构', '账号与角色', '个人设置'], lacks: ['审计日志'] },
    secadmin: { has: ['首页', '账号与角色', '个人设置'], lacks: ['组织机构', '审计日志'] },
    auditor: { has: ['首页', '账号与角色', '审计日志', '个人设置'], lacks: ['组织机构'] },
    villageofficer: { has: ['首页', '组织机构', '个人设置'], lacks: ['账号与角色', '审计日志'] },
  };
  for (const [user, { has, lacks }] of Object.entries(expected)) {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, user);
    const menu = await menuTexts(page);
    for (const item of has) assert.ok(menu.includes(item), `${user} sees ${item}: ${menu}`);
    for (const item of lacks) assert.ok(!menu.includes(item), `${user} does not see ${item}: ${menu}`);
    // Every link in the menu opens a page (no dead links, no "no permission").
    for (const item of await page.locator('[data-testid="side-nav"] .el-menu-item').all()) {
      await item.click();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getByTestId('forbidden').count(), 0, `${user}: ${await item.innerText()} is allowed`);
    }
    assertNoProblems(problems);
    await context.close();
  }
  // Typing the address of a page without its action shows "no permission", not the page.
  const { context, page } = await openPage(browser);
  await signIn(page, baseUrl, 'sysadmin', { target: '/audit' });
  await page.getByTestId('forbidden').waitFor();
  assert.equal(await page.getByTestId('audit-page').count(), 0);
  await context.close();
});

test('users and roles: the system administrator manages accounts, the security administrator grants roles', { timeout: 120_000 }, async () => {
  // System administrator: create an account, disable and enable it; no grant buttons.
  const admin = await openPage(browser);
  await signIn(admin.page, baseUrl, 'sysadmin', { target: '/users' });
  const page = admin.page;
  await page.getByTestId('user-row-gystaff').waitFor();
  assert.equal(await page.locator('[data-testid^="grant-add-"]').count(), 0, 'no grant buttons for the system administrator');
  await page.getByTestId('user-create').click();
  await input(page, 'create-username').fill('Bad Name');
  await page.getByText('3–32 个字符').waitFor();
  await input(page, 'create-username').fill('e2e.clerk');
  await input(page, 'create-display-name').fill('测试文员');
  await input(page, 'create-password').fill('short');
  await page.getByText('至少 12 个字符', { exact: false }).first().waitFor();
  assert.ok(await page.getByTestId('create-submit').isDisabled(), 'a weak password cannot be sent');
  await input(page, 'create-password').fill('Clerk-password-2026');
  await shot(page, 'users-create-desktop');
  await page.getByTestId('create-submit').click();
  await page.getByTestId('user-row-e2e.clerk').waitFor();
  await page.getByTestId('user-disable-e2e.clerk').click();
  await page.getByTestId('user-enable-e2e.clerk').waitFor();
  await page.getByTestId('user-enable-e2e.clerk').click();
  await page.getByTestId('user-disable-e2e.clerk').waitFor();
  await shot(page, 'users-desktop', { fullPage: true });
  // Every state-changing request carried the CSRF token.
  const writes = admin.apiRequests.filter((r) => r.method !== 'GET' && r.path !== '/api/v1/auth/login');
  assert.ok(writes.length >= 3);
  assert.ok(writes.every((r) => r.csrf && r.csrf.length > 10), `CSRF header on every write: ${JSON.stringify(writes)}`);
  assertNoProblems(admin.problems);
  await admin.context.close();

  // Security administrator: grant with a checked scope, then revoke; no account buttons.
  const sec = await openPage(browser);
  await signIn(sec.page, baseUrl, 'secadmin', { target: '/users' });
  const p = sec.page;
  await p.getByTestId('user-row-e2e.clerk').waitFor();
  assert.equal(await p.getByTestId('user-create').count(), 0, 'no "new account" for the security administrator');
  assert.equal(await p.locator('[data-testid^="user-disable-"]').count(), 0);
  await p.getByTestId('grant-add-e2e.clerk').click();
  await p.getByTestId('grant-role').click();
  await p.locator('.el-select-dropdown__item', { hasText: 'township_staff' }).click();
  assert.equal(await input(p, 'grant-scope').inputValue(), 'township:410225', 'the scope is pre-filled for the role');
  await input(p, 'grant-scope').fill('township:4102251');
  await p.getByText('格式应为').waitFor();
  assert.ok(await p.getByTestId('grant-submit').isDisabled(), 'a malformed scope cannot be sent');
  await input(p, 'grant-scope').fill('township:410225102');
  await shot(p, 'users-grant-desktop');
  await p.getByTestId('grant-submit').click();
  const tag = p.getByTestId('grant-e2e.clerk-township_staff');
  await tag.waitFor();
  assert.match(await tag.innerText(), /乡镇纪检干部 · township:410225102/);
  await tag.locator('.el-tag__close').click();
  await tag.waitFor({ state: 'detached' });
  assertNoProblems(sec.problems);
  await sec.context.close();

  // Phone layout of the users page.
  const phone = await openPage(browser, { viewport: MOBILE, mobile: true });
  await signIn(phone.page, baseUrl, 'secadmin', { target: '/users' });
  await phone.page.getByTestId('user-row-gystaff').waitFor();
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= MOBILE.width, `no horizontal scrolling (${width}px)`);
  await shot(phone.page, 'users-mobile');
  await phone.context.close();
});

test('personal page: password policy, two-factor set-up, sign-in with a recovery code, sign out everywhere', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'zonedeputy', { target: '/account' });
  await page.getByTestId('account-page').waitFor();
  assert.match(await page.getByTestId('password-policy').innerText(), /至少 12 个字符/);
  assert.match(await page.getByTestId('password-policy').innerText(), /至少包含三类/);

  // The policy is explained as the new password is typed.
  await input(page, 'pw-current').fill(DEMO_PASSWORD);
  await input(page, 'pw-new').fill('alllowercaseletters');
  await page.getByText('须包含大写字母、小写字母、数字、符号（含汉字）中的至少三类').waitFor();
  assert.ok(await page.getByTestId('pw-submit').isDisabled());
  await input(page, 'pw-new').fill('');
  await input(page, 'pw-current').fill('');

  // Two-factor: secret and otpauth URI as text, then a code, then the recovery codes once.
  await page.getByTestId('totp-start').click();
  await page.getByTestId('totp-secret').waitFor();
  const secret = (await page.getByTestId('totp-secret').innerText()).trim();
  assert.match(secret, /^[A-Z2-7]{16,}=*$/);
  assert.match(await page.getByTestId('totp-uri').innerText(), /^otpauth:\/\/totp\//);
  await shot(page, 'account-totp-desktop');
  await input(page, 'totp-code').fill(totpCode(secret));
  await page.getByTestId('totp-enable').click();
  await page.getByTestId('recovery-codes').waitFor();
  const codes = await page.locator('[data-testid="recovery-codes"] li').allInnerTexts();
  assert.equal(codes.length, 10);
  await shot(page, 'account-recovery-desktop');
  await page.getByTestId('recovery-done').click();
  await page.getByTestId('recovery-codes').waitFor({ state: 'detached' });

  // Sign out; signing in again asks for the code; a recovery code works.
  await page.getByTestId('account-logout').click();
  await page.getByTestId('login-page').waitFor();
  await submitLogin(page, 'zonedeputy');
  await input(page, 'login-totp').waitFor();
  assert.match(await page.getByTestId('login-error').innerText(), /动态验证码/);
  await shot(page, 'login-totp-desktop');
  await input(page, 'login-totp').fill(codes[0]);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();

  // A second browser signs in too; "sign out everywhere" ends both sessions.
  const other = await openPage(browser);
  await other.page.goto(`${baseUrl}/login?redirect=/account`);
  await submitLogin(other.page, 'zonedeputy');
  await input(other.page, 'login-totp').waitFor();
  await input(other.page, 'login-totp').fill(codes[1]);
  await other.page.getByTestId('login-submit').click();
  await other.page.getByTestId('account-page').waitFor();

  await page.goto(`${baseUrl}/account`);
  await page.getByTestId('account-everywhere').click();
  await page.locator('.el-popconfirm .el-button--primary').click();
  await page.getByTestId('login-page').waitFor();

  // The other browser's next request answers 401: back to sign-in, saying why.
  await other.page.getByTestId('totp-start').click();
  await other.page.getByTestId('login-expired').waitFor();
  assert.match(await other.page.getByTestId('login-expired').innerText(), /过期|退出/);
  assert.ok(new URL(other.page.url()).searchParams.get('redirect'));
  assert.equal(new URL(other.page.url()).searchParams.get('redirect'), '/account');
  await shot(other.page, 'login-expired-desktop');
  // A reload after the session ended (here: its cookie is gone) says so too.
  const third = await openPage(browser);
  await signIn(third.page, baseUrl, 'leader', { target: '/org' });
  await third.context.clearCookies();
  await third.page.reload();
  await third.page.getByTestId('login-expired').waitFor();
  assert.match(new URL(third.page.url()).searchParams.get('redirect'), /^\/org/);
  await third.context.close();
  assertNoProblems(problems, [STATUS(401)]);
  assertNoProblems(other.problems, [STATUS(401)]);
  await other.context.close();
  await context.close();
});


/** Signs in through the API of a fresh request context; returns a GET helper. */
async function apiAs(username) {
  const context = await browser.newContext();
  const login = await context.request.post(`${baseUrl}/api/v1/auth/login`, { data: { username, password: DEMO_PASSWORD } });
  assert.equal(login.status(), 200, `${username} signs in`);
  return {
    get: async (path) => {
      const response = await context.request.get(`${baseUrl}${path}`);
      return { status: response.status(), body: await response.json() };
    },
    close: () => context.close(),
  };
}

const ZONE1 = 1;
let outsider; // a person of 南彰镇 (410225102), outside gystaff's township
let guyangPerson; // a person of 堌阳镇 (410225101)

test('the zone chief sees the people of the zone\'s townships only', { timeout: 90_000 }, async () => {
  const leader = await apiAs('leader');
  const zones = (await leader.get('/api/v1/zones')).body.zones;
  const zone1 = zones.find((z) => z.id === ZONE1);
  const zoneTownships = new Set(zone1.townships.map((x) => x.code));
  const everyone = (await leader.get('/api/v1/people?limit=500')).body.people;
  const outside = everyone.filter((x) => x.township && !zoneTownships.has(x.township));
  assert.ok(outside.length > 0, 'the demo county has people outside zone 1');
  outsider = everyone.find((x) => x.township === '410225102');
  guyangPerson = everyone.find((x) => x.township === '410225101');
  assert.ok(outsider && guyangPerson);
  await leader.close();

  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'zonechief', { target: '/people' });
  await page.locator('[data-testid="people-table"] .el-table__row').first().waitFor();
  const codes = await page.locator('[data-testid="person-township"]').evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.ok(codes.length > 0);
  for (const code of codes) assert.ok(zoneTownships.has(code), `only zone 1 townships in the list, got ${code}`);
  const shown = await page.getByTestId('people-table').innerText();
  for (const person of outside.slice(0, 20)) {
    assert.ok(!shown.includes(person.name) || everyone.some((x) => x.name === person.name && zoneTownships.has(x.township)),
      `${person.name} of ${person.township} is not shown to the zone chief`);
  }
  await shot(page, 'people-zonechief-desktop');

  // The detail drawer of a person of the zone: status history and secondments.
  await page.locator('[data-testid="people-table"] .el-table__row').first().click();
  await page.getByTestId('person-detail').waitFor();
  await page.getByTestId('status-history').waitFor();
  await shot(page, 'person-detail-desktop');
  assertNoProblems(problems);
  await context.close();

  // Phone layout.
  const phone = await openPage(browser, { viewport: MOBILE, mobile: true });
  await signIn(phone.page, baseUrl, 'zonechief', { target: '/people' });
  await phone.page.locator('[data-testid="people-table"] .el-table__row').first().waitFor();
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= MOBILE.width, `no horizontal scrolling (${width}px)`);
  await shot(phone.page, 'people-mobile');
  await phone.context.close();
});

test('a township cadre does not see another township\'s person, in the UI nor from the API', { timeout: 90_000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'gystaff', { target: '/people' });
  await page.locator('[data-testid="people-table"] .el-table__row').first().waitFor();
  const codes = await page.locator('[data-testid="person-township"]').evaluateAll((els) => els.map((e) => e.dataset.code));
  assert.ok(codes.length > 0 && codes.every((c) => c === '410225101'), `only 堌阳镇 people: ${codes}`);
  assert.doesNotMatch(await page.getByTestId('people-table').innerText(), new RegExp(outsider.name));
  // Searching for the outsider by name finds nobody.
  await input(page, 'people-search').fill(outsider.name);
  await page.getByText('没有符合条件的人员').waitFor();
  await input(page, 'people-search').fill('');
  // Reading a person of the own township is allowed (and audited).
  await page.getByTestId(`person-${guyangPerson.id}`).click();
  await page.getByTestId('detail-person-name').waitFor();
  assert.equal(await page.getByTestId('detail-person-name').innerText(), guyangPerson.name);
  // The API, with this browser's session, refuses the outsider without leaking it.
  const response = await page.request.get(`${baseUrl}/api/v1/people/${outsider.id}`);
  assert.ok([403, 404].includes(response.status()), `outsider: ${response.status()}`);
  const body = await response.json();
  assert.doesNotMatch(JSON.stringify(body), new RegExp(outsider.name), 'the refusal does not show the name');
  // Typing the outsider's address of the list filtered to 南彰镇 shows nobody either.
  await page.goto(`${baseUrl}/people`);
  await page.locator('[data-testid="people-table"] .el-table__row').first().waitFor();
  assertNoProblems(problems);
  await context.close();
});

test('a script stored as a person\'s name renders as text', { timeout: 90_000 }, async () => {
  // The server keeps names to 50 bytes: the script goes in the name, an image payload in the post.
  const payload = '<script>__xss=1</script>';
  const postPayload = '<img src=x onerror="window.__xss=2">\'; DROP TABLE people; --';
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'leader', { target: '/people' });
  await page.locator('[data-testid="people-table"] .el-table__row').first().waitFor();
  await page.getByTestId('person-create').click();
  await input(page, 'person-form-name').fill(payload);
  await input(page, 'person-form-post').fill(postPayload);
  await page.getByTestId('person-form-township').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '堌阳镇' }).click();
  await page.getByTestId('person-form-save').click();
  await page.getByTestId('person-dialog').waitFor({ state: 'hidden' });
  await input(page, 'people-search').fill('__xss');
  const cell = page.locator('.person-name', { hasText: '<script>' });
  await cell.waitFor();
  assert.equal(await cell.innerText(), payload, 'the name is shown verbatim, as text');
  await cell.click();
  await page.getByTestId('detail-person-name').waitFor();
  assert.equal(await page.getByTestId('detail-person-name').innerText(), payload);
  assert.ok((await page.getByTestId('person-detail').innerText()).includes(postPayload), 'the post is shown verbatim');
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'the payload did not run');
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was created from the payload');
  await shot(page, 'people-script-name-desktop');
  // The image request the payload would make never happens; the only problems would be CSP ones.
  assertNoProblems(problems);
  await context.close();
});

test('audit log: the auditor sees sign-ins, filters, pages, exports and verifies the chain', { timeout: 120_000 }, async () => {
  // Some activity to find: a failed and a successful sign-in of gystaff.
  const cadre = await openPage(browser);
  await cadre.page.goto(`${baseUrl}/login`);
  await submitLogin(cadre.page, 'gystaff', 'Not-the-password-9');
  await cadre.page.getByTestId('login-error').waitFor();
  await submitLogin(cadre.page, 'gystaff');
  await cadre.page.getByTestId('user-menu').waitFor();
  await cadre.context.close();

  const { context, page, problems } = await openPage(browser, { acceptDownloads: true });
  await signIn(page, baseUrl, 'auditor', { target: '/audit' });
  await page.getByTestId('audit-table').waitFor();
  await page.locator('[data-testid="audit-table"] .el-table__row').first().waitFor();

  // Filter by user: gystaff's sign-ins, the failure and the success.
  await input(page, 'audit-actor').fill('gystaff');
  await page.getByTestId('audit-search').click();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-table"] .el-table__row')];
    return rows.length > 0 && rows.every((r) => r.textContent.includes('gystaff'));
  });
  const text = await page.getByTestId('audit-table').innerText();
  assert.match(text, /登录/);
  assert.match(text, /成功/);
  assert.match(text, /失败/);
  assert.equal(new URL(page.url()).searchParams.get('actor'), 'gystaff', 'filters are kept in the address');
  await shot(page, 'audit-filtered-desktop');

  // The person reads: gystaff's read of a 堌阳镇 person (ok) and of the outsider (refused).
  await page.goto(`${baseUrl}/audit?actor=gystaff&record_type=person`);
  await page.locator('[data-testid="audit-table"] .el-table__row').first().waitFor();
  const reads = await page.locator('[data-testid^="audit-action-"]').evaluateAll((els) => els.map((e) => e.dataset.action));
  assert.ok(reads.length >= 2 && reads.every((a) => a === 'people.read'), `person reads: ${reads}`);
  const readText = await page.getByTestId('audit-table').innerText();
  assert.match(readText, new RegExp(`person #${guyangPerson.id}`));
  assert.match(readText, new RegExp(`person #${outsider.id}`));
  assert.match(readText, /成功/);
  assert.match(readText, /拒绝|失败/);
  await shot(page, 'audit-person-reads-desktop');

  // Filter by action (from a page without other filters).
  await page.goto(`${baseUrl}/audit`);
  await page.locator('[data-testid="audit-table"] .el-table__row').first().waitFor();
  await page.getByTestId('audit-action').click();
  await page.locator('.el-select-dropdown__item', { hasText: 'users.create' }).click();
  await page.getByTestId('audit-search').click();
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid^="audit-action-"]')];
    return cells.length >= 12 && cells.every((c) => c.dataset.action === 'users.create');
  });

  // A time range in the future finds nothing.
  // The empty-table text shows before the answer arrives too: wait for the answer itself, so the
  // next navigation does not abort it.
  await Promise.all([
    page.waitForResponse((response) => response.url().includes('/api/v1/audit?from=2999')),
    page.goto(`${baseUrl}/audit?from=2999-01-01T00:00:00Z`),
  ]);
  await page.getByText('没有符合条件的日志').waitFor();

  // Paging: 50 a page, older and back.
  await page.goto(`${baseUrl}/audit`);
  await page.locator('[data-testid="audit-table"] .el-table__row').first().waitFor();
  const firstPage = await page.locator('[data-testid^="audit-action-"]').count();
  if (firstPage === 50) {
    const firstSeq = await page.locator('[data-testid="audit-table"] .el-table__row td:nth-child(2)').first().innerText();
    await page.getByTestId('audit-older').click();
    await page.waitForFunction((seq) => document.querySelector('[data-testid="audit-table"] .el-table__row td:nth-child(2)')?.textContent.trim() !== seq, firstSeq);
    const olderSeq = Number(await page.locator('[data-testid="audit-table"] .el-table__row td:nth-child(2)').first().innerText());
    assert.ok(olderSeq < Number(firstSeq) - 49);
    await page.getByTestId('audit-newer').click();
    await page.waitForFunction((seq) => document.querySelector('[data-testid="audit-table"] .el-table__row td:nth-child(2)')?.textContent.trim() === seq, firstSeq);
  }

  // Verify the chain.
  await page.getByTestId('audit-verify').click();
  await page.getByTestId('verify-result').waitFor();
  assert.equal(await page.getByTestId('verify-result').getAttribute('data-ok'), 'true');
  assert.match(await page.getByTestId('verify-result').innerText(), /哈希链完整/);
  await shot(page, 'audit-desktop');

  // Export CSV.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(download.suggestedFilename(), /\.csv$/);
  assert.match(csv, /^\uFEFF?seq,at,actor,action/);
  assert.match(csv, /gystaff/);
  assertNoProblems(problems);
  await context.close();

  // Phone layout.
  const phone = await openPage(browser, { viewport: MOBILE, mobile: true });
  await signIn(phone.page, baseUrl, 'auditor', { target: '/audit' });
  await phone.page.locator('[data-testid="audit-table"] .el-table__row').first().waitFor();
  const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= MOBILE.width, `no horizontal scrolling (${width}px)`);
  await shot(phone.page, 'audit-mobile');
  await phone.context.close();
});
