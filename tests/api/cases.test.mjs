// The case workflow (线索 → 案件 → 卷宗, issue 5) through the real `xzq serve` on the demo county:
// path (b) of the issue — a real-name report routed to 堌阳镇 and accepted becomes a clue, 初步核实
// by the township's own 核查组, 立案 approved by the commission head and the party secretary, the
// township asks for escalation and the zone chief assigns 异地办案, a team from other townships
// (proposed with the reason for every excluded candidate, declarations before confirmation), 审理
// by people who never investigated, 严重警告 decided on the 乡案县审 path and approved by the
// county review office and the commission head, announcement, execution, 回访, closing, feedback
// to the reporter, the dossier ZIP with its SHA-256 index, archiving with the zone chief's
// approval, and the archived file refusing every change (audited). Then decisions checked against
// the sanction rules, data scope, team changes and removals, and the 督办 notices.
//
// The tests share one server and run in order; the path (b) tests carry one case forward. Each
// test asserts what the issue and docs/cases-api-contract.md require, so a server bug shows as a
// failing test rather than a test bent to fit.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';
import { signIn } from '../lib/session.mjs';
import { readZip } from '../lib/zip.mjs';

const PASSWORD = 'Cases-Pass-2026!';
const GU_YANG = '410225101';  // 堌阳镇, zone 1 (南部协作区)
const NAN_ZHANG = '410225102';  // 南彰镇, zone 1
const USERS = ['petition', 'gystaff', 'gysecretary', 'zonechief', 'leader', 'staff', 'nzstaff', 'auditor'];
const MISSING = 999999;

let server;
const as = {};  // username → session
const people = {};  // demo external id → person
const state = {};  // what the tests open and pass on

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const chinaToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const daysAgo = (days) => new Date(Date.now() + 8 * 3600e3 - days * 86400e3).toISOString().slice(0, 10);

