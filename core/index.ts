/**
 * twinleg core: the vocabulary every layer shares. Imports nothing of ours.
 * @packageDocumentation
 */
export * from './money.js';
export * from './market.js';
export * from './request.js';
export * from './order.js';
export * from './outcomeCheck.js';
export * from './untrusted.js';
export * from './verdictCheck.js';
export * from './holdings.js';
export * from './holdingsCheck.js';
export * from './pnl.js';
export * from './lifecycle.js';
export * from './fill.js';
export * from './result.js';
export * from './legs.js';
export * from './fees.js';
export * from './polyPrecision.js';
export * from './profit.js';
export * from './errors.js';
export * from './ports.js';
export * from './config.js';
export * from './validate.js';
export * from './resume.js';
export * from './bookLadder.js';
export * from './book.js';
export * from './bookVenues.js';
export * from './bookStore.js';
export * from './bookMath.js';
export * from './bookArb.js';
