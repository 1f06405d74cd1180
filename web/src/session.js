// The signed-in user, kept in memory only. The session itself is an HttpOnly cookie the page
// cannot read; the CSRF token that must accompany every state-changing request comes back from
// the login and from GET /api/v1/auth/me (after a reload), and is never written to storage.
import { computed, reactive } from 'vue';

export const session = reactive({
  state: 'unknown', // unknown | signed-in | signed-out
  user: null, // {id, username, county, person_id?}
  grants: [], // [{role, scope}]
  actions: [], // ['org.read', …]
  csrfToken: '',
});

// A hint (not a secret) that this browser may hold a session cookie, so that a first visit
// goes straight to the sign-in page instead of asking the server and getting a 401.
const HINT_KEY = 'xzq.session';
function setHint(on) {
  try {
    if (on) localStorage.setItem(HINT_KEY, '1');
    else localStorage.removeItem(HINT_KEY);
  } catch {
    // No storage: the app simply asks the server every time.
  }
}
export function mayHaveSession() {
  try {
    return localStorage.getItem(HINT_KEY) !== null;
  } catch {
    return true;
  }
}

export const signedIn = computed(() => session.state === 'signed-in');

/**
 * Whether the signed-in user may perform `action` (an action identifier of the server), or one
 * of them when `action` is a list.
 */
export function can(action) {
  if (Array.isArray(action)) return action.length === 0 || action.some((a) => session.actions.includes(a));
  return !action || session.actions.includes(action);
}

/** Stores the answer of /auth/login or /auth/me. */
export function applyMe(me) {
  session.user = me.user ?? null;
  session.grants = me.grants ?? [];
  session.actions = me.actions ?? [];
  session.csrfToken = me.csrf_token ?? '';
  session.state = 'signed-in';
  setHint(true);
}

export function clearSession() {
  session.user = null;
  session.grants = [];
  session.actions = [];
  session.csrfToken = '';
  session.state = 'signed-out';
  setHint(false);
}
