import { createSign, createVerify } from 'node:crypto';

/**
 * Alipay's RSA2 (SHA256withRSA) signatures, written from Alipay's rules, not the SDK's code, so that a
 * real SDK accepting them says something:
 * - content to sign: the parameters sorted by name, `name=value` joined by `&`, raw values, empty ones left out;
 * - requests sign every parameter but `sign`; asynchronous notifications every one but `sign` and `sign_type`;
 * - a gateway response signs the exact JSON text of its `<method>_response` object.
 */
export function signContent(params: Readonly<Record<string, string>>, excluded: readonly string[]): string {
  return Object.keys(params)
    .filter((name) => !excluded.includes(name) && params[name] !== '')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
}

export const rsa2Sign = (content: string, privateKeyPem: string): string => createSign('RSA-SHA256').update(content, 'utf8').sign(privateKeyPem, 'base64');

export function rsa2Verify(content: string, signature: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
}

export const REQUEST_UNSIGNED = ['sign'] as const;
export const NOTIFY_UNSIGNED = ['sign', 'sign_type'] as const;

/** `{"alipay_trade_query_response":{…},"sign":"…"}`: the sign last, over the object's exact text. */
export function signedGatewayBody(responseKey: string, answer: Readonly<Record<string, unknown>>, alipayPrivateKey: string): string {
  const json = JSON.stringify(answer);
  return `{"${responseKey}":${json},"sign":"${rsa2Sign(json, alipayPrivateKey)}"}`;
}