async function call(method, url, { user, body, raw, headers = {}, language } = {}) {
  const init = { method, headers: { ...headers } };
  if (user) {
    init.headers.Cookie = as[user].cookie;
    if (method !== 'GET') init.headers['X-CSRF-Token'] = as[user].csrf;
  }
  if (language) init.headers['Accept-Language'] = language;
  if (raw !== undefined) {
    init.body = raw;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${server.baseUrl}${url}`, init);
  const buffer = Buffer.from(await response.arrayBuffer());
  const text = buffer.toString('utf8');
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, json, text, buffer, headers: response.headers };
}

const get = (user, url, options = {}) => call('GET', url, { user, ...options });
const post = (user, url, body = {}, options = {}) => call('POST', url, { user, body, ...options });
const where = (result) => `${result.status} ${result.text.slice(0, 600)}`;

/** Asserts a success status and returns the JSON body. */
function ok(result, status = 200) {
  assert.equal(result.status, status, where(result));
  return result.json;
}

/** Asserts a refusal with its status and error code and returns the error. */
function refused(result, status, code) {
  assert.equal(result.status, status, where(result));
  assert.equal(result.json?.error?.code, code, where(result));
  return result.json.error;
}

const move = (user, id, action, fields = {}, extra = {}) =>
  post(user, `/api/v1/cases/${id}/transitions`, { action, reason: '依规依纪办理', fields, ...extra });
const approve = (user, id, action, role, opinion = '同意') =>
  post(user, `/api/v1/cases/${id}/approvals`, { action, role, opinion });
const detail = async (user, id) => ok(await get(user, `/api/v1/cases/${id}`));
const marks = (view) => view.marks.map((m) => m.id).sort();
const lastStep = (view) => view.steps[view.steps.length - 1];

/** Signs every member of `role` who has not signed yet. */
async function declareAll(user, id, role) {
  let view = await detail(user, id);
  for (const m of view.members.filter((x) => x.role === role && !x.removed_on && !x.declared_at)) {
    view = ok(await post(user, `/api/v1/cases/${id}/members/${m.id}/declaration`, { text: '本人与本案无应当回避的情形。' }));
  }
  return view;
}

before(async () => {
  server = await startServer({ demoPassword: PASSWORD });
  for (const user of USERS) as[user] = await signIn(server.baseUrl, user, PASSWORD);
  const list = ok(await get('leader', '/api/v1/people?limit=500'));
  for (const p of list.people) if (p.external_id) people[p.external_id] = p;
  // The demo county's cadres the tests name: 堌阳镇's commission head and deputy, the cadre
  // reported on (kin of 南彰镇's commission head), and two county cadres of the 审理 side.
  for (const id of ['LK-DEMO-410225101-1', 'LK-DEMO-410225101-2', 'LK-DEMO-410225101-3', 'LK-DEMO-410225102-1',
    'LK-DEMO-D08', 'LK-DEMO-C02']) {
    assert.ok(people[id], `demo person ${id}`);
  }
});

after(async () => { await server?.stop(); });

// ---- (a) path (b) of the issue ---------------------------------------------------------------

test('a real-name report routed to 堌阳镇 and accepted becomes a clue of 堌阳镇 in zone 1', async () => {
  const subject = people['LK-DEMO-410225101-3'];  // 谢国庆, 纪检监察干事 of 堌阳镇
  const registered = ok(await post('petition', '/api/v1/reports', {
    channel: 'letter', type: 'accusation', category: 'QZ.01', township: GU_YANG,
    persons: [{ name: subject.name, post: subject.post, person_id: subject.id }],
    description: `${subject.name}在低保评审中优亲厚友，收受好处费，群众反映强烈。`,
    reporter: { name: '实名举报人甲', contact: '13811112222' },
  }), 201);
  assert.equal(registered.reporter_mode, 'real_name');
  state.reportId = registered.id;
  state.reportNumber = registered.number;
  ok(await post('petition', `/api/v1/reports/${state.reportId}/route`, { level: 'township', township: GU_YANG }));

  // Only an accepted report becomes a clue.
  refused(await post('gystaff', `/api/v1/reports/${state.reportId}/case`), 409, 'case.report_not_accepted');
  const accepted = ok(await post('gystaff', `/api/v1/reports/${state.reportId}/accept`));
  assert.equal(accepted.status, 'accepted');

  const opened = ok(await post('gystaff', `/api/v1/reports/${state.reportId}/case`), 201);
  state.caseId = opened.id;
  assert.match(opened.number, /^410225-XS-\d{4}-\d{4}$/);
  assert.equal(opened.state, 'clue_registered');
  assert.equal(opened.level, 'township');
  assert.equal(opened.township_code, GU_YANG);
  assert.equal(opened.township_name, '堌阳镇');
  assert.equal(opened.zone_id, 1);
  assert.equal(opened.source, 'report');
  assert.deepEqual(opened.report, { id: state.reportId, number: state.reportNumber });
  assert.equal(opened.subject.name, subject.name);
  assert.equal(opened.subject.person_id, subject.id);
  assert.equal(opened.subject.party_member, true, 'a Party member in the register');
  assert.equal(lastStep(opened).action, 'register');
  assert.ok(opened.deadlines.some((d) => d.rule === 'clue.disposal' && d.start_on === chinaToday() && d.due_on));
  assert.deepEqual(opened.available.map((a) => a.action).sort(),
    ['dispose.close', 'dispose.inquiry', 'dispose.shelve', 'dispose.transfer', 'dispose.verification',
      'escalate.request'].sort());

  const report = ok(await get('gystaff', `/api/v1/reports/${state.reportId}`));
  assert.equal(report.status, 'in_handling');
  refused(await post('gystaff', `/api/v1/reports/${state.reportId}/case`), 409, 'case.report_has_case');
});

test('data scope: 南彰镇 neither lists nor opens the 堌阳镇 case; the zone chief and the county do', async () => {
  const id = state.caseId;
  const nzList = ok(await get('nzstaff', '/api/v1/cases'));
  assert.equal(nzList.total, 0);
  assert.deepEqual(nzList.items, []);
  refused(await get('nzstaff', `/api/v1/cases/${id}`), 404, 'case.not_found');
  refused(await move('nzstaff', id, 'dispose.close', { disposal_opinion: 'x', close_reason: 'x' }), 404, 'case.not_found');
  refused(await get('nzstaff', `/api/v1/cases/${id}/dossier`), 404, 'case.not_found');
  refused(await post('nzstaff', `/api/v1/cases/${id}/team-proposal`), 404, 'case.not_found');

  for (const user of ['zonechief', 'leader', 'gysecretary']) {
    const list = ok(await get(user, '/api/v1/cases'));
    const item = list.items.find((c) => c.id === id);
    assert.ok(item, `${user} lists the case`);
    assert.equal(item.township_name, '堌阳镇');
    assert.equal(item.next_deadline?.rule, 'clue.disposal');
    assert.equal((await detail(user, id)).id, id);
  }
  const byQuery = ok(await get('zonechief', `/api/v1/cases?q=${encodeURIComponent('谢国庆')}&state=clue_registered`));
  assert.deepEqual(byQuery.items.map((c) => c.id), [id]);
  const otherState = ok(await get('zonechief', '/api/v1/cases?state=investigating'));
  assert.ok(!otherState.items.some((c) => c.id === id));

  const log = ok(await get('auditor', `/api/v1/audit?action=case.read&record_id=${id}`));
  const outcomes = log.entries.map((e) => `${e.actor}:${e.outcome}`);
  assert.ok(outcomes.includes('nzstaff:denied'), outcomes.join());
  assert.ok(outcomes.includes('zonechief:ok'), outcomes.join());
});

test('a report outside the caller\'s scope cannot be told apart from a missing one when opening a clue', async () => {
  // A report of 南彰镇, accepted there: 堌阳镇 does not see it, so turning it into a clue is 404
  // like any other record outside the scope (not 403, which would confirm that it exists).
  const registered = ok(await post('petition', '/api/v1/reports', {
    channel: 'letter', type: 'accusation', township: NAN_ZHANG, persons: [{ name: '南彰某', post: '村主任' }],
    description: '南彰某在危房改造中优亲厚友，给亲属分配名额。',
  }), 201);
  ok(await post('petition', `/api/v1/reports/${registered.id}/route`, { level: 'township', township: NAN_ZHANG }));
  refused(await get('gystaff', `/api/v1/reports/${registered.id}`), 404, 'report.not_found');
  const early = await post('gystaff', `/api/v1/reports/${registered.id}/case`);
  assert.equal(early.status, 404, `before acceptance: ${where(early)}`);
  ok(await post('nzstaff', `/api/v1/reports/${registered.id}/accept`));
  const late = await post('gystaff', `/api/v1/reports/${registered.id}/case`);
  assert.equal(late.status, 404, `after acceptance: ${where(late)}`);
  refused(await post('gystaff', `/api/v1/reports/${MISSING}/case`), 404, 'report.not_found');
});

test('初步核实: a missing approval is 409, a missing field 400 naming its label; the 核查组 signs first', async () => {
  const id = state.caseId;
  const fields = { disposal_opinion: '拟初步核实', verification_plan: '初核工作方案', verification_team: '陆卫东、吴素娟' };
  const noApproval = refused(await move('gystaff', id, 'dispose.verification', fields), 409, 'workflow.approval_missing');
  assert.match(noApproval.message, /纪委书记/);
  // A township cadre may not approve; the township's commission head (the secretary's post) may.
  refused(await approve('gystaff', id, 'dispose.verification', 'commission_head'), 403, 'auth.forbidden');
  refused(await approve('gysecretary', id, 'dispose.verification', 'zone_chief'), 403, 'case.approval_role');
  ok(await approve('gysecretary', id, 'dispose.verification', 'commission_head', '同意初步核实'));
  refused(await approve('gysecretary', id, 'dispose.verification', 'commission_head'), 409, 'case.approval_given');

  const missing = refused(await move('gystaff', id, 'dispose.verification', { disposal_opinion: '拟初步核实' }), 400,
    'workflow.field_missing');
  assert.match(missing.message, /初核工作方案/);
  assert.match(missing.message, /核查组成员/);
  const english = await move('gystaff', id, 'dispose.verification', {}, { language: 'en' });
  assert.equal(english.status, 400, where(english));

  const verifying = ok(await move('gystaff', id, 'dispose.verification', fields));
  assert.equal(verifying.state, 'verification');
  const step = lastStep(verifying);
  assert.equal(step.action, 'dispose.verification');
  assert.equal(step.by, 'gystaff');
  assert.equal(step.fields.verification_plan, '初核工作方案');
  assert.deepEqual(step.approvals.map((a) => [a.role, a.by, a.opinion]), [['commission_head', 'gysecretary', '同意初步核实']]);
  assert.ok(verifying.documents.some((d) => d.generated && d.stage === 'verification' && /^[0-9a-f]{64}$/.test(d.sha256)));
  assert.ok(verifying.deadlines.some((d) => d.rule === 'verification.local' && !d.completed_on));
  assert.ok(verifying.deadlines.some((d) => d.rule === 'clue.disposal' && d.completed_on === chinaToday()));

  // The township's own 核查组 (verification stays with the township).
  const head = people['LK-DEMO-410225101-1'];
  const deputy = people['LK-DEMO-410225101-2'];
  const team = ok(await post('gystaff', `/api/v1/cases/${id}/team`, {
    role: 'verifier', members: [{ person_id: head.id, leader: true }, { person_id: deputy.id }], reason: '本乡镇核查组',
  }));
  const verifiers = team.members.filter((m) => m.role === 'verifier');
  assert.deepEqual(verifiers.map((m) => m.person_id).sort(), [head.id, deputy.id].sort());
  state.verifierIds = [head.id, deputy.id];

  ok(await approve('gysecretary', id, 'verification.propose_filing', 'commission_head'));
  const proposal = { verification_report: '反映问题基本属实', proposal: '拟立案审查调查', filing_report: '立案审查调查呈批报告' };
  refused(await move('gystaff', id, 'verification.propose_filing', proposal), 409, 'workflow.verification_report_unsigned');
  const signed = await declareAll('gystaff', id, 'verifier');
  assert.ok(signed.members.filter((m) => m.role === 'verifier').every((m) => m.declared_at && m.declaration));
  const requested = ok(await move('gystaff', id, 'verification.propose_filing', proposal));
  assert.equal(requested.state, 'filing_requested');
});

test('立案 is approved by the commission head and the same-level party secretary', async () => {
  const id = state.caseId;
  ok(await approve('gysecretary', id, 'approve_filing', 'commission_head', '同意立案'));
  const one = refused(await move('gysecretary', id, 'approve_filing', { filing_decision: '立案决定书' }), 409,
    'workflow.approval_missing');
  assert.match(one.message, /党委书记/);
  assert.doesNotMatch(one.message, /纪委书记/, 'only the approval still missing is named');
  ok(await approve('gysecretary', id, 'approve_filing', 'party_secretary', '乡镇党委书记同意立案'));
  const field = refused(await move('gysecretary', id, 'approve_filing', {}), 400, 'workflow.field_missing');
  assert.match(field.message, /立案决定书/);
  const filed = ok(await move('gysecretary', id, 'approve_filing', { filing_decision: '立案决定书' }));
  assert.equal(filed.state, 'investigating');
  assert.deepEqual(lastStep(filed).approvals.map((a) => a.role).sort(), ['commission_head', 'party_secretary']);
  assert.deepEqual(filed.approvals_pending, []);
});

test('escalation: the township applies with reasons, the zone chief assigns 异地办案', async () => {
  const id = state.caseId;
  const request = { escalation_reason: '被反映人系本乡镇纪检干部，熟人社会难以查处', requested_handling: '协作区异地办案' };
  // A township cadre lacks case.escalate.
  ok(await approve('gysecretary', id, 'escalate.request', 'commission_head'));
  refused(await move('gystaff', id, 'escalate.request', request), 403, 'access.denied');
  const asked = ok(await move('gysecretary', id, 'escalate.request', request));
  assert.deepEqual(marks(asked), ['escalation_requested']);
  assert.equal(asked.level, 'township');

  // Only the zone chief assigns a cross-township team.
  ok(await approve('zonechief', id, 'escalate.zone_assist', 'zone_chief', '同意由协作区抽调外乡镇干部办理'));
  refused(await move('gysecretary', id, 'escalate.zone_assist', { zone_opinion: '异地办案' }), 403, 'access.denied');
  const assisted = ok(await move('zonechief', id, 'escalate.zone_assist', { zone_opinion: '由协作区抽调外乡镇干部办理' }));
  assert.equal(assisted.level, 'zone_assisted');
  assert.deepEqual(marks(assisted), []);
  assert.ok(assisted.available.some((a) => a.action === 'team.confirm' && a.needs_team));
});

test('the team proposal: nobody from 堌阳镇, nobody related to the subject, every exclusion with its reason', async () => {
  const id = state.caseId;
  const proposal = ok(await post('zonechief', `/api/v1/cases/${id}/team-proposal`, {}));
  assert.equal(proposal.found, true, proposal.message);
  assert.equal(proposal.members.length, 3, 'the default size');
  assert.equal(proposal.members.filter((m) => m.leader).length, 1, 'one team leader');
  for (const m of proposal.members) {
    assert.notEqual(m.township_code, GU_YANG, `${m.name} is from the subject's township`);
    assert.ok(m.reason.length > 0, `${m.name} has a reason`);
    assert.ok(!state.verifierIds.includes(m.person_id));
  }
  const townships = new Set(proposal.members.map((m) => m.township_code));
  assert.ok(townships.size >= 2, `cadres of at least two other townships or the county: ${[...townships]}`);
  assert.ok(proposal.members.some((m) => m.township_code === NAN_ZHANG || m.tier === 0), 'the zone comes first');

  assert.ok(proposal.excluded.length >= 1);
  for (const e of proposal.excluded) {
    assert.ok(Array.isArray(e.reasons) && e.reasons.length >= 1 && e.reasons.every((r) => r.length > 0),
      `${e.name} is excluded without a reason: ${JSON.stringify(e)}`);
    assert.ok(e.message.length > 0);
  }
  const excluded = (external) => proposal.excluded.find((e) => e.person_id === people[external].id);
  assert.match(excluded('LK-DEMO-410225101-1')?.reasons.join() ?? '', /410225101|堌阳镇|乡镇/, 'the township\'s own head');
  assert.match(excluded('LK-DEMO-410225101-3')?.reasons.join() ?? '', /被反映人/, 'the subject himself');
  assert.match(excluded('LK-DEMO-410225102-1')?.reasons.join() ?? '', /近亲属/, 'the subject\'s kin in 南彰镇');
  for (const e of proposal.excluded) assert.ok(!proposal.members.some((m) => m.person_id === e.person_id));
  state.proposal = proposal;
});

