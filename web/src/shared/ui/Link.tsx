import type { AnchorHTMLAttributes, ReactNode } from 'react';
import { Link as RouterLink, type LinkProps as RouterLinkProps } from 'react-router';
import { useI18n } from '../i18n/index.tsx';

/** An in-app link (client-side navigation). */
export function Link({ className, ...rest }: RouterLinkProps) {
  return <RouterLink className={['link', className].filter(Boolean).join(' ')} {...rest} />;
}

/**
 * A link to another site: opens in a new window and says so in words, not only with an icon
 * (WCAG 3.2.5 Change on Request; GOV.UK "opens in new tab" pattern).
 */
export function ExternalLink({
  href,
  children,
  className,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer external"
      className={['link', 'link--external', className].filter(Boolean).join(' ')}
      {...rest}
    >
      {children}
      <svg className="link__icon" aria-hidden="true" focusable="false" width="14" height="14" viewBox="0 0 24 24">
        <path
          fill="currentColor"
          d="M14 3h7v7h-2V6.41l-9.29 9.3-1.42-1.42 9.3-9.29H14V3zM5 5h6v2H5v12h12v-6h2v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z"
        />
      </svg>
      <span className="visually-hidden"> {t['site.externalHint']}</span>
    </a>
  );
}
