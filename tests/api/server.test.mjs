// The real `xzq serve` over HTTP: health, errors in both languages, limits, static files,
// path safety, slow clients and graceful shutdown.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, repoRoot } from '../lib/server.mjs';
import { rawGet, rawRequest, parseResponse, connect } from '../lib/raw.mjs';
import { signIn, demoPassword } from '../lib/session.mjs';

let server;
let staff;  // a signed-in county cadre: the org routes need org.read
before(async () => {
  server = await startServer({ demoPassword });
  staff = await signIn(server.baseUrl, 'staff');
});
after(async () => { await server?.stop(); });

const url = (p) => `${server.baseUrl}${p}`;

test('GET /healthz reports status, version, backend and schema version', async () => {
  const response = await fetch(url('/healthz'));
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.status, 'ok');
  assert.match(body.version, /^\d+\.\d+\.\d+$/);
  assert.equal(body.database.backend, 'sqlite');
  assert.ok(Number.isInteger(body.database.schema_version) && body.database.schema_version >= 1);
});

test('every response carries the security headers', async () => {
  for (const p of ['/healthz', '/api/v1/nothing', '/', '/org']) {
    const response = await fetch(url(p));
    const csp = response.headers.get('content-security-policy');
    assert.match(csp, /frame-ancestors 'none'/, p);
    assert.match(csp, /default-src 'self'/, p);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', p);
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer', p);
  }
});

