/**
 * Form fields with their label, hint and error message tied together (aria-describedby,
 * aria-invalid), as the GOV.UK design system does: the error is written above the input, in words,
 * prefixed so a screen reader announces it as an error (WCAG 3.3.1 Error Identification).
 */
import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from 'react';
import { useI18n } from '../i18n/index.tsx';

export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <p id={id} className="field__error">
      <span className="visually-hidden">{locale === 'vi' ? 'Lỗi: ' : 'Error: '}</span>
      {children}
    </p>
  );
}

export interface FieldBase {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** Large label: the page's one question (GOV.UK "one thing per page"). */
  labelAsHeading?: boolean;
}

/** What a single control receives from its frame: its id and the ARIA ties to hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * The frame every single-control field shares (text, select, textarea): label (or the page's
 * heading), hint, error above the control, and the ids that tie them to it.
 */
export function FieldFrame({
  id,
  label,
  hint,
  error,
  labelAsHeading,
  className,
  children,
}: FieldBase & { id: string | undefined; className?: string | undefined; children(control: ControlProps): ReactNode }) {
  const auto = useId();
  const controlId = id ?? auto;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const labelEl = (
    <label htmlFor={controlId} className={labelAsHeading ? 'field__label field__label--l' : 'field__label'}>
      {label}
    </label>
  );
  return (
    <div className={['field', error ? 'field--error' : '', className].filter(Boolean).join(' ')}>
      {labelAsHeading ? <h1 className="field__heading">{labelEl}</h1> : labelEl}
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      {children({
        id: controlId,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy(hint ? hintId : false, error ? errorId : false),
      })}
    </div>
  );
}

export interface TextFieldProps extends FieldBase, Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id?: string;
}

export function TextField({ label, hint, error, labelAsHeading, id, className, ...input }: TextFieldProps) {
  return (
    <FieldFrame {...{ id, label, hint, error, labelAsHeading, className }}>
      {(control) => <input className="input" {...control} {...input} />}
    </FieldFrame>
  );
}

export interface SelectProps extends FieldBase, Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  id?: string;
  options: { value: string; label: string }[];
}

export function Select({ label, hint, error, id, options, className, labelAsHeading: _, ...select }: SelectProps) {
  return (
    <FieldFrame {...{ id, label, hint, error, className }}>
      {(control) => (
        <select className="select" {...control} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export interface ChoiceOption {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

interface ChoiceGroupProps extends FieldBase {
  /** Prefix of the options' ids (`${id}-0` is the first option: where an error summary links). */
  id?: string;
  name: string;
  options: ChoiceOption[];
  className?: string;
}

export interface RadioGroupProps extends ChoiceGroupProps {
  value: string | undefined;
  onChange(value: string): void;
}

export interface CheckboxGroupProps extends ChoiceGroupProps {
  value: string[];
  onChange(value: string[]): void;
}

function ChoiceGroup({
  kind,
  label,
  hint,
  error,
  name,
  options,
  className,
  isChecked,
  onToggle,
  labelAsHeading,
  id: idPrefix,
}: ChoiceGroupProps & { kind: 'radio' | 'checkbox'; isChecked(v: string): boolean; onToggle(v: string): void }) {
  const auto = useId();
  const id = idPrefix ?? auto;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={['field', error ? 'field--error' : '', className].filter(Boolean).join(' ')}>
      <fieldset className="fieldset" aria-describedby={describedBy(hint ? hintId : false, error ? errorId : false)}>
        <legend className={labelAsHeading ? 'fieldset__legend fieldset__legend--l' : 'fieldset__legend'}>
          {labelAsHeading ? <h1 className="field__heading">{label}</h1> : label}
        </legend>
        {hint ? (
          <p id={hintId} className="field__hint">
            {hint}
          </p>
        ) : null}
        {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
        <div className={`choices choices--${kind}`}>
          {options.map((o, i) => {
            const optionId = `${id}-${i}`;
            return (
              <div className="choice" key={o.value}>
                <input
                  className="choice__input"
                  id={optionId}
                  type={kind}
                  name={name}
                  value={o.value}
                  checked={isChecked(o.value)}
                  onChange={() => onToggle(o.value)}
                  aria-describedby={o.hint ? `${optionId}-hint` : undefined}
                />
                <label className="choice__label" htmlFor={optionId}>
                  {o.label}
                </label>
                {o.hint ? (
                  <p id={`${optionId}-hint`} className="field__hint choice__hint">
                    {o.hint}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function RadioGroup({ value, onChange, ...rest }: RadioGroupProps) {
  return <ChoiceGroup kind="radio" isChecked={(v) => v === value} onToggle={onChange} {...rest} />;
}

export function CheckboxGroup({ value, onChange, ...rest }: CheckboxGroupProps) {
  return (
    <ChoiceGroup
      kind="checkbox"
      isChecked={(v) => value.includes(v)}
      onToggle={(v) => onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v])}
      {...rest}
    />
  );
}
