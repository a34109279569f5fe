import type { Rule } from '../types';
import { deflectToPhone } from './deflect-to-phone';
import { replyToJoke } from './reply-to-joke';
import { asksKnownDetail } from './asks-known-detail';
import { ignoresDetails } from './ignores-details';
import { repeatsEarlierReply } from './repeats-earlier-reply';
import { deadEnd } from './dead-end';
import { blamesCustomer } from './blames-customer';
import { movesOffline } from './moves-offline';
import { tooLong } from './too-long';

export { deflectToPhone, replyToJoke, asksKnownDetail, ignoresDetails, repeatsEarlierReply, deadEnd, blamesCustomer, movesOffline, tooLong };
export { jokeVerdict } from './reply-to-joke';

/** The built-in care rules, in documentation order. */
export const builtinRules: Rule[] = [
  deflectToPhone,
  replyToJoke,
  asksKnownDetail,
  ignoresDetails,
  repeatsEarlierReply,
  deadEnd,
  blamesCustomer,
  movesOffline,
  tooLong,
] as Rule[];
