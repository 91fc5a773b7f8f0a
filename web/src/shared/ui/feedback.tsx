import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';

export type Tone = 'info' | 'warning' | 'error' | 'success';

/**
 * A message box. Errors use role="alert" so they are announced when they appear; the others are
 * plain regions so they do not interrupt a screen reader on every page.
 */
export function Alert({
  tone = 'info',
  title,
  children,
  headingLevel = 2,
  id,
}: {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  headingLevel?: 2 | 3;
  id?: string;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div id={id} className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : undefined}>
      {title ? <Heading className="alert__title">{title}</Heading> : null}
      {children ? <div className="alert__body">{children}</div> : null}
    </div>
  );
}

/** A short status label. Colour is never the only signal: the text says it. */
export function Tag({
  tone = 'grey',
  children,
}: {
  tone?: 'grey' | 'red' | 'yellow' | 'green' | 'blue';
  children: ReactNode;
}) {
  return <strong className={`tag tag--${tone}`}>{children}</strong>;
}

/** A polite loading message (announced once, not a spinner only). */
export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="loading__dot" aria-hidden="true" />
      {label ?? t['site.loading']}
    </p>
  );
}

/**
 * An API failure as the server phrased it: the problem's Vietnamese `detail` (or title) and its
 * field errors. Offline failures get a plain message and a retry.
 */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  let body: ReactNode;
  if (error instanceof ApiError) {
    if (error.offline) body = <p>{t['error.offline']}</p>;
    else {
      const { detail, title, errors } = error.problem;
      body = (
        <>
          <p lang="vi">{detail ?? title}</p>
          {errors && errors.length > 0 ? (
            <ul className="list list--bullet" lang="vi">
              {errors.map((e) => (
                <li key={`${e.field}:${e.message}`}>{e.message}</li>
              ))}
            </ul>
          ) : null}
        </>
      );
    }
  } else body = <p>{t['error.offline']}</p>;
  return (
    <Alert tone="error" title={t['error.title']}>
      {body}
      {onRetry ? (
        <button type="button" className="btn btn--secondary" onClick={onRetry}>
          {t['error.retry']}
        </button>
      ) : null}
    </Alert>
  );
}