test('the zone chief confirms the team: changes need a reason, 堌阳镇 cadres and kin are refused', async () => {
  const id = state.caseId;
  const proposed = state.proposal.members.map((m) => ({ person_id: m.person_id, leader: m.leader }));
  refused(await post('gystaff', `/api/v1/cases/${id}/team`, { role: 'investigator', members: proposed, reason: '' }),
    403, 'access.denied');
  const other = [{ person_id: proposed[0].person_id, leader: true }, { person_id: proposed[1].person_id }];
  refused(await post('zonechief', `/api/v1/cases/${id}/team`, { role: 'investigator', members: other, reason: '' }),
    400, 'team.reason_required');
  const local = refused(await post('zonechief', `/api/v1/cases/${id}/team`, {
    role: 'investigator', reason: '调整', members: [...other, { person_id: people['LK-DEMO-410225101-2'].id }],
  }), 409, 'workflow.team_member_from_subject_township');
  assert.match(local.message, /被审查调查人所在乡镇/);
  const kin = refused(await post('zonechief', `/api/v1/cases/${id}/team`, {
    role: 'investigator', reason: '调整', members: [...other, { person_id: people['LK-DEMO-410225102-1'].id }],
  }), 409, 'team.conflict');
  assert.match(kin.message, /近亲属/);
  refused(await post('zonechief', `/api/v1/cases/${id}/team`, { role: 'investigator', members: [proposed[0]], reason: 'x' }),
    400, 'team.size');

  const assigned = ok(await post('zonechief', `/api/v1/cases/${id}/team`, { role: 'investigator', members: proposed, reason: '' }));
  const investigators = assigned.members.filter((m) => m.role === 'investigator' && !m.removed_on);
  assert.deepEqual(investigators.map((m) => m.person_id).sort(), proposed.map((m) => m.person_id).sort());
  assert.ok(investigators.every((m) => m.assigned_by === 'zonechief' && !m.declared_at));
  assert.equal(lastStep(assigned).action, 'team.assign.investigator');
  state.investigatorIds = investigators.map((m) => m.person_id);
});

