/**
 * One e-form field drawn from its schema: text, date, e-mail, phone, numbers, a yes/no box, and
 * choices (`oneOf`) as radio buttons when there are few (all visible at once, one tap) or a list
 * when there are many. Labels and help are the procedure's Vietnamese wording, marked lang="vi"
 * so a screen reader set to English still pronounces them right.
 */
import { useI18n } from '../i18n/index.tsx';
import { Checkbox, Textarea } from '../ui/form-extras.tsx';
import { RadioGroup, Select, TextField } from '../ui/index.ts';
import { autoCompleteOf, type FieldDef } from './eform.ts';

/** A choice list this short is shown as radio buttons (GOV.UK: radios for up to about 5). */
const MAX_RADIOS = 5;
/** Text this long gets a multi-line box. */
const TEXTAREA_FROM = 500;

export function fieldIdOf(field: FieldDef): string {
  return `f-${field.group}-${field.name}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Where an error summary links to: the input, or a radio group's first option. */
export function fieldTargetOf(field: FieldDef): string {
  const id = fieldIdOf(field);
  return field.kind === 'choice' && field.choices.length <= MAX_RADIOS ? `${id}-0` : id;
}

export function EformField({
  field,
  value,
  error,
  onChange,
}: {
  field: FieldDef;
  value: string | boolean | undefined;
  error: string | undefined;
  onChange(value: string | boolean): void;
}) {
  const { t } = useI18n();
  const id = fieldIdOf(field);
  const label = (
    <span lang="vi">
      {field.label}
      {field.required ? null : <span className="field__optional"> {t['eform.optional']}</span>}
    </span>
  );
  const hint = field.help ? <span lang="vi">{field.help}</span> : undefined;
  const text = typeof value === 'string' ? value : '';
  // What every kind of control gets: the id (where the error summary links), label, hint, error.
  const common = { id, name: id, label, hint, error };
  switch (field.kind) {
    case 'choice':
      if (field.choices.length <= MAX_RADIOS) {
        return (
          <RadioGroup
            {...common}
            value={text}
            options={field.choices.map((c) => ({ value: c.value, label: <span lang="vi">{c.label}</span> }))}
            onChange={onChange}
          />
        );
      }
      return (
        <Select
          {...common}
          value={text}
          options={[
            { value: '', label: t['eform.choose'] },
            ...field.choices.map((c) => ({ value: c.value, label: c.label })),
          ]}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'boolean':
      return <Checkbox {...common} checked={value === true} onChange={onChange} />;
    default: {
      const s = field.schema;
      if (field.kind === 'text' && (s.maxLength ?? 0) >= TEXTAREA_FROM) {
        return <Textarea {...common} value={text} rows={4} onChange={(e) => onChange(e.target.value)} />;
      }
      const type =
        field.kind === 'date' ? 'date' : field.kind === 'email' ? 'email' : field.kind === 'tel' ? 'tel' : 'text';
      const inputMode =
        field.kind === 'integer'
          ? 'numeric'
          : field.kind === 'number'
            ? 'decimal'
            : field.kind === 'tel'
              ? 'tel'
              : undefined;
      return (
        <TextField
          {...common}
          type={type}
          inputMode={inputMode}
          autoComplete={autoCompleteOf(field)}
          spellCheck={field.kind === 'text' ? undefined : false}
          className={
            field.kind === 'date' || field.kind === 'integer' || field.kind === 'number' ? 'field--medium' : undefined
          }
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    }
  }
}
