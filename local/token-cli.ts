import { parseArgs } from 'node:util';
import type { UserGroup } from '../lambdas/core/http/route';
import { parseGroupsClaim } from '../lambdas/core/http/caller';
import { loadOrCreateIssuer } from './local-issuer';
import { defaultDataDir, issuerKeyFile } from './paths';

const roleToGroup: Record<string, UserGroup> = { seller: 'sellers', buyer: 'buyers', ops: 'ops' };
const usage = 'usage: npm run token -- --sub ID [--role seller|buyer|ops[,…]] [--expires 1h] [--url http://127.0.0.1:3000]';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    role: { type: 'string' },
    expires: { type: 'string', default: '1h' },
    url: { type: 'string', default: process.env.VILLAGE_LIVE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    'data-dir': { type: 'string', default: defaultDataDir },
  },
});

const roles = (values.role ?? '').split(',').filter(Boolean);
const named = roles.map((role) => roleToGroup[role]);
if (!values.sub || named.some((group) => group === undefined)) {
  console.error(usage);
  process.exit(2);
}
if (!/^\d+[smhd]$/.test(values.expires)) {
  console.error(`--expires takes a number and a unit (s, m, h or d), e.g. 1h. ${usage}`);
  process.exit(2);
}

/** Without --role: the groups the running local runtime has for the user (as Cognito would put in the token). */
async function recordedGroups(sub: string): Promise<UserGroup[]> {
  const url = `${values.url.replace(/\/$/, '')}/_local/users/${encodeURIComponent(sub)}/groups`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    console.error(`No village-live runtime answers on ${values.url}: start one with \`npm start\`, pass --url, or give --role.`);
    process.exit(1);
  }
  if (!response.ok) {
    console.error(`${url} answered ${response.status}`);
    process.exit(1);
  }
  const body: unknown = await response.json();
  return parseGroupsClaim(typeof body === 'object' && body !== null && 'groups' in body ? body.groups : []);
}

const groups = roles.length > 0 ? named.filter((group): group is UserGroup => group !== undefined) : await recordedGroups(values.sub);
const issuer = await loadOrCreateIssuer(issuerKeyFile(values['data-dir']));
console.log(await issuer.sign({ sub: values.sub, groups, expiresIn: values.expires }));