test('the case detail shows each team member\'s township as the proposal did (where they work)', async () => {
  const view = await detail('zonechief', state.caseId);
  for (const proposed of state.proposal.members) {
    const member = view.members.find((m) => m.person_id === proposed.person_id && m.role === 'investigator');
    assert.ok(member, proposed.name);
    assert.equal(member.township_code, proposed.township_code,
      `${proposed.name}: the detail shows ${member.township_name}, the proposal ${proposed.township_name}`);
    assert.notEqual(member.township_code, GU_YANG);
  }
});

test('team.confirm is refused until every member has signed the recusal declaration', async () => {
  const id = state.caseId;
  ok(await approve('zonechief', id, 'team.confirm', 'zone_chief', '确认异地办案组'));
  // A declaration typed into the form does not stand in for the members' own.
  refused(await move('zonechief', id, 'team.confirm', { recusal_declarations: '均无回避情形' }), 409,
    'team.declaration_missing');
  refused(await move('zonechief', id, 'team.confirm', {}), 409, 'team.declaration_missing');
});

test('after the declarations the zone chief confirms the team; the form records members and declarations', async () => {
  const id = state.caseId;
  const signed = await declareAll('zonechief', id, 'investigator');
  const again = signed.members.find((m) => m.role === 'investigator');
  refused(await post('zonechief', `/api/v1/cases/${id}/members/${again.id}/declaration`), 409, 'team.already_declared');
  refused(await post('zonechief', `/api/v1/cases/${id}/members/${MISSING}/declaration`), 404, 'team.member_not_found');

  const before = await detail('zonechief', id);
  if (!before.approvals_pending.some((a) => a.action === 'team.confirm')) {
    ok(await approve('zonechief', id, 'team.confirm', 'zone_chief', '确认异地办案组'));
  }
  const confirmed = ok(await move('zonechief', id, 'team.confirm', {}, { reason: '系统建议，区长确认' }));
  assert.deepEqual(marks(confirmed), ['team_confirmed']);
  const step = lastStep(confirmed);
  assert.equal(step.action, 'team.confirm');
  for (const m of state.proposal.members) assert.match(step.fields.team_members, new RegExp(m.name));
  assert.ok(step.fields.recusal_declarations.length > 0);
  assert.deepEqual(step.approvals.map((a) => [a.role, a.by]), [['zone_chief', 'zonechief']]);
});

test('investigation and 审理: facts shown before transfer; verifiers and investigators never review', async () => {
  const id = state.caseId;
  const transfer = { investigation_report: '审查调查报告', evidence_list: '证据材料清单' };
  const early = refused(await move('gystaff', id, 'transfer_to_review', transfer), 409, 'workflow.step_missing');
  assert.match(early.message, /事实材料/);
  const shown = ok(await move('gystaff', id, 'facts_confirmed', { facts_material: '事实材料', subject_opinion: '本人无异议并签字' }));
  assert.deepEqual(marks(shown), ['facts_shown', 'team_confirmed']);
  refused(await move('gystaff', id, 'transfer_to_review', transfer), 409, 'workflow.approval_missing');
  ok(await approve('gysecretary', id, 'transfer_to_review', 'commission_head', '同意移送审理'));
  const inReview = ok(await move('gystaff', id, 'transfer_to_review', transfer));
  assert.equal(inReview.state, 'review');
  assert.ok(inReview.deadlines.some((d) => d.rule === 'review.hearing' && !d.completed_on));

  const reviewer = people['LK-DEMO-D08'];  // 案件审理室主任
  const second = people['LK-DEMO-C02'];
  for (const former of [state.verifierIds[0], state.investigatorIds[0]]) {
    refused(await post('staff', `/api/v1/cases/${id}/team`, {
      role: 'reviewer', members: [{ person_id: reviewer.id, leader: true }, { person_id: former }], reason: '审理组',
    }), 409, 'workflow.reviewer_is_investigator');
  }
  // Naming reviewers needs case.review: the township cannot.
  refused(await post('gysecretary', `/api/v1/cases/${id}/team`, {
    role: 'reviewer', members: [{ person_id: reviewer.id, leader: true }, { person_id: second.id }], reason: '审理组',
  }), 403, 'access.denied');
  const reviewers = ok(await post('staff', `/api/v1/cases/${id}/team`, {
    role: 'reviewer', members: [{ person_id: reviewer.id, leader: true }, { person_id: second.id }], reason: '审理组',
  }));
  assert.deepEqual(reviewers.members.filter((m) => m.role === 'reviewer').map((m) => m.person_id).sort(),
    [reviewer.id, second.id].sort());

  ok(await approve('gysecretary', id, 'review.report', 'commission_head'));
  const review = { review_report: '审理报告', reviewer_opinion: '违反群众纪律，事实清楚，定性准确', proposed_handling: '严重警告' };
  // The zone reviews the procedure and 定性 of a township case and records the township party
  // committee's opinion.
  const noOpinion = refused(await move('zonechief', id, 'review.report', review), 400, 'workflow.field_missing');
  assert.match(noOpinion.message, /乡镇党委意见/);
  const full = { ...review, township_committee_opinion: '乡镇党委同意给予严重警告处分' };
  const noZone = refused(await move('zonechief', id, 'review.report', full), 409, 'workflow.approval_missing');
  assert.match(noZone.message, /区长/);
  ok(await approve('zonechief', id, 'review.report', 'zone_chief', '程序合规，定性准确'));
  const reported = ok(await move('zonechief', id, 'review.report', full));
  assert.equal(reported.state, 'standing_committee');
  assert.ok(reported.deadlines.some((d) => d.rule === 'review.hearing' && d.completed_on));
});

