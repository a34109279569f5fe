import type { Rule } from '../types';

/** The built-in care rules, in documentation order. */
export const builtinRules: Rule[] = [];
