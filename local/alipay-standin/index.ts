/**
 * A local test double of Alipay's OpenAPI gateway (and of Secrets Manager's GetSecretValue for the
 * local stage's Alipay secret), for `npm start` and the tests. Never bundled into a Lambda.
 * See local/README.md for what it does and does not do.
 */
export { startAlipayStandIn, GATEWAY_PATH } from './alipay-stand-in';
export type { AlipayStandIn, PayOutcome, StandInTradeView, StartAlipayStandInOptions } from './alipay-stand-in';
export { alipayFaultsSchema, API_METHODS } from './faults';
export type { AlipayFaults, AlipayFaultsInput } from './faults';
export { generateStandInKeys, loadOrCreateStandInKeys, type AlipayStandInKeys } from './keys';
export { tradeNotification, type Delivery } from './notifications';