const COMMITTEE = { meeting_minutes: '纪委会议纪要', proposed_decision: '给予党内严重警告处分' };

test('a township commission may not approve 留党察看: 400 decision.invalid citing the rule', async () => {
  const id = state.caseId;
  ok(await approve('gysecretary', id, 'committee.decide', 'standing_committee', '纪委会议研究同意'));
  const decision = { party: 'probation_one_year', party_approver: 'township_commission' };
  const zh = refused(await move('gysecretary', id, 'committee.decide', COMMITTEE, { path: 'township_county_review', decision }),
    400, 'decision.invalid');
  assert.match(zh.message, /乡镇纪委/);
  assert.match(zh.message, /留党察看/);
  const en = await call('POST', `/api/v1/cases/${id}/transitions`, {
    user: 'gysecretary', language: 'en',
    body: { action: 'committee.decide', fields: COMMITTEE, path: 'township_county_review', decision },
  });
  assert.equal(en.status, 400, where(en));
  assert.match(en.json.error.message, /township/i);
  // Nothing moved.
  assert.equal((await detail('gysecretary', id)).state, 'standing_committee');
  // The refusal cites the rule (《中国共产党处分违纪党员批准权限和程序规定》), as
  // docs/cases-api-contract.md promises: problems [{code, rule, message}].
  const problems = zh.problems ?? [];
  const limit = problems.find((p) => p.code === 'approval.township_commission_limit');
  assert.ok(limit, `the problems name approval.township_commission_limit: ${JSON.stringify(zh)}`);
  assert.match(limit.rule, /批准权限和程序规定/);
});

test('the committee decides 严重警告 on the 乡案县审 path; the four forms are computed', async () => {
  const id = state.caseId;
  const pending = (await detail('gysecretary', id)).approvals_pending;
  if (!pending.some((a) => a.action === 'committee.decide')) {
    ok(await approve('gysecretary', id, 'committee.decide', 'standing_committee', '纪委会议研究同意'));
  }
  const decision = { party: 'serious_warning', party_approver: 'township_commission' };
  const wrongPath = refused(await move('gysecretary', id, 'committee.decide', COMMITTEE, { path: 'county_level', decision }),
    409, 'workflow.path_not_for_level');
  assert.match(wrongPath.message, /县本级/);
  refused(await move('gysecretary', id, 'committee.decide', COMMITTEE, { path: 'nowhere', decision }), 400, 'request.bad_field');

  const decided = ok(await move('gysecretary', id, 'committee.decide', COMMITTEE, { path: 'township_county_review', decision }));
  assert.equal(decided.state, 'approval');
  assert.equal(decided.path, 'township_county_review');
  assert.equal(decided.decision.party, 'serious_warning');
  assert.equal(decided.decision.party_label, '严重警告');
  assert.equal(decided.decision.party_approver, 'township_commission');
  assert.equal(decided.four_form, 2, '严重警告 is a light sanction: the second form');
  const party = decided.influence.find((p) => p.track === 'party');
  assert.equal(party?.sanction, 'serious_warning');
  const months = (Number(party.until.slice(0, 4)) - Number(party.from.slice(0, 4))) * 12
    + Number(party.until.slice(5, 7)) - Number(party.from.slice(5, 7));
  assert.equal(months, 18, `严重警告 influences 18 months: ${party.from} → ${party.until}`);
});

test('乡案县审: the township submits, the county review office and the commission head approve', async () => {
  const id = state.caseId;
  const submitted = ok(await move('gystaff', id, 'approval.submit', { review_file: '审理报告及案卷' }));
  assert.deepEqual(marks(submitted), ['facts_shown', 'submitted', 'team_confirmed']);
  refused(await move('gystaff', id, 'approval.submit', { review_file: '再次报送' }), 409, 'workflow.blocked');

  ok(await approve('gysecretary', id, 'approval.approve', 'commission_head', '同意'));
  const approval = { county_review_opinion: '县审理室审核同意', branch_minutes: '支部党员大会决议', decision_document: '党纪处分决定书' };
  const noCounty = refused(await move('gysecretary', id, 'approval.approve', approval), 409, 'workflow.approval_missing');
  assert.match(noCounty.message, /审理室/);
  // The township cannot give the county review office's approval.
  refused(await approve('gysecretary', id, 'approval.approve', 'county_review'), 403, 'case.approval_role');
  const view = await detail('staff', id);
  assert.ok(view.my_approval_roles.some((r) => r.role === 'county_review'));
  ok(await approve('staff', id, 'approval.approve', 'county_review', '审核同意，定性准确，处理恰当'));
  const noMinutes = refused(await move('gysecretary', id, 'approval.approve', { ...approval, branch_minutes: '' }), 400,
    'workflow.field_missing');
  assert.match(noMinutes.message, /支部党员大会决议/);
  const approved = ok(await move('gysecretary', id, 'approval.approve', approval));
  assert.equal(approved.state, 'decided');
  assert.deepEqual(lastStep(approved).approvals.map((a) => a.role).sort(), ['commission_head', 'county_review']);
  assert.ok(approved.deadlines.some((d) => d.rule === 'sanction.announce' && !d.completed_on));
});

test('announcement, execution (two at once: one wins, one gets 409), 回访 and closing', async () => {
  const id = state.caseId;
  const announced = ok(await move('gystaff', id, 'announce', { announcement_record: '在镇纪委会议室宣布，本人签收' }));
  assert.equal(announced.state, 'announced');
  assert.ok(announced.deadlines.some((d) => d.rule === 'sanction.announce' && d.completed_on));

  const [a, b] = await Promise.all([
    move('gystaff', id, 'execute', { execution_report: '已执行（甲）' }),
    move('zonechief', id, 'execute', { execution_report: '已执行（乙）' }),
  ]);
  const statuses = [a.status, b.status].sort();
  assert.deepEqual(statuses, [200, 409], `${where(a)} | ${where(b)}`);
  const loser = a.status === 409 ? a : b;
  assert.ok(['case.moved', 'workflow.not_allowed_in_state'].includes(loser.json.error.code), where(loser));
  const executed = await detail('gystaff', id);
  assert.equal(executed.state, 'executed');
  assert.equal(executed.steps.filter((s) => s.action === 'execute').length, 1, 'exactly one execution recorded');

  ok(await move('gystaff', id, 'follow_up', { follow_up_record: '回访：本人认识到错误，工作表现良好' }));
  ok(await approve('gysecretary', id, 'close', 'commission_head', '同意办结'));
  const closed = ok(await move('gystaff', id, 'close', { follow_up_outcome: '教育效果良好', closing_report: '结案报告' }));
  assert.equal(closed.state, 'closed');
  assert.equal(closed.closed_on, chinaToday());
  assert.ok(closed.deadlines.some((d) => d.rule === 'petition.realname_feedback' && !d.completed_on));
  const report = ok(await get('gystaff', `/api/v1/reports/${state.reportId}`));
  assert.equal(report.status, 'concluded');
});

