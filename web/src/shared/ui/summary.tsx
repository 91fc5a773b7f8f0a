import type { ReactNode } from 'react';

/** Key/value rows (GOV.UK summary list): a definition list, one row per fact. */
export function SummaryList({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <dl className="summary" data-testid={testId}>
      {children}
    </dl>
  );
}

export function SummaryRow({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="summary__row">
      <dt className="summary__key">{label}</dt>
      <dd className="summary__value" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
