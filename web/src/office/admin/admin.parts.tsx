/**
 * Pieces the catalogue and user administration pages share: a text input that shows the server's
 * problem about its body property (problem+json `errors[].field` = `/body/<name>`) against it, and
 * the list pager. The field itself is the shared TextField (label, hint and error tied by ARIA).
 */
import { ApiError } from '../../shared/api.ts';
import { TextField, type TextFieldProps } from '../../shared/ui/fields.tsx';
import { Button } from '../../shared/ui/index.ts';

/** The server's problem for an input (`/body/<name>`), if any. */
export function problemFor(error: unknown, name: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors?.find((e) => e.field === `/body/${name}`)?.message;
}

/** A text input bound to a string, with the failed save's problem about body property `name`. */
export function BodyField({
  name,
  error,
  onChange,
  ...rest
}: Omit<TextFieldProps, 'error' | 'onChange' | 'name'> & {
  id: string;
  name: string;
  label: string;
  value: string;
  onChange(v: string): void;
  /** The failed mutation's error (an ApiError carries the problems). */
  error: unknown;
}) {
  return <TextField {...rest} error={problemFor(error, name)} onChange={(e) => onChange(e.target.value)} />;
}

/** "Trang trước · 1–50 / 120 · Trang sau" under a list the server pages. */
export function Pager({
  offset,
  size,
  total,
  onChange,
}: {
  offset: number;
  size: number;
  total: number;
  onChange(offset: number): void;
}) {
  return (
    <nav className="office-pages" aria-label="Trang">
      <Button variant="secondary" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - size))}>
        Trang trước
      </Button>
      <span>
        {offset + 1}–{Math.min(offset + size, total)} / {total}
      </span>
      <Button variant="secondary" disabled={offset + size >= total} onClick={() => onChange(offset + size)}>
        Trang sau
      </Button>
    </nav>
  );
}
