// The app schema's tables, by domain: one import for the code that queries them.

export * from './apiKeys.js';
export * from './app.js';
export * from './audit.js';
export * from './console.js';
export * from './deposits.js';
export * from './disputes.js';
export * from './idempotency.js';
export * from './keeper.js';
export * from './merchants.js';
export * from './paymentIntents.js';
export * from './payouts.js';
export * from './refunds.js';
export * from './webhooks.js';
