import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { citizenRoutes } from './citizen/routes.tsx';
import { retryUnlessClientError } from './shared/api.ts';
import { I18nProvider, initialLocale, loadMessages } from './shared/i18n/index.tsx';
import './shared/ui/ui.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: retryUnlessClientError, refetchOnWindowFocus: false },
  },
});

const router = createBrowserRouter(citizenRoutes(queryClient));

await loadMessages(initialLocale());

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
