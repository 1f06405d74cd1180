// Shared pieces of the case (线索/案件) pages: the workflow vocabulary in procedure order (states,
// handling levels, approval paths, approval roles), the decision vocabulary (sanctions, measures,
// organisational handling, approving bodies), tag colours, the approval roles a signed-in user
// may give, and the helpers the detail page's cards share. The server's workflow table is
// authoritative: these lists only label and order what it sends.
import { session } from './session.js';
import { i18n } from './i18n/index.js';

// CaseState in procedure order (src/domain/case_workflow.hpp); the dossier is ordered by it.
export const CASE_STATES = [
  'clue_registered', 'inquiry', 'verification', 'shelved', 'filing_requested', 'investigating', 'review', 'returned',
  'standing_committee', 'approval', 'decided', 'announced', 'executed', 'follow_up', 'closed', 'archived',
];
export const CASE_LEVELS = ['township', 'zone_assisted', 'county', 'escalated', 'designated'];
export const CASE_PATHS = ['township_county_review', 'township_submission', 'county_level'];
export const CASE_SOURCES = ['report', 'supervision', 'inspection', 'transfer', 'self_report', 'other'];
export const TEAM_ROLES = ['investigator', 'reviewer', 'verifier'];
// Levels handled on the township side (the township's commission and party committee approve).
export const TOWNSHIP_SIDE_LEVELS = ['township', 'zone_assisted', 'designated'];
// Levels decided at the county (the county's bodies stand in for "the same level").
export const COUNTY_SIDE_LEVELS = ['county', 'escalated'];

// Decision vocabulary (src/domain/sanctions.hpp), in order of severity or of the source.
export const PARTY_SANCTIONS = ['warning', 'serious_warning', 'serious_warning_in_lieu', 'removal_from_party_posts',
  'probation_one_year', 'probation_two_years', 'expulsion', 'exempted', 'not_sanctioned'];
export const GOVERNMENT_SANCTIONS = ['warning', 'demerit', 'major_demerit', 'demotion', 'dismissal_from_post', 'expulsion',
  'exempted', 'not_sanctioned'];
// 政务处分法 Art. 22: a village manager gets only these.
export const VILLAGE_MANAGER_GOVERNMENT = ['warning', 'demerit', 'major_demerit', 'exempted', 'not_sanctioned'];
export const FIRST_FORM_MEASURES = ['reminder_talk', 'warning_talk', 'criticism_education', 'stop_violation', 'return_of_gains',
  'rectification_deadline', 'ordered_self_examination', 'democratic_life_meeting', 'public_apology', 'circulated_criticism',
  'admonishment', 'other_criticism_education'];
export const ORG_HANDLINGS = ['suspension_for_inspection', 'post_adjustment', 'transfer_to_rank_post', 'ordered_resignation',
  'removal_from_office', 'demotion_in_post', 'early_retirement'];
export const JUDICIAL_OUTCOMES = ['transferred', 'convicted'];
export const APPROVING_BODIES = ['township_commission', 'township_party_committee', 'county_commission', 'county_party_committee',
  'higher_commission'];
// Only a 监察机关 decides a government sanction (政务处分法 Art. 3): the county 监委 or above.
export const GOVERNMENT_DECIDERS = ['county_commission', 'higher_commission'];

export const STATE_TAGS = {
  clue_registered: 'info', inquiry: 'primary', verification: 'primary', shelved: 'info', filing_requested: 'warning',
  investigating: 'primary', review: 'warning', returned: 'warning', standing_committee: 'warning', approval: 'warning',
  decided: 'success', announced: 'success', executed: 'success', follow_up: 'success', closed: 'info', archived: 'info',
};
export const LEVEL_TAGS = { township: 'info', zone_assisted: 'warning', county: 'danger', escalated: 'danger', designated: 'warning' };

/**
 * The approval roles a holder of each user role may give (the server checks again): a township
 * secretary for township-side cases, a county leader for the county's bodies (and the
 * "same-level" ones of county cases), the zone chief for the zone, county staff for the county's
 * review office and functional office.
 */
const GIVES = {
  township_secretary: { township: ['commission_head', 'department_head', 'standing_committee', 'party_secretary', 'party_committee'] },
  county_leader: {
    any: ['county_commission_head', 'county_standing_committee'],
    county: ['commission_head', 'party_secretary', 'party_committee', 'standing_committee'],
  },
  zone_chief: { any: ['zone_chief'] },
  county_staff: { any: ['county_review', 'county_office', 'department_head'] },
};

