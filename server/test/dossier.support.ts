/**
 * Shared set-up of the dossier tests: a fresh app with a fixed clock, the national day-off
 * schedule and a default calendar, the crawled procedures, a slice of the demo agency tree
 * (H99 codes), the demo process definitions, and officials signed in through the real API.
 */
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type CatalogApi, importDayOffSchedule, importProcedures } from '../src/modules/catalog/index.ts';
import { type DossierApi, demoFormData, demoProcessDefinitions } from '../src/modules/dossier/index.ts';
import type { Actor } from '../src/platform/audit/index.ts';
import { ManualClock } from '../src/platform/clock/index.ts';
import { Client, createOfficial, PASSWORD, registerCitizen } from './fixtures/identity.ts';
import { adminHeaders, createTestApp, type TestApp } from './support.ts';

export const A = {
  committee: '000.00.00.H99',
  office: '000.00.01.H99',
  centre: '000.01.01.H99',
  justice: '000.00.03.H99',
  justiceDivision: '000.02.03.H99',
  finance: '000.00.04.H99',
  construction: '000.00.07.H99',
  health: '000.00.11.H99',
  commune: 'H99.31117',
  communeCentre: 'H99.31117.01',
  otherCommune: 'H99.31120',
} as const;

/** The demo definitions as the seed stores them (dossier.seed.ts uses the same mapping). */
export const DEMO_CODES = {
  commune: 'scope:commune',
  communePolice: 'scope:commune',
  provincePolice: A.justice,
  provinceCentre: A.centre,
  constructionDept: A.construction,
  financeDept: A.finance,
};

const seedActor = { kind: 'system', id: 'test', name: 'Kiểm thử' } as const;

export interface DossierTestEnv {
  t: TestApp;
  clock: ManualClock;
  api: DossierApi;
  /** Signed-in clients by name. */
  c: Record<string, Client>;
  /** Account ids by name. */
  ids: Record<string, string>;
  /** Sets the clock to a Vietnam wall-clock time; signs everybody in again after a jump of more than 12 hours (sessions time out). */
  at(wallClock: string): Promise<void>;
}

let ipCounter = 10;

/**
 * A client that submits a complete demo e-form when a test sends none: submissions of procedures
 * with an e-form are validated fully (contract "E-forms and drafts"), and most dossier tests are
 * about the engine, not the form. A body that has `formData` (even `{}`) is sent exactly as given.
 */
export class DossierClient extends Client {
  override request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ) {
    let body = payload;
    if (method === 'POST' && url === '/api/v1/dossiers' && body !== null && typeof body === 'object') {
      const b = body as { procedureCode?: unknown; applicant?: { name?: string; idNumber?: string; phone?: string } };
      if (!('formData' in b) && typeof b.procedureCode === 'string') {
        const a = b.applicant ?? {};
        const formData = demoFormData(b.procedureCode, {
          name: a.name ?? '',
          ...(a.idNumber !== undefined ? { idNumber: a.idNumber } : {}),
          ...(a.phone !== undefined ? { phone: a.phone } : {}),
        });
        if (formData) body = { ...b, formData };
      }
    }
    return super.request(method, url, body, options);
  }
}

export async function signIn(t: TestApp, username: string): Promise<Client> {
  const client = new DossierClient(t.app, `10.0.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`);
  const res = await client.login(username, PASSWORD);
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return client;
}

/**
 * Officials (username → agency, role) and citizens created for every dossier test file:
 * - motcua.xa: one-stop officer at the commune's service centre (works for the commune);
 * - chuyenvien.xa / chuyenvien2.xa: specialists of the commune; lanhdao.xa: its leader;
 * - motcua.tinh: one-stop officer of the provincial centre;
 * - chuyenvien.sxd / lanhdao.sxd: Department of Construction; chuyenvien.syt: Department of Health
 *   (the transfer target); chuyenvien.stp / lanhdao.stp / motcua.stp: Department of Justice;
 * - outsider: a specialist of another commune; lanhdao.syt: a leader of Health (not handling).
 */
