// Reports (信访举报, issue 4) through the real `xzq serve` on a real SQLite file: the public
// portal (form, attachments, submission, status, messages, bad input, rate limits), the sealed
// reporter (the name and phone never reach the database file, its WAL, a backup, the logs or the
// attachment and key folders), the 信访室 → township flow with the audited reveal path, repeat
// detection, routing up to a receipt stub, deadlines on the working-day calendar, and the
// village information officer's intake.
//
// The tests share one server and run in order; what one files, later ones use. The rate-limit
// tests run on a second server of their own, because the limits are per address and everything
// here comes from 127.0.0.1.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runXzq, startServer } from '../lib/server.mjs';
import { demoPassword, signIn } from '../lib/session.mjs';

const GU_YANG = '410225101';  // 堌阳镇
const NAN_ZHANG = '410225102';  // 南彰镇
const QUERY_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;  // Crockford base32
const REPORT_NUMBER = /^410225-\d{4}-\d{6}$/;
const RUN = Date.now().toString(36);  // makes descriptions unique, to find reports by `q`

// The sealed reporter of the portal's real-name report, and one the 信访室 registers.
const REPORTER = {
  name: '举报人甄独一',
  contact: '13700009999',
  id_number: idNumber('41022519850315123'),
  address: '兰考县甄家大院东厢房',
};
const LETTER_WRITER = { name: '来信人贾实名', contact: '13811112222' };
// Not sealed: the person reported on, stored as entered (the positive control of the file scans).
const REPORTED = '被反映人钱多多';

let server;
let dataDir;  // the folder of the database, its key file and attachments
let dbFile;
const as = {};  // username → session
const filed = {};  // what the tests file and pass on

