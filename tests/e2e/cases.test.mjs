// Browser tests of the case workflow (线索 → 案件 → 卷宗, issue 5), against the real `xzq serve` on a
// fresh demo database:
//   (a) a general case handled wholly in the township: 堌阳镇 (gystaff) registers a clue, the
//       commission head (gysecretary) approves its preliminary verification in the approvals
//       panel, the handler takes the step through the form with the official field labels; the
//       case runs through filing, investigation and review — the zone (zonechief) reviews its
//       procedure and 定性 — to the decision, its execution and the archive (staff, with the zone
//       chief's approval); the archived case is read-only with its digest.
//   (b) a report from the portal → 信访室 routes it to 堌阳镇 → accepted → "转为问题线索" →
//       初步核实 → 立案 (approvals) → the township asks for cross-township handling and the zone
//       chief takes it (异地办案) → the solver proposes a team from the zone's other townships
//       (南彰镇, 固阳农科所) or the county pool with its reasons and the excluded candidates → the
//       zone chief confirms it, the members sign their recusal declarations → 审理 by reviewers who
//       did not investigate → the committee decides 严重警告 (a heavier sanction for the township
//       commission is refused, citing the approval authority) approved on the 乡案县审 path →
//       announced → executed → 回访 → closed → archived; a page still open on the closed case then
//       tries to add a document and shows the refusal (409), and the case file exports as a ZIP
//       with its table of contents.
// Long preconditions go through the API (tests/lib/session.mjs); the steps the issue is about go
// through the UI. The tests run in order and share what they create. Screenshots:
// testOutputDir/e2e/cases-*.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD, assertNoProblems, input, launch, openPage, shot as viewportShot, shotDir, signIn } from './browser.mjs';
import { signIn as apiSignIn } from '../lib/session.mjs';

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
const GU_YANG = '410225101';
const NAN_ZHANG = '410225102';
const GU_YANG_FARM = '410225406';

