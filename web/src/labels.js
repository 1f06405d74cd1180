// Localized names for server identifiers (roles, actions, audit outcomes). Unknown identifiers
// (custom roles, new audit actions) are shown as they are.
import { i18n } from './i18n/index.js';

function label(group, id, fallback) {
  const key = `${group}.${id}`;
  return i18n.global.te(key) ? i18n.global.t(key) : (fallback || id);
}

export const roleLabel = (role) => label('roles', role);
export const outcomeLabel = (outcome) => label('outcomes', outcome);
export const actionLabel = (action) => label('auditActions', String(action ?? '').replace(/\./g, '_'));

// Reports (信访举报): the server also sends *_label; the UI's own text is used for the values it
// knows (one wording in forms, filters and lists), the server's label for any other.
export const channelLabel = (id, fallback) => label('reports.channels', id, fallback);
export const reportTypeLabel = (id, fallback) => label('reports.types', id, fallback);
export const levelLabel = (id, fallback) => label('reports.levels', id, fallback);
export const reportStatusLabel = (id, fallback) => label('reports.statuses', id, fallback);
export const deadlineStateLabel = (id, fallback) => label('deadlines.states', id, fallback);
export const revealStateLabel = (id, fallback) => label('reveal.states', id, fallback);
export const rankLabel = (id, fallback) => label('people.ranks', id, fallback);
export const historyLabel = (id, fallback) => label('reportHistory', id, fallback);
