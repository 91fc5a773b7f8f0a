import type { ReactNode } from 'react';
import { useI18n } from '../../shared/i18n/index.tsx';
import { BackLink, ErrorSummary, type SummaryError } from '../../shared/ui/form-extras.tsx';
import { PageTitle } from '../../shared/ui/index.ts';
import { shortProcedureName } from '../labels.ts';

/** Back link, the error summary, "Bước 2 trên 6 — <procedure>" and the page's one heading. */
export function StepHeader({
  back,
  position,
  total,
  procedureName,
  title,
  errors = [],
  children,
}: {
  back: string;
  position: number;
  total: number;
  procedureName: string;
  title: string;
  /** The page's problems: listed between the back link and the heading (GOV.UK error summary). */
  errors?: SummaryError[];
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      <BackLink to={back} />
      <ErrorSummary errors={errors} />
      <PageTitle
        title={`${title} — ${t['submit.stepOf'](position, total)}`}
        caption={
          <>
            {t['submit.stepOf'](position, total)} — <span lang="vi">{shortProcedureName(procedureName)}</span>
          </>
        }
      >
        {children ?? title}
      </PageTitle>
    </>
  );
}
