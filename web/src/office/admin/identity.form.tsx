/**
 * The list and the card both single sign-on pages (applications, identity providers) are made of.
 * The card both single sign-on forms (an application, an identity provider) stand in: its title,
 * the failed save's problems (one summary when the server named inputs — each message then stands
 * at its input — else the generic error), the form and its two buttons.
 */
import { type FormEvent, Fragment, type ReactNode } from 'react';
import { ApiError } from '../../shared/api.ts';
import { Alert, Button, ErrorAlert, Loading } from '../../shared/ui/index.ts';
import { problemsByField } from './identity.problems.ts';

/** The server's field problems of a failed save, keyed by input ('' for the rest). */
export function fieldErrors(error: unknown, known: readonly string[]): Record<string, string> {
  if (error instanceof ApiError && error.problem.errors && error.problem.errors.length > 0) {
    return problemsByField(error.problem.errors, known);
  }
  return {};
}

export function IdentityFormCard({
  prefix,
  title,
  failedTitle,
  save,
  errors,
  submitLabel,
  onCancel,
  children,
}: {
  /** Prefix of the inputs' ids; the title's id is `${prefix}-title`. */
  prefix: string;
  title: string;
  /** The summary's title when the server named inputs, e.g. «Chưa lưu được ứng dụng». */
  failedTitle: string;
  save: { isError: boolean; error: unknown; isPending: boolean; mutate(): void };
  errors: Record<string, string>;
  submitLabel: string;
  onCancel(): void;
  children: ReactNode;
}) {
  const hasFieldErrors = Object.keys(errors).some((k) => k !== '');
  return (
    <section className="office-card" aria-labelledby={`${prefix}-title`}>
      <h2 className="office-h2" id={`${prefix}-title`}>
        {title}
      </h2>
      {save.isError ? (
        hasFieldErrors ? (
          <Alert tone="error" title={failedTitle}>
            <p>Vui lòng sửa các trường được đánh dấu bên dưới.</p>
            {errors[''] ? <p>{errors['']}</p> : null}
          </Alert>
        ) : (
          <ErrorAlert error={save.error} />
        )
      ) : null}
      <form
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {children}
        <div className="identity-row-actions">
          <Button type="submit" disabled={save.isPending}>
            {submitLabel}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Hủy
          </Button>
        </div>
      </form>
    </section>
  );
}

/**
 * The page's list as a table: loading, error with retry, the empty sentence, and a row per item
 * but the one being edited, whose form takes the row's full width.
 */
export function IdentityTable<T>({
  list,
  loadingLabel,
  emptyText,
  caption,
  columns,
  keyOf,
  editing,
  form,
  row,
}: {
  list: { isPending: boolean; isError: boolean; error: unknown; data?: { items: T[] } | undefined; refetch(): unknown };
  loadingLabel: string;
  emptyText: string;
  /** Read by screen readers, with the number of items. */
  caption: string;
  columns: string[];
  keyOf(item: T): string;
  editing: string | null;
  form(item: T): ReactNode;
  row(item: T): ReactNode;
}) {
  return (
    <>
      {list.isPending ? <Loading label={loadingLabel} /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="office-empty">{emptyText}</p>
        ) : (
          <div className="table-wrap">
            <table className="table office-table">
              <caption className="visually-hidden">
                {caption} ({list.data.items.length})
              </caption>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((item) =>
                  editing === keyOf(item) ? (
                    <tr key={keyOf(item)}>
                      <td colSpan={columns.length}>{form(item)}</td>
                    </tr>
                  ) : (
                    <Fragment key={keyOf(item)}>{row(item)}</Fragment>
                  ),
                )}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </>
  );
}
