import { chatEventId, chatToken } from './ids';
import type { ChatCapability } from './model';

/** A chat token as issued, kept (secret included) so tests and the local runtime can inspect it. */
export interface IssuedChatToken {
  roomArn: string;
  userId: string;
  capabilities: ChatCapability[];
  attributes: Record<string, string>;
  sessionDurationInMinutes: number;
  token: string;
  issuedAt: string;
  tokenExpirationTime: string;
  sessionExpirationTime: string;
}

export interface UserDisconnect {
  roomArn: string;
  userId: string;
  reason?: string;
  at: string;
}

export interface SentChatEvent {
  roomArn: string;
  eventName: string;
  attributes: Record<string, string>;
  id: string;
  at: string;
}

export interface TokenRequest {
  userId: string;
  capabilities?: ChatCapability[];
  sessionDurationInMinutes?: number;
  attributes?: Record<string, string>;
}

const TOKEN_LIFETIME_MS = 60_000;
export const DEFAULT_SESSION_MINUTES = 60;

/** The data-plane side of IVS Chat as seen from the control plane: tokens, disconnects, events. */
export class ChatSessions {
  private readonly tokens: IssuedChatToken[] = [];
  private readonly disconnectLog: UserDisconnect[] = [];
  private readonly eventLog: SentChatEvent[] = [];

  issueToken(roomArn: string, request: TokenRequest): IssuedChatToken {
    const issuedAt = new Date();
    const sessionDurationInMinutes = request.sessionDurationInMinutes ?? DEFAULT_SESSION_MINUTES;
    const issued: IssuedChatToken = {
      roomArn,
      userId: request.userId,
      capabilities: [...(request.capabilities ?? [])],
      attributes: { ...(request.attributes ?? {}) },
      sessionDurationInMinutes,
      token: chatToken(),
      issuedAt: issuedAt.toISOString(),
      tokenExpirationTime: new Date(issuedAt.getTime() + TOKEN_LIFETIME_MS).toISOString(),
      sessionExpirationTime: new Date(issuedAt.getTime() + sessionDurationInMinutes * 60_000).toISOString(),
    };
    this.tokens.push(issued);
    return issued;
  }

  tokensIssued(roomArn: string): IssuedChatToken[] {
    return this.tokens.filter((token) => token.roomArn === roomArn);
  }

  latestTokenFor(roomArn: string, userId: string): IssuedChatToken | undefined {
    return this.tokensIssued(roomArn).findLast((token) => token.userId === userId);
  }

  disconnect(roomArn: string, userId: string, reason?: string): void {
    const at = new Date().toISOString();
    this.disconnectLog.push({ roomArn, userId, ...(reason === undefined ? {} : { reason }), at });
  }

  disconnects(roomArn: string): UserDisconnect[] {
    return this.disconnectLog.filter((entry) => entry.roomArn === roomArn);
  }

  sendEvent(roomArn: string, eventName: string, attributes: Record<string, string>): string {
    const id = chatEventId();
    this.eventLog.push({ roomArn, eventName, attributes: { ...attributes }, id, at: new Date().toISOString() });
    return id;
  }

  eventsSent(roomArn: string): SentChatEvent[] {
    return this.eventLog.filter((entry) => entry.roomArn === roomArn);
  }
}
