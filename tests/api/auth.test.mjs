// Accounts and sessions through the real binary: the cookie, CSRF, throttling, expiry, the
// three administrators, and the audit log with its command-line verification.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runXzq } from '../lib/server.mjs';

const password = 'Demo-2026-lankao';
let dir;
let dbFile;
let server;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xzq-auth-'));
  dbFile = path.join(dir, 'auth.db');
  const demo = runXzq(['demo', '--db', `sqlite:${dbFile}`, '--password', password]);
  assert.equal(demo.status, 0, demo.stderr);
  assert.match(demo.stdout, /sysadmin\s+system_admin/);
  assert.match(demo.stdout, /auditor\s+audit_admin/);
  server = await startServer({ demo: false, db: `sqlite:${dbFile}`, extraArgs: ['--session-idle-timeout', '3'] });
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function login(username, pass = password, headers = {}) {
  const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ username, password: pass }),
  });
  const body = await response.json();
  const cookie = (response.headers.get('set-cookie') || '').split(';')[0];
  return { response, body, cookie, setCookie: response.headers.get('set-cookie') };
}

function call(session, method, route, body) {
  const headers = { Cookie: session.cookie };
  if (session.body?.csrf_token) headers['X-CSRF-Token'] = session.body.csrf_token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(`${server.baseUrl}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

test('sign-in sets a strict HttpOnly cookie and returns the CSRF token, grants and actions', async () => {
  const session = await login('leader');
  assert.equal(session.response.status, 200);
  assert.match(session.setCookie, /^xzq_session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict/);
  assert.ok(!/Secure/.test(session.setCookie), 'plain HTTP on loopback: no Secure flag by default');
  assert.equal(session.body.user.username, 'leader');
  assert.deepEqual(session.body.grants, [{ role: 'county_leader', scope: 'county:410225' }]);
  assert.ok(session.body.actions.includes('people.read'));
  assert.ok(session.body.csrf_token.length >= 40);
  const me = await (await call(session, 'GET', '/api/v1/auth/me')).json();
  assert.equal(me.csrf_token, session.body.csrf_token);
});

test('wrong password: 401 with a message in the user\'s language, same as an unknown user', async () => {
  const zh = await login('staff', 'Not-the-password-1');
  assert.equal(zh.response.status, 401);
  assert.equal(zh.body.error.code, 'auth.bad_credentials');
  assert.equal(zh.body.error.message, '用户名或密码错误');
  const en = await login('no-such-user', 'Not-the-password-1', { 'Accept-Language': 'en' });
  assert.equal(en.response.status, 401);
  assert.equal(en.body.error.code, 'auth.bad_credentials');
  assert.equal(en.body.error.message, 'wrong user name or password');
  const malformed = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":' });
  assert.equal(malformed.status, 400);
});

test('repeated wrong passwords are throttled with a clear message', async () => {
  for (let i = 0; i < 5; i++) assert.equal((await login('zonedeputy', `Wrong-password-${i}x`)).response.status, 401);
  const blocked = await login('zonedeputy');
  assert.equal(blocked.response.status, 429);
  assert.equal(blocked.body.error.code, 'auth.throttled');
  assert.match(blocked.body.error.message, /登录失败次数过多，请 \d+ 分钟后再试/);
});

test('no session → 401; a wrong or missing CSRF token → 403 on state-changing requests', async () => {
  const anonymous = await fetch(`${server.baseUrl}/api/v1/users`);
  assert.equal(anonymous.status, 401);
  assert.equal((await anonymous.json()).error.code, 'auth.required');
  const forged = await fetch(`${server.baseUrl}/api/v1/auth/me`, { headers: { Cookie: 'xzq_session=forged-token' } });
  assert.equal(forged.status, 401);

  const session = await login('staff');
  const noToken = await fetch(`${server.baseUrl}/api/v1/auth/logout`, { method: 'POST', headers: { Cookie: session.cookie } });
  assert.equal(noToken.status, 403);
  assert.equal((await noToken.json()).error.code, 'auth.csrf');
  const wrongToken = await fetch(`${server.baseUrl}/api/v1/auth/logout`, { method: 'POST', headers: { Cookie: session.cookie, 'X-CSRF-Token': 'x'.repeat(43) } });
  assert.equal(wrongToken.status, 403);
  const otherSession = await login('gystaff');
  const borrowed = await fetch(`${server.baseUrl}/api/v1/auth/logout`, { method: 'POST', headers: { Cookie: session.cookie, 'X-CSRF-Token': otherSession.body.csrf_token } });
  assert.equal(borrowed.status, 403, 'a token belongs to its own session');
  assert.equal((await call(session, 'GET', '/api/v1/auth/me')).status, 200, 'the session survived the refused requests');
  const out = await call(session, 'POST', '/api/v1/auth/logout');
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
  assert.equal((await call(session, 'GET', '/api/v1/auth/me')).status, 401);
});

test('an idle session expires → 401', async () => {
  const session = await login('gysecretary');
  assert.equal((await call(session, 'GET', '/api/v1/auth/me')).status, 200);
  await new Promise((resolve) => setTimeout(resolve, 3500));
  const expired = await call(session, 'GET', '/api/v1/auth/me');
  assert.equal(expired.status, 401);
  assert.equal((await expired.json()).error.code, 'auth.required');
});

test('the three administrators are separated', async () => {
  const sys = await login('sysadmin');
  const sec = await login('secadmin');
  const aud = await login('auditor');
  const created = await call(sys, 'POST', '/api/v1/users', { username: 'newcadre', display_name: '新干部', password: 'Newcadre-2026-x' });
  assert.equal(created.status, 201);
  const { id } = await created.json();
  assert.equal((await call(sys, 'POST', `/api/v1/users/${id}/grants`, { role: 'township_staff', scope: 'township:410225101' })).status, 403);
  assert.equal((await call(sys, 'GET', '/api/v1/audit')).status, 403);
  assert.equal((await call(sec, 'POST', '/api/v1/users', { username: 'another', password: 'Another-2026-xx' })).status, 403);
  assert.equal((await call(sec, 'POST', `/api/v1/users/${id}/grants`, { role: 'township_staff', scope: 'township:410225101' })).status, 201);
  assert.equal((await call(sec, 'GET', '/api/v1/audit')).status, 403);
  assert.equal((await call(aud, 'POST', '/api/v1/users', { username: 'third', password: 'Another-2026-xx' })).status, 403);
  assert.equal((await call(aud, 'GET', '/api/v1/audit')).status, 200);
  const badScope = await call(sec, 'POST', `/api/v1/users/${id}/grants`, { role: 'township_staff', scope: "township:1' OR '1'='1" });
  assert.equal(badScope.status, 400);
  const weak = await call(sys, 'POST', '/api/v1/users', { username: 'weakling', password: 'password' });
  assert.equal(weak.status, 400);
  assert.equal((await weak.json()).error.code, 'auth.weak_password');
  const newcomer = await login('newcadre', 'Newcadre-2026-x');
  assert.deepEqual(newcomer.body.grants, [{ role: 'township_staff', scope: 'township:410225101' }]);
  // The system administrator links the account to its person in the cadre pool.
  const leader = await login('leader');
  const people = await (await call(leader, 'GET', '/api/v1/people?township=410225101&limit=5')).json();
  const personId = people.people[0].id;
  assert.equal((await call(sys, 'POST', `/api/v1/users/${id}/person`, { person_id: 999999 })).status, 400);
  assert.equal((await call(sec, 'POST', `/api/v1/users/${id}/person`, { person_id: personId })).status, 403);
  assert.equal((await call(sys, 'POST', `/api/v1/users/${id}/person`, { person_id: personId })).status, 204);
  const linked = await login('newcadre', 'Newcadre-2026-x');
  assert.equal(linked.body.user.person_id, personId);
});

test('the security administrator defines a custom role; mixed duties are refused', async () => {
  const sec = await login('secadmin');
  const sys = await login('sysadmin');
  const defined = await call(sec, 'POST', '/api/v1/roles', { name: 'village_inspector', actions: ['org.read', 'people.read'] });
  assert.equal(defined.status, 201);
  assert.equal((await call(sec, 'POST', '/api/v1/roles', { name: 'village_inspector', actions: ['org.read'] })).status, 409);
  const mixed = await call(sec, 'POST', '/api/v1/roles', { name: 'almighty', actions: ['users.write', 'audit.read'] });
  assert.equal(mixed.status, 400);
  assert.equal((await mixed.json()).error.code, 'roles.duties_mixed');
  assert.equal((await call(sec, 'POST', '/api/v1/roles', { name: 'odd', actions: ['fly'] })).status, 400);
  assert.equal((await call(sys, 'POST', '/api/v1/roles', { name: 'sys_made', actions: ['org.read'] })).status, 403);
  const roles = await (await call(sys, 'GET', '/api/v1/roles')).json();
  const custom = roles.roles.find((r) => r.name === 'village_inspector');
  assert.deepEqual(custom, { name: 'village_inspector', builtin: false, actions: ['org.read', 'people.read'] });
  assert.equal(roles.roles.filter((r) => r.builtin).length, 13);
  const made = await call(sys, 'POST', '/api/v1/users', { username: 'inspector1', password: 'Inspector-2026-a' });
  const { id } = await made.json();
  assert.equal((await call(sec, 'POST', `/api/v1/users/${id}/grants`, { role: 'village_inspector', scope: 'township:410225101' })).status, 201);
  const inspector = await login('inspector1', 'Inspector-2026-a');
  assert.ok(inspector.body.actions.includes('people.read'));
  assert.ok(!inspector.body.actions.includes('people.write'));
  assert.equal((await call(inspector, 'GET', '/api/v1/people?limit=5')).status, 200);
  assert.equal((await call(inspector, 'GET', '/api/v1/users')).status, 403);
});

test('the audit log shows logins and changes, filters, exports and verifies', async () => {
  const aud = await login('auditor');
  const failures = await (await call(aud, 'GET', '/api/v1/audit?action=auth.login&actor=staff')).json();
  assert.ok(failures.entries.some((e) => e.outcome === 'failed'), 'the failed login of staff is there');
  assert.ok(failures.entries.every((e) => e.actor === 'staff' && e.action === 'auth.login'));
  const grants = await (await call(aud, 'GET', '/api/v1/audit?action=roles.grant')).json();
  assert.ok(grants.entries.every((e) => e.actor === 'secadmin'));
  assert.ok(grants.entries.some((e) => e.detail.role === 'township_staff' && e.detail.scope === 'township:410225101'));
  const defined = await (await call(aud, 'GET', '/api/v1/audit?action=roles.define')).json();
  assert.deepEqual(defined.entries[0].detail.actions, ['org.read', 'people.read']);
  const page = await (await call(aud, 'GET', '/api/v1/audit?limit=2')).json();
  assert.equal(page.entries.length, 2);
  const next = await (await call(aud, 'GET', `/api/v1/audit?limit=2&before=${page.entries[1].seq}`)).json();
  assert.ok(next.entries[0].seq < page.entries[1].seq);
  const csv = await call(aud, 'GET', '/api/v1/audit/export?action=auth.login');
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.match(await csv.text(), /seq,at,actor,action/);
  const verify = await (await call(aud, 'GET', '/api/v1/audit/verify')).json();
  assert.equal(verify.ok, true);
  assert.ok(verify.entries_checked > 10);
  const exported = await (await call(aud, 'GET', '/api/v1/audit?action=audit.export')).json();
  assert.equal(exported.entries.length, 1, 'the export itself is audited');
});

test('xzq audit verify: OK on an intact log, names the first broken entry after tampering', () => {
  const ok = runXzq(['audit', 'verify', '--db', `sqlite:${dbFile}`]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^OK/m);
  const copy = path.join(dir, 'tampered.db');
  execFileSync('sqlite3', [dbFile, `VACUUM INTO '${copy}'`]);
  execFileSync('sqlite3', [copy, "DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET actor = 'nobody' WHERE seq = 5"]);
  const broken = runXzq(['audit', 'verify', '--db', `sqlite:${copy}`]);
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /BROKEN: entry 5 was altered/);
  assert.match(broken.stdout, /第 5 条/);
});

test('xzq user add reads the password from stdin and enforces the policy', () => {
  const db = `sqlite:${dbFile}`;
  const made = runXzq(['user', 'add', 'clicadre', '--role', 'township_staff', '--scope', 'township:410225102', '--password-stdin', '--db', db], { input: 'Cli-cadre-2026\n' });
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stdout, /created account clicadre/);
  const weak = runXzq(['user', 'add', 'weakcadre', '--role', 'township_staff', '--scope', 'township:410225102', '--password-stdin', '--db', db], { input: 'weak\n' });
  assert.equal(weak.status, 2);
  assert.match(weak.stderr, /at least 12 characters/);
  const role = runXzq(['user', 'add', 'rolecadre', '--role', 'emperor', '--scope', 'own', '--county', '410225', '--password-stdin', '--db', db], { input: 'Cli-cadre-2026\n' });
  assert.equal(role.status, 2);
  assert.match(role.stderr, /unknown role/);
  const scope = runXzq(['user', 'add', 'scopecadre', '--role', 'township_staff', '--scope', 'everywhere', '--password-stdin', '--db', db], { input: 'Cli-cadre-2026\n' });
  assert.equal(scope.status, 2);
  const person = runXzq(['user', 'add', 'nzsecretary', '--role', 'township_secretary', '--scope', 'township:410225102', '--person', 'LK-DEMO-410225102-1', '--password-stdin', '--db', db], { input: 'Cli-cadre-2026\n' });
  assert.equal(person.status, 0, person.stderr);
  const nobody = runXzq(['user', 'add', 'ghost', '--role', 'township_staff', '--scope', 'township:410225102', '--person', 'NO-SUCH-ID', '--password-stdin', '--db', db], { input: 'Cli-cadre-2026\n' });
  assert.equal(nobody.status, 2);
  assert.match(nobody.stderr, /no person with external id NO-SUCH-ID/);
});

test('the audit chain can use SM3 (GB/T 32905) instead of SHA-256', async () => {
  const sm3 = await startServer({ demoPassword: password, extraArgs: ['--audit-digest', 'sm3'] });
  try {
    const signIn = await fetch(`${sm3.baseUrl}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'auditor', password }),
    });
    const cookie = signIn.headers.get('set-cookie').split(';')[0];
    const entries = await (await fetch(`${sm3.baseUrl}/api/v1/audit?action=auth.login&limit=1`, { headers: { Cookie: cookie } })).json();
    assert.equal(entries.entries[0].algorithm, 'sm3');
    const verify = await (await fetch(`${sm3.baseUrl}/api/v1/audit/verify`, { headers: { Cookie: cookie } })).json();
    assert.equal(verify.ok, true, 'a chain mixing SHA-256 (demo set-up) and SM3 entries verifies');
  } finally {
    await sm3.stop();
  }
  const bad = runXzq(['serve', '--audit-digest', 'md5', '--db', 'sqlite:/tmp/xzq-never.db']);
  assert.equal(bad.status, 2);
});
