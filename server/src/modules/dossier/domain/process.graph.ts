/**
 * Graph views of a process definition: edges, reachability, the main path, the steps every
 * successful dossier must pass, transfer segments. Pure; assumes a definition whose shape passed
 * the schema (unknown step ids are ignored here and reported by the validator).
 */
import {
  type ActionKind,
  type ActionSpec,
  OPTIONALLY_MOVING_ACTIONS,
  type ProcessDefinition,
  type Step,
  TERMINAL_ACTIONS,
} from './process.schemas.ts';

/** Actions that advance a dossier along the main path, in the order they are preferred. */
const PROGRESSING: ReadonlySet<ActionKind> = new Set(['accept', 'forward', 'transfer', 'return_transfer', 'approve']);

export function stepMap(def: ProcessDefinition): Map<string, Step> {
  const map = new Map<string, Step>();
  for (const s of def.steps) if (!map.has(s.id)) map.set(s.id, s);
  return map;
}

export function isTransferTarget(step: Step | undefined): boolean {
  return step?.agency.kind === 'transfer_target';
}

/** Step ids reachable from `from` by any action with a `to` (the start included). */
export function reachableFrom(def: ProcessDefinition, from: string, filter?: (s: Step) => boolean): Set<string> {
  const steps = stepMap(def);
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const step = steps.get(id);
    if (seen.has(id) || step === undefined || (filter && !filter(step))) continue;
    seen.add(id);
    for (const a of step.actions) if (a.to !== undefined) queue.push(a.to);
  }
  return seen;
}

export function hasAction(step: Step, kind: ActionKind): boolean {
  return step.actions.some((a) => a.kind === kind);
}

/**
 * The main path: from the start step, the first progressing action of each step whose target was
 * not visited yet, until a step that has `return_result`. Returns null if it never gets there.
 * The order of a step's actions is therefore meaningful: put the normal way forward first.
 */
export function mainPath(def: ProcessDefinition): string[] | null {
  const steps = stepMap(def);
  const path: string[] = [];
  let current = steps.get(def.startStep);
  while (current !== undefined) {
    path.push(current.id);
    if (hasAction(current, 'return_result')) return path;
    const next: ActionSpec | undefined = current.actions.find(
      (a) => PROGRESSING.has(a.kind) && a.to !== undefined && steps.has(a.to) && !path.includes(a.to),
    );
    current = next?.to === undefined ? undefined : steps.get(next.to);
  }
  return null;
}

/** True if, from `from`, some step with `return_result` can be reached without passing `avoid`. */
function canReturnAvoiding(def: ProcessDefinition, from: string, avoid: string | null): boolean {
  const reach = reachableFrom(def, from, (s) => s.id !== avoid);
  const steps = stepMap(def);
  for (const id of reach) if (hasAction(steps.get(id)!, 'return_result')) return true;
  return false;
}

/**
 * Steps that every successful dossier passes: the start, and each step without which no step that
 * returns the result can be reached (the dominators of "returned"). Used by the property test
 * "no required step is skipped on the way to returned" and by the service to show progress.
 */
export function requiredSteps(def: ProcessDefinition): string[] {
  if (!canReturnAvoiding(def, def.startStep, null)) return [];
  const required = [def.startStep];
  for (const s of def.steps) {
    if (s.id === def.startStep) continue;
    if (!canReturnAvoiding(def, def.startStep, s.id)) required.push(s.id);
  }
  return required;
}

/** Steps from which a terminal action (return_result, refuse, stop, withdraw) can be reached. */
export function stepsReachingTerminal(def: ProcessDefinition): Set<string> {
  const result = new Set<string>();
  const steps = stepMap(def);
  for (const s of def.steps) {
    for (const id of reachableFrom(def, s.id)) {
      if (steps.get(id)!.actions.some((a) => TERMINAL_ACTIONS.has(a.kind))) {
        result.add(s.id);
        break;
      }
    }
  }
  return result;
}

/**
 * The transfer segment entered at `entry` (a transfer_target step): the transfer_target steps
 * reachable from it without leaving the other agency.
 */
export function transferSegment(def: ProcessDefinition, entry: string): Set<string> {
  return reachableFrom(def, entry, (s) => isTransferTarget(s));
}

/** Whether an action with `to` moves the dossier (optionally-moving actions without `to` stay). */
export function movesTo(action: ActionSpec): string | undefined {
  if (TERMINAL_ACTIONS.has(action.kind)) return undefined;
  if (OPTIONALLY_MOVING_ACTIONS.has(action.kind) || action.to !== undefined) return action.to;
  return undefined;
}
