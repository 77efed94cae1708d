import { Button } from 'react-aria-components';

/** Previous / next over a keyset-paged connection (pageInfo from the API). */
export function Pager({
  pageInfo,
  onPrevious,
  onNext,
  summary,
}: {
  pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean };
  onPrevious: () => void;
  onNext: () => void;
  summary?: string;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      {summary && <span className="muted">{summary}</span>}
      <Button onPress={onPrevious} isDisabled={!pageInfo.hasPreviousPage}>
        Previous
      </Button>
      <Button onPress={onNext} isDisabled={!pageInfo.hasNextPage}>
        Next
      </Button>
    </nav>
  );
}
