import { z } from 'zod';
import { InvalidAmountError, yuanToFen } from '../../lambdas/payments/money';
import type { AlipayStandInKeys } from './keys';
import { REQUEST_UNSIGNED, rsa2Verify, signContent } from './signing';
import { TradeBook, type GatewayAnswer } from './trade-book';

/** What one request to `gateway.do` gets: a signed JSON answer (API methods) or the cashier page (pay pages). */
export type GatewayOutcome = { kind: 'json'; responseKey: string; answer: GatewayAnswer } | { kind: 'page'; status: number; html: string };

const PAGE_METHODS: Readonly<Record<string, string>> = { 'alipay.trade.wap.pay': 'QUICK_WAP_WAY', 'alipay.trade.page.pay': 'FAST_INSTANT_TRADE_PAY' };

const payContent = z.object({ out_trade_no: z.string().min(1).max(64), total_amount: z.string(), subject: z.string().min(1).max(256), product_code: z.string() });
const tradeContent = z.object({ out_trade_no: z.string().min(1).max(64) });
const refundContent = tradeContent.extend({ out_request_no: z.string().min(1).max(64), refund_amount: z.string() });

const invalidArguments = (subCode: string, subMsg: string): GatewayAnswer => ({ code: '40002', msg: 'Invalid Arguments', sub_code: subCode, sub_msg: subMsg });

/**
 * Alipay's classic OpenAPI gateway, for the methods the product calls: checks the common parameters
 * and the app's RSA2 request signature as Alipay does, then applies the method to the trade book.
 */
export function handleGatewayRequest(params: Readonly<Record<string, string>>, book: TradeBook, keys: AlipayStandInKeys, now: number, defaultNotifyUrl: string | undefined): GatewayOutcome {
  const method = params.method ?? '';
  const pageProductCode = PAGE_METHODS[method];
  const respond = (answer: GatewayAnswer): GatewayOutcome =>
    pageProductCode ? page(answer.code === '10000' ? 200 : 400, answer) : { kind: 'json', responseKey: `${method.replaceAll('.', '_')}_response`, answer };

  if (params.app_id !== keys.appId) return respond(invalidArguments('isv.invalid-app-id', '无效的AppID参数'));
  if (params.sign_type !== 'RSA2') return respond(invalidArguments('isv.invalid-signature-type', '无效的签名类型'));
  if (!params.sign || !rsa2Verify(signContent(params, REQUEST_UNSIGNED), params.sign, keys.appPublicKey)) {
    return respond(invalidArguments('isv.invalid-signature', '验签出错'));
  }
  const content = bizContent(params.biz_content);
  if (!content) return respond(invalidArguments('isv.missing-biz-content', '缺少业务参数'));

  if (pageProductCode) {
    const request = payContent.safeParse(content);
    const totalFen = request.success ? amountFen(request.data.total_amount) : undefined;
    if (!request.success || totalFen === undefined || totalFen < 1) return respond(invalidArguments('isv.invalid-parameter', '参数无效'));
    const opened = book.open(
      { outTradeNo: request.data.out_trade_no, totalFen, subject: request.data.subject, productCode: request.data.product_code, notifyUrl: params.notify_url || defaultNotifyUrl },
      now,
    );
    return 'code' in opened ? respond(opened) : page(200, { code: '10000', msg: 'Success', out_trade_no: opened.outTradeNo, total_amount: request.data.total_amount });
  }

  switch (method) {
    case 'alipay.trade.query':
    case 'alipay.trade.close': {
      const request = tradeContent.safeParse(content);
      if (!request.success) return respond(invalidArguments('isv.missing-out-trade-no', '缺少商户订单号'));
      return respond(method === 'alipay.trade.query' ? book.query(request.data.out_trade_no) : book.close(request.data.out_trade_no));
    }
    case 'alipay.trade.refund': {
      const request = refundContent.safeParse(content);
      const refundFen = request.success ? amountFen(request.data.refund_amount) : undefined;
      if (!request.success || refundFen === undefined) return respond(invalidArguments('isv.invalid-parameter', '参数无效'));
      return respond(book.refund(request.data.out_trade_no, request.data.out_request_no, refundFen, now));
    }
    default:
      return { kind: 'json', responseKey: 'error_response', answer: invalidArguments('isv.invalid-method', `不存在的方法名 ${method}`) };
  }
}

function bizContent(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function amountFen(text: string): number | undefined {
  try {
    return yuanToFen(text);
  } catch (error) {
    if (error instanceof InvalidAmountError) return undefined;
    throw error;
  }
}

/** The cashier page a buyer's browser would see (the stand-in's: no payment form, paying is a control route). */
function page(status: number, answer: GatewayAnswer): GatewayOutcome {
  const text = Object.entries(answer)
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  return { kind: 'page', status, html: `<!doctype html><meta charset="utf-8"><title>Alipay stand-in cashier</title><h1>Alipay stand-in (local test double)</h1><dl>${text}</dl>` };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

