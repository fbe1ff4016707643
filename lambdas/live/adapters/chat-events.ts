import { SendEventCommand, type IvschatClient } from '@aws-sdk/client-ivschat';

/** The IVS Chat port of the sales ticker: an event to every viewer of a room. */
export interface ChatEvents {
  sendEvent(roomArn: string, eventName: string, attributes: Record<string, string>): Promise<void>;
}

/** IVS Chat SendEvent (100 TPS per account and region, not adjustable: see docs/capacity.md). */
export function ivsChatEvents(client: Pick<IvschatClient, 'send'>): ChatEvents {
  return {
    async sendEvent(roomArn, eventName, attributes) {
      await client.send(new SendEventCommand({ roomIdentifier: roomArn, eventName, attributes }));
    },
  };
}
