/**
 * How the draft stands: saved (and when), saving, or not saved and why, with the way out — try
 * again, or load the version saved meanwhile on another device. Failures are alerts (announced);
 * the routine "saved at 10:32" is not, so a screen reader is not interrupted at every pause.
 */
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../shared/api.ts';
import { answersFrom } from '../../shared/eform/eform.ts';
import { formatTime } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Alert, Button } from '../../shared/ui/index.ts';
import { dossierQueries } from '../dossier.api.ts';
import type { DraftContext } from './DraftPage.tsx';

export function AutosaveStatus({ ctx }: { ctx: DraftContext }) {
  const { t, intlLocale } = useI18n();
  const queryClient = useQueryClient();
  const s = ctx.saver.state;
  if (s.status === 'conflict') {
    return (
      <Alert tone="error" title={t['autosave.conflict']}>
        <p>{t['autosave.conflictHint']}</p>
        <Button
          variant="secondary"
          onClick={async () => {
            const fresh = await queryClient.fetchQuery({ ...dossierQueries.one(ctx.dossier.id), staleTime: 0 });
            ctx.saver.reset(fresh.version);
            ctx.replaceAnswers(answersFrom(ctx.groups, fresh.formData));
          }}
        >
          {t['autosave.reload']}
        </Button>
      </Alert>
    );
  }
  if (s.status === 'error') {
    const detail =
      s.error instanceof ApiError && !s.error.offline
        ? (s.error.problem.detail ?? s.error.problem.title)
        : t['autosave.offline'];
    return (
      <Alert tone="error" title={t['autosave.failed']}>
        <p lang="vi">{detail}</p>
        <Button variant="secondary" onClick={() => void ctx.saver.flush().catch(() => {})}>
          {t['error.retry']}
        </Button>
      </Alert>
    );
  }
  return (
    <p className="autosave muted small" data-testid="autosave">
      {s.status === 'saving'
        ? t['autosave.saving']
        : s.status === 'saved'
          ? t['autosave.saved'](formatTime(s.at, intlLocale))
          : t['autosave.auto']}
    </p>
  );
}
