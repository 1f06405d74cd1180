// The user's inbox of supervision notices (督办提醒): overdue items go to the zone chief, long
// overdue ones to the county. The header's bell shows the unread count; it is refreshed when
// the app starts, every few minutes while signed in, and whenever the inbox changes.
import { reactive } from 'vue';
import { api } from './api.js';
import { can, session } from './session.js';

export const inbox = reactive({ items: [], unread: 0, loaded: false });
const POLL_MS = 180_000;
let timer = null;
let pending = null;

function take(items) {
  inbox.items = items;
  inbox.unread = items.filter((n) => !n.read).length;
  inbox.loaded = true;
}

/** Fetches the notices (quietly: the bell never shows an error toast). */
export function refreshNotices({ quiet = true } = {}) {
  if (session.state !== 'signed-in' || !can('self.service')) return Promise.resolve(inbox);
  pending ??= api.get('/api/v1/notices', {}, { quiet })
    .then((answer) => { take(answer.items ?? []); return inbox; })
    .finally(() => { pending = null; });
  return pending;
}

export async function markRead(id) {
  await api.post(`/api/v1/notices/${encodeURIComponent(id)}/read`, {});
  const notice = inbox.items.find((n) => n.id === id);
  if (notice && !notice.read) {
    notice.read = true;
    inbox.unread = Math.max(0, inbox.unread - 1);
  }
}

/** Starts polling while signed in; stops (and forgets the notices) when signed out. */
export function watchInbox(signedIn) {
  clearInterval(timer);
  timer = null;
  if (!signedIn) {
    take([]);
    inbox.loaded = false;
    return;
  }
  refreshNotices().catch(() => {});
  timer = setInterval(() => {
    if (document.visibilityState === 'visible') refreshNotices().catch(() => {});
  }, POLL_MS);
}
