import { applicationView, decide, submitApplication, type ApplicationInput, type Decision } from '../domain/application';
import type { ApplicationStatus } from '../model';
import type { Applications, UserGroups } from './ports';

export interface ApplicationDeps {
  applications: Applications;
  groups: UserGroups;
}

export async function apply({ applications }: Pick<ApplicationDeps, 'applications'>, userId: string, input: ApplicationInput, now = new Date()) {
  const application = submitApplication(userId, input, await applications.getApplication(userId), now);
  await applications.putSubmitted(application);
  return applicationView(application);
}

export async function listByStatus({ applications }: Pick<ApplicationDeps, 'applications'>, query: { status: ApplicationStatus; limit: number; cursor?: string | undefined }) {
  const page = await applications.listApplications(query.status, { limit: query.limit, cursor: query.cursor });
  return { items: page.items.map(applicationView), nextCursor: page.nextCursor };
}

/**
 * Approval joins the group first and records the decision after: a failure in between leaves the
 * application PENDING, and approving again (idempotent on both sides) completes it.
 */
export async function approve({ applications, groups }: ApplicationDeps, userId: string, by: string, now = new Date()) {
  const existing = await applications.getApplication(userId);
  const approved = decide(existing, { kind: 'approve' }, by, now);
  await groups.addToGroup(userId, 'sellers');
  if (existing && approved !== existing) await applications.putDecided(approved, existing);
  return applicationView(approved);
}

export async function reject({ applications }: Pick<ApplicationDeps, 'applications'>, userId: string, reason: string, by: string, now = new Date()) {
  const existing = await applications.getApplication(userId);
  const decision: Decision = { kind: 'reject', reason };
  const rejected = decide(existing, decision, by, now);
  if (existing) await applications.putDecided(rejected, existing);
  return applicationView(rejected);
}
