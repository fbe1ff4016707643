import { describe, expect, it } from 'vitest';
import { chatCapabilities } from '../../../lambdas/chat/domain/capabilities';

describe('chatCapabilities', () => {
  it("the room's own seller may send, delete messages and disconnect users", () => {
    expect(chatCapabilities('zhang', 'zhang')).toEqual(['SEND_MESSAGE', 'DELETE_MESSAGE', 'DISCONNECT_USER']);
  });

  it('anyone else may only send, another seller included', () => {
    expect(chatCapabilities('buyer-1', 'zhang')).toEqual(['SEND_MESSAGE']);
    expect(chatCapabilities('li', 'zhang')).toEqual(['SEND_MESSAGE']);
  });

  it('compares ids exactly', () => {
    expect(chatCapabilities('Zhang', 'zhang')).toEqual(['SEND_MESSAGE']);
    expect(chatCapabilities('zhang ', 'zhang')).toEqual(['SEND_MESSAGE']);
  });
});
