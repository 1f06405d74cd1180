// The application's pages. The side menu and the router are both built from this list, so
// the menu only ever shows pages that exist. `action` is the server action a page needs
// (from the `actions` of /api/v1/auth/me); the menu hides pages the user may not open.
import { House, OfficeBuilding, User, Document, Setting, Avatar, MapLocation, Connection } from '@element-plus/icons-vue';

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
    action: 'org.read',
    component: () => import('./views/OrgView.vue'),
  },
  {
    path: '/zones',
    name: 'zones',
    titleKey: 'nav.zones',
    icon: MapLocation,
    action: 'org.read',
    component: () => import('./views/ZonesView.vue'),
  },
  {
    path: '/people',
    name: 'people',
    titleKey: 'nav.people',
    icon: Avatar,
    action: 'people.read',
    component: () => import('./views/PeopleView.vue'),
  },
  {
    path: '/secondments',
    name: 'secondments',
    titleKey: 'nav.secondments',
    icon: Connection,
    action: 'secondment.read',
    component: () => import('./views/SecondmentsView.vue'),
  },
  {
    path: '/users',
    name: 'users',
    titleKey: 'nav.users',
    icon: User,
    action: 'users.read',
    component: () => import('./views/UsersView.vue'),
  },
  {
    path: '/audit',
    name: 'audit',
    titleKey: 'nav.audit',
    icon: Document,
    action: 'audit.read',
    component: () => import('./views/AuditView.vue'),
  },
  {
    path: '/account',
    name: 'account',
    titleKey: 'nav.account',
    icon: Setting,
    action: 'self.service',
    component: () => import('./views/AccountView.vue'),
  },
];
