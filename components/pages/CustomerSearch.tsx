/** Search customers by handle or display name; results open a customer. */
import { useEffect, useId, useState } from 'react';
import { handleKey, type CustomerSummary } from '../../lib/cases/types';
import { errorMessage, useCasesVersion, useServices } from './services';
import { formatDate } from '../shared/format';

export interface CustomerSearchProps {
  onOpen: (handle: string) => void;
  /** Show results for an empty query (the options list); the side panel shows none until typing. */
  listWhenEmpty?: boolean;
  limit?: number;
  /** Where "import cases from a CSV file" links to (the options page's Data section). */
  importHref?: string;
  /** Told whether there are no customers at all (only known once an empty query was listed). */
  onNoCustomers?: (none: boolean) => void;
  /** The customer shown beside the list (options page): its row is marked `aria-current`. */
  current?: string | null;
}

const HANDLE = /^[A-Za-z0-9_]{1,15}$/;

export function CustomerSearch({ onOpen, listWhenEmpty = false, limit = 50, importHref, onNoCustomers, current }: CustomerSearchProps) {
  const currentKey = current ? handleKey(current) : null;
  const { api } = useServices();
  const version = useCasesVersion();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CustomerSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const q = query.trim().replace(/^@/, '');

  useEffect(() => {
    if (!q && !listWhenEmpty) {
      setResults(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      api.searchCustomers(q, limit).then(
        (r) => {
          if (!live) return;
          setResults(r);
          setError(null);
          if (!q) onNoCustomers?.(r.length === 0);
        },
        (err) => live && setError(errorMessage(err)),
      );
    }, q ? 120 : 0);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // onNoCustomers is a notification only: a new function each render must not re-run the search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, q, listWhenEmpty, limit, version]);

  return (
    <div className="search">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const first = results?.[0];
          if (first) onOpen(first.handle);
        }}
      >
        <label htmlFor={id}>Search customers</label>
        <input
          id={id}
          type="search"
          value={query}
          placeholder="@handle or name"
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
        />
      </form>
      {error ? (
        <p role="alert" className="error">
          Search failed: {error}
        </p>
      ) : null}
      {results ? (
        results.length === 0 ? (
          <div className="empty muted" aria-live="polite">
            {q ? (
              <p>
                No customer matches “{q}”.{' '}
                {HANDLE.test(q) ? (
                  <button type="button" className="link" onClick={() => onOpen(q)}>
                    Start a history for @{q}
                  </button>
                ) : (
                  'Search by @handle or display name.'
                )}
              </p>
            ) : (
              <>
                <p>No customers yet.</p>
                <ul>
                  <li>
                    {importHref ? (
                      <a href={importHref} target={importHref.startsWith('#') ? undefined : '_blank'} rel="noreferrer">
                        Import cases from a CSV file
                      </a>
                    ) : (
                      'Import cases from a CSV file (options page, Data)'
                    )}{' '}
                    exported from your helpdesk, or
                  </li>
                  <li>reply to a tweet on x.com and add a case or note for its author in the side panel.</li>
                </ul>
              </>
            )}
          </div>
        ) : (
          <ul className="plain results" aria-label="Customers">
            {results.map((r) => (
              <li key={r.key}>
                <button type="button" className="result" aria-current={r.key === currentKey ? 'true' : undefined} onClick={() => onOpen(r.handle)}>
                  <span className="handle">@{r.handle}</span>
                  {r.displayName ? <span className="name"> {r.displayName}</span> : null}
                  <span className="small muted">
                    {' '}
                    · {r.openCases} open {r.openCases === 1 ? 'case' : 'cases'}
                    {r.overduePromises > 0 ? ` · ${r.overduePromises} overdue` : ''}
                    {r.lastContact ? ` · last contact ${formatDate(r.lastContact)}` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
