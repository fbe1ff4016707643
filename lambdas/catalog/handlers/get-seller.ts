import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import * as villages from '../../core/villages/lookup';
import { getSellerRoute } from '../routes';
import * as profiles from '../store/profiles';
import { publicSeller, type ProfileDeps } from '../use-cases/profiles';

const deps: ProfileDeps = { profiles, villages };

export const handler = httpHandler(getSellerRoute, async ({ params }) => ok(await publicSeller(deps, params.sellerId)));
