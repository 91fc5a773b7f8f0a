import { useId } from 'react';
import { Form } from 'react-router';
import { useI18n } from '../shared/i18n/index.tsx';

/**
 * One search box. A GET form to /tim-kiem?q=…: the query lives in the URL (shareable, back
 * button works) and the form still works if the script has not loaded yet.
 */
export function SearchForm({
  defaultValue,
  error,
  large,
}: {
  defaultValue?: string;
  error?: string | undefined;
  large?: boolean;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <Form method="get" action="/tim-kiem" role="search" className={error ? 'field field--error' : 'field'}>
      <label htmlFor={id} className={large ? 'field__label field__label--l' : 'field__label'}>
        {t['search.label']}
      </label>
      <p id={hintId} className="field__hint">
        {t['search.hint']}
      </p>
      {error ? (
        <p id={errorId} className="field__error">
          <span className="visually-hidden">{locale === 'vi' ? 'Lỗi: ' : 'Error: '}</span>
          {error}
        </p>
      ) : null}
      <div className="search">
        <input
          id={id}
          className="input"
          type="search"
          name="q"
          defaultValue={defaultValue}
          key={defaultValue}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="search"
          maxLength={200}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" className="btn btn--primary search__btn">
          <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">
            <circle cx="10.5" cy="10.5" r="7" fill="none" stroke="currentColor" strokeWidth="3" />
            <path d="m16 16 6 6" stroke="currentColor" strokeWidth="3" />
          </svg>
          <span className="search__text">{t['search.submit']}</span>
        </button>
      </div>
    </Form>
  );
}
