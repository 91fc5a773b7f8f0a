/**
 * Two languages: Vietnamese by default, English on request. The choice is remembered on the
 * device (localStorage) and set on <html lang>, so screen readers pronounce the page correctly
 * (WCAG 2.1, 3.1.1 Language of Page).
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type Messages, vi } from './vi.ts';

export type Locale = 'vi' | 'en';
export type { Messages };

// English is fetched only by those who choose it: most visitors never pay for its bytes. The
// messages of the signed-in pages (submission, my dossiers, payment) and the transparency page
// come with those pages (loadPortalMessages), in each language the visitor has used.
// Until then a dictionary holds only its first-load part; the type promises the whole, which is
// true wherever a portal page renders, since its route loads the part before it renders.
const dictionaries: Partial<Record<Locale, Messages>> = { vi: vi as Messages };
const STORAGE_KEY = 'tinhso.locale';
let portalWanted = false;
const portalLoaded = new Set<Locale>();

async function loadPortalPart(locale: Locale, dictionary: Messages): Promise<void> {
  if (portalLoaded.has(locale)) return;
  const part = locale === 'vi' ? (await import('./vi.portal.ts')).viPortal : (await import('./en.portal.ts')).enPortal;
  Object.assign(dictionary, part);
  portalLoaded.add(locale);
}

/** Loads a locale's dictionary (call before the first render for the remembered locale). */
export async function loadMessages(locale: Locale): Promise<Messages> {
  let dictionary = dictionaries[locale];
  if (!dictionary) {
    const { en } = await import('./en.ts');
    dictionary = { ...en } as Messages;
    dictionaries.en = dictionary;
  }
  if (portalWanted) await loadPortalPart(locale, dictionary);
  return dictionary;
}

/**
 * Loads the portal pages' messages in the current language (and, from then on, in any language
 * switched to). Route `lazy` functions await it with the page's code.
 */
export async function loadPortalMessages(): Promise<void> {
  portalWanted = true;
  const locale = currentLocale;
  await loadPortalPart(locale, await loadMessages(locale));
}

// The language on screen, for loadPortalMessages: the remembered one until the provider renders
// (the router starts loading the first page before that).
let currentLocale: Locale = initialLocale();

export function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

interface I18n {
  locale: Locale;
  t: Messages;
  setLocale(locale: Locale): void;
  /** BCP 47 tag for Intl formatting. */
  intlLocale: string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  // The remembered locale is shown only once its dictionary is here (main.tsx preloads it).
  const [locale, setLocaleState] = useState<Locale>(() => {
    const wanted = initialLocale();
    return dictionaries[wanted] ? wanted : 'vi';
  });
  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
    void loadMessages(next).then(() => setLocaleState(next));
  }, []);
  currentLocale = locale;
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      t: dictionaries[locale] ?? (vi as Messages),
      setLocale,
      intlLocale: locale === 'vi' ? 'vi-VN' : 'en-GB',
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
