import type { SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import type { FulfilmentStep } from '../../lambdas/fulfilment/handler';
import { fulfilmentMessageSchema } from '../../lambdas/orders/outbox';

export const faultsSchema = z.object({
  /** Faults apply only to this seller's orders, so other tests sharing the runtime are unaffected. */
  sellerId: z.string().min(1),
  /** Every n-th first delivery fails: alternately before the step runs and after it committed (a lost ack). */
  failFirstDeliveryEvery: z.number().int().min(1).optional(),
  /** These orders fail on every delivery until the faults are cleared: they end in the DLQ. */
  poisonOrderIds: z.array(z.string()).default([]),
});
export type FulfilmentFaults = z.infer<typeof faultsSchema>;

const injectedFault = z.enum(['poison', 'before-processing', 'after-processing']);
type InjectedFault = z.infer<typeof injectedFault>;

/**
 * The record attribute that carries a fault from the event source to the function. Faults are decided
 * in the runtime's process (one count of first deliveries across every instance of the function) and
 * applied inside the function's own thread by `withInjectedFaults`.
 */
export const INJECTED_FAULT_ATTRIBUTE = 'village-live.local.injected-fault';

/** Test-only fault injection around the worker's step (the handler, batch processor and store stay real). */
export class FaultInjector {
  private faults: FulfilmentFaults | undefined;
  private firstDeliveries = 0;

  set(faults: FulfilmentFaults) {
    this.faults = faults;
    this.firstDeliveries = 0;
  }

  clear() {
    this.faults = undefined;
  }

  /** `record` as the function receives it: tagged with its fault, if it gets one. Call in delivery order. */
  tag(record: SQSRecord): SQSRecord {
    const fault = this.faultFor(record);
    if (!fault) return record;
    return { ...record, messageAttributes: { ...record.messageAttributes, [INJECTED_FAULT_ATTRIBUTE]: { dataType: 'String', stringValue: fault } } };
  }

  private faultFor(record: SQSRecord): InjectedFault | undefined {
    const faults = this.faults;
    const message = parseMessage(record.body);
    if (!faults || !message || message.sellerId !== faults.sellerId) return undefined;
    if (faults.poisonOrderIds.includes(message.orderId)) return 'poison';
    if (!faults.failFirstDeliveryEvery || record.attributes.ApproximateReceiveCount !== '1') return undefined;
    const index = this.firstDeliveries++;
    if (index % faults.failFirstDeliveryEvery !== 0) return undefined;
    return (index / faults.failFirstDeliveryEvery) % 2 === 0 ? 'before-processing' : 'after-processing';
  }
}

/** A body the worker would reject never reaches its step, so it gets no fault. */
function parseMessage(body: string) {
  try {
    return fulfilmentMessageSchema.safeParse(JSON.parse(body)).data;
  } catch {
    return undefined;
  }
}

/** Inside the function: the step, failing as the record's injected fault says (records without one run as deployed). */
export function withInjectedFaults(step: FulfilmentStep): FulfilmentStep {
  return async (message, record) => {
    const fault = injectedFault.safeParse(record.messageAttributes[INJECTED_FAULT_ATTRIBUTE]?.stringValue).data;
    if (fault === 'poison') throw new Error(`Injected fault: poison message for ${message.orderId}`);
    if (fault === 'before-processing') throw new Error('Injected fault before processing');
    const result = await step(message, record);
    if (fault === 'after-processing') throw new Error('Injected fault after processing (acknowledgement lost)');
    return result;
  };
}
