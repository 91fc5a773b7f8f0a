/**
 * What the dossier page and the reception check page both show of a dossier: a term and its value
 * in a description list, the applicant, the e-form's answers read with the procedure's e-form
 * schema (group and field titles, a choice's title instead of its code), and a stored file shown in
 * the page.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api } from '../shared/api.ts';
import type { DossierView } from './office.api.ts';

/** Types the server shows in the page (`?inline=1`, dossier.downloads.ts); TIFF scans are downloaded (browsers do not render them). */
export const PREVIEWABLE = new Set(['application/pdf', 'image/jpeg', 'image/png']);

/**
 * A stored file shown in the page: a PDF in a frame of the app's own origin (the CSP's
 * `frame-src 'self'`; the file answers with `frame-ancestors 'self'`), an image as an image.
 */
export function FilePreview({ url, mime, title }: { url: string; mime: string; title: string }) {
  const src = `${url}${url.includes('?') ? '&' : '?'}inline=1`;
  return mime === 'application/pdf' ? (
    <iframe className="office-preview" src={src} title={title} style={{ width: '100%', height: '70vh', border: 0 }} />
  ) : (
    <img className="office-preview" src={src} alt={title} />
  );
}

/** One term of a description list (`<div>` groups dt and dd, as HTML allows). */
export function Term({ term, children }: { term: ReactNode; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * The applicant as submitted. `rows` picks the terms and their labels; a value left null is
 * left out, so a page that wants «—» for a missing value passes it.
 */
export function ApplicantTerms({
  className,
  rows,
}: {
  className: string;
  rows: [term: string, value: string | null | undefined][];
}) {
  return (
    <dl className={className}>
      {rows.map(([term, value]) =>
        value === null || value === undefined ? null : (
          <Term key={term} term={term}>
            {value}
          </Term>
        ),
      )}
    </dl>
  );
}

interface EformSchema {
  schema: {
    properties?: Record<
      string,
      {
        title?: string;
        properties?: Record<string, { title?: string; oneOf?: { const: unknown; title?: string }[] }>;
      }
    >;
  };
}

/** The e-form's answers, a heading and a description list per group, labelled by the e-form's schema. */
export function EformAnswers({
  procedureCode,
  data,
  groupClassName,
  listClassName,
}: {
  procedureCode: string;
  data: DossierView['formData'];
  groupClassName?: string;
  listClassName: string;
}) {
  const eform = useQuery({
    queryKey: ['eform', procedureCode],
    queryFn: ({ signal }) => api<EformSchema>(`/api/v1/procedures/${procedureCode}/eform`, { signal }),
    staleTime: 10 * 60_000,
    retry: false,
  });
  if (!data || Object.keys(data).length === 0) return <p className="muted">Không có tờ khai điện tử.</p>;
  const groups = eform.data?.schema.properties ?? {};
  return (
    <>
      {Object.entries(data).map(([g, values]) => {
        const group = groups[g];
        return (
          <div key={g} className={groupClassName}>
            <h3 className="office-h3">{group?.title ?? g}</h3>
            <dl className={listClassName}>
              {Object.entries(values ?? {}).map(([k, v]) => {
                const field = group?.properties?.[k];
                const choice = field?.oneOf?.find((o) => o.const === v)?.title;
                const text = typeof v === 'boolean' ? (v ? 'Có' : 'Không') : String(choice ?? v ?? '');
                return (
                  <Term key={k} term={field?.title ?? k}>
                    {text || '—'}
                  </Term>
                );
              })}
            </dl>
          </div>
        );
      })}
    </>
  );
}
