/**
 * /tai-khoan — the signed-in citizen's account: who they are, and the password.
 *
 * The session says whether the account has a password (`hasPassword` of /auth/me):
 * - an account with a password changes it (current password needed; other sessions end);
 * - an account created by a sign-in through VNeID has none yet and may add one, but only from a
 *   session that signed in through the provider in the last 5 minutes (identity.auth.ts,
 *   FIRST_PASSWORD_REAUTH_MS): a stolen or forgotten-open session must not be able to give the
 *   account a password its holder does not know. The server then answers 403
 *   REAUTHENTICATION_REQUIRED and the page explains it and offers "Đăng nhập lại bằng VNeID",
 *   coming back here afterwards.
 *
 * Its messages live beside it (account.messages.ts): a page loaded on demand brings its words.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../shared/api.ts';
import { useI18n } from '../shared/i18n/index.tsx';
import { NewPasswordPair, PasswordField } from '../shared/ui/credential-fields.tsx';
import { ErrorSummary } from '../shared/ui/form-extras.tsx';
import { Alert, Button, ErrorAlert, PageTitle } from '../shared/ui/index.ts';
import { SummaryList, SummaryRow } from '../shared/ui/summary.tsx';
import { accountMessages } from './account.messages.ts';
import { type Me, meQuery } from './auth.ts';
import { externalProvidersQuery } from './dossier.api.ts';
import { serverFieldErrors, summaryOf } from './password-form.ts';
import { RequireSignIn } from './RequireSignIn.tsx';

export const ACCOUNT_PATH = '/tai-khoan';

const IDS = { currentPassword: 'current-password', newPassword: 'new-password', again: 'new-password-again' };

export function AccountPage() {
  return <RequireSignIn>{(me) => <Account me={me} />}</RequireSignIn>;
}

function Account({ me }: { me: Me }) {
  const { locale } = useI18n();
  const m = accountMessages(locale);
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reauthRef = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();
  const firstPassword = me.hasPassword === false;
  const change = useMutation({
    mutationFn: (body: { currentPassword?: string; newPassword: string }) =>
      api<void>('/api/v1/auth/password/change', { method: 'POST', body }),
    onSuccess: () => {
      setCurrent('');
      setPassword('');
      setAgain('');
      // The account has a password now: the form asks for it next time.
      void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    },
    onError: (error) => setErrors(serverFieldErrors(error)),
  });
  const needsReauth =
    change.error instanceof ApiError &&
    change.error.status === 403 &&
    change.error.problem.code === 'REAUTHENTICATION_REQUIRED';
  const providers = useQuery({ ...externalProvidersQuery, enabled: needsReauth });
  useEffect(() => {
    if (needsReauth) reauthRef.current?.focus();
  }, [needsReauth]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!password) next.newPassword = m.newRequired;
    else if (again !== password) next.again = m.mismatch;
    setErrors(next);
    if (Object.keys(next).length > 0) {
      change.reset();
      return;
    }
    change.mutate({ ...(current ? { currentPassword: current } : {}), newPassword: password });
  }

  const summary = summaryOf(errors, IDS);
  // A refusal with no field of its own (network, server) is shown as a whole.
  const otherFailure = change.isError && !needsReauth && summary.length === 0;
  const provider = providers.data?.[0];
  return (
    <div className="narrow">
      <ErrorSummary errors={summary} />
      <PageTitle title={m.title}>{m.title}</PageTitle>
      <SummaryList testId="account-facts">
        <SummaryRow label={m.name}>{me.name}</SummaryRow>
        <SummaryRow label={m.username}>{me.username}</SummaryRow>
      </SummaryList>

      <h2 id="password-heading">{m.passwordHeading}</h2>
      {change.isSuccess ? (
        <Alert tone="success" title={m.done}>
          <p>{m.doneBody}</p>
        </Alert>
      ) : null}
      {needsReauth ? (
        <div ref={reauthRef} tabIndex={-1} data-testid="reauth">
          <Alert tone="warning" title={m.reauthTitle}>
            <p>{m.reauthBody}</p>
            <p>{m.reauthHow}</p>
          </Alert>
          {provider ? (
            <p>
              <a
                className="btn btn--primary"
                data-testid="reauth-link"
                href={`${provider.startUrl}?${new URLSearchParams({ returnTo: ACCOUNT_PATH })}`}
              >
                {m.reauthAction}
              </a>
            </p>
          ) : providers.isSuccess ? (
            <p>{m.reauthNoProvider}</p>
          ) : null}
        </div>
      ) : null}
      {otherFailure ? <ErrorAlert error={change.error} /> : null}
      {firstPassword ? <p>{m.firstPasswordLead}</p> : null}
      <form onSubmit={onSubmit} noValidate aria-labelledby="password-heading">
        {firstPassword ? null : (
          <PasswordField
            purpose="current"
            id={IDS.currentPassword}
            label={m.current}
            hint={m.currentHint}
            value={current}
            error={errors.currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
        <NewPasswordPair
          ids={IDS}
          labels={{ newPassword: m.newPassword, hint: m.newHint, again: m.again }}
          values={{ newPassword: password, again }}
          errors={errors}
          onChange={(field, value) => (field === 'again' ? setAgain(value) : setPassword(value))}
        />
        <Button type="submit" disabled={change.isPending}>
          {m.submit}
        </Button>
      </form>
    </div>
  );
}