test('the real-name reporter hears back through the portal channel before the file can be archived', async () => {
  const id = state.caseId;
  // Archiving waits for the feedback: the step is not open yet.
  refused(await approve('zonechief', id, 'archive', 'zone_chief'), 409, 'case.approval_not_needed');
  const early = refused(await move('staff', id, 'archive', { dossier_index: '卷宗目录', dossier_number: 'LK-2026-A001' }),
    409, 'workflow.step_missing');
  assert.match(early.message, /反馈/);

  const text = '您反映的问题经查属实，已给予被反映人党内严重警告处分。感谢您的监督。';
  const fed = ok(await move('gystaff', id, 'feedback.record', { feedback_record: '2026 年经查询码通道书面反馈', feedback: text }));
  assert.ok(marks(fed).includes('feedback_given'));
  assert.ok(fed.deadlines.some((d) => d.rule === 'petition.realname_feedback' && d.completed_on === chinaToday()));
  const report = ok(await get('gystaff', `/api/v1/reports/${state.reportId}`));
  assert.ok(report.messages.some((m) => m.from === 'handler' && m.text === text), JSON.stringify(report.messages));
});

test('the dossier is a ZIP: 00-目录.txt first, listing every file in procedure order with its SHA-256', async () => {
  const id = state.caseId;
  // An uploaded document of the investigation stage joins the generated forms.
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('谈话笔录（扫描件）'.repeat(20))]);
  const uploaded = ok(await call('POST', `/api/v1/cases/${id}/documents`, {
    user: 'gystaff', raw: pdf, headers: {
      'Content-Type': 'application/pdf', 'X-File-Name': encodeURIComponent('谈话笔录.pdf'),
      'X-Document-Stage': 'investigating', 'X-Document-Title': encodeURIComponent('谈话笔录'),
    },
  }), 201);
  assert.equal(uploaded.sha256, sha256(pdf));
  assert.equal(uploaded.size, pdf.length);
  assert.equal(uploaded.stage, 'investigating');
  refused(await call('POST', `/api/v1/cases/${id}/documents`, {
    user: 'gystaff', raw: pdf, headers: { 'X-File-Name': 'x.pdf', 'X-Document-Stage': 'nowhere' },
  }), 400, 'request.bad_field');
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(100, 0x41)]);
  const bad = await call('POST', `/api/v1/cases/${id}/documents`, {
    user: 'gystaff', raw: exe, headers: { 'X-File-Name': 'tool.exe', 'X-Document-Stage': 'investigating' },
  });
  assert.equal(bad.status, 400, where(bad));
  const back = await get('zonechief', `/api/v1/cases/${id}/documents/${uploaded.id}`);
  assert.equal(back.status, 200);
  assert.ok(back.buffer.equals(pdf));
  assert.match(back.headers.get('content-disposition'), /^attachment;/);

  const view = await detail('staff', id);
  const zip = await get('staff', `/api/v1/cases/${id}/dossier`);
  assert.equal(zip.status, 200, where(zip));
  assert.match(zip.headers.get('content-type'), /^application\/zip/);
  assert.match(zip.headers.get('content-disposition'), new RegExp(`attachment;.*${view.number}\\.zip`));
  assert.ok(zip.buffer.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')), 'a ZIP local header first');
  const entries = readZip(zip.buffer);
  assert.equal(entries[0].name, '00-目录.txt');
  assert.equal(entries[0].localName, '00-目录.txt');
  assert.equal(entries.length, view.documents.length + 1, 'the index and every document');
  const index = entries[0].data.toString('utf8');
  assert.match(index, new RegExp(view.number));
  const listed = index.split('\n').map((line) => line.match(/(\S+)\s+([0-9a-f]{64})\s*$/)).filter(Boolean);
  assert.equal(listed.length, entries.length - 1, index);
  for (const [i, [, name, digest]] of listed.entries()) {
    const entry = entries[i + 1];
    assert.equal(entry.name, name, 'the index lists the files in the archive\'s order');
    assert.equal(sha256(entry.data), digest, `${name}: the SHA-256 in the index matches the file`);
  }
  // Each step's generated form records what was decided, by whom, and the approvals.
  const filing = entries.find((e) => /^\d{2}-approve_filing-/.test(e.name))?.data.toString('utf8') ?? '';
  for (const text of ['批准立案', view.number, '立案决定书', 'gysecretary', '同意立案', '乡镇党委书记同意立案']) {
    assert.ok(filing.includes(text), `the 立案 form names ${text}: ${filing}`);
  }
  const pdfEntry = entries.find((e) => e.name.endsWith('谈话笔录.pdf'));
  assert.ok(pdfEntry?.data.equals(pdf), 'the uploaded file is in the ZIP as uploaded');
  // Procedure order: the stages never go back (the upload of 审查调查 sits before 审理's forms).
  const order = ['clue_registered', 'inquiry', 'verification', 'shelved', 'filing_requested', 'investigating', 'review',
    'returned', 'standing_committee', 'approval', 'decided', 'announced', 'executed', 'follow_up', 'closed', 'archived'];
  const stages = view.documents.map((d) => order.indexOf(d.stage));
  assert.deepEqual(stages, [...stages].sort((x, y) => x - y));
  const upIndex = entries.findIndex((e) => e === pdfEntry);
  const reviewForm = entries.findIndex((e) => e.name.includes('review.report'));
  assert.ok(upIndex > 0 && reviewForm > upIndex, 'the 审查调查 upload comes before the 审理 report');

  // A standard tool reads the archive too.
  if (existsSync('/usr/bin/unzip')) {
    const file = path.join(server.dir, 'dossier.zip');
    writeFileSync(file, zip.buffer);
    execFileSync('unzip', ['-tq', file]);
    assert.equal(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n')[0], '00-目录.txt');
  }
  const log = ok(await get('auditor', `/api/v1/audit?action=case.export&record_id=${id}`));
  assert.ok(log.entries.some((e) => e.actor === 'staff' && e.outcome === 'ok'));
});

