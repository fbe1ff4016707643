import { describe, expect, it } from 'vitest';
import { findRoute, responseContractViolations } from '../../support/response-contract';

const json = (status: number, body: unknown) => ({
  status,
  headers: new Headers({ 'content-type': 'application/json; charset=utf-8' }),
  body,
  text: JSON.stringify(body),
});
const errorBody = { error: { code: 'NOT_FOUND', message: 'Order not found' }, requestId: 'r-1' };
const ban = { userId: 'u-1', until: null, reason: null };

describe('the e2e response contract check', () => {
  it('finds the route by method and path template, literal segments first', () => {
    expect(findRoute('GET', '/v1/orders/01ABC?x=1')?.id).toBe('getOrder');
    expect(findRoute('DELETE', '/v1/seller/pins/current')?.id).toBe('deleteCurrentPin');
    expect(findRoute('PUT', '/v1/orders/01ABC')).toBeUndefined();
  });

  it('accepts a declared status whose body matches its schema', () => {
    expect(responseContractViolations('POST', '/v1/seller/chat/bans', json(201, ban))).toEqual([]);
    expect(responseContractViolations('GET', '/v1/orders/o-1', json(404, errorBody))).toEqual([]);
    expect(responseContractViolations('DELETE', '/v1/seller/pins/current', { status: 204, headers: new Headers(), body: undefined, text: '' })).toEqual([]);
  });

  it('rejects a status the route does not declare', () => {
    expect(responseContractViolations('GET', '/v1/orders/o-1', json(409, errorBody))).toEqual(['status 409 is not declared by getOrder']);
  });

  it('rejects a missing field and a field the schema does not declare', () => {
    expect(responseContractViolations('POST', '/v1/seller/chat/bans', json(201, { userId: 'u-1', until: null }))).toEqual([
      'body.reason: Invalid input: expected string, received undefined',
    ]);
    expect(responseContractViolations('POST', '/v1/seller/chat/bans', json(201, { ...ban, createdAt: 'now' }))).toEqual([
      'body.createdAt is not declared',
    ]);
  });

  it('rejects an error status without the error envelope, and a media type the route does not declare', () => {
    expect(responseContractViolations('GET', '/v1/orders/o-1', json(404, { message: 'nope' }))).not.toEqual([]);
    const html = { status: 200, headers: new Headers({ 'content-type': 'text/html' }), body: '<p>', text: '<p>' };
    expect(responseContractViolations('GET', '/v1/health', html)).toEqual(['media type "text/html" is not declared by health for 200 (application/json)']);
    expect(responseContractViolations('GET', '/v1/reports/county-sales?date=2026-11-27&format=html', html)).toEqual([]);
  });

  it('holds an unknown /v1 route to the 404 envelope and leaves local routes alone', () => {
    expect(responseContractViolations('GET', '/v1/nothing-here', json(404, errorBody))).toEqual([]);
    expect(responseContractViolations('GET', '/v1/nothing-here', json(200, {}))).toEqual(['no route: expected 404, got 200']);
    expect(responseContractViolations('GET', '/_local/queues', json(200, { anything: true }))).toEqual([]);
  });
});
