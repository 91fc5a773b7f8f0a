/**
 * /dang-nhap?returnTo=… — sign-in with the local account: personal identification number (or user
 * name) and password, then the two-factor code when the account has one (the API answers
 * MFA_REQUIRED). The server's Vietnamese `detail` is shown as it is: it already says what to do
 * and never which of user name or password was wrong.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../shared/api.ts';
import { useI18n } from '../shared/i18n/index.tsx';
import { OtpField, PasswordField, UsernameField } from '../shared/ui/credential-fields.tsx';
import { Alert, Button, ErrorAlert, Link, Loading, PageTitle } from '../shared/ui/index.ts';
import { type LoginInput, login, meQuery, safeReturnTo, useMe } from './auth.ts';

type FieldErrors = Partial<Record<'username' | 'password' | 'otp', string>>;

const MFA_CODES = new Set(['MFA_REQUIRED', 'MFA_INVALID']);

export function SignInPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [needOtp, setNeedOtp] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const problemRef = useRef<HTMLDivElement>(null);

  const mutation = useMutation({
    mutationFn: (input: LoginInput) => login(input),
    onSuccess: (account) => {
      queryClient.setQueryData(meQuery.queryKey, account);
      navigate(returnTo, { replace: true });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.problem.code && MFA_CODES.has(err.problem.code)) {
        setNeedOtp(true);
        if (err.problem.code === 'MFA_INVALID') setFieldErrors({ otp: err.problem.detail ?? err.message });
      } else {
        // The password is not kept after a refusal (GOV.UK sign-in pattern).
        setPassword('');
      }
    },
  });

  // Move focus to what needs attention: the code field when it appears, or the error.
  useEffect(() => {
    if (needOtp) document.getElementById('otp')?.focus();
  }, [needOtp]);
  useEffect(() => {
    if (mutation.isError && !needOtp) problemRef.current?.focus();
  }, [mutation.isError, needOtp]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!username.trim()) errors.username = t['signin.required.username'];
    if (!password) errors.password = t['signin.required.password'];
    if (needOtp && !otp.trim()) errors.otp = t['signin.required.otp'];
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    mutation.mutate({ username: username.trim(), password, ...(needOtp ? { otp: otp.trim() } : {}) });
  }

  if (me.isPending) return <Loading />;

  if (me.data && !mutation.isSuccess) {
    return (
      <>
        <PageTitle title={t['signin.title']}>{t['signin.title']}</PageTitle>
        <p>{t['signin.already'](me.data.name)}</p>
        <p>
          <Link to={returnTo}>{t['signin.continue']}</Link>
        </p>
      </>
    );
  }

  const error = mutation.error;
  const isMfaPrompt = error instanceof ApiError && error.problem.code === 'MFA_REQUIRED';
  const showProblem = error && !(error instanceof ApiError && error.problem.code === 'MFA_INVALID');

  return (
    <div className="narrow">
      <PageTitle title={t['signin.title']}>{t['signin.title']}</PageTitle>
      <p className="lead">{t['signin.lead']}</p>
      {showProblem ? (
        <div ref={problemRef} tabIndex={-1}>
          {isMfaPrompt ? (
            <Alert tone="info">
              <p lang="vi">{error.problem.detail}</p>
            </Alert>
          ) : error instanceof ApiError && !error.offline ? (
            <Alert tone="error" title={t['signin.failed']}>
              <p lang="vi">{error.problem.detail ?? error.problem.title}</p>
            </Alert>
          ) : (
            <ErrorAlert error={error} />
          )}
        </div>
      ) : null}
      <form onSubmit={onSubmit} noValidate>
        <UsernameField
          label={t['signin.username']}
          hint={t['signin.usernameHint']}
          value={username}
          error={fieldErrors.username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <PasswordField
          purpose="current"
          label={t['signin.password']}
          name="password"
          value={password}
          error={fieldErrors.password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {needOtp ? (
          <OtpField
            id="otp"
            label={t['signin.otp']}
            hint={t['signin.otpHint']}
            value={otp}
            error={fieldErrors.otp}
            onChange={(e) => setOtp(e.target.value)}
          />
        ) : null}
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? t['signin.busy'] : t['signin.submit']}
        </Button>
      </form>
      <p>
        <Link to="/quen-mat-khau">{t['signin.forgot']}</Link>
      </p>
    </div>
  );
}