/** A screenshot; a full-page one from the top (the header is sticky and would land mid-page). */
async function shot(page, name, options = {}) {
  if (options.fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await viewportShot(page, name, options);
}

// ---- The API, for preconditions ----------------------------------------------------------------

const sessions = new Map();
async function session(user) {
  if (!sessions.has(user)) sessions.set(user, await apiSignIn(baseUrl, user, DEMO_PASSWORD));
  return sessions.get(user);
}

/** Calls the API as `user`; resolves to {status, body}. */
async function call(user, method, path, body, headers = {}) {
  const s = await session(user);
  const init = { method, headers: { Accept: 'application/json', 'Accept-Language': 'zh-CN', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = headers['Content-Type'] ?? 'application/json';
    init.body = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  }
  const response = await s.fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    // Not JSON (a file).
  }
  return { status: response.status, body: parsed };
}

async function ok(user, method, path, body, expected = [200, 201, 204]) {
  const answer = await call(user, method, path, body);
  assert.ok(expected.includes(answer.status), `${user} ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const getCase = (id, user = 'gystaff') => ok(user, 'GET', `/api/v1/cases/${id}`);

// Who gives each approval: the township's commission head and party secretary for township-side
// cases, the zone chief, the county's review and functional offices (staff), the county's head.
const TOWNSHIP_SIDE = ['township', 'zone_assisted', 'designated'];
function approverFor(role, level) {
  if (role === 'zone_chief') return 'zonechief';
  if (['county_review', 'county_office'].includes(role)) return 'staff';
  if (['county_commission_head', 'county_standing_committee'].includes(role)) return 'leader';
  return TOWNSHIP_SIDE.includes(level) ? 'gysecretary' : 'leader';
}

/** Records every approval `action` still lacks, each by its approver. */
async function approveAll(id, action, { opinion = '同意。' } = {}) {
  const detail = await getCase(id, 'gysecretary');
  const step = detail.available.find((s) => s.action === action);
  assert.ok(step, `${action} is available in ${detail.state}: ${detail.available.map((s) => s.action)}`);
  for (const a of step.approvals.filter((x) => !x.given)) {
    await ok(approverFor(a.role, detail.level), 'POST', `/api/v1/cases/${id}/approvals`, { action, role: a.role, opinion });
  }
  return step;
}

/** Takes `action` as `user` with every field filled and every approval recorded first. */
async function step(user, id, action, extra = {}) {
  const needed = await approveAll(id, action);
  const fields = Object.fromEntries(needed.fields.map((f) => [f.name, `${f.label}：按规定办理。（E2E ${RUN}）`]));
  Object.assign(fields, extra.fields ?? {});
  const body = { action, reason: extra.reason ?? `${needed.name}（E2E）`, fields };
  if (extra.path) body.path = extra.path;
  if (extra.decision) body.decision = extra.decision;
  const detail = await ok(user, 'POST', `/api/v1/cases/${id}/transitions`, body);
  return detail;
}

/** People of the register, as the zone chief sees them (zone 1) or the county staff (the county). */
async function people(user = 'zonechief') {
  return (await ok(user, 'GET', '/api/v1/people?limit=500')).people ?? [];
}

/**
 * Confirms a team of `role`: the solver's proposal when it suits, filled up from the register
 * with people who are not in `avoid`; every member then signs the recusal declaration.
 */
async function setTeam(id, role, { size = 2, avoid = [], notFrom = [], reason = '按系统建议组成（E2E）' } = {}) {
  const chosen = [];
  const proposal = await call('zonechief', 'POST', `/api/v1/cases/${id}/team-proposal`, { size, role, need_leader: true });
  if (proposal.status === 200) {
    for (const m of proposal.body.members) {
      if (chosen.length < size && !avoid.includes(m.person_id)) chosen.push(m.person_id);
    }
  }
  for (const p of await people('staff')) {
    if (chosen.length >= size) break;
    if (p.status !== 'in_post' || avoid.includes(p.id) || chosen.includes(p.id) || notFrom.includes(p.township)) continue;
    chosen.push(p.id);
  }
  assert.equal(chosen.length, size, `enough people for the ${role} team`);
  const detail = await ok('zonechief', 'POST', `/api/v1/cases/${id}/team`, {
    role, members: chosen.map((person_id, i) => ({ person_id, leader: i === 0 })), reason,
  });
  for (const m of detail.members.filter((x) => x.role === role && !x.removed_on && !x.declared_at)) {
    await ok('gystaff', 'POST', `/api/v1/cases/${id}/members/${m.id}/declaration`, { text: '本人与本案无应当回避的情形。' });
  }
  return chosen;
}

const memberIds = (detail, roles = ['verifier', 'investigator']) => detail.members.filter((m) => roles.includes(m.role)).map((m) => m.person_id);

// ---- The browser ---------------------------------------------------------------------------------

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

/** Opens /cases/{id} (optionally a tab) and waits for the case. */
async function openCase(page, id, tab) {
  await page.goto(`${baseUrl}/cases/${id}${tab ? `?tab=${tab}` : ''}`);
  await page.getByTestId('case-summary').waitFor();
  await page.waitForLoadState('networkidle');
}

const stateOf = (page) => page.getByTestId('case-state').getAttribute('data-state');
const actionId = (action) => action.replace(/\./g, '-');

/** Opens the form of `action`, fills every field with its label, says why and submits. */
async function takeStep(page, action, { reason = '依照规定办理', before } = {}) {
  await page.getByTestId(`action-${actionId(action)}`).click();
  const dialog = page.getByTestId('transition-dialog');
  await dialog.waitFor();
  for (const item of await dialog.locator('[data-testid^="field-item-"]').all()) {
    const label = (await item.locator('.el-form-item__label').innerText()).trim();
    const area = item.locator('textarea');
    if (!(await area.inputValue()).trim()) await area.fill(`${label}：经核查属实（E2E）`);
  }
  await page.getByTestId('transition-reason').fill(reason);
  if (before) await before(dialog);
  const answer = page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST');
  await page.getByTestId('transition-submit').click();
  return answer;
}

const filed = {
  generalId: 0,
  generalTitle: `E2E一般案件${RUN}`,
  reportToken: `E2E异地办案${RUN}`,
  reportId: 0,
  caseId: 0,
};

// ---- (a) a general case handled wholly in the township -----------------------------------------

test('(a) a general case: the township registers, verifies, files and decides; the zone reviews; archived', { timeout: 300_000 }, async () => {
  // The township handler registers a clue found in daily supervision.
  {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'gystaff', { target: '/cases' });
    await page.getByTestId('cases-page').waitFor();
    await page.getByTestId('case-new').click();
    await page.getByTestId('case-new-dialog').waitFor();
    await input(page, 'case-new-title').fill(filed.generalTitle);
    await pickOption(page, 'case-new-source', '监督检查');
    await pickOption(page, 'case-new-township', '堌阳镇');
    await page.getByTestId('case-new-summary').fill('村委会委员张某某在村集体资产发包中违规操作，收受承包人礼品。');
    await input(page, 'case-new-subject-name').fill(`张某某${RUN.slice(-3)}`);
    await input(page, 'case-new-subject-post').fill('堌阳镇某村村委会委员');
    await pickOption(page, 'case-new-subject-rank', '村干部');
    await page.getByTestId('case-new-village-manager').click();
    await shot(page, 'cases-new-clue-desktop');
    await page.getByTestId('case-new-submit').click();
    await page.getByTestId('case-summary').waitFor();
    filed.generalId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.ok(filed.generalId > 0);
    assert.equal(await stateOf(page), 'clue_registered');
    assert.match(await page.getByTestId('case-number').innerText(), /XS/);
    // 初步核实 needs the commission head's approval: the form says it is missing.
    await page.getByTestId('action-dispose-verification').click();
    await page.getByTestId('transition-dialog').waitFor();
    await page.getByTestId('transition-missing').waitFor();
    assert.match(await page.getByTestId('transition-missing').innerText(), /纪委书记/);
    assert.match(await page.getByTestId('transition-dialog').innerText(), /初核工作方案/);
    await shot(page, 'cases-verification-form-missing-approval-desktop');
    await page.keyboard.press('Escape');
    assertNoProblems(problems);
    await context.close();
  }
  const id = filed.generalId;

  // The commission head approves in the approvals panel.
  {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'gysecretary', { target: `/cases/${id}` });
    await page.getByTestId('approval-form').waitFor();
    await pickOption(page, 'approval-action', '初步核实');
    await pickOption(page, 'approval-role', '纪委书记');
    await page.getByTestId('approval-opinion').fill('同意初步核实，由核查组两人开展。');
    await page.getByTestId('approval-submit').click();
    await page.locator('[data-testid="approvals-pending"] [data-role="commission_head"]').waitFor();
    await page.locator('[data-testid="case-action-dispose-verification"] [data-role="commission_head"][data-given="yes"]').waitFor();
    await shot(page, 'cases-approval-chain-gysecretary-desktop', { fullPage: true });
    assertNoProblems(problems);
    await context.close();
  }

  // The handler takes the step: the official labels, then 初步核实中.
  {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'gystaff', { target: `/cases/${id}` });
    await page.getByTestId('case-actions').waitFor();
    const answer = await takeStep(page, 'dispose.verification', { reason: '反映问题具体，有可查性' });
    assert.equal(answer.status(), 200);
    await page.waitForFunction(() => document.querySelector('[data-testid="case-state"]')?.dataset.state === 'verification');
    assertNoProblems(problems);
    await context.close();
  }

  // Verification, filing and investigation (the API): a verification team, the report, the
  // filing approved by the commission head and the party secretary, the investigators, the facts
  // shown, the transfer to review, and a review team that never investigated.
  const townshipPeople = (await people()).filter((p) => p.township === GU_YANG).map((p) => p.id);
  await setTeam(id, 'verifier', { size: 2 });
  await step('gystaff', id, 'verification.propose_filing');
  await step('gysecretary', id, 'approve_filing');
  let detail = await getCase(id);
  await setTeam(id, 'investigator', { size: 2, avoid: memberIds(detail), notFrom: [GU_YANG] });

  // A conflict found later: the zone chief removes an investigator, and confirms the replacement
  // the system proposes.
  {
    detail = await getCase(id);
    const leaving = detail.members.find((m) => m.role === 'investigator' && !m.removed_on);
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'zonechief', { target: `/cases/${id}?tab=team` });
    await page.getByTestId('case-team').waitFor();
    await page.getByTestId(`member-remove-${leaving.id}`).click();
    await page.getByTestId('member-dialog').waitFor();
    await page.getByTestId('member-dialog-text').fill('经查与被审查调查人系表兄弟关系，应当回避');
    await page.getByTestId('member-dialog-submit').click();
    await page.getByTestId('team-replacement').waitFor();
    await page.getByTestId('team-removed').waitFor();
    await page.locator('[data-testid^="proposal-new-"]').first().waitFor();
    assert.match(await page.getByTestId('team-removed').innerText(), /表兄弟/);
    assert.match(await page.getByTestId('team-confirm-reason').inputValue(), /回避/);
    await page.getByTestId('team-proposal-box').scrollIntoViewIfNeeded();
    await shot(page, 'cases-team-replacement-zonechief-desktop');
    const replaced = page.waitForResponse((r) => r.url().endsWith(`/cases/${id}/team`));
    await page.getByTestId('team-confirm').click();
    assert.equal((await replaced).status(), 200, await (await replaced).text());
    await page.getByTestId('team-proposal-box').waitFor({ state: 'detached' });
    assertNoProblems(problems);
    await context.close();
    detail = await getCase(id);
    const active = detail.members.filter((m) => m.role === 'investigator' && !m.removed_on);
    assert.equal(active.length, 2, 'two investigators again');
    assert.ok(!active.some((m) => m.person_id === leaving.person_id));
    for (const m of active.filter((x) => !x.declared_at)) {
      await ok('gystaff', 'POST', `/api/v1/cases/${id}/members/${m.id}/declaration`, { text: '本人与本案无应当回避的情形。' });
    }
  }
  await step('gystaff', id, 'facts_confirmed');
  await step('gystaff', id, 'transfer_to_review');
  detail = await getCase(id);
  assert.equal(detail.state, 'review');
  // A reviewer who investigated: refused.
  const investigator = memberIds(detail, ['investigator'])[0];
  const refused = await call('zonechief', 'POST', `/api/v1/cases/${id}/team`, {
    role: 'reviewer', members: [{ person_id: investigator, leader: true }, { person_id: townshipPeople[0], leader: false }], reason: '测试',
  });
  assert.equal(refused.status, 409, JSON.stringify(refused.body));
  await setTeam(id, 'reviewer', { size: 2, avoid: memberIds(detail, ['verifier', 'investigator', 'reviewer']) });

  // The zone reviews procedure and 定性, with the township party committee's opinion.
  {
    await approveAll(id, 'review.report');
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'zonechief', { target: `/cases/${id}` });
    await page.getByTestId('case-actions').waitFor();
    const answer = await takeStep(page, 'review.report', {
      reason: '程序合规，定性准确',
      before: async (dialog) => {
        assert.match(await dialog.innerText(), /乡镇党委意见/);
        assert.match(await dialog.innerText(), /审理意见（定性）/);
        await shot(page, 'cases-zone-review-form-zonechief-desktop');
      },
    });
    assert.equal(answer.status(), 200, await answer.text());
    await page.waitForFunction(() => document.querySelector('[data-testid="case-state"]')?.dataset.state === 'standing_committee');
    await shot(page, 'cases-timeline-zonechief-desktop', { fullPage: true });
    assertNoProblems(problems);
    await context.close();
  }

  // Decision (警告 by the township commission, 乡案县审), approval, execution, follow-up, closing.
  await step('gysecretary', id, 'committee.decide', {
    path: 'township_county_review',
    decision: { party: 'warning', party_approver: 'township_commission', important_or_complex: false },
  });
  await step('gystaff', id, 'approval.submit');
  await step('gysecretary', id, 'approval.approve');
  await step('gystaff', id, 'announce');
  await step('gystaff', id, 'execute');
  await step('gystaff', id, 'follow_up');
  await step('gystaff', id, 'close');
  detail = await getCase(id);
  assert.equal(detail.state, 'closed');
  assert.equal(detail.decision.party, 'warning');
  assert.equal(detail.four_form, 2);

  // The county archives it with the zone chief's approval, through the form.
  {
    await approveAll(id, 'archive');
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'staff', { target: `/cases/${id}` });
    await page.getByTestId('case-actions').waitFor();
    const answer = await takeStep(page, 'archive', { reason: '材料齐全，立卷归档' });
    assert.equal(answer.status(), 200, await answer.text());
    await page.getByTestId('case-archived').waitFor();
    assert.match(await page.getByTestId('case-archive-digest').innerText(), /^[0-9a-f]{64}$/);
    assert.equal(await page.locator('[data-testid^="action-"]').count(), 0, 'nothing can be done on an archived case');
    assert.equal(await page.getByTestId('approval-form').count(), 0);
    await shot(page, 'cases-general-archived-staff-desktop', { fullPage: true });
    // The list shows it archived.
    await page.goto(`${baseUrl}/cases`);
    await input(page, 'cases-search').fill(filed.generalTitle);
    await page.locator(`[data-testid="case-state-${id}"]`, { hasText: '已归档' }).waitFor();
    await shot(page, 'cases-list-staff-desktop');
    assertNoProblems(problems);
    await context.close();
  }
});

// ---- (b) from a report to the archive, with a cross-township team --------------------------------

test('(b) a report becomes a clue: verified, filed, escalated to the zone and investigated by a team from other townships', { timeout: 300_000 }, async () => {
  // A member of the public reports; the 信访室 routes it to 堌阳镇; the township accepts it.
  const form = await (await fetch(`${baseUrl}/api/v1/public/report-form`)).json();
  const category = form.categories[0].subcategories?.[0]?.code ?? form.categories[0].code;
  const village = form.townships.find((t) => t.code === GU_YANG).villages[0].code;
  const filedReport = await fetch(`${baseUrl}/api/v1/public/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      submission_id: randomUUID(), category, problem_areas: [], township: GU_YANG, village,
      persons: [{ name: `王某某${RUN.slice(-3)}`, post: '堌阳镇某村党支部书记' }],
      description: `${filed.reportToken}：村党支部书记王某某在低保评定中优亲厚友，把不符合条件的亲属纳入低保，并收受好处费。`,
      attachments: [],
    }),
  });
  assert.equal(filedReport.status, 201, await filedReport.text());
  const found = await ok('petition', 'GET', `/api/v1/reports?q=${encodeURIComponent(filed.reportToken)}`);
  filed.reportId = found.items[0].id;
  await ok('petition', 'POST', `/api/v1/reports/${filed.reportId}/route`, { level: 'township', township: GU_YANG, reason: '被反映人为村干部，由乡镇纪委办理' });
  await ok('gystaff', 'POST', `/api/v1/reports/${filed.reportId}/accept`, {});

  // The township handler turns it into a clue from the report's page.
  {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'gystaff', { target: `/reports/${filed.reportId}` });
    await page.getByTestId('report-to-case').click();
    await page.getByTestId('report-case-dialog').waitFor();
    await shot(page, 'cases-report-to-clue-gystaff-desktop');
    await page.getByTestId('report-case-submit').click();
    await page.getByTestId('case-summary').waitFor();
    filed.caseId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.ok(filed.caseId > 0);
    assert.equal(await stateOf(page), 'clue_registered');
    assert.match(await page.getByTestId('case-report-link').innerText(), /.+/);
    assert.match(await page.getByTestId('case-subject').innerText(), /王某某/);
    await shot(page, 'cases-clue-from-report-gystaff-desktop', { fullPage: true });
    assertNoProblems(problems);
    await context.close();
  }
  const id = filed.caseId;

  // The subject is a village Party secretary: a Party member with a Party post and a village
  // manager (the report did not say; the township establishes it and corrects the clue).
  {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'gystaff', { target: `/cases/${id}` });
    await page.getByTestId('subject-edit').click();
    await page.getByTestId('subject-dialog').waitFor();
    await pickOption(page, 'subject-rank', '村干部');
    await page.getByTestId('subject-party-member').click();
    await page.getByTestId('subject-party-post').click();
    await page.getByTestId('subject-village-manager').click();
    await page.getByTestId('subject-submit').click();
    await page.getByTestId('subject-dialog').waitFor({ state: 'hidden' });
    await page.waitForFunction(() => /中共党员/.test(document.querySelector('[data-testid="case-summary"]')?.textContent ?? ''));
    assertNoProblems(problems);
    await context.close();
  }

  // 初步核实 and 立案 with their approvals (the API).
  await step('gystaff', id, 'dispose.verification');
  await setTeam(id, 'verifier', { size: 2 });
  await step('gystaff', id, 'verification.propose_filing');
  await step('gysecretary', id, 'approve_filing');
  let detail = await getCase(id);
  assert.equal(detail.state, 'investigating');

  // The township asks for cross-township handling; the zone chief takes it into the zone.
  await step('gysecretary', id, 'escalate.request', {
    fields: { escalation_reason: '被反映人与本镇干部多有亲属关系，本镇办理难以避嫌', requested_handling: '异地办案' },
  });
  await approveAll(id, 'escalate.zone_assist');
  {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'zonechief', { target: `/cases/${id}` });
    await page.getByTestId('case-actions').waitFor();
    const answer = await takeStep(page, 'escalate.zone_assist', { reason: '同意由本协作区异地办案' });
    assert.equal(answer.status(), 200, await answer.text());
    await page.waitForFunction(() => document.querySelector('[data-testid="case-level"]')?.dataset.level === 'zone_assisted');

    // The solver proposes a team from the zone's other townships (or the county pool), with its
    // reasons, and lists every excluded candidate with the reason.
    await page.getByRole('tab', { name: /办案组/ }).click();
    await page.getByTestId('team-propose').click();
    await page.getByTestId('team-proposal-box').waitFor();
    const members = page.locator('[data-testid="team-proposal-members"] .el-table__body tr');
    await members.first().waitFor();
    const proposed = await members.allInnerTexts();
    assert.ok(proposed.length >= 2, `a team of two or more: ${proposed}`);
    for (const row of proposed) {
      assert.doesNotMatch(row, /堌阳镇/, 'nobody from the subject\'s township');
      assert.match(row, /南彰镇|固阳|县级干部库|农科/, `from another township or the county pool: ${row}`);
    }
    const excluded = page.locator('[data-testid="team-proposal-excluded"] .el-table__body tr');
    assert.ok(await excluded.count() > 0, 'excluded candidates are listed');
    assert.match(await page.getByTestId('team-proposal-excluded').innerText(), /堌阳镇/);
    await page.getByTestId('team-proposal-box').scrollIntoViewIfNeeded();
    await shot(page, 'cases-team-proposal-zonechief-desktop');
    await page.getByTestId('team-proposal-box').screenshot({ path: `${shotDir}/cases-team-proposal-reasons-zonechief.png` });

    // The zone chief confirms it; the members sign their declarations (one here, in the UI).
    const confirmed = page.waitForResponse((r) => r.url().endsWith(`/cases/${id}/team`));
    await page.getByTestId('team-confirm-reason').fill('按系统建议组成异地办案组');
    await page.getByTestId('team-confirm').click();
    assert.equal((await confirmed).status(), 200);
    await page.getByTestId('team-proposal-box').waitFor({ state: 'detached' });
    const sign = page.locator('[data-testid^="member-sign-"]').first();
    await sign.click();
    await page.getByTestId('member-dialog').waitFor();
    assert.match(await page.getByTestId('member-dialog-text').inputValue(), /回避/);
    await page.getByTestId('member-dialog-submit').click();
    await page.getByTestId('member-dialog').waitFor({ state: 'hidden' });
    await page.locator('[data-testid^="member-declaration-"][data-signed="yes"]').first().waitFor();
    detail = await getCase(id);
    for (const m of detail.members.filter((x) => x.role === 'investigator' && !x.removed_on && !x.declared_at)) {
      await ok('gystaff', 'POST', `/api/v1/cases/${id}/members/${m.id}/declaration`, { text: '本人与本案无应当回避的情形。' });
    }
    await openCase(page, id, 'team');
    await page.getByTestId('case-team').waitFor();
    assert.equal(await page.locator('[data-testid^="member-declaration-"][data-signed="no"]').count(), 0);
    await shot(page, 'cases-team-signed-zonechief-desktop', { fullPage: true });

    // The zone chief confirms the cross-township team in the workflow.
    await approveAll(id, 'team.confirm');
    await page.reload();
    await page.getByTestId('case-actions').waitFor();
    const team = await takeStep(page, 'team.confirm', {
      reason: '办案组由南彰镇等乡镇干部组成，均已签署回避声明',
      before: async (dialog) => { await shot(page, 'cases-team-confirm-form-zonechief-desktop'); assert.match(await dialog.innerText(), /办案组成员/); },
    });
    assert.equal(team.status(), 200, await team.text());
    await page.locator('[data-testid="case-mark-team_confirmed"]').waitFor();
    assertNoProblems(problems);
    await context.close();
  }
  detail = await getCase(id);
  assert.equal(detail.level, 'zone_assisted');
  const investigators = detail.members.filter((m) => m.role === 'investigator' && !m.removed_on);
  assert.ok(investigators.every((m) => m.township_code !== GU_YANG), 'no investigator from 堌阳镇');
  assert.ok(investigators.some((m) => [NAN_ZHANG, GU_YANG_FARM].includes(m.township_code)) || investigators.length >= 2);

  // Investigation and review (the API): reviewers who never verified or investigated.
  await step('gystaff', id, 'facts_confirmed');
  await step('gystaff', id, 'transfer_to_review');
  detail = await getCase(id);
  await setTeam(id, 'reviewer', { size: 2, avoid: memberIds(detail, ['verifier', 'investigator', 'reviewer']) });
  await step('zonechief', id, 'review.report');

  // The committee decides. 留党察看 is beyond the township commission: refused with the rule.
  await approveAll(id, 'committee.decide');
  {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'gysecretary', { target: `/cases/${id}` });
    await page.getByTestId('case-actions').waitFor();
    const fillDecision = async (party) => {
      await pickOption(page, 'decision-party', party);
      await pickOption(page, 'decision-party-approver', '乡镇纪委');
      await page.getByTestId('transition-path-township_county_review').click();
    };
    let answer = await takeStep(page, 'committee.decide', {
      reason: '经纪委会议集体研究',
      before: async (dialog) => {
        await dialog.getByTestId('decision-form').waitFor();
        await fillDecision('留党察看一年');
      },
    });
    assert.ok([400, 409, 422].includes(answer.status()), `refused: ${answer.status()}`);
    await page.getByTestId('transition-error').waitFor();
    assert.match(await page.getByTestId('transition-error').innerText(), /乡镇纪委|批准/);
    await shot(page, 'cases-decision-refused-gysecretary-desktop');
    // 严重警告 by the township commission, 乡案县审: within its authority.
    await pickOption(page, 'decision-party', '严重警告');
    await shot(page, 'cases-decision-form-gysecretary-desktop');
    answer = page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST');
    await page.getByTestId('transition-submit').click();
    assert.equal((await answer).status(), 200);
    await page.waitForFunction(() => document.querySelector('[data-testid="case-state"]')?.dataset.state === 'approval');
    assert.match(await page.getByTestId('case-decision-party').innerText(), /严重警告/);
    assert.match(await page.getByTestId('case-path').innerText(), /乡案县审/);
    assertNoProblems(problems, [STATUS(400), STATUS(409), STATUS(422)]);
    await context.close();
  }

  // Approval at the right level (county review office checks, the township commission approves),
  // announcement, execution, 回访, closing.
  await step('gystaff', id, 'approval.submit');
  await ok('staff', 'POST', `/api/v1/cases/${id}/approvals`, { action: 'approval.approve', role: 'county_review', opinion: '经审核，事实清楚，定性准确，处理恰当，程序合规。' });
  {
    const { context, page, problems } = await openPage(browser);
    await signIn(page, baseUrl, 'gysecretary', { target: `/cases/${id}` });
    await page.getByTestId('approval-form').waitFor();
    await pickOption(page, 'approval-action', '乡案县审');
    await pickOption(page, 'approval-role', '纪委书记');
    await page.getByTestId('approval-opinion').fill('同意给予王某某严重警告处分。');
    await page.getByTestId('approval-submit').click();
    await page.locator('[data-testid="case-action-approval-approve"] [data-role="commission_head"][data-given="yes"]').waitFor();
    assert.equal(await page.locator('[data-testid="case-action-approval-approve"] [data-given="no"]').count(), 0);
    await shot(page, 'cases-approval-chain-decision-gysecretary-desktop', { fullPage: true });
    await page.locator('aside.report-side').screenshot({ path: `${shotDir}/cases-approval-chain-decision-panel.png` });
    const answer = await takeStep(page, 'approval.approve', { reason: '县审理室审核同意，乡镇纪委批准' });
    assert.equal(answer.status(), 200, await answer.text());
    await page.waitForFunction(() => document.querySelector('[data-testid="case-state"]')?.dataset.state === 'decided');
    assertNoProblems(problems);
    await context.close();
  }
  await step('gystaff', id, 'announce');
  await step('gystaff', id, 'execute');
  await step('gystaff', id, 'follow_up');
  await step('gystaff', id, 'close', { fields: { follow_up_outcome: '回访时本人认识深刻，工作表现良好' } });
  detail = await getCase(id);
  assert.equal(detail.state, 'closed');
  assert.equal(detail.decision.party, 'serious_warning');
  assert.equal(detail.decision.party_approver, 'township_commission');
  assert.equal(detail.path, 'township_county_review');
  // The approval chain is in the journal: who approved each step.
  const approved = detail.steps.find((s) => s.action === 'approval.approve');
  assert.deepEqual(approved.approvals.map((a) => a.role).sort(), ['commission_head', 'county_review']);
});

