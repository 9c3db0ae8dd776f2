// The console's navigation, computed once on the server and drawn twice: inline on wide screens, in the phone menu.
import type { PageAccess } from '@/lib/dal/page-access';

export type ConsoleSection =
  'overview' | 'sessions' | 'blocking' | 'owners' | 'history' | 'audit' | 'tokens' | 'notifications';

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
}

export interface ConsoleNav {
  clusters: NavLink[];
  sections: NavLink[];
  identity: string;
  role: string;
}

/** The id the skip link jumps to: each console page puts it on its main region. */
export const MAIN_CONTENT_ID = 'main-content';

/** For a page's <main>: the skip link's target, focusable by it (not by Tab), with no ring around the whole page. */
export const mainContentProps = { id: MAIN_CONTENT_ID, tabIndex: -1 } as const;

const clusterSections = [
  { id: 'sessions', label: 'Sessions' },
  { id: 'blocking', label: 'Blocking' },
  { id: 'owners', label: 'Owners' },
  { id: 'history', label: 'History' },
] as const;

export function consoleNav(access: PageAccess, section: ConsoleSection): ConsoleNav {
  // Pages that span clusters: from there a cluster link opens that cluster's sessions, and no cluster is current.
  const inCluster = clusterSections.some((item) => item.id === section);
  const clusterSection = inCluster ? section : 'sessions';
  const sections: NavLink[] = [{ href: '/', label: 'Overview', current: section === 'overview' }];
  sections.push(
    ...clusterSections.map((item) => ({
      href: `/clusters/${access.cluster.id}/${item.id}`,
      label: item.label,
      current: item.id === section,
    })),
  );
  sections.push({ href: '/audit', label: 'Audit', current: section === 'audit' });
  if (access.role === 'admin') {
    sections.push({ href: '/tokens', label: 'Tokens', current: section === 'tokens' });
    sections.push({ href: '/notifications', label: 'Notifications', current: section === 'notifications' });
  }
  return {
    clusters: access.clusters.map((cluster) => ({
      href: `/clusters/${cluster.id}/${clusterSection}`,
      label: cluster.name,
      current: inCluster && cluster.id === access.cluster.id,
    })),
    sections,
    identity: access.identity.name ?? access.identity.email,
    role: `${access.role} on ${access.cluster.id}`,
  };
}
