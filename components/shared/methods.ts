/** The `methods` attribute of the elements: which ways of sending a code to offer. */
import type { DeliveryMethod } from '../../src/types.js';

/** `"sms voice"` or `"sms,voice"` to a list; empty or unknown words give both. */
export const methodList = {
  fromAttribute: (value: string | null): DeliveryMethod[] => {
    const list = (value ?? '').split(/[\s,]+/).filter((m): m is DeliveryMethod => m === 'sms' || m === 'voice');
    return list.length ? [...new Set(list)] : ['sms', 'voice'];
  },
};
