// Shared pieces of the report (信访举报) pages: the reference lists, the reference data of
// /api/v1/public/report-form (categories, problem areas, townships and villages, limits), the
// server's field errors, submission ids, file sizes and tag colours.
import { publicApi } from './api.js';
import { currentLocale } from './i18n/index.js';

export const CHANNELS = ['letter', 'visit', 'phone_12388', 'online', 'village_officer', 'transfer_in'];
export const REPORT_TYPES = ['accusation', 'appeal', 'suggestion', 'out_of_scope', 'no_substance'];
export const LEVELS = ['township', 'zone', 'county', 'higher'];
// Internal states a report passes through (the list filter); the server's label is shown where given.
export const STATUSES = ['registered', 'accepted', 'in_handling', 'concluded', 'not_accepted', 'forwarded_up', 'forwarded_out'];
// What the reporter sees on the portal, in order.
export const PUBLIC_STATUSES = ['received', 'accepted', 'in_handling', 'concluded'];
export const PERSON_RANKS = ['provincial_ministerial', 'bureau', 'county_division', 'township_section', 'general_cadre',
  'village_cadre', 'rural_other', 'enterprise', 'public_institution', 'other'];

export const STATUS_TAGS = {
  received: 'info', registered: 'info', accepted: 'primary', in_handling: 'warning', concluded: 'success',
  not_accepted: 'info', forwarded_up: 'info', forwarded_out: 'info',
};
export const DEADLINE_TAGS = {
  on_time: 'success', due_soon: 'warning', overdue: 'danger', paused: 'info', met: 'success', met_late: 'warning',
};
export const REVEAL_TAGS = { pending: 'warning', approved: 'success', refused: 'info', none: 'info' };

// The reference data, once per UI language (its names come localised from the server).
const formCache = new Map();
export function loadReportForm() {
  const locale = currentLocale();
  if (!formCache.has(locale)) {
    const pending = publicApi.reportForm().catch((error) => {
      formCache.delete(locale);
      throw error;
    });
    formCache.set(locale, pending);
  }
  return formCache.get(locale);
}

/** el-cascader options of the two-level violation categories. */
export function categoryOptions(categories = []) {
  return categories.map((c) => ({
    value: c.code,
    label: c.name,
    children: (c.subcategories ?? []).map((s) => ({ value: s.code, label: s.name })),
  }));
}

/** The cascader path [category, subcategory] of a subcategory code. */
export function categoryPath(categories = [], code) {
  if (!code) return [];
  for (const c of categories) {
    if (c.code === code) return [c.code];
    if ((c.subcategories ?? []).some((s) => s.code === code)) return [c.code, code];
  }
  return [];
}

/**
 * An id for one filled-in form, so that the server recognises a resend (a double click, a
 * retry after a lost answer). crypto.randomUUID needs a secure context; a portal reached over
 * plain http on a local network still has crypto.getRandomValues.
 */
export function newSubmissionId() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The field errors of a 400 answer as {field: message}. Field names are normalised so that
 * `persons[0].name` and `persons.0.name` are the same key (`persons.0.name`).
 */
export function fieldErrors(error) {
  const errors = {};
  for (const f of error?.payload?.error?.fields ?? []) {
    if (!f?.field) continue;
    const key = normalizeField(f.field);
    errors[key] = errors[key] ? `${errors[key]}；${f.message}` : (f.message || f.code || '');
  }
  return errors;
}
export const normalizeField = (field) => String(field).replace(/\[(\d+)\]/g, '.$1');

/** Field errors whose key is not among `shown` (so that none is lost). */
export function otherErrors(errors, shown) {
  return Object.entries(errors).filter(([key]) => !shown.some((s) => (s instanceof RegExp ? s.test(key) : s === key)))
    .map(([, message]) => message);
}

/** A file size for people: 512 B, 3.4 KB, 2.1 MB. */
export function formatSize(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A timestamp (ISO 8601) as local "YYYY-MM-DD HH:mm" in China time. */
const STAMP = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});
export function formatStamp(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const parts = Object.fromEntries(STAMP.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * The persons a form holds, without empty rows and with trimmed text: {list, rows} where
 * rows[i] is the form row of list[i] (to put the server's `persons.i.*` errors on their row).
 */
export function cleanPersons(persons, extra = () => ({})) {
  const list = [];
  const rows = [];
  persons.forEach((p, row) => {
    const name = (p.name ?? '').trim();
    const post = (p.post ?? '').trim();
    if (!name && !post) return;
    list.push({ name, post, ...extra(p) });
    rows.push(row);
  });
  return { list, rows };
}

/** Moves `persons.i.*` error keys from the sent index to the form row. */
export function personErrorsToRows(errors, rows) {
  const moved = {};
  for (const [key, message] of Object.entries(errors)) {
    const match = key.match(/^persons\.(\d+)(\..*)?$/);
    if (match && rows[Number(match[1])] !== undefined) moved[`persons.${rows[Number(match[1])]}${match[2] ?? ''}`] = message;
    else moved[key] = message;
  }
  return moved;
}
