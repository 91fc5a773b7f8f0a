/**
 * Upload of the dossier's components (PUT /api/v1/dossiers/:id/components/:index): per component,
 * "choose a file" (a PDF or a photo already on the phone) and "take a photo" (opens the camera:
 * `capture`), a progress bar, and problems said in words before anything is sent — too large,
 * wrong kind — with what to do about it. A new file replaces the previous one (the server keeps
 * the old version).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useId, useState } from 'react';
import { ApiError } from '../shared/api.ts';
import { type Messages, useI18n } from '../shared/i18n/index.tsx';
import { Tag } from '../shared/ui/index.ts';
import {
  type ComponentView,
  componentUrl,
  type DossierView,
  dossierQueries,
  UPLOAD_MAX_BYTES,
  UPLOAD_TYPES,
  uploadComponent,
} from './dossier.api.ts';

const EXTENSIONS = /\.(pdf|jpe?g|png|tiff?)$/i;

export function formatBytes(bytes: number, locale: string): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(locale)} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;
}

/** The problem with a file before sending it, or null. */
export function fileProblem(t: Messages, file: File, locale: string): string | null {
  const typeOk = UPLOAD_TYPES.includes(file.type) || (file.type === '' && EXTENSIONS.test(file.name));
  if (!typeOk) return t['upload.badType'](file.name);
  if (file.size === 0) return t['upload.empty'](file.name);
  if (file.size > UPLOAD_MAX_BYTES) {
    return t['upload.tooBig'](file.name, formatBytes(file.size, locale), formatBytes(UPLOAD_MAX_BYTES, locale));
  }
  return null;
}

export function ComponentUploads({
  dossier,
  errors = {},
  idPrefix = 'component',
}: {
  dossier: DossierView;
  /** Problems to show at a component (e.g. "required, not uploaded yet"), by index. */
  errors?: Record<number, string>;
  idPrefix?: string;
}) {
  const { t } = useI18n();
  const required = dossier.components.filter((c) => c.required);
  const other = dossier.components.filter((c) => !c.required);
  return (
    <>
      {required.length > 0 ? (
        <section aria-labelledby={`${idPrefix}-required`}>
          <h2 id={`${idPrefix}-required`}>{t['upload.required']}</h2>
          <ul className="uploads">
            {required.map((c) => (
              <ComponentRow key={c.index} dossier={dossier} component={c} error={errors[c.index]} idPrefix={idPrefix} />
            ))}
          </ul>
        </section>
      ) : null}
      {other.length > 0 ? (
        <section aria-labelledby={`${idPrefix}-other`}>
          <h2 id={`${idPrefix}-other`}>{required.length > 0 ? t['upload.other'] : t['upload.all']}</h2>
          <p className="muted">{t['upload.otherHint']}</p>
          <ul className="uploads">
            {other.map((c) => (
              <ComponentRow key={c.index} dossier={dossier} component={c} error={errors[c.index]} idPrefix={idPrefix} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** The id of a component's "choose a file" input (where an error summary links). */
export function uploadInputId(idPrefix: string, index: number): string {
  return `${idPrefix}-${index}-file`;
}

function ComponentRow({
  dossier,
  component,
  error,
  idPrefix,
}: {
  dossier: DossierView;
  component: ComponentView;
  error: string | undefined;
  idPrefix: string;
}) {
  const { t, intlLocale } = useI18n();
  const queryClient = useQueryClient();
  const auto = useId();
  const nameId = `${auto}-name`;
  const errorId = `${auto}-error`;
  const fileId = uploadInputId(idPrefix, component.index);
  const cameraId = `${idPrefix}-${component.index}-camera`;
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: (file: File) => uploadComponent(dossier.id, component.index, file, setProgress),
    onMutate: () => {
      setProblem(null);
      setDone(null);
      setProgress(0);
    },
    onSuccess: (result) => {
      setProgress(null);
      setDone(t['upload.done'](result.fileName));
      void queryClient.invalidateQueries({ queryKey: dossierQueries.one(dossier.id).queryKey });
    },
    onError: (err, file) => {
      setProgress(null);
      if (err instanceof ApiError && err.status === 413) {
        setProblem(
          t['upload.tooBig'](file.name, formatBytes(file.size, intlLocale), formatBytes(UPLOAD_MAX_BYTES, intlLocale)),
        );
      } else if (err instanceof ApiError && err.status === 415) setProblem(t['upload.badType'](file.name));
      else if (err instanceof ApiError && err.offline) setProblem(t['upload.offline']);
      else if (err instanceof ApiError) setProblem(err.problem.detail ?? err.problem.title);
      else setProblem(t['error.offline']);
    },
  });

  function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // The same file chosen again must fire `change` again (after fixing it, or a failed upload).
    event.target.value = '';
    if (!file) return;
    const bad = fileProblem(t, file, intlLocale);
    if (bad) {
      setDone(null);
      setProblem(bad);
      return;
    }
    upload.mutate(file);
  }

  const shown = problem ?? error;
  const busy = upload.isPending;
  const describedBy = [nameId, shown ? errorId : null].filter(Boolean).join(' ');
  return (
    <li className={['upload', shown ? 'field--error' : ''].filter(Boolean).join(' ')}>
      <p id={nameId} className="upload__name" lang="vi">
        {component.name}
      </p>
      <p className="upload__meta">
        {component.required ? <Tag tone="red">{t['proc.required']}</Tag> : <Tag>{t['upload.optional']}</Tag>}{' '}
        {component.file ? (
          <span data-testid={`component-${component.index}-file`}>
            {t['upload.current']}{' '}
            <a href={componentUrl(dossier.id, component.index)} download={component.file.fileName}>
              {component.file.fileName}
            </a>{' '}
            ({formatBytes(component.file.size, intlLocale)})
          </span>
        ) : (
          <span className="muted">{t['upload.none']}</span>
        )}
      </p>
      {shown ? (
        <p id={errorId} className="field__error">
          <span className="visually-hidden">{t['form.errorPrefix']}</span>
          {shown}
        </p>
      ) : null}
      <div className="upload__actions">
        <input
          id={fileId}
          className="upload__input"
          type="file"
          accept="image/*,application/pdf"
          disabled={busy}
          aria-describedby={describedBy}
          onChange={onFile}
        />
        <label htmlFor={fileId} className="btn btn--secondary upload__button">
          {component.file ? t['upload.replace'] : t['upload.choose']}
        </label>
        <input
          id={cameraId}
          className="upload__input"
          type="file"
          accept="image/*"
          capture="environment"
          disabled={busy}
          aria-describedby={describedBy}
          onChange={onFile}
        />
        <label htmlFor={cameraId} className="btn btn--secondary upload__button">
          {t['upload.camera']}
        </label>
      </div>
      {progress !== null ? (
        <div className="upload__progress">
          <label htmlFor={`${auto}-progress`}>{t['upload.progress'](Math.round(progress * 100))}</label>
          <progress id={`${auto}-progress`} max={1} value={progress} />
        </div>
      ) : null}
      <p className="upload__status" role="status">
        {done ?? ''}
      </p>
    </li>
  );
}
