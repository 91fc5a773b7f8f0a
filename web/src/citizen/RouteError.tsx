import { isRouteErrorResponse, useRouteError } from 'react-router';
import { useI18n } from '../shared/i18n/index.tsx';
import { ErrorAlert, PageTitle } from '../shared/ui/index.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

/** A route that failed to load (a chunk after a deployment, a loader error): say so, offer retry. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useI18n();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <>
      <PageTitle title={t['error.title']}>{t['error.title']}</PageTitle>
      <ErrorAlert error={error} onRetry={() => window.location.reload()} />
    </>
  );
}
