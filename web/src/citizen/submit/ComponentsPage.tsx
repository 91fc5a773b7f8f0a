/** The documents of the draft: each component uploaded from a file or the phone's camera. */
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Button } from '../../shared/ui/index.ts';
import { ComponentUploads, uploadInputId } from '../ComponentUploads.tsx';
import type { DraftContext } from './DraftPage.tsx';
import { StepHeader } from './StepHeader.tsx';

export function ComponentsPage({ ctx }: { ctx: DraftContext }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [checked, setChecked] = useState(false);
  const missing = ctx.dossier.components.filter((c) => c.required && !c.file);
  const errors: Record<number, string> = {};
  if (checked) for (const c of missing) errors[c.index] = t['upload.missing'];
  const summary = checked
    ? missing.map((c) => ({ target: uploadInputId('component', c.index), message: t['upload.missingNamed'](c.name) }))
    : [];

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (missing.length === 0) navigate(ctx.next);
  }

  return (
    <>
      <StepHeader
        back={ctx.back}
        position={ctx.steps.indexOf(ctx.step) + 1}
        total={ctx.steps.length}
        procedureName={ctx.dossier.procedureName}
        title={t['upload.title']}
        errors={summary}
      />
      <p className="lead">{t['upload.lead']}</p>
      <ul className="list list--bullet">
        <li>{t['upload.tipPhoto']}</li>
        <li>{t['upload.tipTypes']}</li>
      </ul>
      <ComponentUploads dossier={ctx.dossier} errors={errors} />
      <form onSubmit={onSubmit} noValidate>
        <Button type="submit">{t['submit.continue']}</Button>
      </form>
    </>
  );
}
