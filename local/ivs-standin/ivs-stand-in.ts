import type { AccountScope } from './account-scope';
import { chatOperations } from './chat-operations';
import { ChatRooms, type RoomInput } from './chat-rooms';
import { ChatSessions, type IssuedChatToken, type SentChatEvent, type UserDisconnect } from './chat-sessions';
import { systemClock, type StandInClock } from './clock';
import { serveRestJson } from './http-server';
import { IvsChannels, type CreateChannelInput } from './ivs-channels';
import { ivsOperations } from './ivs-operations';
import { IvsStreams, type TimedMetadataEntry } from './ivs-streams';
import { reviewChatMessage, type OutgoingMessage, type ReviewedMessage, type ReviewHandler } from './message-review';
import type { ChannelRecord, RoomRecord, StreamKeyRecord } from './model';
import type { IvsRecordingStateChangeEvent, IvsStreamStateChangeEvent } from './stream-state-event';

export interface ChannelDeclaration extends CreateChannelInput {
  name: string;
}

export interface RoomDeclaration extends RoomInput {
  name: string;
}

export interface StartIvsStandInOptions {
  /** Default `us-east-1`. */
  region?: string;
  /** Default `123456789012`. */
  accountId?: string;
  host?: '127.0.0.1';
  /** Default 0 (any free port). */
  port?: number;
  /** The function behind a room's `messageReviewHandler.uri` (a Lambda ARN); undefined counts as an invocation error. */
  resolveReviewHandler: (lambdaArn: string) => ReviewHandler | undefined;
  /** IVS Chat's hard limit for a review handler; default 200. */
  reviewTimeoutMs?: number;
  /** What the PutMetadata rate limit and the review deadline measure time with; default the real one. */
  clock?: StandInClock;
  /** Receives every Stream Start / Stream End. */
  onStreamStateChange?: (event: IvsStreamStateChangeEvent) => void;
  /** Receives Recording Start / Recording End of channels created with a recording configuration. */
  onRecordingStateChange?: (event: IvsRecordingStateChangeEvent) => void;
  /** The bucket named in recording events; default `village-live-local-recordings`. */
  recordingBucketName?: string;
  /** Channels and rooms to have in place at start (matched by name; created only when missing). */
  declarations?: { channels?: readonly ChannelDeclaration[]; rooms?: readonly RoomDeclaration[] };
}

export interface IvsStandIn {
  /** Give this to IvsClient and IvschatClient as `endpoint`. */
  readonly url: string;
  readonly region: string;
  readonly accountId: string;
  stop(): Promise<void>;

  /** An encoder went live on the channel (with `streamKey`, only the current key is accepted). */
  startStream(channelArn: string, options?: { streamKey?: string }): IvsStreamStateChangeEvent;
  /** The encoder disconnected. */
  endStream(channelArn: string): IvsStreamStateChangeEvent;
  /** A recording started or ended by hand (Recording Start / Recording End), delivered to onRecordingStateChange. */
  recordingEvent(channelArn: string, status: 'Recording Start' | 'Recording End'): IvsRecordingStateChangeEvent;
  /** Timed metadata put on the channel, oldest first. */
  metadataFor(channelArn: string): TimedMetadataEntry[];
  /** Channels carrying this tag, oldest first. */
  channelsByTag(key: string, value: string): ChannelRecord[];
  /** Idempotent by name: the existing channel (given a stream key if it has none), or a new one. */
  ensureChannel(declaration: ChannelDeclaration): { channel: ChannelRecord; streamKey: StreamKeyRecord };

  /** Rooms carrying this tag, oldest first. */
  roomsByTag(key: string, value: string): RoomRecord[];
  /** Idempotent by name: the existing room as it is, or a new one. */
  ensureRoom(declaration: RoomDeclaration): RoomRecord;
  tokensIssued(roomArn: string): IssuedChatToken[];
  disconnects(roomArn: string): UserDisconnect[];
  eventsSent(roomArn: string): SentChatEvent[];
  /** A chat client sent a message: runs the room's review handler as IVS Chat would, and says what viewers get. */
  reviewMessage(roomArn: string, message: OutgoingMessage): Promise<ReviewedMessage>;
}

export async function startIvsStandIn(options: StartIvsStandInOptions): Promise<IvsStandIn> {
  const scope: AccountScope = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012' };
  const channels = new IvsChannels(scope);
  const clock = options.clock ?? systemClock;
  const streams = new IvsStreams(
    scope,
    channels,
    {
      onStreamStateChange: (event) => options.onStreamStateChange?.(structuredClone(event)),
      onRecordingStateChange: (event) => options.onRecordingStateChange?.(structuredClone(event)),
      recordingBucketName: options.recordingBucketName ?? 'village-live-local-recordings',
    },
    clock,
  );
  const rooms = new ChatRooms(scope);
  const sessions = new ChatSessions();
  const reviewTimeoutMs = options.reviewTimeoutMs ?? 200;

  const ensureChannel = (declaration: ChannelDeclaration) => {
    const existing = channels.findChannelByName(declaration.name);
    if (!existing) return channels.createChannel(declaration);
    const [streamKey] = channels.listStreamKeys(existing.arn);
    return { channel: existing, streamKey: streamKey ?? channels.createStreamKey(existing.arn) };
  };
  const ensureRoom = (declaration: RoomDeclaration) => rooms.findByName(declaration.name) ?? rooms.create(declaration);

  for (const declaration of options.declarations?.channels ?? []) ensureChannel(declaration);
  for (const declaration of options.declarations?.rooms ?? []) ensureRoom(declaration);

  const server = await serveRestJson(
    { ...ivsOperations(channels, streams), ...chatOperations(rooms, sessions) },
    options.host ?? '127.0.0.1',
    options.port ?? 0,
  );

  return {
    url: server.url,
    region: scope.region,
    accountId: scope.accountId,
    stop: () => server.close(),
    startStream: (channelArn, startOptions) => streams.start(channelArn, startOptions?.streamKey),
    endStream: (channelArn) => streams.end(channelArn),
    recordingEvent: (channelArn, status) => streams.recordingEvent(channelArn, status),
    metadataFor: (channelArn) => structuredClone(streams.metadataFor(channelArn)),
    channelsByTag: (key, value) => structuredClone(channels.channelsByTag(key, value)),
    ensureChannel: (declaration) => structuredClone(ensureChannel(declaration)),
    roomsByTag: (key, value) => structuredClone(rooms.roomsByTag(key, value)),
    ensureRoom: (declaration) => structuredClone(ensureRoom(declaration)),
    tokensIssued: (roomArn) => structuredClone(sessions.tokensIssued(roomArn)),
    disconnects: (roomArn) => structuredClone(sessions.disconnects(roomArn)),
    eventsSent: (roomArn) => structuredClone(sessions.eventsSent(roomArn)),
    reviewMessage: async (roomArn, message) =>
      await reviewChatMessage(message, {
        room: structuredClone(rooms.get(roomArn)),
        senderAttributes: sessions.latestTokenFor(roomArn, message.userId)?.attributes ?? {},
        resolveHandler: options.resolveReviewHandler,
        timeoutMs: reviewTimeoutMs,
        clock,
      }),
  };
}
