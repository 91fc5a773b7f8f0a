import { type ReactNode, useState } from 'react';
import { NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { useI18n } from '../shared/i18n/index.tsx';
import { ExternalLink, Loading, PageLayout } from '../shared/ui/index.ts';
import { signInPath, useLogout, useMe } from './auth.ts';
import { site } from './site.ts';

/** The layout route: the frame around the matched page. */
export function CitizenLayout() {
  return (
    <CitizenFrame>
      <Outlet />
      <ScrollRestoration />
    </CitizenFrame>
  );
}

/** Shown while the first page's code loads: the frame is there at once. */
export function CitizenHydrateFallback() {
  return (
    <CitizenFrame>
      <Loading />
    </CitizenFrame>
  );
}

/**
 * Who is signed in, and sign-out; or the sign-in link, which comes back to the current page.
 * Nothing shows while the session is being asked for, so the header does not flicker.
 */
function Account() {
  const { t } = useI18n();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const [failed, setFailed] = useState(false);
  if (me.data === undefined) return null;
  if (me.data === null) {
    if (pathname === '/dang-nhap') return null;
    return (
      <NavLink to={signInPath(pathname + search)} className="header__navlink">
        {t['site.signIn']}
      </NavLink>
    );
  }
  return (
    <>
      {/* The name leads to the account page (/tai-khoan: the password). */}
      <NavLink to="/tai-khoan" className="header__user">
        {t['site.signedInAs'](me.data.name)}
      </NavLink>
      <button
        type="button"
        className="header__signout"
        onClick={() => {
          // flushSync: the home page must be on screen before the session is forgotten, or the
          // page being left (which needs a session) would send to sign-in first.
          void logout(() => navigate('/', { flushSync: true })).catch(() => setFailed(true));
        }}
      >
        {t['site.signOut']}
      </button>
      {failed ? (
        <span role="alert" className="header__user">
          {t['site.signOutFailed']}
        </span>
      ) : null}
    </>
  );
}

/** The frame of every citizen page; "Hồ sơ của tôi" once signed in. */
function CitizenFrame({ children }: { children: ReactNode }) {
  const { t, locale } = useI18n();
  const me = useMe();
  return (
    <PageLayout
      serviceName={t['site.name']}
      organisation={site.organisation[locale]}
      nav={[
        { to: '/', label: t['site.home'], end: true },
        { to: '/tim-kiem', label: t['site.search'] },
        { to: '/tra-cuu', label: t['site.lookup'] },
        ...(me.data ? [{ to: '/ho-so-cua-toi', label: t['site.mine'] }] : []),
      ]}
      account={<Account />}
      footer={
        <>
          <ul className="footer__links">
            <li>
              <NavLink to="/minh-bach">{t['site.footer.transparency']}</NavLink>
            </li>
            <li>
              <a href="/docs">{t['site.footer.api']}</a>
            </li>
            <li>
              <ExternalLink href={site.nationalPortalUrl}>{t['site.footer.national']}</ExternalLink>
            </li>
          </ul>
          <p className="small">{t['site.footer.about']}</p>
        </>
      }
    >
      {children}
    </PageLayout>
  );
}
