/**
 * The one-stop forms as PDF (issue 5 "forms as PDF"; printed at the desk by issue 7):
 *  - GET /api/v1/dossiers/:id/forms/:form — Mẫu 01–06 of one dossier, with the same visibility as
 *    the dossier itself (the service's `get`: whoever may not see it gets the same 404), only for
 *    forms the dossier's history has issued (else 409 with the reason in Vietnamese);
 *  - GET /api/v1/dossiers/register.pdf?agency=&from=&to= — Mẫu 07, the register of the dossiers an
 *    agency received in a date range, for its one-stop officers and leaders (`format=xlsx`: the
 *    same register as an Excel workbook, forms/form.register.xlsx.ts).
 * The facts are gathered here; the templates in forms/ only draw them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { commonErrors } from '../../platform/errors/index.ts';
import { ProblemResponse } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { IdentityApi, Principal } from '../identity/index.ts';
import { DOSSIER_FORMS, type HistoryEntry, ROLE_LABELS, type Step } from './domain/index.ts';
import type { DossierService } from './dossier.service.ts';
import { REGISTER_XLSX_MIME, renderRegisterXlsx } from './forms/form.register.xlsx.ts';
import {
  type DossierFormBase,
  type FormAgency,
  type FormComponent,
  type FormDataMap,
  formApplicability,
  formatTotalTime,
  formErrors,
  type HandOver,
  handOverTimeliness,
  PER_DOSSIER_FORMS,
  type PerDossierFormId,
  publicLookupUrl,
  type RegisterRow,
  renderForm,
} from './forms/index.ts';

const tags = ['dossier'];
const Problem = ProblemResponse;
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
/** A register longer than a year is a statistics question, not a printout. */
const REGISTER_MAX_DAYS = 366;

const FormParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  form: Type.Union(
    PER_DOSSIER_FORMS.map((f) => Type.Literal(f)),
    {
      description:
        'Mã biểu mẫu ổn định: receipt (01), supplement_request (02), refusal (03), apology_extension (04), stop_notice (05), control_sheet (06)',
    },
  ),
});
const RegisterQuery = Type.Object({
  agency: Type.String({ minLength: 1, maxLength: 64, description: 'Mã cơ quan tiếp nhận' }),
  from: Type.String({ pattern: DATE, description: 'Từ ngày (YYYY-MM-DD, giờ Việt Nam)' }),
  to: Type.String({ pattern: DATE, description: 'Đến ngày (YYYY-MM-DD, giờ Việt Nam), tính cả ngày này' }),
  format: Type.Optional(
    Type.Union([Type.Literal('pdf'), Type.Literal('xlsx')], { description: 'pdf (mặc định) hoặc xlsx (Excel)' }),
  ),
});

type Entry = HistoryEntry & { actorName: string | null };
type Loose = Record<string, any>;

export interface FormRouteDeps {
  catalog: CatalogApi;
  identity: IdentityApi | undefined;
  /**
   * `config.publicUrl`: the QR code on the receipt opens `${publicUrl}/tra-cuu/<code>`;
   * `clock`: the register's date line.
   */
  ctx: Pick<ModuleContext, 'config' | 'clock'>;
}

/** Counts of originals and copies per component, in the order of componentSpecs (dossier.procedures.ts). */
function componentQuantities(record: Loose | null): ({ originals: number; copies: number } | null)[] {
  const out: ({ originals: number; copies: number } | null)[] = [];
  for (const g of (record?.dossier?.value ?? []) as Loose[]) {
    for (const c of (g.components ?? []) as Loose[]) {
      const q = c.quantity?.value;
      out.push(q && typeof q.originals === 'number' ? { originals: q.originals, copies: Number(q.copies ?? 0) } : null);
    }
  }
  return out;
}

const date = (s: string | null) => (s === null ? null : new Date(s));