test('archiving needs the zone chief\'s approval and seals the case file', async () => {
  const id = state.caseId;
  const fields = { dossier_index: '卷宗目录（见 00-目录.txt）', dossier_number: 'LK-2026-A001' };
  const noChief = refused(await move('staff', id, 'archive', fields), 409, 'workflow.approval_missing');
  assert.match(noChief.message, /区长/);
  ok(await approve('zonechief', id, 'archive', 'zone_chief', '卷宗齐全，同意归档'));
  // The zone assembles the file; the county's archive takes it in.
  refused(await move('zonechief', id, 'archive', fields), 403, 'access.denied');
  const archived = ok(await move('staff', id, 'archive', fields));
  assert.equal(archived.state, 'archived');
  assert.ok(archived.archived_at);
  assert.match(archived.archive_digest ?? '', /^[0-9a-f]{64}$/);
  assert.deepEqual(archived.available, []);
  // The 立卷归档 form with the dossier number is part of the sealed file.
  const form = archived.documents.find((d) => d.generated && d.title.startsWith('立卷归档'));
  assert.ok(form, JSON.stringify(archived.documents.map((d) => d.title)));
  const text = await get('leader', `/api/v1/cases/${id}/documents/${form.id}`);
  assert.equal(text.status, 200);
  assert.match(text.text, /LK-2026-A001/);
  assert.equal(sha256(text.buffer), form.sha256);
});

test('an archived case refuses every change with 409 case.archived, and each attempt is audited', async () => {
  const id = state.caseId;
  const view = await detail('leader', id);
  assert.equal(view.state, 'archived', 'the case was archived by the previous test');
  const member = view.members.find((m) => m.role === 'investigator' && !m.removed_on);
  const attempts = [
    ['gystaff', () => move('gystaff', id, 'appeal.file', { appeal_kind: '复议复查', appeal_reason: '不服' })],
    ['staff', () => move('staff', id, 'archive', { dossier_index: 'x', dossier_number: 'y' })],
    ['gysecretary', () => approve('gysecretary', id, 'close', 'commission_head')],
    ['zonechief', () => post('zonechief', `/api/v1/cases/${id}/team`, {
      role: 'investigator', reason: '归档后调整', members: state.proposal.members.map((m) => ({ person_id: m.person_id })),
    })],
    ['gystaff', () => post('gystaff', `/api/v1/cases/${id}/members/${member.id}/declaration`)],
    ['zonechief', () => post('zonechief', `/api/v1/cases/${id}/members/${member.id}/removal`, { reason: '归档后移出' })],
    ['gystaff', () => call('POST', `/api/v1/cases/${id}/documents`, {
      user: 'gystaff', raw: Buffer.from('%PDF-1.4 late'), headers: { 'X-File-Name': 'late.pdf', 'X-Document-Stage': 'closed' },
    })],
    ['gystaff', () => call('PUT', `/api/v1/cases/${id}/subject`, { user: 'gystaff', body: { name: '改名' } })],
  ];
  for (const [, attempt] of attempts) {
    const result = await attempt();
    refused(result, 409, 'case.archived');
    assert.ok(result.json.error.message.length > 0);
  }
  const after = await detail('leader', id);
  assert.deepEqual(after.documents.map((d) => d.sha256), view.documents.map((d) => d.sha256), 'nothing was added');
  assert.deepEqual(after.members, view.members);
  assert.equal(after.steps.length, view.steps.length);
  assert.equal(after.subject.name, view.subject.name);

  const log = ok(await get('auditor', `/api/v1/audit?record_type=case&record_id=${id}`));
  const denied = log.entries.filter((e) => e.outcome === 'denied' && e.detail?.error === 'case.archived');
  assert.ok(denied.length >= attempts.length, JSON.stringify(log.entries.filter((e) => e.outcome !== 'ok')));
  for (const user of new Set(attempts.map(([u]) => u))) assert.ok(denied.some((e) => e.actor === user), user);

  // The sealed file still exports, its index carrying the archive digest.
  const zip = await get('leader', `/api/v1/cases/${id}/dossier`);
  assert.equal(zip.status, 200);
  const index = readZip(zip.buffer)[0].data.toString('utf8');
  assert.match(index, new RegExp(after.archive_digest));
});

// ---- (b) decisions against the sanction rules -------------------------------------------------

/** Drives a county-level clue to the standing committee (县本级: the county leader approves). */
async function countyCaseAtCommittee(subject) {
  const opened = ok(await post('leader', '/api/v1/cases', {
    title: `关于${subject.name}的问题线索`, source: 'inspection', summary: '巡察移交', subject,
  }), 201);
  const id = opened.id;
  assert.equal(opened.level, 'county');
  const step = async (action, fields, approvals = [], user = 'leader') => {
    for (const role of approvals) ok(await approve('leader', id, action, role));
    return ok(await move(user, id, action, fields));
  };
  await step('dispose.verification', { disposal_opinion: '初核', verification_plan: '方案', verification_team: '两人' },
    ['commission_head']);
  ok(await post('leader', `/api/v1/cases/${id}/team`, {
    role: 'verifier', reason: '县纪委核查组',
    members: [{ person_id: people['LK-DEMO-D04'].id, leader: true }, { person_id: people['LK-DEMO-D05'].id }],
  }));
  await declareAll('leader', id, 'verifier');
  await step('verification.propose_filing', { verification_report: '属实', proposal: '立案', filing_report: '呈批' },
    ['commission_head']);
  await step('approve_filing', { filing_decision: '立案决定书' }, ['commission_head', 'party_secretary']);
  await step('facts_confirmed', { facts_material: '事实材料', subject_opinion: '无异议' });
  await step('transfer_to_review', { investigation_report: '报告', evidence_list: '清单' }, ['commission_head']);
  ok(await post('staff', `/api/v1/cases/${id}/team`, {
    role: 'reviewer', reason: '审理组',
    members: [{ person_id: people['LK-DEMO-D08'].id, leader: true }, { person_id: people['LK-DEMO-C02'].id }],
  }));
  const atCommittee = await step('review.report', { review_report: '审理报告', reviewer_opinion: '定性', proposed_handling: '处分' },
    ['commission_head'], 'staff');
  assert.equal(atCommittee.state, 'standing_committee');
  ok(await approve('leader', id, 'committee.decide', 'standing_committee', '常委会研究'));
  return id;
}

