/**
 * The applicant's rating once the result is handed back (POST /api/v1/dossiers/:id/rating, once):
 * five levels of satisfaction in words, and a comment. Satisfaction is one of the indicators by
 * which Quyết định 766/QĐ-TTg (2022) measures how agencies serve people.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Textarea } from '../../shared/ui/form-extras.tsx';
import { Alert, Button, ErrorAlert, Loading, RadioGroup } from '../../shared/ui/index.ts';
import { type DossierView, dossierQueries, rate } from '../dossier.api.ts';

const COMMENT_MAX = 1000;
const SCORES = ['5', '4', '3', '2', '1'] as const;

export function RatingSection({ dossier }: { dossier: DossierView }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const rating = useQuery(dossierQueries.rating(dossier.id));
  const [score, setScore] = useState<string | undefined>(undefined);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ score?: string; comment?: string }>({});
  const submit = useMutation({
    mutationFn: () =>
      rate(dossier.id, { score: Number(score), ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    onSuccess: (r) => queryClient.setQueryData(dossierQueries.rating(dossier.id).queryKey, r),
    onError: (err) => {
      // Rated meanwhile (another device): show that rating.
      if (err instanceof ApiError && err.status === 409) {
        void queryClient.invalidateQueries({ queryKey: dossierQueries.rating(dossier.id).queryKey });
      }
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const e: typeof errors = {};
    if (!score) e.score = t['rating.required'];
    if (comment.trim().length > COMMENT_MAX) e.comment = t['rating.tooLong'](COMMENT_MAX);
    setErrors(e);
    if (Object.keys(e).length === 0) submit.mutate();
  }

  return (
    <section aria-labelledby="rating-title">
      <h2 id="rating-title">{t['rating.title']}</h2>
      {rating.isPending ? <Loading /> : null}
      {rating.isError ? <ErrorAlert error={rating.error} onRetry={() => void rating.refetch()} /> : null}
      {rating.data ? (
        <Alert tone="success" title={t['rating.thanks']}>
          <p data-testid="rating-given">
            {t['rating.given'](t[`rating.score${rating.data.score as 1 | 2 | 3 | 4 | 5}`], rating.data.score)}
          </p>
          {rating.data.comment ? (
            <p>
              <q>{rating.data.comment}</q>
            </p>
          ) : null}
        </Alert>
      ) : null}
      {rating.data === null ? (
        <form onSubmit={onSubmit} noValidate className="narrow">
          <p>{t['rating.lead']}</p>
          {submit.isError ? <ErrorAlert error={submit.error} /> : null}
          <RadioGroup
            id="rating-score"
            name="score"
            label={t['rating.question']}
            options={SCORES.map((s) => ({ value: s, label: t[`rating.score${s}`] }))}
            value={score}
            error={errors.score}
            onChange={(v) => {
              setScore(v);
              setErrors(({ score: _, ...rest }) => rest);
            }}
          />
          <Textarea
            label={t['rating.comment']}
            hint={t['rating.commentHint'](COMMENT_MAX)}
            name="comment"
            rows={4}
            value={comment}
            error={errors.comment}
            onChange={(e) => setComment(e.target.value)}
          />
          <Button type="submit" disabled={submit.isPending}>
            {submit.isPending ? t['submit.saving'] : t['rating.submit']}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