export function dossierFormsRoutes(app: FastifyInstance, service: DossierService, deps: FormRouteDeps): void {
  const { catalog } = deps;

  async function caller(request: FastifyRequest): Promise<Principal> {
    const p = request.principal ?? (deps.identity ? await deps.identity.principalOf(request) : null);
    if (!p) throw commonErrors.unauthenticated();
    return p;
  }

  async function agencyOf(code: string): Promise<FormAgency> {
    const a = await catalog.getAgency(code);
    if (!a) return { name: code, parentName: null, address: null, phone: null };
    const parent = a.parentCode ? await catalog.getAgency(a.parentCode) : null;
    return { name: a.name, parentName: parent?.name ?? null, address: a.address, phone: a.phone };
  }

  function agencyNames() {
    const cache = new Map<string, Promise<string>>();
    return (code: string) => {
      let hit = cache.get(code);
      if (!hit) {
        hit = catalog.getAgency(code).then((a) => a?.name ?? code);
        cache.set(code, hit);
      }
      return hit;
    };
  }

  app.get(
    '/api/v1/dossiers/:id/forms/:form',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Biểu mẫu một cửa của hồ sơ dạng PDF (Mẫu 01–06 Thông tư 03/2025/TT-VPCP); chỉ có khi hồ sơ đã phát sinh biểu mẫu đó',
        params: FormParams,
        response: { 400: Problem, 401: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const { id, form } = request.params as { id: string; form: PerDossierFormId };
      const principal = await caller(request);
      // The dossier service's own read: the same 404 for an outsider as for a missing dossier,
      // and the official's read of personal data is recorded.
      const view = await service.get(principal, id);
      const history = (await service.history(principal, id)).items as Entry[];
      const applies = formApplicability(form, {
        code: view.code,
        receivedAt: view.receivedAt,
        issuedForms: history.map((h) => h.form),
      });
      if (!applies.applies) throw formErrors.notApplicable(DOSSIER_FORMS[form].name, applies.reason);
      const code = view.code!;
      const def = await service.definitionOf(view.processId, view.processVersion);
      const stepLabel = (stepId: string) => {
        const s: Step | undefined = def.steps.find((x) => x.id === stepId);
        return s ? `${s.name} (${ROLE_LABELS[s.role]})` : stepId;
      };
      const agency = await agencyOf(view.receivingAgency);
      const a = view.applicant as Loose;
      const last = (f: string) => history.filter((h) => h.form === f).at(-1)!;
      const base: DossierFormBase = {
        code,
        agency,
        place: null,
        issuedAt: date(history.at(-1)?.at ?? view.createdAt)!,
        procedureCode: view.procedureCode,
        procedureName: view.procedureName,
        applicant: {
          name: String(a['name'] ?? ''),
          idNumber: a['idNumber'] ?? null,
          address: a['address'] ?? null,
          phone: a['phone'] ?? null,
          email: a['email'] ?? null,
        },
        receivedAt: date(view.receivedAt),
        appointmentAt: date(view.appointmentAt),
      };

      let pdf: Buffer;
      switch (form) {
        case 'receipt': {
          const e = last('receipt');
          const quantities = componentQuantities((await service.procedure(view.procedureCode)).record);
          const components: FormComponent[] = view.components
            .filter((c) => c.file !== null)
            .map((c) => ({
              name: c.name,
              originals: quantities[c.index]?.originals ?? null,
              copies: quantities[c.index]?.copies ?? null,
              medium: view.channel === 'in_person' ? 'paper' : 'electronic',
            }));
          const data: FormDataMap['receipt'] = {
            ...base,
            issuedAt: new Date(e.at),
            receivedAt: new Date(view.receivedAt ?? e.at),
            // The appointment as given on receipt; a later extension is Mẫu 04's business.
            appointmentAt: new Date(e.appointmentAt ?? view.appointmentAt ?? e.at),
            components,
            processingTime: formatTotalTime(def.totalTime),
            returnPlace:
              view.channel === 'online'
                ? `Trực tuyến (Cổng dịch vụ công) hoặc Bộ phận Một cửa – ${agency.name}`
                : `Bộ phận Một cửa – ${agency.name}`,
            receiverName: e.actorName,
            lookupUrl: publicLookupUrl(deps.ctx.config.publicUrl, code),
          };
          pdf = await renderForm('receipt', data);
          break;
        }
        case 'supplement_request': {
          const e = last('supplement_request');
          const items = [e.reason, e.comment].filter((s): s is string => !!s);
          pdf = await renderForm('supplement_request', {
            ...base,
            issuedAt: new Date(e.at),
            items: items.length > 0 ? items : ['Theo hướng dẫn của cán bộ tiếp nhận.'],
            officerName: e.actorName,
          });
          break;
        }
        case 'refusal': {
          const e = last('refusal');
          pdf = await renderForm('refusal', {
            ...base,
            issuedAt: new Date(e.at),
            reason: e.reason ?? e.comment ?? 'Không nêu lý do.',
            officerName: e.actorName,
          });
          break;
        }
        case 'apology_extension': {
          const e = last('apology_extension');
          const before = history.filter((h) => h.seq < e.seq && h.appointmentAt !== null).at(-1);
          const handling = await agencyOf(view.handlingAgency);
          pdf = await renderForm('apology_extension', {
            ...base,
            agency: handling,
            issuedAt: new Date(e.at),
            previousAppointmentAt: new Date(before?.appointmentAt ?? view.dueAt ?? e.at),
            newAppointmentAt: new Date(e.appointmentAt ?? view.appointmentAt ?? e.at),
            reason: e.reason ?? e.comment ?? 'Không nêu lý do.',
            handlingAgencyName: handling.name,
          });
          break;
        }
        case 'stop_notice': {
          const e = last('stop_notice');
          pdf = await renderForm('stop_notice', {
            ...base,
            issuedAt: new Date(e.at),
            reason: e.reason ?? e.comment ?? 'Không nêu lý do.',
            officerName: e.actorName,
          });
          break;
        }
        case 'control_sheet': {
          const names = agencyNames();
          const handOvers: HandOver[] = [];
          for (const h of history) {
            const to = h.targetAgencyCode ? `${await names(h.targetAgencyCode)} (liên thông)` : stepLabel(h.toStepId);
            handOvers.push({
              at: new Date(h.at),
              // Submission and supplements come from the applicant, not from a step.
              from:
                h.action === 'submit' || h.action === 'provide_supplement'
                  ? 'Người nộp hồ sơ'
                  : stepLabel(h.fromStepId),
              to,
              actorName: h.actorName,
              action: h.label,
              result: handOverTimeliness(new Date(h.at), date(h.stepDueAt), h.stepTimeliness),
              note: [h.reason, h.comment].filter(Boolean).join(' — ') || null,
            });
          }
          pdf = await renderForm('control_sheet', {
            ...base,
            handlingAgencyName: await names(view.handlingAgency),
            dueAt: date(view.dueAt),
            handOvers,
          });
          break;
        }
      }
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${code}-${form}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/dossiers/register.pdf',
    {
      config: { access: { roles: ['one_stop_officer', 'leader', 'agency_admin', 'province_admin'] } },
      schema: {
        tags,
        summary:
          'Sổ theo dõi hồ sơ (Mẫu 07 Thông tư 03/2025/TT-VPCP) của một cơ quan tiếp nhận trong một khoảng ngày, dạng PDF hoặc Excel (format=xlsx)',
        querystring: RegisterQuery,
        response: { 400: Problem, 401: Problem, 403: Problem, 422: Problem },
      },
    },
    async (request, reply) => {
      const { agency, from, to, format } = request.query as {
        agency: string;
        from: string;
        to: string;
        format?: 'pdf' | 'xlsx';
      };
      const principal = await caller(request);
      const start = new Date(`${from}T00:00:00+07:00`);
      const end = new Date(new Date(`${to}T00:00:00+07:00`).getTime() + 24 * 3600_000);
      if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) {
        throw formErrors.badRange('Ngày bắt đầu phải là ngày hợp lệ, không sau ngày kết thúc.');
      }
      if (end.getTime() - start.getTime() > REGISTER_MAX_DAYS * 24 * 3600_000) {
        throw formErrors.badRange(`Sổ theo dõi chỉ in tối đa ${REGISTER_MAX_DAYS} ngày một lần.`);
      }
      // The register is kept by the receiving desk (Bộ phận Một cửa), read by the agency's leaders
      // and exported by its administrators (dossier.policy.ts registerAccess); every dossier the
      // agency received, wherever it is handled now.
      const picked = await service.registerEntries(principal, agency, { from: start, to: end });
      if (picked === null) throw formErrors.notOfficialOfAgency(agency);
      picked.sort((x, y) => x.receivedAt!.localeCompare(y.receivedAt!) || (x.code ?? '').localeCompare(y.code ?? ''));
      const names = agencyNames();
      const rows: RegisterRow[] = [];
      for (const d of picked) {
        rows.push({
          code: d.code ?? '',
          procedureName: d.procedureName,
          applicantName: d.applicantName,
          handlingAgencyName: await names(d.handlingAgency),
          receivedAt: date(d.receivedAt),
          appointmentAt: date(d.appointmentAt),
          status: d.statusLabel,
          timeliness: (d.timeliness as RegisterRow['timeliness']) ?? null,
        });
      }
      const register = { agency: await agencyOf(agency), place: null, issuedAt: deps.ctx.clock.now(), from, to, rows };
      if (format === 'xlsx') {
        return reply
          .type(REGISTER_XLSX_MIME)
          .header('content-disposition', `attachment; filename="so-theo-doi-${agency}-${from}-${to}.xlsx"`)
          .send(await renderRegisterXlsx(register));
      }
      const pdf = await renderForm('register', register);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="so-theo-doi-${agency}-${from}-${to}.pdf"`)
        .send(pdf);
    },
  );
}
