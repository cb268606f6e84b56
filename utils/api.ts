// Typed client of the background's message API, for the content script, popup and options.
import { browser } from 'wxt/browser';
import type { Ok, Request, RequestType, Response } from './messages';

export async function request<T extends RequestType>(req: Request<T>): Promise<Ok<T>> {
  let res: Response<T> | undefined;
  try {
    res = (await browser.runtime.sendMessage(req)) as Response<T> | undefined;
  } catch (e) {
    // Chrome's wording when the service worker was stopped (or crashed) before it answered.
    if (/message channel closed|message port closed|Could not establish connection/i.test((e as Error)?.message ?? '')) {
      // An import is one transaction: cut off, it wrote nothing. Any other request may have been done just before.
      throw new Error(
        req.type === 'importText' || req.type === 'importLibrary'
          ? 'PaperLens stopped before it answered, so this was not done (an import is written all at once or not at all). Please try again.'
          : 'PaperLens stopped before it answered, so this may not have been done. Please try again.',
      );
    }
    throw e;
  }
  if (!res) throw new Error('PaperLens did not answer (its background is not running)');
  if (!res.ok) throw new Error(res.error);
  return res;
}
