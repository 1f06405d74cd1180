// Zone planning through the real binary (issue 6, item 6): the demo county's township profiles,
// a proposal on 兰考县 (proven optimal, a partition, sizes in bounds, compared with the current
// zoning), adopting it from a future date (the zoning of that date changes, today's does not,
// history and one audit entry kept), bad input answered 400 with the planner's message, township
// roles refused, profile edits validated and audited, cross-inspection rounds recorded with their
// seed.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signIn, demoPassword } from '../lib/session.mjs';

let server;
let leader;
let sysadmin;
let gystaff;
let auditor;
let zonechief;

const json = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const put = (body) => ({ method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const url = (path) => `${server.baseUrl}${path}`;

function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** township code → zone id on `day` (GET /zones). */
async function zoningOn(session, day) {
  const answer = await (await session.fetch(url(`/api/v1/zones?as_of=${day}`))).json();
  const out = {};
  for (const zone of answer.zones) for (const t of zone.townships) out[t.code] = zone.id;
  return { asOf: answer.as_of, zoning: out };
}

before(async () => {
  server = await startServer({ demoPassword });
  leader = await signIn(server.baseUrl, 'leader');
  sysadmin = await signIn(server.baseUrl, 'sysadmin');
  gystaff = await signIn(server.baseUrl, 'gystaff');
  auditor = await signIn(server.baseUrl, 'auditor');
  zonechief = await signIn(server.baseUrl, 'zonechief');
});

after(async () => {
  await server?.stop();
});

test('the demo county has a position and attributes for each of its 22 townships', async () => {
  const answer = await leader.fetch(url('/api/v1/township-profiles'));
  assert.equal(answer.status, 200);
  const body = await answer.json();
  assert.equal(body.townships.length, 22);
  assert.equal(body.complete, true);
  for (const t of body.townships) {
    assert.match(t.code, /^410225\d{3}$/);
    assert.ok(Math.abs(t.profile.lon - 114.82) < 0.3 && Math.abs(t.profile.lat - 34.82) < 0.3, `${t.name} near 兰考`);
    assert.ok(t.profile.staff > 0 && t.profile.capacity > 0 && t.profile.caseload > 0, t.name);
  }
  // Reading profiles is organisation data: a township role may read them.
  assert.equal((await gystaff.fetch(url('/api/v1/township-profiles'))).status, 200);
});

test('a proposal on the demo county is proven optimal, a partition with sizes in bounds, beside the current zoning', async () => {
  const answer = await leader.fetch(url('/api/v1/zone-plans'), json({ zones: 6, min_size: 2, max_size: 6, seed: 1, time_limit: 20 }));
  assert.equal(answer.status, 200, await answer.clone().text());
  const plan = await answer.json();
  assert.equal(plan.status, 'optimal');
  assert.equal(plan.method, 'exact');
  assert.equal(plan.zones.length, 6);
  assert.ok(Math.abs(plan.objective - plan.bound) < 1e-6, 'the bound proves the optimum');
  const seen = new Map();
  let total = 0;
  for (const zone of plan.zones) {
    assert.ok(zone.townships.length >= 2 && zone.townships.length <= 6, `size ${zone.townships.length}`);
    for (const t of zone.townships) seen.set(t.code, (seen.get(t.code) ?? 0) + 1);
    total += zone.cost;
    assert.ok(zone.match_zone && zone.match_zone.name, 'each proposed zone takes over a current one');
  }
  const profiles = (await (await leader.fetch(url('/api/v1/township-profiles'))).json()).townships;
  assert.equal(seen.size, 22);
  for (const t of profiles) assert.equal(seen.get(t.code), 1, `${t.name} is in exactly one zone`);
  assert.ok(Math.abs(total - plan.objective) < 1e-6);
  assert.equal(new Set(plan.zones.map((z) => z.match_zone.id)).size, 6, 'one-to-one');
  // The current zoning (six demo zones) is priced by the same model; the optimum is not worse.
  assert.equal(plan.current.zones.length, 6);
  assert.ok(plan.current.cost >= plan.objective - 1e-9, `${plan.current.cost} ≥ ${plan.objective}`);
  assert.deepEqual(plan.current.unassigned, []);
  assert.equal(plan.townships.length, 22);
  for (const t of plan.townships) {
    assert.equal(typeof t.lon, 'number');
    assert.ok(Number.isInteger(t.proposed_zone) && Number.isInteger(t.current_zone_id), t.code);
  }
  assert.ok(plan.targets.staff > 0 && plan.distance_scale_km > 0);
  assert.match(plan.message, /最优/);
  // Same parameters and seed: the same plan.
  const again = await (await sysadmin.fetch(url('/api/v1/zone-plans'), json({ zones: 6 }))).json();
  assert.deepEqual(again.zones.map((z) => z.townships.map((t) => t.code)), plan.zones.map((z) => z.townships.map((t) => t.code)));
});

test('bad input answers 400 with the planner\'s message, in both languages', async () => {
  const tooMany = await leader.fetch(url('/api/v1/zone-plans'), json({ zones: 23 }));
  assert.equal(tooMany.status, 400);
  const zh = await tooMany.json();
  assert.equal(zh.error.code, 'zones.too_many_zones');
  assert.match(zh.error.message, /协作区数量 23 大于乡镇数量 22/);
  const en = await leader.fetch(url('/api/v1/zone-plans'), { ...json({ zones: 23 }), headers: { 'Content-Type': 'application/json', 'Accept-Language': 'en' } });
  assert.match((await en.json()).error.message, /23 zones requested but there are only 22 townships/);
  const incompatible = await (await leader.fetch(url('/api/v1/zone-plans'), json({ zones: 2, max_size: 6 }))).json();
  assert.equal(incompatible.error.code, 'zones.sizes_incompatible');
  assert.match(incompatible.error.message, /22 个乡镇无法分成 2 个/);
  const bounds = await (await leader.fetch(url('/api/v1/zone-plans'), json({ zones: 6, min_size: 5, max_size: 3 }))).json();
  assert.equal(bounds.error.code, 'zones.bad_size_bounds');
  for (const body of [{}, { zones: 'six' }, { zones: 6, time_limit: 0 }, { zones: 6, time_limit: 61 }, { zones: 6, seed: -1 }, { zones: 6, colour: 'red' }]) {
    const answer = await leader.fetch(url('/api/v1/zone-plans'), json(body));
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.ok((await answer.json()).error.message, JSON.stringify(body));
  }
  const adoptBad = await leader.fetch(url('/api/v1/zone-plans/adopt'), json({ effective: '2099-01-01', zones: [{ zone_id: 1, townships: ['410225101'] }] }));
  assert.equal(adoptBad.status, 400);
  const incomplete = await adoptBad.json();
  assert.equal(incomplete.error.code, 'zones.adopt_incomplete');
  assert.match(incomplete.error.message, /缺少 21 个/);
});

test('a township role and a zone chief may not plan, adopt or draw rounds (403)', async () => {
  for (const session of [gystaff, zonechief]) {
    const calls = [
      ['POST', '/api/v1/zone-plans', { zones: 6 }],
      ['POST', '/api/v1/zone-plans/adopt', { effective: '2099-01-01', zones: [] }],
      ['POST', '/api/v1/rotation-plans', { zone_id: 1, rounds: 2 }],
      ['GET', '/api/v1/rotation-plans'],
      ['PUT', '/api/v1/townships/410225101/profile', { lon: 114, lat: 34, staff: 1, capacity: 1, caseload: 1 }],
    ];
    for (const [method, path, body] of calls) {
      const init = body ? { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : { method };
      const answer = await session.fetch(url(path), init);
      assert.equal(answer.status, 403, `${method} ${path}`);
      assert.equal((await answer.json()).error.code, 'auth.forbidden');
    }
  }
});

test('adopting from a future date changes the zoning of that date, not today\'s; history and one audit entry are kept', async () => {
  const { asOf: today, zoning: before } = await zoningOn(leader, '');
  const effective = addDays(today, 40);
  const plan = await (await leader.fetch(url('/api/v1/zone-plans'), json({ zones: 6 }))).json();
  assert.equal(plan.status, 'optimal');
  const body = {
    effective,
    zones: plan.zones.map((z) => ({ zone_id: z.match_zone.id, townships: z.townships.map((t) => t.code) })),
    min_size: 2,
    max_size: 6,
    seed: 1,
    plan_status: plan.status,
  };
  const answer = await leader.fetch(url('/api/v1/zone-plans/adopt'), json(body));
  assert.equal(answer.status, 201, await answer.clone().text());
  const adopted = await answer.json();
  assert.equal(adopted.effective, effective);
  assert.equal(adopted.zone_count, 6);
  assert.ok(adopted.memberships_opened > 0, 'the optimum differs from the demo zoning');
  assert.equal(adopted.memberships_closed, adopted.memberships_opened);
  assert.ok(Math.abs(adopted.objective - plan.objective) < 1e-6);
  assert.ok(Math.abs(adopted.previous_cost - plan.current.cost) < 1e-6);

  // Today (and the day before the effective date): unchanged. From the effective date: the plan.
  assert.deepEqual((await zoningOn(leader, today)).zoning, before);
  assert.deepEqual((await zoningOn(leader, addDays(effective, -1))).zoning, before);
  const after = (await zoningOn(leader, effective)).zoning;
  for (const zone of plan.zones) {
    for (const t of zone.townships) assert.equal(after[t.code], zone.match_zone.id, `${t.name} from ${effective}`);
  }
  const moved = Object.keys(after).filter((code) => after[code] !== before[code]);
  assert.equal(moved.length, adopted.memberships_opened);
  // History: the old membership closed on the effective date, the new one open from it.
  const history = (await (await leader.fetch(url(`/api/v1/townships/${moved[0]}/zones`))).json()).history;
  assert.equal(history.at(-2).to, effective);
  assert.equal(history.at(-1).from, effective);
  assert.equal(history.at(-1).to, null);

  // One audit entry, with the whole plan.
  const log = await (await auditor.fetch(url(`/api/v1/audit?action=org.write&record_type=zone_plan&record_id=${adopted.id}`))).json();
  assert.equal(log.entries.length, 1);
  const entry = log.entries[0];
  assert.equal(entry.actor, 'leader');
  assert.equal(entry.outcome, 'ok');
  assert.equal(entry.detail.operation, 'adopt');
  assert.equal(entry.detail.effective, effective);
  assert.equal(entry.detail.zones.length, 6);
  assert.equal(entry.detail.memberships_opened, adopted.memberships_opened);

  // Listed among the adoptions (org.read).
  const listed = await (await gystaff.fetch(url('/api/v1/zone-plans/adoptions'))).json();
  assert.equal(listed.adoptions[0].id, adopted.id);
  assert.equal(listed.adoptions[0].zones.length, 6);

  // An earlier date would rewrite the history just written: refused, nothing changes.
  const swapped = structuredClone(body);
  swapped.effective = addDays(today, 20);
  [swapped.zones[0].townships, swapped.zones[1].townships] = [swapped.zones[1].townships, swapped.zones[0].townships];
  const refused = await leader.fetch(url('/api/v1/zone-plans/adopt'), json(swapped));
  assert.equal(refused.status, 400);
  assert.equal((await refused.json()).error.code, 'zone.membership_backdated');
  assert.deepEqual((await zoningOn(leader, effective)).zoning, after);
  assert.deepEqual((await zoningOn(leader, today)).zoning, before);
});

test('township profiles: edits are validated as the command line does and audited', async () => {
  const bad = await leader.fetch(url('/api/v1/townships/410225101/profile'), put({ lon: 190, lat: 34.7, staff: 6, capacity: 18, caseload: 21 }));
  assert.equal(bad.status, 400);
  const badBody = await bad.json();
  assert.equal(badBody.error.code, 'zones.bad_coordinates');
  assert.match(badBody.error.message, /410225101 的坐标/);
  const negative = await (await leader.fetch(url('/api/v1/townships/410225101/profile'), put({ lon: 114.84, lat: 34.66, staff: -1, capacity: 18, caseload: 21 }))).json();
  assert.equal(negative.error.code, 'zones.bad_attribute');
  const missing = await leader.fetch(url('/api/v1/townships/410225101/profile'), put({ lon: 114.84, lat: 34.66 }));
  assert.equal(missing.status, 400);
  const other = await leader.fetch(url('/api/v1/townships/410226101/profile'), put({ lon: 114, lat: 34, staff: 1, capacity: 1, caseload: 1 }));
  assert.equal(other.status, 404);
  const good = await leader.fetch(url('/api/v1/townships/410225101/profile'), put({ lon: 114.841, lat: 34.665, staff: 7, capacity: 19, caseload: 22 }));
  assert.equal(good.status, 200, await good.clone().text());
  const saved = await good.json();
  assert.equal(saved.staff, 7);
  assert.equal(saved.updated_by, 'leader');
  const rows = (await (await leader.fetch(url('/api/v1/township-profiles'))).json()).townships;
  assert.equal(rows.find((t) => t.code === '410225101').profile.caseload, 22);
  const log = await (await auditor.fetch(url('/api/v1/audit?record_type=township_profile&record_id=410225101'))).json();
  assert.equal(log.entries.length, 1, 'only the accepted edit is recorded');
  assert.equal(log.entries[0].detail.staff, 7);
});

test('cross-inspection rounds are drawn per zone or pool, recorded with their seed and audited', async () => {
  const zone = await leader.fetch(url('/api/v1/rotation-plans'), json({ zone_id: 2, rounds: 3 }));
  assert.equal(zone.status, 201, await zone.clone().text());
  const small = await zone.json();
  assert.equal(small.pool_kind, 'zone');
  assert.equal(small.members.length, 4, '城区协作区 has four townships');
  assert.equal(small.rule, 'ordered_pairs', 'a pool of four relaxes the rule and says so');
  assert.match(small.message, /少于 5/);
  assert.ok(Number.isSafeInteger(small.seed));
  assert.equal(small.rounds.length, 3);

  const pool = ['410225101', '410225102', '410225103', '410225104', '410225105', '410225106', '410225107', '410225108'];
  const drawn = await leader.fetch(url('/api/v1/rotation-plans'), json({
    townships: pool, rounds: 5, seed: 42, forbidden: [['410225101', '410225102']], title: '乡镇交叉互查（测试）', starts_on: '2027-03-01',
  }));
  assert.equal(drawn.status, 201, await drawn.clone().text());
  const plan = await drawn.json();
  assert.equal(plan.seed, 42);
  assert.equal(plan.method, 'search');
  assert.equal(plan.rule, 'strict');
  let previous = null;
  for (const round of plan.rounds) {
    assert.equal(round.pairs.length, 8);
    const target = new Map(round.pairs.map((p) => [p.inspector.code, p.inspected.code]));
    assert.equal(new Set(target.values()).size, 8, 'a permutation');
    for (const [a, b] of target) {
      assert.notEqual(a, b, 'nobody inspects itself');
      assert.notEqual(target.get(b), a, 'no mutual pair in a round');
      assert.ok(!(new Set([a, b]).has('410225101') && new Set([a, b]).has('410225102')), 'forbidden pair never used');
      if (previous) assert.ok(previous.get(a) !== b && previous.get(b) !== a, 'no pair of the previous round');
    }
    previous = target;
  }
  // The same seed reproduces the rounds.
  const again = await (await leader.fetch(url('/api/v1/rotation-plans'), json({
    townships: pool, rounds: 5, seed: 42, forbidden: [['410225101', '410225102']],
  }))).json();
  assert.deepEqual(again.rounds, plan.rounds);

  const listed = await (await sysadmin.fetch(url('/api/v1/rotation-plans'))).json();
  assert.ok(listed.plans.length >= 3);
  const stored = listed.plans.find((p) => p.id === plan.id);
  assert.equal(stored.title, '乡镇交叉互查（测试）');
  assert.equal(stored.starts_on, '2027-03-01');
  assert.deepEqual(stored.rounds, plan.rounds);
  assert.deepEqual(stored.forbidden, [['410225101', '410225102']]);

  const two = await leader.fetch(url('/api/v1/rotation-plans'), json({ townships: ['410225101', '410225102'], rounds: 1 }));
  assert.equal(two.status, 400);
  const twoBody = await two.json();
  assert.equal(twoBody.error.code, 'rotation.infeasible');
  assert.ok(twoBody.error.message.length > 10);
  const both = await leader.fetch(url('/api/v1/rotation-plans'), json({ zone_id: 1, townships: pool, rounds: 1 }));
  assert.equal((await both.json()).error.code, 'rotation.bad_pool');
  const missingZone = await leader.fetch(url('/api/v1/rotation-plans'), json({ zone_id: 999999, rounds: 1 }));
  assert.equal(missingZone.status, 404);

  const log = await (await auditor.fetch(url(`/api/v1/audit?record_type=rotation_plan&record_id=${plan.id}`))).json();
  assert.equal(log.entries.length, 1);
  assert.equal(log.entries[0].detail.seed, 42);
});
