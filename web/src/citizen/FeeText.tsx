/**
 * A fee's description as the national database words it: often a whole paragraph (rates, exemptions,
 * deadlines). The first words say what the fee is; the rest opens on request.
 */
import { useI18n } from '../shared/i18n/index.tsx';

const SHORT = 110;

export function feeShortText(text: string): { short: string; full: string | null } {
  const clean = text.replace(/^[\s\-–•*]+/, '').trim();
  if (clean.length <= SHORT) return { short: clean, full: null };
  const cut = clean.lastIndexOf(' ', SHORT);
  return { short: `${clean.slice(0, cut > 40 ? cut : SHORT).replace(/[\s,;:.]+$/, '')} …`, full: clean };
}

export function FeeText({ text }: { text: string }) {
  const { t } = useI18n();
  const { short, full } = feeShortText(text);
  return (
    <>
      <span lang="vi">{short}</span>
      {full ? (
        <details className="details details--small">
          <summary>{t['pay.feeMore']}</summary>
          <div className="details__body" lang="vi">
            {full}
          </div>
        </details>
      ) : null}
    </>
  );
}
