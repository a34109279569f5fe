import type { Severity } from '../../lib/lint/types';

export interface HighlightBox {
  left: number;
  top: number;
  width: number;
  height: number;
  severity: Severity;
  rule: string;
}

/**
 * Highlights drawn over the composer, never inside it. Boxes are in the overlay's own coordinates
 * (the caller subtracts the overlay origin from client rects). Pointer events pass through to the editor.
 */
export function LintOverlay({ boxes }: { boxes: HighlightBox[] }) {
  return (
    <div className="cl-overlay" aria-hidden="true">
      {boxes.map((b, i) => (
        <div
          key={i}
          className={`cl-hl cl-hl--${b.severity}`}
          data-rule={b.rule}
          style={{ left: b.left, top: b.top, width: b.width, height: b.height }}
        />
      ))}
    </div>
  );
}

/** Turn client rects (from draftRangeRects) into overlay boxes relative to `origin`. Empty rects are dropped. */
export function toBoxes(
  items: Array<{ rects: ArrayLike<{ left: number; top: number; width: number; height: number }>; severity: Severity; rule: string }>,
  origin: { left: number; top: number },
): HighlightBox[] {
  const out: HighlightBox[] = [];
  for (const item of items) {
    for (let i = 0; i < item.rects.length; i++) {
      const r = item.rects[i]!;
      if (r.width <= 0 || r.height <= 0) continue;
      out.push({ left: r.left - origin.left, top: r.top - origin.top, width: r.width, height: r.height, severity: item.severity, rule: item.rule });
    }
  }
  return out;
}
