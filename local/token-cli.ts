import { parseArgs } from 'node:util';
import type { UserGroup } from '../lambdas/core/http/route';
import { loadOrCreateIssuer } from './local-issuer';
import { defaultDataDir, issuerKeyFile } from './paths';

const roleToGroup: Record<string, UserGroup> = { seller: 'sellers', buyer: 'buyers', ops: 'ops' };
const usage = 'usage: npm run token -- --sub ID --role seller|buyer|ops[,…] [--expires 1h]';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    role: { type: 'string' },
    expires: { type: 'string', default: '1h' },
    'data-dir': { type: 'string', default: defaultDataDir },
  },
});

const roles = (values.role ?? '').split(',').filter(Boolean);
const groups = roles.map((role) => roleToGroup[role]);
if (!values.sub || roles.length === 0 || groups.some((group) => group === undefined)) {
  console.error(usage);
  process.exit(2);
}
if (!/^\d+[smhd]$/.test(values.expires)) {
  console.error(`--expires takes a number and a unit (s, m, h or d), e.g. 1h. ${usage}`);
  process.exit(2);
}

const issuer = await loadOrCreateIssuer(issuerKeyFile(values['data-dir']));
console.log(await issuer.sign({ sub: values.sub, groups: groups as UserGroup[], expiresIn: values.expires }));
