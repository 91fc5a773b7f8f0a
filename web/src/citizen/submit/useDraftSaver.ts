/**
 * Saves the draft's form data while the person types (FormSG "saved drafts"): a short pause after
 * the last change sends PATCH /api/v1/dossiers/:id/form-data with the version last seen, so an
 * edit made meanwhile on another device is never silently overwritten (409 → "load the newer
 * one"). Saves run one after the other; `flush` waits for the last one before the page moves on.
 * Leaving the page sends what is pending at once (a keepalive request), so closing the tab loses
 * nothing.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../shared/api.ts';
import { dossierQueries, saveFormData } from '../dossier.api.ts';

export const AUTOSAVE_DELAY_MS = 800;

export type SaveState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'saved'; at: Date }
  | { status: 'error'; error: unknown }
  | { status: 'conflict'; error: unknown };

export interface DraftSaver {
  state: SaveState;
  /** Schedules a save of this form data after a pause. */
  schedule(formData: Record<string, unknown>): void;
  /** Saves what is pending now and waits; rejects if the last save failed. */
  flush(): Promise<void>;
  /** The draft's version as last saved (for the submit action's expectedVersion). */
  version(): number;
  /** After reloading the draft (a conflict): forget what was pending, start from this version. */
  reset(version: number): void;
}

export function useDraftSaver(id: string, initialVersion: number): DraftSaver {
  const queryClient = useQueryClient();
  const versionRef = useRef(initialVersion);
  const pending = useRef<Record<string, unknown> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const lastError = useRef<unknown>(null);
  const [state, setState] = useState<SaveState>({ status: 'idle' });

  const saveNow = useCallback((): Promise<void> => {
    const run = chain.current.then(async () => {
      const formData = pending.current;
      if (formData === null) {
        if (lastError.current) throw lastError.current;
        return;
      }
      pending.current = null;
      setState({ status: 'saving' });
      try {
        const view = await saveFormData(id, formData, versionRef.current);
        versionRef.current = view.version;
        lastError.current = null;
        queryClient.setQueryData(dossierQueries.one(id).queryKey, view);
        setState({ status: 'saved', at: new Date() });
      } catch (err) {
        // Kept for the next try unless something newer replaced it meanwhile.
        pending.current ??= formData;
        lastError.current = err;
        const conflict = err instanceof ApiError && err.status === 409;
        setState(conflict ? { status: 'conflict', error: err } : { status: 'error', error: err });
        throw err;
      }
    });
    chain.current = run.catch(() => {});
    return run;
  }, [id, queryClient]);

  const schedule = useCallback(
    (formData: Record<string, unknown>) => {
      pending.current = formData;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow().catch(() => {}), AUTOSAVE_DELAY_MS);
    },
    [saveNow],
  );

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    return saveNow();
  }, [saveNow]);

  useEffect(() => {
    // The tab closes or the phone switches apps: send what is pending now (keepalive request).
    function leave() {
      if (pending.current === null) return;
      clearTimeout(timer.current);
      void saveNow().catch(() => {});
    }
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') leave();
    };
    window.addEventListener('pagehide', leave);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', leave);
      document.removeEventListener('visibilitychange', onVisibility);
      // Moving to another page of the portal: save what was typed.
      if (pending.current !== null) void saveNow().catch(() => {});
    };
  }, [saveNow]);

  const version = useCallback(() => versionRef.current, []);
  const reset = useCallback((v: number) => {
    clearTimeout(timer.current);
    pending.current = null;
    lastError.current = null;
    versionRef.current = v;
    setState({ status: 'idle' });
  }, []);

  return { state, schedule, flush, version, reset };
}
