import { MarkupNotice } from '../../../components/inpage/MarkupNotice';
import { mountShadow } from '../mount';
import { registerFeature } from '../env';

let shownForPage: string | null = null;

/** Once per page, visibly: the adapter found tweet cells it cannot parse. */
registerFeature('markup-notice', (env) => {
  env.onMarkupBroken.on((detail) => {
    const page = env.pageUrl();
    if (shownForPage === page) return;
    shownForPage = page;
    console.warn(`[caselint] can't read tweets on ${page}: ${detail}`);
    const m = mountShadow({ tag: 'caselint-notice', place: (h) => document.body.append(h), theme: env.theme(), signal: env.signal });
    env.onTheme.on((t) => m.setTheme(t), env.signal);
    m.render(<MarkupNotice detail={detail} onDismiss={() => m.remove()} />);
  }, env.signal);
});
