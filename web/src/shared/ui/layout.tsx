/**
 * The page frame: skip link, header with the language switch, main landmark, footer; a page title
 * that moves focus to the new page's heading after client-side navigation, so keyboard and
 * screen-reader users land on the new content (WCAG 2.4.3 Focus Order; a single-page app
 * otherwise leaves focus on the link that was activated).
 */
import { type ReactNode, useEffect, useRef } from 'react';
import { NavLink, Link as RouterLink, useLocation, useNavigation } from 'react-router';
import { type Locale, useI18n } from '../i18n/index.tsx';

export function SkipLink({ target = 'main-content' }: { target?: string }) {
  const { t } = useI18n();
  return (
    <a className="skip-link" href={`#${target}`}>
      {t['site.skip']}
    </a>
  );
}

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

export function PageLayout({
  children,
  nav,
  serviceName,
  organisation,
  footer,
  account,
}: {
  children: ReactNode;
  nav: NavItem[];
  /** The signed-in person and sign-out, or the sign-in link: the last item of the navigation. */
  account?: ReactNode;
  serviceName: string;
  organisation: string;
  footer?: ReactNode;
}) {
  const { t, setLocale } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const other = t['site.switchToLang'] as Locale;
  return (
    <>
      <SkipLink />
      {busy ? <div className="progress" aria-hidden="true" /> : null}
      <header className="header">
        <div className="header__top width">
          <RouterLink to="/" className="header__brand">
            <svg
              className="header__logo"
              aria-hidden="true"
              focusable="false"
              viewBox="0 0 40 40"
              width="36"
              height="36"
            >
              <circle cx="20" cy="20" r="19" fill="#fff" />
              <circle cx="20" cy="20" r="16" fill="#a5141b" />
              <path fill="#ffd200" d="m20 8 2.9 8.9h9.4l-7.6 5.5 2.9 8.9-7.6-5.5-7.6 5.5 2.9-8.9-7.6-5.5h9.4z" />
            </svg>
            <span className="header__names">
              <span className="header__service">{serviceName}</span>
              <span className="header__org">{organisation}</span>
            </span>
          </RouterLink>
          <button
            type="button"
            className="header__lang"
            lang={other}
            onClick={() => setLocale(other)}
            aria-label={`${t['site.language']}: ${t['site.switchTo']}`}
          >
            {t['site.switchTo']}
          </button>
        </div>
        <nav className="header__nav" aria-label={t['site.nav']}>
          <ul className="width header__navlist">
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className="header__navlink">
                  {item.label}
                </NavLink>
              </li>
            ))}
            {account ? <li className="header__account">{account}</li> : null}
          </ul>
        </nav>
      </header>
      <main id="main-content" className="main width" tabIndex={-1} aria-busy={busy || undefined}>
        {children}
      </main>
      <footer className="footer">
        <div className="width">{footer}</div>
      </footer>
    </>
  );
}

export interface Crumb {
  to: string;
  label: string;
}

export function Breadcrumbs({ items }: { items: Crumb[] }) {
  const { t } = useI18n();
  return (
    <nav className="breadcrumbs" aria-label={t['site.breadcrumbs']}>
      <ol>
        {items.map((c) => (
          <li key={c.to}>
            <RouterLink className="link" to={c.to}>
              {c.label}
            </RouterLink>
          </li>
        ))}
      </ol>
    </nav>
  );
}

// The first page shown keeps the browser's own focus (top of the document); only later
// navigations move focus to the new heading.
let firstPage = true;

/** The page's one h1 and document title. */
export function PageTitle({ children, title, caption }: { children: ReactNode; title: string; caption?: ReactNode }) {
  const { t } = useI18n();
  const ref = useRef<HTMLHeadingElement>(null);
  const { pathname, search } = useLocation();
  useEffect(() => {
    document.title = `${title} — ${t['site.name']}`;
  }, [title, t]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus follows the URL (not the hash: in-page links keep their target)
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus({ preventScroll: false });
  }, [pathname, search]);
  return (
    <div className="page-title">
      {caption ? <span className="caption">{caption}</span> : null}
      <h1 ref={ref} tabIndex={-1} className="h1">
        {children}
      </h1>
    </div>
  );
}
