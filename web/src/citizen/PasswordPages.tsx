/**
 * Forgotten password (issue 4's reset by mail, from the portal):
 * - /quen-mat-khau: the person's ID number or user name; the answer is the same whether or not
 *   the account exists (the server's 202 says so), so the page never tells who has an account;
 * - /dat-lai-mat-khau#token=… — the link mailed (identity.auth.ts, 30 minutes, single use): the
 *   new password twice; the token rides in the fragment, never sent to a server but by this page,
 *   and leaves the address bar at once. Every open session of the account ends on success.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../shared/api.ts';
import { useI18n } from '../shared/i18n/index.tsx';
import { NewPasswordPair, UsernameField } from '../shared/ui/credential-fields.tsx';
import { ErrorSummary } from '../shared/ui/form-extras.tsx';
import { Alert, Button, ButtonLink, ErrorAlert, Link, PageTitle } from '../shared/ui/index.ts';
import { serverFieldErrors, summaryOf } from './password-form.ts';

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [error, setError] = useState<string | undefined>();
  const send = useMutation({
    mutationFn: (name: string) =>
      api<{ message: string }>('/api/v1/auth/password/forgot', { method: 'POST', body: { username: name } }),
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim()) {
      setError(t['signin.required.username']);
      return;
    }
    setError(undefined);
    send.mutate(username.trim());
  }
  return (
    <div className="narrow">
      <ErrorSummary errors={error ? [{ target: 'forgot-username', message: error }] : []} />
      <PageTitle title={t['password.forgot.title']}>{t['password.forgot.title']}</PageTitle>
      {send.isSuccess ? (
        <Alert tone="success" title={t['password.forgot.sent']}>
          <p lang="vi">{send.data.message}</p>
        </Alert>
      ) : (
        <>
          <p className="lead">{t['password.forgot.lead']}</p>
          {send.isError ? <ErrorAlert error={send.error} /> : null}
          <form onSubmit={onSubmit} noValidate>
            <UsernameField
              id="forgot-username"
              label={t['signin.username']}
              hint={t['signin.usernameHint']}
              value={username}
              error={error}
              onChange={(e) => setUsername(e.target.value)}
            />
            <Button type="submit" disabled={send.isPending}>
              {t['password.forgot.submit']}
            </Button>
          </form>
        </>
      )}
      <p>
        <Link to="/dang-nhap">{t['password.backToSignIn']}</Link>
      </p>
    </div>
  );
}

const RESET_IDS = { newPassword: 'new-password', again: 'new-password-again' };

function tokenOf(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && /^[A-Za-z0-9_-]{16,200}$/.test(token) ? token : null;
}

export function ResetPasswordPage() {
  const { t } = useI18n();
  // Read once, then taken out of the address bar and the history.
  const [token] = useState(() => {
    const found = tokenOf(window.location.hash);
    if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname);
    return found;
  });
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reset = useMutation({
    mutationFn: (newPassword: string) =>
      api<void>('/api/v1/auth/password/reset', { method: 'POST', body: { token, newPassword } }),
    // The password policy's refusals name the field (`/body/newPassword`).
    onError: (error) => setErrors(serverFieldErrors(error)),
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!password) next.newPassword = t['password.reset.required'];
    else if (again !== password) next.again = t['password.reset.mismatch'];
    setErrors(next);
    if (Object.keys(next).length === 0) reset.mutate(password);
    else reset.reset();
  }
  const summary = summaryOf(errors, RESET_IDS);
  const title = t['password.reset.title'];
  if (!token) {
    return (
      <div className="narrow">
        <PageTitle title={title}>{title}</PageTitle>
        <Alert tone="error" title={t['register.invalid.title']}>
          <p>{t['register.missing.body']}</p>
        </Alert>
        <Link to="/quen-mat-khau">{t['password.forgot.again']}</Link>
      </div>
    );
  }
  if (reset.isSuccess) {
    return (
      <div className="narrow">
        <PageTitle title={t['password.reset.done']}>{t['password.reset.done']}</PageTitle>
        <Alert tone="success">
          <p>{t['password.reset.doneBody']}</p>
        </Alert>
        <ButtonLink to="/dang-nhap">{t['register.signIn']}</ButtonLink>
      </div>
    );
  }
  // A 400 without field errors is the link (used, expired): a new one is the way out.
  const linkFailed =
    reset.error instanceof ApiError && reset.error.status === 400 && !(reset.error.problem.errors ?? []).length;
  return (
    <div className="narrow">
      <ErrorSummary errors={summary} />
      <PageTitle title={title}>{title}</PageTitle>
      {reset.isError && summary.length === 0 ? (
        <>
          <ErrorAlert error={reset.error} />
          {linkFailed ? (
            <p>
              <Link to="/quen-mat-khau">{t['password.forgot.again']}</Link>
            </p>
          ) : null}
        </>
      ) : null}
      <form onSubmit={onSubmit} noValidate>
        <NewPasswordPair
          ids={RESET_IDS}
          labels={{
            newPassword: t['password.reset.new'],
            hint: t['password.reset.hint'],
            again: t['password.reset.again'],
          }}
          values={{ newPassword: password, again }}
          errors={errors}
          onChange={(field, value) => (field === 'again' ? setAgain(value) : setPassword(value))}
        />
        <Button type="submit" disabled={reset.isPending}>
          {t['password.reset.submit']}
        </Button>
      </form>
    </div>
  );
}
