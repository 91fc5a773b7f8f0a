/**
 * A date typed as dd/mm/yyyy whatever the browser's locale (Chromium's <input type="date"> shows
 * the operating system's order, mm/dd/yyyy on the office machines), with the browser's own
 * calendar one button away. The caller sees only ISO dates (yyyy-mm-dd) or '' for no date; text
 * that is not a date stays in the box with a Vietnamese message (on leaving the box) and is not
 * passed on; the form it sits in is not submitted while it is wrong, so a filter or an export
 * never runs on a date the official did not mean.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { FieldFrame } from '../shared/ui/fields.tsx';
import { formatIsoDate, parseDateText } from './dateText.ts';
import './DateField.css';

export interface DateFieldProps {
  label: string;
  /** ISO date (yyyy-mm-dd) or '' for none. */
  value: string;
  onChange(iso: string): void;
  id?: string;
  hint?: string;
  /** A message of the caller's (e.g. the server's), shown when the text itself is fine. */
  error?: string | undefined;
  required?: boolean;
  className?: string;
}

export function DateField({ label, value, onChange, id, hint, error, required, className }: DateFieldProps) {
  const auto = useId();
  const inputId = id ?? `date-${auto}`;
  const [text, setText] = useState(() => formatIsoDate(value));
  const [problem, setProblem] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLInputElement>(null);
  const textNow = useRef(text);
  textNow.current = text;

  // Stop the enclosing form's submit while the text is not a date. A listener on the form itself
  // runs before React's onSubmit (delegated to the root, reached when the event bubbles there).
  useEffect(() => {
    const form = box.current?.form;
    if (!form) return;
    const guard = (event: Event) => {
      const r = parseDateText(textNow.current);
      const message = r.ok ? null : 'empty' in r ? (required ? 'Vui lòng nhập ngày.' : null) : r.message;
      if (message) {
        event.preventDefault();
        event.stopPropagation();
        setProblem(message);
        box.current?.focus();
      }
    };
    form.addEventListener('submit', guard);
    return () => form.removeEventListener('submit', guard);
  }, [required]);

  // The caller changed the value (a reset, the address bar): show it, unless the text already says it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new value from outside rewrites the text
  useEffect(() => {
    const current = parseDateText(text);
    const same = current.ok ? current.iso === value : value === '' && 'empty' in current;
    if (!same && !(value === '' && !current.ok)) {
      setText(formatIsoDate(value));
      setProblem(null);
    }
  }, [value]);

  function take(next: string, judge: boolean) {
    setText(next);
    const r = parseDateText(next);
    if (r.ok) {
      setProblem(null);
      if (r.iso !== value) onChange(r.iso);
    } else if ('empty' in r) {
      setProblem(required && judge ? 'Vui lòng nhập ngày.' : null);
      if (value !== '') onChange('');
    } else if (judge) setProblem(r.message);
    else setProblem(null);
  }

  function onBlur() {
    const r = parseDateText(text);
    take(r.ok ? formatIsoDate(r.iso) : text, true);
  }

  function openPicker() {
    const el = picker.current;
    if (!el) return;
    const r = parseDateText(text);
    el.value = r.ok ? r.iso : '';
    try {
      el.showPicker();
    } catch {
      el.focus();
    }
  }

  return (
    <FieldFrame id={inputId} label={label} hint={hint} error={problem ?? error} className={className}>
      {(control) => (
        <div className="date-field">
          <input
            ref={box}
            className="input date-field__text"
            {...control}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder="dd/mm/yyyy"
            maxLength={10}
            required={required}
            value={text}
            onChange={(e) => take(e.target.value, false)}
            onBlur={onBlur}
          />
          <button
            type="button"
            className="date-field__button"
            aria-label={`Chọn ${label.toLowerCase()} trên lịch`}
            onClick={openPicker}
          >
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
              <path
                fill="currentColor"
                d="M7 2h2v2h6V2h2v2h3a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3V2Zm12 8H5v9h14v-9ZM5 8h14V6H5v2Zm2 4h3v3H7v-3Z"
              />
            </svg>
          </button>
          {/* The browser's calendar, opened by the button; the text box stays the one input. */}
          <input
            ref={picker}
            className="date-field__native"
            type="date"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              if (e.target.value) take(formatIsoDate(e.target.value), true);
            }}
          />
        </div>
      )}
    </FieldFrame>
  );
}
