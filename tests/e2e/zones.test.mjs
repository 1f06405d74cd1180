// Browser tests of the zones view (协作区): the county's zones as of a day with their chief and
// deputy, townships coloured by zone, a township's history; a county leader moves a township
// to another zone from today, and the view as of today shows it in its new zone while the view
// as of yesterday still shows the old one; a back-dated move is refused with the server's
// message; a zone chief sees the zones but cannot move townships. Screenshots: testOutputDir/e2e.
import test from 'node:test';
import assert from 'node:assert/strict';
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

const STATUS = (code) => new RegExp(`status of ${code}`);
const NANZHANG = '410225102'; // 南彰镇, zone 1 (南部协作区) in the demo county

function previousDay(day) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** Sets an Element Plus date picker (editable input) to `day`. */
async function pickDate(page, testid, day) {
  const field = page.locator(`[data-testid="${testid}"] input`);
  await field.click();
  await field.fill(day);
  await field.press('Enter');
}

test('zones as of a day; the leader moves a township and history is kept', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'leader', { target: '/zones' });
  const chip = page.getByTestId(`township-chip-${NANZHANG}`);
  await chip.waitFor();
  // The server's "today" (China time) is what the page shows by default.
  const answer = await page.request.get(`${baseUrl}/api/v1/zones`);
  const today = (await answer.json()).as_of;
  const yesterday = previousDay(today);
  assert.equal(await page.locator('[data-testid="zones-as-of"] input').inputValue(), today);

  // Each zone: a card with its titled chief and deputy and its townships.
  const card1 = page.getByTestId('zone-card-1');
  const cardText = await card1.innerText();
  assert.match(cardText, /南部协作区/);
  assert.match(cardText, /区长\s*林德胜/);
  assert.match(cardText, /副区长\s*邓建国/);
  assert.match(cardText, /南彰镇/);
  assert.equal(await chip.getAttribute('data-zone'), '1');
  assert.match(await page.getByTestId('zone-legend').innerText(), /城区协作区/);
  const colour1 = await chip.evaluate((el) => getComputedStyle(el).backgroundColor);
  const colour2 = await page.getByTestId('township-chip-410225001').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(colour1, colour2, 'townships of different zones have different colours');
  await shot(page, 'zones-desktop', { fullPage: true });

  // A township's history.
  await chip.click();
  await page.getByTestId('zone-history-list').waitFor();
  assert.match(await page.getByTestId('zone-history').innerText(), /南部协作区[\s\S]*当前/);
  await shot(page, 'zones-history-desktop');

  // Back-dated move: refused with the server's message, nothing changes.
  await page.getByTestId('history-move').click();
  await page.getByTestId('move-dialog').waitFor();
  await page.getByTestId('move-zone').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '城区协作区' }).click();
  await pickDate(page, 'move-effective', '2020-01-01');
  await page.getByTestId('move-submit').click();
  const error = page.getByTestId('move-error');
  await error.waitFor();
  assert.match(await error.innerText(), /2020-01-01/, 'the server explains the refusal');
  await shot(page, 'zones-move-refused-desktop');

  // Move from today.
  await pickDate(page, 'move-effective', today);
  await page.getByTestId('move-submit').click();
  await page.getByTestId('move-dialog').waitFor({ state: 'hidden' });
  await page.waitForFunction((code) => document.querySelector(`[data-testid="township-chip-${code}"]`)?.dataset.zone === '2', NANZHANG);
  assert.match(await page.getByTestId('zone-card-2').innerText(), /南彰镇/);
  assert.doesNotMatch(await page.getByTestId('zone-card-1').innerText(), /南彰镇/);
  await shot(page, 'zones-moved-desktop', { fullPage: true });

  // As of yesterday: still in its old zone.
  await pickDate(page, 'zones-as-of', yesterday);
  await page.waitForFunction((code) => document.querySelector(`[data-testid="township-chip-${code}"]`)?.dataset.zone === '1', NANZHANG);
  assert.match(await page.getByTestId('zone-card-1').innerText(), /南彰镇/);
  assert.match(await page.getByTestId('zones-note').innerText(), new RegExp(yesterday));
  await shot(page, 'zones-yesterday-desktop');
  // Back to today.
  await page.getByTestId('zones-today').click();
  await page.waitForFunction((code) => document.querySelector(`[data-testid="township-chip-${code}"]`)?.dataset.zone === '2', NANZHANG);

  // The history now has both memberships.
  await page.getByTestId(`township-chip-${NANZHANG}`).click();
  await page.getByTestId('zone-history-list').waitFor();
  const history = await page.getByTestId('zone-history').innerText();
  assert.match(history, /城区协作区/);
  assert.match(history, /南部协作区/);
  await page.keyboard.press('Escape');

  // English.
  await page.getByTestId('lang-en').click();
  await page.getByText('Collaboration zones').first().waitFor();
  assert.match(await page.getByTestId('zone-card-1').innerText(), /林德胜/);
  await shot(page, 'zones-en-desktop');
  await page.getByTestId('lang-zh-CN').click();
  assertNoProblems(problems, [STATUS(400)]);
  await context.close();
});

test('a zone chief sees the zones on a phone but cannot move townships', { timeout: 90_000 }, async () => {
  const { context, page, problems } = await openPage(browser, { viewport: MOBILE, mobile: true });
  await signIn(page, baseUrl, 'zonechief', { target: '/zones' });
  await page.getByTestId('zone-card-1').waitFor();
  assert.equal(await page.getByTestId('zones-move').count(), 0, 'no move for the zone chief');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= MOBILE.width, `no horizontal scrolling (${width}px)`);
  await shot(page, 'zones-mobile');
  await shot(page, 'zones-mobile-full', { fullPage: true });
  await page.getByTestId(`township-chip-${NANZHANG}`).click();
  await page.getByTestId('zone-history-list').waitFor();
  assert.equal(await page.getByTestId('history-move').count(), 0);
  await shot(page, 'zones-history-mobile');
  assertNoProblems(problems);
  await context.close();
});
