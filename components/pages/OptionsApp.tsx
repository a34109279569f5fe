/** The options page: customers & cases, settings, rules, packs, data. Hash routing (#/customers/jane, #/rules/id). */
import { useEffect, useMemo, useRef, useState } from 'react';
import { CustomerSearch } from './CustomerSearch';
import { CustomerView } from './CustomerView';
import { DataSection, type CsvChecker } from './DataSection';
import { SettingsSection } from './SettingsSection';
import { TeamSection } from './TeamSection';
import { RulesSection } from './RulesSection';
import { PacksSection } from './PacksSection';
import { PackReference } from './PackReference';
import { browserPacksService, type PacksService } from './packsService';
import { navigate, routeParts, useHashRoute } from './route';

export interface OptionsAppProps {
  /** Installed packs (default: browser.storage.local, the record the background and content script use). */
  packs?: PacksService;
  checkCsv?: CsvChecker;
}

const SECTIONS = [
  { id: 'customers', label: 'Customers & cases' },
  { id: 'team', label: 'Team' },
  { id: 'settings', label: 'Settings' },
  { id: 'rules', label: 'Rules' },
  { id: 'packs', label: 'Packs' },
  { id: 'data', label: 'Data' },
] as const;

export function customerPath(handle: string): string {
  return `/customers/${encodeURIComponent(handle.replace(/^@/, ''))}`;
}

export function OptionsApp({ packs: packsIn, checkCsv }: OptionsAppProps) {
  const packs = useMemo(() => packsIn ?? browserPacksService(), [packsIn]);
  const route = useHashRoute();
  const [section = 'customers', ...rest] = routeParts(route);
  // Pack rule ids contain "/" ("tone/no-calm-down"): accept them encoded or not.
  const arg = rest.length > 0 ? rest.join('/') : null;
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
        ) : current === 'team' ? (
          <TeamSection />
        ) : current === 'settings' ? (
          <SettingsSection />
        ) : current === 'rules' ? (
          <RulesSection packs={packs} ruleId={arg} />
        ) : current === 'packs' ? (
          arg === 'reference' ? (
            <PackReference />
          ) : (
            <PacksSection packs={packs} />
          )
        ) : (
          <DataSection checkCsv={checkCsv} />
        )}
      </main>
    </div>
  );
}

function CustomersSection({ handle }: { handle: string | null }) {
  const [none, setNone] = useState(false);
  return (
    <section aria-labelledby="customers-h">
      <h2 id="customers-h">Customers &amp; cases</h2>
      <div className="customers">
        <CustomerSearch
          listWhenEmpty
          importHref="#/data"
          onNoCustomers={setNone}
          current={handle}
          onOpen={(h) => navigate(customerPath(h))}
        />
        <div>
          {handle ? (
            <CustomerView
              key={handle}
              handle={handle}
              full
              level={3}
              focusOnLoad
              onHandleChanged={(h) => navigate(h ? customerPath(h) : '/customers')}
            />
          ) : none ? null : (
            <p className="muted">Choose a customer to see and edit their cases, or search by @handle or name.</p>
          )}
        </div>
      </div>
    </section>
  );
}
