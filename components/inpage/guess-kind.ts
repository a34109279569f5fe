import type { DetailKind } from '../../lib/lint/types';

/**
 * Pre-guess the kind of a known detail from text the agent selected in a tweet.
 * Only a guess for the form's select: the agent can change it before saving.
 */
export function guessDetailKind(text: string): DetailKind {
  const t = text.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) return 'email';
  const digits = t.replace(/\D/g, '');
  if (/^\+?[\d\s().-]{7,}$/.test(t) && digits.length >= 7 && digits.length <= 15) return 'phone';
  if (/\b(order|ord|#)\s*[:#]?\s*[A-Z0-9-]{4,}/i.test(t)) return 'order';
  if (/\b(acct|account|customer)\s*(no\.?|number|#|id)?\s*[:#]?\s*[A-Z0-9-]{4,}/i.test(t)) return 'account';
  if (/\b(iphone|ipad|android|pixel|galaxy|macbook|router|modem|laptop|xbox|playstation|ps5|kindle|tv)\b/i.test(t)) return 'device';
  if (/\b(appointment|booked|booking|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,2}(:\d{2})?\s*(am|pm))\b/i.test(t)) return 'appointment';
  if (/\d+\s+\w+\s+(st|street|ave|avenue|rd|road|blvd|lane|ln|dr|drive|way)\b/i.test(t)) return 'address';
  if (/^[A-Z0-9-]{5,}$/i.test(t) && /\d/.test(t)) return 'account';
  if (/\b(in|near|at)\s+[A-Z][a-z]+/.test(t) || /^[A-Z][a-z]+(,\s*[A-Z]{2})?$/.test(t)) return 'location';
  return 'other';
}