/** The approval roles the signed-in user may record on `detail` (the server's list wins when it sends one). */
export function approvableRoles(detail) {
  // The server's answer (GET /cases/{id} sends `my_approval_roles: [{role, role_label}]`).
  if (Array.isArray(detail?.my_approval_roles)) return detail.my_approval_roles.map((r) => (typeof r === 'string' ? r : r.role));
  const countySide = COUNTY_SIDE_LEVELS.includes(detail?.level);
  const roles = new Set();
  for (const grant of session.grants ?? []) {
    const gives = GIVES[grant.role];
    if (!gives) continue;
    for (const role of gives.any ?? []) roles.add(role);
    for (const role of (countySide ? gives.county : gives.township) ?? []) roles.add(role);
  }
  return [...roles];
}

function label(group, id, fallback) {
  const key = `${group}.${id}`;
  return i18n.global.te(key) ? i18n.global.t(key) : (fallback || id);
}
export const caseStateLabel = (id, fallback) => label('cases.states', id, fallback);
export const caseLevelLabel = (id, fallback) => label('cases.levels', id, fallback);
export const casePathLabel = (id, fallback) => label('cases.paths', id, fallback);
export const caseSourceLabel = (id, fallback) => label('cases.sources', id, fallback);
export const approvalRoleLabel = (id, fallback) => label('cases.roles', id, fallback);
export const teamRoleLabel = (id, fallback) => label('cases.teamRoles', id, fallback);
export const partySanctionLabel = (id, fallback) => label('cases.partySanctions', id, fallback);
export const governmentSanctionLabel = (id, fallback) => label('cases.governmentSanctions', id, fallback);
export const measureLabel = (id, fallback) => label('cases.measures', id, fallback);
export const orgHandlingLabel = (id, fallback) => label('cases.orgHandlings', id, fallback);
export const judicialLabel = (id, fallback) => label('cases.judicial', id, fallback);
export const trackLabel = (id, fallback) => label('cases.tracks', id, fallback);
export const bodyLabel = (id, fallback) => label('cases.bodies', id, fallback);
/** A form field of a step by its JSON name: the official label of the workflow table. */
export const permissionLabel = (id) => label('cases.permissions', String(id ?? '').replace(/\./g, '_'), id);
export const caseFieldLabel = (name, fallback) => label('cases.fields', name, fallback);

/** The sanction of an influence period (its id is a Party or government sanction, or 诫勉). */
export function influenceSanctionLabel(period) {
  if (period.label) return period.label;
  if (period.track === 'party') return partySanctionLabel(period.sanction);
  if (period.track === 'government') return governmentSanctionLabel(period.sanction);
  return measureLabel(period.sanction);
}

/** Groups documents by stage in procedure order: [{stage, label, documents}]. */
export function documentsByStage(documents = []) {
  const groups = new Map();
  for (const d of documents) {
    if (!groups.has(d.stage)) groups.set(d.stage, { stage: d.stage, label: caseStateLabel(d.stage, d.stage_label), documents: [] });
    groups.get(d.stage).documents.push(d);
  }
  const rank = (stage) => {
    const at = CASE_STATES.indexOf(stage);
    return at < 0 ? CASE_STATES.length : at;
  };
  return [...groups.values()].sort((a, b) => rank(a.stage) - rank(b.stage));
}

/** The nearest open deadline of a case detail (for the header), or null. */
export function nextOpenDeadline(deadlines = []) {
  const open = deadlines.filter((d) => !d.completed_on && d.state !== 'met' && d.state !== 'met_late');
  open.sort((a, b) => String(a.due_on).localeCompare(String(b.due_on)));
  return open[0] ?? null;
}

/**
 * The error of a 400/409/422 answer as lines to show: the message, then each problem of a
 * decision with the rule it cites, then each field error with its label: [{text, rule}].
 */
export function problemLines(error) {
  const lines = [];
  const seen = new Set();
  const add = (text, rule = '') => {
    if (!text || seen.has(text)) return;
    seen.add(text);
    lines.push({ text, rule });
  };
  const payload = error?.payload?.error;
  add(error?.message);
  for (const p of payload?.problems ?? []) add(p.message || p.code, p.rule);
  for (const f of payload?.fields ?? []) add(f.message ? `${f.field ? `${caseFieldLabel(f.field, f.field)}：` : ''}${f.message}` : '');
  return lines;
}
