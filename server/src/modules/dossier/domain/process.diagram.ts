/**
 * Diagrams of a process definition, for the administrator who edits it and for the published
 * internal process (quy trình nội bộ is published with a flow chart in practice):
 *  - toMermaid: a Mermaid flowchart (the web app or any Markdown viewer renders it);
 *  - toSvg: a self-contained SVG with a simple layered layout (no library): steps in rows by their
 *    depth along forward edges, end states in the last row, backward edges curved on the side.
 */

import { STATUS_INFO } from './dossier.status.ts';
import { type ProcessDefinition, ROLE_LABELS, type Step, TERMINAL_ACTIONS } from './process.schemas.ts';

type Edge = { from: string; to: string; label: string; kind: string; dashed: boolean };

const TERMINAL_OF: Record<string, 'returned' | 'refused' | 'stopped' | 'withdrawn'> = {
  return_result: 'returned',
  refuse: 'refused',
  stop: 'stopped',
  withdraw: 'withdrawn',
};
const TERMINAL_ORDER = ['returned', 'refused', 'stopped', 'withdrawn'] as const;
const DASHED = new Set(['send_back', 'request_supplement', 'refuse', 'stop', 'withdraw', 'extend', 'attach_result']);

const nodeId = (stepId: string) => `s_${stepId}`;
const endId = (status: string) => `end_${status}`;
const missingId = (stepId: string) => `missing_${stepId}`;

function agencyLabel(step: Step, names?: ReadonlyMap<string, string>): string {
  switch (step.agency.kind) {
    case 'receiving':
      return 'cơ quan tiếp nhận';
    case 'fixed':
      return names?.get(step.agency.code) ?? step.agency.code;
    case 'transfer_target':
      return 'cơ quan liên thông';
  }
}

/** "Role · agency · share" under a box; a long agency name is shortened so the line fits the box. */
function stepFootnote(step: Step, names?: ReadonlyMap<string, string>): string {
  const agency = agencyLabel(step, names);
  const rest = `${ROLE_LABELS[step.role]} ·  · ${shareLabel(step.share)}`.length;
  const room = Math.max(8, 40 - rest);
  const short = agency.length > room ? `${agency.slice(0, room - 1)}…` : agency;
  return `${ROLE_LABELS[step.role]} · ${short} · ${shareLabel(step.share)}`;
}

function shareLabel(share: number): string {
  return String(share).replace('.', ',');
}

function edgesOf(def: ProcessDefinition): { edges: Edge[]; ends: (typeof TERMINAL_ORDER)[number][] } {
  const edges: Edge[] = [];
  const ends = new Set<(typeof TERMINAL_ORDER)[number]>();
  const known = new Set(def.steps.map((s) => s.id));
  for (const step of def.steps) {
    for (const a of step.actions) {
      const terminal = TERMINAL_OF[a.kind];
      const dashed = DASHED.has(a.kind);
      if (terminal !== undefined && TERMINAL_ACTIONS.has(a.kind)) {
        ends.add(terminal);
        edges.push({ from: nodeId(step.id), to: endId(terminal), label: a.label, kind: a.kind, dashed });
      } else if (a.to !== undefined && !known.has(a.to)) {
        // A target that is not a step (removed while editing): drawn to a marked box, not dropped.
        edges.push({ from: nodeId(step.id), to: missingId(a.to), label: a.label, kind: a.kind, dashed });
      } else {
        edges.push({ from: nodeId(step.id), to: nodeId(a.to ?? step.id), label: a.label, kind: a.kind, dashed });
      }
    }
  }
  return { edges, ends: TERMINAL_ORDER.filter((t) => ends.has(t)) };
}

function mermaidText(s: string): string {
  return s.replaceAll('"', '#quot;').replaceAll('<', '#lt;').replaceAll('>', '#gt;');
}

/** A Mermaid flowchart (top-down) with Vietnamese labels. */
export function toMermaid(def: ProcessDefinition): string {
  const lines: string[] = ['flowchart TD'];
  lines.push(`  %% ${mermaidText(`${def.procedureCode} ${def.name} — phiên bản ${def.version}`)}`);
  const node = (s: Step) =>
    `${nodeId(s.id)}["${mermaidText(s.name)}<br/>${mermaidText(`${ROLE_LABELS[s.role]} · ${agencyLabel(s)} · tỷ trọng ${shareLabel(s.share)}`)}"]`;
  const home = def.steps.filter((s) => s.agency.kind !== 'transfer_target');
  const external = def.steps.filter((s) => s.agency.kind === 'transfer_target');
  for (const s of home) lines.push(`  ${node(s)}`);
  if (external.length > 0) {
    lines.push('  subgraph lien_thong["Cơ quan nhận liên thông"]');
    for (const s of external) lines.push(`    ${node(s)}`);
    lines.push('  end');
  }
  const { edges, ends } = edgesOf(def);
  for (const e of ends) lines.push(`  ${endId(e)}(["${mermaidText(STATUS_INFO[e].label)}"])`);
  for (const e of edges) {
    lines.push(`  ${e.from} ${e.dashed ? '-.->' : '-->'}|"${mermaidText(e.label)}"| ${e.to}`);
  }
  lines.push(`  classDef start stroke-width:3px`);
  lines.push(`  class ${nodeId(def.startStep)} start`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// SVG

const BOX_W = 220;
const BOX_H = 64;
const COL_GAP = 60;
const ROW_GAP = 90;
const MARGIN = 40;

function xml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function wrap(text: string, max: number): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && (line + ' ' + w).length > max) {
      lines.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '') lines.push(line);
  if (lines.length > 2) return [lines[0]!, `${lines[1]!.slice(0, max - 1)}…`];
  return lines;
}

