/** The options page: customers & cases, settings, rules, packs, data. Hash routing (#/customers/jane, #/rules/id). */
import { useEffect, useRef, type ReactNode } from 'react';
import { CustomerSearch } from './CustomerSearch';
import { CustomerView } from './CustomerView';
import { DataSection, type CsvChecker } from './DataSection';
import { SettingsSection } from './SettingsSection';
import { navigate, routeParts, useHashRoute } from './route';

export interface OptionsAppProps {
  /** Rules section (needs the linter and packs); injected so the app shell stays testable. */
  rules?: (ruleId: string | null) => ReactNode;
  packs?: () => ReactNode;
  checkCsv?: CsvChecker;
}

const SECTIONS = [
  { id: 'customers', label: 'Customers & cases' },
  { id: 'settings', label: 'Settings' },
  { id: 'rules', label: 'Rules' },
  { id: 'packs', label: 'Packs' },
  { id: 'data', label: 'Data' },
] as const;

export function customerPath(handle: string): string {
  return `/customers/${encodeURIComponent(handle.replace(/^@/, ''))}`;
}

export function OptionsApp({ rules, packs, checkCsv }: OptionsAppProps) {
  const route = useHashRoute();
  const [section = 'customers', arg = null] = routeParts(route);
  const current = SECTIONS.some((s) => s.id === section) ? section : 'customers';
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const label = SECTIONS.find((s) => s.id === current)?.label ?? '';
    document.title = `${label}${arg ? ` · ${arg}` : ''} — Caselint`;
  }, [current, arg]);

  return (
    <div className="options">
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        Skip to content
      </a>
      <nav aria-label="Sections">
        <h1>Caselint</h1>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`#/${s.id}`} aria-current={current === s.id ? 'page' : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {current === 'customers' ? (
          <CustomersSection handle={arg} />
        ) : current === 'settings' ? (
          <SettingsSection />
        ) : current === 'rules' ? (
          rules ? rules(arg) : <p>Rules are not available.</p>
        ) : current === 'packs' ? (
          packs ? packs() : <p>Packs are not available.</p>
        ) : (
          <DataSection checkCsv={checkCsv} />
        )}
      </main>
    </div>
  );
}

function CustomersSection({ handle }: { handle: string | null }) {
  return (
    <section aria-labelledby="customers-h">
      <h2 id="customers-h">Customers &amp; cases</h2>
      <div className="customers">
        <CustomerSearch listWhenEmpty onOpen={(h) => navigate(customerPath(h))} />
        <div>
          {handle ? (
            <CustomerView
              key={handle}
              handle={handle}
              full
              level={3}
              onHandleChanged={(h) => navigate(h ? customerPath(h) : '/customers')}
            />
          ) : (
            <p className="muted">Choose a customer to see and edit their cases.</p>
          )}
        </div>
      </div>
    </section>
  );
}