test('(b) the archived case refuses changes (409), shows its digest, and exports its case file as a ZIP', { timeout: 180_000 }, async () => {
  assert.ok(filed.caseId, 'the case of (b) was closed');
  const id = filed.caseId;
  const { context, page, problems } = await openPage(browser, { acceptDownloads: true });
  await signIn(page, baseUrl, 'gystaff', { target: `/cases/${id}?tab=dossier` });
  await page.getByTestId('case-dossier').waitFor();
  // A document for the case file while still open.
  await page.getByTestId('dossier-file').setInputFiles({ name: '回访记录.txt', mimeType: 'text/plain', buffer: Buffer.from(`回访记录 ${RUN}\n`) });
  await input(page, 'dossier-title').fill('回访谈话记录');
  await page.getByTestId('dossier-send').click();
  await page.locator('[data-testid^="document-sha-"]', { hasText: /^[0-9a-f]{64}$/ }).first().waitFor();
  await page.getByText('回访谈话记录').first().waitFor();
  await shot(page, 'cases-dossier-gystaff-desktop', { fullPage: true });

  // Meanwhile the county archives it, with the zone chief's approval.
  await step('staff', id, 'archive');

  // The page still open tries to add a document: refused, and it says why.
  await page.getByTestId('dossier-file').setInputFiles({ name: '补充材料.txt', mimeType: 'text/plain', buffer: Buffer.from('补充') });
  await input(page, 'dossier-title').fill('补充材料');
  const refused = page.waitForResponse((r) => r.url().endsWith(`/cases/${id}/documents`));
  await page.getByTestId('dossier-send').click();
  assert.equal((await refused).status(), 409);
  await page.getByTestId('dossier-error').waitFor();
  assert.match(await page.getByTestId('dossier-error').innerText(), /归档/);
  await shot(page, 'cases-archived-refusal-gystaff-desktop');
  // So does a workflow move through the API.
  const moved = await call('gystaff', 'POST', `/api/v1/cases/${id}/transitions`, { action: 'follow_up.visit', reason: 'x', fields: {} });
  assert.equal(moved.status, 409);
  assert.equal(moved.body.error.code, 'case.archived');

  // Reloaded: read-only, with the digest; the case file exports as a ZIP with its index.
  await page.reload();
  await page.getByTestId('case-archived').waitFor();
  assert.equal(await page.getByTestId('dossier-upload').count(), 0);
  assert.equal(await page.locator('[data-testid^="action-"]').count(), 0);
  const download = page.waitForEvent('download');
  await page.getByTestId('dossier-export').click();
  const file = await download;
  assert.match(file.suggestedFilename(), /\.zip$/i);
  const zip = readFileSync(await file.path());
  assert.equal(zip.subarray(0, 4).toString('hex'), '504b0304', 'a ZIP file');
  assert.ok(zip.includes(Buffer.from('00-目录.txt')), 'the ZIP begins with its table of contents');
  await shot(page, 'cases-archived-dossier-gystaff-desktop', { fullPage: true });
  await page.goto(`${baseUrl}/cases/${id}`);
  await page.getByTestId('case-timeline').waitFor();
  await shot(page, 'cases-archived-timeline-gystaff-desktop', { fullPage: true });
  assertNoProblems(problems, [STATUS(409)]);
  await context.close();
});

