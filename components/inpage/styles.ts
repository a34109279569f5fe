/** CSS for every in-page shadow root. Colours come from theme variables (components/shared/theme.ts). */
export const INPAGE_CSS = `
:host { all: initial; font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; font-size: 13px; color: var(--cl-fg); }
*, *::before, *::after { box-sizing: border-box; }
button, input, select, textarea { font: inherit; color: inherit; }
button { cursor: pointer; border: 1px solid var(--cl-border); background: var(--cl-bg-raised); border-radius: 999px; padding: 2px 10px; }
button:hover { border-color: var(--cl-accent); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, .cl-card:focus-visible { outline: 2px solid var(--cl-accent); outline-offset: 1px; }
button:disabled { opacity: .5; cursor: default; }
a { color: var(--cl-accent-text); }
.cl-muted { color: var(--cl-fg-muted); }
.cl-anchor { position: relative; display: inline-flex; align-items: center; margin-left: 6px; vertical-align: middle; }
.cl-chip { display: inline-grid; padding: 0; border: none; background: transparent; font-size: 12px; line-height: 16px; text-align: left; }
.cl-chip:focus-visible { outline: none; }
.cl-chip__face { grid-area: 1 / 1; justify-self: start; display: inline-flex; gap: 6px; align-items: center; padding: 1px 8px; white-space: nowrap; border: 1px solid var(--cl-border); border-radius: 999px; background: var(--cl-bg-raised); }
.cl-chip:hover .cl-chip__face { border-color: var(--cl-accent); }
.cl-chip:focus-visible .cl-chip__face { outline: 2px solid var(--cl-accent); outline-offset: -2px; }
.cl-chip__full { max-width: 320px; overflow: hidden; }
.cl-chip__compact { visibility: hidden; min-width: 52px; justify-content: center; gap: 3px; padding: 1px 6px; color: var(--cl-accent-text); font-weight: 700; }
.cl-chip__short { visibility: hidden; }
.cl-chip--short .cl-chip__full, .cl-chip--compact .cl-chip__full { visibility: hidden; }
.cl-chip--short .cl-chip__short, .cl-chip--compact .cl-chip__compact { visibility: visible; }
.cl-chip__dot { width: 8px; height: 8px; border-radius: 50%; background: var(--cl-error); }
.cl-chip__cases { font-weight: 700; color: var(--cl-accent-text); }
.cl-chip__part { color: var(--cl-fg-muted); }
.cl-chip__detail { overflow: hidden; text-overflow: ellipsis; max-width: 140px; }
.cl-chip__overdue, .cl-chip--overdue .cl-chip__cases { color: var(--cl-error); font-weight: 700; }
.cl-add { font-size: 12px; padding: 0 8px; color: var(--cl-fg-muted); background: transparent; opacity: 0; transition: opacity .15s; }
:host([data-hover]) .cl-add, .cl-add:focus, .cl-add[aria-expanded="true"] { opacity: 1; }
.cl-add:focus-visible { outline-offset: -2px; }
.cl-card-pos--above .cl-card { top: auto; bottom: 0; }
.cl-card { position: absolute; z-index: 2147483000; top: calc(100% + 6px); left: 0; width: 380px; max-height: 480px; overflow: auto; white-space: normal; background: var(--cl-bg); color: var(--cl-fg); border: 1px solid var(--cl-border); border-radius: 14px; box-shadow: var(--cl-shadow); padding: 12px; cursor: auto; text-align: left; }
.cl-card__head { display: flex; justify-content: space-between; align-items: start; gap: 8px; }
.cl-card__title { font-size: 15px; margin: 0 0 6px; font-weight: 700; }
.cl-icon { border: none; background: transparent; font-size: 18px; padding: 0 6px; }
.cl-actions { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; }
.cl-actions button[aria-pressed="true"] { border-color: var(--cl-accent); color: var(--cl-accent); }
.cl-found__list { list-style: none; margin: 4px 0; padding: 0; }
.cl-found__list li { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; }
.cl-form { display: grid; gap: 4px; margin: 8px 0; padding: 8px; border: 1px solid var(--cl-border); border-radius: 10px; }
.cl-form input, .cl-form select, .cl-form textarea { background: var(--cl-bg); border: 1px solid var(--cl-border); border-radius: 6px; padding: 4px 6px; }
.cl-form__row { display: flex; gap: 6px; margin-top: 4px; }
.cl-error { color: var(--cl-error); margin: 4px 0; }
.cl-status { margin: 0; min-height: 0; color: var(--cl-fg-muted); font-size: 12px; }
.cl-timeline { list-style: none; padding: 0; margin: 8px 0 0; display: grid; gap: 6px; }
.cl-entry { border-left: 3px solid var(--cl-border); padding: 2px 8px; }
.cl-entry--note { border-left-color: var(--cl-accent); }
.cl-entry--detail { border-left-color: var(--cl-info); }
.cl-entry--promise { border-left-color: var(--cl-warning); }
.cl-entry--overdue { border-left-color: var(--cl-error); background: var(--cl-error-fill); }
.cl-entry--overdue .cl-entry__label { color: var(--cl-error); font-weight: 700; }
.cl-entry--done .cl-entry__text { text-decoration: line-through; color: var(--cl-fg-muted); }
.cl-entry__meta { display: flex; justify-content: space-between; gap: 8px; font-size: 11px; color: var(--cl-fg-muted); }
.cl-entry__by { font-weight: 600; }
.cl-presence { list-style: none; margin: 4px 0; padding: 0; font-size: 12px; }
.cl-presence__item--replying { color: var(--cl-warning); font-weight: 700; }
.cl-presence__item--viewing, .cl-presence__item--viewed { color: var(--cl-fg-muted); }
.cl-chip__presence { font-weight: 700; }
.cl-chip__presence--replying { color: var(--cl-warning); }
.cl-confirm__quote { color: var(--cl-fg-muted); white-space: pre-wrap; overflow-wrap: anywhere; }
.cl-assign { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 6px 0; font-size: 12px; }
.cl-assign__owner { font-weight: 600; }
.cl-assign__actions { display: inline-flex; gap: 4px; flex-wrap: wrap; }
.cl-chip__assignee { color: var(--cl-fg-muted); }
.cl-now { display: flex; flex-direction: column; gap: 4px; margin: 6px 0; }
.cl-now ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 3px; }
.cl-now__promise { border-left: 3px solid var(--cl-warning); padding: 2px 6px; }
.cl-now__promise--overdue { border-left-color: var(--cl-error); background: var(--cl-error-fill); }
.cl-now__promise--overdue .cl-now__when { color: var(--cl-error); font-weight: 700; }
.cl-now__when { font-size: 11px; font-weight: 600; }
.cl-now__actions { display: inline-flex; gap: 4px; margin-left: 6px; }
.cl-now__actions button, .cl-now__details button { font-size: 11px; padding: 0 6px; }
.cl-now__value { font-weight: 600; }
.cl-kind-icon { vertical-align: -1px; fill: none; stroke: currentColor; stroke-width: 1.4; stroke-linecap: round; stroke-linejoin: round; }
.cl-unsynced { margin: 4px 0; font-size: 12px; color: var(--cl-warning); }
.cl-entry__text { white-space: pre-wrap; overflow-wrap: anywhere; }
.cl-overlay { position: absolute; inset: 0; pointer-events: none; }
.cl-hl { position: absolute; border-bottom: 2px solid; border-radius: 2px; pointer-events: none; }
.cl-hl--error { background: var(--cl-error-fill); border-color: var(--cl-error); }
.cl-hl--warning { background: var(--cl-warning-fill); border-color: var(--cl-warning); }
.cl-hl--info { background: var(--cl-info-fill); border-color: var(--cl-info); }
.cl-lint { margin: 6px 0; padding: 8px 10px; border: 1px solid var(--cl-border); border-radius: 12px; background: var(--cl-bg); box-sizing: border-box; max-width: 100%; min-width: 0; overflow-wrap: anywhere; }
.cl-lint button { white-space: normal; max-width: 100%; text-align: start; }
.cl-rule { border-left: 3px solid var(--cl-border); padding-left: 8px; min-width: 0; }
.cl-rule__head { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; font-size: 12px; }
.cl-rule__head .cl-secondary { margin-left: auto; border-color: transparent; background: transparent; color: var(--cl-fg-muted); text-decoration: underline; font-size: 12px; padding: 0 4px; }
.cl-rule__findings { list-style: none; padding: 0; margin: 2px 0 0; display: grid; gap: 4px; }
.cl-rule__findings .cl-finding { border-left: 0; padding-left: 0; }
.cl-lint__title { font-size: 13px; margin: 0 0 4px; font-weight: 700; }
.cl-lint__list { list-style: none; padding: 0; margin: 0; display: grid; gap: 6px; }
.cl-finding { border-left: 3px solid var(--cl-border); padding-left: 8px; }
.cl-finding--error { border-left-color: var(--cl-error); }
.cl-finding--warning { border-left-color: var(--cl-warning); }
.cl-finding--info { border-left-color: var(--cl-info); }
.cl-finding__head { display: flex; gap: 6px; align-items: baseline; }
.cl-sev { font-size: 10px; text-transform: uppercase; font-weight: 700; }
.cl-sev--error { color: var(--cl-error); } .cl-sev--warning { color: var(--cl-warning); } .cl-sev--info { color: var(--cl-info); }
.cl-finding__quote { display: block; color: var(--cl-fg-muted); font-size: 12px; }
.cl-finding__actions { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 2px; font-size: 12px; }
.cl-finding__actions button { font-size: 12px; padding: 0 8px; }
.cl-confirm { margin: 6px 0; padding: 10px; border: 2px solid var(--cl-error); border-radius: 12px; background: var(--cl-bg); }
.cl-notice { position: fixed; z-index: 2147483000; bottom: 16px; left: 16px; max-width: 360px; display: flex; gap: 8px; align-items: start; background: var(--cl-bg); border: 1px solid var(--cl-warning); border-radius: 12px; padding: 10px 12px; box-shadow: var(--cl-shadow); }
`;
