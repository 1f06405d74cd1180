// The application's pages. The side menu and the router are both built from this list, so
// the menu only ever shows pages that exist. `action` is the server action a page needs
// (from the `actions` of /api/v1/auth/me, or a list of which any one will do); the menu hides
// pages the user may not open. `menu: false` pages are routes only (a form, a detail page);
// `parent` is the menu entry they keep highlighted.
import {
  House, OfficeBuilding, User, Document, Setting, Avatar, MapLocation, Connection, Tickets, Key, AlarmClock,
  Calendar, Iphone,
} from '@element-plus/icons-vue';
import { DataAnalysis, Sort } from '@element-plus/icons-vue';
import { FolderOpened, Bell } from '@element-plus/icons-vue';

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
  // Zone planning (issue 6): proposing and adopting a division into zones, cross-inspection
  // rounds. Both are county administration (org.write).
  {
    path: '/zone-planning',
    name: 'zone-planning',
    titleKey: 'zonePlanning.navTitle',
    icon: DataAnalysis,
    action: 'org.write',
    component: () => import('./views/ZonePlanningView.vue'),
  },
  {
    path: '/rotation',
    name: 'rotation',
    titleKey: 'rotation.navTitle',
    icon: Sort,
    action: 'org.write',
    component: () => import('./views/RotationView.vue'),
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
    path: '/reports',
    name: 'reports',
    titleKey: 'nav.reports',
    icon: Tickets,
    action: 'report.read',
    component: () => import('./views/ReportsView.vue'),
  },
  {
    path: '/reports/new',
    name: 'report-new',
    titleKey: 'nav.reportNew',
    action: 'report.register',
    menu: false,
    parent: '/reports',
    component: () => import('./views/ReportNewView.vue'),
  },
  {
    path: '/reports/:id(\\d+)',
    name: 'report',
    titleKey: 'nav.report',
    action: 'report.read',
    menu: false,
    parent: '/reports',
    component: () => import('./views/ReportDetailView.vue'),
  },
  // Clues and cases (issue 5): the list in the menu, one case as a route, and the inbox of
  // supervision notices reached from the header's bell.
  {
    path: '/cases',
    name: 'cases',
    titleKey: 'cases.navTitle',
    icon: FolderOpened,
    action: 'case.read',
    component: () => import('./views/CasesView.vue'),
  },
  {
    path: '/cases/:id(\\d+)',
    name: 'case',
    titleKey: 'cases.navDetail',
    action: 'case.read',
    menu: false,
    parent: '/cases',
    component: () => import('./views/CaseDetailView.vue'),
  },
  {
    path: '/notices',
    name: 'notices',
    titleKey: 'notices.title',
    icon: Bell,
    action: 'self.service',
    menu: false,
    component: () => import('./views/NoticesView.vue'),
  },
  {
    path: '/reveal-requests',
    name: 'reveal-requests',
    titleKey: 'nav.revealRequests',
    icon: Key,
    action: 'reporter.custody',
    component: () => import('./views/RevealRequestsView.vue'),
  },
  {
    path: '/deadlines',
    name: 'deadlines',
    titleKey: 'nav.deadlines',
    icon: AlarmClock,
    action: 'deadline.read',
    component: () => import('./views/DeadlinesView.vue'),
  },
  {
    path: '/calendar',
    name: 'calendar',
    titleKey: 'nav.calendar',
    icon: Calendar,
    // Every signed-in user may read the calendar; the menu offers it to those who work with
    // deadlines and to those who maintain it.
    action: ['deadline.read', 'calendar.write'],
    component: () => import('./views/CalendarView.vue'),
  },
  {
    path: '/village-intake',
    name: 'village-intake',
    titleKey: 'nav.villageIntake',
    icon: Iphone,
    action: 'report.intake',
    component: () => import('./views/VillageIntakeView.vue'),
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

/** The public reporting portal: no sign-in, its own phone-first layout, no side menu. */
export const portalPages = [
  {
    path: '/portal',
    name: 'portal',
    titleKey: 'portal.title',
    component: () => import('./views/PortalReportView.vue'),
  },
  {
    path: '/portal/query',
    name: 'portal-query',
    titleKey: 'portal.query.title',
    component: () => import('./views/PortalQueryView.vue'),
  },
];
