import type { GoLive } from '../../live/domain/notifications';
import type * as channelStore from '../store/channels';
import type * as chatRoomStore from '../store/chat-rooms';
import type * as countyChannelStore from '../store/county-channels';
import type * as ivsStore from '../store/ivs';
import type * as liveStatusStore from '../store/live-status';
import type * as pinStore from '../store/pins';
import type * as productStore from '../store/products';
import type * as profileStore from '../store/profiles';
import type * as villageLookup from '../../core/villages/lookup';

/**
 * What the catalog use cases need from the outside world. The handlers (composition roots) pass the
 * store modules; tests may pass fakes of the same shape.
 */
export type Profiles = Pick<typeof profileStore, 'getProfile' | 'putProfile'>;
export type Villages = Pick<typeof villageLookup, 'findVillage'>;
export type Channels = Pick<
  typeof channelStore,
  'getChannel' | 'claimChannel' | 'takeOverClaim' | 'releaseClaim' | 'recordIvsChannel' | 'completeChannel' | 'setStreamKeyArn' | 'sellerIdForChannel'
>;
export type ChatRooms = Pick<typeof chatRoomStore, 'createSellerRoom'>;
export type CountyChannels = Pick<typeof countyChannelStore, 'countyChannel' | 'countyChannelByArn' | 'allCountyChannels'>;
export type Ivs = Pick<typeof ivsStore, 'createSellerChannel' | 'currentStreamKey' | 'rotateStreamKey' | 'putMetadata' | 'getStream'>;
export type LiveStatuses = Pick<typeof liveStatusStore, 'getLiveStatus' | 'writeLiveStatus' | 'markAnnounced' | 'listLive'>;
/** A seller's new broadcast, announced once: the EventBridge event and the follower fan-out (lambdas/live/adapters/announcer.ts). */
export interface GoLiveAnnouncer {
  announce(goLive: GoLive): Promise<void>;
}
export type Pins = Pick<typeof pinStore, 'getCurrentPin' | 'currentPins' | 'changePin'>;
export type Products = Pick<
  typeof productStore,
  'createProduct' | 'getProduct' | 'readShards' | 'readStock' | 'updateProduct' | 'archiveProduct' | 'listSellerProducts' | 'listActiveProducts'
>;
