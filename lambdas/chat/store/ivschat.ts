import { z } from 'zod';
import { CreateChatTokenCommand, DisconnectUserCommand } from '@aws-sdk/client-ivschat';
import { ivschatClient } from '../../core/aws/ivschat';
import { readEnv } from '../../core/env';
import { callIvs } from '../../catalog/store/ivs-errors';
import type { ChatCapability } from '../domain/capabilities';

/** The stage's chat session length (lib/config.ts `ivs.chatTokenSessionMinutes`), set by CDK and locally. */
const env = readEnv({ CHAT_TOKEN_SESSION_MINUTES: z.coerce.number().int().min(1).max(180) });

export interface IssuedToken {
  token: string;
  tokenExpirationTime: string;
  sessionExpirationTime: string;
}

/** The token is a secret of its user: returned to them, never logged (callIvs logs only safe context). */
export async function createChatToken(roomArn: string, userId: string, capabilities: ChatCapability[]): Promise<IssuedToken> {
  const response = await callIvs('CreateChatToken', roomArn, () =>
    ivschatClient.send(
      new CreateChatTokenCommand({
        roomIdentifier: roomArn,
        userId,
        capabilities,
        sessionDurationInMinutes: env.CHAT_TOKEN_SESSION_MINUTES,
      }),
    ),
  );
  if (!response.token || !response.tokenExpirationTime || !response.sessionExpirationTime) {
    throw new Error('CreateChatToken returned an incomplete token');
  }
  return {
    token: response.token,
    tokenExpirationTime: response.tokenExpirationTime.toISOString(),
    sessionExpirationTime: response.sessionExpirationTime.toISOString(),
  };
}

export async function disconnectUser(roomArn: string, userId: string, reason: string): Promise<void> {
  await callIvs('DisconnectUser', roomArn, () =>
    ivschatClient.send(new DisconnectUserCommand({ roomIdentifier: roomArn, userId, reason })),
  );
}
