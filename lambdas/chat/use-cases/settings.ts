import { randomUUID } from 'node:crypto';
import type { ChatSettingsItem } from '../../catalog/model';
import { DEFAULT_CHAT_SETTINGS, tidyBlockedTerms, type ChatSettings } from '../domain/settings';
import { getSettings, putSettings } from '../store/chat-store';

export interface ChatSettingsView extends ChatSettings {
  updatedAt: string | null;
}

const view = (item: ChatSettingsItem | undefined): ChatSettingsView =>
  item
    ? { blockedTerms: item.blockedTerms, slowModeSeconds: item.slowModeSeconds, maskContacts: item.maskContacts, updatedAt: item.updatedAt }
    : { ...DEFAULT_CHAT_SETTINGS, blockedTerms: [], updatedAt: null };

export async function readChatSettings(sellerId: string): Promise<ChatSettingsView> {
  return view(await getSettings(sellerId));
}

/** A full replacement; a fresh version tells every review instance to compile the new terms once. */
export async function replaceChatSettings(sellerId: string, settings: ChatSettings, now: Date): Promise<ChatSettingsView> {
  const item: ChatSettingsItem = {
    sellerId,
    blockedTerms: tidyBlockedTerms(settings.blockedTerms),
    slowModeSeconds: settings.slowModeSeconds,
    maskContacts: settings.maskContacts,
    version: randomUUID(),
    updatedAt: now.toISOString(),
  };
  await putSettings(item);
  return view(item);
}
