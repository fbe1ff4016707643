import { randomInt } from 'node:crypto';
import { fenToYuan } from '../../lambdas/payments/money';
import { toAlipayTime } from '../../lambdas/payments/alipay/shanghai-time';

export type StandInTradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';

export interface StandInTrade {
  readonly outTradeNo: string;
  readonly tradeNo: string;
  readonly totalFen: number;
  readonly subject: string;
  readonly productCode: string;
  /** The request's notify_url, when it gave one (else the stand-in's configured one is used). */
  readonly notifyUrl: string | undefined;
  /** Alipay time text, Asia/Shanghai. */
  readonly gmtCreate: string;
  status: StandInTradeStatus;
  gmtPayment?: string;
  refundedFen: number;
  /** out_request_no → refund amount: a repeated number returns the first answer and moves no money. */
  readonly refunds: Map<string, number>;
}

/** What a gateway method answers (before signing): Alipay's public fields, snake_case. */
export type GatewayAnswer = { code: string; msg: string; sub_code?: string; sub_msg?: string } & Record<string, string>;

const success = (fields: Record<string, string>): GatewayAnswer => ({ code: '10000', msg: 'Success', ...fields });
export const businessFailure = (subCode: string, subMsg: string): GatewayAnswer => ({ code: '40004', msg: 'Business Failed', sub_code: subCode, sub_msg: subMsg });
const notExist = () => businessFailure('ACQ.TRADE_NOT_EXIST', '交易不存在');

export class TradeClosedError extends Error {
  override readonly name = 'TradeClosedError';
}

/** The stand-in's trades, keyed by out_trade_no, with Alipay's rules for each method. In memory. */
export class TradeBook {
  readonly #trades = new Map<string, StandInTrade>();

  get(outTradeNo: string): StandInTrade | undefined {
    return this.#trades.get(outTradeNo);
  }

  /** The buyer opened the pay page (alipay.trade.wap.pay / page.pay): the trade exists from now on. */
  open(request: { outTradeNo: string; totalFen: number; subject: string; productCode: string; notifyUrl: string | undefined }, now: number): StandInTrade | GatewayAnswer {
    const existing = this.#trades.get(request.outTradeNo);
    if (existing) {
      if (existing.totalFen !== request.totalFen) return businessFailure('ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
      if (existing.status === 'TRADE_CLOSED') return businessFailure('ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
      return existing;
    }
    const trade: StandInTrade = {
      ...request,
      tradeNo: `${toAlipayTime(now).slice(0, 10).replaceAll('-', '')}22001${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e9)).padStart(9, '0')}`.slice(0, 28),
      gmtCreate: toAlipayTime(now),
      status: 'WAIT_BUYER_PAY',
      refundedFen: 0,
      refunds: new Map(),
    };
    this.#trades.set(trade.outTradeNo, trade);
    return trade;
  }

  /** The buyer paid. Paying a paid trade changes nothing; a closed one cannot be paid. */
  pay(outTradeNo: string, at: number): StandInTrade | undefined {
    const trade = this.#trades.get(outTradeNo);
    if (!trade) return undefined;
    if (trade.status === 'TRADE_CLOSED') throw new TradeClosedError(`Trade ${outTradeNo} is closed`);
    if (trade.status === 'WAIT_BUYER_PAY') {
      trade.status = 'TRADE_SUCCESS';
      trade.gmtPayment = toAlipayTime(at);
    }
    return trade;
  }

  query(outTradeNo: string): GatewayAnswer {
    const trade = this.#trades.get(outTradeNo);
    if (!trade) return notExist();
    return success({
      out_trade_no: trade.outTradeNo,
      trade_no: trade.tradeNo,
      trade_status: trade.status,
      total_amount: fenToYuan(trade.totalFen),
      ...(trade.gmtPayment ? { send_pay_date: trade.gmtPayment, buyer_pay_amount: fenToYuan(trade.totalFen), receipt_amount: fenToYuan(trade.totalFen) } : {}),
    });
  }

  close(outTradeNo: string): GatewayAnswer {
    const trade = this.#trades.get(outTradeNo);
    if (!trade) return notExist();
    if (trade.status !== 'WAIT_BUYER_PAY') return businessFailure('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    trade.status = 'TRADE_CLOSED';
    return success({ out_trade_no: trade.outTradeNo, trade_no: trade.tradeNo });
  }

  refund(outTradeNo: string, outRequestNo: string, amountFen: number, now: number): GatewayAnswer {
    const trade = this.#trades.get(outTradeNo);
    if (!trade) return notExist();
    const answer = (fundChange: 'Y' | 'N') =>
      success({ out_trade_no: trade.outTradeNo, trade_no: trade.tradeNo, refund_fee: fenToYuan(trade.refundedFen), fund_change: fundChange, gmt_refund_pay: toAlipayTime(now) });
    if (trade.refunds.has(outRequestNo)) return answer('N');
    if (trade.status !== 'TRADE_SUCCESS') return businessFailure('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    if (amountFen <= 0 || trade.refundedFen + amountFen > trade.totalFen) return businessFailure('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
    trade.refunds.set(outRequestNo, amountFen);
    trade.refundedFen += amountFen;
    // Fully refunded: Alipay closes the trade.
    if (trade.refundedFen === trade.totalFen) trade.status = 'TRADE_CLOSED';
    return answer('Y');
  }
}
