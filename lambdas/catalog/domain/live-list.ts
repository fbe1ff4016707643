import { findCounty } from '../../core/counties';
import type { LiveStatusItem, PinItem } from '../model';
import { pinIsActive } from './pins';

/** One entry of GET /v1/live; the pin shows only while its window is open. */
export function liveSellerView(status: LiveStatusItem, pin: PinItem | undefined, now: Date) {
  const countyCode = status.countyCode ?? '';
  return {
    sellerId: status.sellerId ?? '',
    displayName: status.displayName ?? '',
    countyCode,
    countyName: findCounty(countyCode)?.countyName ?? null,
    playbackUrl: status.playbackUrl ?? '',
    startedAt: status.startedAt ?? status.updatedAt,
    ...(pin && pinIsActive(pin, now)
      ? {
          pinnedProduct: {
            pinId: pin.pinId,
            productId: pin.productId,
            title: pin.productTitle ?? '',
            flashPriceFen: pin.flashPriceFen,
            endsAt: pin.endsAt,
          },
        }
      : {}),
  };
}
