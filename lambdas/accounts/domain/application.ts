import { conflict, notFound } from '../../core/errors';
import { findCounty } from '../../core/counties';
import type { SellerApplicationItem } from '../model';

export interface ApplicationInput {
  displayName: string;
  countyCode: string;
  villageCode?: string | undefined;
  phone: string;
}

/**
 * A new application, or the one that replaces what the user applied before. A pending or rejected
 * application may be replaced (re-applying starts a new review); an approved one may not.
 */
export function submitApplication(userId: string, input: ApplicationInput, existing: SellerApplicationItem | undefined, now: Date): SellerApplicationItem {
  if (existing?.status === 'APPROVED') throw conflict('This account is already an approved seller');
  const { villageCode, ...fields } = input;
  return { userId, ...fields, ...(villageCode ? { villageCode } : {}), status: 'PENDING', submittedAt: now.toISOString() };
}

export type Decision = { kind: 'approve' } | { kind: 'reject'; reason: string };

/**
 * The application after ops' decision. Deciding the same way twice is idempotent (approving an
 * approved application, rejecting a rejected one); deciding the other way after a decision is a 409:
 * a rejected user applies again, an approved seller stays one.
 */
export function decide(existing: SellerApplicationItem | undefined, decision: Decision, by: string, now: Date): SellerApplicationItem {
  if (!existing) throw notFound('Seller application');
  const target = decision.kind === 'approve' ? 'APPROVED' : 'REJECTED';
  if (existing.status === target && decision.kind === 'approve') return existing;
  if (existing.status !== 'PENDING' && existing.status !== target) {
    throw conflict(`The application is already ${existing.status.toLowerCase()}`);
  }
  const { reason: _previous, ...rest } = existing;
  return {
    ...rest,
    status: target,
    ...(decision.kind === 'reject' ? { reason: decision.reason } : {}),
    decidedAt: existing.status === target && existing.decidedAt ? existing.decidedAt : now.toISOString(),
    decidedBy: by,
  };
}

export function applicationView(item: SellerApplicationItem) {
  const county = findCounty(item.countyCode);
  return {
    userId: item.userId,
    displayName: item.displayName,
    countyCode: item.countyCode,
    countyName: county?.countyName ?? null,
    provinceCode: county?.provinceCode ?? null,
    provinceName: county?.provinceName ?? null,
    villageCode: item.villageCode ?? null,
    phone: item.phone,
    status: item.status,
    reason: item.reason ?? null,
    submittedAt: item.submittedAt,
    decidedAt: item.decidedAt ?? null,
  };
}
