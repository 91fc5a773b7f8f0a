/**
 * One group of the e-form on its own page. Each field says its own problem in words (checked here
 * from the schema, or as the server phrased it after a refusal); "Tiếp tục" saves and moves on
 * only when the page has none.
 */
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { EformField, fieldTargetOf } from '../../shared/eform/EformField.tsx';
import { errorTarget, type GroupDef, validateGroup } from '../../shared/eform/eform.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Button } from '../../shared/ui/index.ts';
import { AutosaveStatus } from './AutosaveStatus.tsx';
import type { DraftContext } from './DraftPage.tsx';
import { StepHeader } from './StepHeader.tsx';

export function GroupPage({ ctx, group }: { ctx: DraftContext; group: GroupDef }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [checked, setChecked] = useState(false);
  const [moving, setMoving] = useState(false);
  const answers = ctx.answers[group.name] ?? {};
  // Problems are shown once the person has tried to go on (not while they are still typing).
  const clientErrors = checked ? validateGroup(t, group, ctx.answers) : {};
  const errorOf = (field: string) => clientErrors[field] ?? ctx.serverErrors[`/${group.name}/${field}`];
  const summary = group.fields.flatMap((f) => {
    const e = errorOf(f.name);
    return e ? [{ target: fieldTargetOf(f), message: e }] : [];
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (Object.keys(validateGroup(t, group, ctx.answers)).length > 0) return;
    setMoving(true);
    try {
      await ctx.saver.flush();
    } catch (err) {
      setMoving(false);
      // The server refused a value: show its words at the field.
      if (err instanceof ApiError && err.problem.errors?.length) {
        const mapped: Record<string, string> = { ...ctx.serverErrors };
        for (const e of err.problem.errors) {
          const target = errorTarget(e.field);
          if (target && 'group' in target && target.field) mapped[`/${target.group}/${target.field}`] = e.message;
        }
        ctx.setServerErrors(mapped);
      }
      return;
    }
    navigate(ctx.next);
  }

  return (
    <div className="narrow">
      <StepHeader
        back={ctx.back}
        position={ctx.steps.indexOf(ctx.step) + 1}
        total={ctx.steps.length}
        procedureName={ctx.dossier.procedureName}
        title={group.title}
        errors={summary}
      >
        <span lang="vi">{group.title}</span>
      </StepHeader>
      {group.description ? (
        <p className="lead" lang="vi">
          {group.description}
        </p>
      ) : null}
      <form onSubmit={onSubmit} noValidate>
        {group.fields.map((f) => (
          <EformField
            key={f.name}
            field={f}
            value={answers[f.name]}
            error={errorOf(f.name)}
            onChange={(v) => ctx.setAnswer(group.name, f.name, v)}
          />
        ))}
        <AutosaveStatus ctx={ctx} />
        <Button type="submit" disabled={moving}>
          {moving ? t['submit.saving'] : t['submit.continue']}
        </Button>
      </form>
    </div>
  );
}
