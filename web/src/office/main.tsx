/**
 * The back office (issue 7), served at /office: officials' login, work queues, the dossier view
 * and the reception desk. Vietnamese only (the officials' working language); the shared UI kit
 * and API client of the portal, its own frame sized for a 1366×768 office screen.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { retryUnlessClientError } from '../shared/api.ts';
import { I18nProvider, loadMessages } from '../shared/i18n/index.tsx';
import { officeRoutes } from './routes.tsx';
import '../shared/ui/ui.css';
import './office.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: retryUnlessClientError, refetchOnWindowFocus: false },
  },
});

const router = createBrowserRouter(officeRoutes(), { basename: '/office' });

await loadMessages('vi');

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from office.html');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
