import { describe, expect, it } from 'vitest';
import { demoProcessDefinitions } from './demo-definitions.ts';
import { toMermaid, toSvg } from './process.diagram.ts';
import { exportProcessDefinition, importProcessDefinition } from './process.json.ts';

const demos = demoProcessDefinitions({
  commune: '000.00.31.H13',
  communePolice: 'CA.31.H13',
  provincePolice: 'CA.TINH.H13',
  provinceCentre: '000.00.00.H13',
  constructionDept: '000.00.09.H13',
  financeDept: '000.00.05.H13',
});
const birth = demos.find((d) => d.procedureCode === '1.001193')!;
const permit = demos.find((d) => d.procedureCode === '1.013236')!;

describe('diagrams', () => {
  it('Mermaid flowchart of the birth registration (snapshot)', async () => {
    await expect(toMermaid(birth)).toMatchFileSnapshot('./__snapshots__/1.001193.mmd');
  });

  it('Mermaid puts transfer-target steps in their own subgraph and escapes labels', () => {
    const text = toMermaid(permit);
    expect(text).toContain('subgraph lien_thong["Cơ quan nhận liên thông"]');
    expect(text).toMatch(/s_appraise -->\|"Gửi lấy ý kiến cơ quan quản lý nhà nước liên quan"\| s_consult/);
    expect(text).toContain('s_consult -->|"Gửi văn bản trả lời"| s_conclude');
    const quoted = toMermaid({
      ...birth,
      steps: birth.steps.map((s, i) => (i === 1 ? { ...s, name: 'Thẩm tra "gấp" <1>' } : s)),
    });
    expect(quoted).toContain('Thẩm tra #quot;gấp#quot; #lt;1#gt;');
  });

  it('SVG is standalone, escaped and draws every step and end state', () => {
    const svg = toSvg(permit);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const s of permit.steps) expect(svg).toContain(s.name.slice(0, 20));
    expect(svg).toContain('Đã trả kết quả');
    expect(svg).toContain('Từ chối');
    expect(svg).not.toMatch(/NaN|undefined/);
    const tricky = toSvg({ ...birth, name: 'A & B <c>' });
    expect(tricky).toContain('A &amp; B &lt;c&gt;');
  });
});

describe('the diagram of a definition being edited', () => {
  it('draws a target that is not a step as a marked box, marks steps with problems, names agencies', () => {
    const edited = structuredClone(permit);
    edited.steps = edited.steps.filter((s) => s.id !== 'consult');
    const svg = toSvg(edited, {
      problemSteps: new Set([1]),
      agencyNames: new Map([['000.00.09.H13', 'Sở Xây dựng']]),
    });
    expect(svg).toContain('Không có bước «consult»');
    expect(svg.match(/<title>Bước có lỗi<\/title>/g)).toHaveLength(1);
    expect(svg).toContain('Chuyên viên · Sở Xây dựng · 3,5');
    expect(svg).not.toMatch(/NaN|undefined/);
    // Without options the drawing of a valid definition is unchanged: no marks.
    expect(toSvg(permit)).not.toContain('Bước có lỗi');
    expect(toSvg(permit)).toContain('Chuyên viên · 000.00.09.H13 · 3,5');
  });
});

describe('JSON export/import', () => {
  it('exports with a stable key order whatever the input order, and imports it back', () => {
    const reverse = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverse)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverse(x)]),
            )
          : v;
    const reordered = reverse(permit) as typeof permit;
    expect(Object.keys(reordered)[0]).toBe('startStep');
    const a = exportProcessDefinition(permit);
    expect(exportProcessDefinition(reordered)).toBe(a);
    expect(a.indexOf('"id"')).toBeLessThan(a.indexOf('"procedureCode"'));
    const back = importProcessDefinition(a);
    expect(back).toEqual({ ok: true, definition: permit });
  });

  it('reports invalid JSON and invalid definitions', () => {
    const bad = importProcessDefinition('{ not json');
    expect(bad.ok ? null : bad.problems[0]!.code).toBe('SCHEMA');
    const invalid = importProcessDefinition(JSON.stringify({ ...birth, startStep: 'nowhere' }));
    expect(invalid.ok ? null : invalid.problems.map((p) => p.code)).toContain('UNKNOWN_START_STEP');
  });
});
