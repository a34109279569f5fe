/**
 * The pack format reference (docs/packs.md in the Caselint repository), bundled with the options page so it reads
 * offline, shown as text blocks (no HTML from the file).
 */
import reference from '../../docs/packs.md?raw';
import { RuleDocs } from './RulesSection';

export function PackReference() {
  return (
    <section aria-labelledby="pack-reference-h">
      <p>
        <a href="#/packs">← Packs</a>
      </p>
      <h2 id="pack-reference-h">Pack format reference</h2>
      <p className="muted small">From docs/packs.md in the Caselint repository, as shipped with this version.</p>
      <RuleDocs text={reference} />
    </section>
  );
}
