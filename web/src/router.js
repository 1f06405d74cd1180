import { createRouter, createWebHistory } from 'vue-router';
import { pages } from './nav.js';
import NotFoundView from './views/NotFoundView.vue';

const routes = [
  ...pages.map((page) => ({
    path: page.path,
    name: page.name,
    component: page.component,
    meta: { titleKey: page.titleKey, nav: page.path },
  })),
  // The server answers unknown non-API paths with index.html; show a 404 page in the app.
  { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { titleKey: 'notFound.title' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});
