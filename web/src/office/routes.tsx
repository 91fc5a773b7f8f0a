/**
 * The back office's routes (basename /office):
 *   dang-nhap                 sign-in (password, then the authenticator code when required)
 *   (index) → hang-doi        the work queues (an administrator without dossier roles: quan-tri)
 *   hang-doi/:queue           one queue with its filters (?procedure=&sector=&from=&to=&channel=&q=&page=)
 *   ho-so/:id                 a dossier: applicant, form, components, timeline, actions
 *   tiep-nhan                 the reception desk for a walk-in applicant
 *   kiem-tra/:id              the check screen of an online submission (from the reception queue)
 *   bang-theo-doi             the leader's dashboard of an agency (?agency=&from=&to=)
 *   bang-theo-doi/ho-so       the dossiers of a dashboard group (?list=<API list>&title=)
 *   bao-qua-han               overdue dossiers escalated to the leader
 *   quan-tri/*                administration (admin/routes.tsx): process definitions, calendars, register
 */
import type { RouteObject } from 'react-router';
import { Navigate } from 'react-router';
import { loadPortalMessages } from '../shared/i18n/index.tsx';
import { LoginPage } from './LoginPage.tsx';
import { NotFoundPage, OfficeLayout, RouteError, useOfficial } from './OfficeLayout.tsx';
import { homeOf } from './office.api.ts';
import { QueuesPage } from './QueuesPage.tsx';

/** "/" leads to where the official's work starts (homeOf). */
function Home() {
  return <Navigate to={homeOf(useOfficial())} replace />;
}

export function officeRoutes(): RouteObject[] {
  return [
    { path: '/dang-nhap', Component: LoginPage, errorElement: <RouteError /> },
    {
      path: '/',
      Component: OfficeLayout,
      children: [
        {
          errorElement: <RouteError />,
          children: [
            { index: true, Component: Home },
            { path: 'hang-doi', element: <Navigate to="/hang-doi/mine" replace /> },
            { path: 'hang-doi/:queue', Component: QueuesPage },
            {
              path: 'ho-so/:id',
              lazy: async () => ({ Component: (await import('./DossierPage.tsx')).DossierPage }),
            },
            {
              path: 'kiem-tra/:id',
              lazy: async () => ({ Component: (await import('./CheckPage.tsx')).CheckPage }),
            },
            {
              path: 'tiep-nhan',
              lazy: async () => {
                // The e-form fields speak the portal's messages (required, optional, formats).
                const [m] = await Promise.all([import('./ReceptionPage.tsx'), loadPortalMessages()]);
                return { Component: m.ReceptionPage };
              },
            },
            {
              path: 'bang-theo-doi',
              lazy: async () => ({ Component: (await import('./DashboardPage.tsx')).DashboardPage }),
            },
            {
              path: 'bang-theo-doi/ho-so',
              lazy: async () => ({ Component: (await import('./DashboardListPage.tsx')).DashboardListPage }),
            },
            {
              path: 'bao-qua-han',
              lazy: async () => ({ Component: (await import('./EscalationsPage.tsx')).EscalationsPage }),
            },
            {
              path: 'quan-tri/*',
              lazy: async () => ({ Component: (await import('./admin/routes.tsx')).AdminRoutes }),
            },
            { path: '*', Component: NotFoundPage },
          ],
        },
      ],
    },
  ];
}
