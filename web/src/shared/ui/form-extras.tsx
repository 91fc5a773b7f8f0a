/**
 * Parts of the kit only the multi-page forms use (submission, my dossiers): kept apart from the
 * fields and messages every page needs, so the first load does not carry them.
 */
import { type ReactNode, type TextareaHTMLAttributes, useEffect, useId, useRef } from 'react';
import { Link as RouterLink } from 'react-router';
import { useI18n } from '../i18n/index.tsx';
import { describedBy, ErrorMessage, type FieldBase, FieldFrame } from './fields.tsx';

/** "Quay lại": the previous step of a multi-page form (GOV.UK back link), above the title. */
export function BackLink({ to, children }: { to: string; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <RouterLink className="back-link" to={to}>
      {children ?? t['site.back']}
    </RouterLink>
  );
}

export interface SummaryError {
  /** The id of the input to move to (for a radio group, its first option). */
  target: string;
  message: string;
  /** The problem is on another page of the form: a link there instead. */
  to?: string;
}

/**
 * The list of a form's problems at the top of the page (GOV.UK error summary): it takes focus
 * when it appears, so a screen reader reads it at once, and each problem links to its field.
 */
export function ErrorSummary({ errors, title }: { errors: SummaryError[]; title?: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const count = errors.length;
  const key = errors.map((e) => e.target).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again whenever the set of problems changes
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [key, count]);
  if (count === 0) return null;
  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary__title">
        {title ?? t['form.errorSummary']}
      </h2>
      <ul className="list error-summary__list">
        {errors.map((e) => (
          <li key={`${e.target}:${e.message}`}>
            {e.to ? (
              <RouterLink to={e.to}>{e.message}</RouterLink>
            ) : (
              <a
                href={`#${e.target}`}
                onClick={(event) => {
                  const el = document.getElementById(e.target);
                  if (!el) return;
                  event.preventDefault();
                  el.scrollIntoView({ block: 'center' });
                  el.focus();
                }}
              >
                {e.message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface TextareaProps extends FieldBase, Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  id?: string;
}

export function Textarea({ label, hint, error, id, className, labelAsHeading: _, ...area }: TextareaProps) {
  return (
    <FieldFrame {...{ id, label, hint, error, className }}>
      {(control) => <textarea className="input textarea" {...control} {...area} />}
    </FieldFrame>
  );
}

export interface CheckboxProps extends FieldBase {
  id?: string;
  checked: boolean;
  onChange(checked: boolean): void;
  name?: string;
}

/** One yes/no box ("Tôi cam đoan…"), with its hint and error tied to it. */
export function Checkbox({ label, hint, error, id, checked, onChange, name }: CheckboxProps) {
  const auto = useId();
  const boxId = id ?? auto;
  const hintId = `${boxId}-hint`;
  const errorId = `${boxId}-error`;
  return (
    <div className={['field', error ? 'field--error' : ''].filter(Boolean).join(' ')}>
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      <div className="choice">
        <input
          className="choice__input"
          id={boxId}
          type="checkbox"
          name={name}
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(hint ? hintId : false, error ? errorId : false)}
        />
        <label className="choice__label" htmlFor={boxId}>
          {label}
        </label>
        {hint ? (
          <p id={hintId} className="field__hint choice__hint">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
