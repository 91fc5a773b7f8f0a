/**
 * /hoan-tat-dang-ky#token=… — the link mailed at registration (identity.registration.ts). The
 * token rides in the fragment, which the browser never sends to a server (nor to the logs of a
 * proxy, nor in a Referer); the page posts it once to `POST /api/v1/auth/register/complete`, which
 * creates the account with the e-mail confirmed. A link opened twice, or too late, says so and
 * points to registering again.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../shared/api.ts';
import { useI18n } from '../shared/i18n/index.tsx';
import { Alert, ButtonLink, ErrorAlert, Loading, PageTitle } from '../shared/ui/index.ts';

type State =
  | { kind: 'working' }
  | { kind: 'done'; username: string }
  | { kind: 'invalid' }
  | { kind: 'missing' }
  | { kind: 'failed'; error: unknown };

function tokenOf(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && /^[A-Za-z0-9_-]{16,200}$/.test(token) ? token : null;
}

export function RegistrationCompletePage() {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ kind: 'working' });
  // The token is single-use: one request per page, even when an effect runs twice.
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const token = tokenOf(window.location.hash);
    // The token leaves the address bar and the history at once.
    window.history.replaceState(window.history.state, '', window.location.pathname);
    if (!token) {
      setState({ kind: 'missing' });
      return;
    }
    api<{ username?: string }>('/api/v1/auth/register/complete', { method: 'POST', body: { token } })
      .then((account) => setState({ kind: 'done', username: account.username ?? '' }))
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 400) setState({ kind: 'invalid' });
        else setState({ kind: 'failed', error });
      });
  }, []);

  const title = state.kind === 'done' ? t['register.done.title'] : t['register.title'];
  return (
    <div className="narrow">
      <PageTitle title={title}>{title}</PageTitle>
      {state.kind === 'working' ? <Loading /> : null}
      {state.kind === 'done' ? (
        <>
          <Alert tone="success" title={t['register.done.alert']}>
            <p>{t['register.done.body'](state.username)}</p>
          </Alert>
          <ButtonLink to="/dang-nhap">{t['register.signIn']}</ButtonLink>
        </>
      ) : null}
      {state.kind === 'invalid' || state.kind === 'missing' ? (
        <Alert tone="error" title={t['register.invalid.title']}>
          <p>{state.kind === 'missing' ? t['register.missing.body'] : t['register.invalid.body']}</p>
        </Alert>
      ) : null}
      {state.kind === 'failed' ? <ErrorAlert error={state.error} /> : null}
    </div>
  );
}
