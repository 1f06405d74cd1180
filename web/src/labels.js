// Localized names for server identifiers (roles, actions, audit outcomes). Unknown identifiers
// (custom roles, new audit actions) are shown as they are.
import { i18n } from './i18n/index.js';

function label(group, id) {
  const key = `${group}.${id}`;
  return i18n.global.te(key) ? i18n.global.t(key) : id;
}

export const roleLabel = (role) => label('roles', role);
export const outcomeLabel = (outcome) => label('outcomes', outcome);
export const actionLabel = (action) => label('auditActions', String(action ?? '').replace(/\./g, '_'));
