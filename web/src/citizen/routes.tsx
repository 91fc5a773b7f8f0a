/**
 * The citizen portal's routes, in Vietnamese slugs. Pages other than the home page are split
 * into their own chunks (route `lazy`), so the first load carries only the frame and the home.
 *
 *   dang-nhap                        sign-in
 *   nop-ho-so/:code[?buoc=…]         submission: start, where, who (creates the draft)
 *   nop-ho-so/:code/:id/:step        the draft's pages: to-khai-N, giay-to, xem-lai, da-nop
 *   ho-so-cua-toi[/:id]              my dossiers; /thanh-toan (fees), /rut-ho-so (withdraw)
 *   thanh-toan/gia-lap/:paymentId    the payment gateway simulator (not in production)
 *   tra-cuu[/:code]                  public lookup by dossier code and check digits
 *   minh-bach                        transparency figures
 *   tai-khoan                        my account: change the password, or set a first one
 * A page that needs a session wraps itself in RequireSignIn.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';
import { loadPortalMessages } from '../shared/i18n/index.tsx';
import { CitizenHydrateFallback, CitizenLayout } from './CitizenLayout.tsx';
import { HomePage } from './HomePage.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RouteError } from './RouteError.tsx';

export function citizenRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      path: '/',
      Component: CitizenLayout,
      HydrateFallback: CitizenHydrateFallback,
      children: [
        {
          errorElement: <RouteError />,
          children: [
            { index: true, Component: HomePage },
            {
              path: 'tim-kiem',
              lazy: async () => {
                const m = await import('./SearchPage.tsx');
                return { Component: m.SearchPage, loader: m.searchLoader(queryClient) };
              },
            },
            {
              path: 'thu-tuc/:code',
              lazy: async () => {
                const m = await import('./ProcedurePage.tsx');
                return { Component: m.ProcedurePage, loader: m.procedureLoader(queryClient) };
              },
            },
            {
              path: 'nop-ho-so/:code',
              lazy: async () => {
                const [m] = await Promise.all([import('./submit/SubmitStartPage.tsx'), loadPortalMessages()]);
                return { Component: m.SubmitStartPage };
              },
            },
            {
              path: 'nop-ho-so/:code/:id/:step',
              lazy: async () => {
                const [m] = await Promise.all([import('./submit/DraftPage.tsx'), loadPortalMessages()]);
                return { Component: m.DraftPage };
              },
            },
            {
              path: 'ho-so-cua-toi',
              lazy: async () => {
                const [m] = await Promise.all([import('./dossiers/MyDossiersPage.tsx'), loadPortalMessages()]);
                return { Component: m.MyDossiersPage };
              },
            },
            {
              path: 'ho-so-cua-toi/:id',
              lazy: async () => {
                const [m] = await Promise.all([import('./dossiers/DossierPage.tsx'), loadPortalMessages()]);
                return { Component: m.DossierPage };
              },
            },
            {
              path: 'ho-so-cua-toi/:id/thanh-toan',
              lazy: async () => {
                const [m] = await Promise.all([import('./dossiers/PaymentPage.tsx'), loadPortalMessages()]);
                return { Component: m.PaymentPage };
              },
            },
            {
              path: 'ho-so-cua-toi/:id/rut-ho-so',
              lazy: async () => {
                const [m] = await Promise.all([import('./dossiers/WithdrawPage.tsx'), loadPortalMessages()]);
                return { Component: m.WithdrawPage };
              },
            },
            {
              path: 'thanh-toan/gia-lap/:paymentId',
              lazy: async () => {
                const [m] = await Promise.all([import('./dossiers/GatewayPage.tsx'), loadPortalMessages()]);
                return { Component: m.GatewayPage };
              },
            },
            {
              path: 'minh-bach',
              lazy: async () => {
                const [m] = await Promise.all([import('./TransparencyPage.tsx'), loadPortalMessages()]);
                return { Component: m.TransparencyPage };
              },
            },
            {
              path: 'hoan-tat-dang-ky',
              lazy: async () => {
                const [m] = await Promise.all([import('./RegistrationCompletePage.tsx'), loadPortalMessages()]);
                return { Component: m.RegistrationCompletePage };
              },
            },
            {
              path: 'quen-mat-khau',
              lazy: async () => {
                const [m] = await Promise.all([import('./PasswordPages.tsx'), loadPortalMessages()]);
                return { Component: m.ForgotPasswordPage };
              },
            },
            {
              path: 'dat-lai-mat-khau',
              lazy: async () => {
                const [m] = await Promise.all([import('./PasswordPages.tsx'), loadPortalMessages()]);
                return { Component: m.ResetPasswordPage };
              },
            },
            {
              path: 'tai-khoan',
              lazy: async () => ({ Component: (await import('./AccountPage.tsx')).AccountPage }),
            },
            {
              path: 'dang-nhap',
              lazy: async () => ({ Component: (await import('./SignInPage.tsx')).SignInPage }),
            },
            {
              path: 'tra-cuu/:code?',
              lazy: async () => ({ Component: (await import('./LookupPage.tsx')).LookupPage }),
            },
            { path: '*', Component: NotFoundPage },
          ],
        },
      ],
    },
  ];
}
