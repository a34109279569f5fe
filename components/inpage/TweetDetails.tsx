import type { Detail } from '../../lib/cases/types';
import type { DetailKind } from '../../lib/lint/types';
import { useCardTools } from './card-tools';

/**
 * "Details in this tweet": each detail the linter would find in the tweet, with a one-click Keep that saves it to
 * the case history (the card calls `onKeep`). Shows nothing when the tweet has no new detail.
 */
export function TweetDetails(props: {
  text: string;
  saved: ReadonlyArray<Pick<Detail, 'kind' | 'value'>>;
  onKeep(kind: DetailKind, value: string): void;
}) {
  const found = useCardTools().detailsToKeep(props.text, props.saved);
  if (!found.length) return null;
  return (
    <section className="cl-found" aria-label="Details in this tweet">
      <ul className="cl-found__list">
        {found.map((d) => (
          <li key={`${d.kind}:${d.value}`}>
            <span className="cl-muted">{d.label}:</span> {d.value}{' '}
            <button type="button" onClick={() => props.onKeep(d.kind, d.value)} aria-label={`Keep ${d.label} ${d.value}`}>
              Keep
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
