import { z } from 'zod';
import { paginationQuery, text } from '../core/http/schemas';
import { cnMobile, countyCode, villageCode } from '../catalog/schemas';
import { applicationStatuses } from './model';

/** zod schemas of the account routes (seller onboarding). */

export const applicationBody = z.object({
  displayName: text({ min: 1, max: 60 }),
  countyCode,
  /** The 12-digit GB/T 2260 code of the village or community; only its format is checked here. */
  villageCode: villageCode.optional(),
  phone: cnMobile,
});

export const applicationStatus = z.enum(applicationStatuses);

export const sellerApplication = z
  .object({
    userId: z.string(),
    displayName: z.string(),
    countyCode: z.string(),
    countyName: z.string().nullable(),
    provinceCode: z.string().nullable(),
    provinceName: z.string().nullable(),
    villageCode: z.string().nullable(),
    phone: z.string(),
    status: applicationStatus,
    reason: z.string().nullable(),
    submittedAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'SellerApplication' });

export const applicationsQuery = paginationQuery.extend({ status: applicationStatus.default('PENDING') });
export const applicationParams = z.object({ userId: z.string().min(1).max(128) });
export const rejectBody = z.object({ reason: text({ min: 1, max: 200 }) });