/** Rows: longest distance from the start along edges that are not back edges (found by DFS). */
function layers(def: ProcessDefinition, edges: Edge[]): Map<string, number> {
  const out = new Map<string, string[]>();
  for (const e of edges)
    if (e.from !== e.to && e.to.startsWith('s_')) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const back = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const visit = (n: string) => {
    state.set(n, 'open');
    for (const m of out.get(n) ?? []) {
      if (state.get(m) === 'open') back.add(`${n}>${m}`);
      else if (!state.has(m)) visit(m);
    }
    state.set(n, 'done');
  };
  visit(nodeId(def.startStep));
  for (const s of def.steps) if (!state.has(nodeId(s.id))) visit(nodeId(s.id));
  const layer = new Map<string, number>([[nodeId(def.startStep), 0]]);
  // Longest path in the DAG of forward edges: relax |V| times (graphs are small).
  for (let i = 0; i < def.steps.length; i++) {
    for (const [n, targets] of out) {
      const ln = layer.get(n);
      if (ln === undefined) continue;
      for (const m of targets) {
        if (back.has(`${n}>${m}`)) continue;
        if ((layer.get(m) ?? -1) < ln + 1) layer.set(m, ln + 1);
      }
    }
  }
  let max = Math.max(0, ...layer.values());
  for (const s of def.steps) if (!layer.has(nodeId(s.id))) layer.set(nodeId(s.id), ++max);
  return layer;
}

export interface SvgOptions {
  /** Agency names by code, shown instead of the code of a fixed agency. */
  agencyNames?: ReadonlyMap<string, string>;
  /** Indexes of steps to mark as having a problem (the editor's live preview). */
  problemSteps?: ReadonlySet<number>;
}

/**
 * A standalone SVG drawing of the process (UTF-8, Vietnamese labels). It also draws a definition
 * that is being edited and is not valid yet (shape valid): a target that is not a step is drawn as
 * a red box named after it, and steps with problems get a red border and a warning sign.
 */
