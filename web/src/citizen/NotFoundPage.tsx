import { useI18n } from '../shared/i18n/index.tsx';
import { Link, PageTitle } from '../shared/ui/index.ts';
import { SearchForm } from './SearchForm.tsx';

/**
 * An address the portal does not have. The server answers every client route with index.html and
 * 200 (it cannot know the app's routes), so this page tells search engines itself not to index
 * it: React 19 hoists the <meta> into <head> while the page is shown, and removes it after.
 */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <meta name="robots" content="noindex" />
      <PageTitle title={t['error.notFound.title']}>{t['error.notFound.title']}</PageTitle>
      <p>{t['error.notFound.body']}</p>
      <SearchForm />
      <p>
        <Link to="/">{t['error.notFound.home']}</Link>
      </p>
    </>
  );
}
