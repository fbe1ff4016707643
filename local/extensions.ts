import type { LocalExtension } from './extension';
import { alipayExtension } from './wiring/alipay';
import { accountsExtension } from './wiring/accounts';
import { chatExtension } from './wiring/chat';
import { fulfilmentQueueExtension } from './wiring/fulfilment-queue';
import { ivsExtension } from './wiring/ivs';
import { liveFanoutQueueExtension } from './wiring/live-fanout-queue';
import { orderSchedulesExtension } from './wiring/order-schedules';
import { ordersStreamExtension } from './wiring/orders-stream';
import { refundQueueExtension } from './wiring/refund-queue';
import { reportScheduleExtension } from './wiring/report-schedule';
import { tickerQueueExtension } from './wiring/ticker-queue';

/** The local wiring, in start order. Capabilities append theirs here. */
export function localExtensions(): LocalExtension[] {
  const ivs = ivsExtension();
  return [ivs, ordersStreamExtension(), fulfilmentQueueExtension(), refundQueueExtension(), reportScheduleExtension(), orderSchedulesExtension(), chatExtension(ivs), alipayExtension(), accountsExtension(), liveFanoutQueueExtension(), tickerQueueExtension()];
}