/** A resident id number with its GB 11643 check digit. */
function idNumber(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

// A 1×1 PNG, a ZIP header, a Windows executable header.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478' +
  '9c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const ZIP = Buffer.concat([Buffer.from('504b0304140000000800', 'hex'), Buffer.from('not really a photo'.repeat(8))]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0x41)]);

async function call(base, method, url, { session, body, raw, headers = {}, language } = {}) {
  const init = { method, headers: { ...headers } };
  if (session) {
    init.headers.Cookie = session.cookie;
    if (method !== 'GET') init.headers['X-CSRF-Token'] = session.csrf;
  }
  if (language) init.headers['Accept-Language'] = language;
  if (raw !== undefined) {
    init.body = raw;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${base}${url}`, init);
  const buffer = Buffer.from(await response.arrayBuffer());
  const text = buffer.toString('utf8');
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, json, text, buffer, headers: response.headers };
}

const api = (method, url, options) => call(server.baseUrl, method, url, options);
const where = (result) => `${result.status} ${result.text.slice(0, 400)}`;

function upload(base, name, bytes, type = 'application/octet-stream', language) {
  return call(base, 'POST', '/api/v1/public/attachments',
    { raw: bytes, headers: { 'Content-Type': type, 'X-File-Name': encodeURIComponent(name) }, language });
}

/** A valid portal submission about `person` in 堌阳镇, with `extra` fields on top. */
function portalReport(person, description, extra = {}) {
  return {
    submission_id: crypto.randomUUID(),
    category: 'LJ.02',
    problem_areas: ['poverty'],
    township: GU_YANG,
    persons: [{ name: person, post: '村委会主任' }],
    description,
    attachments: [],
    ...extra,
  };
}

const submit = (base, body, language) => call(base, 'POST', '/api/v1/public/reports', { body, language });
const status = (base, code, password, language) =>
  call(base, 'POST', '/api/v1/public/reports/status', { body: { query_code: code, query_password: password }, language });

/** How many reports the 信访室 sees in the county (every report, routed or not). */
async function reportCount(base = server.baseUrl, session = as.petition) {
  const result = await call(base, 'GET', '/api/v1/reports?limit=1', { session });
  assert.equal(result.status, 200, where(result));
  return result.json.total;
}

/** The report (list item) whose description contains `token`, as the 信访室 sees it. */
async function findReport(token) {
  const result = await api('GET', `/api/v1/reports?q=${encodeURIComponent(token)}`, { session: as.petition });
  assert.equal(result.status, 200, where(result));
  assert.equal(result.json.total, 1, `one report with ${token}: ${where(result)}`);
  return result.json.items[0];
}

function filesUnder(folder) {
  if (!existsSync(folder)) return [];
  const out = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

const attachmentFiles = () => filesUnder(path.join(dataDir, 'attachments'));

before(async () => {
  server = await startServer({ demoPassword });
  dbFile = server.dbUrl.replace(/^sqlite:/, '');
  dataDir = path.dirname(dbFile);
  for (const username of ['petition', 'petitionhead', 'gystaff', 'nzstaff', 'leader', 'sysadmin', 'auditor',
    'villageofficer']) {
    as[username] = await signIn(server.baseUrl, username, demoPassword);
  }
});

after(async () => { await server?.stop(); });

// ---- (a) the public portal ---------------------------------------------------------------------

test('the report form lists 兰考县, its townships with their villages, the categories and the limits', async () => {
  const form = await api('GET', '/api/v1/public/report-form');
  assert.equal(form.status, 200, where(form));
  assert.deepEqual(form.json.county, { code: '410225', name: '兰考县' });
  assert.equal(form.json.townships.length, 22);
  const guYang = form.json.townships.find((t) => t.code === GU_YANG);
  assert.equal(guYang?.name, '堌阳镇');
  assert.equal(form.json.townships.find((t) => t.code === NAN_ZHANG)?.name, '南彰镇');
  for (const township of form.json.townships) {
    assert.match(township.code, /^410225\d{3}$/);
    assert.ok(township.villages.length > 0, `${township.name} has villages`);
    for (const village of township.villages) assert.ok(village.code.startsWith(township.code), village.code);
  }
  assert.ok(guYang.villages.some((v) => v.name === '任庄村'), 'a known village of 堌阳镇');
  filed.guYangVillage = guYang.villages.find((v) => v.name === '任庄村').code;
  filed.nanZhangVillage = form.json.townships.find((t) => t.code === NAN_ZHANG).villages[0].code;

  const codes = form.json.categories.map((c) => c.code);
  for (const code of ['ZZ', 'ZUZ', 'LJ', 'QZ', 'GZ', 'SH']) assert.ok(codes.includes(code), `category ${code}`);
  const integrity = form.json.categories.find((c) => c.code === 'LJ');
  assert.equal(integrity.name, '廉洁纪律');
  assert.ok(integrity.subcategories.some((s) => s.code === 'LJ.02'));
  assert.ok(form.json.problem_areas.some((a) => a.code === 'poverty' && a.name.includes('扶贫')));
  assert.equal(form.json.limits.max_attachment_bytes, 10 * 1024 * 1024);
  assert.ok(form.json.limits.accepted_extensions.includes('.png'));

  const english = await api('GET', '/api/v1/public/report-form', { language: 'en' });
  assert.equal(english.json.categories.find((c) => c.code === 'LJ').name.toLowerCase().includes('integrity'), true,
    english.json.categories.find((c) => c.code === 'LJ').name);
});

test('an anonymous report with a PNG photo gets a query code and a password; its status is received', async () => {
  const before = await reportCount();
  const staged = await upload(server.baseUrl, '现场照片.png', PNG, 'image/png');
  assert.equal(staged.status, 201, where(staged));
  assert.equal(staged.json.kind, 'png');
  assert.equal(staged.json.size, PNG.length);
  assert.equal(staged.json.sha256, createHash('sha256').update(PNG).digest('hex'));
  assert.ok(staged.json.token.length >= 16);

  filed.anonymousToken = `匿名${RUN}`;
  const body = portalReport('张某某', `村委会主任张某某在发放扶贫款时向每户收取好处费五百元，多名村民可以作证。${filed.anonymousToken}`,
    { village: filed.guYangVillage, attachments: [staged.json.token] });
  const receipt = await submit(server.baseUrl, body);
  assert.equal(receipt.status, 201, where(receipt));
  assert.match(receipt.json.query_code, QUERY_CODE);
  assert.ok(receipt.json.query_password.length >= 8, receipt.json.query_password);
  assert.equal(receipt.json.status, 'received');
  assert.equal(receipt.json.status_label, '已收到');
  assert.equal(receipt.json.real_name, false);
  Object.assign(filed, { anonymousCode: receipt.json.query_code, anonymousPassword: receipt.json.query_password });
  assert.equal(await reportCount(), before + 1);

  // A resend of the same form (double click, network retry) is recognised and stores nothing.
  const again = await submit(server.baseUrl, body);
  assert.equal(again.status, 409, where(again));
  assert.equal(again.json.error.code, 'report.duplicate_submission');
  assert.match(again.json.error.message, /重复提交/);
  assert.equal(await reportCount(), before + 1);

  const seen = await status(server.baseUrl, receipt.json.query_code, receipt.json.query_password);
  assert.equal(seen.status, 200, where(seen));
  assert.equal(seen.json.status, 'received');
  assert.equal(seen.json.status_label, '已收到');
  assert.match(seen.json.received_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(seen.json.messages, []);
  // The code as a reporter might type it: lower case, without dashes.
  const typed = await status(server.baseUrl, receipt.json.query_code.replaceAll('-', '').toLowerCase(),
    receipt.json.query_password);
  assert.equal(typed.status, 200, where(typed));

  // The 信访室 sees the report, with the photo as uploaded.
  const item = await findReport(filed.anonymousToken);
  assert.equal(item.channel, 'online');
  assert.equal(item.reporter_mode, 'anonymous');
  assert.equal(item.status, 'registered');
  filed.anonymousId = item.id;
  const detail = await api('GET', `/api/v1/reports/${item.id}`, { session: as.petition });
  assert.equal(detail.status, 200, where(detail));
  assert.equal(detail.json.has_identity, false);
  assert.equal(detail.json.village_name, '任庄村');
  assert.equal(detail.json.attachments.length, 1);
  const [photo] = detail.json.attachments;
  assert.equal(photo.name, '现场照片.png');
  assert.equal(photo.sha256, staged.json.sha256);
  const file = await api('GET', `/api/v1/reports/${item.id}/attachments/${photo.id}`, { session: as.petition });
  assert.equal(file.status, 200, where(file));
  assert.equal(file.headers.get('content-type'), 'image/png');
  assert.match(file.headers.get('content-disposition'), /^attachment;/);
  assert.ok(file.buffer.equals(PNG), 'the downloaded photo is the uploaded one');
});

test('a malformed query code answers 400 report.bad_query_code', async () => {
  for (const code of ['ABCD-EFGH', 'ABCD-EFGH-JKMN-PQR!', 'ABCD-EFGH-JKMN-PQRS-TVWX', '<script>alert(1)</script>']) {
    const result = await status(server.baseUrl, code, 'whatever-password');
    assert.equal(result.status, 400, `${code}: ${where(result)}`);
    assert.equal(result.json.error.code, 'report.bad_query_code');
    assert.match(result.json.error.message, /查询码格式不正确/);
  }
  const english = await status(server.baseUrl, 'ABCD', 'whatever-password', 'en');
  assert.match(english.json.error.message, /malformed/);
  // Far too long to be a code: refused as a bad field before any lookup.
  const long = await status(server.baseUrl, 'X'.repeat(70), 'whatever-password');
  assert.equal(long.status, 400, where(long));
  assert.match(long.text, /query_code/);
});

test('bad fields are all named at once and nothing is stored', async () => {
  const before = await reportCount();
  const filesBefore = attachmentFiles().length;
  const bad = {
    submission_id: crypto.randomUUID(),
    problem_areas: ['poverty'],
    township: GU_YANG,
    village: '410225999999',
    persons: [{ name: '张某某', post: '村委会主任' }],
    description: '   ',
    attachments: [],
  };
  const result = await submit(server.baseUrl, bad);
  assert.equal(result.status, 400, where(result));
  assert.equal(result.json.error.code, 'report.invalid');
  const fields = result.json.error.fields.map((f) => f.field).sort();
  assert.deepEqual(fields, ['category', 'description', 'village']);
  const byField = Object.fromEntries(result.json.error.fields.map((f) => [f.field, f]));
  assert.equal(byField.description.code, 'report.description_required');
  assert.equal(byField.category.code, 'report.category_required');
  assert.equal(byField.village.code, 'report.village_unknown');
  assert.match(byField.description.message, /主要问题/);

  // Each on its own, in English.
  const cases = [
    [{ description: '' }, 'description'],
    [{ description: '太短了' }, 'description'],
    [{ village: '410225999999' }, 'village'],
    [{ village: filed.nanZhangVillage }, 'village'],  // a village of another township
    [{ category: undefined }, 'category'],
    [{ category: 'XX.99' }, 'category'],
    [{ township: '410226101' }, 'township'],
  ];
  for (const [change, field] of cases) {
    const body = portalReport('张某某', '村委会主任张某某在发放扶贫款时收取好处费，多名村民可以作证。', change);
    const answer = await submit(server.baseUrl, body, 'en');
    assert.equal(answer.status, 400, `${JSON.stringify(change)}: ${where(answer)}`);
    assert.deepEqual(answer.json.error.fields?.map((f) => f.field), [field], `${JSON.stringify(change)}: ${where(answer)}`);
    assert.match(answer.json.error.message, /[a-z]/);
    assert.doesNotMatch(answer.json.error.message, /[\u4e00-\u9fff]{2}/, 'an English message');
  }

  // Refused before anything is stored: a bad submission id, a short query password, too many files.
  const refusals = [
    [{ submission_id: 'short' }, 400, 'report.bad_submission_id'],
    [{ query_password: 'short' }, 400, 'report.bad_query_password'],
    [{ attachments: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'] }, 400, 'attachment.too_many'],
  ];
  for (const [change, code, errorCode] of refusals) {
    const body = portalReport('张某某', '村委会主任张某某在发放扶贫款时收取好处费，多名村民可以作证。', change);
    const answer = await submit(server.baseUrl, body);
    assert.equal(answer.status, code, `${JSON.stringify(change)}: ${where(answer)}`);
    assert.equal(answer.json.error.code, errorCode);
  }

  // An attachment token that was never issued: refused whole, no report half-written.
  const forged = await submit(server.baseUrl, portalReport('张某某', '村委会主任张某某在发放扶贫款时收取好处费，多名村民可以作证。',
    { attachments: ['not-a-token-that-was-ever-issued'] }));
  assert.equal(forged.status, 409, where(forged));
  assert.equal(forged.json.error.code, 'report.attachment_expired');

  assert.equal(await reportCount(), before, 'no report was stored');
  assert.equal(attachmentFiles().length, filesBefore, 'no file was stored');
});

test('the reporter\'s fields are named in errors as in the JSON body (reporter.contact …)', async () => {
  // The portal and the staff forms show a field's error under `errors['reporter.contact']` etc.
  const before = await reportCount();
  const cases = [
    [{ name: '某人', contact: 'not a phone' }, 'reporter.contact'],
    [{ name: '某人', contact: '13700001234', id_number: '410225198503151230' }, 'reporter.id_number'],
    [{ name: '某'.repeat(31), contact: '13700001234' }, 'reporter.name'],
    [{ name: '某人', contact: '13700001234', address: '某'.repeat(121) }, 'reporter.address'],
  ];
  for (const [reporter, field] of cases) {
    const body = portalReport('张某某', '村委会主任张某某在发放扶贫款时收取好处费，多名村民可以作证。', { reporter });
    const answer = await submit(server.baseUrl, body);
    assert.equal(answer.status, 400, `${field}: ${where(answer)}`);
    assert.deepEqual(answer.json.error.fields?.map((f) => f.field), [field], `${field}: ${where(answer)}`);
  }
  assert.equal(await reportCount(), before);
});

test('disguised, executable, empty and oversized attachments are refused with clear messages', async () => {
  const filesBefore = attachmentFiles().length;
  const refusals = [
    ['photo.jpg', ZIP, 400, 'attachment.disguised', /\.jpg.*压缩包/],
    ['photo.jpg', EXE, 400, 'attachment.disguised', /可执行程序/],
    ['scan.png', Buffer.from('<html><script>alert(1)</script></html>'), 400, 'attachment.disguised', /脚本或网页/],
    ['setup.exe', EXE, 400, 'attachment.executable', /可执行程序/],
    ['notes.js', Buffer.from('alert(1)'), 400, 'attachment.executable', /可执行程序或脚本/],
    ['evidence.zip', ZIP, 400, 'attachment.unsupported', /只接收/],
    ['empty.png', Buffer.alloc(0), 400, 'attachment.empty', /文件为空/],
    ['../../etc/passwd.txt', Buffer.from('hello'), 400, 'attachment.bad_name', /文件名无效/],
  ];
  for (const [name, bytes, code, errorCode, message] of refusals) {
    const result = await upload(server.baseUrl, name, bytes);
    assert.equal(result.status, code, `${name}: ${where(result)}`);
    assert.equal(result.json.error.code, errorCode, `${name}: ${where(result)}`);
    assert.match(result.json.error.message, message, name);
  }
  const english = await upload(server.baseUrl, 'photo.jpg', ZIP, 'image/jpeg', 'en');
  assert.match(english.json.error.message, /named \.jpg but holds a ZIP archive/);

  const noName = await call(server.baseUrl, 'POST', '/api/v1/public/attachments',
    { raw: PNG, headers: { 'Content-Type': 'image/png' } });
  assert.equal(noName.status, 400, where(noName));
  assert.equal(noName.json.error.code, 'attachment.bad_name');

  // 11 MiB: over the 10 MiB a file may have.
  const big = Buffer.alloc(11 * 1024 * 1024, 0);
  PNG.copy(big);
  const tooLarge = await upload(server.baseUrl, 'big.png', big, 'image/png');
  assert.equal(tooLarge.status, 413, where(tooLarge));
  assert.equal(tooLarge.json.error.code, 'attachment.too_large');
  assert.match(tooLarge.json.error.message, /10 MB/);

  assert.equal(attachmentFiles().length, filesBefore, 'no refused file was kept');
});

test('the files of one report may not exceed 30 MiB together', async () => {
  const before = await reportCount();
  const tokens = [];
  for (let i = 0; i < 4; i += 1) {  // 4 × 9 MiB: each file is allowed, together they are too much
    const bytes = Buffer.alloc(9 * 1024 * 1024, i + 1);
    PNG.copy(bytes);
    const staged = await upload(server.baseUrl, `photo-${i}.png`, bytes, 'image/png');
    assert.equal(staged.status, 201, where(staged));
    tokens.push(staged.json.token);
  }
  const answer = await submit(server.baseUrl, portalReport('张某某',
    '村委会主任张某某在发放扶贫款时收取好处费，多名村民可以作证，照片附后。', { attachments: tokens }));
  assert.equal(answer.status, 413, where(answer));
  assert.equal(answer.json.error.code, 'attachment.total_too_large');
  assert.equal(await reportCount(), before, 'nothing was stored');
});

// ---- (b, c) the sealed reporter and the 信访室 → township flow -----------------------------------

test('a real-name report through the portal: the receipt says real-name, the 信访室 handler may see who', async () => {
  filed.realToken = `实名${RUN}`;
  const body = portalReport(REPORTED, `${REPORTED}任村会计期间挪用集体资金八万元，账目长期不公开，请调查处理。${filed.realToken}`,
    { category: 'LJ.06', problem_areas: ['collective_assets'], reporter: REPORTER, query_password: 'my own secret 2026' });
  const receipt = await submit(server.baseUrl, body);
  assert.equal(receipt.status, 201, where(receipt));
  assert.equal(receipt.json.real_name, true);
  assert.equal(receipt.json.query_password, 'my own secret 2026', 'the reporter chose the password');
  Object.assign(filed, { realCode: receipt.json.query_code, realPassword: receipt.json.query_password });

  const item = await findReport(filed.realToken);
  assert.equal(item.reporter_mode, 'real_name');
  filed.realId = item.id;
  filed.realNumber = item.number;
  assert.match(item.number, REPORT_NUMBER);
  // The list carries no identity either.
  const list = await api('GET', '/api/v1/reports', { session: as.petition });
  assert.ok(!list.text.includes(REPORTER.name) && !list.text.includes(REPORTER.contact));

  const detail = await api('GET', `/api/v1/reports/${item.id}`, { session: as.petition });
  assert.equal(detail.status, 200, where(detail));
  assert.equal(detail.json.has_identity, true);
  assert.ok(!detail.text.includes(REPORTER.name), 'the detail does not carry the identity');
  assert.deepEqual(detail.json.persons.map((p) => p.name), [REPORTED]);

  const who = await api('GET', `/api/v1/reports/${item.id}/reporter`, { session: as.petition });
  assert.equal(who.status, 200, where(who));
  assert.deepEqual(who.json, { name: REPORTER.name, contact: REPORTER.contact, id_number: REPORTER.id_number,
    address: REPORTER.address });
});

test('the 信访室 sees a routing suggestion and routes to 堌阳镇; 堌阳镇 sees it, 南彰镇 does not', async () => {
  const list = await api('GET', '/api/v1/reports?status=registered', { session: as.petition });
  assert.equal(list.status, 200, where(list));
  const item = list.json.items.find((r) => r.id === filed.realId);
  assert.ok(item, 'the new report is in the 信访室 list');
  assert.equal(item.status, 'registered');
  assert.equal(item.level, null);
  assert.equal(item.next_deadline?.rule, 'petition.realname_notice');

  const detail = await api('GET', `/api/v1/reports/${filed.realId}`, { session: as.petition });
  const suggestion = detail.json.routing_suggestion;
  assert.equal(suggestion.level, 'township');
  assert.equal(suggestion.rule, 'township.jurisdiction');
  assert.equal(suggestion.township_code, GU_YANG);
  assert.equal(suggestion.township_name, '堌阳镇');
  assert.ok(suggestion.reason.length > 0);
  assert.equal(detail.json.allowed.route, true);

  // Before routing the township sees nothing of it.
  const early = await api('GET', `/api/v1/reports/${filed.realId}`, { session: as.gystaff });
  assert.equal(early.status, 404, where(early));

  // A township cadre cannot route.
  const notTheirs = await api('POST', `/api/v1/reports/${filed.realId}/route`, { session: as.gystaff, body: {} });
  assert.equal(notTheirs.status, 403, where(notTheirs));

  const routed = await api('POST', `/api/v1/reports/${filed.realId}/route`, { session: as.petition, body: {} });
  assert.equal(routed.status, 200, where(routed));
  assert.equal(routed.json.level, 'township');
  assert.equal(routed.json.township_code, GU_YANG);
  assert.equal(routed.json.status, 'registered');
  assert.ok(routed.json.history.some((h) => h.action === 'routed_township'));
  assert.ok(routed.json.deadlines.some((d) => d.rule === 'petition.accept_or_forward' && !d.completed_on));

  const gy = await api('GET', '/api/v1/reports', { session: as.gystaff });
  assert.equal(gy.status, 200, where(gy));
  assert.ok(gy.json.items.some((r) => r.id === filed.realId), '堌阳镇 lists it');
  assert.ok(gy.json.items.every((r) => r.township_code === GU_YANG), '堌阳镇 lists only its own reports');
  const gyDetail = await api('GET', `/api/v1/reports/${filed.realId}`, { session: as.gystaff });
  assert.equal(gyDetail.status, 200, where(gyDetail));
  assert.equal(gyDetail.json.has_identity, true);
  assert.equal(gyDetail.json.identity_visible, false);
  assert.equal(gyDetail.json.allowed.accept, true);
  assert.equal(gyDetail.json.allowed.reveal_request, true);

  const nz = await api('GET', '/api/v1/reports', { session: as.nzstaff });
  assert.equal(nz.status, 200, where(nz));
  assert.equal(nz.json.total, 0);
  assert.deepEqual(nz.json.items, []);
  for (const suffix of ['', '/reporter']) {
    const hidden = await api('GET', `/api/v1/reports/${filed.realId}${suffix}`, { session: as.nzstaff });
    assert.equal(hidden.status, 404, `${suffix}: ${where(hidden)}`);
  }
  const nzAccept = await api('POST', `/api/v1/reports/${filed.realId}/accept`, { session: as.nzstaff, body: {} });
  assert.equal(nzAccept.status, 404, where(nzAccept));
});

test('堌阳镇 accepts and writes to the reporter, who reads it with the code and answers', async () => {
  const accepted = await api('POST', `/api/v1/reports/${filed.realId}/accept`, { session: as.gystaff, body: {} });
  assert.equal(accepted.status, 200, where(accepted));
  assert.equal(accepted.json.status, 'accepted');
  assert.equal(accepted.json.allowed.message, true);

  const text = '您反映的问题已受理，我们将依纪依法调查处理。';
  const message = await api('POST', `/api/v1/reports/${filed.realId}/messages`,
    { session: as.gystaff, body: { text, notice: true } });
  assert.equal(message.status, 201, where(message));
  assert.equal(message.json.from, 'handler');
  assert.equal(message.json.text, text);
  const detail = await api('GET', `/api/v1/reports/${filed.realId}`, { session: as.gystaff });
  const notice = detail.json.deadlines.find((d) => d.rule === 'petition.realname_notice');
  assert.ok(notice?.completed_on, `the acceptance notice deadline is met: ${JSON.stringify(notice)}`);

  const seen = await status(server.baseUrl, filed.realCode, filed.realPassword);
  assert.equal(seen.status, 200, where(seen));
  assert.equal(seen.json.status, 'accepted');
  assert.equal(seen.json.status_label, '已受理');
  assert.equal(seen.json.messages.length, 1);
  assert.equal(seen.json.messages[0].from, 'handler');
  assert.equal(seen.json.messages[0].text, text);
  assert.ok(!('by' in seen.json.messages[0]) && !seen.text.includes('gystaff'), 'no internal detail');

  const reply = await call(server.baseUrl, 'POST', '/api/v1/public/reports/messages',
    { body: { query_code: filed.realCode, query_password: filed.realPassword, text: '我还有转账记录可以补充。' } });
  assert.equal(reply.status, 201, where(reply));
  const after = await api('GET', `/api/v1/reports/${filed.realId}`, { session: as.gystaff });
  assert.ok(after.json.messages.some((m) => m.from === 'reporter' && m.text === '我还有转账记录可以补充。'));
});

test('the reporter stays sealed from 堌阳镇 until the custodian approves a request', async () => {
  const sealed = await api('GET', `/api/v1/reports/${filed.realId}/reporter`, { session: as.gystaff });
  assert.equal(sealed.status, 403, where(sealed));
  assert.equal(sealed.json.error.code, 'reporter.sealed');
  assert.match(sealed.json.error.message, /举报人信息已加密保护/);

  const noReason = await api('POST', `/api/v1/reports/${filed.realId}/reveal-requests`,
    { session: as.gystaff, body: { reason: '' } });
  assert.equal(noReason.status, 400, where(noReason));

  const asked = await api('POST', `/api/v1/reports/${filed.realId}/reveal-requests`,
    { session: as.gystaff, body: { reason: '需要联系举报人核实转账记录' } });
  assert.equal(asked.status, 201, where(asked));
  assert.equal(asked.json.state, 'pending');
  const twice = await api('POST', `/api/v1/reports/${filed.realId}/reveal-requests`,
    { session: as.gystaff, body: { reason: '需要联系举报人核实转账记录' } });
  assert.equal(twice.status, 409, where(twice));
  assert.equal(twice.json.error.code, 'reveal.pending');

  // Only the custodian lists and decides.
  const notCustodian = await api('GET', '/api/v1/reveal-requests', { session: as.gystaff });
  assert.equal(notCustodian.status, 403, where(notCustodian));
  const petitionDecides = await api('POST', `/api/v1/reveal-requests/${asked.json.id}/decision`,
    { session: as.petition, body: { approve: true, reason: '同意' } });
  assert.equal(petitionDecides.status, 403, where(petitionDecides));

  const pending = await api('GET', '/api/v1/reveal-requests?state=pending', { session: as.petitionhead });
  assert.equal(pending.status, 200, where(pending));
  const request = pending.json.items.find((r) => r.id === asked.json.id);
  assert.ok(request, where(pending));
  assert.equal(request.report_id, filed.realId);
  assert.equal(request.report_number, filed.realNumber);
  assert.equal(request.requested_by, 'gystaff');
  assert.equal(request.state, 'pending');
  assert.ok(!pending.text.includes(REPORTER.name));

  const decided = await api('POST', `/api/v1/reveal-requests/${asked.json.id}/decision`,
    { session: as.petitionhead, body: { approve: true, reason: '核实需要，同意查看' } });
  assert.equal(decided.status, 200, where(decided));
  assert.equal(decided.json.state, 'approved');
  assert.equal(decided.json.decided_by, 'petitionhead');
  const again = await api('POST', `/api/v1/reveal-requests/${asked.json.id}/decision`,
    { session: as.petitionhead, body: { approve: false, reason: '改变主意' } });
  assert.equal(again.status, 409, where(again));
  assert.equal(again.json.error.code, 'reveal.decided');
  const approved = await api('GET', '/api/v1/reveal-requests?state=approved', { session: as.petitionhead });
  assert.ok(approved.json.items.some((r) => r.id === asked.json.id));
  const none = await api('GET', '/api/v1/reveal-requests?state=pending', { session: as.petitionhead });
  assert.ok(!none.json.items.some((r) => r.id === asked.json.id));

  const revealed = await api('GET', `/api/v1/reports/${filed.realId}/reporter`, { session: as.gystaff });
  assert.equal(revealed.status, 200, where(revealed));
  assert.equal(revealed.json.name, REPORTER.name);
  assert.equal(revealed.json.contact, REPORTER.contact);
  const detail = await api('GET', `/api/v1/reports/${filed.realId}`, { session: as.gystaff });
  assert.equal(detail.json.identity_visible, true);
  assert.equal(detail.json.reveal.state, 'approved');

  // 南彰镇 still gets nothing, approved request or not.
  const nz = await api('GET', `/api/v1/reports/${filed.realId}/reporter`, { session: as.nzstaff });
  assert.equal(nz.status, 404, where(nz));
});

test('a custodian cannot approve their own reveal request', async () => {
  // The report's handler is `petition` (who routed it), so the 信访室 head does not see the reporter.
  const sealed = await api('GET', `/api/v1/reports/${filed.realId}/reporter`, { session: as.petitionhead });
  assert.equal(sealed.status, 403, where(sealed));
  assert.equal(sealed.json.error.code, 'reporter.sealed');
  const asked = await api('POST', `/api/v1/reports/${filed.realId}/reveal-requests`,
    { session: as.petitionhead, body: { reason: '复核举报人身份' } });
  assert.equal(asked.status, 201, where(asked));
  const own = await api('POST', `/api/v1/reveal-requests/${asked.json.id}/decision`,
    { session: as.petitionhead, body: { approve: true, reason: '同意' } });
  assert.equal(own.status, 403, where(own));
  assert.equal(own.json.error.code, 'reveal.own_request');
  const still = await api('GET', '/api/v1/reveal-requests?state=pending', { session: as.petitionhead });
  assert.ok(still.json.items.some((r) => r.id === asked.json.id && r.state === 'pending'));
  const stillSealed = await api('GET', `/api/v1/reports/${filed.realId}/reporter`, { session: as.petitionhead });
  assert.equal(stillSealed.status, 403, where(stillSealed));
});

test('every read of the reporter and every reveal decision is audited, without the identity', async () => {
  const entriesOf = async (action) => {
    const result = await api('GET', `/api/v1/audit?action=${action}&limit=1000`, { session: as.auditor });
    assert.equal(result.status, 200, where(result));
    return result.json.entries;
  };
  const reads = await entriesOf('reporter.read');
  const id = String(filed.realId);
  assert.ok(reads.some((e) => e.actor === 'petition' && e.outcome === 'ok' && e.record_id === id), 'the handler read');
  assert.ok(reads.some((e) => e.actor === 'gystaff' && e.outcome === 'ok' && e.record_id === id), 'the approved read');
  assert.ok(reads.some((e) => e.actor === 'gystaff' && e.outcome === 'denied' && e.record_id === id),
    'the sealed refusal');
  const decisions = await entriesOf('reporter.reveal_decision');
  assert.ok(decisions.some((e) => e.actor === 'petitionhead' && e.outcome === 'ok' && e.record_id === id
    && e.detail.approve === true && e.detail.requested_by === 'gystaff'), JSON.stringify(decisions));
  assert.ok(decisions.some((e) => e.actor === 'petitionhead' && e.outcome === 'denied'), 'the refused own decision');
  const requests = await entriesOf('reporter.reveal_request');
  assert.ok(requests.some((e) => e.actor === 'gystaff' && e.record_id === id));

  const everything = await api('GET', '/api/v1/audit?limit=1000', { session: as.auditor });
  assert.equal(everything.status, 200, where(everything));
  const submissions = everything.json.entries.filter((e) => e.action === 'report.submit');
  assert.ok(submissions.length >= 2, 'portal submissions are audited');
  for (const entry of submissions) {
    assert.equal(entry.actor, 'portal');
    assert.equal(entry.remote, '', 'no address of a reporter is kept');
  }
  for (const secret of [REPORTER.name, REPORTER.contact, REPORTER.id_number, REPORTER.address]) {
    assert.ok(!everything.text.includes(secret), `the audit log does not contain ${secret}`);
  }
  const csv = await api('GET', '/api/v1/audit/export', { session: as.auditor });
  assert.equal(csv.status, 200);
  assert.ok(!csv.text.includes(REPORTER.name) && !csv.text.includes(REPORTER.contact));
});

test('堌阳镇 concludes; the named reporter is owed the result within 15 working days and reads it', async () => {
  const concluded = await api('POST', `/api/v1/reports/${filed.realId}/conclude`,
    { session: as.gystaff, body: { summary: '经查，反映问题部分属实，已责令退还挪用资金。' } });
  assert.equal(concluded.status, 200, where(concluded));
  assert.equal(concluded.json.status, 'concluded');
  const feedback = concluded.json.deadlines.find((d) => d.rule === 'petition.realname_feedback');
  assert.ok(feedback && !feedback.completed_on, JSON.stringify(concluded.json.deadlines));
  assert.equal(feedback.township_code, GU_YANG);
  const gyMine = await api('GET', '/api/v1/deadlines/mine', { session: as.gystaff });
  assert.ok(gyMine.json.items.some((d) => d.subject_id === filed.realId && d.rule === 'petition.realname_feedback'),
    '堌阳镇 sees the feedback it owes');
  const nzMine = await api('GET', '/api/v1/deadlines/mine', { session: as.nzstaff });
  assert.ok(!nzMine.json.items.some((d) => d.subject_id === filed.realId));

  const told = await api('POST', `/api/v1/reports/${filed.realId}/messages`,
    { session: as.gystaff, body: { text: '经查，您反映的问题部分属实，已作处理。' } });
  assert.equal(told.status, 201, where(told));
  const detail = await api('GET', `/api/v1/reports/${filed.realId}`, { session: as.gystaff });
  assert.ok(detail.json.deadlines.find((d) => d.rule === 'petition.realname_feedback').completed_on);

  const seen = await status(server.baseUrl, filed.realCode, filed.realPassword, 'en');
  assert.equal(seen.json.status, 'concluded');
  assert.equal(seen.json.status_label.toLowerCase(), 'concluded');
  assert.equal(seen.json.messages.filter((m) => m.from === 'handler').length, 2);
  assert.ok(!seen.text.includes('责令退还'), 'the internal conclusion is not shown to the reporter');
});

// ---- (d) repeats ---------------------------------------------------------------------------------

test('a second report about the same person and matter is flagged as a repeat of the first', async () => {
  const register = (description, extra = {}) => api('POST', '/api/v1/reports', {
    session: as.petition,
    body: {
      channel: 'letter', type: 'accusation', category: 'LJ.05', problem_areas: ['housing'], township: NAN_ZHANG,
      persons: [{ name: '孙重复', post: '村委会主任' }], description, ...extra,
    },
  });
  const first = await register(`南彰镇某村村委会主任孙重复在危房改造中虚报冒领补助资金，涉及五户村民。${RUN}`);
  assert.equal(first.status, 201, where(first));
  assert.equal(first.json.repeat.state, 'none');
  assert.equal(first.json.channel, 'letter');
  assert.equal(first.json.reporter_mode, 'anonymous');

  const second = await register('孙重复在危房改造补助发放中虚报冒领资金，有五户村民的补助被他冒领。', { channel: 'visit' });
  assert.equal(second.status, 201, where(second));
  assert.equal(second.json.repeat.state, 'suggested');
  assert.equal(second.json.repeat.candidates[0].report_id, first.json.id);
  assert.equal(second.json.repeat.candidates[0].number, first.json.number);
  assert.ok(second.json.repeat.candidates[0].score > 0 && second.json.repeat.candidates[0].score <= 1);
  assert.match(second.json.repeat.candidates[0].reason, /孙重复/);
  assert.equal(second.json.allowed.repeat, true);
  const listed = await api('GET', '/api/v1/reports?q=孙重复', { session: as.petition });
  assert.equal(listed.json.items.find((r) => r.id === second.json.id)?.repeat_state, 'suggested');

  // A report about someone else is not a repeat.
  const other = await register('南彰镇某村村委会主任李不同在危房改造中虚报冒领补助资金，涉及五户村民。',
    { persons: [{ name: '李不同', post: '村委会主任' }] });
  assert.equal(other.json.repeat.state, 'none', where(other));

  const confirmed = await api('POST', `/api/v1/reports/${second.json.id}/repeat`,
    { session: as.petition, body: { confirm: true } });
  assert.equal(confirmed.status, 200, where(confirmed));
  assert.equal(confirmed.json.repeat.state, 'confirmed');
  assert.deepEqual(confirmed.json.repeat.original, { id: first.json.id, number: first.json.number });
  assert.ok(confirmed.json.history.some((h) => h.action === 'repeat_confirmed'));
  const twice = await api('POST', `/api/v1/reports/${second.json.id}/repeat`,
    { session: as.petition, body: { confirm: false } });
  assert.equal(twice.status, 409, where(twice));

  // The handler may also reject the flag.
  const third = await register('孙重复在危房改造中虚报冒领补助资金的问题，五户村民至今未拿到补助。');
  assert.equal(third.json.repeat.state, 'suggested', where(third));
  const rejected = await api('POST', `/api/v1/reports/${third.json.id}/repeat`,
    { session: as.petition, body: { confirm: false } });
  assert.equal(rejected.status, 200, where(rejected));
  assert.equal(rejected.json.repeat.state, 'rejected');
});

// ---- (e) routing up ------------------------------------------------------------------------------

test('a report about a 县处级 cadre is suggested for the higher commission and keeps only a receipt stub', async () => {
  const description = `副县长某某在分管项目中插手工程招标，收受承包商财物。${RUN}`;
  filed.sentUp = [description];
  const registered = await api('POST', '/api/v1/reports', {
    session: as.petition,
    body: {
      channel: 'letter', type: 'accusation', category: 'LJ.01', problem_areas: ['projects'], township: GU_YANG,
      persons: [{ name: '某副县长', post: '副县长', rank: 'county_division' }], description,
    },
  });
  assert.equal(registered.status, 201, where(registered));
  const suggestion = registered.json.routing_suggestion;
  assert.equal(suggestion.level, 'higher');
  assert.equal(suggestion.rule, 'higher.upper_cadre');
  assert.equal(suggestion.receipt_stub_only, true);
  assert.ok(registered.json.deadlines.some((d) => d.rule === 'petition.forward_up'), 'the 5-working-day forward');
  // The same report without the rank would stay in the township.
  const lower = await api('POST', '/api/v1/reports', {
    session: as.petition,
    body: {
      channel: 'letter', type: 'accusation', category: 'LJ.01', township: GU_YANG,
      persons: [{ name: '某村干部', post: '村委委员' }], description: '村委委员某村干部在工程项目中收受承包商财物。',
    },
  });
  assert.equal(lower.json.routing_suggestion.level, 'township', where(lower));

  const routed = await api('POST', `/api/v1/reports/${registered.json.id}/route`, { session: as.petition, body: {} });
  assert.equal(routed.status, 200, where(routed));
  assert.equal(routed.json.status, 'forwarded_up');
  assert.equal(routed.json.level, 'higher');
  assert.equal(routed.json.stub, true);
  assert.equal(routed.json.description, '');
  assert.deepEqual(routed.json.persons, []);
  assert.deepEqual(routed.json.attachments, []);
  assert.equal(routed.json.category, null);
  assert.ok(routed.json.deadlines.find((d) => d.rule === 'petition.forward_up')?.completed_on);
  const list = await api('GET', `/api/v1/reports?status=forwarded_up`, { session: as.petition });
  const item = list.json.items.find((r) => r.id === registered.json.id);
  assert.equal(item?.stub, true);
  assert.equal(item.summary, '');
  const again = await api('POST', `/api/v1/reports/${registered.json.id}/route`,
    { session: as.petition, body: { level: 'county' } });
  assert.equal(again.status, 409, where(again));
});

test('a portal report sent up loses its content and attachments; the reporter sees it concluded', async () => {
  const staged = await upload(server.baseUrl, '转账截图.png', PNG, 'image/png');
  assert.equal(staged.status, 201, where(staged));
  const filesBefore = attachmentFiles().length;
  const token = `上报${RUN}`;
  const description = `某局长长期违规接受宴请，收受购物卡。${token}`;
  filed.sentUp.push(description);
  const receipt = await submit(server.baseUrl, portalReport('某局长', description, { attachments: [staged.json.token] }));
  assert.equal(receipt.status, 201, where(receipt));
  const item = await findReport(token);
  const before = await api('GET', `/api/v1/reports/${item.id}`, { session: as.petition });
  assert.equal(before.json.attachments.length, 1);
  const attachmentId = before.json.attachments[0].id;

  const routed = await api('POST', `/api/v1/reports/${item.id}/route`,
    { session: as.petition, body: { level: 'higher', reason: '被反映人为县管以上干部' } });
  assert.equal(routed.status, 200, where(routed));
  assert.equal(routed.json.status, 'forwarded_up');
  assert.equal(routed.json.stub, true);
  assert.equal(routed.json.description, '');
  assert.deepEqual(routed.json.persons, []);
  assert.deepEqual(routed.json.attachments, []);
  const gone = await api('GET', `/api/v1/reports/${item.id}/attachments/${attachmentId}`, { session: as.petition });
  assert.equal(gone.status, 404, where(gone));
  assert.equal(attachmentFiles().length, filesBefore - 1, 'the attachment file was removed');
  const search = await api('GET', `/api/v1/reports?q=${encodeURIComponent(token)}`, { session: as.petition });
  assert.equal(search.json.total, 0, 'the text can no longer be found');

  const seen = await status(server.baseUrl, receipt.json.query_code, receipt.json.query_password);
  assert.equal(seen.status, 200, where(seen));
  assert.equal(seen.json.status, 'concluded');
  assert.equal(seen.json.status_label, '已办结');
  const write = await call(server.baseUrl, 'POST', '/api/v1/public/reports/messages',
    { body: { query_code: receipt.json.query_code, query_password: receipt.json.query_password, text: '还有补充' } });
  assert.equal(write.status, 409, where(write));
});

// ---- (f) deadlines and the calendar --------------------------------------------------------------

/** Exceptions of the server's calendar for `years`, as date → kind. */
async function calendarDays(years) {
  const days = new Map();
  for (const year of years) {
    const result = await api('GET', `/api/v1/calendar?year=${year}`, { session: as.gystaff });
    assert.equal(result.status, 200, where(result));
    for (const day of result.json.days) days.set(day.date, day.kind);
  }
  return days;
}

const isoDay = (date) => date.toISOString().slice(0, 10);
const nextDay = (text) => isoDay(new Date(Date.parse(`${text}T00:00:00Z`) + 86400000));
const weekend = (text) => [0, 6].includes(new Date(`${text}T00:00:00Z`).getUTCDay());
const working = (text, days) => (days.has(text) ? days.get(text) === 'adjusted_workday' : !weekend(text));

test('a real-name report owes the acceptance notice 15 working days later, on the holiday calendar', async () => {
  // Received the Monday before National Day 2026 when that is past (the holidays and the
  // adjusted Saturday 10 October fall inside the 15 days), else today.
  const today = isoDay(new Date(Date.now() + 8 * 3600 * 1000));  // China time
  const received = today > '2026-10-24' ? '2026-09-28' : today;
  const registered = await api('POST', '/api/v1/reports', {
    session: as.petition,
    body: {
      channel: 'letter', type: 'accusation', received_on: received, category: 'QZ.01', township: GU_YANG,
      persons: [{ name: '周迟办', post: '村文书' }], description: `村文书周迟办对群众办事推诿拖延，多次索要好处。${RUN}`,
      reporter: LETTER_WRITER,
    },
  });
  assert.equal(registered.status, 201, where(registered));
  assert.equal(registered.json.reporter_mode, 'real_name');
  assert.equal(registered.json.received_on, received);
  filed.letterId = registered.json.id;
  const notice = registered.json.deadlines.find((d) => d.rule === 'petition.realname_notice');
  assert.ok(notice, JSON.stringify(registered.json.deadlines));
  assert.equal(notice.start_on, received);
  assert.match(notice.source, /检举控告工作规则/);

  // Count it here on the server's calendar: the 15th working day after the day received.
  const year = Number(received.slice(0, 4));
  const days = await calendarDays([year, year + 1]);
  let due = received;
  for (let counted = 0; counted < 15;) {
    due = nextDay(due);
    if (working(due, days)) counted += 1;
  }
  assert.equal(notice.due_on, due);
  assert.ok(working(notice.due_on, days), 'due on a working day');
  let weekdays = 0;
  for (let day = received; day < notice.due_on; day = nextDay(day)) if (!weekend(nextDay(day))) weekdays += 1;
  assert.ok(weekdays >= 15, `${weekdays} weekdays`);
  if (received === '2026-09-28') assert.equal(notice.due_on, '2026-10-23');
  if (notice.due_on < today) assert.equal(notice.state, 'overdue');

  const mine = await api('GET', '/api/v1/deadlines/mine', { session: as.petition });
  assert.equal(mine.status, 200, where(mine));
  const listed = mine.json.items.find((d) => d.subject_id === filed.letterId && d.rule === 'petition.realname_notice');
  assert.equal(listed?.due_on, notice.due_on);
  assert.equal(listed.subject_number, registered.json.number);
  // A township cadre's list holds nothing of the county's own items.
  const gyMine = await api('GET', '/api/v1/deadlines/mine', { session: as.gystaff });
  assert.equal(gyMine.status, 200, where(gyMine));
  assert.ok(!gyMine.json.items.some((d) => d.subject_id === filed.letterId));

  const rules = await api('GET', '/api/v1/deadline-rules', { session: as.petition });
  const rule = rules.json.items.find((r) => r.code === 'petition.realname_notice');
  assert.equal(rule.unit, 'working_days');
  assert.equal(rule.amount, 15);
});

test('the overdue board lists the zones and the county totals', async () => {
  const board = await api('GET', '/api/v1/deadlines/board', { session: as.leader });
  assert.equal(board.status, 200, where(board));
  assert.match(board.json.today, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(board.json.zones.length, 6);
  for (const zone of board.json.zones) {
    assert.ok(Number.isInteger(zone.zone_id) && zone.name.length > 0, JSON.stringify(zone));
    assert.ok(zone.open >= zone.overdue && Array.isArray(zone.overdue_items));
  }
  assert.ok(board.json.county.open >= 1);
  // 堌阳镇's open acceptance deadline (the routed real-name report) counts in its zone.
  const zonechief = await signIn(server.baseUrl, 'zonechief', demoPassword);
  const zoneBoard = await api('GET', '/api/v1/deadlines/board', { session: zonechief });
  assert.equal(zoneBoard.status, 200, where(zoneBoard));
  assert.deepEqual(zoneBoard.json.zones.map((z) => z.zone_id), [1], 'a zone chief sees their own zone');
  const villageofficer = await api('GET', '/api/v1/deadlines/board', { session: as.villageofficer });
  assert.equal(villageofficer.status, 403, where(villageofficer));
});

test('the holiday calendar: 2026 shipped, administrators maintain it, others may not', async () => {
  const year2026 = await api('GET', '/api/v1/calendar?year=2026', { session: as.gystaff });
  assert.equal(year2026.status, 200, where(year2026));
  assert.equal(year2026.json.covered, true);
  const day = (date) => year2026.json.days.find((d) => d.date === date);
  assert.equal(day('2026-02-14')?.kind, 'adjusted_workday');
  assert.equal(day('2026-10-01')?.kind, 'holiday');
  assert.equal(day('2026-02-17')?.name, '春节');

  const refused = await api('PUT', '/api/v1/calendar/2027-01-01', { session: as.gystaff, body: { kind: 'holiday', name: '元旦' } });
  assert.equal(refused.status, 403, where(refused));
  const badKind = await api('PUT', '/api/v1/calendar/2027-01-01', { session: as.sysadmin, body: { kind: 'party', name: '元旦' } });
  assert.equal(badKind.status, 400, where(badKind));
  const badDate = await api('PUT', '/api/v1/calendar/2027-02-30', { session: as.sysadmin, body: { kind: 'holiday', name: 'x' } });
  assert.equal(badDate.status, 400, where(badDate));

  const put = await api('PUT', '/api/v1/calendar/2027-01-01', { session: as.sysadmin, body: { kind: 'holiday', name: '元旦' } });
  assert.equal(put.status, 200, where(put));
  const year2027 = await api('GET', '/api/v1/calendar?year=2027', { session: as.gystaff });
  assert.equal(year2027.json.covered, true);
  assert.deepEqual(year2027.json.days.find((d) => d.date === '2027-01-01'), { date: '2027-01-01', kind: 'holiday', name: '元旦' });
  const audit = await api('GET', '/api/v1/audit?action=calendar.write', { session: as.auditor });
  assert.ok(audit.json.entries.some((e) => e.record_id === '2027-01-01' && e.actor === 'sysadmin' && e.outcome === 'ok'));

  const gyDelete = await api('DELETE', '/api/v1/calendar/2027-01-01', { session: as.gystaff });
  assert.equal(gyDelete.status, 403, where(gyDelete));
  const removed = await api('DELETE', '/api/v1/calendar/2027-01-01', { session: as.sysadmin });
  assert.equal(removed.status, 204, where(removed));
  const missing = await api('DELETE', '/api/v1/calendar/2027-01-01', { session: as.sysadmin });
  assert.equal(missing.status, 404, where(missing));
  assert.equal(missing.json.error.code, 'calendar.not_found');
});

// ---- (g) the village information officer ---------------------------------------------------------

test('a village information officer registers what villagers report; the channel is recorded', async () => {
  const description = `任庄村组长李村霸在低保评定中优亲厚友，把不符合条件的亲属报为低保户。${RUN}`;
  const made = await api('POST', '/api/v1/village-reports', {
    session: as.villageofficer,
    body: {
      type: 'accusation', category: 'QZ.01', problem_areas: ['subsistence'], township: GU_YANG,
      village: filed.guYangVillage, persons: [{ name: '李村霸', post: '村民组长' }], description,
    },
  });
  assert.equal(made.status, 201, where(made));
  assert.match(made.json.number, REPORT_NUMBER);
  assert.match(made.json.received_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(Number.isInteger(made.json.id));

  const mine = await api('GET', '/api/v1/village-reports', { session: as.villageofficer });
  assert.equal(mine.status, 200, where(mine));
  const item = mine.json.items.find((r) => r.id === made.json.id);
  assert.ok(item, where(mine));
  assert.equal(item.number, made.json.number);
  assert.equal(item.township_name, '堌阳镇');
  assert.equal(item.village_name, '任庄村');
  assert.equal(item.status_label, '已登记');
  assert.ok(description.startsWith(item.summary.replace(/…$/, '')));

  const staff = await api('GET', `/api/v1/reports/${made.json.id}`, { session: as.petition });
  assert.equal(staff.status, 200, where(staff));
  assert.equal(staff.json.channel, 'village_officer');
  assert.equal(staff.json.channel_label, '村级监察信息员');
  assert.equal(staff.json.number, made.json.number);
  assert.ok(staff.json.history.some((h) => h.action === 'registered' && h.by === 'villageofficer'), JSON.stringify(staff.json.history));

  // The officer names no channel and reads no one else's reports.
  const channel = await api('POST', '/api/v1/village-reports', {
    session: as.villageofficer, body: { channel: 'letter', township: GU_YANG, persons: [{ name: '某人' }], description },
  });
  assert.equal(channel.status, 400, where(channel));
  const invalid = await api('POST', '/api/v1/village-reports', {
    session: as.villageofficer, body: { township: GU_YANG, village: filed.nanZhangVillage, description: '太短' },
  });
  assert.equal(invalid.status, 400, where(invalid));
  assert.deepEqual(invalid.json.error.fields.map((f) => f.field).sort(), ['description', 'village']);
  const list = await api('GET', '/api/v1/reports', { session: as.villageofficer });
  assert.equal(list.status, 403, where(list));
  // 信访室 staff cannot file as a village officer.
  const petitionIntake = await api('POST', '/api/v1/reports', {
    session: as.petition,
    body: { channel: 'village_officer', township: GU_YANG, persons: [{ name: '某人', post: '组长' }], description },
  });
  assert.equal(petitionIntake.status, 400, where(petitionIntake));
});

// ---- (b) the sealed reporter on disk -------------------------------------------------------------

const SECRETS = [
  ['the portal reporter\'s name', REPORTER.name],
  ['the portal reporter\'s phone', REPORTER.contact],
  ['the portal reporter\'s id number', REPORTER.id_number],
  ['the portal reporter\'s address', REPORTER.address],
  ['the letter writer\'s name', LETTER_WRITER.name],
  ['the letter writer\'s phone', LETTER_WRITER.contact],
];

function assertSealedIn(label, bytes) {
  for (const [what, secret] of SECRETS) {
    for (const encoding of ['utf8', 'utf16le']) {
      assert.equal(bytes.indexOf(Buffer.from(secret, encoding)), -1, `${what} (${encoding}) occurs in ${label}`);
    }
  }
}

const read = (file) => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0));

test('the reporters\' names and phones occur nowhere on disk or in the logs; the key file is 0600', async () => {
  const keyFile = path.join(dataDir, 'xzq-reporter.key');
  assert.ok(existsSync(keyFile), 'the key file sits beside the database');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);

  const database = Buffer.concat([read(dbFile), read(`${dbFile}-wal`)]);
  assert.ok(database.length > 0);
  // The search works: what is not sealed (the reported person) is found.
  assert.notEqual(database.indexOf(Buffer.from(REPORTED)), -1, 'the positive control is found in the database');
  assertSealedIn('the database and its WAL', database);
  assertSealedIn('the -shm file', read(`${dbFile}-shm`));

  const backup = path.join(dataDir, 'backup.db');
  const made = runXzq(['backup', '--db', server.dbUrl, '--to', backup]);
  assert.equal(made.status, 0, made.stderr);
  const copy = Buffer.concat([read(backup), read(`${backup}-wal`)]);
  assert.notEqual(copy.indexOf(Buffer.from(REPORTED)), -1, 'the positive control is found in the backup');
  assertSealedIn('the backup', copy);

  const { stdout, stderr } = server.logs();
  assert.match(stderr, /\/api\/v1\/public\/reports/, 'the access log was captured');
  assertSealedIn('the server log', Buffer.from(stdout + stderr));
  // No network address or browser of a reporter is logged (Art. 29).
  const portalLines = stderr.split('\n').filter((line) => line.includes('"path":"/api/v1/public/'));
  assert.ok(portalLines.length >= 10, `${portalLines.length} portal requests logged`);
  for (const line of portalLines) {
    const entry = JSON.parse(line);
    assert.equal(entry.remote, '-', line);
    assert.equal(entry.user_agent, '-', line);
  }
  // Nor does the database keep a query code or password in clear.
  for (const secret of [filed.realCode, filed.realCode.replaceAll('-', ''), filed.realPassword]) {
    assert.equal(database.indexOf(Buffer.from(secret)), -1, `${secret} occurs in the database`);
  }
  assertSealedIn('the backup command\'s output', Buffer.from(made.stdout + made.stderr));

  const files = attachmentFiles();
  assert.ok(files.length >= 1, 'the photo is stored as a file');
  for (const file of files) assertSealedIn(file, readFileSync(file));
  for (const file of filesUnder(path.dirname(keyFile)).filter((f) => !f.startsWith(path.join(dataDir, 'attachments')))) {
    if (file === dbFile || file.startsWith(`${dbFile}-`) || file.startsWith(backup)) continue;
    assertSealedIn(file, readFileSync(file));
  }
});

test('after a clean shutdown (WAL checkpointed into the file) the reporters are still not there', async () => {
  server.process.kill('SIGTERM');
  const exit = await server.exited;
  assert.equal(exit.code, 0, JSON.stringify(exit));
  const database = Buffer.concat([read(dbFile), read(`${dbFile}-wal`)]);
  assert.notEqual(database.indexOf(Buffer.from(REPORTED)), -1, 'the positive control is found');
  assertSealedIn('the database after shutdown', database);
  const { stdout, stderr } = server.logs();
  assertSealedIn('the server log after shutdown', Buffer.from(stdout + stderr));
});

test('a report sent to the higher commission leaves no copy of its text in the database file', async () => {
  // Art. 15: only a receipt stub stays at this level. The rows were emptied; the bytes must not
  // survive in freed space of the file either.
  assert.ok(server.process.exitCode !== null, 'the server was stopped by the test before');
  const database = Buffer.concat([read(dbFile), read(`${dbFile}-wal`)]);
  // The search works: a description still held (the anonymous report's) is found.
  assert.notEqual(database.indexOf(Buffer.from('村委会主任张某某在发放扶贫款时向每户收取好处费')), -1, 'the positive control');
  for (const description of filed.sentUp) {
    const text = description.slice(0, 12);
    assert.equal(database.indexOf(Buffer.from(text)), -1, `"${text}…" remains in the database file`);
  }
});

// ---- rate limits, on a server of their own ------------------------------------------------------
// Every request here comes from 127.0.0.1, and the limits are per address for an hour: they are
// exercised on a fresh server so that the tests above keep their quota.

let limits;  // {server, petition, first (a receipt), duplicateId}
after(async () => { await limits?.server.stop(); });

test('the sixth submission from one address within the hour answers 429, in Chinese or English', async () => {
  const limitServer = await startServer({ demoPassword });
  limits = { server: limitServer };
  const base = limitServer.baseUrl;
  limits.petition = await signIn(base, 'petition', demoPassword);
  const description = (i) => `村委会主任张某某在发放扶贫款时收取好处费，第${i}次反映。`;
  // The first names the same upload twice (checked in a test below).
  const staged = await upload(base, 'photo.png', PNG, 'image/png');
  assert.equal(staged.status, 201, where(staged));
  for (let i = 1; i <= 5; i += 1) {
    const extra = i === 1 ? { attachments: [staged.json.token, staged.json.token] } : {};
    const receipt = await submit(base, portalReport('张某某', description(i), extra));
    assert.equal(receipt.status, 201, `submission ${i}: ${where(receipt)}`);
    limits.first ??= receipt.json;
  }
  const sixth = await submit(base, portalReport('张某某', description(6)));
  assert.equal(sixth.status, 429, where(sixth));
  assert.equal(sixth.json.error.code, 'report.rate_limited');
  assert.match(sixth.json.error.message, /过于频繁.*\d+ 分钟后再试/);
  const english = await submit(base, portalReport('张某某', description(7)), 'en');
  assert.equal(english.status, 429, where(english));
  assert.equal(english.json.error.code, 'report.rate_limited');
  assert.match(english.json.error.message, /too many .*try again in \d+ minutes/);
  assert.equal(await reportCount(base, limits.petition), 5, 'the refused submissions stored nothing');
});

test('failed queries: one answer for a wrong code or password, and the sixth failure is throttled', async () => {
  assert.ok(limits?.first, 'needs the submissions of the test before');
  const base = limits.server.baseUrl;
  const { query_code: code, query_password: password } = limits.first;
  const unknown = await status(base, 'ABCD-EFGH-JKMN-PQRS', password);
  assert.equal(unknown.status, 401, where(unknown));
  assert.equal(unknown.json.error.code, 'report.query_failed');
  const messages = new Set([unknown.json.error.message]);
  for (let i = 0; i < 4; i += 1) {
    const wrong = await status(base, code, `wrong-password-${i}`);
    assert.equal(wrong.status, 401, where(wrong));
    assert.equal(wrong.json.error.code, 'report.query_failed');
    messages.add(wrong.json.error.message);
  }
  assert.deepEqual([...messages], ['查询码或查询密码不正确'], 'one message for a wrong code or password');
  // Locked now, even with the right password.
  const throttled = await status(base, code, password);
  assert.equal(throttled.status, 429, where(throttled));
  assert.equal(throttled.json.error.code, 'report.rate_limited');
  assert.match(throttled.json.error.message, /查询失败次数过于频繁.*\d+ 分钟后再试/);
  const throttledEn = await status(base, code, password, 'en');
  assert.equal(throttledEn.status, 429, where(throttledEn));
  assert.match(throttledEn.json.error.message, /too many failed queries; try again in \d+ minutes/);
});

test('an upload named twice in one submission is stored once', async () => {
  assert.ok(limits?.petition, 'needs the submissions of the test before');
  const base = limits.server.baseUrl;
  const found = await call(base, 'GET', `/api/v1/reports?q=${encodeURIComponent('第1次反映')}`, { session: limits.petition });
  assert.equal(found.json.total, 1, where(found));
  const detail = await call(base, 'GET', `/api/v1/reports/${found.json.items[0].id}`, { session: limits.petition });
  assert.equal(detail.status, 200, where(detail));
  assert.equal(detail.json.attachments.length, 1, `one upload, one attachment: ${where(detail)}`);
});
