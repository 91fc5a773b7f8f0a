/**
 * Previous / next page buttons under an office list (nothing when everything fits on one page).
 */
import { Button } from '../shared/ui/index.ts';

export function Pager(props: { page: number; pages: number; goPage: (page: number) => void }) {
  const { page, pages, goPage } = props;
  if (pages <= 1) return null;
  return (
    <nav className="office-pages" aria-label="Trang">
      <Button variant="secondary" disabled={page <= 1} onClick={() => goPage(page - 1)}>
        Trang trước
      </Button>
      <span>
        Trang {page}/{pages}
      </span>
      <Button variant="secondary" disabled={page >= pages} onClick={() => goPage(page + 1)}>
        Trang sau
      </Button>
    </nav>
  );
}
