// Helpers of the zone-planning and rotation pages: the map-like projection of township positions,
// zone colours that follow the current zones, number formatting.
import { ZONE_COLOURS } from './dates.js';

// The zones page's colours, with its sixth (a second green) replaced by cyan so that six zones
// on one map are told apart at a glance.
const PLAN_COLOURS = ZONE_COLOURS.map((c, i) => (i === 5 ? '#17a2b8' : c));

/** Extra colours for proposed zones that take over no current zone. */
const NEW_ZONE_COLOURS = ['#6d4c41', '#ef6c00', '#558b2f', '#ad1457', '#283593', '#00695c'];

/**
 * Projects {lon, lat} points into an SVG box of width `w` (height follows the county's shape),
 * equirectangular with the longitude scaled by cos(latitude) so that distances look right.
 */
export function project(points, { w = 640, pad = 36, minH = 300, maxH = 560 } = {}) {
  if (!points.length) return { w, h: minH, at: () => ({ x: w / 2, y: minH / 2 }) };
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const xs = lons.map((lon) => lon * k);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...lats), Math.max(...lats)];
  const spanX = maxX - minX || 0.01;
  const spanY = maxY - minY || 0.01;
  const scale = (w - 2 * pad) / spanX;
  const h = Math.min(maxH, Math.max(minH, spanY * scale + 2 * pad));
  const s = Math.min(scale, (h - 2 * pad) / spanY);
  const offX = (w - spanX * s) / 2;
  const offY = (h - spanY * s) / 2;
  return {
    w,
    h,
    kmPx: s / 111.195, // pixels per kilometre (one degree of latitude is 111.195 km)
    at: (p) => ({ x: offX + (p.lon * k - minX) * s, y: h - offY - (p.lat - minY) * s }),
  };
}

/**
 * Places each point's label above, below, right or left of it, whichever overlaps least (above
 * when free) the labels placed before and the other points (greedy, top to bottom). Points:
 * {x, y, r, name}; returns [{x, y, anchor}] in the same order. Label boxes are estimated from the
 * text length.
 */
export function placeLabels(points, { size = 12 } = {}) {
  const boxes = [];
  const width = (name) => [...String(name)].length * size + 2;
  const overlaps = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  const order = points.map((p, i) => i).sort((a, b) => points[a].y - points[b].y);
  const out = new Array(points.length);
  for (const i of order) {
    const p = points[i];
    const w = width(p.name);
    const candidates = [
      { x: p.x, y: p.y - p.r - 4, anchor: 'middle', box: { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y - p.r - 4 - size, y2: p.y - p.r - 4 } },
      { x: p.x, y: p.y + p.r + size + 1, anchor: 'middle', box: { x1: p.x - w / 2, x2: p.x + w / 2, y1: p.y + p.r + 1, y2: p.y + p.r + size + 1 } },
      { x: p.x + p.r + 4, y: p.y + size / 3, anchor: 'start', box: { x1: p.x + p.r + 4, x2: p.x + p.r + 4 + w, y1: p.y - size / 2, y2: p.y + size / 2 } },
      { x: p.x - p.r - 4, y: p.y + size / 3, anchor: 'end', box: { x1: p.x - p.r - 4 - w, x2: p.x - p.r - 4, y1: p.y - size / 2, y2: p.y + size / 2 } },
    ];
    const circles = points.filter((q) => q !== p).map((q) => ({ x1: q.x - q.r, x2: q.x + q.r, y1: q.y - q.r, y2: q.y + q.r }));
    // The first position that overlaps nothing, else the one that overlaps least.
    const area = (a, b) => Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1))
      * Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
    const clash = (c) => [...boxes, ...circles].reduce((sum, b) => sum + (overlaps(b, c.box) ? area(b, c.box) : 0), 0);
    const chosen = candidates.reduce((best, c) => (clash(c) < clash(best) ? c : best), candidates[0]);
    boxes.push(chosen.box);
    out[i] = { x: chosen.x, y: chosen.y, anchor: chosen.anchor };
  }
  return out;
}

/** A round scale-bar length (km) of about a fifth of `widthPx` at `kmPx` pixels per km. */
export function scaleBarKm(widthPx, kmPx) {
  const target = widthPx / 5 / kmPx;
  for (const km of [1, 2, 5, 10, 20, 50, 100, 200, 500]) if (km >= target * 0.6) return km;
  return 1000;
}

/** Great-circle kilometres (the planner's haversine, R = 6371.0088 km). */
export function haversineKm(a, b) {
  const rad = (d) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The member of `members` (with lon/lat) that minimises the summed distance: the zone's centre. */
export function medianOf(members) {
  let best = null;
  let bestSum = Infinity;
  for (const c of members) {
    const sum = members.reduce((acc, m) => acc + haversineKm(c, m), 0);
    if (sum < bestSum) { bestSum = sum; best = c; }
  }
  return best;
}

/**
 * Colours: a current zone keeps its colour (by its position among the county's zones, as on the
 * zones page); a proposed zone takes the colour of the current zone it takes over, or a new one.
 */
export function currentColour(currentZones, id) {
  const sorted = [...currentZones].sort((a, b) => a.id - b.id);
  const index = sorted.findIndex((z) => z.id === id);
  return index < 0 ? '#c0c4cc' : PLAN_COLOURS[index % PLAN_COLOURS.length];
}

export function proposedColour(currentZones, zone, index) {
  if (zone?.match_zone) return currentColour(currentZones, zone.match_zone.id);
  return NEW_ZONE_COLOURS[index % NEW_ZONE_COLOURS.length];
}

/** A number for tables: integers as they are, others to `digits` decimals. */
export function fmt(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return Number.isInteger(value) ? String(value) : Number(value).toFixed(digits);
}

/** Relative deviation of `value` from the target `mu`, as a signed percentage string. */
export function deviation(value, mu) {
  if (!mu) return '';
  const pct = ((value - mu) / mu) * 100;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(0)}%`;
}

/** The first day of next month after `day` (YYYY-MM-DD): a natural effective date. */
export function firstOfNextMonth(day) {
  const [y, m] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m, 1));
  return date.toISOString().slice(0, 10);
}
