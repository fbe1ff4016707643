import { httpHandler } from '../../core/http/handler';
import { ok } from '../../core/http/responses';
import { listLiveRoute } from '../routes';
import * as liveStatuses from '../store/live-status';
import * as pins from '../store/pins';
import { liveSellers, type LiveListDeps } from '../use-cases/live-list';

const deps: LiveListDeps = { liveStatuses, pins };

export const handler = httpHandler(listLiveRoute, async ({ query }) => ok(await liveSellers(deps, query)));
