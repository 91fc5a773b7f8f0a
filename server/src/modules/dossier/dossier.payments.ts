/**
 * Fees and payments. A payment gateway behind one interface; the only implementation is a local
 * simulator of the pattern Vietnamese gateways use (VNPay, the national PayGov platform): the
 * payer is redirected to the gateway, the gateway calls back with the result signed with a shared
 * key (HMAC-SHA256), and the callback is the only thing that marks fees paid.
 *
 * A callback that is forged (bad signature), replayed (same transaction again), for another
 * amount, or reports a failure never changes a dossier: only a verified success marks its fees
 * paid, and the dossier itself moves only when an officer acts (the `fee_paid` guard). OpenCPS
 * advanced dossiers on failed payments; here the payment never touches the dossier's state.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { deriveKey, platformSecret } from '../../platform/secrets/index.ts';
import type { Principal } from '../identity/index.ts';
import { dossierErrors } from './dossier.errors.ts';
import type { DossierRepository } from './dossier.repository.ts';
import type { DossierService } from './dossier.service.ts';
import { vietQrPayload } from './dossier.vietqr.ts';

/** The demo beneficiary (a State Treasury collection account must be configured for real use). */
export const DEMO_BENEFICIARY = {
  bankBin: '970415',
  accountNumber: '9704150000000001',
  name: 'KHO BAC NHA NUOC (DEMO)',
};

export interface GatewayCallback {
  paymentId: string;
  transactionNo: string;
  amountVnd: number;
  /** '00' = paid (the response code convention of Vietnamese gateways); anything else = failed. */
  status: string;
  signature: string;
}

export function signCallback(key: Buffer, c: Omit<GatewayCallback, 'signature'>): string {
  return createHmac('sha256', key).update(`${c.paymentId}|${c.transactionNo}|${c.amountVnd}|${c.status}`).digest('hex');
}

export function verifyCallback(key: Buffer, c: GatewayCallback): boolean {
  const expected = Buffer.from(signCallback(key, c), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/i.test(c.signature) ? c.signature : '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function paymentService(ctx: ModuleContext, repo: DossierRepository, dossiers: DossierService) {
  // The gateway simulator's HMAC key, derived from the platform secret (platform/secrets).
  const gatewayKey = deriveKey(platformSecret(ctx.config), 'dossier:payment-gateway');
  const key = async () => gatewayKey;
  const system = { kind: 'system', id: 'payment-gateway', name: 'Cổng thanh toán' } as const;

  async function summaryOf(dossierId: string, code: string | null) {
    const fees = await repo.fees(dossierId);
    const payments = await repo.payments(dossierId);
    const due = fees.filter((f) => f.status === 'unpaid').reduce((a, f) => a + Number(f.amount_vnd), 0);
    return {
      fees: fees.map((f) => ({
        id: f.id,
        kind: f.kind,
        description: f.description,
        amountVnd: Number(f.amount_vnd),
        status: f.status,
        paidAt: f.paid_at?.toISOString() ?? null,
      })),
      payments: payments.map((p) => ({
        id: p.id,
        amountVnd: Number(p.amount_vnd),
        status: p.status,
        createdAt: p.created_at.toISOString(),
        completedAt: p.completed_at?.toISOString() ?? null,
      })),
      dueVnd: due,
      vietQr:
        due > 0
          ? vietQrPayload({
              bankBin: DEMO_BENEFICIARY.bankBin,
              accountNumber: DEMO_BENEFICIARY.accountNumber,
              amountVnd: due,
              purpose: `LE PHI HS ${code ?? dossierId}`,
            })
          : null,
    };
  }

  return {
    async summary(principal: Principal, dossierId: string) {
      const d = await dossiers.peek(principal, dossierId);
      return summaryOf(d.id, d.code);
    },

    /** Starts a payment of everything unpaid; returns where to send the payer. */
    async start(principal: Principal, dossierId: string, requestId?: string) {
      const d = await dossiers.peek(principal, dossierId);
      const fees = await repo.fees(d.id);
      const amount = fees.filter((f) => f.status === 'unpaid').reduce((a, f) => a + Number(f.amount_vnd), 0);
      if (amount <= 0) throw dossierErrors.nothingToPay();
      const id = uuidv7();
      await ctx.change(dossiers.auditActor(principal), requestId, async (c) => {
        await repo.insertPayment(c.tx, {
          id,
          dossier_id: d.id,
          amount_vnd: String(amount),
          status: 'pending',
          gateway: 'simulator',
          transaction_no: null,
          created_at: ctx.clock.now(),
          completed_at: null,
        });
        await c.audit({
          action: 'payment.started',
          entityType: 'dossier',
          entityId: d.id,
          data: { paymentId: id, amountVnd: amount },
        });
      });
      return { paymentId: id, amountVnd: amount, redirectUrl: `/api/v1/payments/simulator/${id}` };
    },

    /** The simulated gateway: the payer "pays" (or fails); returns the signed callback the gateway sends. */
    async simulate(paymentId: string, outcome: 'success' | 'failure'): Promise<GatewayCallback> {
      const p = await repo.getPayment(paymentId);
      if (!p) throw dossierErrors.paymentNotFound();
      const body = {
        paymentId,
        transactionNo: `SIM${Date.now()}${randomBytes(3).toString('hex')}`,
        amountVnd: Number(p.amount_vnd),
        status: outcome === 'success' ? '00' : '24',
      };
      return { ...body, signature: signCallback(await key(), body) };
    },

    /** The gateway's callback (IPN). Idempotent; only a verified success marks fees paid. */
    async callback(
      c: GatewayCallback,
    ): Promise<{ result: 'paid' | 'failed' | 'duplicate' | 'ignored'; paymentStatus: string }> {
      if (!verifyCallback(await key(), c)) throw dossierErrors.badSignature();
      return ctx.change(system, undefined, async (ch) => {
        const p = await repo.lockPayment(ch.tx, c.paymentId);
        if (!p) throw dossierErrors.paymentNotFound();
        if (Number(p.amount_vnd) !== c.amountVnd) throw dossierErrors.amountMismatch();
        const first = await repo.recordCallback(ch.tx, p.id, c.transactionNo, c.status, ctx.clock.now());
        if (!first) return { result: 'duplicate' as const, paymentStatus: p.status };
        if (p.status !== 'pending') {
          await ch.audit({
            action: 'payment.callback_ignored',
            entityType: 'dossier',
            entityId: p.dossier_id,
            data: { paymentId: p.id, status: c.status },
          });
          return { result: 'ignored' as const, paymentStatus: p.status };
        }
        const paid = c.status === '00';
        await repo.completePayment(ch.tx, p.id, paid ? 'paid' : 'failed', c.transactionNo, ctx.clock.now());
        await ch.audit({
          action: paid ? 'payment.paid' : 'payment.failed',
          entityType: 'dossier',
          entityId: p.dossier_id,
          data: { paymentId: p.id, transactionNo: c.transactionNo, amountVnd: c.amountVnd },
        });
        await ch.publish(paid ? 'dossier.fee_paid' : 'dossier.payment_failed', {
          dossierId: p.dossier_id,
          paymentId: p.id,
          amountVnd: c.amountVnd,
        });
        return { result: paid ? ('paid' as const) : ('failed' as const), paymentStatus: paid ? 'paid' : 'failed' };
      });
    },
  };
}

export type PaymentService = ReturnType<typeof paymentService>;
