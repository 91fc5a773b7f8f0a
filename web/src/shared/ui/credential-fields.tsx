/**
 * The fields every sign-in and password form repeats, with the attributes browsers and password
 * managers need to fill and to offer a strong password (autocomplete tokens of the HTML
 * standard, no spell-check or capitals on a user name, a numeric keypad for a one-time code).
 * The page gives the ids, labels, values and errors; the fields give the rest.
 */
import { TextField, type TextFieldProps } from './fields.tsx';

type Preset = Omit<TextFieldProps, 'type' | 'autoComplete'>;

export function UsernameField(props: Preset) {
  return <TextField name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} {...props} />;
}

/** The account's present password (`current`) or the one being chosen (`new`). */
export function PasswordField({ purpose, ...props }: Preset & { purpose: 'current' | 'new' }) {
  return (
    <TextField
      name={purpose === 'current' ? 'current-password' : 'new-password'}
      {...props}
      type="password"
      autoComplete={purpose === 'current' ? 'current-password' : 'new-password'}
    />
  );
}

/** A six-digit code of an authenticator app (TOTP) or a recovery code. */
export function OtpField(props: Preset) {
  return <TextField name="otp" inputMode="numeric" {...props} autoComplete="one-time-code" />;
}

export interface NewPasswordPairProps {
  ids: { newPassword: string; again: string };
  labels: { newPassword: string; hint?: string; again: string };
  values: { newPassword: string; again: string };
  errors: { newPassword?: string; again?: string };
  onChange(field: 'newPassword' | 'again', value: string): void;
}

/** A new password and its repetition, as every form that sets one asks for them. */
export function NewPasswordPair({ ids, labels, values, errors, onChange }: NewPasswordPairProps) {
  return (
    <>
      <PasswordField
        purpose="new"
        id={ids.newPassword}
        label={labels.newPassword}
        hint={labels.hint}
        value={values.newPassword}
        error={errors.newPassword}
        onChange={(e) => onChange('newPassword', e.target.value)}
      />
      <PasswordField
        purpose="new"
        id={ids.again}
        label={labels.again}
        name="new-password-again"
        value={values.again}
        error={errors.again}
        onChange={(e) => onChange('again', e.target.value)}
      />
    </>
  );
}
