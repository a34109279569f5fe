/**
 * One schema for every time field (epoch milliseconds), everywhere: messages, backups, CSV, sync. Whole numbers
 * inside the JavaScript Date range only (a later one would be accepted as a number and then crash every
 * `new Date(t).toISOString()` that shows it). Pure.
 */
import { z } from 'zod';

/** The last instant a Date can hold: 8.64e15 ms, +275760-09-13. */
export const MAX_TIME = 8.64e15;

export const timeSchema = z
  .number({ error: 'a time is a number of epoch milliseconds' })
  .int('a time is whole epoch milliseconds')
  .nonnegative('a time must not be negative (before 1970)')
  .max(MAX_TIME, 'a time must be within the Date range (up to the year 275760)');

export function isTime(t: unknown): t is number {
  return typeof t === 'number' && Number.isInteger(t) && t >= 0 && t <= MAX_TIME;
}