export function toSvg(def: ProcessDefinition, options: SvgOptions = {}): string {
  const { edges, ends } = edgesOf(def);
  const layer = layers(def, edges);
  const missing = [...new Set(edges.filter((e) => e.to.startsWith('missing_')).map((e) => e.to))];
  for (const m of missing) {
    const from = edges.filter((e) => e.to === m).map((e) => layer.get(e.from) ?? 0);
    layer.set(m, Math.max(0, ...from) + 1);
  }
  const lastRow = Math.max(0, ...layer.values()) + 1;
  for (const e of ends) layer.set(endId(e), lastRow);
  const rows = new Map<number, string[]>();
  const order = [...new Set([...def.steps.map((s) => nodeId(s.id)), ...missing, ...ends.map(endId)])];
  for (const id of order) rows.set(layer.get(id)!, [...(rows.get(layer.get(id)!) ?? []), id]);
  const widest = Math.max(...[...rows.values()].map((r) => r.length));
  const width = MARGIN * 2 + widest * BOX_W + (widest - 1) * COL_GAP + 120;
  const height = MARGIN * 2 + (lastRow + 1) * BOX_H + lastRow * ROW_GAP;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [row, ids] of rows) {
    const rowWidth = ids.length * BOX_W + (ids.length - 1) * COL_GAP;
    const left = (width - 120 - rowWidth) / 2;
    ids.forEach((id, i) => {
      pos.set(id, { x: left + i * (BOX_W + COL_GAP), y: MARGIN + row * (BOX_H + ROW_GAP) });
    });
  }
  const steps = new Map(def.steps.map((s) => [nodeId(s.id), s]));
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, sans-serif" role="img" aria-label="${xml(`Quy trình ${def.procedureCode} ${def.name}`)}">`,
    `<title>${xml(`${def.procedureCode} ${def.name} — phiên bản ${def.version}`)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
  );
  const labels: string[] = [];
  edges.forEach((e, i) => {
    const a = pos.get(e.from)!;
    const b = pos.get(e.to)!;
    const dash = e.dashed ? ' stroke-dasharray="6 4"' : '';
    let d: string;
    let lx: number;
    let ly: number;
    if (e.from === e.to) {
      const x = a.x + BOX_W;
      const y = a.y + BOX_H / 2;
      const off = 12 + (i % 3) * 8;
      d = `M${x},${y - 14} C${x + 50 + off},${y - 40} ${x + 50 + off},${y + 40} ${x},${y + 14}`;
      lx = x + 40 + off;
      ly = y - 24 - (i % 3) * 10;
    } else if (b.y > a.y) {
      const x1 = a.x + BOX_W / 2;
      const y1 = a.y + BOX_H;
      const x2 = b.x + BOX_W / 2;
      const y2 = b.y;
      d = `M${x1},${y1} C${x1},${(y1 + y2) / 2} ${x2},${(y1 + y2) / 2} ${x2},${y2}`;
      lx = (x1 + x2) / 2;
      ly = (y1 + y2) / 2;
    } else {
      const x1 = a.x;
      const y1 = a.y + BOX_H / 2;
      const x2 = b.x;
      const y2 = b.y + BOX_H / 2;
      const bend = Math.min(a.x, b.x) - 50 - (i % 3) * 15;
      d = `M${x1},${y1} C${bend},${y1} ${bend},${y2} ${x2},${y2}`;
      lx = bend + 10;
      ly = (y1 + y2) / 2;
    }
    parts.push(`<path d="${d}" fill="none" stroke="#444" stroke-width="1.4"${dash} marker-end="url(#arrow)"/>`);
    const w = e.label.length * 6 + 8;
    labels.push(
      `<rect x="${(lx - w / 2).toFixed(1)}" y="${(ly - 9).toFixed(1)}" width="${w}" height="16" rx="3" fill="#fff" fill-opacity="0.9"/>`,
      `<text x="${lx.toFixed(1)}" y="${(ly + 3).toFixed(1)}" font-size="11" text-anchor="middle" fill="#333">${xml(e.label)}</text>`,
    );
  });
  const problemIds = new Set(
    [...(options.problemSteps ?? [])].flatMap((i) => (def.steps[i] ? [nodeId(def.steps[i].id)] : [])),
  );
  for (const id of order) {
    const p = pos.get(id)!;
    const step = steps.get(id);
    if (step !== undefined) {
      const external = step.agency.kind === 'transfer_target';
      const start = step.id === def.startStep;
      const problem = problemIds.has(id);
      const stroke = problem ? '#c0392b' : start ? '#0b4f8a' : '#5b7da8';
      parts.push(
        `<rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${external ? '#fff4e0' : '#eaf2fb'}" stroke="${stroke}" stroke-width="${start || problem ? 3 : 1.5}"${problem ? ' stroke-dasharray="8 3"' : ''}/>`,
      );
      if (problem) {
        parts.push(
          `<text x="${p.x + 10}" y="${p.y + 18}" font-size="14" font-weight="bold" fill="#c0392b"><title>Bước có lỗi</title>!</text>`,
        );
      }
      const lines = wrap(step.name, 32);
      lines.forEach((line, j) => {
        parts.push(
          `<text x="${p.x + BOX_W / 2}" y="${p.y + 18 + j * 15}" font-size="13" font-weight="bold" text-anchor="middle">${xml(line)}</text>`,
        );
      });
      parts.push(
        `<text x="${p.x + BOX_W / 2}" y="${p.y + BOX_H - 9}" font-size="11" text-anchor="middle" fill="#555">${xml(stepFootnote(step, options.agencyNames))}</text>`,
      );
    } else if (id.startsWith('missing_')) {
      parts.push(
        `<rect x="${p.x}" y="${p.y + 8}" width="${BOX_W}" height="${BOX_H - 16}" rx="6" fill="#fdecea" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 4"/>`,
        `<text x="${p.x + BOX_W / 2}" y="${p.y + BOX_H / 2 + 5}" font-size="12" text-anchor="middle" fill="#8a1f11">${xml(`Không có bước «${id.slice('missing_'.length)}»`)}</text>`,
      );
    } else {
      const status = id.slice('end_'.length) as (typeof TERMINAL_ORDER)[number];
      parts.push(
        `<rect x="${p.x}" y="${p.y + 12}" width="${BOX_W}" height="${BOX_H - 24}" rx="20" fill="${status === 'returned' ? '#e5f5e5' : '#f6e6e6'}" stroke="#666"/>`,
        `<text x="${p.x + BOX_W / 2}" y="${p.y + BOX_H / 2 + 5}" font-size="13" text-anchor="middle">${xml(STATUS_INFO[status].label)}</text>`,
      );
    }
  }
  parts.push(...labels, '</svg>');
  return `${parts.join('\n')}\n`;
}
