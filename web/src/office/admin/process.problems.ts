/**
 * The server's validation problems of a process definition (process.validate.ts: a JSON pointer
 * under /body and a Vietnamese message) turned into what the editor shows: the input to move to,
 * and a sentence that says which step, action and field it is about.
 */
import { ACTION_LABELS } from './process.labels.ts';

/** What the messages need of a definition (admin.api.ts ProcessDefinition has it). */
export interface ProblemSource {
  steps: { name: string; actions: { kind: string; label: string }[] }[];
}

/** "/body/steps/2/actions/1/to" → the id of the input it is about (or the nearest part of the form). */
export function fieldTarget(field: string): string {
  const path = field.replace(/^\/body/, '');
  const m =
    /^\/steps\/(\d+)(?:\/(name|role|share|agency|dossierStatus)|\/actions\/(\d+)(?:\/(to|label|requires|guards))?|\/(actions)$)?/.exec(
      path,
    );
  if (m) {
    const s = m[1];
    if (m[2]) return `step-${s}-${m[2] === 'dossierStatus' ? 'status' : m[2]}`;
    if (m[3] !== undefined) return `step-${s}-action-${m[3]}-${m[4] === 'to' ? 'to' : 'label'}`;
    // A step without actions: the place to add one.
    if (m[5]) return `step-${s}-add`;
    return `step-${s}-name`;
  }
  if (path.startsWith('/effectiveFrom') || path.startsWith('/effectiveTo')) return 'def-effective-from';
  if (path.startsWith('/totalTime')) return 'def-total';
  if (path.startsWith('/startStep')) return 'def-start';
  return 'def-effective-from';
}

const FIELD_WORDS: Record<string, string> = {
  name: 'tên bước',
  role: 'vai trò',
  share: 'tỷ trọng thời gian',
  label: 'nhãn',
  to: 'bước đích',
  requires: 'thông tin phải nhập',
  guards: 'điều kiện',
  agency: 'cơ quan thực hiện',
  dossierStatus: 'trạng thái hồ sơ',
};

/**
 * Where the problem is, in words the administrator can find: "Bước 2, tỷ trọng thời gian: …" or
 * "Bước 4, thao tác «Rút hồ sơ», nhãn: …" (the server's message may be a generic type error).
 */
export function problemText(field: string, message: string, def: ProblemSource): string {
  const path = field.replace(/^\/body/, '');
  if (path.startsWith('/effectiveFrom')) return `Áp dụng từ ngày: ${message}`;
  if (path.startsWith('/totalTime')) return `Thời hạn giải quyết: ${message}`;
  if (path.startsWith('/startStep')) return `Bước bắt đầu: ${message}`;
  const m = /^\/steps\/(\d+)(?:\/actions\/(\d+))?(?:\/([a-zA-Z]+))?/.exec(path);
  if (!m) return message;
  const i = Number(m[1]);
  const step = def.steps[i];
  // The server's message often names the step already; say its number, and its name only when missing.
  const parts = [`Bước ${i + 1}${step !== undefined && !message.includes(step.name) ? ` «${step.name}»` : ''}`];
  if (m[2] !== undefined) {
    const action = step?.actions[Number(m[2])];
    parts.push(
      `thao tác «${action?.label || (action ? (ACTION_LABELS[action.kind] ?? action.kind) : Number(m[2]) + 1)}»`,
    );
  }
  const word = m[3] ? FIELD_WORDS[m[3]] : undefined;
  if (word) parts.push(word);
  return `${parts.join(', ')}: ${message}`;
}