test('supervision notices: the bell and the inbox; the zone chief sees the zone\'s cases', { timeout: 90_000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  await signIn(page, baseUrl, 'zonechief', { target: '/cases' });
  await page.getByTestId('cases-page').waitFor();
  await page.waitForLoadState('networkidle');
  const list = await page.getByTestId('cases-list').innerText();
  assert.match(list, new RegExp(filed.generalTitle));
  await page.getByTestId('notice-bell').click();
  await page.getByTestId('notices-page').waitFor();
  await page.waitForLoadState('networkidle');
  const unread = page.locator('[data-testid^="notice-read-"]');
  if (await unread.count()) {
    const before = await unread.count();
    await unread.first().click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="notice-read-"]').length === n - 1, before);
  }
  await shot(page, 'cases-notices-zonechief-desktop', { fullPage: true });
  // In English.
  await page.getByTestId('lang-en').click();
  await page.goto(`${baseUrl}/cases/${filed.caseId || filed.generalId}`);
  await page.getByTestId('case-summary').waitFor();
  assert.match(await page.getByTestId('case-state').innerText(), /Archived/);
  await shot(page, 'cases-detail-english-zonechief-desktop');
  await page.getByTestId('lang-zh-CN').click();
  assertNoProblems(problems);
  await context.close();
});