export const OFFICIALS: Record<string, { agency: string; role: string }> = {
  'motcua.xa': { agency: A.communeCentre, role: 'one_stop_officer' },
  'chuyenvien.xa': { agency: A.commune, role: 'specialist' },
  'chuyenvien2.xa': { agency: A.commune, role: 'specialist' },
  'lanhdao.xa': { agency: A.commune, role: 'leader' },
  'motcua.tinh': { agency: A.centre, role: 'one_stop_officer' },
  'chuyenvien.sxd': { agency: A.construction, role: 'specialist' },
  'lanhdao.sxd': { agency: A.construction, role: 'leader' },
  'chuyenvien.syt': { agency: A.health, role: 'specialist' },
  'lanhdao.syt': { agency: A.health, role: 'leader' },
  'motcua.stp': { agency: A.justice, role: 'one_stop_officer' },
  'chuyenvien.stp': { agency: A.justiceDivision, role: 'specialist' },
  'lanhdao.stp': { agency: A.justice, role: 'leader' },
  'motcua.stc': { agency: A.finance, role: 'one_stop_officer' },
  'chuyenvien.stc': { agency: A.finance, role: 'specialist' },
  'lanhdao.stc': { agency: A.finance, role: 'leader' },
  outsider: { agency: A.otherCommune, role: 'specialist' },
};

export const CITIZENS = { dan: '092090001111', khac: '092090002222' } as const;

/**
 * The province of the dossier tests and of bench/dossier.ts: the national day-off schedule
 * 2024–2027 and a default calendar, the crawled procedures, the slice `A` of the demo agency tree
 * (through the catalogue's import route) and the demo process definitions (some name those
 * agencies). `actor` is who the catalogue's audit records name.
 */
export async function seedDossierProvince(app: FastifyInstance, actor: Actor = seedActor): Promise<void> {
  const catalog = app.tinhso.apis['catalog'] as CatalogApi;
  const dir = app.tinhso.config.referenceDataDir;
  await importDayOffSchedule(catalog, actor, path.join(dir, 'calendar', 'vn_official_dayoff_schedule_2024_2027.csv'));
  await catalog.createCalendar(actor, { id: 'can-tho', name: 'Cần Thơ', provinceCode: '92', isDefault: true });
  await importProcedures(catalog, actor, path.join(dir, 'procedures'));
  const csv = [
    'code,name,kind,parent_code,unit_code,valid_from',
    `${A.committee},Ủy ban nhân dân thành phố Cần Thơ,province_committee,,,2020-01-01`,
    `${A.office},Văn phòng UBND thành phố,province_office,${A.committee},,2020-01-01`,
    `${A.centre},Trung tâm Phục vụ hành chính công thành phố,service_centre,${A.office},,2020-01-01`,
    `${A.justice},Sở Tư pháp,department,${A.committee},,2020-01-01`,
    `${A.justiceDivision},Phòng Hành chính tư pháp,division,${A.justice},,2020-01-01`,
    `${A.finance},Sở Tài chính,department,${A.committee},,2020-01-01`,
    `${A.construction},Sở Xây dựng,department,${A.committee},,2020-01-01`,
    `${A.health},Sở Y tế,department,${A.committee},,2020-01-01`,
    `${A.commune},Ủy ban nhân dân phường Ninh Kiều,commune_committee,${A.committee},,2020-01-01`,
    `${A.communeCentre},Trung tâm Phục vụ hành chính công phường Ninh Kiều,commune_service_centre,${A.commune},,2020-01-01`,
    `${A.otherCommune},Ủy ban nhân dân phường Cái Khế,commune_committee,${A.committee},,2020-01-01`,
  ].join('\n');
  const imp = await app.inject({
    method: 'POST',
    url: '/api/v1/catalog/agencies/import?filename=demo.csv',
    headers: { ...adminHeaders, 'content-type': 'text/csv' },
    payload: csv,
  });
  if (imp.statusCode !== 200) throw new Error(`agencies: ${imp.statusCode} ${imp.body}`);
  for (const def of demoProcessDefinitions(DEMO_CODES)) {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/process-definitions',
      headers: adminHeaders,
      payload: def,
    });
    if (r.statusCode !== 201) throw new Error(`definition ${def.id}: ${r.statusCode} ${r.body}`);
  }
}

