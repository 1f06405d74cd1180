// The application's pages. The side menu and the router are both built from this list, so
// the menu only ever shows pages that exist: a new page is one entry here.
import { House, OfficeBuilding } from '@element-plus/icons-vue';

export const pages = [
  {
    path: '/',
    name: 'overview',
    titleKey: 'nav.overview',
    icon: House,
    component: () => import('./views/OverviewView.vue'),
  },
  {
    path: '/org',
    name: 'org',
    titleKey: 'nav.org',
    icon: OfficeBuilding,
    component: () => import('./views/OrgView.vue'),
  },
];
