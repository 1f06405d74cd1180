import { createRouter, createWebHistory } from 'vue-router';
import { pages, portalPages } from './nav.js';
import { api, onUnauthorized } from './api.js';
import { session, applyMe, clearSession, mayHaveSession } from './session.js';
import NotFoundView from './views/NotFoundView.vue';

const routes = [
  ...pages.map((page) => ({
    path: page.path,
    name: page.name,
    component: page.component,
    meta: { titleKey: page.titleKey, nav: page.parent ?? page.path, action: page.action },
  })),
  // The public portal never asks who is signed in: a reporter's phone has no staff session,
  // and a staff browser must not mix its session into a report.
  ...portalPages.map((page) => ({
    path: page.path,
    name: page.name,
    component: page.component,
    meta: { titleKey: page.titleKey, public: true, portal: true },
  })),
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { titleKey: 'login.title', public: true },
  },
  // The server answers unknown non-API paths with index.html; show a 404 page in the app.
  { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { titleKey: 'notFound.title' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

/** A same-origin path to return to after signing in (never another site). */
export function safeRedirect(value) {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || !text.startsWith('/') || text.startsWith('//') || text.startsWith('/\\')) return '/';
  if (text.startsWith('/login')) return '/';
  return text;
}

// After a reload the session cookie may still be valid: ask the server who we are (this also
// recovers the CSRF token, which lives in memory only).
let restoring = null;
let endedSinceLastVisit = false; // this browser had a session, and the server no longer knows it
export function restoreSession() {
  if (session.state !== 'unknown') return Promise.resolve();
  if (!mayHaveSession()) {
    clearSession();
    return Promise.resolve();
  }
  restoring ??= api.me({ quiet: true })
    .then(applyMe, (error) => {
      endedSinceLastVisit = error?.status === 401;
      clearSession();
    })
    .finally(() => { restoring = null; });
  return restoring;
}

router.beforeEach(async (to) => {
  if (to.meta.portal) return true;
  await restoreSession();
  const signedIn = session.state === 'signed-in';
  if (to.meta.public) {
    if (to.name === 'login' && signedIn) return safeRedirect(to.query.redirect);
    return true;
  }
  if (!signedIn) {
    const query = to.fullPath === '/' ? {} : { redirect: to.fullPath };
    if (endedSinceLastVisit) query.expired = '1';
    endedSinceLastVisit = false;
    return { name: 'login', query };
  }
  return true;
});

// A 401 from any API call: the session ended (idle timeout, signed out elsewhere, disabled).
onUnauthorized(({ expired }) => {
  const current = router.currentRoute.value;
  if (current.meta.public) return;
  const query = { redirect: current.fullPath };
  if (expired) query.expired = '1';
  router.push({ name: 'login', query });
});
