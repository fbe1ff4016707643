import { z } from 'zod';
import { paginationQuery, text } from '../core/http/schemas';
import { normaliseCnMobile } from '../catalog/domain/profile';
import { countyCode } from '../catalog/schemas';
import { applicationStatuses } from './model';

/** zod schemas of the account routes (seller onboarding). */

const cnMobile = z
  .string()
  .max(20)
  .transform((value, context) => {
    const phone = normaliseCnMobile(value);
    if (!phone) context.addIssue({ code: 'custom', message: 'A mainland China mobile number' });
    return phone ?? value;
  });

export const applicationBody = z.object({
  displayName: text({ min: 1, max: 60 }),
  countyCode,
  /** The 12-digit GB/T 2260 code of the village or community; only its format is checked here. */
  villageCode: z.string().regex(/^\d{12}$/, 'A 12-digit GB/T 2260 village code').optional(),
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
