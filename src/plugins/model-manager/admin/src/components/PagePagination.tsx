import { Dots, NextLink, PageLink, Pagination, PreviousLink } from '@strapi/design-system';
import { useT } from '../hooks/useT';
import { pageItems } from '../utils/pages';

/**
 * The design system's pagination over a page held in state: Strapi's own Pagination.Links reads
 * and writes the URL's query, which a tab of the model page does not own.
 */
export const PagePagination = ({
  page,
  pageCount,
  onChange,
}: {
  page: number;
  pageCount: number;
  onChange: (page: number) => void;
}) => {
  const t = useT();
  if (pageCount <= 1) return null;
  const go = (target: number) => (event: { preventDefault(): void }) => {
    event.preventDefault();
    if (target >= 1 && target <= pageCount && target !== page) onChange(target);
  };
  return (
    <Pagination activePage={page} pageCount={pageCount} label={t('common.pagination')}>
      <PreviousLink tag="button" type="button" onClick={go(page - 1)}>
        {t('common.previousPage')}
      </PreviousLink>
      {pageItems(page, pageCount).map((item, i) =>
        item === 'dots' ? (
          <Dots key={`dots-${i}`} />
        ) : (
          <PageLink key={item} tag="button" type="button" number={item} onClick={go(item)}>
            {t('common.goToPage', { page: item })}
          </PageLink>
        )
      )}
      <NextLink tag="button" type="button" onClick={go(page + 1)}>
        {t('common.nextPage')}
      </NextLink>
    </Pagination>
  );
};
