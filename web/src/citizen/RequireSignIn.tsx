/**
 * A page that needs a session: while asking who is signed in it shows the loading line; signed
 * out, it sends to the sign-in page, which comes back to this exact address afterwards.
 */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert, Loading } from '../shared/ui/index.ts';
import { type Me, signInPath, useMe } from './auth.ts';

export function RequireSignIn({ children }: { children: (me: Me) => ReactNode }) {
  const me = useMe();
  const { pathname, search } = useLocation();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to={signInPath(pathname + search)} replace />;
  return <>{children(me.data)}</>;
}
