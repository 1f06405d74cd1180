// Calendar days as 'YYYY-MM-DD' strings in China time (the server's "today" is Beijing time,
// whatever the browser's time zone).
const FORMAT = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in China as YYYY-MM-DD. */
export function chinaToday(now = new Date()) {
  return FORMAT.format(now);
}

/** `day` (YYYY-MM-DD) plus `n` days. */
export function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + n));
  return date.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b`, both YYYY-MM-DD (b − a). */
export function daysBetween(a, b) {
  const parse = (s) => { const [y, m, d] = s.split('-').map(Number); return Date.UTC(y, m - 1, d); };
  return Math.round((parse(b) - parse(a)) / 86_400_000);
}

/** Zone colours: distinct, readable with white text, and by zone id so they stay put across dates. */
export const ZONE_COLOURS = ['#c0392b', '#2471a3', '#1e8449', '#b9770e', '#7d3c98', '#117a65', '#a04000', '#2e4053', '#c2185b', '#5d6d7e'];
export function zoneColour(zones, id) {
  const index = zones.findIndex((z) => z.id === id);
  return index < 0 ? '#909399' : ZONE_COLOURS[index % ZONE_COLOURS.length];
}
