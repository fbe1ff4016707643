import { randomUUID } from 'node:crypto';
import { fenToYuan } from '../../lambdas/payments/money';
import { toAlipayTime } from '../../lambdas/payments/alipay/shanghai-time';
import { NOTIFY_UNSIGNED, rsa2Sign, signContent } from './signing';
import type { StandInTrade } from './trade-book';

/** Alipay's asynchronous `trade_status_sync` notification for a trade, signed as Alipay signs it. */
export function tradeNotification(trade: StandInTrade, appId: string, at: number, alipayPrivateKey: string): Record<string, string> {
  const amount = fenToYuan(trade.totalFen);
  const fields: Record<string, string> = {
    notify_time: toAlipayTime(at),
    notify_type: 'trade_status_sync',
    notify_id: randomUUID().replaceAll('-', ''),
    charset: 'utf-8',
    version: '1.0',
    sign_type: 'RSA2',
    app_id: appId,
    trade_no: trade.tradeNo,
    out_trade_no: trade.outTradeNo,
    trade_status: trade.status,
    total_amount: amount,
    subject: trade.subject,
    gmt_create: trade.gmtCreate,
    buyer_id: '2088000000000000',
    seller_id: '2088999999999999',
    ...(trade.gmtPayment ? { gmt_payment: trade.gmtPayment, receipt_amount: amount, buyer_pay_amount: amount, invoice_amount: amount } : {}),
    ...(trade.refundedFen > 0 ? { refund_fee: fenToYuan(trade.refundedFen) } : {}),
  };
  return { ...fields, sign: rsa2Sign(signContent(fields, NOTIFY_UNSIGNED), alipayPrivateKey) };
}

export type Delivery = { status: number; body: string } | { error: string };

/** One POST of the form, as Alipay makes it; the merchant must answer the plain text `success`. */
export async function deliver(url: string, fields: Readonly<Record<string, string>>, timeoutMs: number): Promise<Delivery> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams(fields).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export const acknowledged = (delivery: Delivery): boolean => 'status' in delivery && delivery.body.trim() === 'success';
