/**
 * A local test double of the Amazon IVS and Amazon IVS Chat control planes, for `npm start` and the
 * tests. Never bundled into a Lambda. See local/README.md for what it does and does not do.
 */
export { startIvsStandIn } from './ivs-stand-in';
/** What the control methods throw (its `name` is the AWS error type, e.g. `ChannelNotBroadcasting`). */
export { AwsServiceError } from './errors';
export type { StandInClock } from './clock';
export type { ChannelDeclaration, IvsStandIn, RoomDeclaration, StartIvsStandInOptions } from './ivs-stand-in';
export type {
  IvsRecordingStateChangeDetail,
  IvsRecordingStateChangeEvent,
  IvsStreamStateChangeDetail,
  IvsStreamStateChangeEvent,
  RecordingStatus,
  StreamStateEventName,
} from './stream-state-event';
export type { TimedMetadataEntry } from './ivs-streams';
export type { IssuedChatToken, SentChatEvent, UserDisconnect } from './chat-sessions';
export type {
  ChatMessageReviewEvent,
  ChatMessageReviewResponse,
  OutgoingMessage,
  ReviewDecider,
  ReviewedMessage,
  ReviewHandler,
} from './message-review';
export type { ChannelRecord, RoomRecord, StreamKeyRecord } from './model';
