import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { countyChannelRoute } from '../routes';
import * as countyChannels from '../store/county-channels';
import * as liveStatuses from '../store/live-status';
import { countyChannelView, type CountyChannelDeps } from '../use-cases/live-list';

const deps: CountyChannelDeps = { countyChannels, liveStatuses };

export const handler = httpHandler(countyChannelRoute, async ({ params }) => ok(await countyChannelView(deps, params.countyCode)));