test('a village cadre gets only 警告/记过/记大过 as 政务处分; the refusal cites the law', async () => {
  const id = await countyCaseAtCommittee({
    name: '村主任乙', post: '某村村委会主任', rank: 'village_cadre', village_manager: true, party_member: true,
  });
  const fields = { meeting_minutes: '常委会纪要', proposed_decision: '政务处分' };
  const demotion = { government: 'demotion', government_decider: 'county_commission' };
  const error = refused(await move('leader', id, 'committee.decide', fields, { path: 'county_level', decision: demotion }),
    400, 'decision.invalid');
  assert.match(error.message, /警告、记过、记大过/);
  assert.equal((await detail('leader', id)).state, 'standing_committee');
  for (const government of ['dismissal_from_post', 'expulsion']) {
    refused(await move('leader', id, 'committee.decide', fields,
      { path: 'county_level', decision: { government, government_decider: 'county_commission' } }), 400, 'decision.invalid');
  }
  const allowed = ok(await move('leader', id, 'committee.decide', fields,
    { path: 'county_level', decision: { government: 'major_demerit', government_decider: 'county_commission' } }));
  assert.equal(allowed.decision.government, 'major_demerit');
  assert.equal(allowed.four_form, 2);
  assert.equal(allowed.path, 'county_level');
  assert.ok(allowed.influence.some((p) => p.track === 'government' && p.sanction === 'major_demerit'));
  // The rule is cited (政务处分法 Art. 22), as the contract's problems [{code, rule, message}].
  const problem = (error.problems ?? []).find((p) => p.code === 'decision.village_manager_government_limit');
  assert.ok(problem, JSON.stringify(error));
  assert.match(problem.rule, /政务处分法/);
});

// ---- (c) teams: removal and replacement ----------------------------------------------------------

test('removing a member records the reason and proposes a replacement that excludes them', async () => {
  const opened = ok(await post('leader', '/api/v1/cases', {
    title: '关于某村会计的问题线索', source: 'supervision', township: GU_YANG, summary: '监督检查中发现',
    subject: { name: '村会计丙', post: '村会计', rank: 'village_cadre', village_manager: true },
  }), 201);
  const id = opened.id;
  const head = people['LK-DEMO-410225101-1'];
  const deputy = people['LK-DEMO-410225101-2'];
  const team = ok(await post('gystaff', `/api/v1/cases/${id}/team`, {
    role: 'verifier', reason: '核查组', members: [{ person_id: head.id, leader: true }, { person_id: deputy.id }],
  }));
  const member = team.members.find((m) => m.person_id === deputy.id);
  refused(await post('gystaff', `/api/v1/cases/${id}/members/${member.id}/removal`, { reason: '回避' }), 403, 'auth.forbidden');
  refused(await post('zonechief', `/api/v1/cases/${id}/members/${member.id}/removal`, { reason: '' }), 400, 'request.bad_field');
  const removed = ok(await post('zonechief', `/api/v1/cases/${id}/members/${member.id}/removal`,
    { reason: '发现与被反映人系同学，应当回避' }));
  const after = removed.case.members.find((m) => m.id === member.id);
  assert.equal(after.removed_on, chinaToday());
  assert.equal(after.removal_reason, '发现与被反映人系同学，应当回避');
  const replacement = removed.replacement;
  assert.ok(Array.isArray(replacement.members) && Array.isArray(replacement.excluded));
  assert.ok(replacement.members.length >= 1, JSON.stringify(replacement));
  assert.ok(!replacement.members.some((m) => m.person_id === deputy.id), 'the removed member is not proposed again');
  assert.ok(!replacement.members.some((m) => m.person_id === head.id), 'nor someone already on the team');
  refused(await post('zonechief', `/api/v1/cases/${id}/members/${member.id}/removal`, { reason: '再次' }), 404,
    'team.member_not_found');
});

test('a removal that is refused changes nothing (a county case has no township to propose from)', async () => {
  const opened = ok(await post('leader', '/api/v1/cases', {
    title: '关于某局干部的问题线索', source: 'transfer', summary: '有关机关移送', subject: { name: '干部丁', post: '股长' },
  }), 201);
  const id = opened.id;
  const team = ok(await post('leader', `/api/v1/cases/${id}/team`, {
    role: 'verifier', reason: '核查组',
    members: [{ person_id: people['LK-DEMO-D04'].id, leader: true }, { person_id: people['LK-DEMO-D05'].id }],
  }));
  const member = team.members.find((m) => m.person_id === people['LK-DEMO-D05'].id);
  const result = await post('leader', `/api/v1/cases/${id}/members/${member.id}/removal`, { reason: '发现回避情形' });
  const stored = (await detail('leader', id)).members.find((m) => m.id === member.id);
  if (result.status === 200) {
    assert.equal(stored.removed_on, chinaToday());
  } else {
    assert.equal(stored.removed_on, null, `the server answered ${where(result)} but removed the member anyway`);
  }
});

// ---- (d) 督办 ------------------------------------------------------------------------------------

test('督办: an overdue acceptance notice reaches the county\'s inbox only; reading is per user', async () => {
  const empty = ok(await get('gystaff', '/api/v1/notices'));
  assert.ok(Array.isArray(empty.items));
  refused(await post('gystaff', `/api/v1/notices/${MISSING}/read`), 404, 'notice.not_found');

  // A real-name letter received 60 days ago and never answered: its 15-working-day acceptance
  // notice is long overdue. The item is the county 信访室's (not routed), so the county hears.
  const registered = ok(await post('petition', '/api/v1/reports', {
    channel: 'letter', type: 'accusation', received_on: daysAgo(60), township: GU_YANG,
    persons: [{ name: '逾期某', post: '村主任' }], description: '逾期某侵占集体土地补偿款，群众多次反映未果。',
    reporter: { name: '实名举报人乙', contact: '13822223333' },
  }), 201);
  const notice = registered.deadlines.find((d) => d.rule === 'petition.realname_notice');
  assert.equal(notice?.state, 'overdue', JSON.stringify(registered.deadlines));

  const mine = (result) => result.items.filter((n) => n.link === `/reports/${registered.id}`);
  const leader = mine(ok(await get('leader', '/api/v1/notices')));
  assert.equal(leader.length, 1, 'one notice per item and level');
  assert.match(leader[0].title, /督办/);
  assert.match(leader[0].body, new RegExp(registered.number));
  assert.match(leader[0].body, /逾期/);
  assert.equal(leader[0].read, false);
  assert.equal(mine(ok(await get('leader', '/api/v1/notices'))).length, 1, 'asking again adds nothing');
  assert.equal(mine(ok(await get('staff', '/api/v1/notices'))).length, 1);
  for (const user of ['zonechief', 'nzstaff', 'gystaff']) {
    assert.deepEqual(mine(ok(await get(user, '/api/v1/notices'))), [], `${user} does not see the county's item`);
  }
  refused(await post('nzstaff', `/api/v1/notices/${leader[0].id}/read`), 404, 'notice.not_found');

  assert.equal((await post('leader', `/api/v1/notices/${leader[0].id}/read`)).status, 204);
  assert.equal(mine(ok(await get('leader', '/api/v1/notices')))[0].read, true);
  assert.equal(mine(ok(await get('staff', '/api/v1/notices')))[0].read, false, 'read for the reader only');
});
