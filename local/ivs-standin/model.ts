/**
 * The resources the stand-in keeps, in the wire shape the services return. Field names are tied to
 * the SDK's own model types, so a misspelt field fails the typecheck instead of reaching a client.
 */
import type { Channel, StreamKey, TranscodePreset } from '@aws-sdk/client-ivs';
import type { ChatTokenCapability, CreateRoomResponse, MessageReviewHandler } from '@aws-sdk/client-ivschat';

type Defined<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };

export type ChannelRecord = Defined<Omit<Channel, 'adConfigurationArn' | 'preset'>> & {
  /** Empty for BASIC and STANDARD channels, as AWS returns it. */
  preset: TranscodePreset | '';
};

export type StreamKeyRecord = Defined<StreamKey>;

export type RoomRecord = Defined<
  Omit<CreateRoomResponse, '$metadata' | 'createTime' | 'updateTime' | 'messageReviewHandler'>
> & {
  /** ISO-8601 on the wire (the model marks room times as date-time). */
  createTime: string;
  updateTime: string;
  messageReviewHandler?: Required<MessageReviewHandler>;
};

export type ChatCapability = ChatTokenCapability;