test('unknown API route is a 404 JSON error, Chinese by default and English on request', async () => {
  const zh = await fetch(url('/api/v1/does-not-exist'));
  assert.equal(zh.status, 404);
  assert.match(zh.headers.get('content-type'), /application\/json/);
  const zhBody = await zh.json();
  assert.equal(zhBody.error.code, 'request.no_such_route');
  assert.match(zhBody.error.message, /接口/);
  const en = await fetch(url('/api/v1/does-not-exist'), { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
  const enBody = await en.json();
  assert.equal(enBody.error.code, 'request.no_such_route');
  assert.match(enBody.error.message, /no API/);
});

test('wrong method on an API route is 405 with Allow', async () => {
  const response = await staff.fetch(url('/api/v1/org/tree?county=410225'), { method: 'DELETE' });
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'GET');
  assert.equal((await response.json()).error.code, 'request.method_not_allowed');
});

const search = (body, headers = {}) => staff.fetch(url('/api/v1/org/search'), {
  method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body,
});

test('malformed JSON is a 400 with a clear message', async () => {
  const response = await search('{"county": "410225", ');
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.equal(body.error.code, 'request.malformed_json');
  assert.match(body.error.message, /JSON/);
  const wrongType = await staff.fetch(url('/api/v1/org/search'), { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
  assert.equal(wrongType.status, 400);
  assert.equal((await wrongType.json()).error.code, 'request.not_json');
  const badField = await search(JSON.stringify({ county: 410225, query: '张' }), { 'Accept-Language': 'en' });
  assert.equal(badField.status, 400);
  assert.match((await badField.json()).error.message, /county/);
});

test('a body over the limit is a 413, declared or chunked', async () => {
  const big = 'x'.repeat(2 * 1024 * 1024);
  const declared = await search(big);
  assert.equal(declared.status, 413);
  assert.equal((await declared.json()).error.code, 'request.too_large');
  const chunk = `${(64 * 1024).toString(16)}\r\n${'y'.repeat(64 * 1024)}\r\n`;
  const head = `POST /api/v1/org/search HTTP/1.1\r\nHost: x\r\nCookie: ${staff.cookie}\r\nX-CSRF-Token: ${staff.csrf}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const answer = parseResponse(await rawRequest(server.baseUrl, head + chunk.repeat(20)));
  assert.equal(answer.status, 413);
});

test('org search finds villages by name and code with their township', async () => {
  const response = await search(JSON.stringify({ county: '410225', query: '张庄', limit: 5 }));
  assert.equal(response.status, 200);
  const { results } = await response.json();
  assert.ok(results.length >= 1 && results.length <= 5);
  for (const hit of results) {
    assert.match(hit.name, /张庄/);
    assert.ok(hit.code.startsWith(hit.township.code));
  }
  const byCode = await (await search(JSON.stringify({ county: '410225', query: '410225101' }))).json();
  assert.equal(byCode.results[0].level, 'township');
  assert.equal(byCode.results[0].name, '堌阳镇');
  const badLimit = await search(JSON.stringify({ county: '410225', query: '张', limit: 0 }));
  assert.equal(badLimit.status, 400);
});

test('the built web UI: index not cached, hashed assets immutable, SPA fallback', async () => {
  const index = await fetch(url('/'));
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /text\/html/);
  assert.equal(index.headers.get('cache-control'), 'no-store');
  const html = await index.text();
  const fallback = await fetch(url('/org/somewhere/deep'));
  assert.equal(fallback.status, 200);
  assert.equal(await fallback.text(), html);
  const asset = readdirSync(path.join(repoRoot, 'web/dist/assets')).find((f) => f.endsWith('.js'));
  const assetResponse = await fetch(url(`/assets/${asset}`));
  assert.equal(assetResponse.status, 200);
  assert.match(assetResponse.headers.get('cache-control'), /immutable/);
  assert.match(assetResponse.headers.get('content-type'), /javascript/);
  const missing = await fetch(url('/assets/not-there-123.js'));
  assert.equal(missing.status, 404);
});

test('no path outside the web root is reachable', async () => {
  for (const p of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/%2E%2E/%2E%2E/CMakeLists.txt',
    '/..%2f..%2f..%2fetc%2fpasswd', '//etc/passwd', '/assets/..\\..\\CMakeLists.txt']) {
    const answer = await rawGet(server.baseUrl, p);
    assert.ok(!answer.body.includes('root:x:0:0'), `${p} leaked /etc/passwd`);
    assert.ok(!answer.body.includes('cmake_minimum_required'), `${p} leaked a source file`);
    assert.ok([200, 400, 404].includes(answer.status), `${p} → ${answer.status}`);
  }
  const dotdot = await rawGet(server.baseUrl, '/%2e%2e/%2e%2e/etc/passwd');
  assert.equal(dotdot.status, 400);
  const absoluteForm = await rawGet(server.baseUrl, 'http://evil.example/etc/passwd');
  assert.equal(absoluteForm.status, 400);
});

test('HEAD answers with headers and the length, without a body', async () => {
  const response = await fetch(url('/healthz'), { method: 'HEAD' });
  assert.equal(response.status, 200);
  assert.ok(Number(response.headers.get('content-length')) > 0);
  assert.equal(await response.text(), '');
});

test('a malformed request line is a 400, and an oversized header is refused', async () => {
  const bad = parseResponse(await rawRequest(server.baseUrl, 'GARBAGE\r\n\r\n'));
  assert.equal(bad.status, 400);
  const huge = parseResponse(await rawRequest(server.baseUrl, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`));
  assert.equal(huge.status, 431);
});

test('the access log has one structured line per request', async () => {
  await fetch(url('/healthz?probe=access-log'));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const lines = server.logs().stderr.split('\n').filter((l) => l.includes('"type":"access"'));
  const entry = lines.map((l) => JSON.parse(l)).find((e) => e.path === '/healthz');
  assert.ok(entry, 'no access line for /healthz');
  assert.equal(entry.method, 'GET');
  assert.equal(entry.status, 200);
  assert.equal(entry.remote, '127.0.0.1');
  assert.equal(typeof entry.ms, 'number');
});

test('a slow client that never finishes its headers is cut off', async () => {
  const slow = await startServer({ extraArgs: ['--header-timeout', '1'] });
  try {
    const socket = await connect(slow.baseUrl);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');  // and never the blank line
    const started = Date.now();
    await new Promise((resolve) => socket.on('close', resolve));
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 800 && elapsed < 5000, `closed after ${elapsed} ms`);
    const ok = await fetch(`${slow.baseUrl}/healthz`);
    assert.equal(ok.status, 200, 'the server keeps serving others');
  } finally {
    await slow.stop();
  }
});

test('SIGTERM lets an in-flight request finish, then the server exits cleanly', async () => {
  const target = await startServer({ demoPassword });
  const session = await signIn(target.baseUrl, 'staff');
  const body = JSON.stringify({ county: '410225', query: '堌阳镇' });
  const socket = await connect(target.baseUrl);
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => { answer += chunk; });
  const closed = new Promise((resolve) => socket.on('close', resolve));
  socket.write(`POST /api/v1/org/search HTTP/1.1\r\nHost: x\r\nCookie: ${session.cookie}\r\nX-CSRF-Token: ${session.csrf}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
  socket.write(body.slice(0, 10));
  await new Promise((resolve) => setTimeout(resolve, 300));
  target.process.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  // While draining, new connections are refused.
  await assert.rejects(fetch(`${target.baseUrl}/healthz`));
  socket.write(body.slice(10));
  await closed;
  const response = parseResponse(answer);
  assert.equal(response.status, 200);
  assert.equal(response.headers.connection, 'close');
  assert.equal(JSON.parse(response.body).results[0].name, '堌阳镇');
  const { code, signal } = await target.exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
  await target.stop();
});