/** Creates the named `officials` (OFFICIALS) and the CITIZENS, each signed in: clients and account ids by name. */
export async function addDossierPeople(
  t: TestApp,
  officials: string[],
): Promise<{ c: Record<string, Client>; ids: Record<string, string> }> {
  const ids: Record<string, string> = {};
  const c: Record<string, Client> = {};
  for (const name of officials) {
    const o = OFFICIALS[name]!;
    ids[name] = await createOfficial(t.app, {
      username: name,
      agencyCode: o.agency,
      roles: [{ role: o.role, agencyCode: o.agency }],
    });
    c[name] = await signIn(t, name);
  }
  for (const [name, id] of Object.entries(CITIZENS)) {
    ids[name] = await registerCitizen(t.app, id);
    c[name] = await signIn(t, id);
  }
  return { c, ids };
}

export async function setUpDossierEnv(
  options: { start?: string; officials?: string[]; env?: Record<string, string> } = {},
): Promise<DossierTestEnv> {
  const clock = new ManualClock(options.start ?? '2026-03-16T02:00:00Z'); // Monday 16/3/2026 09:00 in Vietnam
  const t = await createTestApp({
    clock,
    env: {
      SESSION_IDLE_MINUTES: '1440',
      SESSION_ABSOLUTE_HOURS: '720',
      // Leaders must enrol TOTP by default; these tests are about dossiers, not second factors.
      MFA_REQUIRED_ROLES: 'province_admin',
      ...(options.env ?? {}),
    },
  });
  await seedDossierProvince(t.app);
  const { ids, c } = await addDossierPeople(t, options.officials ?? Object.keys(OFFICIALS));
  const usernames: Record<string, string> = Object.fromEntries([
    ...Object.keys(c).map((k) => [k, k]),
    ...Object.entries(CITIZENS).map(([k, v]) => [k, v]),
  ]);
  let signedInAt = clock.now().getTime();
  async function at(wallClock: string) {
    clock.set(vn(wallClock));
    if (Math.abs(clock.now().getTime() - signedInAt) > 12 * 3600_000) {
      for (const name of Object.keys(c)) c[name] = await signIn(t, usernames[name]!);
      signedInAt = clock.now().getTime();
    }
  }
  return { t, clock, api: t.app.tinhso.apis['dossier'] as DossierApi, c, ids, at };
}

/** Vietnam wall clock → ISO instant: vn('2026-03-16 09:00'). */
export function vn(s: string): string {
  const [d, t] = s.split(' ');
  return new Date(`${d}T${t ?? '00:00'}:00+07:00`).toISOString();
}

export function expectStatus(res: LightMyRequestResponse, status: number): any {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.body === '' ? undefined : res.json();
}

export const applicant = { name: 'Nguyễn Văn Dân', idNumber: '092090001111', phone: '0912345678' };

/** A small but real PDF (the file store sniffs the type from the content). */
export const RESULT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

/** A multipart/form-data body with text fields and one file part (the way a browser sends a form). */
export function multipart(
  file: Buffer,
  fileName: string,
  options: { fields?: Record<string, string>; type?: string; boundary?: string } = {},
): { payload: Buffer; contentType: string } {
  const boundary = options.boundary ?? `----tinhso${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(options.fields ?? {})) {
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        `content-type: ${options.type ?? 'application/pdf'}\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST /api/v1/dossiers/{id}/results as this client, with a PDF unless told otherwise. */
export function uploadResult(
  client: Client,
  id: string,
  file: Buffer = RESULT_PDF,
  fileName = 'quyet-dinh.pdf',
  options: { type?: string; fields?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const body = multipart(file, fileName, options);
  return client.app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${id}/results`,
    remoteAddress: client.ip,
    headers: client.headers({ 'content-type': body.contentType }),
    payload: body.payload,
  });
}

/** Uploads a result document and returns its id (for `attach_result`). */
export async function resultFileId(client: Client, id: string, fileName = 'ket-qua.pdf'): Promise<string> {
  return expectStatus(await uploadResult(client, id, RESULT_PDF, fileName), 201).fileId;
}
