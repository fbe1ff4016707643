import { z } from 'zod';

export const paymentSchema = z
  .object({
    paymentId: z.string(),
    orderId: z.string(),
    provider: z.literal('alipay'),
    amountFen: z.number().int(),
    payUrl: z.string().meta({ description: "The provider's pay page for this order" }),
    expiresAt: z.string().meta({ description: "The order's payBy: the provider stops accepting money for it then" }),
  })
  .meta({ id: 'Payment' });

/** An asynchronous notification's fields as the provider posts them (form-encoded); trusted only once verified. */
export const notificationFields = z.record(z.string(), z.string());

export const NOTIFY_SUCCESS = 'success';
export const NOTIFY_FAIL = 'fail';
