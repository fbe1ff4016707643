/**
 * One region's default quotas that the evening meets. `verified` says whether the figure was read on
 * the source page while writing docs/capacity.md (the rest are the commonly cited defaults: check them
 * in the Service Quotas console before filing).
 */
export interface Quota {
  value: number;
  unit: string;
  adjustable: boolean;
  source: string;
  verified: boolean;
}

const IVS = 'https://docs.aws.amazon.com/ivs/latest/LowLatencyUserGuide/service-quotas.html';
const IVS_CHAT = 'https://docs.aws.amazon.com/ivs/latest/ChatUserGuide/service-quotas.html';
const API_GATEWAY = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html';
const LAMBDA = 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html';
const DYNAMODB = 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html';

export const quotas = {
  ivsChannels: { value: 5000, unit: 'channels', adjustable: true, source: IVS, verified: false },
  ivsConcurrentStreams: { value: 100, unit: 'streams', adjustable: true, source: IVS, verified: false },
  ivsConcurrentViews: { value: 15000, unit: 'views', adjustable: true, source: IVS, verified: false },
  ivsCreateChannel: { value: 5, unit: 'TPS', adjustable: false, source: IVS, verified: true },
  ivsPutMetadataAccount: { value: 155, unit: 'TPS', adjustable: false, source: IVS, verified: true },
  ivsPutMetadataChannel: { value: 5, unit: 'TPS per channel', adjustable: false, source: IVS, verified: true },
  chatRooms: { value: 50000, unit: 'rooms', adjustable: true, source: IVS_CHAT, verified: false },
  chatConcurrentConnections: { value: 50000, unit: 'connections', adjustable: true, source: IVS_CHAT, verified: true },
  chatCreateChatToken: { value: 200, unit: 'TPS', adjustable: false, source: IVS_CHAT, verified: true },
  chatSendEvent: { value: 100, unit: 'TPS', adjustable: false, source: IVS_CHAT, verified: true },
  chatCreateRoom: { value: 5, unit: 'TPS', adjustable: false, source: IVS_CHAT, verified: true },
  apiGatewayAccountRps: { value: 10000, unit: 'requests/s', adjustable: true, source: API_GATEWAY, verified: true },
  apiGatewayAccountBurst: { value: 5000, unit: 'requests', adjustable: false, source: API_GATEWAY, verified: true },
  lambdaConcurrency: { value: 1000, unit: 'executions', adjustable: true, source: LAMBDA, verified: false },
  dynamoTableWriteUnits: { value: 40000, unit: 'WRU/s per table', adjustable: true, source: DYNAMODB, verified: false },
  dynamoPartitionWriteUnits: { value: 1000, unit: 'WCU/s per partition', adjustable: false, source: DYNAMODB, verified: false },
} as const satisfies Record<string, Quota>;

export type QuotaName = keyof typeof quotas;
