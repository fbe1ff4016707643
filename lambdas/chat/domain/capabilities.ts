/** IVS Chat token capabilities (the SDK's ChatTokenCapability values). */
export type ChatCapability = 'SEND_MESSAGE' | 'DELETE_MESSAGE' | 'DISCONNECT_USER';

/**
 * Decided from who is asking and whose room it is, never from the request: everyone may send, and only
 * the room's own seller also moderates (deletes messages, disconnects users).
 */
export function chatCapabilities(callerId: string, roomSellerId: string): ChatCapability[] {
  return callerId === roomSellerId ? ['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER'] : ['SEND_MESSAGE'];
}
